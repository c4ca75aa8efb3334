package dev.javix.cpu;

/**
 * The architectural state of one guest hardware thread (a guest thread's registers), kept as
 * plain data so a context switch is nothing more than a virtual CPU picking another Hart
 * (design decision 1). Never touched by two host threads at once: a Hart belongs to the
 * virtual CPU currently running its task.
 */
public final class Hart {
    /** x0..x31, plus index 32: the sink that decoded writes to x0 go to. x[0] stays 0. */
    public final long[] x = new long[33];
    /**
     * x1..x31 while compiled code runs: {@link dev.javix.cpu.jit.Region}s read and write these
     * fields, everything else {@link #x}. {@link Interpreter#run} moves the registers into them
     * before the first region it runs ({@link #copyXToFields}) and back before it interprets an
     * instruction or returns ({@link #copyFieldsToX}), so outside {@code run} x is always current.
     *
     * <p>Why fields and not the array or JVM locals: the JIT keeps a field in a host register
     * between accesses and stores it only when it changes, and a store to guest memory (an
     * element of some page's {@code long[]}) cannot alias a field, while it could alias an
     * element of x. Registers kept in a region's locals instead had to be loaded at every entry
     * and written back at every exit, and, all live through the whole method, outnumbered the
     * host's registers: C2 spilled them to the stack, and spent most of its compile time
     * allocating them (http_parse: 6.1-6.8 us per request against 7.5-8.8, half the C2 time).
     */
    public long x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, x17, x18, x19, x20, x21, x22, x23, x24, x25, x26, x27, x28, x29, x30, x31;

    /** f0..f31 as raw 64-bit patterns; single-precision values are NaN-boxed (upper 32 bits all 1). */
    public final long[] f = new long[32];
    public long pc;

    // ---- fcsr (RISC-V unprivileged spec, "F" chapter, "Floating-Point Control and Status Register")
    /** Accrued exception flags: NV=16, DZ=8, OF=4, UF=2, NX=1. */
    public int fflags;
    /** Dynamic rounding mode: 0 RNE, 1 RTZ, 2 RDN, 3 RUP, 4 RMM (5–7 reserved). */
    public int frm;

    // ---- LR/SC reservation (A chapter): address and the value loaded, -1 address when none.
    public long reservationAddr = -1;
    public long reservationValue;

    /** Instructions retired; read by rdinstret/rdcycle. */
    public long instret;

    /** Copies x[1..31] into the fields x1..x31 (before compiled code runs). */
    public void copyXToFields() {
        long[] x = this.x;
        x1 = x[1];
        x2 = x[2];
        x3 = x[3];
        x4 = x[4];
        x5 = x[5];
        x6 = x[6];
        x7 = x[7];
        x8 = x[8];
        x9 = x[9];
        x10 = x[10];
        x11 = x[11];
        x12 = x[12];
        x13 = x[13];
        x14 = x[14];
        x15 = x[15];
        x16 = x[16];
        x17 = x[17];
        x18 = x[18];
        x19 = x[19];
        x20 = x[20];
        x21 = x[21];
        x22 = x[22];
        x23 = x[23];
        x24 = x[24];
        x25 = x[25];
        x26 = x[26];
        x27 = x[27];
        x28 = x[28];
        x29 = x[29];
        x30 = x[30];
        x31 = x[31];
    }

    /** Copies the fields x1..x31 into x[1..31] (after compiled code ran). */
    public void copyFieldsToX() {
        long[] x = this.x;
        x[1] = x1;
        x[2] = x2;
        x[3] = x3;
        x[4] = x4;
        x[5] = x5;
        x[6] = x6;
        x[7] = x7;
        x[8] = x8;
        x[9] = x9;
        x[10] = x10;
        x[11] = x11;
        x[12] = x12;
        x[13] = x13;
        x[14] = x14;
        x[15] = x15;
        x[16] = x16;
        x[17] = x17;
        x[18] = x18;
        x[19] = x19;
        x[20] = x20;
        x[21] = x21;
        x[22] = x22;
        x[23] = x23;
        x[24] = x24;
        x[25] = x25;
        x[26] = x26;
        x[27] = x27;
        x[28] = x28;
        x[29] = x29;
        x[30] = x30;
        x[31] = x31;
    }

    public static final int FLAG_NV = 16, FLAG_DZ = 8, FLAG_OF = 4, FLAG_UF = 2, FLAG_NX = 1;

    /** Copies every register of {@code other} into this hart (fork, clone). */
    public void copyFrom(Hart other) {
        System.arraycopy(other.x, 0, x, 0, x.length);
        System.arraycopy(other.f, 0, f, 0, f.length);
        pc = other.pc;
        fflags = other.fflags;
        frm = other.frm;
        reservationAddr = -1;
    }
}
