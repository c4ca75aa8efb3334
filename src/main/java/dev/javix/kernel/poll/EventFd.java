package dev.javix.kernel.poll;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.Syscall;

/**
 * An eventfd (eventfd(2)): a 64-bit counter that write(2) adds to and read(2) takes.
 * <ul>
 *   <li>read of fewer than 8 bytes: EINVAL; a zero counter blocks (EAGAIN with
 *       EFD_NONBLOCK); otherwise it returns the whole counter and zeroes it, or with
 *       EFD_SEMAPHORE returns 1 and decrements it;</li>
 *   <li>write of fewer than 8 bytes, or of 0xffffffffffffffff: EINVAL; a write that would
 *       take the counter past 0xfffffffffffffffe blocks (EAGAIN with EFD_NONBLOCK);</li>
 *   <li>poll: POLLIN when the counter is nonzero, POLLOUT while 1 more can be written,
 *       POLLERR when {@link #signal} overflowed it to 0xffffffffffffffff.</li>
 * </ul>
 * {@link #signal} is the kernel's side (Linux's eventfd_signal), used by native AIO
 * (IOCB_FLAG_RESFD) to post completions.
 *
 * <p>Guarded by {@code this}: {@link #count}. Lock order: EventFd → WaitQueue (wakes happen
 * after the lock is released, so watchers may call {@link #pollMask}).
 */
public final class EventFd extends AnonInodeFile {
    /** eventfd(2) flags, asm-generic values. */
    public static final int EFD_SEMAPHORE = 1, EFD_NONBLOCK = O_NONBLOCK, EFD_CLOEXEC = O_CLOEXEC;
    /** The largest value the counter holds by write(2) (ULLONG_MAX - 1). */
    static final long MAX = 0xfffffffffffffffeL;

    private final boolean semaphore;
    /** The counter, an unsigned 64-bit value. */
    private long count;
    /** eventfd-id in fdinfo (Linux's ida-allocated id). */
    private final int id;

    /** eventfd2(initval, flags): flags' EFD_NONBLOCK sets O_NONBLOCK, EFD_SEMAPHORE the mode; the fd is O_RDWR. */
    public EventFd(long initval, int flags, int id) {
        super(O_RDWR | (flags & O_NONBLOCK), "[eventfd]");
        this.count = initval;
        this.semaphore = (flags & EFD_SEMAPHORE) != 0;
        this.id = id;
    }

    /** The counter now (for tests and fdinfo). */
    public synchronized long count() {
        return count;
    }

    /**
     * Adds n to the counter and wakes readers and pollers (Linux's eventfd_signal): never
     * blocks; a sum past ULLONG_MAX is clipped to ULLONG_MAX, which makes poll report POLLERR.
     */
    public void signal(long n) {
        synchronized (this) {
            long room = -1L - count; // ULLONG_MAX - count
            if (Long.compareUnsigned(n, room) > 0) n = room;
            count += n;
        }
        waitQueue().wakeAll();
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (len < 8) return -Errno.EINVAL;
        long value;
        synchronized (this) {
            if (count == 0) {
                if (nonBlocking()) return -Errno.EAGAIN;
                waitQueue().add(t);
                return Syscall.BLOCK;
            }
            value = semaphore ? 1 : count;
            count -= value;
        }
        for (int i = 0; i < 8; i++) dst[off + i] = (byte) (value >>> (8 * i));
        waitQueue().wakeAll(); // writers waiting for room
        return 8;
    }

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        if (len < 8) return -Errno.EINVAL;
        long value = 0;
        for (int i = 0; i < 8; i++) value |= (src[off + i] & 0xffL) << (8 * i);
        if (value == -1L) return -Errno.EINVAL;
        synchronized (this) {
            if (Long.compareUnsigned(value, -1L - count) >= 0) { // ULLONG_MAX - count <= value: would pass MAX
                if (nonBlocking()) return -Errno.EAGAIN;
                waitQueue().add(t);
                return Syscall.BLOCK;
            }
            count += value;
        }
        waitQueue().wakeAll(); // even for 0: eventfd_write wakes unconditionally (an EPOLLET watcher sees it)
        return 8;
    }

    @Override
    public synchronized int pollMask() {
        int m = 0;
        if (count != 0) m |= POLLIN | POLLRDNORM;
        if (count == -1L) m |= POLLERR;
        if (Long.compareUnsigned(count, MAX) < 0) m |= POLLOUT | POLLWRNORM;
        return m;
    }

    @Override
    public String fdinfo() {
        return String.format("eventfd-count: %16x\neventfd-id: %d\neventfd-semaphore: %d\n", count(), id, semaphore ? 1 : 0);
    }
}
