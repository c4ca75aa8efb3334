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
