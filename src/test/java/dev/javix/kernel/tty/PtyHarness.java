package dev.javix.kernel.tty;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.Shutdown;
import java.nio.file.Path;
import java.util.List;

/**
 * What the command line does around a kernel on a host terminal ({@link HostTerminal}: raw
 * mode, size, SIGWINCH, restoration), as a main class that {@link PtySessionTest} runs inside a
 * tmux pane: {@code PtyHarness IMAGE run GUEST_PATH [ARGS]}, {@code PtyHarness IMAGE host
 * HOST_PATH [ARGS]} (its directory mounted as javix run does) or {@code PtyHarness IMAGE boot}.
 * It prints "[harness ready, raw true, pid N]" once the terminal is raw and "[harness exit N]" at
 * the end, after the terminal was restored.
 */
public final class PtyHarness {
    private PtyHarness() {}

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        List<String> env = List.of("PATH=/bin:/sbin", "HOME=/", "TERM=xterm");
        HostTerminal host = HostTerminal.attach();
        int code;
        try {
            KernelConfig config = KernelConfig.defaults(image).withCpus(2).withTerminal(host != null);
            if (args[1].equals("host")) {
                // a host program: its directory mounted at the same path, as javix run does
                Path d = Path.of(args[2]).getParent();
                config = config.withMounts(List.of(new KernelConfig.Mount(d.toString(), d, false)));
            }
            try (Kernel k = new Kernel(config)) {
                if (host != null) host.connect(k);
                System.out.print("[harness ready, raw " + (host != null) + ", pid " + ProcessHandle.current().pid() + "]\r\n");
                System.out.flush();
                if (args[1].equals("run") || args[1].equals("host")) {
                    List<String> argv = List.of(args).subList(2, args.length);
                    int status = k.run(args[2], argv, env, "/");
                    code = (status & 0x7f) != 0 ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
                } else {
                    Shutdown end = k.boot("/sbin/init", List.of("/sbin/init"), env);
                    code = end.kind() == Shutdown.Kind.POWER_OFF || end.kind() == Shutdown.Kind.HALT ? 0 : 70;
                }
            }
        } finally {
            if (host != null) host.close();
        }
        System.out.println("[harness exit " + code + "]");
        System.exit(code);
    }
}
