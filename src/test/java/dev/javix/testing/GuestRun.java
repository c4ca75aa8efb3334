package dev.javix.testing;

import dev.javix.kernel.ExecException;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a guest program the two ways the differential suite compares: inside a javix kernel in
 * this JVM, and under qemu-riscv64 as a host process. Both report stdout, stderr and an exit
 * code in the shell's convention (128 + N for death by signal N).
 */
public final class GuestRun {
    /** What a run produced. */
    public record Result(String stdout, String stderr, int exitCode) {}

    public static final long TIMEOUT_SECONDS = 120;

    private GuestRun() {}

    /** The build's target directory (set by Surefire), where guest programs are built. */
    public static Path target() {
        return Path.of(System.getProperty("javix.target", "target")).toAbsolutePath();
    }

    public static Path image() {
        return target().resolve("image");
    }

    /** Runs program (a host path) in a fresh kernel. */
    public static Result javix(Path program, List<String> args, byte[] stdin, List<String> env, boolean trace)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream traceOut = trace ? new PrintStream(err, true, StandardCharsets.UTF_8) : null;
        Path dir = program.toAbsolutePath().getParent();
        KernelConfig config = KernelConfig.defaults(image())
                .withMounts(List.of(new KernelConfig.Mount(dir.toString(), dir, true)))
                .withStreams(new ByteArrayInputStream(stdin), out, err).withCpus(2).withTrace(traceOut);
        List<String> argv = new ArrayList<>();
        argv.add(program.toAbsolutePath().toString());
        argv.addAll(args);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (Kernel k = new Kernel(config)) {
            Future<Integer> f = ex.submit(() -> k.run(program.toAbsolutePath().toString(), argv, env, dir.toString()));
            int status;
            try {
                status = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new AssertionError("javix run of " + program.getFileName() + " timed out; stdout so far:\n" + out);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof ExecException ee) {
                    return new Result(out.toString(StandardCharsets.UTF_8), ee.getMessage(), 126);
                }
                throw e;
            }
            int sig = status & 0x7f;
            int code = sig == 0 ? (status >> 8) & 0xff : 128 + sig;
            return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
        } finally {
            ex.shutdownNow();
        }
    }

    /** Runs program under qemu-riscv64 with exactly the given environment, in its own directory. */
    public static Result qemu(Path program, List<String> args, byte[] stdin, List<String> env) throws Exception {
        return qemu(program.toAbsolutePath().getParent(), program, args, stdin, env);
    }

    /** Runs program under qemu-riscv64 in dir, with exactly the given environment. */
    public static Result qemu(Path dir, Path program, List<String> args, byte[] stdin, List<String> env)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("qemu-riscv64");
        cmd.add(program.toAbsolutePath().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        for (String kv : env) {
            int eq = kv.indexOf('=');
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Path errFile = Files.createTempFile("qemu-err", ".txt");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // the program may exit without reading its input
            }
        });
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            out = o.readAllBytes();
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("qemu-riscv64 run of " + program.getFileName() + " timed out");
        }
        feeder.join();
        String err = Files.readString(errFile);
        Files.delete(errFile);
        return new Result(new String(out, StandardCharsets.UTF_8), err, p.exitValue());
    }

    /** True if qemu-riscv64 is on the PATH. */
    public static boolean qemuAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "qemu-riscv64"))) return true;
        }
        return false;
    }
}
