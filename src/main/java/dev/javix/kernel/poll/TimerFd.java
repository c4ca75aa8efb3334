package dev.javix.kernel.poll;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.Clock;
import dev.javix.kernel.sched.Timers;
import dev.javix.syscall.Syscall;

/**
 * A timerfd (timerfd_create(2)): a timer whose expirations are read as a count. read(2) of
 * at least 8 bytes returns the expirations since the last read (or settime) as a u64 and
 * resets it, blocking (EAGAIN with TFD_NONBLOCK) while it is 0; poll reports POLLIN while it
 * is not. Clocks: CLOCK_REALTIME, CLOCK_MONOTONIC and CLOCK_BOOTTIME (the same as monotonic
 * here: the guest never suspends). An absolute CLOCK_REALTIME time is converted to a
 * monotonic deadline when set; javix's realtime clock cannot be set (clock_settime), so it
 * never jumps and TFD_TIMER_CANCEL_ON_SET is accepted but never fires (ECANCELED cannot happen).
 *
 * <p>Guarded by {@code this}: every mutable field. The expiry callback runs on the timer
 * thread and takes only this lock; wakes happen after it is released.
 */
public final class TimerFd extends AnonInodeFile {
    public static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_BOOTTIME = 7;
    public static final int TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;

    private final int clockId;
    private final Clock clock;
    private final Timers timers;

    // guarded by this
    /** Monotonic time of the next expiry; 0 when disarmed. */
    private long expiry;
    private long interval;
    private long ticks;
    /** Bumped by every settime so a stale timer callback does nothing. */
    private long generation;
    private Timers.Handle handle;
    private boolean cancelOnSet;

    public TimerFd(int clockId, int flags, Clock clock, Timers timers) {
        super(O_RDWR | (flags & O_NONBLOCK), "[timerfd]");
        this.clockId = clockId;
        this.clock = clock;
        this.timers = timers;
    }

    /**
     * timerfd_settime: arms (value > 0) or disarms (value 0) the timer; value is absolute in
     * the timer's clock with TFD_TIMER_ABSTIME. Returns the old setting as {value left, interval}.
     */
    public long[] set(int flags, long value, long intervalNs) {
        long[] old;
        boolean expired = false;
        synchronized (this) {
            old = getLocked();
            if (handle != null) handle.cancel();
            handle = null;
            generation++;
            ticks = 0;
            interval = intervalNs;
            cancelOnSet = (flags & TFD_TIMER_CANCEL_ON_SET) != 0;
            if (value == 0) {
                expiry = 0;
            } else {
                long now = clock.monotonicNanos();
                long rel = (flags & TFD_TIMER_ABSTIME) == 0 ? value : value - nowInClock();
                // A past time keeps its place, so a periodic timer counts the periods missed since.
                expiry = rel > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + rel;
                if (expiry <= 0) expiry = 1; // 0 means disarmed
                if (rel <= 0) {
                    expireLocked(now); // a time already past expires now, as hrtimer_start does
                    expired = true;
                } else {
                    schedule();
                }
            }
        }
        if (expired) waitQueue().wakeAll();
        return old;
    }

    /** timerfd_gettime: {value left (relative, 0 if disarmed), interval}. */
    public synchronized long[] get() {
        return getLocked();
    }

    private long[] getLocked() {
        if (expiry == 0) return new long[] {0, interval};
        long left = expiry - clock.monotonicNanos();
        return new long[] {Math.max(left, 0), interval}; // timerfd_get_remaining: never negative
    }

    private long nowInClock() {
        return clockId == CLOCK_REALTIME ? clock.realtimeNanos() : clock.monotonicNanos();
    }

    /** Requires this. */
    private void schedule() {
        long gen = generation, at = expiry;
        handle = timers.at(at, () -> fired(gen));
    }

    /** The timer expired: count it (and the periods missed) and re-arm a periodic timer. */
    private void fired(long gen) {
        synchronized (this) {
            if (gen != generation || expiry == 0) return;
            long now = clock.monotonicNanos();
            if (now < expiry) { // early host wake-up
                schedule();
                return;
            }
            expireLocked(now);
        }
        waitQueue().wakeAll();
    }

    /** Counts the expiry at {@link #expiry} (and the periods missed since) and re-arms a periodic timer. */
    private void expireLocked(long now) {
        if (interval > 0) {
            long missed = (now - expiry) / interval; // hrtimer_forward: overruns count too
            ticks += 1 + missed;
            expiry += (missed + 1) * interval;
            schedule();
        } else {
            ticks++;
            expiry = 0;
        }
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (len < 8) return -Errno.EINVAL;
        long n;
        synchronized (this) {
            if (ticks == 0) {
                if (nonBlocking()) return -Errno.EAGAIN;
                waitQueue().add(t);
                return Syscall.BLOCK;
            }
            n = ticks;
            ticks = 0;
        }
        for (int i = 0; i < 8; i++) dst[off + i] = (byte) (n >>> (8 * i));
        return 8;
    }

    @Override
    public synchronized int pollMask() {
        return ticks != 0 ? POLLIN | POLLRDNORM : 0;
    }

    /** The expirations not yet read (tests, fdinfo). */
    public synchronized long ticks() {
        return ticks;
    }

    @Override
    protected void released() {
        synchronized (this) {
            generation++;
            if (handle != null) handle.cancel();
            handle = null;
        }
    }

    @Override
    public String fdinfo() {
        long[] v = get();
        long t;
        int settime;
        synchronized (this) {
            t = ticks;
            settime = cancelOnSet ? TFD_TIMER_CANCEL_ON_SET : 0;
        }
        return String.format("clockid: %d\nticks: %d\nsettime flags: 0%o\nit_value: (%d, %d)\nit_interval: (%d, %d)\n",
                clockId, t, settime, v[0] / 1_000_000_000L, v[0] % 1_000_000_000L,
                v[1] / 1_000_000_000L, v[1] % 1_000_000_000L);
    }
}
