package dev.javix.kernel.net.inet;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.Timers;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.Interruptible;
import dev.javix.syscall.Syscall;

/**
 * An inet socket call that had to wait ({@code Task.syscallState}): its progress (bytes sent,
 * or received and already copied out), its deadline under SO_RCVTIMEO/SO_SNDTIMEO, whether it
 * started a connect, and the queue it waits on. Dropped when the call completes.
 *
 * <p>The inet counterpart of AF_UNIX's {@code kernel.net.Transfer} (private to that package),
 * plus the connect bookkeeping.
 *
 * <p>A signal handler interrupts it (signal(7)): a call that moved data returns the count;
 * otherwise it is restarted under SA_RESTART unless a timeout was set, when it fails with EINTR
 * (sock_intr_errno).
 */
final class InetWait implements Interruptible {
    private long deadline = Long.MAX_VALUE;
    private boolean timed;
    /** Progress of the call: bytes sent, or bytes received and already copied out. */
    int done;
    /** This connect(2) started the connection attempt (so it answers EINPROGRESS on timeout, 0 on success). */
    boolean startedConnect;
    private WaitQueue queue;
    private Timers.Handle timer;

    static InetWait of(Task t) {
        return t.syscallState instanceof InetWait x ? x : null;
    }

    static int progress(Task t) {
        InetWait x = of(t);
        return x == null ? 0 : x.done;
    }

    /** True when t's call has waited out its timeout. */
    static boolean expired(Kernel k, Task t) {
        InetWait x = of(t);
        return x != null && x.timed && k.clock().monotonicNanos() >= x.deadline;
    }

    /**
     * Puts t on q with progress done, arming the timeout (0: none) the first time. Call with the
     * socket's lock held, so that a wake-up made after the lock is released is not lost. Returns BLOCK.
     */
    static long block(Kernel k, Task t, WaitQueue q, long timeoutNanos, int done) {
        InetWait x = of(t);
        if (x == null) {
            x = new InetWait();
            if (timeoutNanos > 0) {
                x.timed = true;
                x.deadline = k.clock().monotonicNanos() + timeoutNanos;
                x.timer = k.timers().at(x.deadline, t::wake);
            }
            t.syscallState = x;
        }
        x.done = done;
        if (x.queue != null && x.queue != q) x.queue.remove(t);
        x.queue = q;
        q.add(t);
        return Syscall.BLOCK;
    }

    /** The call completes: its timer is cancelled and its state forgotten. Returns result. */
    static long finish(Task t, long result) {
        InetWait x = of(t);
        if (x != null) {
            x.cleanup(t);
            t.syscallState = null;
        }
        return result;
    }

    private void cleanup(Task t) {
        if (timer != null) timer.cancel();
        if (queue != null) queue.remove(t);
        timer = null;
        queue = null;
    }

    @Override
    public boolean restartable() {
        return done == 0 && !timed;
    }

    @Override
    public long interrupt(Task t) {
        cleanup(t);
        return done > 0 ? done : -Errno.EINTR;
    }
}
