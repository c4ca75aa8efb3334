package dev.javix.cpu;

import static dev.javix.cpu.FpRound.CANON_S;
import static dev.javix.cpu.FpRound.RDN;

/**
 * Single-precision arithmetic (RISC-V unprivileged spec, "F" chapter, "Single-Precision
 * Floating-Point Computational Instructions") on unboxed float bit patterns.
 *
 * <p>Every operation is carried out in double precision, where products of floats are exact and
 * sums, quotients and roots come with an exact error sign (TwoSum, FMA residue). The double
 * result is made round-to-odd ({@link FpRound#toOdd}) and then rounded once to single
 * precision in the requested mode ({@link FpRound#roundToFloat}); since 53 >= 24 + 2 this
 * double rounding is innocuous and gives the correctly rounded result and exact flags.
 */
final class FpArithS {
    private FpArithS() {}

    static final int SIGN = 0x80000000;
    private static final int POS_INF = 0x7f800000, NEG_INF = 0xff800000;

    static boolean isNaN(int b) {
        return (b & 0x7fffffff) > POS_INF;
    }

    static boolean isSNaN(int b) {
        return isNaN(b) && (b & 0x00400000) == 0;
    }

    /** The value of a non-NaN float pattern, widened exactly. */
    static double d(int b) {
        return Float.intBitsToFloat(b);
    }

    private static int bits(double exactFloatValue) {
        return Float.floatToRawIntBits((float) exactFloatValue);
    }

    private static int nanResult(Hart h, int a, int b) {
        if (isSNaN(a) || isSNaN(b)) h.fflags |= Hart.FLAG_NV;
        return CANON_S;
    }

    private static int invalid(Hart h) {
        h.fflags |= Hart.FLAG_NV;
        return CANON_S;
    }

    /** fadd.s; fsub.s flips the sign of b first. */
    static int add(Hart h, int ia, int ib, int rm) {
        if (isNaN(ia) || isNaN(ib)) return nanResult(h, ia, ib);
        double a = d(ia), b = d(ib);
        double s = a + b;
        if (Double.isNaN(s)) return invalid(h);
        if (Double.isInfinite(s)) return bits(s); // an infinite operand: exact
        if (s == 0) { // exact zero: same-sign zeros keep their sign, else +0 (-0 in RDN)
            if ((ia ^ ib) >= 0) return ia;
            return rm == RDN ? SIGN : 0;
        }
        if (rm == FpRound.RNE) {
            // Rounding the nearest double to float is innocuous for a sum of floats (53 >= 2*24+1,
            // Figueroa 1995); the sum is exact in double iff s-a == b and s-b == a.
            float f = (float) s;
            float af = Math.abs(f);
            if (af > Float.MIN_NORMAL && af != Float.POSITIVE_INFINITY) {
                if ((double) f != s || s - a != b || s - b != a) h.fflags |= Hart.FLAG_NX;
                return Float.floatToRawIntBits(f);
            }
        }
        return FpRound.roundToFloat(h, FpRound.toOdd(s, FpRound.twoSumErr(a, b, s)), rm);
    }

    static int mul(Hart h, int ia, int ib, int rm) {
        if (isNaN(ia) || isNaN(ib)) return nanResult(h, ia, ib);
        double a = d(ia), b = d(ib);
        double p = a * b; // exact: 48-bit significand, exponent within double range
        if (Double.isNaN(p)) return invalid(h);
        if (p == 0 || Double.isInfinite(p)) return bits(p);
        return FpRound.roundToFloat(h, p, rm);
    }

    static int div(Hart h, int ia, int ib, int rm) {
        if (isNaN(ia) || isNaN(ib)) return nanResult(h, ia, ib);
        double a = d(ia), b = d(ib);
        if (Double.isInfinite(a)) {
            if (Double.isInfinite(b)) return invalid(h);
            return bits(a / b);
        }
        if (Double.isInfinite(b)) return bits(a / b);
        if (b == 0) {
            if (a == 0) return invalid(h);
            h.fflags |= Hart.FLAG_DZ;
            return bits(a / b);
        }
        if (a == 0) return bits(a / b);
        double q = a / b;
        double rem = Math.fma(-q, b, a); // exact sign of (a/b - q) * b
        double err = rem == 0 ? 0 : ((rem > 0) == (b > 0) ? 1 : -1);
        return FpRound.roundToFloat(h, FpRound.toOdd(q, err), rm);
    }

    static int sqrt(Hart h, int ia, int rm) {
        if (isNaN(ia)) return nanResult(h, ia, ia);
        double a = d(ia);
        if (a == 0) return ia;
        if (a < 0) return invalid(h);
        if (Double.isInfinite(a)) return ia;
        double r = Math.sqrt(a);
        return FpRound.roundToFloat(h, FpRound.toOdd(r, Math.fma(-r, r, a)), rm);
    }

    /** a*b + c fused; the negated forms flip sign bits first (see {@link FpArithD#fma}). */
    static int fma(Hart h, int ia, int ib, int ic, int rm) {
        boolean infA = (ia & 0x7fffffff) == POS_INF, infB = (ib & 0x7fffffff) == POS_INF;
        boolean zeroA = (ia & 0x7fffffff) == 0, zeroB = (ib & 0x7fffffff) == 0;
        if ((infA && zeroB) || (zeroA && infB)) return invalid(h); // even with a quiet NaN addend
        if (isNaN(ia) || isNaN(ib) || isNaN(ic)) {
            if (isSNaN(ia) || isSNaN(ib) || isSNaN(ic)) h.fflags |= Hart.FLAG_NV;
            return CANON_S;
        }
        boolean prodNeg = (ia ^ ib) < 0;
        boolean infC = (ic & 0x7fffffff) == POS_INF;
        if (infA || infB) {
            if (infC && (ic < 0) != prodNeg) return invalid(h);
            return prodNeg ? NEG_INF : POS_INF;
        }
        if (infC) return ic;
        boolean zeroC = (ic & 0x7fffffff) == 0;
        if (zeroA || zeroB) {
            if (!zeroC) return ic;
            if (prodNeg == (ic < 0)) return ic;
            return rm == RDN ? SIGN : 0;
        }
        double p = d(ia) * d(ib); // exact
        double c = d(ic);
        double s = p + c;
        if (s == 0) return rm == RDN ? SIGN : 0; // exact cancellation (no underflow at this scale)
        return FpRound.roundToFloat(h, FpRound.toOdd(s, FpRound.twoSumErr(p, c, s)), rm);
    }
}
