package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.SigInfo;
import dev.javix.syscall.Syscall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipe (pipe(7)): a ring buffer (64 KiB by default, resizable with F_SETPIPE_SZ) shared by
 * the open descriptions that read and write it. An anonymous pipe (pipe2) has exactly two, its
 * read end and write end; a FIFO (fifo(7), {@link FifoNode}) has one per open(2) of its inode,
 * each reading, writing or both (O_RDWR). Semantics as Linux's:
 * <ul>
 *   <li>a read with nothing buffered blocks while a writer exists, returns 0 (EOF) when none
 *       does, and EAGAIN under O_NONBLOCK;</li>
 *   <li>a write of at most PIPE_BUF (4096) bytes is atomic: it waits until all of it fits;
 *       a larger one may be split, returning what was written when it would block;</li>
 *   <li>a write with no reader left raises SIGPIPE and fails with EPIPE.</li>
 * </ul>
 * Every open description has its own wait queue (what poll registers on); a change wakes all
 * of them, and tasks blocked in a FIFO's open(2) wait on {@link #openWait}.
 *
 * <p>pipe2(O_DIRECT) makes a "packet mode" pipe: each write of up to PIPE_BUF bytes is one
 * packet (larger ones are split), and each read returns at most one packet.
 *
 * <p>Guarded by {@code this}: buffer, head, count, packets, readers, writers, the open counters, ends.
 * Lock order: Pipe → WaitQueue.
 */
public final class Pipe {
    public static final int PIPE_BUF = 4096;
    public static final int DEFAULT_CAPACITY = 64 * 1024;
    /** /proc/sys/fs/pipe-max-size: the largest F_SETPIPE_SZ an unprivileged process may ask for. */
    public static final int MAX_SIZE = 1 << 20;
    /** ioctl_tty(2) FIONREAD: bytes waiting to be read. */
    static final long FIONREAD = 0x541B;

    private final long ino;
    private byte[] buffer;
    private int head, count;
    private int readers, writers;
    /** Opens for reading / writing so far (Linux's r_counter, w_counter): what a FIFO open waits to change. */
    private int readOpens, writeOpens;
    private final List<OpenFile> ends = new ArrayList<>(2);
    /** pipe2(O_DIRECT) "packet mode": the lengths of the packets in the buffer, oldest first; null otherwise. */
    private final ArrayDeque<Integer> packets;
    private final ReadEnd readEnd;
    private final WriteEnd writeEnd;
    /** Tasks blocked in open(2) of a FIFO, waiting for the other side. */
    final WaitQueue openWait = new WaitQueue();

    /** An anonymous pipe (pipe2(2)): both ends made now, with flags' O_NONBLOCK. */
    public Pipe(Kernel kernel, long ino, int flags) {
        this.ino = ino;
        this.buffer = new byte[DEFAULT_CAPACITY];
        this.packets = (flags & OpenFile.O_DIRECT) != 0 ? new ArrayDeque<>() : null;
        // create_pipe_files: only the write end shows O_DIRECT in F_GETFL
        this.readEnd = new ReadEnd(OpenFile.O_RDONLY | (flags & OpenFile.O_NONBLOCK));
        this.writeEnd = new WriteEnd(OpenFile.O_WRONLY | (flags & (OpenFile.O_NONBLOCK | OpenFile.O_DIRECT)));
        attach(readEnd, true, false);
        attach(writeEnd, false, true);
    }

    /** The buffer of a FIFO: no ends until opened (see {@link #attach}). */
    Pipe(long ino) {
        this.ino = ino;
        this.buffer = new byte[DEFAULT_CAPACITY];
        this.packets = null;
        this.readEnd = null;
        this.writeEnd = null;
    }

    public OpenFile readEnd() {
        return readEnd;
    }

    public OpenFile writeEnd() {
        return writeEnd;
    }

    // ------------------------------------------------------------------ ends

    /** A new description uses the pipe for reading and/or writing; wakes opens waiting for it. */
    void attach(OpenFile end, boolean read, boolean write) {
        synchronized (this) {
            ends.add(end);
            if (read) {
                readers++;
                readOpens++;
            }
            if (write) {
                writers++;
                writeOpens++;
            }
        }
        openWait.wakeAll();
    }

    /** A description's last close. When no one has the pipe open any more its bytes are dropped (as Linux frees it). */
    void detach(OpenFile end, boolean read, boolean write) {
        synchronized (this) {
            if (!ends.remove(end)) return; // dropped already (reapAbandonedLocked)
            if (read) readers--;
            if (write) writers--;
            if (readers == 0 && writers == 0) {
                head = count = 0;
                if (packets != null) packets.clear();
                if (buffer.length != DEFAULT_CAPACITY) buffer = new byte[DEFAULT_CAPACITY];
            }
            wakeAllLocked(); // writers now get EPIPE, readers see EOF
        }
    }

    synchronized int readers() {
        reapAbandonedLocked();
        return readers;
    }

    synchronized int writers() {
        reapAbandonedLocked();
        return writers;
    }

    /**
     * Drops FIFO descriptions whose opener was killed while waiting in open(2) (no fd ever
     * held them, so no close will come), as Linux's fifo_open undoes its count when the
     * sleeping opener is interrupted. Called with this held, before the counts are used.
     */
    private void reapAbandonedLocked() {
        if (readEnd != null) return; // an anonymous pipe has no waiting opens
        boolean dropped = false;
        for (int i = ends.size() - 1; i >= 0; i--) {
            if (ends.get(i) instanceof FifoFile f && f.abandoned()) {
                ends.remove(i);
                if (f.reads()) readers--;
                if (f.writes()) writers--;
                dropped = true;
            }
        }
        if (dropped) {
            if (readers == 0 && writers == 0) {
                head = count = 0;
                if (packets != null) packets.clear();
            }
            wakeAllLocked();
        }
    }

    synchronized int readOpens() {
        return readOpens;
    }

    synchronized int writeOpens() {
        return writeOpens;
    }

    /**
     * A blocking FIFO open that found no partner: complete (0) once the partner's open counter
     * has moved past seq (Linux's wait_for_partner; a partner that has opened and closed again
     * meanwhile counts too); otherwise t waits on {@link #openWait} (checked and queued under
     * this lock, which {@link #attach} takes before waking, so no wake is lost).
     */
    synchronized long awaitPartner(Task t, boolean forWriter, int seq) {
        boolean ready = (forWriter ? writeOpens : readOpens) != seq;
        if (ready) return 0;
        openWait.add(t);
        return Syscall.BLOCK;
    }

    private void wakeAllLocked() {
        wakeAllLocked(WaitQueue.ANY);
    }

    /** Wakes every end with key: POLLIN after a write, POLLOUT after a read (wake_up_poll), so epoll and SIGIO know which. */
    private void wakeAllLocked(int key) {
        for (OpenFile e : ends) e.waitQueue().wakeAll(key);
    }

    // ------------------------------------------------------------------ data

    long read(Task t, OpenFile end, UserBuffer to, int len) {
        if (len == 0) return 0;
        synchronized (this) {
            reapAbandonedLocked();
            if (count > 0) {
                // In packet mode a read takes one packet, and what does not fit in len is dropped (pipe(7)).
                int taken = packets != null ? packets.poll() : Math.min(len, count);
                int n = Math.min(len, taken);
                int first = Math.min(n, buffer.length - head);
                // Copied out before the pipe changes: a fault (EFAULT) leaves the bytes in place.
                to.copyOut(0, buffer, head, first);
                to.copyOut(first, buffer, 0, n - first);
                head = (head + taken) % buffer.length;
                count -= taken;
                wakeAllLocked(OpenFile.POLLOUT | OpenFile.POLLWRNORM);
                return n;
            }
            if (writers == 0) return 0;
            if (end.nonBlocking()) return -Errno.EAGAIN;
            end.waitQueue().add(t);
            return Syscall.BLOCK;
        }
    }

    long write(Task t, OpenFile end, UserBuffer from, int len) {
        synchronized (this) {
            reapAbandonedLocked();
            if (readers == 0) {
                t.process.kernel().signals().sendToThread(t, SigInfo.kernel(Signal.SIGPIPE));
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
            from.copyIn(0, buffer, tail, first);
            from.copyIn(first, buffer, 0, n - first);
            count += n;
            if (packets != null) for (int at = 0; at < n; at += PIPE_BUF) packets.add(Math.min(PIPE_BUF, n - at));
            wakeAllLocked(OpenFile.POLLIN | OpenFile.POLLRDNORM);
            return n;
        }
    }

    /** Bytes buffered now (FIONREAD). */
    synchronized int available() {
        return count;
    }

    /** F_GETPIPE_SZ. */
    public synchronized int capacity() {
        return buffer.length;
    }

    /**
     * F_SETPIPE_SZ (fcntl(2)): the size rounded up to a power-of-two number of pages, at least
     * one page; EPERM above {@link #MAX_SIZE} unless privileged, EBUSY if the bytes buffered
     * would not fit. Returns the new capacity or -errno.
     */
    public long resize(long want, boolean privileged) {
        if (want < 0 || want > Integer.MAX_VALUE) return -Errno.EINVAL;
        long size = roundSize(want);
        if (size > (1L << 30)) return -Errno.EINVAL;
        if (size > MAX_SIZE && !privileged) return -Errno.EPERM;
        synchronized (this) {
            if (size == buffer.length) return size;
            if (count > size) return -Errno.EBUSY;
            byte[] b = new byte[(int) size];
            int first = Math.min(count, buffer.length - head);
            System.arraycopy(buffer, head, b, 0, first);
            System.arraycopy(buffer, 0, b, first, count - first);
            buffer = b;
            head = 0;
            wakeAllLocked();
            return size;
        }
    }

    /** round_pipe_size: whole pages, a power of two of them. */
    static long roundSize(long want) {
        long pages = Math.max(1, (want + 4095) >>> 12);
        long p = Long.highestOneBit(pages);
        return (p < pages ? p << 1 : p) << 12;
    }

    synchronized int readMask(boolean hangupSeen) {
        reapAbandonedLocked();
        int m = 0;
        if (count > 0) m |= OpenFile.POLLIN | OpenFile.POLLRDNORM;
        if (writers == 0 && hangupSeen) m |= OpenFile.POLLHUP;
        return m;
    }

    synchronized int writeMask() {
        reapAbandonedLocked();
        // pipe_poll: POLLOUT by room alone, and POLLERR on top when no reader is left
        int m = buffer.length - count >= PIPE_BUF ? OpenFile.POLLOUT | OpenFile.POLLWRNORM : 0;
        return readers == 0 ? m | OpenFile.POLLERR : m;
    }

    private long stat(StatBuf st) {
        st.mode = StatBuf.S_IFIFO | 0600;
        st.ino = ino;
        st.dev = StatBuf.makedev(0, 13);
        st.blksize = PIPE_BUF;
        st.nlink = 1;
        synchronized (this) {
            st.size = count;
        }
        return 0;
    }

    /** FIONREAD for an end; ENOTTY for anything else. */
    long ioctl(long request, long arg, dev.javix.syscall.SyscallContext c) {
        if (request != FIONREAD) return -Errno.ENOTTY;
        c.writeInt(arg, available());
        return 0;
    }

    /** What both ends of the pipe answer alike: stat, ioctl, their pipe and their name. */
    private abstract class End extends OpenFile {
        End(int flags) {
            super(flags);
        }

        @Override
        public long stat(StatBuf st) {
            return Pipe.this.stat(st);
        }

        @Override
        public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
            return Pipe.this.ioctl(request, arg, c);
        }

        @Override
        public Pipe pipe() {
            return Pipe.this;
        }

        @Override
        protected boolean asyncCapable() {
            return true;
        }

        @Override
        public String path() {
            return "pipe:[" + ino + "]";
        }
    }

    private final class ReadEnd extends End {
        ReadEnd(int flags) {
            super(flags);
        }

        @Override
        public long read(Task t, byte[] dst, int off, int len) {
            return Pipe.this.read(t, this, new ArrayBuffer(dst, off), len);
        }

        @Override
        public long readDirect(Task t, UserBuffer to, int len) {
            return Pipe.this.read(t, this, to, len);
        }

        @Override
        public long write(Task t, byte[] src, int off, int len) {
            return -Errno.EBADF;
        }

        @Override
        public int pollMask() {
            return readMask(true);
        }

        @Override
        protected void released() {
            detach(this, true, false);
        }
    }

    private final class WriteEnd extends End {
        WriteEnd(int flags) {
            super(flags);
        }

        @Override
        public long read(Task t, byte[] dst, int off, int len) {
            return -Errno.EBADF;
        }

        @Override
        public long write(Task t, byte[] src, int off, int len) {
            return Pipe.this.write(t, this, new ArrayBuffer(src, off), len);
        }

        @Override
        public long writeDirect(Task t, UserBuffer from, int len) {
            return Pipe.this.write(t, this, from, len);
        }

        @Override
        public int pollMask() {
            return writeMask();
        }

        @Override
        protected void released() {
            detach(this, false, true);
        }
    }
}
