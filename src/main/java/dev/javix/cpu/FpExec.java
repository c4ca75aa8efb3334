package dev.javix.cpu;

import static dev.javix.cpu.FpRound.CANON_D;
import static dev.javix.cpu.FpRound.CANON_S;

/**
 * The floating-point execution unit: every F and D instruction except loads and stores
 * (RISC-V unprivileged spec, chapters "F" and "D", version 20191213 and later).
 *
 * <p>Register conventions ("D" chapter, "NaN Boxing of Narrower Values"): a single-precision
 * value lives in the low 32 bits of an f register whose upper 32 bits are all ones; an operand
 * that is not so boxed reads as the canonical NaN. Single results are written boxed. NaN results
 * are always canonical ("F" chapter, "NaN Generation and Propagation": no payload propagation).
 *
 * <p>The arithmetic itself lives in {@link FpArithD} and {@link FpArithS}, conversions in
 * {@link FpConvert}, rounding in {@link FpRound}; this class decodes operands and handles the
 * operations that never round (sign injection, min/max, compare, classify, moves).
 */
public final class FpExec {
    private FpExec() {}

    private static final long BOX = 0xffffffff00000000L;
    private static final long SIGN_D = Long.MIN_VALUE;
    private static final int SIGN_S = 0x80000000;

    /** A single-precision operand: the low word if properly NaN-boxed, else the canonical NaN. */
    static int unbox(long v) {
        return (v >> 32) == -1 ? (int) v : CANON_S;
    }

    static long box(int f) {
        return BOX | (f & 0xffffffffL);
    }

    /**
     * Ops with a rounding-mode field (all arithmetic and every conversion, including the exact
     * fcvt.d.s/fcvt.d.w/fcvt.d.wu, whose rm field must still hold a valid mode).
     */
    private static final boolean[] ROUNDS = new boolean[Op.COUNT];

    static {
        for (int op = Op.FP_FIRST; op <= Op.FP_LAST; op++) ROUNDS[op] = true;
        for (int op : new int[] {Op.FSGNJ_S, Op.FSGNJN_S, Op.FSGNJX_S, Op.FSGNJ_D, Op.FSGNJN_D, Op.FSGNJX_D,
                Op.FMIN_S, Op.FMAX_S, Op.FMIN_D, Op.FMAX_D, Op.FEQ_S, Op.FLT_S, Op.FLE_S, Op.FEQ_D, Op.FLT_D,
                Op.FLE_D, Op.FCLASS_S, Op.FCLASS_D, Op.FMV_X_W, Op.FMV_W_X, Op.FMV_X_D, Op.FMV_D_X}) {
            ROUNDS[op] = false;
        }
    }

    /**
     * Executes one F/D arithmetic instruction (op in Op.FP_FIRST..Op.FP_LAST). Returns false if the
     * instruction is illegal (reserved rounding mode 5/6 in the instruction, or rm=7 (dynamic) while
     * frm holds 5..7); the caller then raises SIGILL. Does NOT advance pc.
     */
    public static boolean exec(Hart h, Insn in) {
        // Effective rounding mode: the rm field, or frm for DYN (7). Reserved values (5, 6, or DYN
        // with frm 5..7) make instructions that round illegal ("F" chapter, "Floating-Point
        // Control and Status Register"); for the others funct3 selects the operation.
        int rm = in.rm;
        if (rm == 7) rm = h.frm;
        if (rm > 4 && ROUNDS[in.op]) return false;
        long[] f = h.f;
        switch (in.op) {
            // ---- operations without a rounding mode (funct3 selects the operation)
            case Op.FSGNJ_S -> f[in.rd] = box(unbox(f[in.rs1]) & ~SIGN_S | unbox(f[in.rs2]) & SIGN_S);
            case Op.FSGNJN_S -> f[in.rd] = box(unbox(f[in.rs1]) & ~SIGN_S | ~unbox(f[in.rs2]) & SIGN_S);
            case Op.FSGNJX_S -> f[in.rd] = box(unbox(f[in.rs1]) ^ unbox(f[in.rs2]) & SIGN_S);
            case Op.FSGNJ_D -> f[in.rd] = f[in.rs1] & ~SIGN_D | f[in.rs2] & SIGN_D;
            case Op.FSGNJN_D -> f[in.rd] = f[in.rs1] & ~SIGN_D | ~f[in.rs2] & SIGN_D;
            case Op.FSGNJX_D -> f[in.rd] = f[in.rs1] ^ f[in.rs2] & SIGN_D;
            case Op.FMIN_S -> f[in.rd] = box(minMaxS(h, unbox(f[in.rs1]), unbox(f[in.rs2]), false));
            case Op.FMAX_S -> f[in.rd] = box(minMaxS(h, unbox(f[in.rs1]), unbox(f[in.rs2]), true));
            case Op.FMIN_D -> f[in.rd] = minMaxD(h, f[in.rs1], f[in.rs2], false);
            case Op.FMAX_D -> f[in.rd] = minMaxD(h, f[in.rs1], f[in.rs2], true);
            case Op.FEQ_S -> h.x[in.rd] = cmpS(h, unbox(f[in.rs1]), unbox(f[in.rs2]), CMP_EQ);
            case Op.FLT_S -> h.x[in.rd] = cmpS(h, unbox(f[in.rs1]), unbox(f[in.rs2]), CMP_LT);
            case Op.FLE_S -> h.x[in.rd] = cmpS(h, unbox(f[in.rs1]), unbox(f[in.rs2]), CMP_LE);
            case Op.FEQ_D -> h.x[in.rd] = cmpD(h, f[in.rs1], f[in.rs2], CMP_EQ);
            case Op.FLT_D -> h.x[in.rd] = cmpD(h, f[in.rs1], f[in.rs2], CMP_LT);
            case Op.FLE_D -> h.x[in.rd] = cmpD(h, f[in.rs1], f[in.rs2], CMP_LE);
            case Op.FCLASS_S -> h.x[in.rd] = classS(unbox(f[in.rs1]));
            case Op.FCLASS_D -> h.x[in.rd] = classD(f[in.rs1]);
            // fmv.x.w copies the low word unchecked and sign-extends it; fmv.w.x boxes.
            case Op.FMV_X_W -> h.x[in.rd] = (int) f[in.rs1];
            case Op.FMV_W_X -> f[in.rd] = box((int) h.x[in.rs1]);
            case Op.FMV_X_D -> h.x[in.rd] = f[in.rs1];
            case Op.FMV_D_X -> f[in.rd] = h.x[in.rs1];
            // ---- single precision arithmetic
            case Op.FADD_S -> f[in.rd] = box(FpArithS.add(h, unbox(f[in.rs1]), unbox(f[in.rs2]), rm));
            case Op.FSUB_S -> f[in.rd] = box(FpArithS.add(h, unbox(f[in.rs1]), unbox(f[in.rs2]) ^ SIGN_S, rm));
            case Op.FMUL_S -> f[in.rd] = box(FpArithS.mul(h, unbox(f[in.rs1]), unbox(f[in.rs2]), rm));
            case Op.FDIV_S -> f[in.rd] = box(FpArithS.div(h, unbox(f[in.rs1]), unbox(f[in.rs2]), rm));
            case Op.FSQRT_S -> f[in.rd] = box(FpArithS.sqrt(h, unbox(f[in.rs1]), rm));
            case Op.FMADD_S -> f[in.rd] = box(FpArithS.fma(h, unbox(f[in.rs1]), unbox(f[in.rs2]), unbox(f[in.rs3]), rm));
            case Op.FMSUB_S -> f[in.rd] = box(FpArithS.fma(h, unbox(f[in.rs1]), unbox(f[in.rs2]),
                    unbox(f[in.rs3]) ^ SIGN_S, rm));
            case Op.FNMSUB_S -> f[in.rd] = box(FpArithS.fma(h, unbox(f[in.rs1]) ^ SIGN_S, unbox(f[in.rs2]),
                    unbox(f[in.rs3]), rm));
            case Op.FNMADD_S -> f[in.rd] = box(FpArithS.fma(h, unbox(f[in.rs1]) ^ SIGN_S, unbox(f[in.rs2]),
                    unbox(f[in.rs3]) ^ SIGN_S, rm));
            // ---- double precision arithmetic
            case Op.FADD_D -> f[in.rd] = FpArithD.add(h, f[in.rs1], f[in.rs2], rm);
            case Op.FSUB_D -> f[in.rd] = FpArithD.add(h, f[in.rs1], f[in.rs2] ^ SIGN_D, rm);
            case Op.FMUL_D -> f[in.rd] = FpArithD.mul(h, f[in.rs1], f[in.rs2], rm);
            case Op.FDIV_D -> f[in.rd] = FpArithD.div(h, f[in.rs1], f[in.rs2], rm);
            case Op.FSQRT_D -> f[in.rd] = FpArithD.sqrt(h, f[in.rs1], rm);
            case Op.FMADD_D -> f[in.rd] = FpArithD.fma(h, f[in.rs1], f[in.rs2], f[in.rs3], rm);
            case Op.FMSUB_D -> f[in.rd] = FpArithD.fma(h, f[in.rs1], f[in.rs2], f[in.rs3] ^ SIGN_D, rm);
            case Op.FNMSUB_D -> f[in.rd] = FpArithD.fma(h, f[in.rs1] ^ SIGN_D, f[in.rs2], f[in.rs3], rm);
            case Op.FNMADD_D -> f[in.rd] = FpArithD.fma(h, f[in.rs1] ^ SIGN_D, f[in.rs2], f[in.rs3] ^ SIGN_D, rm);
            // ---- float -> integer
            case Op.FCVT_W_S -> h.x[in.rd] = cvtSToInt(h, f[in.rs1], rm, FpConvert.W);
            case Op.FCVT_WU_S -> h.x[in.rd] = cvtSToInt(h, f[in.rs1], rm, FpConvert.WU);
            case Op.FCVT_L_S -> h.x[in.rd] = cvtSToInt(h, f[in.rs1], rm, FpConvert.L);
            case Op.FCVT_LU_S -> h.x[in.rd] = cvtSToInt(h, f[in.rs1], rm, FpConvert.LU);
            case Op.FCVT_W_D -> h.x[in.rd] = cvtDToInt(h, f[in.rs1], rm, FpConvert.W);
            case Op.FCVT_WU_D -> h.x[in.rd] = cvtDToInt(h, f[in.rs1], rm, FpConvert.WU);
            case Op.FCVT_L_D -> h.x[in.rd] = cvtDToInt(h, f[in.rs1], rm, FpConvert.L);
            case Op.FCVT_LU_D -> h.x[in.rd] = cvtDToInt(h, f[in.rs1], rm, FpConvert.LU);
            // ---- integer -> float
            case Op.FCVT_S_W -> f[in.rd] = box(FpConvert.intToS(h, (int) h.x[in.rs1], false, rm));
            case Op.FCVT_S_WU -> f[in.rd] = box(FpConvert.intToS(h, h.x[in.rs1] & 0xffffffffL, true, rm));
            case Op.FCVT_S_L -> f[in.rd] = box(FpConvert.intToS(h, h.x[in.rs1], false, rm));
            case Op.FCVT_S_LU -> f[in.rd] = box(FpConvert.intToS(h, h.x[in.rs1], true, rm));
            case Op.FCVT_D_W -> f[in.rd] = FpConvert.intToD(h, (int) h.x[in.rs1], false, rm);
            case Op.FCVT_D_WU -> f[in.rd] = FpConvert.intToD(h, h.x[in.rs1] & 0xffffffffL, true, rm);
            case Op.FCVT_D_L -> f[in.rd] = FpConvert.intToD(h, h.x[in.rs1], false, rm);
            case Op.FCVT_D_LU -> f[in.rd] = FpConvert.intToD(h, h.x[in.rs1], true, rm);
            // ---- float <-> double
            case Op.FCVT_S_D -> f[in.rd] = box(FpConvert.dToS(h, f[in.rs1], rm));
            case Op.FCVT_D_S -> f[in.rd] = FpConvert.sToD(h, unbox(f[in.rs1]));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static long cvtSToInt(Hart h, long reg, int rm, int kind) {
        int b = unbox(reg);
        boolean nan = FpArithS.isNaN(b);
        return FpConvert.toInt(h, nan ? 0 : Float.intBitsToFloat(b), nan, rm, kind);
    }

    private static long cvtDToInt(Hart h, long b, int rm, int kind) {
        boolean nan = FpArithD.isNaN(b);
        return FpConvert.toInt(h, nan ? 0 : Double.longBitsToDouble(b), nan, rm, kind);
    }

    // ------------------------------------------------------------------ min / max

    /**
     * fmin/fmax ("F" chapter, "Single-Precision Floating-Point Computational Instructions", IEEE
     * 754-2019 minimumNumber/maximumNumber): -0 is less than +0; a single NaN operand yields the
     * other operand; two NaNs yield the canonical NaN; any signaling NaN raises NV.
     */
    static int minMaxS(Hart h, int a, int b, boolean max) {
        boolean na = FpArithS.isNaN(a), nb = FpArithS.isNaN(b);
        if (na || nb) {
            if (FpArithS.isSNaN(a) || FpArithS.isSNaN(b)) h.fflags |= Hart.FLAG_NV;
            if (na && nb) return CANON_S;
            return na ? b : a;
        }
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        if (x == y) return max ? a & b : a | b; // equal: identical bits, or +0/-0
        return (x < y) != max ? a : b;
    }

    static long minMaxD(Hart h, long a, long b, boolean max) {
        boolean na = FpArithD.isNaN(a), nb = FpArithD.isNaN(b);
        if (na || nb) {
            if (FpArithD.isSNaN(a) || FpArithD.isSNaN(b)) h.fflags |= Hart.FLAG_NV;
            if (na && nb) return CANON_D;
            return na ? b : a;
        }
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        if (x == y) return max ? a & b : a | b;
        return (x < y) != max ? a : b;
    }

    // ------------------------------------------------------------------ compare

    private static final int CMP_EQ = 0, CMP_LT = 1, CMP_LE = 2;

    /**
     * feq/flt/fle ("F" chapter, "Single-Precision Floating-Point Compare Instructions"): write 1 or
     * 0; any NaN operand gives 0. feq is a quiet comparison (NV only for signaling NaNs), flt and
     * fle are signaling (NV for any NaN).
     */
    static long cmpS(Hart h, int a, int b, int kind) {
        if (FpArithS.isNaN(a) || FpArithS.isNaN(b)) {
            if (kind != CMP_EQ || FpArithS.isSNaN(a) || FpArithS.isSNaN(b)) h.fflags |= Hart.FLAG_NV;
            return 0;
        }
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        return (kind == CMP_EQ ? x == y : kind == CMP_LT ? x < y : x <= y) ? 1 : 0;
    }

    static long cmpD(Hart h, long a, long b, int kind) {
        if (FpArithD.isNaN(a) || FpArithD.isNaN(b)) {
            if (kind != CMP_EQ || FpArithD.isSNaN(a) || FpArithD.isSNaN(b)) h.fflags |= Hart.FLAG_NV;
            return 0;
        }
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        return (kind == CMP_EQ ? x == y : kind == CMP_LT ? x < y : x <= y) ? 1 : 0;
    }

    // ------------------------------------------------------------------ classify

    /**
     * fclass ("F" chapter, table "Format of result of FCLASS instruction"): bit 0 -inf, 1 negative
     * normal, 2 negative subnormal, 3 -0, 4 +0, 5 positive subnormal, 6 positive normal, 7 +inf,
     * 8 signaling NaN, 9 quiet NaN.
     */
    static long classS(int b) {
        int exp = (b >>> 23) & 0xff, frac = b & 0x7fffff;
        return classify(b < 0, exp == 0xff, exp == 0, frac == 0, (frac & 0x400000) != 0);
    }

    static long classD(long b) {
        int exp = (int) (b >>> 52) & 0x7ff;
        long frac = b & 0x000fffffffffffffL;
        return classify(b < 0, exp == 0x7ff, exp == 0, frac == 0, (frac & 0x0008000000000000L) != 0);
    }

    private static long classify(boolean neg, boolean expMax, boolean expZero, boolean fracZero, boolean quiet) {
        int bit;
        if (expMax) {
            if (fracZero) bit = neg ? 0 : 7;
            else bit = quiet ? 9 : 8;
        } else if (expZero) {
            if (fracZero) bit = neg ? 3 : 4;
            else bit = neg ? 2 : 5;
        } else {
            bit = neg ? 1 : 6;
        }
        return 1L << bit;
    }
}
