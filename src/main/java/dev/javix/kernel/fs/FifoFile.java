package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;

/**
 * One open(2) of a FIFO (fifo(7)): a description that reads, writes or (O_RDWR) both, over
 * the {@link Pipe} of its inode. The open rules of Linux's fifo_open:
 * <ul>
 *   <li>O_RDONLY waits until a writer opens (unless O_NONBLOCK, which succeeds at once);</li>
 *   <li>O_WRONLY waits until a reader opens; with O_NONBLOCK and no reader it fails ENXIO;</li>
 *   <li>O_RDWR succeeds at once (it is its own partner).</li>
 * </ul>
 * The wait is for the partner's open counter to move (Linux's r_counter/w_counter), so a
 * partner that opens and closes at once still releases the waiter. The wait itself is
 * {@link #awaitOpen}: the description exists (and counts as a reader or writer) while its
 * opener sleeps, which is what lets the other side's open complete.
 */
final class FifoFile extends InodeFile {
    private final Pipe pipe;
    private final boolean reads, writes;
    /**
     * The partner's open counter when this open found no partner (it waits for it to move), or
     * -1 if a partner was there: decided atomically with joining the pipe, as fifo_open does
     * under the pipe mutex, so a partner that comes and goes before the wait is not missed.
     */
    private final int partnerSeq;
    /** The writers' open counter at this open: POLLHUP needs a writer to have come since. */
    private final int hangupSeq;
    /** The task blocked in the open(2) that made this description, while it waits. */
    private volatile Task opener;

    private FifoFile(Location at, int flags, String path, Pipe pipe) {
        super(at, flags, path);
        this.pipe = pipe;
        int acc = flags & O_ACCMODE;
        this.reads = acc == O_RDONLY || acc == O_RDWR;
        this.writes = acc == O_WRONLY || acc == O_RDWR;
        synchronized (pipe) {
            hangupSeq = pipe.writeOpens();
            boolean alone = reads != writes && (reads ? pipe.writers() == 0 : pipe.readers() == 0);
            partnerSeq = !alone ? -1 : reads ? pipe.writeOpens() : pipe.readOpens();
            pipe.attach(this, reads, writes);
        }
    }

    /** Makes the description; ENXIO for O_WRONLY|O_NONBLOCK with no reader (counted nowhere). */
    static FifoFile open(Location at, int flags, String path, Pipe pipe) throws FsException {
        if ((flags & O_ACCMODE) == O_WRONLY && (flags & O_NONBLOCK) != 0 && pipe.readers() == 0)
            throw new FsException(Errno.ENXIO);
        return new FifoFile(at, flags, path, pipe);
    }

    @Override
    public long awaitOpen(Task t) {
        if (partnerSeq < 0 || nonBlocking()) return 0;
        long r = pipe.awaitPartner(t, reads, partnerSeq);
        opener = r == 0 ? null : t;
        return r;
    }

    /**
     * True if the task that was waiting in open(2) for this description has died (killed while
     * it waited): nobody holds the description, so the pipe drops it rather than count a
     * reader or writer that will never come.
     */
    boolean abandoned() {
        Task t = opener;
        return t != null && t.state() == Task.State.DEAD;
    }

    boolean reads() {
        return reads;
    }

    boolean writes() {
        return writes;
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (!reads) return -Errno.EBADF;
        return pipe.read(t, this, new ArrayBuffer(dst, off), len);
    }

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        if (!writes) return -Errno.EBADF;
        return pipe.write(t, this, new ArrayBuffer(src, off), len);
    }

    @Override
    public long readDirect(Task t, UserBuffer to, int len) {
        if (!reads) return -Errno.EBADF;
        return pipe.read(t, this, to, len);
    }

    @Override
    public long writeDirect(Task t, UserBuffer from, int len) {
        if (!writes) return -Errno.EBADF;
        return pipe.write(t, this, from, len);
    }

    @Override
    public int pollMask() {
        int m = 0;
        // POLLHUP only once a writer has come and gone since this open (Linux's f_version check).
        if (reads) m |= pipe.readMask(writes || pipe.writeOpens() != hangupSeq);
        if (writes) m |= pipe.writeMask();
        return m;
    }

    @Override
    public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
        return pipe.ioctl(request, arg, c);
    }

    @Override
    public Pipe pipe() {
        return pipe;
    }

    @Override
    protected boolean asyncCapable() {
        return true;
    }

    @Override
    protected void released() {
        pipe.detach(this, reads, writes); // nothing if the pipe already dropped it (reaped)
    }
}
