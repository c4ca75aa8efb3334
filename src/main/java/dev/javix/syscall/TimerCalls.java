package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.CLOCK;
import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.PosixTimers;

/**
 * POSIX timers: timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete.
 * <pre>
 *   struct sigevent { sigval_t sigev_value @0; int sigev_signo @8; int sigev_notify @12; int _tid @16; … };  // 64 bytes
 *   struct itimerspec { struct timespec it_interval @0; struct timespec it_value @16; };
 * </pre>
 */
final class TimerCalls {
    private TimerCalls() {}

    static void register(SyscallTable.Builder b) {
        b.add(107, "timer_create", INT, TimerCalls::create, Support.PARTIAL,
                "CLOCK_REALTIME, CLOCK_MONOTONIC and CLOCK_BOOTTIME; CPU-time clocks answer EINVAL", CLOCK, PTR, PTR);
        b.add(110, "timer_settime", TimerCalls::settime, INT, HEX, PTR, PTR);
        b.add(108, "timer_gettime", TimerCalls::gettime, INT, PTR);
        b.add(109, "timer_getoverrun", c -> c.process().posixTimers().overrun(c.argInt(0)), INT);
        b.add(111, "timer_delete", c -> c.process().posixTimers().delete(c.argInt(0)), INT);
    }

    /** Implements timer_create(2). */
    static long create(SyscallContext c) {
        int clock = c.argInt(0);
        if (clock != TimeCalls.CLOCK_REALTIME && clock != TimeCalls.CLOCK_MONOTONIC && clock != TimeCalls.CLOCK_BOOTTIME) {
            return -Errno.EINVAL;
        }
        int signo = 14 /* SIGALRM */, notify = PosixTimers.SIGEV_SIGNAL;
        long value = 0;
        Task target = null;
        if (c.arg(1) != 0) {
            value = c.readLong(c.arg(1));
            signo = c.readInt(c.arg(1) + 8);
            notify = c.readInt(c.arg(1) + 12);
            if (notify == PosixTimers.SIGEV_THREAD_ID) {
                target = c.kernel().task(c.readInt(c.arg(1) + 16));
                if (target == null || target.process != c.process()) return -Errno.EINVAL;
            }
        }
        int id = c.process().posixTimers().create(clock, signo, notify, target, value);
        if (id < 0) return id;
        if (c.arg(1) == 0) value = id; // the default sigevent carries the timer id (timer_create(2))
        c.writeInt(c.arg(2), id);
        return 0;
    }

    /** Implements timer_settime(2); TIMER_ABSTIME (1) takes it_value as a time on the timer's clock. */
    static long settime(SyscallContext c) {
        int id = c.argInt(0), flags = c.argInt(1);
        long interval = TimeCalls.readTimespec(c, c.arg(2));
        long value = TimeCalls.readTimespec(c, c.arg(2) + 16);
        if (interval < 0 || value < 0) return -Errno.EINVAL;
        long now = c.kernel().clock().monotonicNanos();
        long deadline = 0;
        if (value > 0) {
            if ((flags & 1) == 0) {
                deadline = now + value;
            } else {
                // An absolute time on the timer's clock, converted to the monotonic clock timers run on.
                int clock = c.process().posixTimers().clock(id);
                long offset = clock == TimeCalls.CLOCK_REALTIME ? c.kernel().clock().realtimeNanos() - now : 0;
                deadline = Math.max(now + 1, value - offset);
            }
        }
        long[] old = c.process().posixTimers().set(id, deadline, interval);
        if (old == null) return -Errno.EINVAL;
        if (c.arg(3) != 0) writeItimerspec(c, c.arg(3), old);
        return 0;
    }

    /** Implements timer_gettime(2). */
    static long gettime(SyscallContext c) {
        long[] cur = c.process().posixTimers().get(c.argInt(0));
        if (cur == null) return -Errno.EINVAL;
        writeItimerspec(c, c.arg(1), cur);
        return 0;
    }

    private static void writeItimerspec(SyscallContext c, long addr, long[] remainingAndInterval) {
        byte[] b = new byte[32];
        SyscallContext.putLong(b, 0, remainingAndInterval[1] / 1_000_000_000L);
        SyscallContext.putLong(b, 8, remainingAndInterval[1] % 1_000_000_000L);
        SyscallContext.putLong(b, 16, remainingAndInterval[0] / 1_000_000_000L);
        SyscallContext.putLong(b, 24, remainingAndInterval[0] % 1_000_000_000L);
        c.write(addr, b);
    }
}
