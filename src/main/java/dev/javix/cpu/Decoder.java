package dev.javix.cpu;

/**
 * RV64GC instruction decoder (RV64IMAFDC + Zicsr + Zifencei), user mode only.
 *
 * <p>References are to the RISC-V Unprivileged ISA specification (20191213 and later):
 * chapter "RV32I Base Integer Instruction Set" §2.2–2.3 (formats and immediates), chapter
 * "RV64I" (W forms, 6-bit shamt), and the "RV32/64G Instruction Set Listings" chapter (the
 * opcode map, table "RISC-V base opcode map", and the per-extension encoding tables), which is
 * what the switches below follow. Anything not listed there for RV64GC — including the
 * privileged SYSTEM instructions (MRET, WFI, SFENCE.VMA, ...) — decodes to {@link Op#ILLEGAL}.
 *
 * <p>Field conventions (the interpreter relies on them, see {@link Insn}): an integer
 * destination x0 becomes the sink register 32; FP destinations are plain 0–31; unused register
 * fields are 0; {@code imm} is sign-extended; CSR instructions carry the CSR number in
 * {@code rm} (and also in {@code imm}) and the CSRR*I zimm in {@code rs1}.
 */
public final class Decoder {
    private Decoder() {}

    /** The sink register that integer writes to x0 are redirected to. */
    public static final int SINK = 32;

    /** Decodes a 32-bit instruction word (low two bits 11). Never throws; unknown/reserved encodings give Op.ILLEGAL with raw set. */
    public static Insn decode32(int word) {
        return decode(word, 4, word);
    }

    /** Decodes a 16-bit compressed instruction by expanding it to its 32-bit equivalent and decoding that; len=2, raw = the 16 bits. */
    public static Insn decode16(int half) {
        half &= 0xffff;
        int word = Rvc.expand(half);
        if (word == 0) return illegal(2, half);
        return decode(word, 2, half);
    }

    private static Insn illegal(int len, int raw) {
        return new Insn(Op.ILLEGAL, 0, 0, 0, 0, 0, 0, len, raw);
    }

    /** Integer destination: x0 goes to the sink. */
    private static int xd(int rd) {
        return rd == 0 ? SINK : rd;
    }

    // ---- immediates, §2.3 "Immediate Encoding Variants"

    private static long immI(int w) {
        return w >> 20;
    }

    private static long immS(int w) {
        return ((w >> 25) << 5) | ((w >>> 7) & 0x1f);
    }

    private static long immB(int w) {
        return ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5)
                | (((w >>> 8) & 0xf) << 1);
    }

    private static long immU(int w) {
        return w & 0xfffff000; // int, sign-extended to long by the widening
    }

    private static long immJ(int w) {
        return ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11)
                | (((w >>> 21) & 0x3ff) << 1);
    }

    // ---- opcode map, table "RISC-V base opcode map" (inst[6:0])
    private static final int LOAD = 0x03, LOAD_FP = 0x07, MISC_MEM = 0x0f, OP_IMM = 0x13, AUIPC = 0x17,
            OP_IMM_32 = 0x1b, STORE = 0x23, STORE_FP = 0x27, AMO = 0x2f, OP = 0x33, LUI = 0x37,
            OP_32 = 0x3b, MADD = 0x43, MSUB = 0x47, NMSUB = 0x4b, NMADD = 0x4f, OP_FP = 0x53,
            BRANCH = 0x63, JALR = 0x67, JAL = 0x6f, SYSTEM = 0x73;

    private static final int[] LOADS = {Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU, Op.ILLEGAL};
    private static final int[] STORES = {Op.SB, Op.SH, Op.SW, Op.SD, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL};
    private static final int[] BRANCHES = {Op.BEQ, Op.BNE, Op.ILLEGAL, Op.ILLEGAL, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU};
    /** OP-IMM by funct3; shifts (1, 5) are handled separately. */
    private static final int[] OP_IMMS = {Op.ADDI, Op.SLLI, Op.SLTI, Op.SLTIU, Op.XORI, Op.SRLI, Op.ORI, Op.ANDI};
    /** OP by funct3 for funct7 = 0000000, 0100000 and 0000001 (M extension). */
    private static final int[] OPS_0 = {Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND};
    private static final int[] OPS_20 = {Op.SUB, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL, Op.SRA, Op.ILLEGAL, Op.ILLEGAL};
    private static final int[] OPS_M = {Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU};
    /** OP-32 (RV64I / RV64M W forms) by funct3. */
    private static final int[] OPS32_0 = {Op.ADDW, Op.SLLW, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL, Op.SRLW, Op.ILLEGAL, Op.ILLEGAL};
    private static final int[] OPS32_20 = {Op.SUBW, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL, Op.SRAW, Op.ILLEGAL, Op.ILLEGAL};
    private static final int[] OPS32_M = {Op.MULW, Op.ILLEGAL, Op.ILLEGAL, Op.ILLEGAL, Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW};
    private static final int[] CSRS = {Op.ILLEGAL, Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.ILLEGAL, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI};

    /**
     * A extension by funct5 (inst[31:27]), word forms (0 = undefined); the D forms follow at a
     * fixed distance in {@link Op}.
     */
    private static final int[] AMOS_W = new int[32];

    static {
        AMOS_W[0b00010] = Op.LR_W;
        AMOS_W[0b00011] = Op.SC_W;
        AMOS_W[0b00001] = Op.AMOSWAP_W;
        AMOS_W[0b00000] = Op.AMOADD_W;
        AMOS_W[0b00100] = Op.AMOXOR_W;
        AMOS_W[0b01100] = Op.AMOAND_W;
        AMOS_W[0b01000] = Op.AMOOR_W;
        AMOS_W[0b10000] = Op.AMOMIN_W;
        AMOS_W[0b10100] = Op.AMOMAX_W;
        AMOS_W[0b11000] = Op.AMOMINU_W;
        AMOS_W[0b11100] = Op.AMOMAXU_W;
    }

    private static final int AMO_D_DELTA = Op.LR_D - Op.LR_W;

    private static Insn decode(int w, int len, int raw) {
        int opcode = w & 0x7f;
        int rd = (w >>> 7) & 0x1f;
        int f3 = (w >>> 12) & 7;
        int rs1 = (w >>> 15) & 0x1f;
        int rs2 = (w >>> 20) & 0x1f;
        int f7 = w >>> 25;
        int op;
        switch (opcode) {
            case LUI:
                return new Insn(Op.LUI, xd(rd), 0, 0, 0, 0, immU(w), len, raw);
            case AUIPC:
                return new Insn(Op.AUIPC, xd(rd), 0, 0, 0, 0, immU(w), len, raw);
            case JAL:
                return new Insn(Op.JAL, xd(rd), 0, 0, 0, 0, immJ(w), len, raw);
            case JALR:
                if (f3 != 0) break;
                return new Insn(Op.JALR, xd(rd), rs1, 0, 0, 0, immI(w), len, raw);
            case BRANCH:
                op = BRANCHES[f3];
                if (op == Op.ILLEGAL) break;
                return new Insn(op, 0, rs1, rs2, 0, 0, immB(w), len, raw);
            case LOAD:
                op = LOADS[f3];
                if (op == Op.ILLEGAL) break;
                return new Insn(op, xd(rd), rs1, 0, 0, 0, immI(w), len, raw);
            case STORE:
                op = STORES[f3];
                if (op == Op.ILLEGAL) break;
                return new Insn(op, 0, rs1, rs2, 0, 0, immS(w), len, raw);
            case OP_IMM:
                op = OP_IMMS[f3];
                if (f3 == 1 || f3 == 5) {
                    // RV64I shifts: imm[11:6] is 000000 (SLLI, SRLI) or 010000 (SRAI), shamt is 6 bits
                    int hi = w >>> 26;
                    if (f3 == 5 && hi == 0b010000) op = Op.SRAI;
                    else if (hi != 0) break;
                    return new Insn(op, xd(rd), rs1, 0, 0, 0, (w >>> 20) & 0x3f, len, raw);
                }
                return new Insn(op, xd(rd), rs1, 0, 0, 0, immI(w), len, raw);
            case OP_IMM_32:
                if (f3 == 0) return new Insn(Op.ADDIW, xd(rd), rs1, 0, 0, 0, immI(w), len, raw);
                // SLLIW/SRLIW/SRAIW: 5-bit shamt, imm[5] must be 0
                if (f3 == 1 && f7 == 0) op = Op.SLLIW;
                else if (f3 == 5 && f7 == 0) op = Op.SRLIW;
                else if (f3 == 5 && f7 == 0b0100000) op = Op.SRAIW;
                else break;
                return new Insn(op, xd(rd), rs1, 0, 0, 0, rs2, len, raw);
            case OP:
                op = f7 == 0 ? OPS_0[f3] : f7 == 0b0100000 ? OPS_20[f3] : f7 == 1 ? OPS_M[f3] : Op.ILLEGAL;
                if (op == Op.ILLEGAL) break;
                return new Insn(op, xd(rd), rs1, rs2, 0, 0, 0, len, raw);
            case OP_32:
                op = f7 == 0 ? OPS32_0[f3] : f7 == 0b0100000 ? OPS32_20[f3] : f7 == 1 ? OPS32_M[f3] : Op.ILLEGAL;
                if (op == Op.ILLEGAL) break;
                return new Insn(op, xd(rd), rs1, rs2, 0, 0, 0, len, raw);
            case MISC_MEM:
                // FENCE: fm/pred/succ and the reserved rd/rs1 fields are ignored (§2.7, "Memory
                // Ordering Instructions": unused fields are reserved for finer-grain fences,
                // implementations ignore them). FENCE.I: Zifencei, imm/rs1/rd likewise ignored.
                if (f3 == 0) return new Insn(Op.FENCE, 0, 0, 0, 0, 0, immI(w), len, raw);
                if (f3 == 1) return new Insn(Op.FENCE_I, 0, 0, 0, 0, 0, 0, len, raw);
                break;
            case SYSTEM:
                if (f3 == 0) {
                    if (w == 0x00000073) return new Insn(Op.ECALL, 0, 0, 0, 0, 0, 0, len, raw);
                    if (w == 0x00100073) return new Insn(Op.EBREAK, 0, 0, 0, 0, 0, 0, len, raw);
                    break; // MRET, SRET, WFI, SFENCE.VMA, ...: privileged, illegal in U-mode
                }
                op = CSRS[f3];
                if (op == Op.ILLEGAL) break;
                int csr = w >>> 20;
                // Zicsr: CSR number in rm (and imm); rs1 holds the zimm for the *I forms
                return new Insn(op, xd(rd), rs1, 0, 0, csr, csr, len, raw);
            case AMO:
                if (f3 != 2 && f3 != 3) break;
                int f5 = w >>> 27;
                op = AMOS_W[f5];
                if (op == Op.ILLEGAL) break;
                if (f5 == 0b00010 && rs2 != 0) break; // LR: rs2 field must be 0
                if (f3 == 3) op += AMO_D_DELTA;
                return new Insn(op, xd(rd), rs1, op == Op.LR_W || op == Op.LR_D ? 0 : rs2, 0, 0, 0, len, raw);
            case LOAD_FP:
                if (f3 == 2) op = Op.FLW;
                else if (f3 == 3) op = Op.FLD;
                else break;
                return new Insn(op, rd, rs1, 0, 0, 0, immI(w), len, raw);
            case STORE_FP:
                if (f3 == 2) op = Op.FSW;
                else if (f3 == 3) op = Op.FSD;
                else break;
                return new Insn(op, 0, rs1, rs2, 0, 0, immS(w), len, raw);
            case MADD:
            case MSUB:
            case NMSUB:
            case NMADD: {
                int fmt = f7 & 3; // 00 = S, 01 = D (10 = H, 11 = Q: not in RV64GC)
                if (fmt > 1) break;
                op = (fmt == 0 ? Op.FMADD_S : Op.FMADD_D) + ((opcode - MADD) >> 2);
                return new Insn(op, rd, rs1, rs2, w >>> 27, f3, 0, len, raw);
            }
            case OP_FP:
                return opFp(w, len, raw, rd, f3, rs1, rs2, f7);
            default:
                break;
        }
        return illegal(len, raw);
    }

    /**
     * OP-FP (F and D chapters; table "RV32F/RV64F" and "RV32D/RV64D" in the listings): funct7
     * holds funct5 (operation) and fmt (bits 26:25, 00 = S, 01 = D).
     */
    private static Insn opFp(int w, int len, int raw, int rd, int f3, int rs1, int rs2, int f7) {
        int op;
        boolean d = (f7 & 1) != 0;
        if ((f7 & 2) != 0) return illegal(len, raw); // fmt H or Q
        boolean intDest = false; // the result goes to an integer register
        int r2 = rs2;             // rs2 as a register operand (0 when the field selects a variant)
        switch (f7 >>> 2) {
            case 0b00000: op = d ? Op.FADD_D : Op.FADD_S; break;
            case 0b00001: op = d ? Op.FSUB_D : Op.FSUB_S; break;
            case 0b00010: op = d ? Op.FMUL_D : Op.FMUL_S; break;
            case 0b00011: op = d ? Op.FDIV_D : Op.FDIV_S; break;
            case 0b01011: // FSQRT: rs2 = 0
                if (rs2 != 0) return illegal(len, raw);
                op = d ? Op.FSQRT_D : Op.FSQRT_S;
                break;
            case 0b00100: // FSGNJ/FSGNJN/FSGNJX: funct3 0/1/2
                if (f3 > 2) return illegal(len, raw);
                op = (d ? Op.FSGNJ_D : Op.FSGNJ_S) + f3;
                break;
            case 0b00101: // FMIN/FMAX: funct3 0/1
                if (f3 > 1) return illegal(len, raw);
                op = (d ? Op.FMIN_D : Op.FMIN_S) + f3;
                break;
            case 0b01000: // FCVT.S.D (fmt S, rs2 = 1) / FCVT.D.S (fmt D, rs2 = 0)
                if (rs2 != (d ? 0 : 1)) return illegal(len, raw);
                op = d ? Op.FCVT_D_S : Op.FCVT_S_D;
                r2 = 0;
                break;
            case 0b10100: // FLE/FLT/FEQ: funct3 0/1/2
                if (f3 == 2) op = d ? Op.FEQ_D : Op.FEQ_S;
                else if (f3 == 1) op = d ? Op.FLT_D : Op.FLT_S;
                else if (f3 == 0) op = d ? Op.FLE_D : Op.FLE_S;
                else return illegal(len, raw);
                intDest = true;
                break;
            case 0b11000: // FCVT.{W,WU,L,LU}.fmt: rs2 selects 0..3
                if (rs2 > 3) return illegal(len, raw);
                op = (d ? Op.FCVT_W_D : Op.FCVT_W_S) + rs2;
                intDest = true;
                r2 = 0;
                break;
            case 0b11010: // FCVT.fmt.{W,WU,L,LU}
                if (rs2 > 3) return illegal(len, raw);
                op = (d ? Op.FCVT_D_W : Op.FCVT_S_W) + rs2;
                r2 = 0;
                break;
            case 0b11100: // FMV.X.{W,D} (funct3 0) / FCLASS (funct3 1), rs2 = 0
                if (rs2 != 0) return illegal(len, raw);
                if (f3 == 0) op = d ? Op.FMV_X_D : Op.FMV_X_W;
                else if (f3 == 1) op = d ? Op.FCLASS_D : Op.FCLASS_S;
                else return illegal(len, raw);
                intDest = true;
                break;
            case 0b11110: // FMV.{W,D}.X: funct3 0, rs2 = 0
                if (rs2 != 0 || f3 != 0) return illegal(len, raw);
                op = d ? Op.FMV_D_X : Op.FMV_W_X;
                break;
            default:
                return illegal(len, raw);
        }
        return new Insn(op, intDest ? xd(rd) : rd, rs1, r2, 0, f3, 0, len, raw);
    }
}
