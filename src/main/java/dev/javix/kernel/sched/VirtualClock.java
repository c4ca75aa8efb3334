package dev.javix.kernel.sched;

/**
 * The clock of --deterministic runs (design decision 7): time is the number of guest
 * instructions retired (one nanosecond each, a 1 GHz machine) plus the jumps the scheduler
 * makes when every task waits for a timer, so a sleep takes no wall time and the same run
 * reads the same times. CLOCK_REALTIME starts at a fixed epoch.
 *
 * <p>Guarded by {@code this}.
 */
public final class VirtualClock implements Clock {
    /** 2026-01-01T00:00:00Z: realtime at virtual boot. */
    public static final long EPOCH_NANOS = 1_767_225_600L * 1_000_000_000L;

    private long nanos;

    @Override
    public synchronized long monotonicNanos() {
        return nanos;
    }

    @Override
    public synchronized long realtimeNanos() {
        return EPOCH_NANOS + nanos;
    }

    /** Guest instructions were retired: time moves on by as many nanoseconds. */
    public synchronized void advance(long ns) {
        nanos += ns;
    }

    /** Nothing can run before t: jump there. */
    public synchronized void advanceTo(long t) {
        if (t > nanos) nanos = t;
    }
}
