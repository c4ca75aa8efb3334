package dev.javix.cpu;

import dev.javix.cpu.jit.Tlb;
import dev.javix.mem.Mmu;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The A extension (RISC-V unprivileged spec, chapter 8). AMOs are real atomic read-modify-write
 * operations on the page's memory (VarHandle atomic access modes), so they stay atomic when threads of
 * one process run on several host threads. LR/SC: LR records the address and the value it
 * read; SC succeeds iff the reservation is for that address and the memory still holds that
 * value, and stores with a compare-and-set (the usual emulator technique; an ABA change in
 * between is indistinguishable to correct programs, which only use LR/SC for CAS loops).
 *
 * <p>Two ways in. The interpreter calls {@link #exec} with the decoded instruction; it goes
 * through the Mmu ({@link Mmu#atomicPage}, a memory segment per page). Compiled regions call
 * the small per-kind entry points ({@link #lrW}, {@link #scW}, {@link #amoW} and their D
 * twins) with the address and source value, which work directly on the {@code long[]} behind
 * the page when the region's {@link Tlb} holds it for writing and the access is aligned (one tag
 * compare, then a VarHandle on the array element: no alignment, bounds-of-segment or session
 * checks per access); anything else (a miss, a misaligned address, a shared page) takes the
 * Mmu path, which also faults exactly as the interpreter does. A 32-bit operation on the array
 * is a compare-and-set of the 64-bit element holding it, retried while the other half changes:
 * as atomic as a 32-bit one, since the whole element is compared.
 */
final class Atomics {
    private static final VarHandle LONG = Mmu.atomicLong();
    private static final VarHandle INT = Mmu.atomicInt();
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private Atomics() {}

    /** Executes one A-extension instruction. Always legal once decoded. */
    static boolean exec(Hart h, Mmu m, Insn in) {
        long[] x = h.x;
        x[in.rd] = op(h, m, in.op, x[in.rs1], x[in.rs2]);
        return true;
    }

    /** Performs A-extension operation op at address a with source value src; returns rd's new value. */
    static long op(Hart h, Mmu m, int op, long a, long src) {
        boolean word = op <= Op.AMOMAXU_W;
        MemorySegment d = m.atomicPage(a, word ? 4 : 8);
        long off = a & 0xfff;
        long result;
        if (word) {
            int v = (int) src;
            result = switch (op) {
                case Op.LR_W -> {
                    int r = (int) INT.getVolatile(d, off);
                    h.reservationAddr = a;
                    h.reservationValue = r;
                    yield r;
                }
                case Op.SC_W -> {
                    boolean ok = h.reservationAddr == a
                            && INT.compareAndSet(d, off, (int) h.reservationValue, v);
                    h.reservationAddr = -1;
                    yield ok ? 0 : 1;
                }
                case Op.AMOSWAP_W -> (int) INT.getAndSet(d, off, v);
                case Op.AMOADD_W -> (int) INT.getAndAdd(d, off, v);
                case Op.AMOXOR_W -> (int) INT.getAndBitwiseXor(d, off, v);
                case Op.AMOAND_W -> (int) INT.getAndBitwiseAnd(d, off, v);
                case Op.AMOOR_W -> (int) INT.getAndBitwiseOr(d, off, v);
                default -> minMax32(d, off, v, op);
            };
        } else {
            result = switch (op) {
                case Op.LR_D -> {
                    long r = (long) LONG.getVolatile(d, off);
                    h.reservationAddr = a;
                    h.reservationValue = r;
                    yield r;
                }
                case Op.SC_D -> {
                    boolean ok = h.reservationAddr == a && LONG.compareAndSet(d, off, h.reservationValue, src);
                    h.reservationAddr = -1;
                    yield ok ? 0 : 1;
                }
                case Op.AMOSWAP_D -> (long) LONG.getAndSet(d, off, src);
                case Op.AMOADD_D -> (long) LONG.getAndAdd(d, off, src);
                case Op.AMOXOR_D -> (long) LONG.getAndBitwiseXor(d, off, src);
                case Op.AMOAND_D -> (long) LONG.getAndBitwiseAnd(d, off, src);
                case Op.AMOOR_D -> (long) LONG.getAndBitwiseOr(d, off, src);
                default -> minMax64(d, off, src, op);
            };
        }
        return result;
    }

    // ------------------------------------------------------------------ entry points for compiled regions

    /** The array element index of a within its page. */
    private static int index(long a) {
        return (int) (a & 0xfff) >>> 3;
    }

    /** The bit position of a's 32-bit half within its element (little-endian). */
    private static int half(long a) {
        return ((int) a & 4) << 3;
    }

    /** The Mmu path, after which the Tlb may hold the page for the next access. */
    private static long slow(Hart h, Tlb t, int op, long a, long src) {
        long r = op(h, t.mmu, op, a, src);
        t.filledForAtomic(a);
        return r;
    }

    static long lrW(Hart h, Tlb t, long a) {
        long[] w = Tlb.atomicWords(t, a, 3);
        if (w == null) return slow(h, t, Op.LR_W, a, 0);
        int r = (int) ((long) WORDS.getVolatile(w, index(a)) >>> half(a));
        h.reservationAddr = a;
        h.reservationValue = r;
        return r;
    }

    static long lrD(Hart h, Tlb t, long a) {
        long[] w = Tlb.atomicWords(t, a, 7);
        if (w == null) return slow(h, t, Op.LR_D, a, 0);
        long r = (long) WORDS.getVolatile(w, index(a));
        h.reservationAddr = a;
        h.reservationValue = r;
        return r;
    }

    static long scW(Hart h, Tlb t, long a, long v) {
        long[] w = Tlb.atomicWords(t, a, 3);
        if (w == null) return slow(h, t, Op.SC_W, a, v);
        boolean ok = h.reservationAddr == a && casHalf(w, index(a), half(a), (int) h.reservationValue, (int) v);
        h.reservationAddr = -1;
        return ok ? 0 : 1;
    }

    static long scD(Hart h, Tlb t, long a, long v) {
        long[] w = Tlb.atomicWords(t, a, 7);
        if (w == null) return slow(h, t, Op.SC_D, a, v);
        boolean ok = h.reservationAddr == a && WORDS.compareAndSet(w, index(a), h.reservationValue, v);
        h.reservationAddr = -1;
        return ok ? 0 : 1;
    }

    /** Compare-and-set of the 32-bit half at bit sh of element i: expect to v. */
    private static boolean casHalf(long[] w, int i, int sh, int expect, int v) {
        long mask = 0xffffffffL << sh;
        while (true) {
            long old = (long) WORDS.getVolatile(w, i);
            if ((int) (old >>> sh) != expect) return false;
            if (WORDS.compareAndSet(w, i, old, (old & ~mask) | ((v & 0xffffffffL) << sh))) return true;
        }
    }

    /** A 32-bit AMO (op one of AMOSWAP_W..AMOMAXU_W); returns the old value, sign-extended. */
    static long amoW(Hart h, Tlb t, int op, long a, long v) {
        long[] w = Tlb.atomicWords(t, a, 3);
        if (w == null) return slow(h, t, op, a, v);
        int i = index(a), sh = half(a);
        long mask = 0xffffffffL << sh;
        while (true) {
            long old = (long) WORDS.getVolatile(w, i);
            int o = (int) (old >>> sh);
            long nw = (old & ~mask) | ((apply32(op, o, (int) v) & 0xffffffffL) << sh);
            if (WORDS.compareAndSet(w, i, old, nw)) return o;
        }
    }

    /** A 64-bit AMO (op one of AMOSWAP_D..AMOMAXU_D); returns the old value. */
    static long amoD(Hart h, Tlb t, int op, long a, long v) {
        long[] w = Tlb.atomicWords(t, a, 7);
        if (w == null) return slow(h, t, op, a, v);
        int i = index(a);
        return switch (op) {
            case Op.AMOSWAP_D -> (long) WORDS.getAndSet(w, i, v);
            case Op.AMOADD_D -> (long) WORDS.getAndAdd(w, i, v);
            case Op.AMOXOR_D -> (long) WORDS.getAndBitwiseXor(w, i, v);
            case Op.AMOAND_D -> (long) WORDS.getAndBitwiseAnd(w, i, v);
            case Op.AMOOR_D -> (long) WORDS.getAndBitwiseOr(w, i, v);
            default -> {
                while (true) {
                    long old = (long) WORDS.getVolatile(w, i);
                    if (WORDS.compareAndSet(w, i, old, minMax64(op, old, v))) yield old;
                }
            }
        };
    }

    /** The value a 32-bit AMO op stores, given the old value and the source. */
    private static int apply32(int op, int old, int v) {
        return switch (op) {
            case Op.AMOSWAP_W -> v;
            case Op.AMOADD_W -> old + v;
            case Op.AMOXOR_W -> old ^ v;
            case Op.AMOAND_W -> old & v;
            case Op.AMOOR_W -> old | v;
            case Op.AMOMIN_W -> Math.min(old, v);
            case Op.AMOMAX_W -> Math.max(old, v);
            case Op.AMOMINU_W -> Integer.compareUnsigned(old, v) <= 0 ? old : v;
            default -> Integer.compareUnsigned(old, v) >= 0 ? old : v;
        };
    }

    private static long minMax64(int op, long old, long v) {
        return switch (op) {
            case Op.AMOMIN_D -> Math.min(old, v);
            case Op.AMOMAX_D -> Math.max(old, v);
            case Op.AMOMINU_D -> Long.compareUnsigned(old, v) <= 0 ? old : v;
            default -> Long.compareUnsigned(old, v) >= 0 ? old : v;
        };
    }

    private static int minMax32(MemorySegment d, long off, int v, int op) {
        while (true) {
            int old = (int) INT.getVolatile(d, off);
            int nv = switch (op) {
                case Op.AMOMIN_W -> Math.min(old, v);
                case Op.AMOMAX_W -> Math.max(old, v);
                case Op.AMOMINU_W -> Integer.compareUnsigned(old, v) <= 0 ? old : v;
                default -> Integer.compareUnsigned(old, v) >= 0 ? old : v;
            };
            if (INT.compareAndSet(d, off, old, nv)) return old;
        }
    }

    private static long minMax64(MemorySegment d, long off, long v, int op) {
        while (true) {
            long old = (long) LONG.getVolatile(d, off);
            long nv = switch (op) {
                case Op.AMOMIN_D -> Math.min(old, v);
                case Op.AMOMAX_D -> Math.max(old, v);
                case Op.AMOMINU_D -> Long.compareUnsigned(old, v) <= 0 ? old : v;
                default -> Long.compareUnsigned(old, v) >= 0 ? old : v;
            };
            if (LONG.compareAndSet(d, off, old, nv)) return old;
        }
    }
}
