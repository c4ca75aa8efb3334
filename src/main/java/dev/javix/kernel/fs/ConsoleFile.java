package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.tty.Tty;
import dev.javix.kernel.tty.TtyIoctls;
import dev.javix.syscall.Syscall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The host's standard streams as guest files: fds 0, 1 and 2 of the first process (and of a
 * booted init).
 *
 * <p>Two modes, by {@code KernelConfig.terminal()}:
 * <ul>
 *   <li>pipe mode (javix's stdin is a pipe or a file): the three fds are plain streams, as a
 *       shell's redirections would make them — isatty(3) is false, output goes to the host
 *       stream unchanged, stderr stays apart from stdout. The console's terminal (/dev/console,
 *       /dev/tty) still exists, reading the same host input through its line discipline.</li>
 *   <li>terminal mode (javix's stdin is a host terminal in raw mode): the three fds are the
 *       console terminal ({@link Tty}), as a terminal emulator gives a shell: echo, editing,
 *       ^C, job control, isatty true.</li>
 * </ul>
 *
 * <p>Output goes straight to the host stream, one host write per guest write. Input is read by
 * a host reader thread ({@link HostInput}) that only fills a buffer and wakes the wait queue —
 * no virtual CPU ever blocks on the host (design decision 2). The input file also owns the
 * console's {@link Tty}, made on first use, so that the console has one reader.
 */
public final class ConsoleFile extends OpenFile {
    private final String name;
    private final OutputStream out;
    private final HostInput in;
    /** Terminal mode: the console terminal everything goes through; null in pipe mode or before it is known. */
    private volatile Tty terminal;
    /** Set once the mode is known (the first read, write or ioctl). */
    private volatile boolean modeKnown;
    /** The input file only: the console's terminal, made on first use; guarded by this. */
    private Tty consoleTty;

    private ConsoleFile(String name, int flags, OutputStream out, HostInput in) {
        super(flags);
        this.name = name;
        this.out = out;
        this.in = in;
    }

    public static ConsoleFile input(InputStream stream, String threadName) {
        return new ConsoleFile("pipe:[stdin]", O_RDONLY, null, new HostInput(stream, threadName, false));
    }

    /** Console input read by the virtual CPU itself, for deterministic runs (see HostInput). */
    public static ConsoleFile synchronousInput(InputStream stream) {
        return new ConsoleFile("pipe:[stdin]", O_RDONLY, null, new HostInput(stream, null, true));
    }

    public static ConsoleFile output(OutputStream stream, String name) {
        return new ConsoleFile(name, O_WRONLY, stream, null);
    }

    /**
     * The console's terminal (call on the input file, {@code vfs.console(0)}): made on first
     * use over this file's host input and the kernel's stdout. In terminal mode the three
     * console files switch to it then.
     */
    public Tty terminal(Kernel k) {
        if (in == null) throw new IllegalStateException("the console's terminal hangs off its input file");
        Tty t;
        boolean made = false;
        synchronized (this) {
            if (consoleTty == null) {
                consoleTty = new Tty(k, "console", StatBuf.makedev(5, 1), in, k.config().stdout(), k.config().terminal());
                made = true;
            }
            t = consoleTty;
        }
        if (made && k.config().terminal()) {
            for (int fd = 0; fd < 3; fd++) {
                if (k.vfs().console(fd) instanceof ConsoleFile c) c.becomeTerminal(t);
            }
        }
        return t;
    }

    private void becomeTerminal(Tty t) {
        terminal = t;
        modeKnown = true;
        t.register(this);
        t.connectInput(); // keys reach the line discipline (echo, ^C) before anyone reads
    }

    /** The terminal this file goes through (terminal mode), or null; decides the mode on first use. */
    private Tty terminal(Task t) {
        Tty tt = terminal;
        if (tt != null || modeKnown || t == null) return tt;
        Kernel k = t.process.kernel();
        if (k == null || !k.config().terminal()) {
            modeKnown = true;
            return null;
        }
        ConsoleFile input = (ConsoleFile) k.vfs().console(0);
        input.terminal(k);
        return terminal;
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (!readable()) return -Errno.EBADF;
        Tty tty = terminal(t);
        if (tty != null) return tty.read(this, t, dst, off, len);
        if (len == 0) return 0;
        int n = in.poll(dst, off, len, waitQueue());
        if (n == HostInput.WOULD_BLOCK) {
            if (nonBlocking()) return -Errno.EAGAIN;
            waitQueue().add(t);
            // re-check after registering, so data that arrived in between is not missed
            n = in.poll(dst, off, len, null);
            if (n == HostInput.WOULD_BLOCK) return Syscall.BLOCK;
            waitQueue().remove(t);
        }
        return n;
    }

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        if (!writable()) return -Errno.EBADF;
        Tty tty = terminal(t);
        if (tty != null) return tty.write(t, src, off, len);
        try {
            out.write(src, off, len);
            out.flush();
            return len;
        } catch (IOException e) {
            return -Errno.EPIPE;
        }
    }

    /** FIONREAD (asm-generic/ioctls.h). */
    private static final long FIONREAD = 0x541B;

    /**
     * Terminal mode: the terminal's requests. Pipe mode: what a pipe answers — FIONREAD for
     * the input, ENOTTY for terminal requests (so isatty(3) is false).
     */
    @Override
    public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
        Tty tty = terminal(t);
        if (tty != null) return TtyIoctls.ioctl(tty, this, t, request, arg, c);
        if (request == FIONREAD) {
            c.writeInt(arg, in != null ? in.buffered() : 0);
            return 0;
        }
        return -Errno.ENOTTY;
    }

    @Override
    protected boolean asyncCapable() {
        return terminal != null;
    }

    @Override
    public int pollMask() {
        Tty tty = terminal;
        if (tty != null) {
            return tty.pollMask(); // as Linux's tty_poll, whatever the open mode
        }
        if (in != null) return in.available() ? POLLIN : 0;
        return POLLOUT;
    }

    @Override
    public long seek(long off, int whence) {
        return -Errno.ESPIPE;
    }

    @Override
    public long stat(StatBuf st) {
        if (terminal != null) {
            st.mode = StatBuf.S_IFCHR | 0620;
            st.rdev = StatBuf.makedev(5, 1);
            st.ino = 7;
            st.dev = StatBuf.makedev(0, 5);
            return 0;
        }
        st.mode = StatBuf.S_IFIFO | 0600;
        st.ino = name.hashCode() & 0xffffffL;
        st.dev = StatBuf.makedev(0, 12);
        return 0;
    }

    @Override
    public String path() {
        return terminal != null ? "/dev/console" : name;
    }

    @Override
    protected void released() {
        Tty tty = terminal;
        if (tty != null) tty.closed(this);
    }
}
