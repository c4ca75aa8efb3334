package dev.javix.kernel.sched;

import dev.javix.kernel.proc.Task;
import java.util.Arrays;

/**
 * Tasks waiting for something (data in a pipe, a child's exit, a futex word). A task that
 * must wait adds itself and returns {@code Syscall.BLOCK}; whoever makes the condition true
 * calls {@link #wakeAll()}, and each woken task runs its system call again (design decision 2),
 * re-checking the condition. Spurious wake-ups are therefore harmless.
 *
 * <p>Also the hook of the one readiness protocol (design decision 3). Two kinds of entries:
 * <ul>
 *   <li>{@link Waiter}s (sleeping tasks, a poll in progress): woken once and removed, like
 *       Linux's autoremove_wake_function;</li>
 *   <li>{@link Watcher}s (an epoll item, an O_ASYNC owner): called on every wake-up and kept
 *       until removed, like the wait entry ep_ptable_queue_proc installs. Exclusive watchers
 *       (EPOLLEXCLUSIVE) come last and the wake-up stops at the first of them that reports
 *       it woke someone, as __wake_up_common does with nr_exclusive = 1.</li>
 * </ul>
 *
 * <p>Locking: the waiter array is guarded by {@code this}; the watcher array is copy-on-write
 * (written under {@code this}, read without a lock). Waiters and watchers are called with no
 * lock of the queue held, so they may take locks (the scheduler's, an epoll's ready list)
 * and may add to or remove from this queue. {@link #wakeAll()} allocates nothing.
 */
public final class WaitQueue {
    /** Something to notify once when the queue is woken: a sleeping task. */
    public interface Waiter {
        void wake();
    }

    /** The key of a wake-up that does not say what changed. */
    public static final int ANY = -1;

    /** Something called on every wake-up until removed: an epoll item, an O_ASYNC owner. */
    public interface Watcher {
        /**
         * The queue was woken; key is the poll bits that may have become true (POLLIN after a
         * write, POLLOUT after a read, as Linux's wake_up_poll passes them) or {@link #ANY}.
         * Returns true if this woke a sleeper; only consulted for an exclusive watcher (the
         * wake-up then goes no further down the exclusive ones).
         */
        boolean queueWoken(int key);

        /** The object owning the queue (an open file description) is gone for good (its last close). */
        default void ownerReleased() {}
    }

    /** The watchers, non-exclusive ones before {@code exclusiveFrom}; immutable, replaced whole. */
    private record Watchers(Watcher[] all, int exclusiveFrom) {}

    private static final Watchers NO_WATCHERS = new Watchers(new Watcher[0], 0);

    // guarded by this
    private Waiter[] waiters = new Waiter[2];
    private int count;
    /** Copy-on-write: written under this, read without a lock. */
    private volatile Watchers watchers = NO_WATCHERS;

    /** Adds w (once) to the queue. */
    public synchronized void add(Waiter w) {
        for (int i = 0; i < count; i++) if (waiters[i] == w) return;
        if (count == waiters.length) waiters = Arrays.copyOf(waiters, count * 2);
        waiters[count++] = w;
    }

    public synchronized void remove(Waiter w) {
        for (int i = 0; i < count; i++) {
            if (waiters[i] == w) {
                waiters[i] = waiters[--count];
                waiters[count] = null;
                return;
            }
        }
    }

    /** Adds a task: convenience for {@code add(task)}. */
    public void add(Task t) {
        add((Waiter) t);
    }

    /** Adds a persistent watcher (once); exclusive ones are woken one at a time (EPOLLEXCLUSIVE). */
    public synchronized void addWatcher(Watcher w, boolean exclusive) {
        Watcher[] old = watchers.all();
        for (Watcher x : old) if (x == w) return;
        Watcher[] next = new Watcher[old.length + 1];
        int split = watchers.exclusiveFrom();
        if (exclusive) {
            System.arraycopy(old, 0, next, 0, old.length);
            next[old.length] = w;
        } else {
            System.arraycopy(old, 0, next, 0, split);
            next[split] = w;
            System.arraycopy(old, split, next, split + 1, old.length - split);
            split++;
        }
        watchers = new Watchers(next, split);
    }

    public synchronized void removeWatcher(Watcher w) {
        Watcher[] old = watchers.all();
        for (int i = 0; i < old.length; i++) {
            if (old[i] != w) continue;
            if (old.length == 1) {
                watchers = NO_WATCHERS;
                return;
            }
            Watcher[] next = new Watcher[old.length - 1];
            System.arraycopy(old, 0, next, 0, i);
            System.arraycopy(old, i + 1, next, i, old.length - i - 1);
            int split = watchers.exclusiveFrom();
            watchers = new Watchers(next, i < split ? split - 1 : split);
            return;
        }
    }

    /**
     * Wakes and removes every waiter, then calls every watcher (exclusive ones until the first
     * that woke someone). Waiters that add themselves again meanwhile are not woken twice by
     * this call beyond the number present at its start.
     */
    public void wakeAll() {
        wakeAll(ANY);
    }

    /** {@link #wakeAll()} telling watchers which poll bits may have become true (wake_up_poll). */
    public void wakeAll(int key) {
        int n;
        synchronized (this) {
            n = count;
        }
        // One at a time, so no array is allocated and no waiter is called with the lock held.
        while (n-- > 0) {
            Waiter w;
            synchronized (this) {
                if (count == 0) break;
                w = waiters[--count];
                waiters[count] = null;
            }
            w.wake();
        }
        Watchers snapshot = watchers;
        Watcher[] ws = snapshot.all();
        if (ws.length == 0) return;
        int split = snapshot.exclusiveFrom();
        for (int i = 0; i < split; i++) ws[i].queueWoken(key);
        for (int i = split; i < ws.length; i++) if (ws[i].queueWoken(key)) break;
    }

    /** True when no task waits (watchers do not count). */
    public synchronized boolean isEmpty() {
        return count == 0;
    }

    /**
     * The owner of this queue is released (a file's last close): every watcher is told, so an
     * epoll drops its registration (epoll(7) Q6) and an O_ASYNC owner stops.
     */
    public void ownerReleased() {
        for (Watcher w : watchers.all()) w.ownerReleased();
    }

    /** A snapshot of the watchers (epoll's nesting check walks enclosing epolls through it). */
    public Watcher[] watchers() {
        return watchers.all().clone();
    }

    /** True when some watcher (epoll, O_ASYNC) is attached: for tests and fdinfo. */
    public boolean watched() {
        return watchers.all().length != 0;
    }
}
