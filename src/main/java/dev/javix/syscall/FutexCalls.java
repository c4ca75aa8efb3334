package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Futex;
import dev.javix.mem.AddressSpace;

/** futex(2): WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE, WAKE_OP; private and shared. */
final class FutexCalls {
    private FutexCalls() {}

    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_FD = 2, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4,
            FUTEX_WAKE_OP = 5, FUTEX_LOCK_PI = 6, FUTEX_UNLOCK_PI = 7, FUTEX_TRYLOCK_PI = 8, FUTEX_WAIT_BITSET = 9,
            FUTEX_WAKE_BITSET = 10;
    static final int FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;

    static void register(SyscallTable.Builder b) {
        b.add(98, "futex", INT, FutexCalls::futex, Support.PARTIAL,
                "priority-inheritance operations (LOCK_PI, UNLOCK_PI, …) answer ENOSYS", PTR, ArgKind.FUTEX_OP, INT, PTR, PTR,
                INT);
    }

    /** Implements futex(2). */
    static long futex(SyscallContext c) {
        long uaddr = c.arg(0);
        int op = c.argInt(1);
        int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        boolean shared = (op & FUTEX_PRIVATE_FLAG) == 0;
        int val = c.argInt(2);
        Futex f = c.kernel().futex();
        AddressSpace mm = c.mem();
        switch (cmd) {
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                if ((op & FUTEX_CLOCK_REALTIME) != 0 && cmd == FUTEX_WAIT) return -Errno.ENOSYS;
                int bitset = cmd == FUTEX_WAIT ? Futex.FUTEX_BITSET_MATCH_ANY : c.argInt(5);
                long deadline = Long.MAX_VALUE;
                if (!(c.task().syscallState instanceof Futex.Waiter) && c.arg(3) != 0) {
                    long t = TimeCalls.readTimespec(c, c.arg(3));
                    if (t < 0) return -Errno.EINVAL;
                    long now = c.kernel().clock().monotonicNanos();
                    if (cmd == FUTEX_WAIT) {
                        deadline = t > Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + t; // relative
                    } else {
                        // absolute, on CLOCK_MONOTONIC or CLOCK_REALTIME (converted to monotonic)
                        long base = (op & FUTEX_CLOCK_REALTIME) != 0 ? c.kernel().clock().realtimeNanos() : now;
                        deadline = now + (t - base);
                    }
                }
                return f.waitOn(c.task(), c.cpuMmu(), uaddr, val, bitset, deadline, shared);
            }
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> {
                int bitset = cmd == FUTEX_WAKE ? Futex.FUTEX_BITSET_MATCH_ANY : c.argInt(5);
                if (bitset == 0) return -Errno.EINVAL;
                if ((uaddr & 3) != 0) return -Errno.EINVAL;
                Futex.Key k = f.key(mm, uaddr, shared);
                if (k == null) return -Errno.EFAULT;
                return f.wake(k, Math.max(val, 0), bitset);
            }
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                long uaddr2 = c.arg(4);
                if ((uaddr & 3) != 0 || (uaddr2 & 3) != 0) return -Errno.EINVAL;
                int nRequeue = (int) Math.min(Integer.MAX_VALUE, c.arg(3)); // val2 is passed in the timeout slot
                if (val < 0 || nRequeue < 0) return -Errno.EINVAL;
                if (cmd == FUTEX_CMP_REQUEUE && c.readInt(uaddr) != c.argInt(5)) return -Errno.EAGAIN;
                Futex.Key from = f.key(mm, uaddr, shared), to = f.key(mm, uaddr2, shared);
                if (from == null || to == null) return -Errno.EFAULT;
                return f.requeue(from, to, val, nRequeue);
            }
            case FUTEX_WAKE_OP -> {
                return wakeOp(c, f, mm, shared, uaddr, val);
            }
            case FUTEX_LOCK_PI, FUTEX_UNLOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_FD -> {
                return -Errno.ENOSYS;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    /**
     * FUTEX_WAKE_OP: atomically *uaddr2 = *uaddr2 OP oparg, wake val waiters on uaddr, and if
     * the old *uaddr2 CMP cmparg also wake val2 waiters on uaddr2 (futex(2)). The encoded op is
     * in val3: op (4 bits, top bit = oparg is a shift), cmp (4), oparg (12), cmparg (12).
     */
    private static long wakeOp(SyscallContext c, Futex f, AddressSpace mm, boolean shared, long uaddr, int val) {
        long uaddr2 = c.arg(4);
        int val2 = (int) Math.min(Integer.MAX_VALUE, c.arg(3));
        int val3 = c.argInt(5);
        if ((uaddr & 3) != 0 || (uaddr2 & 3) != 0) return -Errno.EINVAL;
        int op = (val3 >>> 28) & 0xf, cmp = (val3 >>> 24) & 0xf;
        int oparg = (val3 << 8) >> 20, cmparg = (val3 << 20) >> 20;
        if ((op & 8) != 0) {
            if (oparg < 0 || oparg > 31) return -Errno.EINVAL;
            oparg = 1 << oparg;
            op &= 7;
        }
        int old;
        synchronized (f) {
            old = c.readInt(uaddr2);
            int nv = switch (op) {
                case 0 -> oparg;          // FUTEX_OP_SET
                case 1 -> old + oparg;    // FUTEX_OP_ADD
                case 2 -> old | oparg;    // FUTEX_OP_OR
                case 3 -> old & ~oparg;   // FUTEX_OP_ANDN
                case 4 -> old ^ oparg;    // FUTEX_OP_XOR
                default -> Integer.MIN_VALUE;
            };
            if (op > 4) return -Errno.ENOSYS;
            c.writeInt(uaddr2, nv);
        }
        Futex.Key k1 = f.key(mm, uaddr, shared), k2 = f.key(mm, uaddr2, shared);
        if (k1 == null || k2 == null) return -Errno.EFAULT;
        int woken = f.wake(k1, Math.max(val, 0), Futex.FUTEX_BITSET_MATCH_ANY);
        boolean hit = switch (cmp) {
            case 0 -> old == cmparg;
            case 1 -> old != cmparg;
            case 2 -> old < cmparg;
            case 3 -> old <= cmparg;
            case 4 -> old > cmparg;
            case 5 -> old >= cmparg;
            default -> false;
        };
        if (cmp > 5) return -Errno.ENOSYS;
        if (hit) woken += f.wake(k2, Math.max(val2, 0), Futex.FUTEX_BITSET_MATCH_ANY);
        return woken;
    }
}
