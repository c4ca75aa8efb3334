package dev.javix.cpu;

/**
 * Expansion of RV64C compressed instructions to their 32-bit equivalents (RISC-V Unprivileged
 * ISA, chapter "C" Standard Extension for Compressed Instructions: §16.3–16.7 describe each
 * instruction with its expansion, §16.8 "RVC Instruction Set Listings" tables 16.5–16.7 give
 * the opcode map per quadrant). Every RVC instruction is an alias of one base instruction, so
 * the decoder only needs this mapping.
 *
 * <p>Reserved encodings and encodings of other base widths (RV32-only C.JAL, RV128-only
 * forms) expand to 0, which is itself an illegal 32-bit word. HINT encodings (e.g. C.NOP with
 * a nonzero immediate, C.ADDI/C.LI/C.LUI/C.MV/C.ADD/C.SLLI with rd = x0, shifts by zero)
 * expand to the base instruction they stand for, which writes x0 or does nothing.
 */
public final class Rvc {
    private Rvc() {}

    // base opcodes used by the expansions
    private static final int LOAD = 0x03, LOAD_FP = 0x07, OP_IMM = 0x13, OP_IMM_32 = 0x1b, STORE = 0x23,
            STORE_FP = 0x27, OP = 0x33, LUI = 0x37, OP_32 = 0x3b, BRANCH = 0x63, JALR = 0x67, JAL = 0x6f;
    private static final int EBREAK = 0x00100073;

    /** Returns the equivalent 32-bit instruction word of compressed {@code half}, or 0 if illegal/reserved. */
    public static int expand(int half) {
        int h = half & 0xffff;
        int f3 = h >>> 13;
        switch (h & 3) {
            case 0: return quadrant0(h, f3);
            case 1: return quadrant1(h, f3);
            case 2: return quadrant2(h, f3);
            default: return 0; // not a compressed instruction
        }
    }

    /** Bits hi..lo of h, right-aligned. */
    private static int bits(int h, int hi, int lo) {
        return (h >>> lo) & ((1 << (hi - lo + 1)) - 1);
    }

    private static int bit(int h, int b) {
        return (h >>> b) & 1;
    }

    // ---- 32-bit encoders (§2.2, "Base Instruction Formats")

    private static int r(int f7, int rs2, int rs1, int f3, int rd, int opc) {
        return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
    }

    private static int i(int imm, int rs1, int f3, int rd, int opc) {
        return (imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
    }

    private static int s(int imm, int rs2, int rs1, int f3, int opc) {
        return (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | opc;
    }

    private static int b(int imm, int rs2, int rs1, int f3) {
        return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15)
                | (f3 << 12) | (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | BRANCH;
    }

    private static int j(int imm, int rd) {
        return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20)
                | (((imm >> 12) & 0xff) << 12) | (rd << 7) | JAL;
    }

    // ---- compressed immediates (§16.2 "Compressed Instruction Formats", table 16.1/16.2)

    /** CI-format 6-bit signed immediate: imm[5] = inst[12], imm[4:0] = inst[6:2]. */
    private static int ciImm(int h) {
        return ((bit(h, 12) << 5 | bits(h, 6, 2)) << 26) >> 26;
    }

    /** CI-format 6-bit shift amount (RV64: shamt[5] = inst[12] is allowed). */
    private static int shamt(int h) {
        return bit(h, 12) << 5 | bits(h, 6, 2);
    }

    /** CL/CS doubleword offset: uimm[5:3] = inst[12:10], uimm[7:6] = inst[6:5]. */
    private static int clsdImm(int h) {
        return bits(h, 12, 10) << 3 | bits(h, 6, 5) << 6;
    }

    /** CL/CS word offset: uimm[5:3] = inst[12:10], uimm[2] = inst[6], uimm[6] = inst[5]. */
    private static int clswImm(int h) {
        return bits(h, 12, 10) << 3 | bit(h, 6) << 2 | bit(h, 5) << 6;
    }

    /** Compressed register rd'/rs2' in inst[4:2]: x8..x15. */
    private static int rp42(int h) {
        return bits(h, 4, 2) + 8;
    }

    /** Compressed register rs1'/rd' in inst[9:7]: x8..x15. */
    private static int rp97(int h) {
        return bits(h, 9, 7) + 8;
    }

    /** Quadrant 0, table 16.5. */
    private static int quadrant0(int h, int f3) {
        int rd = rp42(h), rs1 = rp97(h);
        switch (f3) {
            case 0: { // C.ADDI4SPN: addi rd', x2, nzuimm[9:2]; nzuimm = 0 reserved (incl. all-zero)
                int imm = bits(h, 12, 11) << 4 | bits(h, 10, 7) << 6 | bit(h, 6) << 2 | bit(h, 5) << 3;
                return imm == 0 ? 0 : i(imm, 2, 0, rd, OP_IMM);
            }
            case 1: return i(clsdImm(h), rs1, 3, rd, LOAD_FP);   // C.FLD
            case 2: return i(clswImm(h), rs1, 2, rd, LOAD);      // C.LW
            case 3: return i(clsdImm(h), rs1, 3, rd, LOAD);      // C.LD (RV64)
            case 5: return s(clsdImm(h), rd, rs1, 3, STORE_FP);  // C.FSD
            case 6: return s(clswImm(h), rd, rs1, 2, STORE);     // C.SW
            case 7: return s(clsdImm(h), rd, rs1, 3, STORE);     // C.SD (RV64)
            default: return 0;                                    // 100: reserved
        }
    }

    /** Quadrant 1, table 16.6. */
    private static int quadrant1(int h, int f3) {
        int rd = bits(h, 11, 7);
        switch (f3) {
            case 0: // C.NOP / C.ADDI (rd = 0 or imm = 0: HINTs): addi rd, rd, imm
                return i(ciImm(h), rd, 0, rd, OP_IMM);
            case 1: // C.ADDIW (RV64; rd = 0 reserved): addiw rd, rd, imm
                return rd == 0 ? 0 : i(ciImm(h), rd, 0, rd, OP_IMM_32);
            case 2: // C.LI (rd = 0: HINT): addi rd, x0, imm
                return i(ciImm(h), 0, 0, rd, OP_IMM);
            case 3: {
                if (rd == 2) { // C.ADDI16SP: nzimm[9|4|6|8:7|5] in inst[12|6|5|4:3|2]; 0 reserved
                    int imm = bit(h, 12) << 9 | bit(h, 6) << 4 | bit(h, 5) << 6 | bits(h, 4, 3) << 7 | bit(h, 2) << 5;
                    if (imm == 0) return 0;
                    return i((imm << 22) >> 22, 2, 0, 2, OP_IMM);
                }
                // C.LUI: nzimm[17|16:12] (rd = 0: HINT); 0 reserved
                int imm = ciImm(h);
                if (imm == 0) return 0;
                return (imm << 12) | (rd << 7) | LUI;
            }
            case 4:
                return arith(h);
            case 5: { // C.J: jal x0, offset[11|4|9:8|10|6|7|3:1|5]
                int off = bit(h, 12) << 11 | bit(h, 11) << 4 | bits(h, 10, 9) << 8 | bit(h, 8) << 10
                        | bit(h, 7) << 6 | bit(h, 6) << 7 | bits(h, 5, 3) << 1 | bit(h, 2) << 5;
                return j((off << 20) >> 20, 0);
            }
            default: { // 110 C.BEQZ / 111 C.BNEZ: b{eq,ne} rs1', x0, offset[8|4:3] [7:6|2:1|5]
                int off = bit(h, 12) << 8 | bits(h, 11, 10) << 3 | bits(h, 6, 5) << 6 | bits(h, 4, 3) << 1
                        | bit(h, 2) << 5;
                return b((off << 23) >> 23, 0, rp97(h), f3 - 6);
            }
        }
    }

    /** Quadrant 1, funct3 = 100: C.SRLI, C.SRAI, C.ANDI and the CA-format register ops. */
    private static int arith(int h) {
        int rd = rp97(h);
        switch (bits(h, 11, 10)) {
            case 0: return i(shamt(h), rd, 5, rd, OP_IMM);                 // C.SRLI
            case 1: return i(0x400 | shamt(h), rd, 5, rd, OP_IMM);         // C.SRAI (imm[11:6] = 010000)
            case 2: return i(ciImm(h), rd, 7, rd, OP_IMM);                 // C.ANDI
            default: break;
        }
        int rs2 = rp42(h);
        int f2 = bits(h, 6, 5);
        if (bit(h, 12) == 0) {
            switch (f2) {
                case 0: return r(0x20, rs2, rd, 0, rd, OP);                // C.SUB
                case 1: return r(0, rs2, rd, 4, rd, OP);                   // C.XOR
                case 2: return r(0, rs2, rd, 6, rd, OP);                   // C.OR
                default: return r(0, rs2, rd, 7, rd, OP);                  // C.AND
            }
        }
        switch (f2) {
            case 0: return r(0x20, rs2, rd, 0, rd, OP_32);                 // C.SUBW
            case 1: return r(0, rs2, rd, 0, rd, OP_32);                    // C.ADDW
            default: return 0;                                             // reserved
        }
    }

    /** Quadrant 2, table 16.7. */
    private static int quadrant2(int h, int f3) {
        int rd = bits(h, 11, 7);
        int rs2 = bits(h, 6, 2);
        switch (f3) {
            case 0: // C.SLLI (rd = 0 / shamt = 0: HINTs): slli rd, rd, shamt
                return i(shamt(h), rd, 1, rd, OP_IMM);
            case 1: // C.FLDSP: fld rd, uimm[5|4:3|8:6](x2)
                return i(bit(h, 12) << 5 | bits(h, 6, 5) << 3 | bits(h, 4, 2) << 6, 2, 3, rd, LOAD_FP);
            case 2: // C.LWSP: lw rd, uimm[5|4:2|7:6](x2); rd = 0 reserved
                if (rd == 0) return 0;
                return i(bit(h, 12) << 5 | bits(h, 6, 4) << 2 | bits(h, 3, 2) << 6, 2, 2, rd, LOAD);
            case 3: // C.LDSP: ld rd, uimm[5|4:3|8:6](x2); rd = 0 reserved
                if (rd == 0) return 0;
                return i(bit(h, 12) << 5 | bits(h, 6, 5) << 3 | bits(h, 4, 2) << 6, 2, 3, rd, LOAD);
            case 4:
                if (bit(h, 12) == 0) {
                    if (rs2 == 0) return rd == 0 ? 0 : i(0, rd, 0, 0, JALR);  // C.JR (rs1 = 0 reserved)
                    return r(0, rs2, 0, 0, rd, OP);                           // C.MV: add rd, x0, rs2
                }
                if (rs2 == 0) return rd == 0 ? EBREAK : i(0, rd, 0, 1, JALR); // C.EBREAK / C.JALR
                return r(0, rs2, rd, 0, rd, OP);                              // C.ADD: add rd, rd, rs2
            case 5: // C.FSDSP: fsd rs2, uimm[5:3|8:6](x2)
                return s(bits(h, 12, 10) << 3 | bits(h, 9, 7) << 6, rs2, 2, 3, STORE_FP);
            case 6: // C.SWSP: sw rs2, uimm[5:2|7:6](x2)
                return s(bits(h, 12, 9) << 2 | bits(h, 8, 7) << 6, rs2, 2, 2, STORE);
            default: // C.SDSP: sd rs2, uimm[5:3|8:6](x2)
                return s(bits(h, 12, 10) << 3 | bits(h, 9, 7) << 6, rs2, 2, 3, STORE);
        }
    }
}
