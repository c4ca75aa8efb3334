package dev.javix.cli;

import dev.javix.abi.Signal;
import dev.javix.elf.ElfException;
import dev.javix.elf.ElfFile;
import dev.javix.kernel.ExecException;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.tty.HostTerminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code javix run PROGRAM [ARGS...]}: runs a host RISC-V 64 ELF file as a guest process. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a statically linked RISC-V 64 Linux program (a host file) inside javix.", "",
            "The program's standard streams are javix's. The guest sees the root image as / (read-only),",
            "a writable in-memory /tmp, /dev, and the program's own host directory at the same path,",
            "which is also its working directory, so it finds its data files by relative path.", "",
            "Exit status: the program's; 128+N if signal N killed it (after a line such as",
            "'Segmentation fault' on stderr); 126 if the file cannot be executed; 127 if it does not exist."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--trace", description = "Print one strace-style line per system call on stderr.")
    boolean trace;

    @Option(names = "--root", paramLabel = "DIR", description = "Host directory to mount read-only as the guest's / "
            + "(default: the built-in image).")
    Path root;

    @Option(names = "--cpus", paramLabel = "N", description = "Virtual CPUs (default: host cores, ${DEFAULT-VALUE}).")
    int cpus = Runtime.getRuntime().availableProcessors();

    @Option(names = "--memory", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Guest memory limit, e.g. 512m or 2g (default: 1g).")
    long memory = KernelConfig.DEFAULT_MEMORY;

    @Option(names = "--deterministic", description = "One virtual CPU, virtual time (sleeps take no wall time) and "
            + "seeded preemption: the same program and seed give byte-identical runs, races included.")
    boolean deterministic;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of a --deterministic run: other seeds explore other "
            + "interleavings (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--user", paramLabel = "UID[:GID]", description = "Run the program as this user and group "
            + "(default 0:0, root). Permissions are checked against it as Linux would.")
    String user;

    @Option(names = "--wait-all", description = "After the program exits, wait until every process it started has "
            + "exited too (by default they are killed, like a container's).")
    boolean waitAll;

    @Option(names = "--net", paramLabel = "MODE", converter = NetConverter.class, description = "What the program's "
            + "AF_INET/AF_INET6 sockets may reach: loopback (default: bind and connect only on the host's loopback; "
            + "a bind to the wildcard address binds 127.0.0.1 or ::1), host (any host address), none (no IP: "
            + "socket(AF_INET) fails with EAFNOSUPPORT).")
    KernelConfig.NetMode net = KernelConfig.NetMode.LOOPBACK;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "Set an environment variable for the program "
            + "(repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = "--clear-env", description = "Start the program with an empty environment instead of javix's own.")
    boolean clearEnv;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The RISC-V 64 ELF executable (a host path).")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments passed to the program.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (cpus < 1 || cpus > 256) throw new CommandLine.ParameterException(spec.commandLine(),
                "--cpus must be between 1 and 256, not " + cpus);
        if (memory < (16L << 20)) throw new CommandLine.ParameterException(spec.commandLine(),
                "--memory must be at least 16m");
        int[] ids = user == null ? null : parseUser(user);
        Path rootDir = root != null ? root : Launcher.defaultImage();
        if (rootDir == null || !Files.isDirectory(rootDir)) {
            err.println("javix: root directory " + (rootDir == null ? "(built-in image)" : rootDir)
                    + " does not exist; build with ./javix or pass --root DIR");
            return 126;
        }
        Path exe = Path.of(program).toAbsolutePath().normalize();
        String problem = checkExecutable(exe);
        if (problem != null) {
            err.println("javix: " + program + ": " + problem);
            return Files.exists(exe) ? 126 : 127;
        }
        Path dir = exe.getParent();
        List<KernelConfig.Mount> mounts = List.of(new KernelConfig.Mount(dir.toString(), dir, true));
        KernelConfig config = KernelConfig.defaults(rootDir.toAbsolutePath()).withMounts(mounts).withCpus(cpus)
                .withMemory(memory).withTrace(trace ? System.err : null).withNet(net);
        if (deterministic) config = config.withDeterminism(seed);
        if (ids != null) config = config.withUser(ids[0], ids[1]);
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(args);
        // On a host terminal: raw mode, so keys reach the guest's line discipline, which echoes,
        // edits and turns ^C into SIGINT for the program (restored on every exit path).
        HostTerminal host = HostTerminal.attach();
        config = config.withTerminal(host != null);
        try (host; Kernel kernel = new Kernel(config)) {
            if (host != null) host.connect(kernel);
            int status = kernel.run(exe.toString(), argv, environment(), dir.toString());
            if (waitAll) kernel.awaitAllExited();
            return exitCode(status, err);
        } catch (ExecException e) {
            err.println("javix: " + program + ": " + e.getMessage());
            return 126;
        }
    }

    /** "UID" or "UID:GID", numbers 0–65535 (the group defaults to the user's number). */
    private int[] parseUser(String s) {
        String[] parts = s.split(":", -1);
        try {
            if (parts.length > 2) throw new NumberFormatException();
            int uid = Integer.parseInt(parts[0]);
            int gid = parts.length == 2 ? Integer.parseInt(parts[1]) : uid;
            if (uid < 0 || gid < 0 || uid > 65535 || gid > 65535) throw new NumberFormatException();
            return new int[] {uid, gid};
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--user needs UID or UID:GID (numbers 0-65535), not '" + s + "'");
        }
    }

    /** Maps a wait status to javix's exit code, printing the shell's line for a fatal signal. */
    static int exitCode(int status, PrintWriter err) {
        int sig = status & 0x7f;
        if (sig == 0) return (status >> 8) & 0xff;
        err.println(Signal.description(sig) + ((status & 0x80) != 0 ? " (core dumped)" : ""));
        return 128 + sig;
    }

    private List<String> environment() {
        List<String> out = new ArrayList<>();
        if (!clearEnv) {
            for (Map.Entry<String, String> e : System.getenv().entrySet()) out.add(e.getKey() + "=" + e.getValue());
            // The launcher ran the JVM under LC_ALL=C.UTF-8 to read arguments correctly; undo that.
            String hostLcAll = System.getProperty("javix.hostLcAll");
            if (hostLcAll != null) {
                out.removeIf(s -> s.startsWith("LC_ALL="));
                if (!hostLcAll.equals("(unset)")) out.add("LC_ALL=" + hostLcAll);
            }
        }
        for (String kv : env) {
            if (!kv.contains("=")) throw new CommandLine.ParameterException(spec.commandLine(),
                    "--env needs NAME=VALUE, not '" + kv + "'");
            String name = kv.substring(0, kv.indexOf('=') + 1);
            out.removeIf(s -> s.startsWith(name));
            out.add(kv);
        }
        return out;
    }

    /** Null if exe looks runnable; otherwise a one-line reason. */
    static String checkExecutable(Path exe) {
        if (!Files.exists(exe)) return "No such file or directory";
        if (Files.isDirectory(exe)) return "Is a directory";
        if (!Files.isReadable(exe)) return "Permission denied";
        try {
            ElfFile.parse(Files.readAllBytes(exe));
            return null;
        } catch (ElfException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot read: " + e.getMessage();
        }
    }

    /** Parses sizes such as 4096, 512k, 64m, 2g. */
    /** --net: loopback, host or none (any case). */
    static final class NetConverter implements CommandLine.ITypeConverter<KernelConfig.NetMode> {
        @Override
        public KernelConfig.NetMode convert(String value) {
            for (KernelConfig.NetMode m : KernelConfig.NetMode.values()) {
                if (m.name().equalsIgnoreCase(value)) return m;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not one of loopback, host, none");
        }
    }

    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String s) {
            String t = s.trim().toLowerCase(java.util.Locale.ROOT);
            long mul = 1;
            if (t.endsWith("k")) mul = 1L << 10;
            else if (t.endsWith("m")) mul = 1L << 20;
            else if (t.endsWith("g")) mul = 1L << 30;
            if (mul != 1) t = t.substring(0, t.length() - 1);
            try {
                long v = Long.parseLong(t);
                if (v <= 0 || v > Long.MAX_VALUE / mul) throw new NumberFormatException();
                return v * mul;
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + s + "' is not a size (try 512m or 2g)");
            }
        }
    }
}
