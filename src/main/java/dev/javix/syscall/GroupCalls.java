package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import java.nio.charset.StandardCharsets;

/**
 * Process groups and sessions (setpgid, getpgid, setsid, getsid), accounting (times,
 * getrusage), priorities (getpriority, setpriority), prctl names, and the set*id family.
 */
final class GroupCalls {
    private GroupCalls() {}

    static final int PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4,
            PR_SET_NAME = 15, PR_GET_NAME = 16, PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37;
    static final int PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;
    /** USER_HZ: clock ticks per second of times(2). */
    static final long HZ = 100;

    static void register(SyscallTable.Builder b) {
        b.add(154, "setpgid", GroupCalls::setpgid, INT, INT);
        b.add(155, "getpgid", GroupCalls::getpgid, INT);
        b.add(156, "getsid", GroupCalls::getsid, INT);
        b.add(157, "setsid", GroupCalls::setsid);
        b.add(153, "times", GroupCalls::times, PTR);
        b.add(165, "getrusage", INT, GroupCalls::getrusage, Support.PARTIAL,
                "user time counts one nanosecond per retired guest instruction; ru_maxrss from resident pages; other fields are zero", INT, PTR);
        b.add(141, "getpriority", GroupCalls::getpriority, INT, INT);
        b.add(140, "setpriority", GroupCalls::setpriority, INT, INT, INT);
        b.add(167, "prctl", INT, GroupCalls::prctl, Support.PARTIAL,
                "PR_SET/GET_NAME, PDEATHSIG (stored), DUMPABLE, CHILD_SUBREAPER (stored); others EINVAL",
                ArgKind.PRCTL_OPTION, HEX, HEX, HEX, HEX);
        b.add(146, "setuid", c -> setIds(c, c.argInt(0), -1, -1, true), INT);
        b.add(144, "setgid", c -> setIds(c, c.argInt(0), -1, -1, false), INT);
        b.add(147, "setresuid", c -> setIds(c, c.argInt(0), c.argInt(1), c.argInt(2), true), INT, INT, INT);
        b.add(149, "setresgid", c -> setIds(c, c.argInt(0), c.argInt(1), c.argInt(2), false), INT, INT, INT);
        b.add(158, "getgroups", GroupCalls::getgroups, INT, PTR);
        b.add(159, "setgroups", INT, c -> c.process().credentials().euid() == 0 ? 0 : -Errno.EPERM,
                Support.PARTIAL, "accepted for root and ignored: javix keeps no supplementary groups", UINT, PTR);
    }

    private static Process target(SyscallContext c, int pid) {
        return pid == 0 ? c.process() : c.kernel().process(pid);
    }

    /** Implements setpgid(2). */
    static long setpgid(SyscallContext c) {
        int pid = c.argInt(0), pgid = c.argInt(1);
        if (pgid < 0) return -Errno.EINVAL;
        Process self = c.process();
        Process p = target(c, pid);
        if (p == null || (p != self && p.parent() != self)) return -Errno.ESRCH;
        if (p != self && p.execed()) return -Errno.EACCES;
        if (p.sid() != self.sid()) return -Errno.EPERM;
        if (p.sid() == p.pid) return -Errno.EPERM; // a session leader cannot move
        int target = pgid == 0 ? p.pid : pgid;
        if (target != p.pid) {
            boolean exists = c.kernel().processes().stream()
                    .anyMatch(q -> q.pgid() == target && q.sid() == self.sid() && q.status() == Process.Status.RUNNING);
            if (!exists) return -Errno.EPERM;
        }
        p.setPgid(target);
        return 0;
    }

    /** Implements getpgid(2). */
    static long getpgid(SyscallContext c) {
        Process p = target(c, c.argInt(0));
        return p == null || p.status() == Process.Status.REAPED ? -Errno.ESRCH : p.pgid();
    }

    /** Implements getsid(2). */
    static long getsid(SyscallContext c) {
        Process p = target(c, c.argInt(0));
        return p == null || p.status() == Process.Status.REAPED ? -Errno.ESRCH : p.sid();
    }

    /** Implements setsid(2): fails with EPERM for a process-group leader. */
    static long setsid(SyscallContext c) {
        Process self = c.process();
        boolean groupInUse = c.kernel().processes().stream()
                .anyMatch(q -> q.pgid() == self.pid && q.status() == Process.Status.RUNNING);
        if (self.pgid() == self.pid || groupInUse) return -Errno.EPERM;
        self.newSession();
        return self.pid;
    }

    /** Implements times(2): struct tms in clock ticks; returns ticks since boot. */
    static long times(SyscallContext c) {
        Process p = c.process();
        if (c.arg(0) != 0) {
            byte[] t = new byte[32];
            SyscallContext.putLong(t, 0, p.instructions() * HZ / 1_000_000_000L);
            SyscallContext.putLong(t, 16, p.childrenInstructions() * HZ / 1_000_000_000L);
            c.write(c.arg(0), t);
        }
        return c.kernel().clock().monotonicNanos() * HZ / 1_000_000_000L;
    }

    /** Implements getrusage(2). */
    static long getrusage(SyscallContext c) {
        int who = c.argInt(0);
        Process p = c.process();
        long ns = switch (who) {
            case 0 -> p.instructions();                  // RUSAGE_SELF
            case -1 -> p.childrenInstructions();         // RUSAGE_CHILDREN
            case 1 -> c.task().hart.instret;             // RUSAGE_THREAD
            default -> -1;
        };
        if (ns < 0) return -Errno.EINVAL;
        byte[] r = new byte[144];
        SyscallContext.putLong(r, 0, ns / 1_000_000_000L);
        SyscallContext.putLong(r, 8, (ns / 1000) % 1_000_000L);
        SyscallContext.putLong(r, 32, who == -1 ? p.childrenMaxRssKb() : p.maxRssKb()); // ru_maxrss, KiB
        c.write(c.arg(1), r);
        return 0;
    }

    /** Implements getpriority(2); the raw call returns 20 - nice (1..40). */
    static long getpriority(SyscallContext c) {
        int best = Integer.MAX_VALUE;
        for (Process p : matching(c, c.argInt(0), c.argInt(1))) best = Math.min(best, p.nice());
        if (best == Integer.MAX_VALUE) return c.argInt(0) < 0 || c.argInt(0) > 2 ? -Errno.EINVAL : -Errno.ESRCH;
        return 20 - best;
    }

    /** Implements setpriority(2): lowering nice (raising priority) needs root (EACCES otherwise). */
    static long setpriority(SyscallContext c) {
        int which = c.argInt(0);
        if (which < 0 || which > 2) return -Errno.EINVAL;
        int nice = Math.max(-20, Math.min(19, c.argInt(2)));
        var list = matching(c, which, c.argInt(1));
        if (list.isEmpty()) return -Errno.ESRCH;
        boolean root = c.process().credentials().euid() == 0;
        for (Process p : list) {
            if (!root && p.credentials().uid() != c.process().credentials().euid()) return -Errno.EPERM;
            if (!root && nice < p.nice()) return -Errno.EACCES;
        }
        for (Process p : list) p.setNice(nice);
        return 0;
    }

    private static java.util.List<Process> matching(SyscallContext c, int which, int who) {
        Process self = c.process();
        return c.kernel().processes().stream().filter(p -> p.status() == Process.Status.RUNNING).filter(p -> switch (which) {
            case PRIO_PROCESS -> p.pid == (who == 0 ? self.pid : who);
            case PRIO_PGRP -> p.pgid() == (who == 0 ? self.pgid() : who);
            case PRIO_USER -> p.credentials().uid() == (who == 0 ? self.credentials().uid() : who);
            default -> false;
        }).toList();
    }

    /** Implements prctl(2) for the options programs commonly use. */
    static long prctl(SyscallContext c) {
        int option = c.argInt(0);
        Process p = c.process();
        switch (option) {
            case PR_SET_NAME -> {
                byte[] name = new byte[16];
                c.read(c.arg(1), name, 0, 1);
                int n = 0;
                while (n < 15) {
                    byte b = c.readByte(c.arg(1) + n);
                    if (b == 0) break;
                    name[n++] = b;
                }
                c.task().setComm(new String(name, 0, n, StandardCharsets.UTF_8)); // this thread's name only
                return 0;
            }
            case PR_GET_NAME -> {
                byte[] out = new byte[16];
                byte[] name = c.task().comm().getBytes(StandardCharsets.UTF_8);
                System.arraycopy(name, 0, out, 0, Math.min(15, name.length));
                c.write(c.arg(1), out);
                return 0;
            }
            case PR_SET_PDEATHSIG -> {
                if (c.arg(1) < 0 || c.arg(1) > 64) return -Errno.EINVAL;
                p.setDeathSignal(c.argInt(1));
                return 0;
            }
            case PR_GET_PDEATHSIG -> {
                c.writeInt(c.arg(1), p.deathSignal());
                return 0;
            }
            case PR_GET_DUMPABLE -> {
                return 1;
            }
            case PR_SET_DUMPABLE -> {
                return c.arg(1) == 0 || c.arg(1) == 1 ? 0 : -Errno.EINVAL;
            }
            case PR_SET_CHILD_SUBREAPER -> {
                p.setSubreaper(c.arg(1) != 0);
                return 0;
            }
            case PR_GET_CHILD_SUBREAPER -> {
                c.writeInt(c.arg(1), p.subreaper() ? 1 : 0);
                return 0;
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
    }

    /** setuid/setgid/setresuid/setresgid: root may set anything; others only to their own ids. */
    private static long setIds(SyscallContext c, int real, int effective, int saved, boolean user) {
        Process p = c.process();
        Credentials k = p.credentials();
        boolean root = k.euid() == 0;
        int r = user ? k.uid() : k.gid(), e = user ? k.euid() : k.egid(), s = user ? k.suid() : k.sgid();
        boolean single = effective == -1 && saved == -1 && real != -1;
        int nr = real, ne = effective, ns = saved;
        if (single) {
            // setuid(2): root sets all three; others set the effective id only.
            if (root) {
                nr = real;
                ne = real;
                ns = real;
            } else {
                if (real != r && real != s) return -Errno.EPERM;
                nr = r;
                ne = real;
                ns = s;
            }
        } else {
            for (int v : new int[] {real, effective, saved}) {
                if (v != -1 && !root && v != r && v != e && v != s) return -Errno.EPERM;
            }
            if (nr == -1) nr = r;
            if (ne == -1) ne = e;
            if (ns == -1) ns = s;
        }
        p.setCredentials(user ? new Credentials(nr, ne, ns, k.gid(), k.egid(), k.sgid())
                : new Credentials(k.uid(), k.euid(), k.suid(), nr, ne, ns));
        return 0;
    }

    /** Implements getgroups(2): javix keeps no supplementary groups. */
    static long getgroups(SyscallContext c) {
        if (c.argInt(0) < 0) return -Errno.EINVAL;
        return 0;
    }
}
