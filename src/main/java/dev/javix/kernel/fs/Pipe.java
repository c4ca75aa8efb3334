package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.SigInfo;
import dev.javix.syscall.Syscall;

/**
 * An anonymous pipe (pipe(7)): a 64 KiB ring buffer with a read end and a write end, each an
 * {@link OpenFile}. Semantics as Linux's:
 * <ul>
 *   <li>a read with nothing buffered blocks while a writer exists, returns 0 (EOF) when none
 *       does, and EAGAIN under O_NONBLOCK;</li>
 *   <li>a write of at most PIPE_BUF (4096) bytes is atomic: it waits until all of it fits;
 *       a larger one may be split, returning what was written when it would block;</li>
 *   <li>a write with no reader left raises SIGPIPE and fails with EPIPE.</li>
 * </ul>
 * Both ends report readiness to poll and share one wait queue per end.
 *
 * <p>Guarded by {@code this}: buffer, head, count, readers, writers.
 */
public final class Pipe {
    public static final int PIPE_BUF = 4096;
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    private final Kernel kernel;
    private final long ino;
    private final byte[] buffer;
    private int head, count;
    private int readers = 1, writers = 1;
    private final ReadEnd readEnd;
    private final WriteEnd writeEnd;

    public Pipe(Kernel kernel, long ino, int flags) {
        this.kernel = kernel;
        this.ino = ino;
        this.buffer = new byte[DEFAULT_CAPACITY];
        this.readEnd = new ReadEnd(OpenFile.O_RDONLY | (flags & OpenFile.O_NONBLOCK));
        this.writeEnd = new WriteEnd(OpenFile.O_WRONLY | (flags & OpenFile.O_NONBLOCK));
    }

    public OpenFile readEnd() {
        return readEnd;
    }

    public OpenFile writeEnd() {
        return writeEnd;
    }

    private long read(Task t, OpenFile end, byte[] dst, int off, int len) {
        if (len == 0) return 0;
        synchronized (this) {
            if (count > 0) {
                int n = Math.min(len, count);
                int first = Math.min(n, buffer.length - head);
                System.arraycopy(buffer, head, dst, off, first);
                System.arraycopy(buffer, 0, dst, off + first, n - first);
                head = (head + n) % buffer.length;
                count -= n;
                wakeLater(writeEnd);
                return n;
            }
            if (writers == 0) return 0;
            if (end.nonBlocking()) return -Errno.EAGAIN;
            end.waitQueue().add(t);
            return Syscall.BLOCK;
        }
    }

    private long write(Task t, OpenFile end, byte[] src, int off, int len) {
        synchronized (this) {
            if (readers == 0) {
                kernel.signals().sendToThread(t, SigInfo.kernel(Signal.SIGPIPE));
                return -Errno.EPIPE;
            }
            if (len == 0) return 0;
            int room = buffer.length - count;
            boolean atomic = len <= PIPE_BUF;
            if (room == 0 || (atomic && room < len)) {
                if (end.nonBlocking()) return -Errno.EAGAIN;
                end.waitQueue().add(t);
                return Syscall.BLOCK;
            }
            // A large write takes what fits and reports it (write(2) allows a partial count);
            // glibc's callers loop on the rest.
            int n = Math.min(len, room);
            int tail = (head + count) % buffer.length;
            int first = Math.min(n, buffer.length - tail);
            System.arraycopy(src, off, buffer, tail, first);
            System.arraycopy(src, off + first, buffer, 0, n - first);
            count += n;
            wakeLater(readEnd);
            return n;
        }
    }

    /** Wakes an end's waiters (after this pipe's lock is released would be nicer; wakeAll takes only the queue's). */
    private static void wakeLater(OpenFile end) {
        end.waitQueue().wakeAll();
    }

    private synchronized int readMask() {
        int m = 0;
        if (count > 0) m |= OpenFile.POLLIN | OpenFile.POLLRDNORM;
        if (writers == 0) m |= OpenFile.POLLHUP;
        return m;
    }

    private synchronized int writeMask() {
        if (readers == 0) return OpenFile.POLLERR;
        return buffer.length - count >= PIPE_BUF ? OpenFile.POLLOUT | OpenFile.POLLWRNORM : 0;
    }

    private long stat(StatBuf st) {
        st.mode = StatBuf.S_IFIFO | 0600;
        st.ino = ino;
        st.dev = StatBuf.makedev(0, 13);
        st.blksize = PIPE_BUF;
        synchronized (this) {
            st.size = count;
        }
        return 0;
    }

    private final class ReadEnd extends OpenFile {
        ReadEnd(int flags) {
            super(flags);
        }

        @Override
        public long read(Task t, byte[] dst, int off, int len) {
            return Pipe.this.read(t, this, dst, off, len);
        }

        @Override
        public long write(Task t, byte[] src, int off, int len) {
            return -Errno.EBADF;
        }

        @Override
        public int pollMask() {
            return readMask();
        }

        @Override
        public long stat(StatBuf st) {
            return Pipe.this.stat(st);
        }

        @Override
        public String path() {
            return "pipe:[" + ino + "]";
        }

        @Override
        protected void released() {
            synchronized (Pipe.this) {
                readers--;
            }
            writeEnd.waitQueue().wakeAll(); // writers now get EPIPE
        }
    }

    private final class WriteEnd extends OpenFile {
        WriteEnd(int flags) {
            super(flags);
        }

        @Override
        public long read(Task t, byte[] dst, int off, int len) {
            return -Errno.EBADF;
        }

        @Override
        public long write(Task t, byte[] src, int off, int len) {
            return Pipe.this.write(t, this, src, off, len);
        }

        @Override
        public int pollMask() {
            return writeMask();
        }

        @Override
        public long stat(StatBuf st) {
            return Pipe.this.stat(st);
        }

        @Override
        public String path() {
            return "pipe:[" + ino + "]";
        }

        @Override
        protected void released() {
            synchronized (Pipe.this) {
                writers--;
            }
            readEnd.waitQueue().wakeAll(); // readers now see EOF
        }
    }
}
