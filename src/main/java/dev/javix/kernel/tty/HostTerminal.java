package dev.javix.kernel.tty;

import dev.javix.kernel.Kernel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * javix's own terminal on the host, when its stdin and stdout are one: put in raw mode so that
 * every key reaches the guest's line discipline unchanged (the guest echoes, edits and turns
 * ^C into SIGINT, not the host), its size given to the console ({@code TIOCGWINSZ}) and its
 * SIGWINCH forwarded, its IUTF8 flag copied to the console, and its settings restored on every way out — {@link #close()}, and a
 * shutdown hook for System.exit, SIGTERM/SIGINT/SIGHUP to the JVM, and uncaught exceptions.
 * Only SIGKILL leaves the terminal raw (`stty sane` repairs it).
 *
 * <p>The settings are changed with stty(1) run on /dev/tty (stty -g saves them exactly).
 * JLine was the first choice, but JLine 4's system terminal takes one to two seconds to build
 * here (it probes the terminal with escape sequences and waits for answers), against a budget
 * of one second to the first prompt; three short stty runs cost a few milliseconds each.
 *
 * <p>Use from the command line: {@code HostTerminal host = HostTerminal.attach();} before the
 * kernel is made, {@code config.withTerminal(host != null)}, {@code host.connect(kernel)}
 * once it exists, and {@code host.close()} when the run ends.
 */
public final class HostTerminal implements AutoCloseable {
    private static final File TTY = new File("/dev/tty");

    private final String saved;
    private final Thread restoreHook;
    private volatile boolean restored;
    private volatile Kernel kernel;
    private Object previousWinch;

    private HostTerminal(String saved) {
        this.saved = saved;
        this.restoreHook = new Thread(this::restore, "javix-tty-restore");
    }

    /** Whether javix's stdin and stdout are a terminal (isatty on both, as Console.isTerminal tells). */
    public static boolean interactive() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    /**
     * Puts the host terminal in raw mode (cfmakeraw: no echo, no canonical input, no signals
     * from keys, no output processing; VMIN 1, VTIME 0) and arranges its restoration. Returns
     * null when stdin or stdout is not a terminal, or stty is not available.
     */
    public static HostTerminal attach() {
        if (!interactive()) return null;
        String saved = stty("-g");
        if (saved == null || saved.isBlank()) return null;
        HostTerminal h = new HostTerminal(saved.strip());
        Runtime.getRuntime().addShutdownHook(h.restoreHook);
        if (stty("raw", "-echo", "-icanon", "-isig", "-iexten", "-opost", "min", "1", "time", "0") == null) {
            h.close();
            return null;
        }
        return h;
    }

    /** Gives the kernel's console the host window size and forwards the host's SIGWINCH to it. */
    public void connect(Kernel k) {
        kernel = k;
        if (hostUtf8()) Tty.console(k).setInputFlag(Termios.IUTF8, true);
        updateSize();
        try {
            previousWinch = sun.misc.Signal.handle(new sun.misc.Signal("WINCH"),
                    s -> Thread.ofPlatform().daemon().name("javix-winch").start(this::updateSize));
        } catch (IllegalArgumentException e) {
            // no SIGWINCH on this host: the size stays what it was at start
        }
    }

    /**
     * Whether the host terminal had IUTF8 (a UTF-8 terminal: erase takes whole characters), so
     * that the console starts the same. GNU stty -g begins with c_iflag in hex.
     */
    private boolean hostUtf8() {
        try {
            int iflag = Integer.parseInt(saved.substring(0, saved.indexOf(':')), 16);
            return (iflag & Termios.IUTF8) != 0;
        } catch (RuntimeException e) {
            return false; // another stty's format
        }
    }

    private void updateSize() {
        Kernel k = kernel;
        int[] rc = size();
        if (k != null && rc != null) Tty.console(k).resize(rc[0], rc[1], 0, 0);
    }

    /** The host terminal's rows and columns ({@code stty size}), or null if unknown. */
    public static int[] size() {
        String s = stty("size");
        if (s == null) return null;
        String[] parts = s.strip().split("\\s+");
        if (parts.length != 2) return null;
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Restores the host terminal's settings (once; later calls do nothing). */
    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) anyway
        }
        if (previousWinch instanceof sun.misc.SignalHandler h) {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), h);
        }
    }

    private synchronized void restore() {
        if (restored) return;
        restored = true;
        stty(saved);
    }

    /** Runs stty with /dev/tty as its stdin; returns its output, or null if it failed. */
    private static String stty(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
