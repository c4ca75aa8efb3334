package dev.javix.kernel.sched;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Kernel timers: run a wake-up at a monotonic deadline (nanosleep, timeouts, alarm). One host
 * thread per kernel; timer actions only wake wait queues or tasks, never run guest code.
 */
public final class Timers implements AutoCloseable {
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;

    public Timers(Clock clock, String name) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs action once the monotonic clock reaches deadlineNanos; returns a handle to cancel. */
    public ScheduledFuture<?> at(long deadlineNanos, Runnable action) {
        long delay = Math.max(0, deadlineNanos - clock.monotonicNanos());
        return executor.schedule(action, delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
