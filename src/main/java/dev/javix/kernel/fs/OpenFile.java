package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.mem.MemoryObject;

/**
 * An open file description (Linux's struct file): what an fd refers to. Shared by every fd
 * that dup(2) or fork(2) made from the same open(2), so they share the offset and the status
 * flags. Subclasses implement one kind each: regular file, directory, device, pipe, socket.
 *
 * <p>Readiness protocol (design decision 3): {@link #pollMask()} tells what is possible now and
 * {@link #waitQueue()} is where a task that found nothing possible waits. A read or write that
 * would block adds the task to that queue and returns {@code Syscall.BLOCK}; the call runs
 * again when the queue is woken.
 *
 * <p>Methods return a count or {@code -errno}. Locking: {@link #offset} and the status flags are
 * guarded by {@code this}.
 */
public abstract class OpenFile {
    // open(2) flags, asm-generic/fcntl.h (riscv64 uses the generic values)
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_ACCMODE = 3;
    public static final int O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000, O_APPEND = 02000,
            O_NONBLOCK = 04000, O_DSYNC = 010000, O_ASYNC = 020000, O_DIRECT = 040000, O_LARGEFILE = 0100000,
            O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_NOATIME = 01000000, O_CLOEXEC = 02000000,
            O_SYNC = 04010000, O_PATH = 010000000, O_TMPFILE = 020200000;
    // poll(2) events
    public static final int POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10,
            POLLNVAL = 0x20, POLLRDNORM = 0x40, POLLWRNORM = 0x100, POLLRDHUP = 0x2000;

    /** Access mode and status flags (O_APPEND, O_NONBLOCK, …) as F_GETFL returns them. */
    protected int flags;
    /** The file offset for read/write/lseek. */
    protected long offset;
    private int refs = 1;
    private final WaitQueue waitQueue = new WaitQueue();
    // ---- F_SETOWN/F_SETOWN_EX and F_SETSIG (fcntl(2)), stored for SIGIO; guarded by this
    /** F_OWNER_TID 0, F_OWNER_PID 1, F_OWNER_PGRP 2. */
    private int ownerType = 1, ownerId;
    private int ioSignal;
    /** The lock tables (OFD locks, flock) this description has owned locks in: its last close drops them. */
    private volatile FileLocks[] lockTables = {};

    protected OpenFile(int flags) {
        this.flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
    }

    public synchronized int flags() {
        return flags;
    }

    /**
     * F_SETFL: only O_APPEND, O_ASYNC, O_DIRECT, O_NOATIME and O_NONBLOCK may change (fcntl(2)).
     * O_ASYNC sticks only on files that can signal I/O ({@link #asyncCapable}); Linux's setfl
     * leaves FASYNC to the file's fasync operation, which regular files do not have.
     */
    public synchronized void setStatusFlags(int f) {
        int changeable = O_APPEND | O_DIRECT | O_NOATIME | O_NONBLOCK | (asyncCapable() ? O_ASYNC : 0);
        flags = (flags & ~changeable) | (f & changeable);
    }

    /** True for files with a fasync operation (pipes, FIFOs, sockets, terminals): O_ASYNC may be set. */
    protected boolean asyncCapable() {
        return false;
    }

    /** F_SETOWN_EX: who gets SIGIO/SIGURG (type F_OWNER_TID/PID/PGRP, id; id 0 for nobody). */
    public synchronized void setOwner(int type, int id) {
        ownerType = type;
        ownerId = id;
    }

    /** F_GETOWN_EX: {type, id}. */
    public synchronized int[] owner() {
        return new int[] {ownerType, ownerId};
    }

    /** F_SETSIG: the signal sent for I/O readiness (0: SIGIO). */
    public synchronized void setIoSignal(int sig) {
        ioSignal = sig;
    }

    public synchronized int ioSignal() {
        return ioSignal;
    }

    /** A lock owned by this description (F_OFD_SETLK, flock) was taken in locks. */
    public synchronized void heldLocksIn(FileLocks locks) {
        for (FileLocks l : lockTables) if (l == locks) return;
        FileLocks[] t = java.util.Arrays.copyOf(lockTables, lockTables.length + 1);
        t[lockTables.length] = locks;
        lockTables = t;
    }

    public boolean readable() {
        int m = flags() & O_ACCMODE;
        return (flags() & O_PATH) == 0 && (m == O_RDONLY || m == O_RDWR);
    }

    public boolean writable() {
        int m = flags() & O_ACCMODE;
        return (flags() & O_PATH) == 0 && (m == O_WRONLY || m == O_RDWR);
    }

    public boolean nonBlocking() {
        return (flags() & O_NONBLOCK) != 0;
    }

    /** Reads up to len bytes into dst at the current offset (or from the stream). */
    public long read(Task t, byte[] dst, int off, int len) {
        return -Errno.EINVAL;
    }

    /**
     * Writes len bytes from src at the current offset (or to the stream). src is the calling
     * CPU's reusable transfer buffer: valid only during the call, so copy whatever is kept.
     */
    public long write(Task t, byte[] src, int off, int len) {
        return -Errno.EINVAL;
    }

    /** What {@link #readDirect}/{@link #writeDirect} answer when the file has no direct path. */
    public static final long NO_DIRECT = Long.MIN_VALUE + 2; // not Syscall.BLOCK nor NO_RETURN

    /**
     * read(2) of up to len bytes straight into the guest buffer (one copy, no kernel buffer in
     * between), for streams where throughput matters (pipes, sockets). Same results as
     * {@link #read}; {@link #NO_DIRECT} if this file has no such path (the caller then uses read).
     */
    public long readDirect(Task t, UserBuffer to, int len) {
        return NO_DIRECT;
    }

    /** write(2) of len bytes straight from the guest buffer; see {@link #readDirect}. */
    public long writeDirect(Task t, UserBuffer from, int len) {
        return NO_DIRECT;
    }

    /** pread64(2): read at an explicit position, offset unchanged. */
    public long pread(Task t, byte[] dst, int off, int len, long pos) {
        return -Errno.ESPIPE;
    }

    /** pwrite64(2). */
    public long pwrite(Task t, byte[] src, int off, int len, long pos) {
        return -Errno.ESPIPE;
    }

    /** lseek(2); returns the new offset. */
    public long seek(long off, int whence) {
        return -Errno.ESPIPE;
    }

    /** Fills st; returns 0 or -errno. */
    public abstract long stat(StatBuf st);

    /**
     * ioctl(2). {@code c} gives access to guest memory for the argument. Default: ENOTTY, what
     * Linux answers for a request a file does not know.
     */
    public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
        return -Errno.ENOTTY;
    }

    /**
     * getdents64(2): appends directory entries to {@code out} from the current position; returns
     * the number of bytes written or -errno. Default ENOTDIR.
     */
    public long getdents(Task t, DirentWriter out) {
        return -Errno.ENOTDIR;
    }

    /**
     * Whether the file has a poll operation of its own (Linux's f_op->poll): epoll_ctl refuses
     * one that has not with EPERM (file_can_poll), while select and poll call it always ready.
     * Regular files and directories are judged by their type; this is for the rest.
     */
    public boolean hasPollOperation() {
        return true;
    }

    /** Poll mask right now: POLLIN/POLLOUT/POLLHUP/POLLERR … Regular files are always ready. */
    public int pollMask() {
        return POLLIN | POLLOUT;
    }

    public final WaitQueue waitQueue() {
        return waitQueue;
    }

    /** The object mmap(2) maps for this file, or null if it cannot be mapped (ENODEV). */
    public MemoryObject mappable() {
        return null;
    }

    /** The pipe behind a pipe end or an open FIFO (F_GETPIPE_SZ, F_SETPIPE_SZ), else null. */
    public Pipe pipe() {
        return null;
    }

    /**
     * The part of open(2) that may wait, run after the description was made: a FIFO opened
     * for reading (writing) without O_NONBLOCK waits for a writer (reader) (fifo(7)). Returns 0
     * when the open is complete, or {@code Syscall.BLOCK} with t queued; the system call layer
     * keeps the description across the restart. Default: complete at once.
     */
    public long awaitOpen(Task t) {
        return 0;
    }

    /**
     * The kind-specific lines of /proc/[pid]/fdinfo/N after pos, flags, mnt_id and ino (Linux's
     * f_op->show_fdinfo: an epoll's interest list, an eventfd's counter, …). Default none.
     */
    public String fdinfo() {
        return "";
    }

    /** A name for /proc/[pid]/fd and traces, e.g. "/tmp/x", "pipe:[12]", "/dev/null". */
    public abstract String path();

    /** Takes another reference (dup, fork). */
    public final synchronized OpenFile retain() {
        refs++;
        return this;
    }

    /** Drops a reference; the last one calls {@link #released()}. */
    public final void close() {
        boolean last;
        synchronized (this) {
            last = --refs == 0;
        }
        if (last) {
            for (FileLocks l : lockTables) l.releaseAll(this);
            waitQueue.ownerReleased(); // epoll registrations and O_ASYNC go with the description (eventpoll_release)
            released();
        }
    }

    /** Called once when the last reference is dropped (the last close). */
    protected void released() {}
}
