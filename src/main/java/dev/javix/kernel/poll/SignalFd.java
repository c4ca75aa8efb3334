package dev.javix.kernel.poll;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.SigInfo;
import dev.javix.syscall.Syscall;

/**
 * A signalfd (signalfd(2)): reading it dequeues pending signals in its mask — the reading
 * thread's own first, then its process's — as 128-byte signalfd_siginfo records, instead of
 * delivering them to handlers (the caller normally blocks them with sigprocmask). A read of
 * fewer than 128 bytes is EINVAL; with nothing pending it blocks (EAGAIN with SFD_NONBLOCK).
 * Poll reports POLLIN when the polling thread has a signal of the mask pending (as in Linux,
 * readiness is that of the caller, "current").
 * <pre>
 *   struct signalfd_siginfo {            // 128 bytes
 *     u32 ssi_signo @0;  s32 ssi_errno @4;  s32 ssi_code @8;  u32 ssi_pid @12;
 *     u32 ssi_uid @16;   s32 ssi_fd @20;    u32 ssi_tid @24;  u32 ssi_band @28;
 *     u32 ssi_overrun @32; u32 ssi_trapno @36; s32 ssi_status @40; s32 ssi_int @44;
 *     u64 ssi_ptr @48;   u64 ssi_utime @56; u64 ssi_stime @64; u64 ssi_addr @72;
 *     u16 ssi_addr_lsb @80; ... (padding to 128) };
 * </pre>
 * It sleeps and is woken on the kernel's "a signal became pending" queue ({@link #pending}),
 * which this file's own queue follows through a watcher, so epoll and poll see it too.
 *
 * <p>Guarded by {@code this}: {@link #mask}.
 */
public final class SignalFd extends AnonInodeFile implements WaitQueue.Watcher {
    public static final int SIZE = 128;
    public static final int SFD_CLOEXEC = O_CLOEXEC, SFD_NONBLOCK = O_NONBLOCK;
    private static final long UNBLOCKABLE = (1L << 8) | (1L << 18); // SIGKILL, SIGSTOP
    private static final int SI_TIMER = -2, SIGCHLD = 17;

    private final Process owner;
    private final WaitQueue pending;
    private long mask;

    /**
     * A signalfd for mask, created by owner; pending is the queue the signal code wakes when
     * any signal becomes pending.
     */
    public SignalFd(long mask, int flags, Process owner, WaitQueue pending) {
        super(O_RDWR | (flags & O_NONBLOCK), "[signalfd]");
        this.mask = mask & ~UNBLOCKABLE;
        this.owner = owner;
        this.pending = pending;
        pending.addWatcher(this, false);
    }

    /** signalfd4 on an existing signalfd: replaces the mask and wakes readers. */
    public void setMask(long m) {
        synchronized (this) {
            mask = m & ~UNBLOCKABLE;
        }
        waitQueue().wakeAll();
    }

    public synchronized long mask() {
        return mask;
    }

    /** A signal became pending somewhere: our readers and pollers re-check. */
    @Override
    public boolean queueWoken(int key) {
        waitQueue().wakeAll();
        return true;
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (len < SIZE) return -Errno.EINVAL;
        long m = mask();
        int n = 0;
        while (n + SIZE <= len) {
            SigInfo info = t.pending.take(m);
            if (info == null) info = t.process.pending.take(m);
            if (info == null) break;
            encode(info, dst, off + n);
            n += SIZE;
        }
        if (n > 0) return n;
        if (nonBlocking()) return -Errno.EAGAIN;
        waitQueue().add(t);
        // re-check after queueing: a signal raised in between must not be missed
        if (((t.pending.bits() | t.process.pending.bits()) & m) != 0) {
            waitQueue().remove(t);
            return read(t, dst, off, len);
        }
        return Syscall.BLOCK;
    }

    @Override
    public int pollMask() {
        Task t = Task.current();
        long m = mask();
        long bits = owner.pending.bits();
        if (t != null) bits = t.pending.bits() | t.process.pending.bits();
        return (bits & m) != 0 ? POLLIN | POLLRDNORM : 0;
    }

    /** signalfd_copyinfo: the fields the signal's siginfo layout has. */
    static void encode(SigInfo i, byte[] b, int at) {
        java.util.Arrays.fill(b, at, at + SIZE, (byte) 0);
        putInt(b, at, i.signo());
        putInt(b, at + 8, i.code());
        int sig = i.signo(), code = i.code();
        boolean positive = code > 0 && code < SigInfo.SI_KERNEL;
        boolean fault = positive && (sig == 4 || sig == 5 || sig == 7 || sig == 8 || sig == 11);
        if (fault) {
            putLong(b, at + 72, i.addr());
        } else if (positive && sig == SIGCHLD) {
            putInt(b, at + 12, i.pid());
            putInt(b, at + 16, i.uid());
            putInt(b, at + 40, i.status());
        } else if ((positive && code <= 6) || code == Fasync.SI_SIGIO) { // SIL_POLL (SIGIO, or an F_SETSIG signal): si_band, si_fd
            putInt(b, at + 28, i.pid()); // low half of si_band (see Fasync.info)
            putInt(b, at + 20, (int) i.value());
        } else if (code == SI_TIMER) {
            putInt(b, at + 24, i.pid()); // si_tid
            putInt(b, at + 32, i.uid()); // si_overrun
            putLong(b, at + 48, i.value());
            putInt(b, at + 44, (int) i.value());
        } else if (code < 0) { // SIL_RT: sigqueue and friends
            putInt(b, at + 12, i.pid());
            putInt(b, at + 16, i.uid());
            putLong(b, at + 48, i.value());
            putInt(b, at + 44, (int) i.value());
        } else { // SIL_KILL
            putInt(b, at + 12, i.pid());
            putInt(b, at + 16, i.uid());
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int k = 0; k < 4; k++) b[at + k] = (byte) (v >>> (8 * k));
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int k = 0; k < 8; k++) b[at + k] = (byte) (v >>> (8 * k));
    }

    @Override
    protected void released() {
        pending.removeWatcher(this);
    }

    @Override
    public String fdinfo() {
        return String.format("sigmask:\t%016x\n", mask());
    }
}
