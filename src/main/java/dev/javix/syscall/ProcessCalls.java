package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.SIGNAL;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Exit;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.ResourceLimits;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.SigInfo;

/**
 * Process identity and lifetime: getpid and friends, exit, exit_group, thread bookkeeping
 * (set_tid_address, set_robust_list, rseq), resource limits, kill/tkill/tgkill.
 */
final class ProcessCalls {
    private ProcessCalls() {}

    static void register(SyscallTable.Builder b) {
        b.add(172, "getpid", c -> c.process().pid);
        b.add(173, "getppid", c -> c.process().ppid());
        b.add(178, "gettid", c -> c.task().tid);
        b.add(174, "getuid", c -> c.process().credentials().uid());
        b.add(175, "geteuid", c -> c.process().credentials().euid());
        b.add(176, "getgid", c -> c.process().credentials().gid());
        b.add(177, "getegid", c -> c.process().credentials().egid());
        b.add(148, "getresuid", ProcessCalls::getresuid, PTR, PTR, PTR);
        b.add(150, "getresgid", ProcessCalls::getresgid, PTR, PTR, PTR);
        b.add(94, "exit_group", ProcessCalls::exitGroup, INT);
        b.add(96, "set_tid_address", ProcessCalls::setTidAddress, PTR);
        b.add(99, "set_robust_list", ProcessCalls::setRobustList, PTR, UINT);
        b.add(293, "rseq", INT, c -> -Errno.ENOSYS, Support.ENOSYS,
                "restartable sequences are optional; glibc continues without them", PTR, UINT, HEX, HEX);
        b.add(261, "prlimit64", ProcessCalls::prlimit64, INT, INT, PTR, PTR);
        b.add(163, "getrlimit", c -> rlimit(c, 0, c.argInt(0), 0, c.arg(1)), INT, PTR);
        b.add(164, "setrlimit", c -> rlimit(c, 0, c.argInt(0), c.arg(1), 0), INT, PTR);
        b.add(129, "kill", ProcessCalls::kill, INT, SIGNAL);
        b.add(130, "tkill", ProcessCalls::tkill, INT, SIGNAL);
        b.add(131, "tgkill", ProcessCalls::tgkill, INT, INT, SIGNAL);
        b.add(124, "sched_yield", ProcessCalls::schedYield);
    }

    /** Implements sched_yield(2): the caller goes to the back of the run queue if others wait. */
    static long schedYield(SyscallContext c) {
        c.task().kick();
        return 0;
    }

    /** Implements getresuid(2). */
    static long getresuid(SyscallContext c) {
        Credentials k = c.process().credentials();
        c.writeInt(c.arg(0), k.uid());
        c.writeInt(c.arg(1), k.euid());
        c.writeInt(c.arg(2), k.suid());
        return 0;
    }

    /** Implements getresgid(2). */
    static long getresgid(SyscallContext c) {
        Credentials k = c.process().credentials();
        c.writeInt(c.arg(0), k.gid());
        c.writeInt(c.arg(1), k.egid());
        c.writeInt(c.arg(2), k.sgid());
        return 0;
    }

    /** Implements exit_group(2). */
    static long exitGroup(SyscallContext c) {
        Exit.exitGroup(c.process(), Exit.exited(c.argInt(0)));
        return Syscall.NO_RETURN;
    }

    /** Implements set_tid_address(2): remembers clear_child_tid, returns the caller's tid. */
    static long setTidAddress(SyscallContext c) {
        c.task().clearChildTid = c.arg(0);
        return c.task().tid;
    }

    /** Implements set_robust_list(2). The head is 24 bytes (struct robust_list_head) on 64-bit. */
    static long setRobustList(SyscallContext c) {
        if (c.arg(1) != 24) return -Errno.EINVAL;
        c.task().robustListHead = c.arg(0);
        c.task().robustListLength = c.arg(1);
        return 0;
    }

    /** Implements prlimit64(2) (struct rlimit64 {u64 rlim_cur, rlim_max}). */
    static long prlimit64(SyscallContext c) {
        return rlimit(c, c.argInt(0), c.argInt(1), c.arg(2), c.arg(3));
    }

    private static long rlimit(SyscallContext c, int pid, int resource, long newAddr, long oldAddr) {
        if (resource < 0 || resource >= ResourceLimits.COUNT) return -Errno.EINVAL;
        Process p = pid == 0 ? c.process() : c.kernel().process(pid);
        if (p == null || p.status() != Process.Status.RUNNING) return -Errno.ESRCH;
        ResourceLimits l = p.limits;
        long oldSoft = l.soft(resource), oldHard = l.hard(resource);
        if (newAddr != 0) {
            long soft = c.readLong(newAddr), hard = c.readLong(newAddr + 8);
            if (Long.compareUnsigned(soft, hard) > 0) return -Errno.EINVAL;
            if (Long.compareUnsigned(hard, oldHard) > 0 && c.process().credentials().euid() != 0) return -Errno.EPERM;
            if (resource == ResourceLimits.NOFILE && Long.compareUnsigned(hard, 1L << 20) > 0) return -Errno.EPERM;
            l.set(resource, soft, hard);
            if (resource == ResourceLimits.STACK) p.mm().setStackLimit(soft == ResourceLimits.INFINITY ? 1L << 30 : soft);
        }
        if (oldAddr != 0) {
            c.writeLong(oldAddr, oldSoft);
            c.writeLong(oldAddr + 8, oldHard);
        }
        return 0;
    }

    /** Implements kill(2): a process, the caller's group (0), every process (-1) or a group (-pgid). */
    static long kill(SyscallContext c) {
        int pid = c.argInt(0), sig = c.argInt(1);
        if (sig < 0 || sig > Signal.SIGRTMAX) return -Errno.EINVAL;
        Process self = c.process();
        java.util.List<Process> targets;
        if (pid > 0) {
            Process p = c.kernel().process(pid);
            targets = p == null || p.status() != Process.Status.RUNNING ? java.util.List.of() : java.util.List.of(p);
        } else {
            int pgid = pid == 0 ? self.pgid() : -pid;
            targets = c.kernel().processes().stream()
                    .filter(p -> p.status() == Process.Status.RUNNING && p != c.kernel().init())
                    .filter(p -> pid == -1 ? p != self : p.pgid() == pgid).toList();
        }
        if (targets.isEmpty()) return -Errno.ESRCH;
        int sent = 0;
        for (Process p : targets) {
            if (!mayKill(self, p)) continue;
            sent++;
            if (sig != 0) c.kernel().signals().send(p, SigInfo.user(sig, self.pid, self.credentials().uid()));
        }
        return sent == 0 ? -Errno.EPERM : 0;
    }

    /** kill(2) permission: root, or the sender's real or effective uid is the target's real or saved uid. */
    private static boolean mayKill(Process from, Process to) {
        var a = from.credentials();
        var b = to.credentials();
        return a.euid() == 0 || a.uid() == b.uid() || a.uid() == b.suid() || a.euid() == b.uid() || a.euid() == b.suid();
    }

    /** Implements tkill(2). */
    static long tkill(SyscallContext c) {
        return threadKill(c, -1, c.argInt(0), c.argInt(1));
    }

    /** Implements tgkill(2). */
    static long tgkill(SyscallContext c) {
        return threadKill(c, c.argInt(0), c.argInt(1), c.argInt(2));
    }

    private static long threadKill(SyscallContext c, int tgid, int tid, int sig) {
        if (sig < 0 || sig > Signal.SIGRTMAX || tid <= 0 || (tgid != -1 && tgid <= 0)) return -Errno.EINVAL;
        Task t = c.kernel().task(tid);
        if (t == null || (tgid != -1 && t.process.pid != tgid) || t.state() == Task.State.DEAD) return -Errno.ESRCH;
        Process self = c.process();
        if (!mayKill(self, t.process)) return -Errno.EPERM;
        if (sig != 0) {
            c.kernel().signals().sendToThread(t,
                    new SigInfo(sig, SigInfo.SI_TKILL, self.pid, self.credentials().uid(), 0, 0, 0));
        }
        return 0;
    }
}
