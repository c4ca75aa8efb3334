package dev.javix.kernel.signal;

import dev.javix.kernel.proc.Task;

/**
 * The state ({@code Task.syscallState}) of a blocked system call that needs a say when a
 * signal handler interrupts it: whether SA_RESTART may restart it, what it returns instead
 * (nanosleep writes the remaining time), and what it must undo (a futex waiter leaves its
 * queue). Calls whose state does not implement this are restartable and return -EINTR.
 */
public interface Interruptible {
    /**
     * Whether SA_RESTART restarts this call. signal(7) lists the calls that are never restarted
     * (nanosleep, sigsuspend, poll, select, epoll_wait, sigtimedwait, …).
     */
    boolean restartable();

    /** Undoes the wait and returns the call's result for an interrupted, not restarted, call. */
    long interrupt(Task t);
}
