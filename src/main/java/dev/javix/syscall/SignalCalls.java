package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.SIGNAL;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.SignalActions;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.Interruptible;
import dev.javix.kernel.signal.SigInfo;
import dev.javix.kernel.signal.SignalFrame;
import dev.javix.kernel.signal.Signals;

/**
 * Signal system calls: dispositions (rt_sigaction), masks (rt_sigprocmask, rt_sigpending),
 * waiting (rt_sigsuspend, rt_sigtimedwait), queueing (rt_sigqueueinfo, rt_tgsigqueueinfo),
 * the alternate stack (sigaltstack), return from a handler (rt_sigreturn) and ITIMER_REAL
 * (setitimer, getitimer). riscv64 uses the generic kernel {@code struct sigaction} without
 * sa_restorer (the return trampoline is the kernel's):
 * <pre>
 *   struct sigaction { __sighandler_t sa_handler; unsigned long sa_flags; sigset_t sa_mask; };  // 24 bytes
 * </pre>
 */
final class SignalCalls {
    private SignalCalls() {}

    private static final int SA_HANDLER = 0, SA_FLAGS = 8, SA_MASK = 16;
    private static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    /** SIGKILL and SIGSTOP can be neither caught nor blocked (signal(7)). */
    private static final long UNBLOCKABLE = Signals.bit(Signal.SIGKILL) | Signals.bit(Signal.SIGSTOP);
    /** MINSIGSTKSZ on riscv64. */
    static final int MINSIGSTKSZ = 2048;
    static final int ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;

    static void register(SyscallTable.Builder b) {
        b.add(134, "rt_sigaction", SignalCalls::rtSigaction, SIGNAL, PTR, PTR, UINT);
        b.add(135, "rt_sigprocmask", SignalCalls::rtSigprocmask, ArgKind.SIGMASK_HOW, PTR, PTR, UINT);
        b.add(136, "rt_sigpending", SignalCalls::rtSigpending, PTR, UINT);
        b.add(133, "rt_sigsuspend", SignalCalls::rtSigsuspend, PTR, UINT);
        b.add(137, "rt_sigtimedwait", SignalCalls::rtSigtimedwait, PTR, PTR, PTR, UINT);
        b.add(138, "rt_sigqueueinfo", SignalCalls::rtSigqueueinfo, INT, SIGNAL, PTR);
        b.add(240, "rt_tgsigqueueinfo", SignalCalls::rtTgsigqueueinfo, INT, INT, SIGNAL, PTR);
        b.add(139, "rt_sigreturn", SignalCalls::rtSigreturn, new ArgKind[0]);
        b.add(132, "sigaltstack", SignalCalls::sigaltstack, PTR, PTR);
        b.add(103, "setitimer", INT, SignalCalls::setitimer, Support.FULL,
                "CPU time for ITIMER_VIRTUAL/ITIMER_PROF is one nanosecond per retired guest instruction", ArgKind.ITIMER,
                PTR, PTR);
        b.add(102, "getitimer", SignalCalls::getitimer, ArgKind.ITIMER, PTR);
    }

    /** Implements rt_sigaction(2). */
    static long rtSigaction(SyscallContext c) {
        int sig = c.argInt(0);
        long act = c.arg(1), oact = c.arg(2);
        if (c.arg(3) != 8) return -Errno.EINVAL;
        if (!Signal.valid(sig)) return -Errno.EINVAL;
        if (act != 0 && (sig == Signal.SIGKILL || sig == Signal.SIGSTOP)) return -Errno.EINVAL;
        SignalActions a = c.process().signalActions;
        long handler = 0, flags = 0, mask = 0;
        if (act != 0) {
            handler = c.readLong(act + SA_HANDLER);
            flags = c.readLong(act + SA_FLAGS);
            mask = c.readLong(act + SA_MASK);
        }
        long[] old = a.get(sig);
        if (oact != 0) {
            c.writeLong(oact + SA_HANDLER, old[0]);
            c.writeLong(oact + SA_FLAGS, old[1]);
            c.writeLong(oact + SA_MASK, old[3]);
        }
        if (act != 0) {
            a.set(sig, handler, flags, 0, mask & ~UNBLOCKABLE);
            // Setting SIG_IGN (or SIG_DFL for a default-ignore signal) discards pending instances (signal(7)).
            boolean ignores = handler == SignalActions.SIG_IGN
                    || (handler == SignalActions.SIG_DFL && Signal.defaultAction(sig) == Signal.Action.IGNORE);
            if (ignores) {
                c.process().pending.discard(Signals.bit(sig));
                for (Task t : c.process().threads()) t.pending.discard(Signals.bit(sig));
            }
        }
        return 0;
    }

    /** Implements rt_sigprocmask(2). */
    static long rtSigprocmask(SyscallContext c) {
        int how = c.argInt(0);
        long set = c.arg(1), oset = c.arg(2);
        if (c.arg(3) != 8) return -Errno.EINVAL;
        Task t = c.task();
        long old = t.signalMask;
        if (set != 0) {
            if (how < SIG_BLOCK || how > SIG_SETMASK) return -Errno.EINVAL;
            long s = c.readLong(set);
            long m = switch (how) {
                case SIG_BLOCK -> old | s;
                case SIG_UNBLOCK -> old & ~s;
                default -> s;
            };
            if (oset != 0) c.writeLong(oset, old);
            t.signalMask = m & ~UNBLOCKABLE;
            return 0;
        }
        if (oset != 0) c.writeLong(oset, old);
        return 0;
    }

    /** Implements rt_sigpending(2): pending signals that are blocked. */
    static long rtSigpending(SyscallContext c) {
        if (Long.compareUnsigned(c.arg(1), 8) > 0) return -Errno.EINVAL;
        Task t = c.task();
        long pending = (t.pending.bits() | t.process.pending.bits()) & t.signalMask;
        byte[] b = new byte[(int) c.arg(1)];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (pending >>> (8 * i));
        c.write(c.arg(0), b);
        return 0;
    }

    /** A sigsuspend in progress: never restarted; the frame restores the caller's mask. */
    private static final class Suspended implements Interruptible {
        @Override
        public boolean restartable() {
            return false;
        }

        @Override
        public long interrupt(Task t) {
            return -Errno.EINTR;
        }
    }

    /** Implements rt_sigsuspend(2): waits with a temporary mask until a handler has run. */
    static long rtSigsuspend(SyscallContext c) {
        if (c.arg(1) != 8) return -Errno.EINVAL;
        Task t = c.task();
        if (!(t.syscallState instanceof Suspended)) {
            long mask = c.readLong(c.arg(0));
            t.savedSignalMask = t.signalMask;
            t.signalMask = mask & ~UNBLOCKABLE;
            t.syscallState = new Suspended();
        }
        return Syscall.BLOCK; // only a signal ends it, through Signals.deliverPending
    }

    /** An rt_sigtimedwait in progress: its deadline and the timer that wakes it then (or null). */
    private record TimedWait(long deadline, dev.javix.kernel.sched.Timers.Handle timer) implements Interruptible {
        @Override
        public boolean restartable() {
            return false;
        }

        @Override
        public long interrupt(Task t) {
            return end(t, -Errno.EINTR);
        }

        /** The call completes with r: no longer a waiter, and its timer is not needed. */
        long end(Task t, long r) {
            t.sigwaitSet = 0;
            if (timer != null) timer.cancel();
            return r;
        }
    }

    /** Implements rt_sigtimedwait(2): takes a pending signal of the set, waiting for one if needed. */
    static long rtSigtimedwait(SyscallContext c) {
        if (c.arg(3) != 8) return -Errno.EINVAL;
        Task t = c.task();
        long set = c.readLong(c.arg(0)) & ~UNBLOCKABLE;
        // Published before looking at the pending sets: a sender that queues a signal of the
        // set after the look below sees the waiter (Signals.notifyThread) and wakes it.
        t.sigwaitSet = set;
        SigInfo info = t.pending.take(set);
        if (info == null) info = t.process.pending.take(set);
        if (info != null) {
            if (t.syscallState instanceof TimedWait w) w.end(t, 0);
            t.sigwaitSet = 0;
            if (c.arg(1) != 0) c.write(c.arg(1), info.encode());
            return info.signo();
        }
        TimedWait w;
        if (t.syscallState instanceof TimedWait pending) {
            w = pending;
        } else {
            long deadline = Long.MAX_VALUE;
            dev.javix.kernel.sched.Timers.Handle timer = null;
            if (c.arg(2) != 0) {
                long ns;
                try {
                    ns = TimeCalls.readTimespec(c, c.arg(2));
                } catch (SyscallContext.GuestFault e) {
                    t.sigwaitSet = 0;
                    throw e;
                }
                if (ns < 0) {
                    t.sigwaitSet = 0;
                    return -Errno.EINVAL;
                }
                deadline = c.kernel().clock().monotonicNanos() + ns;
                if (ns > 0) timer = c.kernel().timers().at(deadline, t::wake);
            }
            w = new TimedWait(deadline, timer);
            t.syscallState = w;
        }
        if (c.kernel().clock().monotonicNanos() >= w.deadline()) return w.end(t, -Errno.EAGAIN);
        return Syscall.BLOCK;
    }

    /** Implements rt_sigqueueinfo(2): a caller may not pretend to be the kernel (si_code ≥ 0) unless to itself. */
    static long rtSigqueueinfo(SyscallContext c) {
        int pid = c.argInt(0), sig = c.argInt(1);
        if (!Signal.valid(sig) && sig != 0) return -Errno.EINVAL;
        Process p = c.kernel().process(pid);
        if (p == null || p.status() != Process.Status.RUNNING) return -Errno.ESRCH;
        SigInfo info = SigInfo.decode(sig, c.readBytes(c.arg(2), 128));
        if (info.code() >= 0 && p != c.process()) return -Errno.EPERM;
        c.kernel().signals().send(p, info);
        return 0;
    }

    /** Implements rt_tgsigqueueinfo(2). */
    static long rtTgsigqueueinfo(SyscallContext c) {
        int tgid = c.argInt(0), tid = c.argInt(1), sig = c.argInt(2);
        if (!Signal.valid(sig) && sig != 0) return -Errno.EINVAL;
        Task t = c.kernel().task(tid);
        if (t == null || t.process.pid != tgid) return -Errno.ESRCH;
        SigInfo info = SigInfo.decode(sig, c.readBytes(c.arg(3), 128));
        if (info.code() >= 0 && t.process != c.process()) return -Errno.EPERM;
        c.kernel().signals().sendToThread(t, info);
        return 0;
    }

    /** Implements rt_sigreturn(2): back from a handler to where the signal interrupted. */
    static long rtSigreturn(SyscallContext c) {
        Task t = c.task();
        Long mask = SignalFrame.pop(t, c.mem());
        if (mask == null) {
            c.kernel().signals().forceFault(t, Signal.SIGSEGV, 0x80 /* SI_KERNEL */, 0);
            return Syscall.NO_RETURN;
        }
        t.signalMask = mask & ~UNBLOCKABLE;
        return Syscall.NO_RETURN;
    }

    /**
     * Implements sigaltstack(2). stack_t on riscv64: {void *ss_sp @0; int ss_flags @8;
     * size_t ss_size @16}, 24 bytes.
     */
    static long sigaltstack(SyscallContext c) {
        Task t = c.task();
        long ss = c.arg(0), old = c.arg(1);
        boolean on = SignalFrame.onAltStack(t, t.hart.x[2]);
        byte[] o = new byte[24];
        SyscallContext.putLong(o, 0, t.altStackSp);
        SyscallContext.putInt(o, 8, on ? SignalFrame.SS_ONSTACK : t.altStackFlags);
        SyscallContext.putLong(o, 16, t.altStackSize);
        if (ss != 0) {
            long sp = c.readLong(ss);
            int flags = c.readInt(ss + 8);
            long size = c.readLong(ss + 16);
            if (on) return -Errno.EPERM;
            if ((flags & ~(SignalFrame.SS_DISABLE | 0x80000000 /* SS_AUTODISARM */)) != 0) return -Errno.EINVAL;
            if ((flags & SignalFrame.SS_DISABLE) != 0) {
                t.altStackSp = 0;
                t.altStackSize = 0;
                t.altStackFlags = SignalFrame.SS_DISABLE;
            } else {
                if (size < MINSIGSTKSZ) return -Errno.ENOMEM;
                t.altStackSp = sp;
                t.altStackSize = size;
                t.altStackFlags = 0;
            }
        }
        if (old != 0) c.write(old, o);
        return 0;
    }

    /** Implements setitimer(2). struct itimerval = {timeval it_interval; timeval it_value}. */
    static long setitimer(SyscallContext c) {
        int which = c.argInt(0);
        if (which < ITIMER_REAL || which > ITIMER_PROF) return -Errno.EINVAL;
        long interval = 0, value = 0;
        if (c.arg(1) != 0) {
            interval = timeval(c, c.arg(1));
            value = timeval(c, c.arg(1) + 16);
            if (interval < 0 || value < 0) return -Errno.EINVAL;
        }
        long[] old = which == ITIMER_REAL ? c.kernel().signals().setRealTimer(c.process(), value, interval)
                : c.process().setCpuTimer(which - 1, value, interval);
        if (c.arg(2) != 0) writeItimerval(c, c.arg(2), old);
        return 0;
    }

    /** Implements getitimer(2). */
    static long getitimer(SyscallContext c) {
        int which = c.argInt(0);
        if (which < ITIMER_REAL || which > ITIMER_PROF) return -Errno.EINVAL;
        writeItimerval(c, c.arg(1), which == ITIMER_REAL ? c.kernel().signals().realTimer(c.process())
                : c.process().cpuTimer(which - 1));
        return 0;
    }

    private static long timeval(SyscallContext c, long addr) {
        long sec = c.readLong(addr), usec = c.readLong(addr + 8);
        if (sec < 0 || usec < 0 || usec >= 1_000_000) return -1;
        return sec * 1_000_000_000L + usec * 1000;
    }

    private static void writeItimerval(SyscallContext c, long addr, long[] remainingAndInterval) {
        byte[] b = new byte[32];
        SyscallContext.putLong(b, 0, remainingAndInterval[1] / 1_000_000_000L);
        SyscallContext.putLong(b, 8, (remainingAndInterval[1] % 1_000_000_000L) / 1000);
        SyscallContext.putLong(b, 16, remainingAndInterval[0] / 1_000_000_000L);
        SyscallContext.putLong(b, 24, (remainingAndInterval[0] % 1_000_000_000L) / 1000);
        c.write(addr, b);
    }
}
