package dev.javix.cpu;

import dev.javix.mem.Mmu;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The A extension (RISC-V unprivileged spec, chapter 8). AMOs are real atomic read-modify-write
 * operations on the page's memory (VarHandle atomic access modes), so they stay atomic when threads of
 * one process run on several host threads. LR/SC: LR records the address and the value it
 * read; SC succeeds iff the reservation is for that address and the memory still holds that
 * value, and stores with a compare-and-set (the usual emulator technique; an ABA change in
 * between is indistinguishable to correct programs, which only use LR/SC for CAS loops).
 */
final class Atomics {
    private static final VarHandle LONG = Mmu.atomicLong();
    private static final VarHandle INT = Mmu.atomicInt();

    private Atomics() {}

    /** Executes one A-extension instruction. Always legal once decoded. */
    static boolean exec(Hart h, Mmu m, Insn in) {
        long[] x = h.x;
        long a = x[in.rs1];
        long src = x[in.rs2];
        boolean word = in.op <= Op.AMOMAXU_W;
        MemorySegment d = m.atomicPage(a, word ? 4 : 8);
        long off = a & 0xfff;
        long result;
        if (word) {
            int v = (int) src;
            result = switch (in.op) {
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
                default -> minMax32(d, off, v, in.op);
            };
        } else {
            result = switch (in.op) {
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
                default -> minMax64(d, off, src, in.op);
            };
        }
        x[in.rd] = result;
        return true;
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
