package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.BUF_OUT;
import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.mem.Page;
import java.nio.charset.StandardCharsets;

/** What the system is: uname, sysinfo, getrandom, sched_getaffinity. */
final class InfoCalls {
    private InfoCalls() {}

    /** uname(2) answers; release is a Linux version glibc accepts, marked as javix's. */
    static final String SYSNAME = "Linux", NODENAME = "javix", RELEASE = "6.6.0-javix", VERSION = "#1 SMP javix",
            MACHINE = "riscv64", DOMAINNAME = "(none)";
    private static final int UTS_FIELD = 65;
    static final int GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;

    static void register(SyscallTable.Builder b) {
        b.add(160, "uname", InfoCalls::uname, PTR);
        b.add(179, "sysinfo", InfoCalls::sysinfo, PTR);
        b.add(278, "getrandom", InfoCalls::getrandom, BUF_OUT, UINT, HEX);
        b.add(123, "sched_getaffinity", InfoCalls::schedGetaffinity, INT, UINT, PTR);
        b.add(120, "sched_getscheduler", c -> target(c) == null ? -Errno.ESRCH : target(c).schedPolicy, INT);
        b.add(119, "sched_setscheduler", INT, InfoCalls::schedSetscheduler, Support.PARTIAL,
                "policy and priority are kept and reported; all tasks are scheduled alike (SCHED_OTHER)", INT, INT, PTR);
        b.add(121, "sched_getparam", InfoCalls::schedGetparam, INT, PTR);
        b.add(118, "sched_setparam", InfoCalls::schedSetparam, INT, PTR);
        b.add(125, "sched_get_priority_max", c -> priorityRange(c.argInt(0), true), INT);
        b.add(126, "sched_get_priority_min", c -> priorityRange(c.argInt(0), false), INT);
        b.add(127, "sched_rr_get_interval", InfoCalls::schedRrGetInterval, INT, PTR);
        b.add(122, "sched_setaffinity", INT, InfoCalls::schedSetaffinity, Support.PARTIAL,
                "the mask is kept, inherited and reported; the scheduler does not yet pin tasks to CPUs", INT, UINT, PTR);
    }

    /** Implements uname(2): struct utsname is six char[65] fields. */
    static long uname(SyscallContext c) {
        byte[] u = new byte[UTS_FIELD * 6];
        String[] fields = {SYSNAME, NODENAME, RELEASE, VERSION, MACHINE, DOMAINNAME};
        for (int i = 0; i < fields.length; i++) {
            byte[] f = fields[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(f, 0, u, i * UTS_FIELD, Math.min(f.length, UTS_FIELD - 1));
        }
        c.write(c.arg(0), u);
        return 0;
    }

    /**
     * Implements sysinfo(2). struct sysinfo on 64-bit: long uptime @0; unsigned long loads[3] @8;
     * totalram @32, freeram @40, sharedram @48, bufferram @56, totalswap @64, freeswap @72;
     * unsigned short procs @80; totalhigh @88, freehigh @96; unsigned int mem_unit @104; 112 bytes.
     */
    static long sysinfo(SyscallContext c) {
        byte[] s = new byte[112];
        long uptime = c.kernel().clock().monotonicNanos() / 1_000_000_000L;
        long total = c.kernel().memory().limitPages() * Page.SIZE;
        long used = c.kernel().memory().usedPages() * Page.SIZE;
        SyscallContext.putLong(s, 0, uptime);
        SyscallContext.putLong(s, 32, total);
        SyscallContext.putLong(s, 40, total - used);
        int procs = c.kernel().processes().size();
        s[80] = (byte) procs;
        s[81] = (byte) (procs >>> 8);
        SyscallContext.putInt(s, 104, 1);
        c.write(c.arg(0), s);
        return 0;
    }

    /** Implements getrandom(2). Never blocks: the kernel's generator is always seeded. */
    static long getrandom(SyscallContext c) {
        long len = c.arg(1);
        int flags = c.argInt(2);
        if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0) return -Errno.EINVAL;
        if ((flags & GRND_RANDOM) != 0 && (flags & GRND_INSECURE) != 0) return -Errno.EINVAL;
        int n = (int) Math.min(Math.max(len, 0), 33554431); // getrandom(2): at most 32 MiB - 1 per call
        byte[] buf = new byte[n];
        c.kernel().random().nextBytes(buf);
        c.write(c.arg(0), buf);
        return n;
    }

    /**
     * Implements sched_getaffinity(2): every virtual CPU. The raw call returns the size of the
     * kernel's cpumask copied (a multiple of 8 bytes); a smaller buffer gives EINVAL.
     */
    static long schedGetaffinity(SyscallContext c) {
        long size = c.arg(1) & 0xffffffffL; // unsigned int cpusetsize
        int cpus = c.kernel().scheduler().cpuCount();
        int bytes = ((cpus + 63) / 64) * 8;
        if (size < bytes || (size & 7) != 0) return -Errno.EINVAL;
        int pid = c.argInt(0);
        dev.javix.kernel.proc.Task t = pid == 0 ? c.task() : c.kernel().task(pid);
        if (t == null) return -Errno.ESRCH;
        long allowed = t.affinity & allCpus(cpus);
        byte[] mask = new byte[bytes];
        for (int i = 0; i < cpus; i++) if ((allowed & (1L << i)) != 0) mask[i / 8] |= (byte) (1 << (i % 8));
        c.write(c.arg(2), mask);
        return bytes;
    }

    // scheduling policies, sched(7)
    static final int SCHED_OTHER = 0, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5,
            SCHED_DEADLINE = 6;

    private static dev.javix.kernel.proc.Task target(SyscallContext c) {
        int pid = c.argInt(0);
        if (pid < 0) return null;
        return pid == 0 ? c.task() : c.kernel().task(pid);
    }

    /** sched_get_priority_max/min(2): 1..99 for the real-time policies, 0 for the others. */
    static long priorityRange(int policy, boolean max) {
        return switch (policy) {
            case SCHED_FIFO, SCHED_RR -> max ? 99 : 1;
            case SCHED_OTHER, SCHED_BATCH, SCHED_IDLE, SCHED_DEADLINE -> 0;
            default -> -Errno.EINVAL;
        };
    }

    /** Implements sched_setscheduler(2). struct sched_param { int sched_priority; }. */
    static long schedSetscheduler(SyscallContext c) {
        if (c.argInt(0) < 0) return -Errno.EINVAL;
        dev.javix.kernel.proc.Task t = target(c);
        if (t == null) return -Errno.ESRCH;
        int policy = c.argInt(1) & ~0x40000000; // SCHED_RESET_ON_FORK
        if (c.arg(2) == 0) return -Errno.EINVAL;
        int prio = c.readInt(c.arg(2));
        long min = priorityRange(policy, false), max = priorityRange(policy, true);
        if (min < 0 || policy == SCHED_DEADLINE || prio < min || prio > max) return -Errno.EINVAL;
        t.schedPolicy = policy;
        t.schedPriority = prio;
        return 0;
    }

    /** Implements sched_getparam(2). */
    static long schedGetparam(SyscallContext c) {
        if (c.argInt(0) < 0 || c.arg(1) == 0) return -Errno.EINVAL;
        dev.javix.kernel.proc.Task t = target(c);
        if (t == null) return -Errno.ESRCH;
        c.writeInt(c.arg(1), t.schedPriority);
        return 0;
    }

    /** Implements sched_setparam(2). */
    static long schedSetparam(SyscallContext c) {
        if (c.argInt(0) < 0 || c.arg(1) == 0) return -Errno.EINVAL;
        dev.javix.kernel.proc.Task t = target(c);
        if (t == null) return -Errno.ESRCH;
        int prio = c.readInt(c.arg(1));
        if (prio < priorityRange(t.schedPolicy, false) || prio > priorityRange(t.schedPolicy, true)) return -Errno.EINVAL;
        t.schedPriority = prio;
        return 0;
    }

    /** Implements sched_rr_get_interval(2): the time slice, SLICE instructions at 1 ns each. */
    static long schedRrGetInterval(SyscallContext c) {
        if (c.argInt(0) < 0) return -Errno.EINVAL;
        if (target(c) == null) return -Errno.ESRCH;
        TimeCalls.writeTimespec(c, c.arg(1), dev.javix.kernel.sched.Scheduler.SLICE);
        return 0;
    }

    private static long allCpus(int cpus) {
        return cpus >= 64 ? -1L : (1L << cpus) - 1;
    }

    /** Implements sched_setaffinity(2): EINVAL if the mask names no existing CPU. */
    static long schedSetaffinity(SyscallContext c) {
        long size = c.arg(1) & 0xffffffffL; // unsigned int cpusetsize
        if (size == 0) return -Errno.EINVAL;
        // Linux copies at most its cpumask's size and ignores the rest (get_user_cpu_mask)
        byte[] m = c.readBytes(c.arg(2), (int) Math.min(size, 128));
        long mask = 0;
        for (int i = 0; i < Math.min(8, m.length); i++) mask |= (m[i] & 0xffL) << (8 * i);
        int cpus = c.kernel().scheduler().cpuCount();
        if ((mask & allCpus(cpus)) == 0) return -Errno.EINVAL;
        int pid = c.argInt(0);
        dev.javix.kernel.proc.Task t = pid == 0 ? c.task() : c.kernel().task(pid);
        if (t == null) return -Errno.ESRCH;
        t.affinity = mask;
        return 0;
    }
}
