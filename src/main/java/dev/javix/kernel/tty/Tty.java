package dev.javix.kernel.tty;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.fs.HostInput;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.Syscall;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminal (Linux's struct tty_struct): a line discipline between a host input stream and a
 * host output stream, the settings, the window size, and the job-control state — the session
 * it is the controlling terminal of and that session's foreground process group.
 *
 * <p>Input arrives from the host ({@link HostInput}, a reader thread) through {@link #receive},
 * which runs the line discipline on it at once — echo, ^C → SIGINT — whether or not anyone
 * reads, and wakes every open description's wait queue. The host input is connected at the
 * terminal's first read or poll ({@link #connectInput}; at once in terminal mode). Reads and writes come from guest tasks
 * through {@link TtyFile}; a read that must wait registers on its description's queue and
 * returns {@code Syscall.BLOCK} (design decisions 2 and 3).
 *
 * <p>Locking: the fields under "guarded by this" need the terminal's lock. {@link #outputLock}
 * serialises host writes (program output and echo) and is taken before the terminal's lock,
 * never after. Signals are sent and wait queues woken only after the terminal's lock is
 * released. Order: HostInput → outputLock → Tty → Process.
 */
public final class Tty implements HostInput.Sink {
    /** A VTIME unit: tenths of a second. */
    private static final long DECISECOND = 100_000_000L;

    private final Kernel kernel;
    private final String name;
    private final long rdev;
    private final HostInput input;
    private final OutputStream output;
    private final Object outputLock = new Object();

    // ---- guarded by this
    private final Termios termios;
    private final LineDiscipline ld;
    private final LineDiscipline.Effects effects = new LineDiscipline.Effects();
    private final ByteBuf processed = new ByteBuf();
    private int rows, cols, xpixel, ypixel;
    /** The session this is the controlling terminal of (0: none) and its foreground process group (0: none). */
    private int session, pgrp;
    /** When the last input byte arrived (VTIME's inter-byte timer). */
    private long lastInputNanos;
    /** Every open description of this terminal: input wakes each one's wait queue. */
    private final List<OpenFile> open = new ArrayList<>();
    private boolean inputAttached;

    /**
     * @param input  the host input, or null for a terminal nobody types on (tests feed
     *               {@link #receive} directly)
     * @param output where the terminal's output goes on the host
     * @param raw    the host side is a terminal in raw mode (Linux's defaults: echo, ONLCR); else
     *               a pipe or file ({@link Termios#pipeDefault()})
     */
    public Tty(Kernel kernel, String name, long rdev, HostInput input, OutputStream output, boolean raw) {
        this.kernel = kernel;
        this.name = name;
        this.rdev = rdev;
        this.input = input;
        this.output = output;
        this.termios = raw ? Termios.linuxDefault() : Termios.pipeDefault();
        this.ld = new LineDiscipline(termios);
    }

    /** The kernel's console: the terminal behind /dev/console, /dev/tty and, in terminal mode, fds 0–2. */
    public static Tty console(Kernel k) {
        return ((dev.javix.kernel.fs.ConsoleFile) k.vfs().console(0)).terminal(k);
    }

    public String name() {
        return name;
    }

    public long rdev() {
        return rdev;
    }

    Kernel kernel() {
        return kernel;
    }

    /** Opens a description of this terminal (open(2) of its device, or the console's fds). */
    public TtyFile open(int flags, String path, TtyFile.Stat stat) {
        TtyFile f = new TtyFile(this, flags, path, stat);
        register(f);
        return f;
    }

    /**
     * f reads or writes this terminal (a {@link TtyFile}, or the console's fds in terminal
     * mode): its wait queue is woken on input.
     */
    public void register(OpenFile f) {
        synchronized (this) {
            if (!open.contains(f)) open.add(f);
        }
    }

    /**
     * Connects the host input to the line discipline, from then on for good. Done by the
     * first read or poll of the terminal, or at once in terminal mode ({@link #connectInput}
     * from the console's setup): a program that only opens /dev/tty to write to it or ask its
     * settings does not take the host input away from a console fd 0 that is a plain pipe.
     * Called without this terminal's lock (the host input's lock comes first).
     */
    public void connectInput() {
        boolean attach;
        synchronized (this) {
            attach = !inputAttached && input != null;
            inputAttached = true;
        }
        if (attach) input.attach(this);
    }

    /** f was closed for the last time. */
    public synchronized void closed(OpenFile f) {
        open.remove(f);
    }

    // ------------------------------------------------------------------ sessions

    /** The session this terminal controls, 0 if none. A session whose leader is gone has lost it. */
    public synchronized int session() {
        if (session != 0 && kernel != null) {
            Process leader = kernel.process(session);
            if (leader == null || leader.status() != Process.Status.RUNNING) {
                session = 0;
                pgrp = 0;
            }
        }
        return session;
    }

    /** The foreground process group, 0 if none (TIOCGPGRP; ps(1)'s '+'). */
    public synchronized int foregroundPgrp() {
        return session() == 0 ? 0 : pgrp;
    }

    /** Whether this terminal is the controlling terminal of session sid. */
    public boolean controlsSession(int sid) {
        return sid != 0 && session() == sid;
    }

    /** Whether this is p's controlling terminal (Linux: current->signal->tty == tty). */
    public boolean isControllingTerminalOf(Process p) {
        return p.hasControllingTty() && controlsSession(p.sid());
    }

    /**
     * Makes this the controlling terminal of p's session with p's group in the foreground
     * (proc_set_tty), if no live session has it. Returns false if another session holds it.
     */
    public synchronized boolean associate(Process p) {
        int s = session();
        if (s != 0 && s != p.sid()) return false;
        session = p.sid();
        pgrp = p.pgid();
        return true;
    }

    /** The terminal no longer controls any session (TIOCNOTTY by the leader). */
    synchronized void dissociate() {
        session = 0;
        pgrp = 0;
    }

    /**
     * Process p has exited. If it was the controlling process (the leader of the session this
     * terminal controls), the foreground group gets SIGHUP and SIGCONT and the session loses
     * the terminal (exit(3); Linux's disassociate_ctty, whose hangup of a non-pty terminal also
     * continues the group). Then orphaned groups with stopped members are hung up
     * ({@link JobControl#hangUpOrphanedStoppedGroups}).
     */
    public void processExited(Process p) {
        int fg = 0;
        synchronized (this) {
            if (session != 0 && session == p.pid) {
                fg = pgrp;
                session = 0;
                pgrp = 0;
            }
        }
        if (fg != 0) {
            signalGroup(fg, Signal.SIGHUP);
            signalGroup(fg, Signal.SIGCONT);
        }
        if (kernel != null) JobControl.hangUpOrphanedStoppedGroups(kernel, p);
    }

    synchronized void setForegroundPgrp(int pg) {
        pgrp = pg;
    }

    /**
     * open(2) of a terminal by a session leader without O_NOCTTY that has no controlling
     * terminal, of a terminal no session has, opened for reading: it becomes the session's
     * (tty_open_proc_set_tty). /dev/console is never acquired this way (Linux's tty_open sets
     * noctty for device 5,1): a getty on the console uses TIOCSCTTY.
     */
    public void acquireOnOpen(Process p, int flags, boolean isConsoleDevice) {
        if (isConsoleDevice || (flags & OpenFile.O_NOCTTY) != 0) return;
        if ((flags & OpenFile.O_ACCMODE) == OpenFile.O_WRONLY) return;
        if (p.sid() != p.pid || p.hasControllingTty()) return;
        synchronized (this) {
            if (session() != 0) return;
            session = p.sid();
            pgrp = p.pgid();
        }
        p.setControllingTty(true);
    }

    // ------------------------------------------------------------------ input from the host

    @Override
    public int receive(byte[] b, int off, int len) {
        int taken;
        int fg;
        byte[] echo;
        int[] signals;
        synchronized (this) {
            effects.clear();
            taken = ld.receive(b, off, len, effects);
            if (taken > 0) lastInputNanos = now();
            echo = effects.echo.size() == 0 ? null : effects.echo.takeAll();
            signals = effects.signalCount == 0 ? null : java.util.Arrays.copyOf(effects.signals, effects.signalCount);
            fg = foregroundPgrp();
        }
        if (echo != null) hostWrite(echo);
        if (signals != null && fg != 0) for (int sig : signals) keyboardSignal(fg, sig);
        if (taken > 0 || signals != null) wakeReaders();
        return taken;
    }

    @Override
    public void endOfInput() {
        synchronized (this) {
            ld.hostEof();
        }
        wakeReaders();
    }

    /** The host window changed (the host's SIGWINCH, or TIOCSWINSZ): the foreground group gets SIGWINCH. */
    public void resize(int newRows, int newCols, int newX, int newY) {
        int fg;
        synchronized (this) {
            if (rows == newRows && cols == newCols && xpixel == newX && ypixel == newY) return;
            rows = newRows;
            cols = newCols;
            xpixel = newX;
            ypixel = newY;
            fg = foregroundPgrp();
        }
        if (fg != 0) signalGroup(fg, Signal.SIGWINCH);
    }

    synchronized int[] windowSize() {
        return new int[] {rows, cols, xpixel, ypixel};
    }

    private void wakeReaders() {
        OpenFile[] files;
        synchronized (this) {
            files = open.toArray(new OpenFile[0]);
        }
        for (OpenFile f : files) f.waitQueue().wakeAll();
    }

    // ------------------------------------------------------------------ guest reads and writes

    /** Per-call state of a read waiting for VTIME: when it gives up. */
    private record ReadDeadline(Tty tty, long deadline) {}

    /**
     * read(2) (n_tty_read): job control first (a background group gets SIGTTIN), then a line
     * (ICANON) or bytes by VMIN/VTIME; O_NONBLOCK gives EAGAIN where the read would wait.
     */
    public long read(OpenFile f, Task t, byte[] dst, int off, int len) {
        if (t != null) {
            long jc = JobControl.check(this, t, Signal.SIGTTIN);
            if (jc != 0) return jc;
        }
        connectInput();
        while (true) {
            long r;
            synchronized (this) {
                r = readLocked(f, t, dst, off, len);
            }
            if (r == Syscall.BLOCK && input != null && input.synchronous()) {
                // deterministic run: no reader thread, the CPU fetches input itself
                boolean eofBefore;
                synchronized (this) {
                    eofBefore = ld.atHostEof();
                }
                if (eofBefore) return r;
                input.pullSynchronously();
                continue;
            }
            if (r != Syscall.BLOCK && r > 0 && input != null) input.drain(); // room again: unthrottle
            return r;
        }
    }

    private long readLocked(OpenFile f, Task t, byte[] dst, int off, int len) {
        if (len == 0) return 0;
        if ((termios.lflag & Termios.ICANON) != 0) {
            if (ld.readable()) return ld.read(dst, off, len);
            return await(f, t, 0);
        }
        int min = termios.vmin(), time = termios.vtime();
        int avail = ld.available();
        if (min == 0 && time == 0) return ld.read(dst, off, len);
        if (min > 0) {
            if (avail >= Math.min(min, len)) return ld.read(dst, off, len);
            if (ld.atHostEof()) return ld.read(dst, off, len);
            if (time > 0 && avail > 0) {
                long due = lastInputNanos + time * DECISECOND;
                if (now() >= due) return ld.read(dst, off, len);
                return await(f, t, due);
            }
            return await(f, t, 0);
        }
        // VMIN 0, VTIME > 0: the first byte or the timer, whichever comes first
        if (avail > 0 || ld.atHostEof()) return ld.read(dst, off, len);
        long due;
        if (t != null && t.syscallState instanceof ReadDeadline d && d.tty == this) {
            due = d.deadline;
        } else {
            due = now() + time * DECISECOND;
            if (t != null) t.syscallState = new ReadDeadline(this, due);
        }
        if (now() >= due) return 0;
        return await(f, t, due);
    }

    /** Waits (or EAGAIN under O_NONBLOCK): registers under the terminal's lock, so no input is missed. */
    private long await(OpenFile f, Task t, long deadline) {
        if (ld.atHostEof()) return 0;
        if (f.nonBlocking() || t == null) return -Errno.EAGAIN;
        f.waitQueue().add(t);
        if (deadline != 0 && kernel != null) kernel.timers().at(deadline, t::wake);
        return Syscall.BLOCK;
    }

    /** write(2) (n_tty_write): with TOSTOP a background group gets SIGTTOU; output processing; one host write. */
    public long write(Task t, byte[] src, int off, int len) {
        if (t != null) {
            boolean tostop;
            synchronized (this) {
                tostop = (termios.lflag & Termios.TOSTOP) != 0;
            }
            if (tostop) {
                long jc = JobControl.check(this, t, Signal.SIGTTOU);
                if (jc != 0) return jc;
            }
        }
        synchronized (outputLock) {
            byte[] out;
            synchronized (this) {
                processed.clear();
                ld.write(src, off, len, processed);
                out = processed.takeAll();
            }
            try {
                output.write(out);
                output.flush();
                return len;
            } catch (IOException e) {
                return -Errno.EIO;
            }
        }
    }

    private void hostWrite(byte[] b) {
        synchronized (outputLock) {
            try {
                output.write(b);
                output.flush();
            } catch (IOException e) {
                // the host side is gone; echo is lost, as on a hung-up line
            }
        }
    }

    public int pollMask() {
        connectInput();
        synchronized (this) {
            return pollMaskLocked();
        }
    }

    private int pollMaskLocked() {
        int mask = OpenFile.POLLOUT | OpenFile.POLLWRNORM;
        boolean in;
        if ((termios.lflag & Termios.ICANON) != 0) {
            in = ld.readable();
        } else {
            // input_available_p(tty, poll=1): VMIN bytes when VTIME is 0, else one
            int need = termios.vtime() == 0 && termios.vmin() > 0 ? termios.vmin() : 1;
            in = ld.available() >= need || ld.atHostEof();
        }
        if (in) mask |= OpenFile.POLLIN | OpenFile.POLLRDNORM;
        if (ld.atHostEof() && ld.available() == 0) mask |= OpenFile.POLLHUP;
        return mask;
    }

    // ------------------------------------------------------------------ settings (for TtyIoctls)

    synchronized Termios termios() {
        return termios.copy();
    }

    /** TCSETS and friends: new settings, the input queue flushed first for TCSETSF. */
    void setTermios(Termios t, boolean flushInput) {
        synchronized (this) {
            if (flushInput) ld.flushInput();
            boolean wasCanonical = (termios.lflag & Termios.ICANON) != 0;
            termios.set(t);
            ld.modeChanged(wasCanonical);
        }
        wakeReaders(); // what is readable may have changed (ICANON, VMIN)
        if (input != null) input.drain();
    }

    /** Sets or clears c_iflag bits (the console inherits the host terminal's IUTF8). */
    public synchronized void setInputFlag(int bits, boolean on) {
        termios.iflag = on ? termios.iflag | bits : termios.iflag & ~bits;
    }

    void flushInput() {
        synchronized (this) {
            ld.flushInput();
        }
        if (input != null) input.drain();
    }

    synchronized int inputQueued() {
        return ld.available();
    }

    /**
     * A signal typed at the keyboard (ISIG). SIGTSTP to an orphaned group stops only members
     * that catch it: Linux discards a default-action stop signal other than SIGSTOP for an
     * orphaned process group (get_signal, is_current_pgrp_orphaned), since nobody could
     * continue it — ^Z in `javix run` or at a login shell does not freeze the session.
     */
    private void keyboardSignal(int pg, int sig) {
        if (kernel == null || sig != Signal.SIGTSTP || !JobControl.orphaned(kernel, pg)) {
            signalGroup(pg, sig);
            return;
        }
        for (Process p : kernel.processes()) {
            if (p.pgid() == pg && p.status() == Process.Status.RUNNING
                    && p.signalActions.handler(sig) != dev.javix.kernel.proc.SignalActions.SIG_DFL) {
                kernel.signals().send(p, sig);
            }
        }
    }

    /** Sends sig to every process of group pg in this terminal's session (kill_pgrp). */
    void signalGroup(int pg, int sig) {
        if (kernel == null) return;
        for (Process p : kernel.processes()) {
            if (p.pgid() == pg && p.status() == Process.Status.RUNNING) kernel.signals().send(p, sig);
        }
    }

    private long now() {
        return kernel == null ? System.nanoTime() : kernel.clock().monotonicNanos();
    }
}
