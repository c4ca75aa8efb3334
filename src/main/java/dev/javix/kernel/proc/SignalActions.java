package dev.javix.kernel.proc;

/**
 * The signal dispositions of a process (sigaction(2)): handler address, flags, restorer and
 * mask per signal, 1–64. Shared by threads (CLONE_SIGHAND), copied by fork, reset to default
 * for caught signals by execve. Guarded by {@code this}.
 */
public final class SignalActions {
    public static final int NSIG = 64;
    public static final long SIG_DFL = 0, SIG_IGN = 1;

    private final long[] handler = new long[NSIG + 1];
    private final long[] flags = new long[NSIG + 1];
    private final long[] restorer = new long[NSIG + 1];
    private final long[] mask = new long[NSIG + 1];

    /** The action of sig as {handler, flags, restorer, mask}. */
    public synchronized long[] get(int sig) {
        return new long[] {handler[sig], flags[sig], restorer[sig], mask[sig]};
    }

    public synchronized void set(int sig, long h, long f, long r, long m) {
        handler[sig] = h;
        flags[sig] = f;
        restorer[sig] = r;
        mask[sig] = m;
    }

    public synchronized long handler(int sig) {
        return handler[sig];
    }

    public synchronized SignalActions copy() {
        SignalActions a = new SignalActions();
        System.arraycopy(handler, 0, a.handler, 0, handler.length);
        System.arraycopy(flags, 0, a.flags, 0, flags.length);
        System.arraycopy(restorer, 0, a.restorer, 0, restorer.length);
        System.arraycopy(mask, 0, a.mask, 0, mask.length);
        return a;
    }

    /** execve(2): caught signals go back to SIG_DFL; ignored ones stay ignored. */
    public synchronized void resetForExec() {
        for (int s = 1; s <= NSIG; s++) {
            if (handler[s] != SIG_IGN) {
                handler[s] = SIG_DFL;
                flags[s] = 0;
                restorer[s] = 0;
                mask[s] = 0;
            }
        }
    }
}
