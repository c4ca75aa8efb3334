package dev.javix.cpu;

import static dev.javix.cpu.FpRound.CANON_D;
import static dev.javix.cpu.FpRound.RDN;
import static dev.javix.cpu.FpRound.RNE;

import java.math.BigInteger;

/**
 * Double-precision arithmetic (RISC-V unprivileged spec, "D" chapter, "Double-Precision
 * Floating-Point Computational Instructions"): fadd/fsub/fmul/fdiv/fsqrt/fmadd on raw bit
 * patterns, every rounding mode, exact fflags, canonical NaN results.
 *
 * <p>Fast path (no allocation): the host computes the round-to-nearest-even result and an
 * error-free transformation (TwoSum, FMA residue, Boldo–Muller ErrFma) gives the sign of the
 * rounding error, which yields NX and, for the other modes, a one-ulp correction ({@link
 * FpRound#adjust}). It is used whenever the result lies in [2^-960, overflow), where those
 * transformations are exact and tininess cannot occur.
 *
 * <p>Slow paths: mul and div with a result below 2^-960 (subnormal range, UF detection) or
 * overflowing in a directed mode compute the exact significand product / a 62-bit quotient with
 * sticky bit in long arithmetic and round with {@link FpRound#roundPack} (still no allocation);
 * add needs none (tiny sums are exact; a directed-mode overflow is redone at half scale); sqrt
 * rescales tiny operands by an even power of two; fma outside the ErrFma range uses BigInteger.
 */
final class FpArithD {
    private FpArithD() {}

    /** Below this magnitude (and for overflow in directed modes) the slow path is taken. */
    private static final double SAFE_LO = 0x1p-960;
    /** Operand bound for ErrFma so that none of its steps can overflow. */
    private static final double SAFE_HI = 0x1p1000;
    private static final long NEG_ZERO = Long.MIN_VALUE;
    private static final long POS_INF = 0x7ff0000000000000L, NEG_INF = 0xfff0000000000000L;

    static boolean isNaN(long b) {
        return (b & Long.MAX_VALUE) > POS_INF;
    }

    /** Signaling NaN: exponent all ones, quiet bit (mantissa msb) clear, mantissa nonzero. */
    static boolean isSNaN(long b) {
        return isNaN(b) && (b & 0x0008000000000000L) == 0;
    }

    private static long raw(double d) {
        return Double.doubleToRawLongBits(d);
    }

    private static double dbl(long b) {
        return Double.longBitsToDouble(b);
    }

    /** NaN result of an operation with a NaN operand: NV for signaling NaNs, canonical NaN. */
    private static long nanResult(Hart h, long a, long b) {
        if (isSNaN(a) || isSNaN(b)) h.fflags |= Hart.FLAG_NV;
        return CANON_D;
    }

    private static long invalid(Hart h) {
        h.fflags |= Hart.FLAG_NV;
        return CANON_D;
    }

    // ------------------------------------------------------------------ add / sub

    /** fadd.d; fsub.d is add with the sign of b flipped (a NaN's sign is irrelevant). */
    static long add(Hart h, long ba, long bb, int rm) {
        if (isNaN(ba) || isNaN(bb)) return nanResult(h, ba, bb);
        double a = dbl(ba), b = dbl(bb);
        double s = a + b;
        if (Double.isNaN(s)) return invalid(h); // inf - inf
        if (Double.isInfinite(s)) {
            if (Double.isInfinite(a) || Double.isInfinite(b)) return raw(s);
            if (rm == RNE) {
                h.fflags |= Hart.FLAG_OF | Hart.FLAG_NX;
                return raw(s);
            }
            return addOverflow(h, a, b, rm);
        }
        if (s == 0) {
            // An exact zero sum (additions never underflow inexactly): IEEE 754 6.3, the sign
            // of x + x is that of x; a zero sum of opposite signs is +0, or -0 in RDN.
            if ((ba ^ bb) >= 0) return raw(s);
            return rm == RDN ? NEG_ZERO : 0L;
        }
        if (rm == RNE) {
            // Exact iff both s-a == b and s-b == a: the subtraction of the larger operand is exact
            // (Fast2Sum), so it recovers the other operand only when nothing was lost.
            if (s - a != b || s - b != a) h.fflags |= Hart.FLAG_NX;
            return raw(s);
        }
        double e = FpRound.twoSumErr(a, b, s);
        if (e == 0) return raw(s);
        return raw(FpRound.adjust(h, s, e > 0 ? 1 : -1, FpRound.isTie(s, e), rm));
    }

    /** a+b of finite operands overflowed in round-to-nearest: redo it at half scale, exactly. */
    private static long addOverflow(Hart h, double a, double b, int rm) {
        // Exact halving: an overflowing sum needs both operands above 2^969.
        double ha = a * 0.5, hb = b * 0.5;
        double s = ha + hb;
        double e = FpRound.twoSumErr(ha, hb, s);
        double r = e == 0 ? s : FpRound.adjust(h, s, e > 0 ? 1 : -1, FpRound.isTie(s, e), rm);
        if (Math.abs(r) >= 0x1p1023) return FpRound.overflow(h, FpRound.D, r < 0, rm);
        return raw(r * 2);
    }

    // ------------------------------------------------------------------ mul

    static long mul(Hart h, long ba, long bb, int rm) {
        if (isNaN(ba) || isNaN(bb)) return nanResult(h, ba, bb);
        double a = dbl(ba), b = dbl(bb);
        double r = a * b;
        if (Double.isNaN(r)) return invalid(h); // 0 * inf
        if (a == 0 || b == 0 || Double.isInfinite(a) || Double.isInfinite(b)) return raw(r);
        double ar = Math.abs(r);
        if (ar >= SAFE_LO && ar != Double.POSITIVE_INFINITY) {
            // The residue a*b - r is exactly representable here (the product's lsb is at least
            // |r|*2^-107 >= 2^-1067).
            double e = Math.fma(a, b, -r);
            if (e == 0) return raw(r);
            if (rm == RNE) {
                h.fflags |= Hart.FLAG_NX;
                return raw(r);
            }
            return raw(FpRound.adjust(h, r, e > 0 ? 1 : -1, FpRound.isTie(r, e), rm));
        }
        if (ar == Double.POSITIVE_INFINITY && rm == RNE) {
            h.fflags |= Hart.FLAG_OF | Hart.FLAG_NX;
            return raw(r);
        }
        return mulSlow(h, ba, bb, rm);
    }

    /** Exact 106-bit product of the significands, rounded once. */
    static long mulSlow(Hart h, long ba, long bb, int rm) {
        long ma = FpRound.mantD(ba), mb = FpRound.mantD(bb);
        int ex = FpRound.expD(ba) + FpRound.expD(bb);
        boolean neg = (ba ^ bb) < 0;
        long hi = Math.multiplyHigh(ma, mb), lo = ma * mb;
        if (hi == 0) return FpRound.roundPack(h, neg, lo, ex, false, FpRound.D, rm);
        int n = 64 - Long.numberOfLeadingZeros(hi);
        long mant = (hi << (64 - n)) | (lo >>> n);
        boolean sticky = (lo << (64 - n)) != 0;
        return FpRound.roundPack(h, neg, mant, ex + n, sticky, FpRound.D, rm);
    }

    // ------------------------------------------------------------------ div

    static long div(Hart h, long ba, long bb, int rm) {
        if (isNaN(ba) || isNaN(bb)) return nanResult(h, ba, bb);
        double a = dbl(ba), b = dbl(bb);
        if (Double.isInfinite(a)) {
            if (Double.isInfinite(b)) return invalid(h);
            return raw(a / b); // signed infinity, exact
        }
        if (Double.isInfinite(b)) return raw(a / b); // signed zero
        if (b == 0) {
            if (a == 0) return invalid(h);
            h.fflags |= Hart.FLAG_DZ;
            return raw(a / b);
        }
        if (a == 0) return raw(a / b);
        double r = a / b;
        double ar = Math.abs(r);
        if (ar >= SAFE_LO && ar != Double.POSITIVE_INFINITY && Math.abs(a) >= SAFE_LO) {
            // a - r*b is exactly representable and nonzero iff the quotient is inexact; its sign
            // (times b's) is that of the error. A binary quotient is never a midpoint.
            double rem = Math.fma(-r, b, a);
            if (rem == 0) return raw(r);
            if (rm == RNE) {
                h.fflags |= Hart.FLAG_NX;
                return raw(r);
            }
            return raw(FpRound.adjust(h, r, (rem > 0) == (b > 0) ? 1 : -1, false, rm));
        }
        if (ar == Double.POSITIVE_INFINITY && rm == RNE) {
            h.fflags |= Hart.FLAG_OF | Hart.FLAG_NX;
            return raw(r);
        }
        return divSlow(h, ba, bb, rm);
    }

    /** Restoring division of the normalised significands to 62 quotient bits plus sticky. */
    static long divSlow(Hart h, long ba, long bb, int rm) {
        long ma = FpRound.mantD(ba), mb = FpRound.mantD(bb);
        int ea = FpRound.expD(ba), eb = FpRound.expD(bb);
        int sa = Long.numberOfLeadingZeros(ma) - 11, sb = Long.numberOfLeadingZeros(mb) - 11;
        ma <<= sa;
        ea -= sa;
        mb <<= sb;
        eb -= sb;
        int ex = ea - eb;
        if (ma < mb) {
            ma <<= 1;
            ex--;
        }
        long q = 0, rem = ma;
        for (int i = 0; i < 62; i++) {
            q <<= 1;
            if (rem >= mb) {
                rem -= mb;
                q |= 1;
            }
            rem <<= 1;
        }
        return FpRound.roundPack(h, (ba ^ bb) < 0, q, ex - 61, rem != 0, FpRound.D, rm);
    }

    // ------------------------------------------------------------------ sqrt

    static long sqrt(Hart h, long ba, int rm) {
        if (isNaN(ba)) return nanResult(h, ba, ba);
        double a = dbl(ba);
        if (a == 0) return ba; // sqrt(-0) = -0
        if (a < 0) return invalid(h);
        if (a == Double.POSITIVE_INFINITY) return ba;
        double scale = 1;
        if (a < SAFE_LO) { // exact rescaling by an even power of two; the root is normal anyway
            a *= 0x1p1000;
            scale = 0x1p-500;
        }
        double r = Math.sqrt(a);
        double rem = Math.fma(-r, r, a); // a - r^2: sign of the error, zero iff exact; no ties
        if (rem != 0) {
            if (rm == RNE) h.fflags |= Hart.FLAG_NX;
            else r = FpRound.adjust(h, r, rem > 0 ? 1 : -1, false, rm);
        }
        return raw(r * scale);
    }

    // ------------------------------------------------------------------ fused multiply-add

    /**
     * a*b + c with a single rounding ("F" chapter, "Single-Precision Floating-Point
     * Computational Instructions"; the fmsub/fnmsub/fnmadd forms are obtained by the caller by
     * flipping the sign bits of a and/or c). 0*inf is invalid even when c is a quiet NaN.
     */
    static long fma(Hart h, long ba, long bb, long bc, int rm) {
        boolean infA = (ba & Long.MAX_VALUE) == POS_INF, infB = (bb & Long.MAX_VALUE) == POS_INF;
        boolean zeroA = (ba & Long.MAX_VALUE) == 0, zeroB = (bb & Long.MAX_VALUE) == 0;
        if ((infA && zeroB) || (zeroA && infB)) {
            h.fflags |= Hart.FLAG_NV;
            return CANON_D;
        }
        if (isNaN(ba) || isNaN(bb) || isNaN(bc)) {
            if (isSNaN(ba) || isSNaN(bb) || isSNaN(bc)) h.fflags |= Hart.FLAG_NV;
            return CANON_D;
        }
        boolean prodNeg = (ba ^ bb) < 0;
        boolean infC = (bc & Long.MAX_VALUE) == POS_INF;
        if (infA || infB) {
            if (infC && (bc < 0) != prodNeg) return invalid(h);
            return prodNeg ? NEG_INF : POS_INF;
        }
        if (infC) return bc;
        boolean zeroC = (bc & Long.MAX_VALUE) == 0;
        if (zeroA || zeroB) {
            if (!zeroC) return bc;
            if (prodNeg == (bc < 0)) return bc;
            return rm == RDN ? NEG_ZERO : 0L;
        }
        if (zeroC) return mul(h, ba, bb, rm); // the exact result is the nonzero product
        double a = dbl(ba), b = dbl(bb), c = dbl(bc);
        double r = Math.fma(a, b, c);
        double u1 = a * b;
        double ar = Math.abs(r), au = Math.abs(u1);
        if (ar >= SAFE_LO && ar <= SAFE_HI && au >= SAFE_LO && au <= SAFE_HI && Math.abs(c) <= SAFE_HI) {
            // ErrFma (Boldo & Muller, "Exact and approximated error of the FMA", IEEE TC 2011):
            // a*b + c = r + r2 + r3 exactly, with r2 = RN(r2 + r3).
            double u2 = Math.fma(a, b, -u1);
            double al1 = c + u2;
            double al2 = FpRound.twoSumErr(c, u2, al1);
            double be1 = u1 + al1;
            double be2 = FpRound.twoSumErr(u1, al1, be1);
            double g = (be1 - r) + be2;
            double r2 = g + al2;
            double r3 = FpRound.twoSumErr(g, al2, r2);
            if (r2 == 0) return raw(r);
            if (rm == RNE) {
                h.fflags |= Hart.FLAG_NX;
                return raw(r);
            }
            return raw(FpRound.adjust(h, r, r2 > 0 ? 1 : -1, r3 == 0 && FpRound.isTie(r, r2), rm));
        }
        if (au < SAFE_LO && Math.abs(c) >= 0x1p-900) {
            // The product is far below half an ulp of c: the result is c nudged towards the
            // product's sign (never a tie, never exact).
            if (rm == RNE) {
                h.fflags |= Hart.FLAG_NX;
                return bc;
            }
            return raw(FpRound.adjust(h, c, prodNeg ? -1 : 1, false, rm));
        }
        if (ar == Double.POSITIVE_INFINITY && rm == RNE) {
            // Math.fma is exact-fused: the exact value is at least MAX + ulp/2 in magnitude.
            h.fflags |= Hart.FLAG_OF | Hart.FLAG_NX;
            return raw(r);
        }
        return fmaSlow(h, ba, bb, bc, rm);
    }

    /** Exact a*b + c in arbitrary precision (finite nonzero operands), rounded once. */
    static long fmaSlow(Hart h, long ba, long bb, long bc, int rm) {
        BigInteger p = BigInteger.valueOf(FpRound.mantD(ba)).multiply(BigInteger.valueOf(FpRound.mantD(bb)));
        int pe = FpRound.expD(ba) + FpRound.expD(bb);
        BigInteger c = BigInteger.valueOf(FpRound.mantD(bc));
        int ce = FpRound.expD(bc);
        int e0 = Math.min(pe, ce);
        p = p.shiftLeft(pe - e0);
        c = c.shiftLeft(ce - e0);
        if ((ba ^ bb) < 0) p = p.negate();
        if (bc < 0) c = c.negate();
        BigInteger s = p.add(c);
        int sig = s.signum();
        if (sig == 0) return rm == RDN ? NEG_ZERO : 0L; // exact cancellation of opposite signs
        BigInteger mag = s.abs();
        int len = mag.bitLength();
        boolean sticky = false;
        int ex = e0;
        if (len > 64) {
            int sh = len - 64;
            sticky = mag.getLowestSetBit() < sh;
            mag = mag.shiftRight(sh);
            ex += sh;
        }
        return FpRound.roundPack(h, sig < 0, mag.longValue(), ex, sticky, FpRound.D, rm);
    }
}
