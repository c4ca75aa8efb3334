package dev.javix.cpu;

/**
 * The M extension's corner cases, spelled out (RISC-V unprivileged spec, 7.2, table 7.1):
 * division by zero gives all ones (quotient) or the dividend (remainder); the signed overflow
 * MIN / -1 gives MIN (quotient) and 0 (remainder). No trap in any case.
 */
final class IntMath {
    private IntMath() {}

    static long div(long a, long b) {
        if (b == 0) return -1;
        if (a == Long.MIN_VALUE && b == -1) return a;
        return a / b;
    }

    static long divu(long a, long b) {
        return b == 0 ? -1 : Long.divideUnsigned(a, b);
    }

    static long rem(long a, long b) {
        if (b == 0) return a;
        if (a == Long.MIN_VALUE && b == -1) return 0;
        return a % b;
    }

    static long remu(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    /** W forms operate on the low 32 bits and sign-extend the 32-bit result. */
    static long divw(int a, int b) {
        if (b == 0) return -1;
        if (a == Integer.MIN_VALUE && b == -1) return a;
        return a / b;
    }

    static long divuw(int a, int b) {
        return b == 0 ? -1 : (long) Integer.divideUnsigned(a, b);
    }

    static long remw(int a, int b) {
        if (b == 0) return a;
        if (a == Integer.MIN_VALUE && b == -1) return 0;
        return a % b;
    }

    static long remuw(int a, int b) {
        return b == 0 ? a : (long) Integer.remainderUnsigned(a, b);
    }

    /** Upper 64 bits of signed a times unsigned b. */
    static long mulhsu(long a, long b) {
        // unsigned high = signed high + (a if b<0 as signed) ... adjust from the signed product:
        // a * b_unsigned = a * b_signed + a * 2^64 * [b < 0]
        long hi = Math.multiplyHigh(a, b);
        return b < 0 ? hi + a : hi;
    }
}
