package dev.javix.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The floating-point unit against the RISC-V unprivileged spec ("F" and "D" chapters). Every
 * expected value below was obtained from qemu-riscv64 (softfloat configured for RISC-V: tininess
 * after rounding, canonical NaNs) by running the instruction with inline assembly; see also the
 * guest differential tests guest/tests/fp_rounding.c and guest/tests/fp_random.c.
 */
class FpExecTest {
    static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4, DYN = 7;
    static final int NV = 16, DZ = 8, OF = 4, UF = 2, NX = 1;

    // ------------------------------------------------------------------ harness

    /** Destination is an integer register. */
    private static boolean xDest(int op) {
        return switch (op) {
            case Op.FEQ_S, Op.FLT_S, Op.FLE_S, Op.FEQ_D, Op.FLT_D, Op.FLE_D, Op.FCLASS_S, Op.FCLASS_D,
                    Op.FCVT_W_S, Op.FCVT_WU_S, Op.FCVT_L_S, Op.FCVT_LU_S, Op.FCVT_W_D, Op.FCVT_WU_D,
                    Op.FCVT_L_D, Op.FCVT_LU_D, Op.FMV_X_W, Op.FMV_X_D -> true;
            default -> false;
        };
    }

    /** First source is an integer register. */
    private static boolean xSource(int op) {
        return switch (op) {
            case Op.FCVT_S_W, Op.FCVT_S_WU, Op.FCVT_S_L, Op.FCVT_S_LU, Op.FCVT_D_W, Op.FCVT_D_WU,
                    Op.FCVT_D_L, Op.FCVT_D_LU, Op.FMV_W_X, Op.FMV_D_X -> true;
            default -> false;
        };
    }

    /** Runs op with operands a, b, c (f1, f2, f3 or x5) in a fresh hart; returns {result, fflags}. */
    static long[] run(int op, int rm, int frm, long a, long b, long c) {
        Hart h = new Hart();
        h.frm = frm;
        h.f[1] = a;
        h.f[2] = b;
        h.f[3] = c;
        h.x[5] = a;
        boolean xd = xDest(op);
        Insn in = new Insn(op, xd ? 6 : 4, xSource(op) ? 5 : 1, 2, 3, rm, 0, 4, 0);
        assertTrue(FpExec.exec(h, in), Op.name(op) + " rejected");
        return new long[] {xd ? h.x[6] : h.f[4], h.fflags};
    }

    /** Checks op in mode rm both as a static rounding mode and as the dynamic mode (frm). */
    static void check(int op, int rm, long a, long b, long c, long expect, int flags) {
        String what = Op.name(op) + " rm=" + rm + String.format(" %016x %016x %016x", a, b, c);
        long[] st = run(op, rm, 0, a, b, c);
        assertEquals(expect, st[0], () -> what + String.format(" result %016x != %016x", st[0], expect));
        assertEquals(flags, (int) st[1], () -> what + " flags");
        long[] dy = run(op, DYN, rm, a, b, c);
        assertEquals(expect, dy[0], () -> what + " (dynamic) result");
        assertEquals(flags, (int) dy[1], () -> what + " (dynamic) flags");
    }

    static void check(int op, int rm, long a, long b, long expect, int flags) {
        check(op, rm, a, b, 0, expect, flags);
    }

    static void check1(int op, int rm, long a, long expect, int flags) {
        check(op, rm, a, 0, 0, expect, flags);
    }

    static long box(int f) {
        return 0xffffffff00000000L | (f & 0xffffffffL);
    }

    // ------------------------------------------------------------------ rounding modes

    @Test
    void addTieInEveryMode() {
        // 1 + 2^-53 is exactly halfway between 1 and 1+ulp: RNE keeps the even 1, RMM goes away.
        long one = 0x3ff0000000000000L, half = 0x3ca0000000000000L;
        check(Op.FADD_D, RNE, one, half, one, NX);
        check(Op.FADD_D, RTZ, one, half, one, NX);
        check(Op.FADD_D, RDN, one, half, one, NX);
        check(Op.FADD_D, RUP, one, half, 0x3ff0000000000001L, NX);
        check(Op.FADD_D, RMM, one, half, 0x3ff0000000000001L, NX);
        long mone = 0xbff0000000000000L, mhalf = 0xbca0000000000000L;
        check(Op.FADD_D, RNE, mone, mhalf, mone, NX);
        check(Op.FADD_D, RTZ, mone, mhalf, mone, NX);
        check(Op.FADD_D, RDN, mone, mhalf, 0xbff0000000000001L, NX);
        check(Op.FADD_D, RUP, mone, mhalf, mone, NX);
        check(Op.FADD_D, RMM, mone, mhalf, 0xbff0000000000001L, NX);
        // single precision: 1 + 2^-24
        check(Op.FADD_S, RNE, box(0x3f800000), box(0x33800000), box(0x3f800000), NX);
        check(Op.FADD_S, RTZ, box(0x3f800000), box(0x33800000), box(0x3f800000), NX);
        check(Op.FADD_S, RDN, box(0x3f800000), box(0x33800000), box(0x3f800000), NX);
        check(Op.FADD_S, RUP, box(0x3f800000), box(0x33800000), box(0x3f800001), NX);
        check(Op.FADD_S, RMM, box(0x3f800000), box(0x33800000), box(0x3f800001), NX);
    }

    @Test
    void exactZeroSumSignDependsOnMode() {
        // IEEE 754 6.3: x - x is +0 except in roundTowardNegative, where it is -0.
        check(Op.FSUB_D, RNE, 0x3ff0000000000000L, 0x3ff0000000000000L, 0L, 0);
        check(Op.FSUB_D, RDN, 0x3ff0000000000000L, 0x3ff0000000000000L, 0x8000000000000000L, 0);
        check(Op.FMADD_D, RDN, 0x3ff0000000000000L, 0x3ff0000000000000L, 0xbff0000000000000L, 0x8000000000000000L, 0);
        check(Op.FNMADD_D, RNE, 0L, 0x3ff0000000000000L, 0L, 0x8000000000000000L, 0); // -(0*1) - 0
    }

    @Test
    void mulDivSqrtInEveryMode() {
        long a = 0x3ff0000000000001L; // (1+2^-52)^2 = 1 + 2^-51 + 2^-104
        check(Op.FMUL_D, RNE, a, a, 0x3ff0000000000002L, NX);
        check(Op.FMUL_D, RTZ, a, a, 0x3ff0000000000002L, NX);
        check(Op.FMUL_D, RDN, a, a, 0x3ff0000000000002L, NX);
        check(Op.FMUL_D, RUP, a, a, 0x3ff0000000000003L, NX);
        check(Op.FMUL_D, RMM, a, a, 0x3ff0000000000002L, NX);
        long one = 0x3ff0000000000000L, three = 0x4008000000000000L;
        check(Op.FDIV_D, RNE, one, three, 0x3fd5555555555555L, NX);
        check(Op.FDIV_D, RTZ, one, three, 0x3fd5555555555555L, NX);
        check(Op.FDIV_D, RDN, one, three, 0x3fd5555555555555L, NX);
        check(Op.FDIV_D, RUP, one, three, 0x3fd5555555555556L, NX);
        check(Op.FDIV_D, RMM, one, three, 0x3fd5555555555555L, NX);
        check(Op.FDIV_S, RNE, box(0x3f800000), box(0x40400000), box(0x3eaaaaab), NX);
        check(Op.FDIV_S, RUP, box(0x3f800000), box(0x40400000), box(0x3eaaaaab), NX);
        long two = 0x4000000000000000L;
        check1(Op.FSQRT_D, RNE, two, 0x3ff6a09e667f3bcdL, NX);
        check1(Op.FSQRT_D, RTZ, two, 0x3ff6a09e667f3bccL, NX);
        check1(Op.FSQRT_D, RDN, two, 0x3ff6a09e667f3bccL, NX);
        check1(Op.FSQRT_D, RUP, two, 0x3ff6a09e667f3bcdL, NX);
        check1(Op.FSQRT_D, RMM, two, 0x3ff6a09e667f3bcdL, NX);
        check1(Op.FSQRT_S, RNE, box(0x40000000), box(0x3fb504f3), NX);
        check1(Op.FSQRT_S, RDN, box(0x40000000), box(0x3fb504f3), NX);
        check1(Op.FSQRT_D, RNE, 0x0000000000000001L, 0x1e60000000000000L, 0); // sqrt(2^-1074) exact
        check1(Op.FSQRT_D, RNE, 0x8000000000000000L, 0x8000000000000000L, 0); // sqrt(-0) = -0
    }

    @Test
    void fusedMultiplyAddRoundsOnce() {
        long a = 0x3ff0000000000001L, m1 = 0xbff0000000000000L;
        // (1+2^-52)^2 - 1 = 2^-51 + 2^-104: exact residue that separate rounding would lose
        check(Op.FMADD_D, RNE, a, a, m1, 0x3cc0000000000000L, NX);
        check(Op.FMADD_D, RTZ, a, a, m1, 0x3cc0000000000000L, NX);
        check(Op.FMADD_D, RDN, a, a, m1, 0x3cc0000000000000L, NX);
        check(Op.FMADD_D, RUP, a, a, m1, 0x3cc0000000000001L, NX);
        check(Op.FMADD_D, RMM, a, a, m1, 0x3cc0000000000001L, NX);
        long one = 0x3ff0000000000000L;
        check(Op.FMADD_D, RNE, one, one, 0x3ca0000000000000L, one, NX); // tie
        check(Op.FMADD_D, RMM, one, one, 0x3ca0000000000000L, 0x3ff0000000000001L, NX);
        // 2*MAX overflows in the product, the fused result MAX is exact
        long two = 0x4000000000000000L, three = 0x4008000000000000L;
        check(Op.FMADD_D, RNE, 0x7fefffffffffffffL, two, 0xffefffffffffffffL, 0x7fefffffffffffffL, 0);
        check(Op.FMSUB_D, RNE, two, three, one, 0x4014000000000000L, 0); // 2*3-1
        check(Op.FNMSUB_D, RNE, two, three, one, 0xc014000000000000L, 0); // -(2*3)+1
        check(Op.FNMADD_D, RNE, two, three, one, 0xc01c000000000000L, 0); // -(2*3)-1
        check(Op.FMADD_S, RNE, box(0x3f800001), box(0x3f800001), box(0xbf800000), box(0x34800000), NX);
        check(Op.FMADD_S, RUP, box(0x3f800001), box(0x3f800001), box(0xbf800000), box(0x34800001), NX);
    }

    @Test
    void conversionsToFloatRoundPerMode() {
        check1(Op.FCVT_S_L, RNE, Long.MAX_VALUE, box(0x5f000000), NX);
        check1(Op.FCVT_S_L, RTZ, Long.MAX_VALUE, box(0x5effffff), NX);
        check1(Op.FCVT_S_L, RNE, 0x1000001L, box(0x4b800000), NX); // 2^24+1: tie to even
        check1(Op.FCVT_S_L, RUP, 0x1000001L, box(0x4b800001), NX);
        check1(Op.FCVT_S_L, RDN, -0x1000001L, box(0xcb800001), NX);
        check1(Op.FCVT_S_LU, RNE, -1L, box(0x5f800000), NX);
        check1(Op.FCVT_S_W, RNE, 0xffffffffL, box(0xbf800000), 0); // low word -1
        check1(Op.FCVT_S_WU, RNE, 0xffffffffL, box(0x4f800000), NX);
        check1(Op.FCVT_S_WU, RTZ, 0xffffffffL, box(0x4f7fffff), NX);
        check1(Op.FCVT_D_L, RNE, 0x20000000000001L, 0x4340000000000000L, NX); // 2^53+1
        check1(Op.FCVT_D_L, RUP, 0x20000000000001L, 0x4340000000000001L, NX);
        check1(Op.FCVT_D_L, RMM, 0x20000000000001L, 0x4340000000000001L, NX);
        check1(Op.FCVT_D_LU, RNE, -1L, 0x43f0000000000000L, NX);
        check1(Op.FCVT_D_LU, RTZ, -1L, 0x43efffffffffffffL, NX);
        check1(Op.FCVT_D_W, RNE, 0xffffffffL, 0xbff0000000000000L, 0);
        check1(Op.FCVT_D_WU, RNE, 0x12345678ffffffffL, 0x41efffffffe00000L, 0); // upper word ignored
        // fcvt.s.d: a double exactly halfway between two floats; tininess; overflow per mode
        check1(Op.FCVT_S_D, RNE, 0x3ff0000010000000L, box(0x3f800000), NX);
        check1(Op.FCVT_S_D, RMM, 0x3ff0000010000000L, box(0x3f800001), NX);
        check1(Op.FCVT_S_D, RNE, 0x380fffffe0000000L, box(0x00800000), UF | NX); // tiny before and after rounding
        check1(Op.FCVT_S_D, RNE, 0x380ffffff0000000L, box(0x00800000), NX); // rounds to MIN_NORMAL unbounded: not tiny
        check1(Op.FCVT_S_D, RNE, 0x47effffff0000000L, box(0x7f800000), OF | NX);
        check1(Op.FCVT_S_D, RTZ, 0x47effffff0000000L, box(0x7f7fffff), NX);
        check1(Op.FCVT_S_D, RNE, 0x7ff4000000000000L, box(0x7fc00000), NV);
        check1(Op.FCVT_D_S, RNE, box(0x7fa00000), 0x7ff8000000000000L, NV); // sNaN -> canonical, NV
        check1(Op.FCVT_D_S, RNE, box(0x7fc00001), 0x7ff8000000000000L, 0); // payload dropped
        check1(Op.FCVT_D_S, RNE, box(0x00000001), 0x36a0000000000000L, 0); // subnormal widens exactly
    }

    // ------------------------------------------------------------------ flags

    @Test
    void invalidFlag() {
        long inf = 0x7ff0000000000000L, ninf = 0xfff0000000000000L, qnan = 0x7ff8000000000000L;
        check(Op.FADD_D, RNE, inf, ninf, qnan, NV);
        check(Op.FMUL_D, RNE, 0L, inf, qnan, NV);
        check(Op.FDIV_D, RNE, 0L, 0L, qnan, NV);
        check1(Op.FSQRT_D, RNE, 0xbff0000000000000L, qnan, NV);
        check(Op.FADD_S, RNE, box(0x7fa00000), box(0x3f800000), box(0x7fc00000), NV); // sNaN operand
        // fma: 0*inf is invalid even with a quiet NaN addend; inf*1 + qNaN is not
        check(Op.FMADD_D, RNE, 0L, inf, qnan, qnan, NV);
        check(Op.FMADD_D, RNE, inf, 0x3ff0000000000000L, qnan, qnan, 0);
        check(Op.FMADD_D, RNE, inf, 0x3ff0000000000000L, ninf, qnan, NV);
        check(Op.FMADD_S, RNE, box(0), box(0x7f800000), box(0x7fc00000), box(0x7fc00000), NV);
    }

    @Test
    void divideByZeroFlag() {
        check(Op.FDIV_D, RNE, 0xbff0000000000000L, 0L, 0xfff0000000000000L, DZ);
        check(Op.FDIV_S, RNE, box(0x3f800000), box(0x80000000), box(0xff800000), DZ);
        check(Op.FDIV_D, RNE, 0x7ff0000000000000L, 0L, 0x7ff0000000000000L, 0); // inf/0: exact, no DZ
    }

    @Test
    void overflowResultDependsOnMode() {
        long max = 0x7fefffffffffffffL, nmax = 0xffefffffffffffffL;
        check(Op.FADD_D, RNE, max, max, 0x7ff0000000000000L, OF | NX);
        check(Op.FADD_D, RTZ, max, max, max, OF | NX);
        check(Op.FADD_D, RDN, max, max, max, OF | NX);
        check(Op.FADD_D, RUP, nmax, nmax, nmax, OF | NX);
        check(Op.FMUL_S, RNE, box(0x7f7fffff), box(0x40000000), box(0x7f800000), OF | NX);
        check(Op.FMUL_S, RTZ, box(0x7f7fffff), box(0x40000000), box(0x7f7fffff), OF | NX);
        // MAX + 1 rounds to MAX except upwards
        check(Op.FADD_D, RUP, 0x3ff0000000000000L, max, 0x7ff0000000000000L, OF | NX);
        check(Op.FADD_D, RNE, 0x3ff0000000000000L, max, max, NX);
    }

    @Test
    void underflowIsDetectedAfterRounding() {
        // MIN_NORMAL*(1-2^-53): tiny even after rounding to 53 bits, so UF although the result
        // (rounded in the subnormal range) is MIN_NORMAL itself.
        check(Op.FMUL_D, RNE, 0x0010000000000000L, 0x3fefffffffffffffL, 0x0010000000000000L, UF | NX);
        check(Op.FMUL_S, RNE, box(0x00800000), box(0x3f7fffff), box(0x00800000), UF | NX);
        // (2^52-9)(1+9*2^-52)*2^-1074 = MIN_NORMAL - 81*2^-1126: rounds to MIN_NORMAL with an
        // unbounded exponent, hence not tiny: NX only.
        check(Op.FMUL_D, RNE, 0x800ffffffffffff7L, 0xbff0000000000009L, 0x0010000000000000L, NX);
        // half the smallest subnormal
        check(Op.FMUL_D, RNE, 1L, 0x3fe0000000000000L, 0L, UF | NX);
        check(Op.FMUL_D, RUP, 1L, 0x3fe0000000000000L, 1L, UF | NX);
        check(Op.FMUL_D, RMM, 1L, 0x3fe0000000000000L, 1L, UF | NX);
        // exact subnormal results raise nothing
        check(Op.FMUL_D, RNE, 2L, 0x3fe0000000000000L, 1L, 0);
    }

    @Test
    void flagsAccrue() {
        Hart h = new Hart();
        h.f[1] = 0x3ff0000000000000L;
        h.f[2] = 0x4008000000000000L;
        h.f[3] = 0L;
        assertTrue(FpExec.exec(h, new Insn(Op.FDIV_D, 4, 1, 2, 0, RNE, 0, 4, 0)));
        assertTrue(FpExec.exec(h, new Insn(Op.FDIV_D, 5, 1, 3, 0, RNE, 0, 4, 0)));
        assertEquals(NX | DZ, h.fflags);
    }

    // ------------------------------------------------------------------ float -> integer

    @Test
    void floatToIntSaturates() {
        long nan = 0x7ff8000000000000L, inf = 0x7ff0000000000000L, ninf = 0xfff0000000000000L;
        check1(Op.FCVT_W_D, RNE, nan, 0x7fffffffL, NV);
        check1(Op.FCVT_W_D, RNE, inf, 0x7fffffffL, NV);
        check1(Op.FCVT_W_D, RNE, ninf, 0xffffffff80000000L, NV);
        check1(Op.FCVT_W_D, RNE, 0x41e0000000000000L, 0x7fffffffL, NV); // 2^31
        check1(Op.FCVT_W_D, RTZ, 0xc1e0000000100000L, 0xffffffff80000000L, NX); // -2^31-0.5 truncates into range
        check1(Op.FCVT_WU_D, RNE, 0xbff0000000000000L, 0L, NV); // -1
        check1(Op.FCVT_WU_D, RTZ, 0xbfe0000000000000L, 0L, NX); // -0.5 -> -0: in range
        check1(Op.FCVT_WU_D, RNE, 0x41f0000000000000L, -1L, NV); // 2^32 -> 2^32-1, sign-extended
        check1(Op.FCVT_WU_D, RNE, 0x41e65a0bc0000000L, 0xffffffffb2d05e00L, 0); // 3e9 sign-extended
        check1(Op.FCVT_WU_D, RNE, nan, -1L, NV);
        check1(Op.FCVT_L_D, RNE, 0x43e0000000000000L, Long.MAX_VALUE, NV); // 2^63
        check1(Op.FCVT_L_D, RNE, 0xc3e0000000000000L, Long.MIN_VALUE, 0); // -2^63 exact
        check1(Op.FCVT_L_D, RNE, 0x7ff4000000000000L, Long.MAX_VALUE, NV);
        check1(Op.FCVT_LU_D, RNE, 0x43f0000000000000L, -1L, NV); // 2^64
        check1(Op.FCVT_LU_D, RNE, 0x43efffffffffffffL, 0xfffffffffffff800L, 0);
        check1(Op.FCVT_LU_D, RTZ, 0xbfefffffffffffffL, 0L, NX);
        check1(Op.FCVT_LU_D, RNE, ninf, 0L, NV);
        check1(Op.FCVT_W_S, RNE, box(0x4f000000), 0x7fffffffL, NV);
        check1(Op.FCVT_W_S, RTZ, box(0xbfc00000), -1L, NX);
        check1(Op.FCVT_W_S, RNE, 0x000000004f000000L, 0x7fffffffL, NV); // not boxed: NaN
        check1(Op.FCVT_LU_S, RNE, box(0x5f800000), -1L, NV);
    }

    @Test
    void floatToIntRoundsPerMode() {
        check1(Op.FCVT_W_D, RNE, 0x3ff8000000000000L, 2L, NX); // 1.5
        check1(Op.FCVT_W_D, RTZ, 0x3ff8000000000000L, 1L, NX);
        check1(Op.FCVT_W_D, RDN, 0xbff8000000000000L, -2L, NX);
        check1(Op.FCVT_W_D, RUP, 0x3ff4000000000000L, 2L, NX); // 1.25
        check1(Op.FCVT_W_D, RNE, 0x4004000000000000L, 2L, NX); // 2.5
        check1(Op.FCVT_W_D, RMM, 0x4004000000000000L, 3L, NX);
        check1(Op.FCVT_W_D, RNE, 0x4000000000000000L, 2L, 0);
    }

    // ------------------------------------------------------------------ min / max / compare

    @Test
    void minMaxNumberSemantics() {
        long pz = 0L, nz = 0x8000000000000000L, one = 0x3ff0000000000000L;
        long qnan = 0x7ff8000000000000L, snan = 0x7ff4000000000000L;
        check(Op.FMIN_D, RNE, pz, nz, nz, 0);
        check(Op.FMAX_D, RNE, pz, nz, pz, 0);
        check(Op.FMIN_D, RNE, nz, pz, nz, 0);
        check(Op.FMIN_D, RNE, qnan, one, one, 0);
        check(Op.FMAX_D, RNE, one, snan, one, NV);
        check(Op.FMIN_D, RNE, qnan, snan, qnan, NV);
        check(Op.FMIN_D, RNE, 0x7ff8000000000001L, 0x7ff8000000000002L, qnan, 0); // canonical
        check(Op.FMIN_S, RNE, box(0x80000000), box(0), box(0x80000000), 0);
        check(Op.FMAX_S, RNE, box(0x7fa00000), box(0xbf800000), box(0xbf800000), NV);
        check(Op.FMIN_S, RNE, 0x3f800000L, box(0xbf800000), box(0xbf800000), 0); // unboxed = NaN
        check(Op.FMAX_S, RNE, 0x3f800000L, 0L, box(0x7fc00000), 0);
    }

    @Test
    void comparisons() {
        long qnan = 0x7ff8000000000000L, one = 0x3ff0000000000000L;
        check(Op.FEQ_D, RNE, qnan, qnan, 0, 0); // quiet
        check(Op.FEQ_D, RNE, 0x7ff4000000000000L, one, 0, NV);
        check(Op.FLT_D, RNE, qnan, one, 0, NV); // signaling
        check(Op.FLE_D, RNE, qnan, one, 0, NV);
        check(Op.FLE_D, RNE, 0x8000000000000000L, 0L, 1, 0);
        check(Op.FLT_D, RNE, 0x8000000000000000L, 0L, 0, 0);
        check(Op.FEQ_D, RNE, 0x8000000000000000L, 0L, 1, 0);
        check(Op.FEQ_S, RNE, 0x3f800000L, box(0x3f800000), 0, 0); // unboxed reads as qNaN
        check(Op.FLT_S, RNE, 0x3f800000L, box(0x3f800000), 0, NV);
        check(Op.FLT_S, RNE, box(0xbf800000), box(0x3f800000), 1, 0);
    }

    @Test
    void integerDestinationX0IsDiscarded() {
        Hart h = new Hart();
        h.f[1] = 0x3ff0000000000000L;
        assertTrue(FpExec.exec(h, new Insn(Op.FEQ_D, 32, 1, 1, 0, 2, 0, 4, 0)));
        assertEquals(0, h.x[0]);
        assertEquals(1, h.x[32]);
    }

    // ------------------------------------------------------------------ bits: boxing, sign injection, class, moves

    @Test
    void nanBoxing() {
        // an improperly boxed single reads as the canonical NaN (quiet: no NV)
        check(Op.FADD_S, RNE, 0x000000003f800000L, box(0x3f800000), box(0x7fc00000), 0);
        check(Op.FADD_S, RNE, box(0x7fa00000), box(0x3f800000), box(0x7fc00000), NV);
        check(Op.FSGNJN_S, RNE, 0L, box(0x3f800000), box(0xffc00000), 0);
        check1(Op.FCVT_D_S, RNE, 0x000000003f800000L, 0x7ff8000000000000L, 0);
        check1(Op.FCLASS_S, RNE, 0x000000003f800000L, 1L << 9, 0);
        // moves: fmv.x.w takes the low word unchecked and sign-extends; fmv.w.x boxes
        check1(Op.FMV_X_W, RNE, 0x123456789abcdef0L, 0xffffffff9abcdef0L, 0);
        check1(Op.FMV_X_W, RNE, box(0x3f800000), 0x3f800000L, 0);
        check1(Op.FMV_W_X, RNE, 0x123456789abcdef0L, 0xffffffff9abcdef0L, 0);
        check1(Op.FMV_X_D, RNE, 0x123456789abcdef0L, 0x123456789abcdef0L, 0);
        check1(Op.FMV_D_X, RNE, 0x123456789abcdef0L, 0x123456789abcdef0L, 0);
    }

    @Test
    void signInjectionKeepsNaNPayloads() {
        check(Op.FSGNJ_S, RNE, box(0x3f800000), box(0xbf800000), box(0xbf800000), 0);
        check(Op.FSGNJX_S, RNE, box(0xbf800000), box(0xbf800000), box(0x3f800000), 0);
        check(Op.FSGNJ_D, RNE, 0x7ff4000000000000L, 0x8000000000000000L, 0xfff4000000000000L, 0);
        check(Op.FSGNJN_D, RNE, 0x3ff0000000000000L, 0x3ff0000000000000L, 0xbff0000000000000L, 0);
        check(Op.FSGNJX_D, RNE, 0xbff0000000000000L, 0x8000000000000000L, 0x3ff0000000000000L, 0);
    }

    @Test
    void classify() {
        long[] d = {0xfff0000000000000L, 0xbff0000000000000L, 0x800fffffffffffffL, 0x8000000000000000L, 0L,
            1L, 0x3ff0000000000000L, 0x7ff0000000000000L, 0x7ff0000000000001L, 0x7ff8000000000000L};
        int[] s = {0xff800000, 0xbf800000, 0x807fffff, 0x80000000, 0, 1, 0x3f800000, 0x7f800000, 0x7f800001,
            0x7fc00000};
        for (int i = 0; i < 10; i++) {
            check1(Op.FCLASS_D, RNE, d[i], 1L << i, 0);
            check1(Op.FCLASS_S, RNE, box(s[i]), 1L << i, 0);
        }
    }

    // ------------------------------------------------------------------ illegal rounding modes

    @Test
    void reservedRoundingModesAreIllegal() {
        Hart h = new Hart();
        h.f[1] = 0x3ff0000000000000L;
        h.f[4] = 0x1234L;
        for (int rm : new int[] {5, 6}) {
            assertFalse(FpExec.exec(h, new Insn(Op.FADD_D, 4, 1, 1, 0, rm, 0, 4, 0)));
            assertFalse(FpExec.exec(h, new Insn(Op.FCVT_D_W, 4, 0, 0, 0, rm, 0, 4, 0))); // has an rm field
        }
        for (int frm : new int[] {5, 6, 7}) {
            h.frm = frm;
            assertFalse(FpExec.exec(h, new Insn(Op.FMADD_S, 4, 1, 1, 1, DYN, 0, 4, 0)));
            assertFalse(FpExec.exec(h, new Insn(Op.FCVT_D_S, 4, 1, 0, 0, DYN, 0, 4, 0)));
            // a static mode does not look at frm
            assertTrue(FpExec.exec(h, new Insn(Op.FCVT_W_D, 6, 1, 0, 0, RTZ, 0, 4, 0)));
            // funct3 of these selects the operation; frm is irrelevant
            assertTrue(FpExec.exec(h, new Insn(Op.FSGNJ_D, 5, 1, 1, 0, 0, 0, 4, 0)));
            assertTrue(FpExec.exec(h, new Insn(Op.FMIN_D, 5, 1, 1, 0, 0, 0, 4, 0)));
        }
        assertEquals(0x1234L, h.f[4], "an illegal instruction must not write its destination");
        assertEquals(0, h.fflags);
    }

    // ------------------------------------------------------------------ vectors from qemu-riscv64

    /**
     * op operands : result/fflags for rne rtz rdn rup rmm (one entry when all modes agree or the
     * instruction does not round). Selected from the output of guest/tests/fp_rounding.c.
     */
    private static final String VECTORS = """
            fadd.d 0000000000000000 8000000000000000 : 0000000000000000/00 0000000000000000/00 8000000000000000/00 0000000000000000/00 0000000000000000/00
            fadd.d 3ff0000000000000 3fd5555555555555 : 3ff5555555555555/01 3ff5555555555555/01 3ff5555555555555/01 3ff5555555555556/01 3ff5555555555555/01
            fadd.d 3ff0000000000000 7fefffffffffffff : 7fefffffffffffff/01 7fefffffffffffff/01 7fefffffffffffff/01 7ff0000000000000/05 7fefffffffffffff/01
            fadd.d 0000000000000000 7ff4000000000000 : 7ff8000000000000/10
            fsub.d 0000000000000000 0000000000000000 : 0000000000000000/00 0000000000000000/00 8000000000000000/00 0000000000000000/00 0000000000000000/00
            fsub.d 3ff0000000000000 3fd5555555555555 : 3fe5555555555556/01 3fe5555555555555/01 3fe5555555555555/01 3fe5555555555556/01 3fe5555555555556/01
            fsub.d bff8000000000000 7fefffffffffffff : ffefffffffffffff/01 ffefffffffffffff/01 fff0000000000000/05 ffefffffffffffff/01 ffefffffffffffff/01
            fsub.d 0000000000000000 7ff4000000000000 : 7ff8000000000000/10
            fmul.d bff8000000000000 3fd5555555555555 : bfe0000000000000/01 bfdfffffffffffff/01 bfe0000000000000/01 bfdfffffffffffff/01 bfe0000000000000/01
            fmul.d bff8000000000000 7fefffffffffffff : fff0000000000000/05 ffefffffffffffff/05 fff0000000000000/05 ffefffffffffffff/05 fff0000000000000/05
            fmul.d bff8000000000000 0000000000000003 : 8000000000000004/03 8000000000000004/03 8000000000000005/03 8000000000000004/03 8000000000000005/03
            fmul.d 0000000000000000 0000000000000000 : 0000000000000000/00
            fmul.d 0000000000000000 7ff0000000000000 : 7ff8000000000000/10
            fdiv.d 3ff0000000000000 bff8000000000000 : bfe5555555555555/01 bfe5555555555555/01 bfe5555555555556/01 bfe5555555555555/01 bfe5555555555555/01
            fdiv.d 3ff0000000000000 7fefffffffffffff : 0004000000000000/03 0004000000000000/03 0004000000000000/03 0004000000000001/03 0004000000000000/03
            fdiv.d 3ff0000000000000 0000000000000003 : 7ff0000000000000/05 7fefffffffffffff/05 7fefffffffffffff/05 7ff0000000000000/05 7ff0000000000000/05
            fdiv.d 0000000000000000 0000000000000000 : 7ff8000000000000/10
            fdiv.d 0000000000000000 3ff0000000000000 : 0000000000000000/00
            fsgnj.d 0000000000000000 0000000000000000 : 0000000000000000/00
            fsgnjn.d 0000000000000000 0000000000000000 : 8000000000000000/00
            fsgnjx.d 0000000000000000 0000000000000000 : 0000000000000000/00
            fmin.d 0000000000000000 0000000000000000 : 0000000000000000/00
            fmin.d 0000000000000000 7ff4000000000000 : 0000000000000000/10
            fmax.d 0000000000000000 0000000000000000 : 0000000000000000/00
            fmax.d 0000000000000000 7ff4000000000000 : 0000000000000000/10
            feq.d 0000000000000000 0000000000000000 : 0000000000000001/00
            feq.d 0000000000000000 7ff4000000000000 : 0000000000000000/10
            flt.d 0000000000000000 0000000000000000 : 0000000000000000/00
            flt.d 0000000000000000 7ff4000000000000 : 0000000000000000/10
            fle.d 0000000000000000 0000000000000000 : 0000000000000001/00
            fle.d 0000000000000000 7ff4000000000000 : 0000000000000000/10
            fadd.s ffffffff00000000 ffffffff80000000 : ffffffff00000000/00 ffffffff00000000/00 ffffffff80000000/00 ffffffff00000000/00 ffffffff00000000/00
            fadd.s ffffffff3f800000 ffffffff3eaaaaab : ffffffff3faaaaab/01 ffffffff3faaaaaa/01 ffffffff3faaaaaa/01 ffffffff3faaaaab/01 ffffffff3faaaaab/01
            fadd.s ffffffff3f800000 ffffffff7f7fffff : ffffffff7f7fffff/01 ffffffff7f7fffff/01 ffffffff7f7fffff/01 ffffffff7f800000/05 ffffffff7f7fffff/01
            fadd.s ffffffff00000000 ffffffff7fa00000 : ffffffff7fc00000/10
            fsub.s ffffffff00000000 ffffffff00000000 : ffffffff00000000/00 ffffffff00000000/00 ffffffff80000000/00 ffffffff00000000/00 ffffffff00000000/00
            fsub.s ffffffff3f800000 ffffffff3eaaaaab : ffffffff3f2aaaaa/01 ffffffff3f2aaaaa/01 ffffffff3f2aaaaa/01 ffffffff3f2aaaab/01 ffffffff3f2aaaab/01
            fsub.s ffffffffbfc00000 ffffffff7f7fffff : ffffffffff7fffff/01 ffffffffff7fffff/01 ffffffffff800000/05 ffffffffff7fffff/01 ffffffffff7fffff/01
            fsub.s ffffffff00000000 ffffffff7fa00000 : ffffffff7fc00000/10
            fmul.s ffffffffbfc00000 ffffffff3eaaaaab : ffffffffbf000000/01 ffffffffbf000000/01 ffffffffbf000001/01 ffffffffbf000000/01 ffffffffbf000000/01
            fmul.s ffffffffbfc00000 ffffffff7f7fffff : ffffffffff800000/05 ffffffffff7fffff/05 ffffffffff800000/05 ffffffffff7fffff/05 ffffffffff800000/05
            fmul.s ffffffffbfc00000 ffffffff00000003 : ffffffff80000004/03 ffffffff80000004/03 ffffffff80000005/03 ffffffff80000004/03 ffffffff80000005/03
            fmul.s ffffffff00000000 ffffffff00000000 : ffffffff00000000/00
            fmul.s ffffffff00000000 ffffffff7f800000 : ffffffff7fc00000/10
            fdiv.s ffffffff3f800000 ffffffffbfc00000 : ffffffffbf2aaaab/01 ffffffffbf2aaaaa/01 ffffffffbf2aaaab/01 ffffffffbf2aaaaa/01 ffffffffbf2aaaab/01
            fdiv.s ffffffff3f800000 ffffffff7f7fffff : ffffffff00200000/03 ffffffff00200000/03 ffffffff00200000/03 ffffffff00200001/03 ffffffff00200000/03
            fdiv.s ffffffff3f800000 ffffffff00000003 : ffffffff7f800000/05 ffffffff7f7fffff/05 ffffffff7f7fffff/05 ffffffff7f800000/05 ffffffff7f800000/05
            fdiv.s ffffffff00000000 ffffffff00000000 : ffffffff7fc00000/10
            fdiv.s ffffffff00000000 ffffffff3f800000 : ffffffff00000000/00
            fsgnj.s ffffffff00000000 ffffffff00000000 : ffffffff00000000/00
            fsgnjn.s ffffffff00000000 ffffffff00000000 : ffffffff80000000/00
            fsgnjx.s ffffffff00000000 ffffffff00000000 : ffffffff00000000/00
            fmin.s ffffffff00000000 ffffffff00000000 : ffffffff00000000/00
            fmin.s ffffffff00000000 ffffffff7fa00000 : ffffffff00000000/10
            fmax.s ffffffff00000000 ffffffff00000000 : ffffffff00000000/00
            fmax.s ffffffff00000000 ffffffff7fa00000 : ffffffff00000000/10
            feq.s ffffffff00000000 ffffffff00000000 : 0000000000000001/00
            feq.s ffffffff00000000 ffffffff7fa00000 : 0000000000000000/10
            flt.s ffffffff00000000 ffffffff00000000 : 0000000000000000/00
            flt.s ffffffff00000000 ffffffff7fa00000 : 0000000000000000/10
            fle.s ffffffff00000000 ffffffff00000000 : 0000000000000001/00
            fle.s ffffffff00000000 ffffffff7fa00000 : 0000000000000000/10
            fmadd.d 3ff0000000000000 3ff0000000000000 bff0000000000000 : 0000000000000000/00 0000000000000000/00 8000000000000000/00 0000000000000000/00 0000000000000000/00
            fmadd.d 3ff0000000000001 3ff0000000000001 bff0000000000000 : 3cc0000000000000/01 3cc0000000000000/01 3cc0000000000000/01 3cc0000000000001/01 3cc0000000000001/01
            fmadd.d 7fefffffffffffff 3ff0000000000001 0000000000000000 : 7ff0000000000000/05 7fefffffffffffff/05 7fefffffffffffff/05 7ff0000000000000/05 7ff0000000000000/05
            fmadd.d 0010000000000000 3fefffffffffffff 0000000000000000 : 0010000000000000/03 000fffffffffffff/03 000fffffffffffff/03 0010000000000000/03 0010000000000000/03
            fmadd.d 0000000000000000 7ff0000000000000 7ff8000000000000 : 7ff8000000000000/10
            fmsub.d 3ff0000000000001 3ff0000000000001 bff0000000000000 : 4000000000000001/01 4000000000000001/01 4000000000000001/01 4000000000000002/01 4000000000000001/01
            fmsub.d 8000000000000000 3ff0000000000000 8000000000000000 : 0000000000000000/00 0000000000000000/00 8000000000000000/00 0000000000000000/00 0000000000000000/00
            fmsub.d 7fefffffffffffff 4000000000000000 ffefffffffffffff : 7ff0000000000000/05 7fefffffffffffff/05 7fefffffffffffff/05 7ff0000000000000/05 7ff0000000000000/05
            fmsub.d 0010000000000000 3fefffffffffffff 0000000000000000 : 0010000000000000/03 000fffffffffffff/03 000fffffffffffff/03 0010000000000000/03 0010000000000000/03
            fmsub.d 0000000000000000 7ff0000000000000 7ff8000000000000 : 7ff8000000000000/10
            fnmsub.d 3ff0000000000001 3ff0000000000001 bff0000000000000 : c000000000000001/01 c000000000000001/01 c000000000000002/01 c000000000000001/01 c000000000000001/01
            fnmsub.d 8000000000000000 3ff0000000000000 8000000000000000 : 0000000000000000/00 0000000000000000/00 8000000000000000/00 0000000000000000/00 0000000000000000/00
            fnmsub.d 7fefffffffffffff 4000000000000000 ffefffffffffffff : fff0000000000000/05 ffefffffffffffff/05 fff0000000000000/05 ffefffffffffffff/05 fff0000000000000/05
            fnmsub.d 0010000000000000 3fefffffffffffff 0000000000000000 : 8010000000000000/03 800fffffffffffff/03 8010000000000000/03 800fffffffffffff/03 8010000000000000/03
            fnmsub.d 0000000000000000 7ff0000000000000 7ff8000000000000 : 7ff8000000000000/10
            fnmadd.d 3ff0000000000000 3ff0000000000000 bff0000000000000 : 0000000000000000/00 0000000000000000/00 8000000000000000/00 0000000000000000/00 0000000000000000/00
            fnmadd.d 3ff0000000000001 3ff0000000000001 bff0000000000000 : bcc0000000000000/01 bcc0000000000000/01 bcc0000000000001/01 bcc0000000000000/01 bcc0000000000001/01
            fnmadd.d 7fefffffffffffff 3ff0000000000001 0000000000000000 : fff0000000000000/05 ffefffffffffffff/05 fff0000000000000/05 ffefffffffffffff/05 fff0000000000000/05
            fnmadd.d 0010000000000000 3fefffffffffffff 0000000000000000 : 8010000000000000/03 800fffffffffffff/03 8010000000000000/03 800fffffffffffff/03 8010000000000000/03
            fnmadd.d 0000000000000000 7ff0000000000000 7ff8000000000000 : 7ff8000000000000/10
            fmadd.s ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 : ffffffff00000000/00 ffffffff00000000/00 ffffffff80000000/00 ffffffff00000000/00 ffffffff00000000/00
            fmadd.s ffffffff3f800001 ffffffff3f800001 ffffffffbf800000 : ffffffff34800000/01 ffffffff34800000/01 ffffffff34800000/01 ffffffff34800001/01 ffffffff34800001/01
            fmadd.s ffffffff7f7fffff ffffffff3f800001 ffffffff00000000 : ffffffff7f800000/05 ffffffff7f7fffff/05 ffffffff7f7fffff/05 ffffffff7f800000/05 ffffffff7f800000/05
            fmadd.s ffffffff00800000 ffffffff3f7fffff ffffffff00000000 : ffffffff00800000/03 ffffffff007fffff/03 ffffffff007fffff/03 ffffffff00800000/03 ffffffff00800000/03
            fmadd.s ffffffff00000000 ffffffff7f800000 ffffffff7fc00000 : ffffffff7fc00000/10
            fmsub.s ffffffff3f800001 ffffffff3f800001 ffffffffbf800000 : ffffffff40000001/01 ffffffff40000001/01 ffffffff40000001/01 ffffffff40000002/01 ffffffff40000001/01
            fmsub.s ffffffff80000000 ffffffff3f800000 ffffffff80000000 : ffffffff00000000/00 ffffffff00000000/00 ffffffff80000000/00 ffffffff00000000/00 ffffffff00000000/00
            fmsub.s ffffffff7f7fffff ffffffff40000000 ffffffffff7fffff : ffffffff7f800000/05 ffffffff7f7fffff/05 ffffffff7f7fffff/05 ffffffff7f800000/05 ffffffff7f800000/05
            fmsub.s ffffffff00800000 ffffffff3f7fffff ffffffff00000000 : ffffffff00800000/03 ffffffff007fffff/03 ffffffff007fffff/03 ffffffff00800000/03 ffffffff00800000/03
            fmsub.s ffffffff00000000 ffffffff7f800000 ffffffff7fc00000 : ffffffff7fc00000/10
            fnmsub.s ffffffff3f800001 ffffffff3f800001 ffffffffbf800000 : ffffffffc0000001/01 ffffffffc0000001/01 ffffffffc0000002/01 ffffffffc0000001/01 ffffffffc0000001/01
            fnmsub.s ffffffff80000000 ffffffff3f800000 ffffffff80000000 : ffffffff00000000/00 ffffffff00000000/00 ffffffff80000000/00 ffffffff00000000/00 ffffffff00000000/00
            fnmsub.s ffffffff7f7fffff ffffffff40000000 ffffffffff7fffff : ffffffffff800000/05 ffffffffff7fffff/05 ffffffffff800000/05 ffffffffff7fffff/05 ffffffffff800000/05
            fnmsub.s ffffffff00800000 ffffffff3f7fffff ffffffff00000000 : ffffffff80800000/03 ffffffff807fffff/03 ffffffff80800000/03 ffffffff807fffff/03 ffffffff80800000/03
            fnmsub.s ffffffff00000000 ffffffff7f800000 ffffffff7fc00000 : ffffffff7fc00000/10
            fnmadd.s ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 : ffffffff00000000/00 ffffffff00000000/00 ffffffff80000000/00 ffffffff00000000/00 ffffffff00000000/00
            fnmadd.s ffffffff3f800001 ffffffff3f800001 ffffffffbf800000 : ffffffffb4800000/01 ffffffffb4800000/01 ffffffffb4800001/01 ffffffffb4800000/01 ffffffffb4800001/01
            fnmadd.s ffffffff7f7fffff ffffffff3f800001 ffffffff00000000 : ffffffffff800000/05 ffffffffff7fffff/05 ffffffffff800000/05 ffffffffff7fffff/05 ffffffffff800000/05
            fnmadd.s ffffffff00800000 ffffffff3f7fffff ffffffff00000000 : ffffffff80800000/03 ffffffff807fffff/03 ffffffff80800000/03 ffffffff807fffff/03 ffffffff80800000/03
            fnmadd.s ffffffff00000000 ffffffff7f800000 ffffffff7fc00000 : ffffffff7fc00000/10
            fsqrt.d 4000000000000000 : 3ff6a09e667f3bcd/01 3ff6a09e667f3bcc/01 3ff6a09e667f3bcc/01 3ff6a09e667f3bcd/01 3ff6a09e667f3bcd/01
            fsqrt.d 0000000000000000 : 0000000000000000/00
            fsqrt.d bff0000000000000 : 7ff8000000000000/10
            fsqrt.s ffffffff40000000 : ffffffff3fb504f3/01 ffffffff3fb504f3/01 ffffffff3fb504f3/01 ffffffff3fb504f4/01 ffffffff3fb504f3/01
            fsqrt.s ffffffff00000000 : ffffffff00000000/00
            fsqrt.s ffffffffbf800000 : ffffffff7fc00000/10
            fcvt.w.d 3fe0000000000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/01 0000000000000001/01 0000000000000001/01
            fcvt.w.d 0000000000000000 : 0000000000000000/00
            fcvt.w.d 41dfffffffe00000 : 000000007fffffff/10 000000007fffffff/01 000000007fffffff/01 000000007fffffff/10 000000007fffffff/10
            fcvt.wu.d 3fe0000000000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/01 0000000000000001/01 0000000000000001/01
            fcvt.wu.d 0000000000000000 : 0000000000000000/00
            fcvt.wu.d bfe0000000000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/10 0000000000000000/01 0000000000000000/10
            fcvt.l.d 3fe0000000000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/01 0000000000000001/01 0000000000000001/01
            fcvt.l.d 0000000000000000 : 0000000000000000/00
            fcvt.l.d 43e0000000000000 : 7fffffffffffffff/10
            fcvt.lu.d 3fe0000000000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/01 0000000000000001/01 0000000000000001/01
            fcvt.lu.d 0000000000000000 : 0000000000000000/00
            fcvt.lu.d bfe0000000000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/10 0000000000000000/01 0000000000000000/10
            fclass.d 0000000000000000 : 0000000000000010/00
            fmv.x.d 0000000000000000 : 0000000000000000/00
            fcvt.s.d 3fdfffffffffffff : ffffffff3f000000/01 ffffffff3effffff/01 ffffffff3effffff/01 ffffffff3f000000/01 ffffffff3f000000/01
            fcvt.s.d 0000000000000001 : ffffffff00000000/03 ffffffff00000000/03 ffffffff00000000/03 ffffffff00000001/03 ffffffff00000000/03
            fcvt.s.d 47efffffefffffff : ffffffff7f7fffff/01 ffffffff7f7fffff/01 ffffffff7f7fffff/01 ffffffff7f800000/05 ffffffff7f7fffff/01
            fcvt.s.d 0000000000000000 : ffffffff00000000/00
            fcvt.s.d 7ff4000000000000 : ffffffff7fc00000/10
            fcvt.w.s ffffffff3f000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/01 0000000000000001/01 0000000000000001/01
            fcvt.w.s ffffffff00000000 : 0000000000000000/00
            fcvt.w.s ffffffff4f000000 : 000000007fffffff/10
            fcvt.wu.s ffffffff3f000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/01 0000000000000001/01 0000000000000001/01
            fcvt.wu.s ffffffff00000000 : 0000000000000000/00
            fcvt.wu.s ffffffffbf000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/10 0000000000000000/01 0000000000000000/10
            fcvt.l.s ffffffff3f000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/01 0000000000000001/01 0000000000000001/01
            fcvt.l.s ffffffff00000000 : 0000000000000000/00
            fcvt.l.s ffffffff5f000000 : 7fffffffffffffff/10
            fcvt.lu.s ffffffff3f000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/01 0000000000000001/01 0000000000000001/01
            fcvt.lu.s ffffffff00000000 : 0000000000000000/00
            fcvt.lu.s ffffffffbf000000 : 0000000000000000/01 0000000000000000/01 0000000000000000/10 0000000000000000/01 0000000000000000/10
            fclass.s ffffffff00000000 : 0000000000000010/00
            fmv.x.w ffffffff00000000 : 0000000000000000/00
            fcvt.d.s ffffffff00000000 : 0000000000000000/00
            fcvt.d.s ffffffff7fa00000 : 7ff8000000000000/10
            fcvt.d.w 0000000000000000 : 0000000000000000/00
            fcvt.d.wu 0000000000000000 : 0000000000000000/00
            fcvt.d.l fefffffffeffffff : c370000000100000/01 c370000000100000/01 c370000000100001/01 c370000000100000/01 c370000000100000/01
            fcvt.d.l 0000000000000000 : 0000000000000000/00
            fcvt.d.lu ffffffffffffffff : 43f0000000000000/01 43efffffffffffff/01 43efffffffffffff/01 43f0000000000000/01 43f0000000000000/01
            fcvt.d.lu 0000000000000000 : 0000000000000000/00
            fcvt.s.w 000000007fffffff : ffffffff4f000000/01 ffffffff4effffff/01 ffffffff4effffff/01 ffffffff4f000000/01 ffffffff4f000000/01
            fcvt.s.w 0000000000000000 : ffffffff00000000/00
            fcvt.s.wu ffffffffffffffff : ffffffff4f800000/01 ffffffff4f7fffff/01 ffffffff4f7fffff/01 ffffffff4f800000/01 ffffffff4f800000/01
            fcvt.s.wu 0000000000000000 : ffffffff00000000/00
            fcvt.s.l 000000007fffffff : ffffffff4f000000/01 ffffffff4effffff/01 ffffffff4effffff/01 ffffffff4f000000/01 ffffffff4f000000/01
            fcvt.s.l 0000000000000000 : ffffffff00000000/00
            fcvt.s.lu ffffffffffffffff : ffffffff5f800000/01 ffffffff5f7fffff/01 ffffffff5f7fffff/01 ffffffff5f800000/01 ffffffff5f800000/01
            fcvt.s.lu 0000000000000000 : ffffffff00000000/00
            fmv.d.x 0000000000000000 : 0000000000000000/00
            fmv.w.x 0000000000000000 : ffffffff00000000/00
            """;

    @Test
    void qemuVectors() {
        Map<String, Integer> ops = new HashMap<>();
        for (int i = Op.FP_FIRST; i <= Op.FP_LAST; i++) ops.put(Op.name(i), i);
        int n = 0;
        for (String line : VECTORS.strip().split("\n")) {
            String[] halves = line.trim().split(" : ");
            String[] lhs = halves[0].split(" ");
            String[] rhs = halves[1].split(" ");
            int op = ops.get(lhs[0]);
            long[] v = new long[3];
            for (int i = 1; i < lhs.length; i++) v[i - 1] = Long.parseUnsignedLong(lhs[i], 16);
            for (int rm = 0; rm < 5; rm++) {
                String[] rf = rhs[rhs.length == 1 ? 0 : rm].split("/");
                check(op, rm, v[0], v[1], v[2], Long.parseUnsignedLong(rf[0], 16), Integer.parseInt(rf[1], 16));
                n++;
            }
        }
        assertTrue(n > 700);
    }
}
