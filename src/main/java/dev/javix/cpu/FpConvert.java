package dev.javix.cpu;

import static dev.javix.cpu.FpRound.RDN;
import static dev.javix.cpu.FpRound.RNE;
import static dev.javix.cpu.FpRound.RTZ;
import static dev.javix.cpu.FpRound.RUP;

/**
 * Conversions (RISC-V unprivileged spec, "F" chapter, "Single-Precision Floating-Point
 * Conversion and Move Instructions", and the "D" chapter's counterparts).
 *
 * <p>Float to integer: rounded in the instruction's mode, then clipped: "If the rounded result is
 * not representable in the destination format, it is clipped to the nearest value and the
 * invalid flag is set" — NaN and +inf give the largest value, -inf the smallest (table
 * "Domains of float-to-integer conversions"). In-range inexact conversions set NX. 32-bit
 * results (W and WU alike) are sign-extended into the 64-bit register.
 */
final class FpConvert {
    private FpConvert() {}

    static final int W = 0, WU = 1, L = 2, LU = 3;

    /** Rounds x (not NaN) to an integral double in mode rm; infinities stay as they are. */
    static double roundToIntegral(double x, int rm) {
        switch (rm) {
            case RNE:
                return Math.rint(x);
            case RTZ:
                return x < 0 ? Math.ceil(x) : Math.floor(x);
            case RDN:
                return Math.floor(x);
            case RUP:
                return Math.ceil(x);
            default: { // RMM
                double t = x < 0 ? Math.ceil(x) : Math.floor(x);
                double frac = x - t; // exact
                return Math.abs(frac) >= 0.5 ? t + Math.signum(x) : t;
            }
        }
    }

    /** The integer register value of fcvt.{w,wu,l,lu}.{s,d} for an operand value x (exactly widened). */
    static long toInt(Hart h, double x, boolean nan, int rm, int kind) {
        if (nan) {
            h.fflags |= Hart.FLAG_NV;
            return switch (kind) {
                case W -> Integer.MAX_VALUE;
                case L -> Long.MAX_VALUE;
                default -> -1L; // 2^32-1 sign-extended, or 2^64-1
            };
        }
        double r = roundToIntegral(x, rm);
        long v;
        switch (kind) {
            case W:
                if (r >= -0x1p31 && r <= 0x1p31 - 1) {
                    v = (long) r;
                    break;
                }
                h.fflags |= Hart.FLAG_NV;
                return x < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            case WU:
                if (r >= 0 && r <= 0x1p32 - 1) { // -0 rounds into range
                    v = (int) (long) r;
                    break;
                }
                h.fflags |= Hart.FLAG_NV;
                return x < 0 ? 0 : -1L;
            case L:
                if (r >= -0x1p63 && r < 0x1p63) {
                    v = (long) r;
                    break;
                }
                h.fflags |= Hart.FLAG_NV;
                return x < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            default: // LU
                if (r >= 0 && r < 0x1p64) {
                    v = r < 0x1p63 ? (long) r : (long) (r - 0x1p63) ^ Long.MIN_VALUE;
                    break;
                }
                h.fflags |= Hart.FLAG_NV;
                return x < 0 ? 0 : -1L;
        }
        if (r != x) h.fflags |= Hart.FLAG_NX;
        return v;
    }

    /** fcvt.d.{w,wu,l,lu}: the integer already widened to 64 bits; {@code unsigned} for wu/lu. */
    static long intToD(Hart h, long v, boolean unsigned, int rm) {
        boolean neg = !unsigned && v < 0;
        long mag = neg ? -v : v; // -MIN_VALUE stays 2^63 as an unsigned magnitude
        if (mag == 0) return 0L;
        if (Long.compareUnsigned(mag, 1L << 53) <= 0) {
            double d = mag;
            return Double.doubleToRawLongBits(neg ? -d : d);
        }
        return FpRound.roundPack(h, neg, mag, 0, false, FpRound.D, rm);
    }

    /** fcvt.s.{w,wu,l,lu}; returns float bits. */
    static int intToS(Hart h, long v, boolean unsigned, int rm) {
        boolean neg = !unsigned && v < 0;
        long mag = neg ? -v : v;
        if (mag == 0) return 0;
        if (Long.compareUnsigned(mag, 1L << 24) <= 0) {
            float f = mag;
            return Float.floatToRawIntBits(neg ? -f : f);
        }
        return (int) FpRound.roundPack(h, neg, mag, 0, false, FpRound.S, rm);
    }

    /** fcvt.s.d: round a double to single precision; NaNs become the canonical NaN. */
    static int dToS(Hart h, long b, int rm) {
        if (FpArithD.isNaN(b)) {
            if (FpArithD.isSNaN(b)) h.fflags |= Hart.FLAG_NV;
            return FpRound.CANON_S;
        }
        double d = Double.longBitsToDouble(b);
        if (d == 0 || Double.isInfinite(d)) return Float.floatToRawIntBits((float) d);
        return FpRound.roundToFloat(h, d, rm);
    }

    /** fcvt.d.s: exact widening; NaNs become the canonical NaN. */
    static long sToD(Hart h, int b) {
        if (FpArithS.isNaN(b)) {
            if (FpArithS.isSNaN(b)) h.fflags |= Hart.FLAG_NV;
            return FpRound.CANON_D;
        }
        return Double.doubleToRawLongBits(Float.intBitsToFloat(b));
    }
}
