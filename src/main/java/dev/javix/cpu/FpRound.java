package dev.javix.cpu;

/**
 * Exact rounding primitives shared by the floating-point unit ({@link FpExec}).
 *
 * <p>RISC-V unprivileged spec, "F" chapter, "Floating-Point Control and Status Register": the
 * rounding modes RNE, RTZ, RDN, RUP, RMM, and the accrued flags. Rounding follows IEEE 754-2008
 * with RISC-V's choice of detecting tininess <em>after</em> rounding ("F" chapter, "Subnormal
 * Arithmetic": "tininess is detected after rounding"): a nonzero result is tiny
 * when rounding it to the target precision with an unbounded exponent range gives a magnitude
 * below the smallest normal number; underflow (UF) is raised when the result is tiny and inexact.
 *
 * <p>Two formats: {@link #S} (binary32: p=24, emin=-126, emax=127) and {@link #D} (binary64:
 * p=53, emin=-1022, emax=1023).
 */
final class FpRound {
    private FpRound() {}

    static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;
    /** Format selectors for {@link #roundPack}. */
    static final int S = 0, D = 1;

    private static final int[] PREC = {24, 53};
    private static final int[] EMIN = {-126, -1022};
    private static final int[] EMAX = {127, 1023};

    static final long CANON_D = 0x7ff8000000000000L;
    static final int CANON_S = 0x7fc00000;

    /**
     * Decides whether the truncated magnitude must be incremented by one unit in the last place.
     * {@code rem}/{@code half}: the discarded bits and half a unit, in the same scale;
     * {@code sticky}: something nonzero below {@code rem}; {@code odd}: the kept lsb.
     */
    static boolean roundUp(int rm, boolean neg, boolean odd, long rem, long half, boolean sticky) {
        switch (rm) {
            case RNE:
                return rem > half || (rem == half && (sticky || odd));
            case RTZ:
                return false;
            case RDN:
                return neg && (rem != 0 || sticky);
            case RUP:
                return !neg && (rem != 0 || sticky);
            default: // RMM: ties away from zero
                return rem >= half;
        }
    }

    /** True when an overflow in mode {@code rm} gives infinity (otherwise the largest finite). */
    static boolean overflowToInf(int rm, boolean neg) {
        return rm == RNE || rm == RMM || (rm == RUP && !neg) || (rm == RDN && neg);
    }

    /** Raises OF and NX and returns the IEEE overflow result of the given sign in format fmt. */
    static long overflow(Hart h, int fmt, boolean neg, int rm) {
        h.fflags |= Hart.FLAG_OF | Hart.FLAG_NX;
        int p = PREC[fmt];
        long inf = (long) (EMAX[fmt] - EMIN[fmt] + 2) << (p - 1);
        long mag = overflowToInf(rm, neg) ? inf : inf - 1;
        return neg ? mag | signBit(fmt) : mag;
    }

    static long signBit(int fmt) {
        return fmt == D ? Long.MIN_VALUE : 0x80000000L;
    }

    /**
     * Rounds the nonzero value (-1)^neg * (mant + sticky) * 2^exp to format fmt in mode rm,
     * accrues NX/UF/OF in {@code h} and returns the result's bit pattern (for S in the low 32 bits).
     * {@code mant} is unsigned (any 64-bit pattern); {@code sticky} means the true magnitude is
     * strictly between mant and mant+1 units of 2^exp, and then mant must hold at least p+2
     * significant bits so that the sticky part lies below the rounding position.
     */
    static long roundPack(Hart h, boolean neg, long mant, int exp, boolean sticky, int fmt, int rm) {
        int p = PREC[fmt], emin = EMIN[fmt], emax = EMAX[fmt];
        // Normalise: the leading one at bit 61 (bits 63..62 clear leave room for the carry).
        int lz = Long.numberOfLeadingZeros(mant);
        if (lz < 2) {
            int sh = 2 - lz;
            sticky |= (mant & ((1L << sh) - 1)) != 0;
            mant >>>= sh;
            exp += sh;
        } else {
            mant <<= lz - 2;
            exp -= lz - 2;
        }
        int e = exp + 61; // exponent of the leading one
        if (e > emax) return overflow(h, fmt, neg, rm);

        // Tininess after rounding: round to p bits with an unbounded exponent.
        boolean tiny;
        if (e >= emin) {
            tiny = false;
        } else if (e < emin - 1) {
            tiny = true;
        } else {
            int sh = 62 - p;
            long q = mant >>> sh;
            long rem = mant & ((1L << sh) - 1);
            boolean up = roundUp(rm, neg, (q & 1) != 0, rem, 1L << (sh - 1), sticky);
            tiny = !(up && q + 1 == 1L << p);
        }

        int lsbExp = Math.max(e, emin) - (p - 1);
        int shift = lsbExp - exp; // >= 62 - p
        long q, rem, half;
        if (shift >= 63) { // everything below half an ulp of the smallest subnormal
            q = 0;
            rem = 1;
            half = 2;
        } else {
            q = mant >>> shift;
            rem = mant & ((1L << shift) - 1);
            half = 1L << (shift - 1);
        }
        boolean inexact = rem != 0 || sticky;
        if (roundUp(rm, neg, (q & 1) != 0, rem, half, sticky)) q++;
        // Biased-exponent-minus-one above the hidden bit: a carry out of the significand moves
        // into the exponent field by itself, and subnormals have a zero field.
        long bits = ((long) (lsbExp - (emin - (p - 1))) << (p - 1)) + q;
        long inf = (long) (emax - emin + 2) << (p - 1);
        if (bits >= inf) return overflow(h, fmt, neg, rm);
        if (inexact) {
            h.fflags |= tiny ? Hart.FLAG_NX | Hart.FLAG_UF : Hart.FLAG_NX;
        }
        return neg ? bits | signBit(fmt) : bits;
    }

    // ---- doubles as exact values

    /** Significand of a finite double (with the hidden bit for normals). */
    static long mantD(long bits) {
        long frac = bits & 0x000fffffffffffffL;
        return (bits & 0x7ff0000000000000L) == 0 ? frac : frac | 0x0010000000000000L;
    }

    /** Exponent of the significand's lsb of a finite double: value = mantD * 2^expD. */
    static int expD(long bits) {
        int be = (int) (bits >>> 52) & 0x7ff;
        return (be == 0 ? 1 : be) - 1075;
    }

    /**
     * Rounds the finite nonzero double {@code d} to single precision in mode rm (fcvt.s.d, and the
     * final step of every single-precision operation, which is computed in double and made
     * round-to-odd first). Returns the float bits.
     */
    static int roundToFloat(Hart h, double d, int rm) {
        if (rm == RNE) {
            float f = (float) d;
            float af = Math.abs(f);
            if (af > Float.MIN_NORMAL && af != Float.POSITIVE_INFINITY) {
                if ((double) f != d) h.fflags |= Hart.FLAG_NX;
                return Float.floatToRawIntBits(f);
            }
        }
        long bits = Double.doubleToRawLongBits(d);
        return (int) roundPack(h, bits < 0, mantD(bits), expD(bits), false, S, rm);
    }

    /**
     * Round-to-odd: given the nearest double {@code s} to an exact value s+e (e exact or at least of
     * the right sign, |e| below half an ulp of s), returns s if e is zero, else whichever of the two
     * doubles around s+e has an odd significand. Rounding that result once more to any precision
     * of at most 51 bits gives the correctly rounded exact value in every mode (Boldo & Melquiond,
     * "Emulation of FMA and correctly rounded sums: proved algorithms using rounding to odd").
     */
    static double toOdd(double s, double e) {
        if (e == 0) return s;
        long b = Double.doubleToRawLongBits(s);
        if ((b & 1) != 0) return s;
        // Step the magnitude up when the error points away from zero, down otherwise.
        return Double.longBitsToDouble((e > 0) == (s > 0) ? b + 1 : b - 1);
    }

    /** Error of s = fl(a+b): a+b-s, exact (Knuth's TwoSum). Requires s finite. */
    static double twoSumErr(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    /**
     * Rounds a value whose round-to-nearest-even result {@code r} is known (finite, |r| well inside
     * the normal range) in a directed mode or RMM. {@code esign} is the sign of (exact - r),
     * {@code tie} whether the exact value is the midpoint between r and its neighbour on the
     * side of the error. Accrues NX (and OF if stepping past the largest finite value).
     */
    static double adjust(Hart h, double r, int esign, boolean tie, int rm) {
        if (esign == 0) return r;
        h.fflags |= Hart.FLAG_NX;
        long b = Double.doubleToRawLongBits(r);
        boolean away = (esign > 0) == (r > 0); // exact value lies farther from zero than r
        switch (rm) {
            case RTZ:
                if (!away) b--;
                break;
            case RDN:
                if (esign < 0 && away) b++;
                else if (esign < 0) b--;
                break;
            case RUP:
                if (esign > 0 && away) b++;
                else if (esign > 0) b--;
                break;
            case RMM:
                if (tie && away) b++;
                break;
            default:
                break;
        }
        double res = Double.longBitsToDouble(b);
        if (Double.isInfinite(res)) h.fflags |= Hart.FLAG_OF;
        return res;
    }

    /** True when the exact value r + e (e nonzero, exact) is a midpoint between r and its neighbour. */
    static boolean isTie(double r, double e) {
        double n = e > 0 ? Math.nextUp(r) : Math.nextDown(r);
        return (n - r) == 2 * e;
    }
}
