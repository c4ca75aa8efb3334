package dev.javix.cpu;

/**
 * One decoded instruction. Decoded once per code page and cached ({@link CodeCache}); the
 * interpreter reads the fields and never re-parses the instruction word.
 *
 * <p>Register numbers are already adjusted for the interpreter: a destination of x0 is
 * redirected to the sink register 32 so that writes to x0 need no check (x0 always reads 0).
 * Floating-point register numbers are plain 0–31.
 */
public final class Insn {
    /** Operation, one of {@link Op}. */
    public final int op;
    /** Destination register (32 = x0 sink for integer destinations). */
    public final int rd;
    public final int rs1;
    public final int rs2;
    /** Third source register of the fused multiply-add instructions. */
    public final int rs3;
    /** The rounding-mode field (funct3) of F/D instructions; for CSR instructions the CSR number. */
    public final int rm;
    /** Sign-extended immediate, shift amount, or branch/jump offset. */
    public final long imm;
    /** Length in bytes: 2 for compressed, 4 otherwise. */
    public final int len;
    /** The raw instruction bits (16 or 32), for traces and SIGILL reports. */
    public final int raw;

    public Insn(int op, int rd, int rs1, int rs2, int rs3, int rm, long imm, int len, int raw) {
        this.op = op;
        this.rd = rd;
        this.rs1 = rs1;
        this.rs2 = rs2;
        this.rs3 = rs3;
        this.rm = rm;
        this.imm = imm;
        this.len = len;
        this.raw = raw;
    }

    @Override
    public String toString() {
        return Op.name(op) + " rd=" + rd + " rs1=" + rs1 + " rs2=" + rs2 + " rs3=" + rs3 + " rm=" + rm
                + " imm=" + imm + " len=" + len;
    }
}
