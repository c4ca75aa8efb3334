package dev.javix.cli;

import dev.javix.abi.Signal;
import dev.javix.kernel.ExecException;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.Shutdown;
import dev.javix.kernel.tty.HostTerminal;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code javix [boot] [--root DIR]}: boots a root image — the kernel runs its /sbin/init as
 * pid 1, init starts getty on the console, getty the login shell (docs/ARCHITECTURE.md, "Boot").
 *
 * <p>Exit status: 0 after a clean shutdown from inside (exit or Ctrl-D in the login shell,
 * poweroff, reboot(2)); 128+N after a shutdown requested by host signal N (SIGTERM 143, SIGINT
 * 130), graceful or not; 70 if init died (Linux panics then) or the kernel failed; 1 if the
 * image cannot be booted.
 */
@Command(name = "boot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Boot the root image to a shell (what plain 'javix' does).", "",
            "The kernel runs /sbin/init as pid 1, init starts getty on the console and",
            "getty the login shell. 'exit', Ctrl-D or 'poweroff' in that shell shuts the",
            "system down.", "",
            "Exit status: 0 after a shutdown from inside; 128+N when host signal N asked",
            "for one (SIGTERM 143, SIGINT 130: init gets SIGTERM and stops every process;",
            "after 5 s the kernel SIGTERMs, then SIGKILLs what is left); 70 if init died;",
            "1 if the image cannot be booted."})
final class BootCommand implements Callable<Integer> {
    /** How long init may take over a host-requested shutdown, then how long processes get after the kernel's SIGTERM. */
    static final long INIT_GRACE_MILLIS = 5000, KILL_GRACE_MILLIS = 2000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", description = "Host directory holding the image to boot "
            + "(read-only as /; it must contain sbin/init). Default: the built-in image.")
    Path root;

    @Option(names = "--init", paramLabel = "PATH", description = "The guest program to run as pid 1 "
            + "(default: ${DEFAULT-VALUE}).")
    String init = "/sbin/init";

    @Option(names = "--cpus", paramLabel = "N", description = "Virtual CPUs (default: host cores, ${DEFAULT-VALUE}).")
    int cpus = Runtime.getRuntime().availableProcessors();

    @Option(names = "--memory", paramLabel = "SIZE", converter = RunCommand.SizeConverter.class,
            description = "Guest memory limit, e.g. 512m or 2g (default: 1g).")
    long memory = KernelConfig.DEFAULT_MEMORY;

    @Option(names = "--trace", description = "Print one strace-style line per system call on stderr.")
    boolean trace;

    @Override
    public Integer call() {
        if (cpus < 1 || cpus > 256) throw new CommandLine.ParameterException(spec.commandLine(),
                "--cpus must be between 1 and 256, not " + cpus);
        if (memory < (16L << 20)) throw new CommandLine.ParameterException(spec.commandLine(),
                "--memory must be at least 16m");
        return boot(spec.commandLine().getErr(), c -> c, true);
    }

    /** {@code javix [--root DIR]} without the option parser (Main's fast path): the defaults otherwise. */
    static int boot(PrintWriter err, Path root) {
        BootCommand b = new BootCommand();
        b.root = root;
        return b.boot(err, c -> c, true);
    }

    /**
     * Boots and returns javix's exit status.
     *
     * @param err           where javix's own messages go
     * @param customize     a last change to the kernel's configuration (tests set the console streams)
     * @param hostSignals   the CLI: catch SIGTERM and SIGINT of this JVM for a graceful shutdown, and
     *                      put the host terminal (if stdin and stdout are one) in raw mode
     */
    int boot(PrintWriter err, java.util.function.UnaryOperator<KernelConfig> customize, boolean hostSignals) {
        Path rootDir = root != null ? root.toAbsolutePath().normalize() : Launcher.defaultImage();
        String problem = bootable(rootDir, init);
        if (problem != null) {
            err.println("javix: " + problem);
            return 1;
        }
        // On a host terminal: raw mode, so that keys reach the guest's line discipline (restored on every exit).
        HostTerminal host = hostSignals ? HostTerminal.attach() : null;
        KernelConfig config = KernelConfig.defaults(rootDir).withCpus(cpus).withMemory(memory)
                .withTrace(trace ? System.err : null).withTerminal(host != null);
        // The console's reader thread sits in read(2) on javix's stdin; the JVM's exit waits up
        // to 300 ms for a thread in native code. Read through a FileChannel, whose close (last,
        // after the kernel's) wakes that read, so javix ends as soon as the system is down.
        FileChannel stdin = hostSignals ? new FileInputStream(FileDescriptor.in).getChannel() : null;
        if (stdin != null) config = config.withStreams(Channels.newInputStream(stdin), config.stdout(), config.stderr());
        config = customize.apply(config);
        AtomicInteger hostSignal = new AtomicInteger();
        try (stdin; host; Kernel kernel = new Kernel(config)) {
            if (host != null) host.connect(kernel);
            List<Object> handlers = hostSignals ? catchHostSignals(kernel, hostSignal) : List.of();
            Shutdown end;
            try {
                end = kernel.boot(init, List.of(init), initEnvironment());
            } finally {
                if (!handlers.isEmpty()) HostSignals.restore(handlers);
            }
            int sig = hostSignal.get();
            return switch (end.kind()) {
                case POWER_OFF, HALT, RESTART, FORCED -> sig != 0 ? 128 + sig : 0;
                case INIT_EXITED -> {
                    err.println("javix: init exited (" + describe(end.status()) + "): the system cannot run without it");
                    yield 70;
                }
                case PANIC -> 70;
            };
        } catch (ExecException e) {
            err.println("javix: " + init + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            return 0; // closing stdin's channel failed: nothing to do about it at the end
        }
    }

    /** Null if rootDir can be booted with initPath; else a one-line reason. */
    static String bootable(Path rootDir, String initPath) {
        if (rootDir == null) return "the built-in image (target/image) is not built; run ./javix to build it, or pass --root DIR";
        if (!Files.isDirectory(rootDir)) return "--root " + rootDir + ": not a directory";
        if (!initPath.startsWith("/")) return "--init " + initPath + ": needs an absolute guest path such as /sbin/init";
        Path initFile = rootDir.resolve(initPath.substring(1));
        if (!Files.exists(initFile)) {
            return rootDir + " cannot be booted: it has no " + initPath.substring(1) + (initPath.equals("/sbin/init")
                    ? " (an image needs sbin/init; 'javix run PROGRAM' runs a single program)" : "");
        }
        String why = RunCommand.checkExecutable(initFile);
        return why == null ? null : rootDir + " cannot be booted: " + initPath.substring(1) + ": " + why;
    }

    /** Linux hands init a small environment (HOME=/, TERM=linux); javix passes the host's TERM. */
    private static List<String> initEnvironment() {
        List<String> env = new ArrayList<>();
        env.add("HOME=/");
        env.add("PATH=/sbin:/bin:/usr/sbin:/usr/bin");
        String term = System.getenv("TERM");
        env.add("TERM=" + (term == null || term.isEmpty() ? "vt100" : term));
        String lang = System.getProperty("javix.hostLcAll");
        if (lang != null && !lang.equals("(unset)")) env.add("LC_ALL=" + lang);
        return env;
    }

    private static String describe(int waitStatus) {
        int sig = waitStatus & 0x7f;
        return sig == 0 ? "status " + ((waitStatus >> 8) & 0xff) : "killed by " + Signal.name(sig);
    }

    /** SIGTERM and SIGINT of the JVM ask the kernel for a graceful shutdown; the first one is remembered. */
    private static List<Object> catchHostSignals(Kernel kernel, AtomicInteger hostSignal) {
        return HostSignals.install(List.of(Signal.SIGTERM, Signal.SIGINT), sig -> {
            if (hostSignal.compareAndSet(0, sig)) kernel.requestShutdown(sig, INIT_GRACE_MILLIS, KILL_GRACE_MILLIS);
        });
    }
}
