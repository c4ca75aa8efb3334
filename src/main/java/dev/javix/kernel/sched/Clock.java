package dev.javix.kernel.sched;

/**
 * The kernel's time sources. The real clock reads the host; a deterministic clock (a later
 * issue: --deterministic) derives time from instruction counts, so every use of time in the
 * kernel goes through here.
 */
public interface Clock {
    /** CLOCK_MONOTONIC, nanoseconds since boot. */
    long monotonicNanos();

    /** CLOCK_REALTIME, nanoseconds since the epoch. */
    long realtimeNanos();

    /** The host's clocks: monotonic since the kernel started, realtime from the host. */
    static Clock host() {
        long start = System.nanoTime();
        return new Clock() {
            @Override
            public long monotonicNanos() {
                return System.nanoTime() - start;
            }

            @Override
            public long realtimeNanos() {
                java.time.Instant now = java.time.Instant.now();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
        };
    }
}
