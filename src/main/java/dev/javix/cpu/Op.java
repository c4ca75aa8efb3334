package dev.javix.cpu;

/**
 * Operation codes of decoded instructions. The decoder ({@link Decoder}) turns every RV64GC
 * instruction word into one of these plus operand fields ({@link Insn}); compressed
 * instructions are expanded to the 32-bit operation they stand for (RISC-V unprivileged spec,
 * chapter "C" — every RVC instruction has a base equivalent).
 *
 * <p>Plain int constants rather than an enum so the interpreter's switch compiles to a
 * tableswitch on the value itself, with no ordinal lookup.
 */
public final class Op {
    private Op() {}

    // ---- RV64I
    public static final int ILLEGAL = 0;
    public static final int LUI = 1, AUIPC = 2, JAL = 3, JALR = 4;
    public static final int BEQ = 5, BNE = 6, BLT = 7, BGE = 8, BLTU = 9, BGEU = 10;
    public static final int LB = 11, LH = 12, LW = 13, LD = 14, LBU = 15, LHU = 16, LWU = 17;
    public static final int SB = 18, SH = 19, SW = 20, SD = 21;
    public static final int ADDI = 22, SLTI = 23, SLTIU = 24, XORI = 25, ORI = 26, ANDI = 27,
            SLLI = 28, SRLI = 29, SRAI = 30;
    public static final int ADD = 31, SUB = 32, SLL = 33, SLT = 34, SLTU = 35, XOR = 36, SRL = 37,
            SRA = 38, OR = 39, AND = 40;
    public static final int ADDIW = 41, SLLIW = 42, SRLIW = 43, SRAIW = 44;
    public static final int ADDW = 45, SUBW = 46, SLLW = 47, SRLW = 48, SRAW = 49;
    public static final int FENCE = 50, FENCE_I = 51, ECALL = 52, EBREAK = 53;
    // ---- Zicsr (csr number in imm, rs1 field is the zimm for the *I forms)
    public static final int CSRRW = 54, CSRRS = 55, CSRRC = 56, CSRRWI = 57, CSRRSI = 58, CSRRCI = 59;
    // ---- M
    public static final int MUL = 60, MULH = 61, MULHSU = 62, MULHU = 63, DIV = 64, DIVU = 65,
            REM = 66, REMU = 67, MULW = 68, DIVW = 69, DIVUW = 70, REMW = 71, REMUW = 72;
    // ---- A (aq/rl bits ignored: every access is sequentially consistent here)
    public static final int LR_W = 73, SC_W = 74, AMOSWAP_W = 75, AMOADD_W = 76, AMOXOR_W = 77,
            AMOAND_W = 78, AMOOR_W = 79, AMOMIN_W = 80, AMOMAX_W = 81, AMOMINU_W = 82, AMOMAXU_W = 83;
    public static final int LR_D = 84, SC_D = 85, AMOSWAP_D = 86, AMOADD_D = 87, AMOXOR_D = 88,
            AMOAND_D = 89, AMOOR_D = 90, AMOMIN_D = 91, AMOMAX_D = 92, AMOMINU_D = 93, AMOMAXU_D = 94;
    // ---- F/D loads and stores (executed by the interpreter itself)
    public static final int FLW = 95, FLD = 96, FSW = 97, FSD = 98;
    // ---- F/D arithmetic, executed by FpExec. rm holds the instruction's rounding-mode field.
    public static final int FP_FIRST = 99;
    public static final int FMADD_S = 99, FMSUB_S = 100, FNMSUB_S = 101, FNMADD_S = 102;
    public static final int FADD_S = 103, FSUB_S = 104, FMUL_S = 105, FDIV_S = 106, FSQRT_S = 107;
    public static final int FSGNJ_S = 108, FSGNJN_S = 109, FSGNJX_S = 110, FMIN_S = 111, FMAX_S = 112;
    public static final int FCVT_W_S = 113, FCVT_WU_S = 114, FCVT_L_S = 115, FCVT_LU_S = 116;
    public static final int FMV_X_W = 117, FCLASS_S = 118, FEQ_S = 119, FLT_S = 120, FLE_S = 121;
    public static final int FCVT_S_W = 122, FCVT_S_WU = 123, FCVT_S_L = 124, FCVT_S_LU = 125, FMV_W_X = 126;
    public static final int FMADD_D = 127, FMSUB_D = 128, FNMSUB_D = 129, FNMADD_D = 130;
    public static final int FADD_D = 131, FSUB_D = 132, FMUL_D = 133, FDIV_D = 134, FSQRT_D = 135;
    public static final int FSGNJ_D = 136, FSGNJN_D = 137, FSGNJX_D = 138, FMIN_D = 139, FMAX_D = 140;
    public static final int FCVT_S_D = 141, FCVT_D_S = 142;
    public static final int FEQ_D = 143, FLT_D = 144, FLE_D = 145, FCLASS_D = 146;
    public static final int FCVT_W_D = 147, FCVT_WU_D = 148, FCVT_L_D = 149, FCVT_LU_D = 150;
    public static final int FCVT_D_W = 151, FCVT_D_WU = 152, FCVT_D_L = 153, FCVT_D_LU = 154;
    public static final int FMV_X_D = 155, FMV_D_X = 156;
    public static final int FP_LAST = 156;
    public static final int COUNT = 157;

    private static final String[] NAMES = new String[COUNT];

    static {
        String all = "illegal lui auipc jal jalr beq bne blt bge bltu bgeu lb lh lw ld lbu lhu lwu sb sh sw sd "
                + "addi slti sltiu xori ori andi slli srli srai add sub sll slt sltu xor srl sra or and "
                + "addiw slliw srliw sraiw addw subw sllw srlw sraw fence fence.i ecall ebreak "
                + "csrrw csrrs csrrc csrrwi csrrsi csrrci "
                + "mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw "
                + "lr.w sc.w amoswap.w amoadd.w amoxor.w amoand.w amoor.w amomin.w amomax.w amominu.w amomaxu.w "
                + "lr.d sc.d amoswap.d amoadd.d amoxor.d amoand.d amoor.d amomin.d amomax.d amominu.d amomaxu.d "
                + "flw fld fsw fsd "
                + "fmadd.s fmsub.s fnmsub.s fnmadd.s fadd.s fsub.s fmul.s fdiv.s fsqrt.s "
                + "fsgnj.s fsgnjn.s fsgnjx.s fmin.s fmax.s fcvt.w.s fcvt.wu.s fcvt.l.s fcvt.lu.s "
                + "fmv.x.w fclass.s feq.s flt.s fle.s fcvt.s.w fcvt.s.wu fcvt.s.l fcvt.s.lu fmv.w.x "
                + "fmadd.d fmsub.d fnmsub.d fnmadd.d fadd.d fsub.d fmul.d fdiv.d fsqrt.d "
                + "fsgnj.d fsgnjn.d fsgnjx.d fmin.d fmax.d fcvt.s.d fcvt.d.s feq.d flt.d fle.d fclass.d "
                + "fcvt.w.d fcvt.wu.d fcvt.l.d fcvt.lu.d fcvt.d.w fcvt.d.wu fcvt.d.l fcvt.d.lu fmv.x.d fmv.d.x";
        String[] parts = all.split(" ");
        if (parts.length != COUNT) throw new AssertionError("Op names: " + parts.length + " != " + COUNT);
        System.arraycopy(parts, 0, NAMES, 0, COUNT);
    }

    /** The assembler mnemonic of {@code op}, for traces and disassembly. */
    public static String name(int op) {
        return op >= 0 && op < COUNT ? NAMES[op] : "op" + op;
    }
}
