package dev.javix.kernel.sched;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Timers on one host thread per kernel, against the host's monotonic clock. */
public final class HostTimers implements Timers {
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;

    public HostTimers(Clock clock, String name) {
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Handle at(long deadlineNanos, Runnable action) {
        long delay = Math.max(0, deadlineNanos - clock.monotonicNanos());
        ScheduledFuture<?> f = executor.schedule(action, delay, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
