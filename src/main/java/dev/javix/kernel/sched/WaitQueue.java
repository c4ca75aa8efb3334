package dev.javix.kernel.sched;

import dev.javix.kernel.proc.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks waiting for something (data in a pipe, a child's exit, a futex word). A task that
 * must wait adds itself and returns {@code Syscall.BLOCK}; whoever makes the condition true
 * calls {@link #wakeAll()}, and each woken task runs its system call again (design decision 2),
 * re-checking the condition. Spurious wake-ups are therefore harmless.
 *
 * <p>Also the hook of the one readiness protocol (design decision 3): poll, select and epoll
 * register here too, through {@link Waiter}s that are not tasks.
 *
 * <p>Thread-safe: guarded by {@code this}.
 */
public final class WaitQueue {
    /** Something to notify when the queue is woken: a sleeping task, or an epoll instance. */
    public interface Waiter {
        void wake();
    }

    private final List<Waiter> waiters = new ArrayList<>(2);

    /** Adds w (once) to the queue. */
    public synchronized void add(Waiter w) {
        if (!waiters.contains(w)) waiters.add(w);
    }

    public synchronized void remove(Waiter w) {
        waiters.remove(w);
    }

    /** Wakes and removes every waiter. */
    public void wakeAll() {
        Waiter[] list;
        synchronized (this) {
            if (waiters.isEmpty()) return;
            list = waiters.toArray(new Waiter[0]);
            waiters.clear();
        }
        for (Waiter w : list) w.wake();
    }

    public synchronized boolean isEmpty() {
        return waiters.isEmpty();
    }

    /** Adds a task: convenience for {@code add(task)}. */
    public void add(Task t) {
        add((Waiter) t);
    }
}
