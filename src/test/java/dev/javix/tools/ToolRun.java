package dev.javix.tools;

import dev.javix.kernel.ExecException;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.testing.GuestRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one of the image's tools (or a guest program) in a given working directory, the two
 * ways ToolsTest compares: inside a javix kernel booted on the built image, with the directory
 * mounted writable at its host path; and under qemu-riscv64 as a host process in that
 * directory. Exit codes follow the shell (128 + N for death by signal N).
 */
final class ToolRun {
    /** The environment of both runs, exactly; TZ so that times print alike whatever the host's zone. */
    static final List<String> ENV = List.of("HOME=/root", "PATH=/bin:/usr/bin", "LANG=C", "TZ=UTC");

    private ToolRun() {}

    /** The host path of /bin/NAME in the built image. */
    static Path tool(String name) {
        return GuestRun.image().resolve("bin").resolve(name);
    }

    /** Runs guestPath (a path inside the guest: /bin/ls, or a mounted host path) with cwd dir. */
    static GuestRun.Result javix(Path dir, String guestPath, List<String> args, byte[] stdin, KernelConfig base)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<KernelConfig.Mount> mounts = new ArrayList<>(List.of(new KernelConfig.Mount(dir.toString(), dir, true)));
        Path programs = GuestRun.target().resolve("guest/programs");
        if (!dir.startsWith(programs)) mounts.add(new KernelConfig.Mount(programs.toString(), programs, false));
        KernelConfig config = base.withMounts(mounts).withStreams(new ByteArrayInputStream(stdin), out, err);
        List<String> argv = new ArrayList<>();
        argv.add(guestPath);
        argv.addAll(args);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (Kernel k = new Kernel(config)) {
            Future<Integer> f = ex.submit(() -> k.run(guestPath, argv, ENV, dir.toString()));
            int status;
            try {
                status = f.get(GuestRun.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new AssertionError("javix run of " + argv + " timed out; stdout so far:\n" + out);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ExecException ee) {
                    return new GuestRun.Result(out.toString(StandardCharsets.UTF_8), ee.getMessage(), 126);
                }
                throw e;
            }
            int sig = status & 0x7f;
            int code = sig == 0 ? (status >> 8) & 0xff : 128 + sig;
            return new GuestRun.Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
        } finally {
            ex.shutdownNow();
        }
    }

    static GuestRun.Result javix(Path dir, String guestPath, List<String> args) throws Exception {
        return javix(dir, guestPath, args, new byte[0], KernelConfig.defaults(GuestRun.image()).withCpus(2));
    }

    /** Runs the host file program under qemu-riscv64 in dir. */
    static GuestRun.Result qemu(Path dir, Path program, List<String> args, byte[] stdin) throws Exception {
        return GuestRun.qemu(dir, program, args, stdin, ENV);
    }
}
