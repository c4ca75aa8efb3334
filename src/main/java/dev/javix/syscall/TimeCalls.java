package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.CLOCK;
import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;

/** Clocks and sleeping: clock_gettime, clock_getres, gettimeofday, nanosleep, clock_nanosleep. */
final class TimeCalls {
    private TimeCalls() {}

    // clock ids, linux/time.h
    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2,
            CLOCK_THREAD_CPUTIME_ID = 3, CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5,
            CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7, CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9,
            CLOCK_TAI = 11;
    static final int TIMER_ABSTIME = 1;
    private static final long NANOS = 1_000_000_000L;

    static void register(SyscallTable.Builder b) {
        b.add(113, "clock_gettime", INT, TimeCalls::clockGettime, Support.FULL,
                "CPU-time clocks count one nanosecond per guest instruction", CLOCK, PTR);
        b.add(114, "clock_getres", TimeCalls::clockGetres, CLOCK, PTR);
        b.add(169, "gettimeofday", TimeCalls::gettimeofday, PTR, PTR);
        b.add(101, "nanosleep", TimeCalls::nanosleep, PTR, PTR);
        b.add(115, "clock_nanosleep", TimeCalls::clockNanosleep, CLOCK, ArgKind.TIMER_FLAGS, PTR, PTR);
    }

    /** The value of clock id now, in nanoseconds, or -1 for an unknown clock. */
    static long now(SyscallContext c, int clock) {
        return switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_REALTIME_ALARM, CLOCK_TAI ->
                c.kernel().clock().realtimeNanos();
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME, CLOCK_BOOTTIME_ALARM ->
                c.kernel().clock().monotonicNanos();
            case CLOCK_PROCESS_CPUTIME_ID -> {
                long sum = 0;
                for (Task t : c.process().threads()) sum += t.hart.instret;
                yield sum;
            }
            case CLOCK_THREAD_CPUTIME_ID -> c.task().hart.instret;
            default -> -1;
        };
    }

    static void writeTimespec(SyscallContext c, long addr, long nanos) {
        c.writeLong(addr, Math.floorDiv(nanos, NANOS));
        c.writeLong(addr + 8, Math.floorMod(nanos, NANOS));
    }

    /** Reads a struct timespec {tv_sec, tv_nsec}; -1 if it is invalid (EINVAL). */
    static long readTimespec(SyscallContext c, long addr) {
        long sec = c.readLong(addr), nsec = c.readLong(addr + 8);
        if (sec < 0 || nsec < 0 || nsec >= NANOS) return -1;
        if (sec > Long.MAX_VALUE / NANOS - 1) return Long.MAX_VALUE;
        return sec * NANOS + nsec;
    }

    /** Implements clock_gettime(2). */
    static long clockGettime(SyscallContext c) {
        long v = now(c, c.argInt(0));
        if (v < 0) return -Errno.EINVAL;
        writeTimespec(c, c.arg(1), v);
        return 0;
    }

    /** Implements clock_getres(2): 1 ns for the fine clocks, 4 ms (one jiffy at 250 Hz) for the coarse ones. */
    static long clockGetres(SyscallContext c) {
        int clock = c.argInt(0);
        if (now(c, clock) < 0) return -Errno.EINVAL;
        boolean coarse = clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE;
        if (c.arg(1) != 0) writeTimespec(c, c.arg(1), coarse ? 4_000_000 : 1);
        return 0;
    }

    /** Implements gettimeofday(2); the obsolete timezone is reported as UTC. */
    static long gettimeofday(SyscallContext c) {
        long now = c.kernel().clock().realtimeNanos();
        if (c.arg(0) != 0) {
            c.writeLong(c.arg(0), now / NANOS);
            c.writeLong(c.arg(0) + 8, (now % NANOS) / 1000);
        }
        if (c.arg(1) != 0) c.writeLong(c.arg(1), 0);
        return 0;
    }

    /** Implements nanosleep(2). */
    static long nanosleep(SyscallContext c) {
        return sleep(c, CLOCK_MONOTONIC, 0, c.arg(0), c.arg(1));
    }

    /** Implements clock_nanosleep(2). */
    static long clockNanosleep(SyscallContext c) {
        int clock = c.argInt(0);
        if (clock == CLOCK_THREAD_CPUTIME_ID) return -Errno.EINVAL;
        if (now(c, clock) < 0) return -Errno.EINVAL;
        if (clock == CLOCK_PROCESS_CPUTIME_ID) return -Errno.EOPNOTSUPP;
        return sleep(c, clock, c.argInt(1), c.arg(2), (c.argInt(1) & TIMER_ABSTIME) != 0 ? 0 : c.arg(3));
    }

    /**
     * The deadline of a sleep in progress, kept across wake-ups (Linux's restart_block). A
     * handler interrupts it with EINTR — never restarted (signal(7)) — and a relative sleep
     * reports the time left in *rem.
     */
    private record Deadline(int clock, long at, long remAddr, TimeCalls.Clocks clocks)
            implements dev.javix.kernel.signal.Interruptible {
        @Override
        public boolean restartable() {
            return false;
        }

        @Override
        public long interrupt(Task t) {
            if (remAddr != 0) {
                long left = Math.max(0, at - clocks.now(clock));
                byte[] b = new byte[16];
                SyscallContext.putLong(b, 0, left / NANOS);
                SyscallContext.putLong(b, 8, left % NANOS);
                t.process.mm().write(remAddr, b, 0, 16);
            }
            return -Errno.EINTR;
        }
    }

    /** Reads a clock by id outside a system call (for an interrupted sleep's remaining time). */
    @FunctionalInterface
    interface Clocks {
        long now(int clock);
    }

    /**
     * Sleeps until the deadline: the first call computes it and arms a timer; each run after a
     * wake-up checks the clock and goes back to sleep if it is early (design decision 2).
     */
    private static long sleep(SyscallContext c, int clock, int flags, long reqAddr, long remAddr) {
        Task t = c.task();
        Deadline d;
        if (t.syscallState instanceof Deadline pending) {
            d = pending;
        } else {
            long req = readTimespec(c, reqAddr);
            if (req < 0) return -Errno.EINVAL;
            long base = (flags & TIMER_ABSTIME) != 0 ? 0 : now(c, clock);
            long at = req > Long.MAX_VALUE - base ? Long.MAX_VALUE : base + req;
            dev.javix.kernel.Kernel k = c.kernel();
            d = new Deadline(clock, at, remAddr, id -> id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE
                    || id == CLOCK_REALTIME_ALARM || id == CLOCK_TAI ? k.clock().realtimeNanos() : k.clock().monotonicNanos());
            t.syscallState = d;
        }
        long remaining = d.at() - now(c, d.clock());
        if (remaining <= 0) return 0;
        long monotonicDeadline = c.kernel().clock().monotonicNanos() + remaining;
        c.kernel().timers().at(monotonicDeadline, t::wake);
        return Syscall.BLOCK;
    }
}
