package dev.javix.kernel.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Timers of --deterministic runs: kept in deadline order (ties in creation order) and fired by
 * the scheduler whenever it picks the next task, against the {@link VirtualClock}. When no task
 * can run, the scheduler moves the clock to the earliest deadline.
 *
 * <p>Guarded by {@code this}.
 */
public final class VirtualTimers implements Timers {
    private record Entry(long deadline, long seq, Runnable action) {}

    private final Clock clock;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) ->
            a.deadline != b.deadline ? Long.compare(a.deadline, b.deadline) : Long.compare(a.seq, b.seq));
    private long seq;

    public VirtualTimers(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Handle at(long deadlineNanos, Runnable action) {
        Entry e = new Entry(deadlineNanos, seq++, action);
        queue.add(e);
        return () -> {
            synchronized (this) {
                queue.remove(e);
            }
        };
    }

    /** Runs every timer whose deadline has passed; returns how many fired. */
    public int fireDue() {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            long now = clock.monotonicNanos();
            while (!queue.isEmpty() && queue.peek().deadline <= now) due.add(queue.poll().action);
        }
        due.forEach(Runnable::run);
        return due.size();
    }

    /** The earliest pending deadline, or Long.MAX_VALUE. */
    public synchronized long nextDeadline() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().deadline;
    }

    @Override
    public void close() {}
}
