package dev.javix.kernel.signal;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.Timers;
import java.util.HashMap;
import java.util.Map;

/**
 * A process's POSIX interval timers (timer_create(2)): each notifies by a signal to the
 * process (SIGEV_SIGNAL) or one thread (SIGEV_THREAD_ID, how glibc implements SIGEV_THREAD),
 * or not at all (SIGEV_NONE), carrying si_code SI_TIMER, the timer id, the overrun count and
 * the caller's sigev_value. Not inherited by fork; deleted by exec and exit.
 *
 * <p>Guarded by {@code this}.
 */
public final class PosixTimers {
    public static final int SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;

    private final class Timer {
        final int id, clock, signo, notify;
        final Task target;
        final long value;
        long deadline, interval;
        int overrun, lastOverrun;
        boolean pending;
        Timers.Handle handle;

        Timer(int id, int clock, int signo, int notify, Task target, long value) {
            this.id = id;
            this.clock = clock;
            this.signo = signo;
            this.notify = notify;
            this.target = target;
            this.value = value;
        }
    }

    private final Kernel kernel;
    private final Process process;
    private final Map<Integer, Timer> timers = new HashMap<>();
    private int nextId;

    public PosixTimers(Kernel kernel, Process process) {
        this.kernel = kernel;
        this.process = process;
    }

    /** timer_create: returns the new id or -errno. */
    public synchronized int create(int clock, int signo, int notify, Task target, long value) {
        if (notify != SIGEV_NONE && (signo < 1 || signo > 64)) return -Errno.EINVAL;
        if (notify != SIGEV_SIGNAL && notify != SIGEV_NONE && notify != SIGEV_THREAD_ID) return -Errno.EINVAL;
        if (timers.size() >= 4096) return -Errno.EAGAIN;
        int id = nextId++;
        timers.put(id, new Timer(id, clock, signo, notify, target, value));
        return id;
    }

    /** The clock a timer measures (its CLOCK_* id), or -1 for a bad id. */
    public synchronized int clock(int id) {
        Timer t = timers.get(id);
        return t == null ? -1 : t.clock;
    }

    /**
     * timer_settime: arms (or with value 0 disarms) the timer at a monotonic deadline; returns
     * {old remaining, old interval} or null for a bad id.
     */
    public synchronized long[] set(int id, long monotonicDeadline, long interval) {
        Timer t = timers.get(id);
        if (t == null) return null;
        long[] old = get(t);
        if (t.handle != null) t.handle.cancel();
        t.handle = null;
        t.deadline = monotonicDeadline;
        t.interval = interval;
        if (monotonicDeadline > 0) arm(t);
        return old;
    }

    /** timer_gettime: {remaining ns, interval ns}, or null for a bad id. */
    public synchronized long[] get(int id) {
        Timer t = timers.get(id);
        return t == null ? null : get(t);
    }

    private long[] get(Timer t) {
        if (t.deadline == 0) return new long[] {0, t.interval};
        return new long[] {Math.max(1, t.deadline - kernel.clock().monotonicNanos()), t.interval};
    }

    /** timer_getoverrun: the overruns of the last delivered expiry, or -EINVAL. */
    public synchronized int overrun(int id) {
        Timer t = timers.get(id);
        return t == null ? -Errno.EINVAL : t.lastOverrun;
    }

    /** timer_delete: 0 or -EINVAL. */
    public synchronized int delete(int id) {
        Timer t = timers.remove(id);
        if (t == null) return -Errno.EINVAL;
        if (t.handle != null) t.handle.cancel();
        return 0;
    }

    /** exec and exit delete every timer. */
    public synchronized void clear() {
        for (Timer t : timers.values()) if (t.handle != null) t.handle.cancel();
        timers.clear();
    }

    private void arm(Timer t) {
        long deadline = t.deadline;
        t.handle = kernel.timers().at(deadline, () -> fired(t, deadline));
    }

    private void fired(Timer t, long deadline) {
        SigInfo info;
        synchronized (this) {
            if (timers.get(t.id) != t || t.deadline != deadline) return; // re-armed or deleted since
            if (t.pending) t.overrun++; // the previous expiry's signal is still queued
            if (t.interval > 0) {
                t.deadline = deadline + t.interval;
                arm(t);
            } else {
                t.deadline = 0;
                t.handle = null;
            }
            if (t.notify == SIGEV_NONE || t.pending) return;
            t.pending = true;
            t.lastOverrun = t.overrun;
            t.overrun = 0;
            info = new SigInfo(t.signo, SigInfo.SI_TIMER, t.id, t.lastOverrun, 0, 0, t.value);
        }
        synchronized (this) {
            t.pending = false; // the signal is queued now; a later expiry queues another (RT) or merges
        }
        if (t.notify == SIGEV_THREAD_ID && t.target != null) kernel.signals().sendToThread(t.target, info);
        else kernel.signals().send(process, info);
    }
}
