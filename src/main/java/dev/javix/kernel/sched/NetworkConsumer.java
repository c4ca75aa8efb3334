package dev.javix.kernel.sched;

/**
 * Which task the network's wake-ups have gone to lately: the scheduler's evidence that one task
 * (a single-threaded epoll server) consumes the network's events, so that an idle CPU should
 * leave the network to that task's own CPU while it runs ({@link Scheduler#next}).
 *
 * <p>Written by the thread that polls the network (the event thread, or one CPU in its place:
 * one at a time), read by idle CPUs; a stale read only delays the rule by a wake-up or two.
 */
final class NetworkConsumer<T> {
    /** Wake-ups of one task in a row after which it is taken to be the network's only consumer. */
    static final int IN_A_ROW = 8;

    private volatile T last;
    private volatile int inARow;

    /** The network's poll woke t. */
    void woke(T t) {
        if (t == last) {
            if (inARow < IN_A_ROW) inARow++;
        } else {
            last = t;
            inARow = 1;
        }
    }

    /** The task the last {@link #IN_A_ROW} network wake-ups all went to, or null. */
    T sole() {
        return inARow >= IN_A_ROW ? last : null;
    }
}
