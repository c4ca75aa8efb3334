package dev.javix.kernel.net;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.Timers;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.Interruptible;
import dev.javix.syscall.Syscall;

/**
 * A socket call that had to wait ({@code Task.syscallState}): how far it got (bytes sent, or
 * received into the guest), its deadline under SO_RCVTIMEO/SO_SNDTIMEO, and the queue it waits
 * on; for an inet connect(2), whether this call started the attempt. Kept across wake-ups,
 * dropped when the call completes. Shared by every address family (AF_UNIX here, AF_INET in
 * {@code kernel.net.inet}).
 *
 * <p>A signal handler interrupts it (signal(7)): a call that already moved data returns the
 * count; otherwise accept, connect, send and recv are restarted under SA_RESTART unless a
 * timeout was set, in which case they fail with EINTR (sock_intr_errno).
 */
public final class Transfer implements Interruptible {
    private long deadline = Long.MAX_VALUE;
    private boolean timed;
    /** Progress of the call: bytes sent, or bytes received and already copied out. */
    public int done;
    /** An inet connect(2) that started the connection attempt (EINPROGRESS on timeout, 0 on success). */
    public boolean startedConnect;
    private WaitQueue queue;
    private Timers.Handle timer;

    /** The state of t's blocked socket call, or null on a fresh call. */
    public static Transfer of(Task t) {
        return t.syscallState instanceof Transfer x ? x : null;
    }

    /** Progress so far of t's call (0 on a fresh call). */
    public static int progress(Task t) {
        Transfer x = of(t);
        return x == null ? 0 : x.done;
    }

    /** True when t's call has waited out its timeout. */
    public static boolean expired(Kernel k, Task t) {
        Transfer x = of(t);
        return x != null && x.timed && k.clock().monotonicNanos() >= x.deadline;
    }

    /**
     * Puts t to sleep on q with progress done: the first time, arms the timeout (timeoutNanos,
     * 0 for none). Call with the domain lock held so no wake-up is lost. Returns BLOCK.
     */
    public static long block(Kernel k, Task t, WaitQueue q, long timeoutNanos, int done) {
        Transfer x = of(t);
        if (x == null) {
            x = new Transfer();
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

    /** The call completes: cancels its timer and forgets the state. Returns result. */
    public static long finish(Task t, long result) {
        Transfer x = of(t);
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
