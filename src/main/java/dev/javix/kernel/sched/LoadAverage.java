package dev.javix.kernel.sched;

/**
 * The load averages of /proc/loadavg and uptime(1): exponentially damped averages over 1, 5
 * and 15 minutes of the number of active tasks (running or waiting for a CPU), sampled every
 * 5 seconds in Linux's fixed-point arithmetic (kernel/sched/loadavg.c: calc_load with FSHIFT 11
 * and EXP_1/EXP_5/EXP_15). javix has no uninterruptible sleep (state D), so active means
 * runnable.
 *
 * <p>The samples are taken by the virtual CPUs as they look for work ({@link Scheduler#next}),
 * which an idle CPU does at least every 50 ms, so no timer is needed. Thread-safe: the
 * averages are guarded by {@code this}; {@link #nextSample} is read without the lock first.
 */
public final class LoadAverage {
    static final int FSHIFT = 11;
    static final long FIXED_1 = 1L << FSHIFT;
    /** exp(-5s/1min), exp(-5s/5min), exp(-5s/15min) in fixed point. */
    static final long[] EXP = {1884, 2014, 2037};
    /** LOAD_FREQ: 5 seconds. */
    static final long PERIOD_NANOS = 5_000_000_000L;

    private final long[] avenrun = new long[3];
    private volatile long nextSample;

    public LoadAverage(long startNanos) {
        nextSample = startNanos + PERIOD_NANOS;
    }

    /** A sample point: if a period has passed, fold active tasks into the averages. */
    void tick(long now, java.util.function.IntSupplier active) {
        if (now < nextSample) return;
        synchronized (this) {
            if (now < nextSample) return;
            long a = active.getAsInt() * FIXED_1;
            // Periods nobody sampled (a long pause of the host) count with the current figure.
            while (nextSample <= now) {
                for (int i = 0; i < 3; i++) avenrun[i] = calcLoad(avenrun[i], EXP[i], a);
                nextSample += PERIOD_NANOS;
            }
        }
    }

    /** calc_load: load * exp + active * (1 - exp), rounded up while the load rises. */
    static long calcLoad(long load, long exp, long active) {
        long newload = load * exp + active * (FIXED_1 - exp);
        if (active >= load) newload += FIXED_1 - 1;
        return newload / FIXED_1;
    }

    /** The three averages as /proc/loadavg prints them: "0.52 0.58 0.59". */
    public synchronized String format() {
        StringBuilder b = new StringBuilder(16);
        for (int i = 0; i < 3; i++) {
            long x = avenrun[i] + FIXED_1 / 200; // rounded to the nearest hundredth, as Linux
            if (i > 0) b.append(' ');
            b.append(x >> FSHIFT).append('.');
            long frac = ((x & (FIXED_1 - 1)) * 100) >> FSHIFT;
            if (frac < 10) b.append('0');
            b.append(frac);
        }
        return b.toString();
    }
}
