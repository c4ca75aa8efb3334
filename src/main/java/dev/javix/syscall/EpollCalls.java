package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.FD;
import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.poll.Epoll;
import dev.javix.kernel.poll.EventFd;
import dev.javix.kernel.poll.SignalFd;
import dev.javix.kernel.poll.TimerFd;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.Interruptible;

/**
 * epoll_create1, epoll_ctl, epoll_pwait, epoll_pwait2 and eventfd2 (the core is kernel.poll;
 * timerfd_create, timerfd_settime, timerfd_gettime, signalfd4). On riscv64 struct epoll_event is not
 * packed (only x86-64 defines EPOLL_PACKED), so it is 16 bytes:
 * <pre>
 *   struct epoll_event { uint32_t events;   // @0
 *                        (4 bytes padding)   // @4
 *                        uint64_t data; };   // @8
 * </pre>
 */
final class EpollCalls {
    private EpollCalls() {}

    static final int EVENT_SIZE = 16, EVENT_DATA = 8;
    static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    /** EP_MAX_EVENTS: INT_MAX / sizeof(struct epoll_event). */
    static final int MAX_EVENTS = Integer.MAX_VALUE / EVENT_SIZE;

    static void register(SyscallTable.Builder b) {
        b.add(19, "eventfd2", EpollCalls::eventfd2, UINT, ArgKind.EVENTFD_FLAGS);
        b.add(20, "epoll_create1", EpollCalls::epollCreate1, ArgKind.EPOLL_FLAGS);
        b.add(21, "epoll_ctl", EpollCalls::epollCtl, FD, ArgKind.EPOLL_OP, FD, PTR);
        b.add(22, "epoll_pwait", EpollCalls::epollPwait, FD, PTR, INT, INT, PTR, UINT);
        b.add(441, "epoll_pwait2", EpollCalls::epollPwait2, FD, PTR, INT, PTR, PTR, UINT);
        b.add(74, "signalfd4", EpollCalls::signalfd4, FD, PTR, UINT, HEX);
        b.add(85, "timerfd_create", ArgKind.INT, EpollCalls::timerfdCreate, Support.PARTIAL,
                "the realtime clock never jumps in javix, so TFD_TIMER_CANCEL_ON_SET is accepted and never cancels",
                ArgKind.CLOCK, HEX);
        b.add(86, "timerfd_settime", EpollCalls::timerfdSettime, FD, HEX, PTR, PTR);
        b.add(87, "timerfd_gettime", EpollCalls::timerfdGettime, FD, PTR);
    }

    /** Installs a new description as the lowest free fd; closes it again on failure (EMFILE). */
    static long install(SyscallContext c, OpenFile f, boolean cloexec) {
        int fd = c.process().files.install(f, 0, cloexec, FileCalls.nofile(c.process()));
        if (fd < 0) f.close();
        return fd;
    }

    /** Implements epoll_create1(2): flags 0 or EPOLL_CLOEXEC, else EINVAL. */
    static long epollCreate1(SyscallContext c) {
        int flags = c.argInt(0);
        if ((flags & ~OpenFile.O_CLOEXEC) != 0) return -Errno.EINVAL;
        return install(c, new Epoll(c.kernel()), flags != 0);
    }

    /**
     * Implements epoll_ctl(2), checks in Linux's order (do_epoll_ctl): EFAULT for the event,
     * EBADF for either fd, EPERM for a file without poll (regular files, directories), EINVAL
     * for epfd not an epoll or equal to fd, EINVAL for misused EPOLLEXCLUSIVE, ELOOP for a
     * cycle or too deep nesting, then EEXIST / ENOENT.
     */
    static long epollCtl(SyscallContext c) {
        int epfd = c.argInt(0), op = c.argInt(1), fd = c.argInt(2);
        int events = 0;
        long data = 0;
        if (op != EPOLL_CTL_DEL) { // ep_op_has_event: even an unknown op copies the event first
            events = c.readInt(c.arg(3));
            data = c.readLong(c.arg(3) + EVENT_DATA);
        }
        OpenFile ef = c.process().files.get(epfd);
        if (ef == null) return -Errno.EBADF;
        OpenFile tf = c.process().files.get(fd);
        if (tf == null) return -Errno.EBADF;
        if (!canPoll(tf)) return -Errno.EPERM;
        // ep_take_care_of_epollwakeup: EPOLLWAKEUP needs CAP_BLOCK_SUSPEND, else it is dropped silently.
        if ((events & Epoll.EPOLLWAKEUP) != 0 && c.process().credentials().euid() != 0) events &= ~Epoll.EPOLLWAKEUP;
        if (ef == tf || !(ef instanceof Epoll ep)) return -Errno.EINVAL;
        if (op != EPOLL_CTL_DEL && (events & Epoll.EPOLLEXCLUSIVE) != 0) {
            if (op == EPOLL_CTL_MOD) return -Errno.EINVAL;
            if (op == EPOLL_CTL_ADD && (tf instanceof Epoll || (events & ~Epoll.EXCLUSIVE_OK_BITS) != 0)) {
                return -Errno.EINVAL;
            }
        }
        return switch (op) {
            case EPOLL_CTL_ADD -> ep.add(tf, fd, events, data);
            case EPOLL_CTL_MOD -> ep.modify(tf, fd, events, data);
            case EPOLL_CTL_DEL -> ep.delete(tf, fd);
            default -> -Errno.EINVAL;
        };
    }

    /**
     * file_can_poll: Linux's regular files, directories and some devices (the memory devices,
     * urandom) have no poll operation, so epoll refuses them with EPERM (select and poll call
     * them always ready instead); message queue descriptors are regular files that do have one.
     */
    static boolean canPoll(OpenFile f) {
        if (f instanceof dev.javix.kernel.ipc.MqueueFile) return true; // a regular file with mqueue_poll_file
        if (!f.hasPollOperation()) return false; // /dev/null, /dev/zero, /dev/full, /dev/urandom
        StatBuf st = new StatBuf();
        if (f.stat(st) < 0) return true;
        int type = st.mode & StatBuf.S_IFMT;
        return type != StatBuf.S_IFREG && type != StatBuf.S_IFDIR;
    }

    /** Implements epoll_pwait(2) (epoll_wait(2) is glibc's epoll_pwait with no mask): timeout in ms, negative = forever. */
    static long epollPwait(SyscallContext c) {
        int timeout = c.argInt(3);
        return epollWait(c, timeout < 0 ? -1 : timeout * 1_000_000L, c.arg(4), c.arg(5));
    }

    /** Implements epoll_pwait2(2): a struct timespec timeout (NULL = forever), not written back. */
    static long epollPwait2(SyscallContext c) {
        long ns = -1;
        if (c.arg(3) != 0 && !(c.task().syscallState instanceof Waiting)) {
            ns = TimeCalls.readTimespec(c, c.arg(3));
            if (ns < 0) return -Errno.EINVAL;
        }
        return epollWait(c, ns, c.arg(4), c.arg(5));
    }

    /** An epoll_wait in progress: its deadline and the epoll it sleeps on. Never restarted (signal(7)). */
    private static final class Waiting implements Interruptible {
        final long deadline;
        final Epoll ep;

        Waiting(long deadline, Epoll ep) {
            this.deadline = deadline;
            this.ep = ep;
        }

        @Override
        public boolean restartable() {
            return false;
        }

        @Override
        public long interrupt(Task t) {
            ep.waitQueue().remove(t);
            return -Errno.EINTR;
        }
    }

    /**
     * do_epoll_wait then ep_poll: EINVAL for maxevents out of range, EFAULT for the buffer,
     * EBADF, EINVAL for a non-epoll fd, EINVAL for a sigset size other than 8; then report
     * what is ready, or sleep until something is, the timeout (timeoutNs; -1 forever) or a
     * signal (EINTR).
     */
    private static long epollWait(SyscallContext c, long timeoutNs, long maskAddr, long maskSize) {
        long events = c.arg(1);
        int max = c.argInt(2);
        Task t = c.task();
        Waiting state = t.syscallState instanceof Waiting w ? w : null;
        if (state == null) {
            if (maskAddr != 0 && maskSize != 8) return -Errno.EINVAL; // set_user_sigmask comes first
            if (max <= 0 || max > MAX_EVENTS) return -Errno.EINVAL;
            OpenFile f = c.process().files.get(c.argInt(0));
            if (f == null) return -Errno.EBADF;
            if (!(f instanceof Epoll ep)) return -Errno.EINVAL;
            long now = c.kernel().clock().monotonicNanos();
            long deadline = timeoutNs < 0 ? Long.MAX_VALUE : (timeoutNs > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNs);
            if (maskAddr != 0) {
                long mask = c.readLong(maskAddr);
                t.savedSignalMask = t.signalMask;
                t.signalMask = mask & ~((1L << 8) | (1L << 18)); // SIGKILL, SIGSTOP stay unblocked
            }
            state = new Waiting(deadline, ep);
            t.syscallState = state;
            if (deadline != Long.MAX_VALUE && deadline > now) c.kernel().timers().at(deadline, t::wake);
        }
        Epoll ep = state.ep;
        ep.waitQueue().remove(t);
        EventBuffer buf = new EventBuffer();
        while (true) {
            // Only as many events as the buffer is known to take are harvested: one taken (an
            // edge, a one-shot) and then lost to a fault in the copy would never come back.
            // Linux puts such an item back on the ready list (ep_send_events); EFAULT then.
            int want = Math.min(max, ep.readyCount());
            if (want > 0 && !c.mem().writable(events, (long) want * EVENT_SIZE)) return finish(t, -Errno.EFAULT);
            int n = want > 0 ? ep.harvest(want, buf) : 0;
            if (n > 0) {
                c.write(events, buf.bytes, 0, n * EVENT_SIZE);
                return finish(t, n);
            }
            if (c.kernel().clock().monotonicNanos() >= state.deadline) return finish(t, 0);
            ep.waitQueue().add(t);
            if (!ep.hasReady()) return Syscall.BLOCK; // queued before re-checking: no wake-up lost
            ep.waitQueue().remove(t);
        }
    }

    /** Collects harvested events as guest epoll_events, growing as needed (usually a few). */
    private static final class EventBuffer implements Epoll.Sink {
        byte[] bytes = new byte[16 * EVENT_SIZE];

        @Override
        public void event(int i, int revents, long data) {
            if ((i + 1) * EVENT_SIZE > bytes.length) bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            SyscallContext.putLong(bytes, i * EVENT_SIZE, revents & 0xffffffffL);
            SyscallContext.putLong(bytes, i * EVENT_SIZE + EVENT_DATA, data);
        }
    }

    private static long finish(Task t, long result) {
        if (t.savedSignalMask != -1) {
            t.signalMask = t.savedSignalMask;
            t.savedSignalMask = -1;
        }
        return result;
    }

    /** Implements eventfd2(2): flags EFD_CLOEXEC, EFD_NONBLOCK, EFD_SEMAPHORE, else EINVAL. */
    static long eventfd2(SyscallContext c) {
        long initval = c.arg(0) & 0xffffffffL;
        int flags = c.argInt(1);
        if ((flags & ~(EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK | EventFd.EFD_SEMAPHORE)) != 0) return -Errno.EINVAL;
        return install(c, new EventFd(initval, flags, (int) c.kernel().nextPipeId()), (flags & EventFd.EFD_CLOEXEC) != 0);
    }

    // ------------------------------------------------------------------ timerfd

    /**
     * Implements timerfd_create(2): CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME; the
     * *_ALARM clocks need CAP_WAKE_ALARM (EPERM unprivileged, EINVAL here otherwise: no alarm
     * hardware); flags TFD_CLOEXEC, TFD_NONBLOCK.
     */
    static long timerfdCreate(SyscallContext c) {
        int clock = c.argInt(0), flags = c.argInt(1);
        if ((flags & ~(OpenFile.O_CLOEXEC | OpenFile.O_NONBLOCK)) != 0) return -Errno.EINVAL;
        if (clock == 8 || clock == 9) {
            return c.process().credentials().euid() != 0 ? -Errno.EPERM : -Errno.EINVAL;
        }
        if (clock != TimerFd.CLOCK_REALTIME && clock != TimerFd.CLOCK_MONOTONIC && clock != TimerFd.CLOCK_BOOTTIME) {
            return -Errno.EINVAL;
        }
        TimerFd f = new TimerFd(clock, flags, c.kernel().clock(), c.kernel().timers());
        return install(c, f, (flags & OpenFile.O_CLOEXEC) != 0);
    }

    /** The timerfd behind fd: -EBADF or -EINVAL (not a timerfd) in {@code err[0]} otherwise. */
    private static TimerFd timerfd(SyscallContext c, int fd, long[] err) {
        OpenFile f = c.process().files.get(fd);
        if (f == null) err[0] = -Errno.EBADF;
        else if (!(f instanceof TimerFd t)) err[0] = -Errno.EINVAL;
        else return t;
        return null;
    }

    /**
     * Implements timerfd_settime(2): struct itimerspec {it_interval @0, it_value @16}; EFAULT,
     * EINVAL for unknown flags or a bad timespec, EBADF, EINVAL for a non-timerfd, in that order.
     */
    static long timerfdSettime(SyscallContext c) {
        int flags = c.argInt(1);
        long interval = TimeCalls.readTimespec(c, c.arg(2));
        long value = TimeCalls.readTimespec(c, c.arg(2) + 16);
        if ((flags & ~(TimerFd.TFD_TIMER_ABSTIME | TimerFd.TFD_TIMER_CANCEL_ON_SET)) != 0 || interval < 0 || value < 0) {
            return -Errno.EINVAL;
        }
        long[] err = {0};
        TimerFd t = timerfd(c, c.argInt(0), err);
        if (t == null) return err[0];
        long[] old = t.set(flags, value, interval);
        if (c.arg(3) != 0) writeItimerspec(c, c.arg(3), old);
        return 0;
    }

    /** Implements timerfd_gettime(2): the time left (relative) and the interval. */
    static long timerfdGettime(SyscallContext c) {
        long[] err = {0};
        TimerFd t = timerfd(c, c.argInt(0), err);
        if (t == null) return err[0];
        writeItimerspec(c, c.arg(1), t.get());
        return 0;
    }

    private static void writeItimerspec(SyscallContext c, long addr, long[] valueInterval) {
        TimeCalls.writeTimespec(c, addr, valueInterval[1]);
        TimeCalls.writeTimespec(c, addr + 16, valueInterval[0]);
    }

    // ------------------------------------------------------------------ signalfd

    /**
     * Implements signalfd4(2): EINVAL for unknown flags or sizemask != 8, EFAULT for the mask;
     * fd -1 makes a new signalfd, otherwise fd's mask is replaced (EBADF, EINVAL if it is not
     * a signalfd) and fd returned.
     */
    static long signalfd4(SyscallContext c) {
        int fd = c.argInt(0), flags = c.argInt(3);
        if ((flags & ~(SignalFd.SFD_CLOEXEC | SignalFd.SFD_NONBLOCK)) != 0) return -Errno.EINVAL;
        if (c.arg(2) != 8) return -Errno.EINVAL;
        long mask = c.readLong(c.arg(1));
        if (fd == -1) {
            SignalFd f = new SignalFd(mask, flags, c.process(), c.kernel().signals().pendingChanged());
            return install(c, f, (flags & SignalFd.SFD_CLOEXEC) != 0);
        }
        OpenFile f = c.process().files.get(fd);
        if (f == null) return -Errno.EBADF;
        if (!(f instanceof SignalFd s)) return -Errno.EINVAL;
        s.setMask(mask);
        return fd;
    }
}
