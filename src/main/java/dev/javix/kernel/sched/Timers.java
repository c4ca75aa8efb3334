package dev.javix.kernel.sched;

/**
 * Kernel timers: run a wake-up at a monotonic deadline (nanosleep, timeouts, alarm). Timer
 * actions only wake tasks or queue signals; they never run guest code. Two implementations:
 * {@link HostTimers} (a host thread, real time) and {@link VirtualTimers} (fired by the
 * scheduler against the virtual clock, for --deterministic).
 */
public interface Timers extends AutoCloseable {
    /** A timer that can still be cancelled. */
    interface Handle {
        void cancel();
    }

    /** Runs action once the monotonic clock reaches deadlineNanos. */
    Handle at(long deadlineNanos, Runnable action);

    @Override
    void close();
}
