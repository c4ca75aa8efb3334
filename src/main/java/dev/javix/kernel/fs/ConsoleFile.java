package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.Syscall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The host's standard streams as guest files: fds 0, 1 and 2 of the first process.
 *
 * <p>Output goes straight to the host stream, one host write per guest write, so interleaving
 * with the other stream is kept. Input is read by a host reader thread started on the first
 * guest read (so a guest that never reads leaves javix's stdin alone); the thread only fills a
 * buffer and wakes the wait queue — no virtual CPU ever blocks on the host (design decision 2).
 */
public final class ConsoleFile extends OpenFile {
    private final String name;
    private final OutputStream out;
    private final HostInput in;

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

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (in == null) return -Errno.EBADF;
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
        if (out == null) return -Errno.EBADF;
        try {
            out.write(src, off, len);
            out.flush();
            return len;
        } catch (IOException e) {
            return -Errno.EPIPE;
        }
    }

    @Override
    public int pollMask() {
        if (in != null) return in.available() ? POLLIN : 0;
        return POLLOUT;
    }

    @Override
    public long stat(StatBuf st) {
        st.mode = StatBuf.S_IFIFO | 0600;
        st.ino = name.hashCode() & 0xffffffL;
        st.dev = StatBuf.makedev(0, 12);
        return 0;
    }

    @Override
    public String path() {
        return name;
    }
}
