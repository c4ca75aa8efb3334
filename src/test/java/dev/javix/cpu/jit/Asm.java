package dev.javix.cpu.jit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny RV64 assembler for tests: 32-bit encodings only (RISC-V unprivileged spec, chapter
 * "RV32/64G Instruction Set Listings"), labels resolved at {@link #words()}.
 */
final class Asm {
    private final List<Integer> words = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Object[]> fixups = new ArrayList<>(); // {index, label, kind}

    static final int ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9, A0 = 10, A1 = 11, A2 = 12,
            A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17, S2 = 18, S3 = 19, T3 = 28, T4 = 29, T5 = 30, T6 = 31;

    int pcOf(String label) {
        return labels.get(label) * 4;
    }

    int size() {
        return words.size() * 4;
    }

    Asm label(String name) {
        labels.put(name, words.size());
        return this;
    }

    Asm word(int w) {
        words.add(w);
        return this;
    }

    private Asm r(int f7, int rs2, int rs1, int f3, int rd, int op) {
        return word(f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op);
    }

    private Asm i(int imm, int rs1, int f3, int rd, int op) {
        return word((imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op);
    }

    private Asm s(int imm, int rs2, int rs1, int f3, int op) {
        return word(((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1f) << 7 | op);
    }

    static int bImm(int off) {
        return ((off >> 12) & 1) << 31 | ((off >> 5) & 0x3f) << 25 | ((off >> 1) & 0xf) << 8 | ((off >> 11) & 1) << 7;
    }

    static int jImm(int off) {
        return ((off >> 20) & 1) << 31 | ((off >> 1) & 0x3ff) << 21 | ((off >> 11) & 1) << 20 | ((off >> 12) & 0xff) << 12;
    }

    // ---- RV64I
    Asm lui(int rd, int imm20) { return word(imm20 << 12 | rd << 7 | 0x37); }
    Asm auipc(int rd, int imm20) { return word(imm20 << 12 | rd << 7 | 0x17); }
    Asm addi(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x13); }
    Asm slti(int rd, int rs1, int imm) { return i(imm, rs1, 2, rd, 0x13); }
    Asm sltiu(int rd, int rs1, int imm) { return i(imm, rs1, 3, rd, 0x13); }
    Asm xori(int rd, int rs1, int imm) { return i(imm, rs1, 4, rd, 0x13); }
    Asm ori(int rd, int rs1, int imm) { return i(imm, rs1, 6, rd, 0x13); }
    Asm andi(int rd, int rs1, int imm) { return i(imm, rs1, 7, rd, 0x13); }
    Asm slli(int rd, int rs1, int sh) { return i(sh, rs1, 1, rd, 0x13); }
    Asm srli(int rd, int rs1, int sh) { return i(sh, rs1, 5, rd, 0x13); }
    Asm srai(int rd, int rs1, int sh) { return i(0x400 | sh, rs1, 5, rd, 0x13); }
    Asm addiw(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x1b); }
    Asm slliw(int rd, int rs1, int sh) { return i(sh, rs1, 1, rd, 0x1b); }
    Asm srliw(int rd, int rs1, int sh) { return i(sh, rs1, 5, rd, 0x1b); }
    Asm sraiw(int rd, int rs1, int sh) { return i(0x400 | sh, rs1, 5, rd, 0x1b); }

    /** OP (0x33) and OP-32 (0x3b) by funct7/funct3. */
    Asm op(int f7, int f3, int rd, int rs1, int rs2) { return r(f7, rs2, rs1, f3, rd, 0x33); }
    Asm op32(int f7, int f3, int rd, int rs1, int rs2) { return r(f7, rs2, rs1, f3, rd, 0x3b); }
    Asm add(int rd, int rs1, int rs2) { return op(0, 0, rd, rs1, rs2); }
    Asm sub(int rd, int rs1, int rs2) { return op(0x20, 0, rd, rs1, rs2); }
    Asm xor(int rd, int rs1, int rs2) { return op(0, 4, rd, rs1, rs2); }
    Asm mul(int rd, int rs1, int rs2) { return op(1, 0, rd, rs1, rs2); }
    Asm div(int rd, int rs1, int rs2) { return op(1, 4, rd, rs1, rs2); }

    Asm load(int f3, int rd, int rs1, int imm) { return i(imm, rs1, f3, rd, 0x03); }
    Asm ld(int rd, int rs1, int imm) { return load(3, rd, rs1, imm); }
    Asm lw(int rd, int rs1, int imm) { return load(2, rd, rs1, imm); }
    Asm store(int f3, int rs2, int rs1, int imm) { return s(imm, rs2, rs1, f3, 0x23); }
    Asm sd(int rs2, int rs1, int imm) { return store(3, rs2, rs1, imm); }
    Asm sw(int rs2, int rs1, int imm) { return store(2, rs2, rs1, imm); }

    Asm branch(int f3, int rs1, int rs2, String target) {
        fixups.add(new Object[] {words.size(), target, "b"});
        return word(rs2 << 20 | rs1 << 15 | f3 << 12 | 0x63);
    }
    Asm beq(int rs1, int rs2, String t) { return branch(0, rs1, rs2, t); }
    Asm bne(int rs1, int rs2, String t) { return branch(1, rs1, rs2, t); }
    Asm blt(int rs1, int rs2, String t) { return branch(4, rs1, rs2, t); }
    Asm bltu(int rs1, int rs2, String t) { return branch(6, rs1, rs2, t); }

    Asm jal(int rd, String target) {
        fixups.add(new Object[] {words.size(), target, "j"});
        return word(rd << 7 | 0x6f);
    }
    Asm j(String target) { return jal(ZERO, target); }
    Asm jalr(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x67); }
    Asm ret() { return jalr(ZERO, RA, 0); }

    Asm ecall() { return word(0x73); }
    Asm fenceI() { return word(0x100f); }
    Asm fence() { return word(0x0ff0000f); }
    Asm csrrw(int rd, int csr, int rs1) { return i(csr, rs1, 1, rd, 0x73); }
    Asm csrrs(int rd, int csr, int rs1) { return i(csr, rs1, 2, rd, 0x73); }

    // ---- A
    Asm amo(int f5, int f3, int rd, int rs1, int rs2) { return r(f5 << 2, rs2, rs1, f3, rd, 0x2f); }

    // ---- F/D (rm 7 = dynamic)
    Asm fld(int fd, int rs1, int imm) { return i(imm, rs1, 3, fd, 0x07); }
    Asm fsd(int fs, int rs1, int imm) { return s(imm, fs, rs1, 3, 0x27); }
    Asm flw(int fd, int rs1, int imm) { return i(imm, rs1, 2, fd, 0x07); }
    Asm fsw(int fs, int rs1, int imm) { return s(imm, fs, rs1, 2, 0x27); }
    Asm fop(int f7, int rm, int fd, int fs1, int fs2) { return r(f7, fs2, fs1, rm, fd, 0x53); }
    Asm faddD(int fd, int fs1, int fs2) { return fop(0x01, 7, fd, fs1, fs2); }
    Asm fmulD(int fd, int fs1, int fs2) { return fop(0x09, 7, fd, fs1, fs2); }
    Asm fdivD(int fd, int fs1, int fs2) { return fop(0x0d, 7, fd, fs1, fs2); }
    Asm fltD(int rd, int fs1, int fs2) { return fop(0x51, 1, rd, fs1, fs2); }
    /** fmadd.d (0x43), fmsub.d (0x47), fnmsub.d (0x4b), fnmadd.d (0x4f). */
    Asm fma(int opcode, int rm, int fd, int fs1, int fs2, int fs3) {
        return word(fs3 << 27 | 1 << 25 | fs2 << 20 | fs1 << 15 | rm << 12 | fd << 7 | opcode);
    }
    Asm fcvtDL(int fd, int rs1) { return fop(0x69, 7, fd, rs1, 2); }
    Asm fcvtLD(int rd, int fs1, int rm) { return fop(0x61, rm, rd, fs1, 2); }

    /** The instruction words, with branch and jump offsets filled in. */
    int[] words() {
        for (Object[] f : fixups) {
            int at = (Integer) f[0];
            Integer to = labels.get((String) f[1]);
            if (to == null) throw new IllegalArgumentException("no label " + f[1]);
            int off = (to - at) * 4;
            words.set(at, words.get(at) | ("b".equals(f[2]) ? bImm(off) : jImm(off)));
        }
        fixups.clear();
        return words.stream().mapToInt(Integer::intValue).toArray();
    }
}
