package dev.javix.kernel.signal;

import java.util.ArrayDeque;

/**
 * Pending signals of a task or a process (signal(7), "Signal mask and pending signals"): a
 * set, plus the siginfo of each. Standard signals do not queue (a second one while pending is
 * merged); real-time signals (32–64) queue, each with its own siginfo, delivered in order.
 *
 * <p>Guarded by {@code this}. {@link #bits()} is readable without the lock (volatile) so the
 * delivery fast path costs one read.
 */
public final class SignalQueue {
    private volatile long bits;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ArrayDeque<SigInfo>[] infos = new ArrayDeque[65];

    /** Pending set, bit sig-1 for signal sig. */
    public long bits() {
        return bits;
    }

    /** Queues sig; returns false if a standard signal was already pending (merged). */
    public synchronized boolean add(SigInfo info) {
        int sig = info.signo();
        long bit = 1L << (sig - 1);
        if (sig < 32 && (bits & bit) != 0) return false;
        if (infos[sig] == null) infos[sig] = new ArrayDeque<>(1);
        infos[sig].add(info);
        bits |= bit;
        return true;
    }

    /** Removes and returns the lowest pending signal in allowed, or null. */
    public synchronized SigInfo take(long allowed) {
        long ready = bits & allowed;
        if (ready == 0) return null;
        int sig = Long.numberOfTrailingZeros(ready) + 1;
        return takeSignal(sig);
    }

    /** Removes and returns one instance of sig, or null. */
    public synchronized SigInfo takeSignal(int sig) {
        ArrayDeque<SigInfo> q = infos[sig];
        SigInfo i = q == null ? null : q.poll();
        if (q == null || q.isEmpty()) bits &= ~(1L << (sig - 1));
        return i;
    }

    /** Drops every pending instance of the signals in mask (e.g. SIGCONT drops pending stops). */
    public synchronized void discard(long mask) {
        for (int sig = 1; sig <= 64; sig++) {
            if ((mask & (1L << (sig - 1))) != 0 && infos[sig] != null) infos[sig].clear();
        }
        bits &= ~mask;
    }
}
