package dev.javix.kernel.tty;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.SyscallContext;

/**
 * An open description of a terminal: what /dev/console, /dev/tty and (in terminal mode) the
 * console's fds 0–2 refer to. Each description has its own wait queue (the readiness protocol);
 * the {@link Tty} wakes all of them when input arrives.
 */
public final class TtyFile extends OpenFile {
    /** How the description answers fstat: its device node's attributes. */
    @FunctionalInterface
    public interface Stat {
        long fill(StatBuf st);
    }

    private final Tty tty;
    private final String path;
    private final Stat stat;

    TtyFile(Tty tty, int flags, String path, Stat stat) {
        super(flags);
        this.tty = tty;
        this.path = path;
        this.stat = stat;
    }

    public Tty tty() {
        return tty;
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (!readable()) return -Errno.EBADF;
        return tty.read(this, t, dst, off, len);
    }

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        if (!writable()) return -Errno.EBADF;
        return tty.write(t, src, off, len);
    }

    @Override
    public long ioctl(Task t, long request, long arg, SyscallContext c) {
        return TtyIoctls.ioctl(tty, this, t, request, arg, c);
    }

    @Override
    public int pollMask() {
        return tty.pollMask(); // as Linux's tty_poll, whatever the open mode
    }

    @Override
    protected boolean asyncCapable() {
        return true;
    }

    @Override
    public long stat(StatBuf st) {
        return stat.fill(st);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    protected void released() {
        tty.closed(this);
    }

    /** The attributes of a terminal description made without a device node (the console's fds). */
    public static Stat charDevice(long rdev) {
        return st -> {
            st.mode = StatBuf.S_IFCHR | 0620;
            st.rdev = rdev;
            st.dev = StatBuf.makedev(0, 5);
            st.ino = rdev;
            st.nlink = 1;
            return 0;
        };
    }
}
