package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.proc.Exit;
import dev.javix.kernel.proc.Process;

/**
 * wait4(2) and waitid(2): collecting a child's state change. The caller registers on its
 * process's child-event queue before it looks, so a child that exits in between still wakes it;
 * with nothing to report it sleeps there (or answers at once under WNOHANG), and runs again
 * when a child changes state.
 */
final class WaitCalls {
    private WaitCalls() {}

    // wait options, include/uapi/linux/wait.h
    static final int WNOHANG = 1, WUNTRACED = 2, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000,
            WNOTHREAD = 0x20000000, WALL = 0x40000000, WCLONE = 0x80000000;
    static final int P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;
    // si_code values for SIGCHLD (siginfo.h)
    static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6;

    static void register(SyscallTable.Builder b) {
        b.add(260, "wait4", WaitCalls::wait4, INT, PTR, ArgKind.WAIT_OPTIONS, PTR);
        b.add(95, "waitid", WaitCalls::waitid, INT, INT, PTR, ArgKind.WAIT_OPTIONS, PTR);
    }

    /** Which children a wait is about: pid > 0, any (-1), a process group. */
    private record Selector(int kind, int id) {
        boolean matches(Process waiter, Process child) {
            return switch (kind) {
                case P_PID -> child.pid == id;
                case P_PGID -> child.pgid() == (id == 0 ? waiter.pgid() : id);
                default -> true;
            };
        }
    }

    /** What was found: the child and its report. */
    private record Report(Process child, int waitStatus, int siCode, int siStatus) {}

    /** Implements wait4(2). */
    static long wait4(SyscallContext c) {
        int pid = c.argInt(0);
        int options = c.argInt(2);
        if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) != 0) return -Errno.EINVAL;
        if (pid == Integer.MIN_VALUE) return -Errno.ESRCH;
        Selector sel = pid > 0 ? new Selector(P_PID, pid) : pid == -1 ? new Selector(P_ALL, 0)
                : new Selector(P_PGID, pid == 0 ? 0 : -pid);
        Object r = find(c, sel, options | WEXITED, false);
        if (r instanceof Long l) return l;
        Report rep = (Report) r;
        if (c.arg(1) != 0) c.writeInt(c.arg(1), rep.waitStatus());
        if (c.arg(3) != 0) writeRusage(c, c.arg(3), rep.child());
        if (rep.siCode() <= CLD_DUMPED) Exit.reap(c.process(), rep.child());
        return rep.child().pid;
    }

    /** Implements waitid(2). */
    static long waitid(SyscallContext c) {
        int idtype = c.argInt(0), id = c.argInt(1), options = c.argInt(3);
        long info = c.arg(2);
        if ((options & ~(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | WNOTHREAD | WALL | WCLONE)) != 0) {
            return -Errno.EINVAL;
        }
        if ((options & (WEXITED | WSTOPPED | WCONTINUED)) == 0) return -Errno.EINVAL;
        if (idtype == P_PIDFD) return -Errno.EINVAL; // pidfds are not supported yet
        if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID) return -Errno.EINVAL;
        if (idtype == P_PID && id <= 0) return -Errno.EINVAL;
        Object r = find(c, new Selector(idtype, id), options, (options & WNOWAIT) != 0);
        if (r instanceof Long l) {
            if (l == 0 && info != 0) c.write(info, new byte[128]); // WNOHANG with nothing: si_pid = 0
            return l;
        }
        Report rep = (Report) r;
        if (info != 0) {
            byte[] si = new byte[128];
            SyscallContext.putInt(si, 0, Signal.SIGCHLD);
            SyscallContext.putInt(si, 8, rep.siCode());
            SyscallContext.putInt(si, 16, rep.child().pid);
            SyscallContext.putInt(si, 20, rep.child().credentials().uid());
            SyscallContext.putInt(si, 24, rep.siStatus());
            c.write(info, si);
        }
        if (c.arg(4) != 0) writeRusage(c, c.arg(4), rep.child());
        if (rep.siCode() <= CLD_DUMPED && (options & WNOWAIT) == 0) Exit.reap(c.process(), rep.child());
        return 0;
    }

    /**
     * Looks for a child to report. Returns a Report, or a Long result: -ECHILD (no such child),
     * 0 (WNOHANG, nothing yet) or BLOCK.
     */
    private static Object find(SyscallContext c, Selector sel, int options, boolean peek) {
        Process self = c.process();
        self.childEvents().add(c.task());
        boolean any = false;
        for (Process child : self.children()) {
            if (!sel.matches(self, child)) continue;
            any = true;
            Report r = reportOf(child, options, peek);
            if (r != null) {
                self.childEvents().remove(c.task());
                return r;
            }
        }
        if (!any) {
            self.childEvents().remove(c.task());
            return (long) -Errno.ECHILD;
        }
        if ((options & WNOHANG) != 0) {
            self.childEvents().remove(c.task());
            return 0L;
        }
        return Syscall.BLOCK;
    }

    private static Report reportOf(Process child, int options, boolean peek) {
        if ((options & WEXITED) != 0 && child.status() == Process.Status.ZOMBIE) {
            int st = child.waitStatus();
            int sig = st & 0x7f;
            int code = sig == 0 ? CLD_EXITED : (st & 0x80) != 0 ? CLD_DUMPED : CLD_KILLED;
            return new Report(child, st, code, sig == 0 ? (st >> 8) & 0xff : sig);
        }
        if ((options & WSTOPPED) != 0) {
            int stop = child.takeStop(peek);
            if (stop != 0) return new Report(child, (stop << 8) | 0x7f, CLD_STOPPED, stop);
        }
        if ((options & WCONTINUED) != 0 && child.takeContinue(peek)) {
            return new Report(child, 0xffff, CLD_CONTINUED, Signal.SIGCONT);
        }
        return null;
    }

    /**
     * struct rusage (getrusage(2)): ru_utime and ru_stime (struct timeval) then 14 longs; 144
     * bytes. javix counts user time as one nanosecond per retired guest instruction.
     */
    static void writeRusage(SyscallContext c, long addr, Process p) {
        byte[] r = new byte[144];
        long ns = p.instructions() + p.childrenInstructions();
        SyscallContext.putLong(r, 0, ns / 1_000_000_000L);
        SyscallContext.putLong(r, 8, (ns / 1000) % 1_000_000L);
        SyscallContext.putLong(r, 32, Math.max(p.maxRssKb(), p.childrenMaxRssKb()));
        c.write(addr, r);
    }
}
