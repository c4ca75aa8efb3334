package dev.javix.kernel.proc;

/**
 * getrlimit(2)/prlimit64(2) limits of a process: soft and hard value per resource. Copied on
 * fork. Guarded by {@code this}.
 */
public final class ResourceLimits {
    public static final long INFINITY = -1L; // RLIM_INFINITY
    public static final int CPU = 0, FSIZE = 1, DATA = 2, STACK = 3, CORE = 4, RSS = 5, NPROC = 6,
            NOFILE = 7, MEMLOCK = 8, AS = 9, LOCKS = 10, SIGPENDING = 11, MSGQUEUE = 12, NICE = 13,
            RTPRIO = 14, RTTIME = 15, COUNT = 16;

    private final long[] soft = new long[COUNT];
    private final long[] hard = new long[COUNT];

    /** Linux's defaults for a login process. */
    public static ResourceLimits defaults() {
        ResourceLimits r = new ResourceLimits();
        java.util.Arrays.fill(r.soft, INFINITY);
        java.util.Arrays.fill(r.hard, INFINITY);
        r.set(STACK, 8L << 20, INFINITY);
        r.set(CORE, 0, INFINITY);
        r.set(NOFILE, 1024, 1L << 20);
        r.set(NPROC, 4096, 4096);
        r.set(MEMLOCK, 8L << 20, 8L << 20);
        r.set(SIGPENDING, 4096, 4096);
        r.set(MSGQUEUE, 819200, 819200);
        r.set(NICE, 0, 0);
        r.set(RTPRIO, 0, 0);
        return r;
    }

    public synchronized long soft(int resource) {
        return soft[resource];
    }

    public synchronized long hard(int resource) {
        return hard[resource];
    }

    public synchronized void set(int resource, long softValue, long hardValue) {
        soft[resource] = softValue;
        hard[resource] = hardValue;
    }

    public synchronized ResourceLimits copy() {
        ResourceLimits r = new ResourceLimits();
        System.arraycopy(soft, 0, r.soft, 0, COUNT);
        System.arraycopy(hard, 0, r.hard, 0, COUNT);
        return r;
    }
}
