package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.Interruptible;
import java.util.ArrayList;
import java.util.List;

/**
 * ppoll(2) and pselect6(2) on the one readiness protocol (design decision 3): each file reports a poll mask and
 * keeps a wait queue; a poll that finds nothing ready registers on every queue and sleeps until
 * one is woken, a timeout, or a signal. Never restarted after a handler (signal(7)).
 * <pre>
 *   struct pollfd { int fd; short events; short revents; };   // 8 bytes
 * </pre>
 */
final class PollCalls {
    private PollCalls() {}

    /** RLIMIT_NOFILE bounds nfds in Linux; this is the hard ceiling. */
    static final int MAX_FDS = 1 << 20;
    /** POLLERR, POLLHUP and POLLNVAL are reported whether asked for or not (poll(2)). */
    private static final int ALWAYS = OpenFile.POLLERR | OpenFile.POLLHUP | OpenFile.POLLNVAL;

    static void register(SyscallTable.Builder b) {
        b.add(73, "ppoll", PollCalls::ppoll, PTR, UINT, PTR, PTR, UINT);
        b.add(72, "pselect6", PollCalls::pselect6, INT, PTR, PTR, PTR, PTR, PTR);
    }

    /** FD_SETSIZE of glibc: select(2) cannot name higher fds. */
    static final int FD_SETSIZE = 1024;
    private static final int SELECT_IN = OpenFile.POLLIN | OpenFile.POLLRDNORM | OpenFile.POLLHUP | OpenFile.POLLERR;
    private static final int SELECT_OUT = OpenFile.POLLOUT | OpenFile.POLLWRNORM | OpenFile.POLLERR;
    private static final int SELECT_EX = OpenFile.POLLPRI;

    /**
     * Implements pselect6(2) on the same readiness protocol: fd_sets of nfds bits in, the ready
     * ones out, the count returned; the timeout is written back with the time left (Linux does);
     * the sixth argument is {const sigset_t *ss; size_t ss_len}.
     */
    static long pselect6(SyscallContext c) {
        int nfds = c.argInt(0);
        if (nfds < 0 || nfds > Math.min(FD_SETSIZE * 1024L, c.process().limits.soft(7))) return -Errno.EINVAL;
        Task t = c.task();
        int bytes = ((nfds + 63) / 64) * 8;
        long[] addr = {c.arg(1), c.arg(2), c.arg(3)};
        byte[][] in = new byte[3][];
        for (int k = 0; k < 3; k++) in[k] = addr[k] == 0 ? null : c.readBytes(addr[k], bytes);
        Polling state = t.syscallState instanceof Polling p ? p : null;
        if (state == null) {
            long deadline = Long.MAX_VALUE;
            if (c.arg(4) != 0) {
                long ns = TimeCalls.readTimespec(c, c.arg(4));
                if (ns < 0) return -Errno.EINVAL;
                deadline = c.kernel().clock().monotonicNanos() + ns;
            }
            for (int fd = 0; fd < nfds; fd++) {
                if (isSet(in, fd) && c.process().files.get(fd) == null) return -Errno.EBADF;
            }
            if (c.arg(5) != 0) {
                long ss = c.readLong(c.arg(5)), len = c.readLong(c.arg(5) + 8);
                if (ss != 0) {
                    if (len != 8) return -Errno.EINVAL;
                    t.savedSignalMask = t.signalMask;
                    t.signalMask = c.readLong(ss) & ~((1L << 8) | (1L << 18));
                }
            }
            state = new Polling(deadline);
            t.syscallState = state;
            if (deadline != Long.MAX_VALUE && deadline > c.kernel().clock().monotonicNanos()) {
                c.kernel().timers().at(deadline, t::wake);
            }
        }
        state.unregister(t);
        byte[][] out = new byte[3][];
        for (int k = 0; k < 3; k++) out[k] = in[k] == null ? null : new byte[bytes];
        int ready = 0;
        int[] wanted = {SELECT_IN, SELECT_OUT, SELECT_EX};
        for (int fd = 0; fd < nfds; fd++) {
            if (!isSet(in, fd)) continue;
            OpenFile f = c.process().files.get(fd);
            if (f == null) return finishSelect(c, t, state, -Errno.EBADF);
            int mask = f.pollMask();
            boolean any = false;
            for (int k = 0; k < 3; k++) {
                if (in[k] == null || !bit(in[k], fd)) continue;
                if ((mask & wanted[k]) != 0) {
                    out[k][fd >>> 3] |= (byte) (1 << (fd & 7));
                    ready++;
                    any = true;
                }
            }
            if (!any) {
                f.waitQueue().add(t);
                state.queues.add(f.waitQueue());
            }
        }
        boolean timedOut = c.kernel().clock().monotonicNanos() >= state.deadline;
        if (ready == 0 && !timedOut) return Syscall.BLOCK;
        for (int k = 0; k < 3; k++) if (out[k] != null) c.write(addr[k], out[k]);
        if (c.arg(4) != 0) {
            TimeCalls.writeTimespec(c, c.arg(4), Math.max(0, state.deadline - c.kernel().clock().monotonicNanos()));
        }
        return finishSelect(c, t, state, ready);
    }

    private static long finishSelect(SyscallContext c, Task t, Polling state, long result) {
        state.unregister(t);
        if (t.savedSignalMask != -1) {
            t.signalMask = t.savedSignalMask;
            t.savedSignalMask = -1;
        }
        return result;
    }

    private static boolean isSet(byte[][] sets, int fd) {
        for (byte[] s : sets) if (s != null && bit(s, fd)) return true;
        return false;
    }

    private static boolean bit(byte[] set, int fd) {
        return (set[fd >>> 3] & (1 << (fd & 7))) != 0;
    }

    /** A ppoll in progress: its deadline and the queues it waits on. */
    private static final class Polling implements Interruptible {
        final long deadline;
        final List<WaitQueue> queues = new ArrayList<>();

        Polling(long deadline) {
            this.deadline = deadline;
        }

        void unregister(Task t) {
            for (WaitQueue q : queues) q.remove(t);
            queues.clear();
        }

        @Override
        public boolean restartable() {
            return false;
        }

        @Override
        public long interrupt(Task t) {
            unregister(t);
            return -Errno.EINTR;
        }
    }

    /** Implements ppoll(2). */
    static long ppoll(SyscallContext c) {
        long fdsAddr = c.arg(0);
        long nfds = c.arg(1);
        Task t = c.task();
        if (Long.compareUnsigned(nfds, Math.min(MAX_FDS, c.process().limits.soft(7 /* RLIMIT_NOFILE */))) > 0) {
            return -Errno.EINVAL;
        }
        Polling state = t.syscallState instanceof Polling p ? p : null;
        if (state == null) {
            long deadline = Long.MAX_VALUE;
            if (c.arg(2) != 0) {
                long ns = TimeCalls.readTimespec(c, c.arg(2));
                if (ns < 0) return -Errno.EINVAL;
                deadline = c.kernel().clock().monotonicNanos() + ns;
            }
            if (c.arg(3) != 0) {
                if (c.arg(4) != 8) return -Errno.EINVAL;
                long mask = c.readLong(c.arg(3));
                t.savedSignalMask = t.signalMask;
                t.signalMask = mask & ~((1L << 8) | (1L << 18)); // SIGKILL, SIGSTOP stay unblocked
            }
            state = new Polling(deadline);
            t.syscallState = state;
            if (deadline != Long.MAX_VALUE && deadline > c.kernel().clock().monotonicNanos()) {
                c.kernel().timers().at(deadline, t::wake);
            }
        }
        state.unregister(t);
        byte[] fds = c.readBytes(fdsAddr, (int) nfds * 8);
        int ready = 0;
        for (int i = 0; i < nfds; i++) {
            int fd = (int) SyscallContext.leLong(fds, i * 8) ;
            int events = (fds[i * 8 + 4] & 0xff) | (fds[i * 8 + 5] & 0xff) << 8;
            int revents = 0;
            if (fd >= 0) {
                OpenFile f = c.process().files.get(fd);
                if (f == null) {
                    revents = OpenFile.POLLNVAL;
                } else {
                    revents = f.pollMask() & (events | ALWAYS);
                    if (revents == 0) {
                        f.waitQueue().add(t);
                        state.queues.add(f.waitQueue());
                        revents = f.pollMask() & (events | ALWAYS); // re-check: no wake-up lost in between
                    }
                }
            }
            fds[i * 8 + 6] = (byte) revents;
            fds[i * 8 + 7] = (byte) (revents >>> 8);
            if (revents != 0) ready++;
        }
        boolean timedOut = c.kernel().clock().monotonicNanos() >= state.deadline;
        if (ready == 0 && !timedOut) return Syscall.BLOCK;
        state.unregister(t);
        c.write(fdsAddr, fds);
        if (c.arg(2) != 0) {
            long left = Math.max(0, state.deadline - c.kernel().clock().monotonicNanos());
            TimeCalls.writeTimespec(c, c.arg(2), left); // Linux writes the remaining time back
        }
        if (t.savedSignalMask != -1) {
            t.signalMask = t.savedSignalMask;
            t.savedSignalMask = -1;
        }
        return ready;
    }
}
