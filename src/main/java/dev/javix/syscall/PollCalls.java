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
 * ppoll(2) and pselect6(2) on the one readiness protocol (design decision 3): each file reports
 * a poll mask and keeps a wait queue; a call that finds nothing ready registers on every queue
 * and sleeps until one is woken, the timeout, or a signal. Never restarted after a handler
 * (signal(7)); the remaining time is written back to the timespec on every return, EINTR
 * included, as Linux's poll_select_finish does. Arguments are checked in Linux's order: the
 * timeout, the signal mask's size, then the fds.
 * <pre>
 *   struct pollfd { int fd @0; short events @4; short revents @6; };   // 8 bytes
 *   pselect6's sixth argument: struct { const sigset_t *ss @0; size_t ss_len @8; }
 * </pre>
 */
final class PollCalls {
    private PollCalls() {}

    /** RLIMIT_NOFILE bounds nfds in Linux; this is the hard ceiling. */
    static final int MAX_FDS = 1 << 20;
    /** POLLERR, POLLHUP and POLLNVAL are reported whether asked for or not (poll(2)). */
    private static final int ALWAYS = OpenFile.POLLERR | OpenFile.POLLHUP | OpenFile.POLLNVAL;
    /** DEFAULT_POLLMASK: what a file without a poll operation (regular file, directory) reports. */
    private static final int DEFAULT_POLLMASK = OpenFile.POLLIN | OpenFile.POLLOUT | OpenFile.POLLRDNORM
            | OpenFile.POLLWRNORM;
    private static final int POLLRDBAND = 0x80, POLLWRBAND = 0x200;
    /** POLLIN_SET, POLLOUT_SET, POLLEX_SET of fs/select.c. */
    private static final int SELECT_IN = OpenFile.POLLIN | OpenFile.POLLRDNORM | POLLRDBAND | OpenFile.POLLHUP
            | OpenFile.POLLERR;
    private static final int SELECT_OUT = OpenFile.POLLOUT | OpenFile.POLLWRNORM | POLLWRBAND | OpenFile.POLLERR;
    private static final int SELECT_EX = OpenFile.POLLPRI;
    private static final int[] SELECT_SETS = {SELECT_IN, SELECT_OUT, SELECT_EX};
    private static final long UNBLOCKABLE = (1L << 8) | (1L << 18); // SIGKILL, SIGSTOP

    static void register(SyscallTable.Builder b) {
        b.add(73, "ppoll", PollCalls::ppoll, PTR, UINT, PTR, PTR, UINT);
        b.add(72, "pselect6", PollCalls::pselect6, INT, PTR, PTR, PTR, PTR, PTR);
    }

    /** FD_SETSIZE of glibc: the fd_set type holds 1024 bits (the kernel itself takes any nfds). */
    static final int FD_SETSIZE = 1024;

    /** The poll mask of f: DEFAULT_POLLMASK for files Linux has no poll operation for. */
    static int mask(OpenFile f) {
        return EpollCalls.canPoll(f) ? f.pollMask() : DEFAULT_POLLMASK;
    }

    /**
     * The fd table size Linux clamps select's nfds to (fdt->max_fds): 64 fds, then doubled as
     * fds are opened. Bits beyond it are ignored.
     */
    private static int maxFds(SyscallContext c) {
        int used = c.process().files.size();
        int n = 64;
        while (n < used) n <<= 1;
        return n;
    }

    /** A ppoll or pselect6 in progress: its deadline, where to write the time left, the queues it waits on. */
    private static final class Polling implements Interruptible {
        final long deadline;
        /** The guest timespec to update, or 0. */
        final long timeoutAddr;
        final List<WaitQueue> queues = new ArrayList<>();

        Polling(long deadline, long timeoutAddr) {
            this.deadline = deadline;
            this.timeoutAddr = timeoutAddr;
        }

        void unregister(Task t) {
            for (WaitQueue q : queues) q.remove(t);
            queues.clear();
        }

        @Override
        public boolean restartable() {
            return false;
        }

        /** EINTR, with the time left written back (poll_select_finish runs for every result). */
        @Override
        public long interrupt(Task t) {
            unregister(t);
            if (timeoutAddr != 0) {
                long left = Math.max(0, deadline - t.process.kernel().clock().monotonicNanos());
                byte[] ts = new byte[16];
                SyscallContext.putLong(ts, 0, left / 1_000_000_000L);
                SyscallContext.putLong(ts, 8, left % 1_000_000_000L);
                t.process.mm().write(timeoutAddr, ts, 0, 16);
            }
            return -Errno.EINTR;
        }
    }

    /**
     * The first run of a call: reads and checks the timeout (EINVAL) and the mask's size
     * (EINVAL), returning the state or -errno in {@code err[0]}. The mask is applied by
     * {@link #start} once every argument has been checked.
     */
    private static Polling prepare(SyscallContext c, long timeoutAddr, long maskAddr, long maskSize, long[] err) {
        long deadline = Long.MAX_VALUE;
        if (timeoutAddr != 0) {
            long ns = TimeCalls.readTimespec(c, timeoutAddr);
            if (ns < 0) {
                err[0] = -Errno.EINVAL;
                return null;
            }
            long now = c.kernel().clock().monotonicNanos();
            deadline = ns > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ns;
        }
        if (maskAddr != 0 && maskSize != 8) {
            err[0] = -Errno.EINVAL;
            return null;
        }
        return new Polling(deadline, timeoutAddr);
    }

    /** Applies the temporary signal mask and the timer, and makes state the call's. */
    private static void start(SyscallContext c, Task t, Polling state, long maskAddr) {
        if (maskAddr != 0) {
            long mask = c.readLong(maskAddr);
            t.savedSignalMask = t.signalMask;
            t.signalMask = mask & ~UNBLOCKABLE;
        }
        t.syscallState = state;
        if (state.deadline != Long.MAX_VALUE && state.deadline > c.kernel().clock().monotonicNanos()) {
            c.kernel().timers().at(state.deadline, t::wake);
        }
    }

    /** The end of a call that did not sleep to EINTR: time left written back, mask restored. */
    private static long finish(SyscallContext c, Task t, Polling state, long result) {
        state.unregister(t);
        if (state.timeoutAddr != 0) {
            TimeCalls.writeTimespec(c, state.timeoutAddr,
                    Math.max(0, state.deadline - c.kernel().clock().monotonicNanos()));
        }
        if (t.savedSignalMask != -1) {
            t.signalMask = t.savedSignalMask;
            t.savedSignalMask = -1;
        }
        return result;
    }

    /**
     * Implements pselect6(2): fd_sets of nfds bits in (nfds clamped to the fd table's size, as
     * Linux does), the ready ones out, the count returned; EBADF if a set names a closed fd.
     */
    static long pselect6(SyscallContext c) {
        Task t = c.task();
        Polling state = t.syscallState instanceof Polling p ? p : null;
        long maskAddr = 0;
        if (state == null) {
            long maskSize = 0;
            if (c.arg(5) != 0) {
                maskAddr = c.readLong(c.arg(5));
                maskSize = c.readLong(c.arg(5) + 8);
            }
            long[] err = {0};
            state = prepare(c, c.arg(4), maskAddr, maskSize, err);
            if (state == null) return err[0];
        }
        int nfds = c.argInt(0);
        if (nfds < 0) return -Errno.EINVAL;
        nfds = Math.min(nfds, maxFds(c));
        int bytes = ((nfds + 63) / 64) * 8;
        long[] addr = {c.arg(1), c.arg(2), c.arg(3)};
        byte[][] in = new byte[3][];
        for (int k = 0; k < 3; k++) in[k] = addr[k] == 0 ? null : c.readBytes(addr[k], bytes);
        if (t.syscallState != state) { // first run: EBADF before anything else happens
            for (int fd = 0; fd < nfds; fd++) {
                if (isSet(in, fd) && c.process().files.get(fd) == null) return -Errno.EBADF;
            }
            start(c, t, state, maskAddr);
        }
        state.unregister(t);
        byte[][] out = new byte[3][];
        for (int k = 0; k < 3; k++) out[k] = in[k] == null ? null : new byte[bytes];
        int ready = 0;
        for (int fd = 0; fd < nfds; fd++) {
            if (!isSet(in, fd)) continue;
            OpenFile f = c.process().files.get(fd);
            if (f == null) return finish(c, t, state, -Errno.EBADF);
            int m = mask(f);
            if (!selected(m, in, fd)) {
                f.waitQueue().add(t);
                state.queues.add(f.waitQueue());
                m = mask(f); // re-check once queued: no wake-up lost in between
            }
            for (int k = 0; k < 3; k++) {
                if (in[k] != null && bit(in[k], fd) && (m & SELECT_SETS[k]) != 0) {
                    out[k][fd >>> 3] |= (byte) (1 << (fd & 7));
                    ready++;
                }
            }
        }
        boolean timedOut = c.kernel().clock().monotonicNanos() >= state.deadline;
        if (ready == 0 && !timedOut) return Syscall.BLOCK;
        for (int k = 0; k < 3; k++) if (out[k] != null) c.write(addr[k], out[k]);
        return finish(c, t, state, ready);
    }

    private static boolean selected(int mask, byte[][] in, int fd) {
        for (int k = 0; k < 3; k++) if (in[k] != null && bit(in[k], fd) && (mask & SELECT_SETS[k]) != 0) return true;
        return false;
    }

    private static boolean isSet(byte[][] sets, int fd) {
        for (byte[] s : sets) if (s != null && bit(s, fd)) return true;
        return false;
    }

    private static boolean bit(byte[] set, int fd) {
        return (set[fd >>> 3] & (1 << (fd & 7))) != 0;
    }

    /**
     * Implements ppoll(2): EINVAL for nfds above RLIMIT_NOFILE; revents = the file's mask
     * filtered by events plus POLLERR|POLLHUP, POLLNVAL for a closed fd, 0 for a negative fd.
     */
    static long ppoll(SyscallContext c) {
        long fdsAddr = c.arg(0);
        long nfds = c.arg(1);
        Task t = c.task();
        Polling state = t.syscallState instanceof Polling p ? p : null;
        if (state == null) {
            long[] err = {0};
            state = prepare(c, c.arg(2), c.arg(3), c.arg(4), err);
            if (state == null) return err[0];
            if (Long.compareUnsigned(nfds, Math.min(MAX_FDS, c.process().limits.soft(7 /* RLIMIT_NOFILE */))) > 0) {
                return -Errno.EINVAL;
            }
        }
        byte[] fds = c.readBytes(fdsAddr, (int) nfds * 8);
        if (t.syscallState != state) start(c, t, state, c.arg(3));
        state.unregister(t);
        int ready = 0;
        for (int i = 0; i < nfds; i++) {
            int fd = (int) SyscallContext.leLong(fds, i * 8);
            int events = (fds[i * 8 + 4] & 0xff) | (fds[i * 8 + 5] & 0xff) << 8;
            int revents = 0;
            if (fd >= 0) {
                OpenFile f = c.process().files.get(fd);
                if (f == null) {
                    revents = OpenFile.POLLNVAL;
                } else {
                    revents = mask(f) & (events | ALWAYS);
                    if (revents == 0) {
                        f.waitQueue().add(t);
                        state.queues.add(f.waitQueue());
                        revents = mask(f) & (events | ALWAYS); // re-check: no wake-up lost in between
                    }
                }
            }
            fds[i * 8 + 6] = (byte) revents;
            fds[i * 8 + 7] = (byte) (revents >>> 8);
            if (revents != 0) ready++;
        }
        boolean timedOut = c.kernel().clock().monotonicNanos() >= state.deadline;
        if (ready == 0 && !timedOut) return Syscall.BLOCK;
        c.write(fdsAddr, fds);
        return finish(c, t, state, ready);
    }
}
