package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.SIGNAL;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.proc.SignalActions;

/**
 * Signal dispositions and masks: rt_sigaction, rt_sigprocmask. riscv64 uses the generic
 * kernel {@code struct sigaction} without sa_restorer (the kernel's vDSO provides the return
 * trampoline):
 * <pre>
 *   struct sigaction { __sighandler_t sa_handler; unsigned long sa_flags; sigset_t sa_mask; };  // 24 bytes
 * </pre>
 */
final class SignalCalls {
    private SignalCalls() {}

    private static final int SA_HANDLER = 0, SA_FLAGS = 8, SA_MASK = 16;
    private static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    /** SIGKILL and SIGSTOP can be neither caught nor blocked (signal(7)). */
    private static final long UNBLOCKABLE = (1L << (Signal.SIGKILL - 1)) | (1L << (Signal.SIGSTOP - 1));

    static void register(SyscallTable.Builder b) {
        b.add(134, "rt_sigaction", INT, SignalCalls::rtSigaction, Support.PARTIAL,
                "dispositions are stored and SIG_IGN/SIG_DFL honoured; running handlers arrives with the process issue",
                SIGNAL, PTR, PTR, UINT);
        b.add(135, "rt_sigprocmask", SignalCalls::rtSigprocmask, INT, PTR, PTR, UINT);
    }

    /** Implements rt_sigaction(2). */
    static long rtSigaction(SyscallContext c) {
        int sig = c.argInt(0);
        long act = c.arg(1), oact = c.arg(2);
        if (c.arg(3) != 8) return -Errno.EINVAL;
        if (!Signal.valid(sig)) return -Errno.EINVAL;
        if (act != 0 && (sig == Signal.SIGKILL || sig == Signal.SIGSTOP)) return -Errno.EINVAL;
        SignalActions a = c.process().signalActions;
        long[] old = a.get(sig);
        long handler = 0, flags = 0, mask = 0;
        if (act != 0) {
            handler = c.readLong(act + SA_HANDLER);
            flags = c.readLong(act + SA_FLAGS);
            mask = c.readLong(act + SA_MASK);
        }
        if (oact != 0) {
            c.writeLong(oact + SA_HANDLER, old[0]);
            c.writeLong(oact + SA_FLAGS, old[1]);
            c.writeLong(oact + SA_MASK, old[3]);
        }
        if (act != 0) a.set(sig, handler, flags, 0, mask & ~UNBLOCKABLE);
        return 0;
    }

    /** Implements rt_sigprocmask(2). */
    static long rtSigprocmask(SyscallContext c) {
        int how = c.argInt(0);
        long set = c.arg(1), oset = c.arg(2);
        if (c.arg(3) != 8) return -Errno.EINVAL;
        long old = c.task().signalMask;
        if (set != 0) {
            long s = c.readLong(set);
            long m = switch (how) {
                case SIG_BLOCK -> old | s;
                case SIG_UNBLOCK -> old & ~s;
                case SIG_SETMASK -> s;
                default -> -1;
            };
            if (how < SIG_BLOCK || how > SIG_SETMASK) return -Errno.EINVAL;
            if (oset != 0) c.writeLong(oset, old);
            c.task().signalMask = m & ~UNBLOCKABLE;
            return 0;
        }
        if (oset != 0) c.writeLong(oset, old);
        return 0;
    }
}
