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
        long size = c.arg(1);
        int cpus = c.kernel().scheduler().cpuCount();
        int bytes = ((cpus + 63) / 64) * 8;
        if (size < bytes || (size & 7) != 0) return -Errno.EINVAL;
        int pid = c.argInt(0);
        if (pid != 0 && c.kernel().process(pid) == null) return -Errno.ESRCH;
        byte[] mask = new byte[bytes];
        for (int i = 0; i < cpus; i++) mask[i / 8] |= (byte) (1 << (i % 8));
        c.write(c.arg(2), mask);
        return bytes;
    }
}
