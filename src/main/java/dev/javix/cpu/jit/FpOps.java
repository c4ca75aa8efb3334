package dev.javix.cpu.jit;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import dev.javix.cpu.Insn;
import dev.javix.cpu.Op;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * Double-precision arithmetic compiled as direct calls into the interpreter's F/D unit
 * ({@code FpArithD}), which the JVM can then inline, instead of going through
 * {@code FpExec.exec}'s dispatch on the decoded instruction. The operand and rounding-mode
 * handling is FpExec's, spelled out ("F" chapter, "Floating-Point Control and Status
 * Register"): rm 7 means the dynamic mode frm, and a reserved mode (5, 6, or frm 5..7) makes
 * the instruction illegal, which here leaves the region before it so the interpreter raises
 * SIGILL. Subtraction and the fused forms flip signs of operands exactly as FpExec does.
 */
final class FpOps {
    private FpOps() {}

    private static final ClassDesc CD_ARITH_D = ClassDesc.of(Emitter.PKG + "FpArithD");
    private static final long SIGN_D = Long.MIN_VALUE;

    /** Whether {@link #emit} compiles op directly. */
    static boolean direct(int op) {
        return switch (op) {
            case Op.FADD_D, Op.FSUB_D, Op.FMUL_D, Op.FDIV_D, Op.FSQRT_D, Op.FMADD_D, Op.FMSUB_D, Op.FNMSUB_D,
                    Op.FNMADD_D -> true;
            default -> false;
        };
    }

    /**
     * Emits in (one of {@link #direct}) at pc, index i of its block: f[rd] = FpArithD.op(h, operands, rm).
     * {@code rmSlot} is a free int local.
     */
    static void emit(Emitter e, CodeBuilder cb, Insn in, long pc, int i, int rmSlot) {
        if (in.rm == 7) {
            Label ok = cb.newLabel();
            e.loadHart();
            cb.getfield(Emitter.CD_HART, "frm", CD_int).dup().istore(rmSlot).loadConstant(4).if_icmple(ok);
            e.exitBefore(pc, i);
            cb.labelBinding(ok);
        } else {
            cb.loadConstant(in.rm).istore(rmSlot); // 0..4 (the caller sends reserved static modes elsewhere)
        }
        e.loadF();
        cb.loadConstant(in.rd);
        e.loadHart();
        boolean negA = in.op == Op.FNMSUB_D || in.op == Op.FNMADD_D;
        boolean negB = in.op == Op.FSUB_D;
        boolean negC = in.op == Op.FMSUB_D || in.op == Op.FNMADD_D;
        operand(e, cb, in.rs1, negA);
        String name;
        MethodTypeDesc type = MethodTypeDesc.of(CD_long, Emitter.CD_HART, CD_long, CD_long, CD_int);
        switch (in.op) {
            case Op.FSQRT_D -> {
                name = "sqrt";
                type = MethodTypeDesc.of(CD_long, Emitter.CD_HART, CD_long, CD_int);
            }
            case Op.FMADD_D, Op.FMSUB_D, Op.FNMSUB_D, Op.FNMADD_D -> {
                operand(e, cb, in.rs2, false);
                operand(e, cb, in.rs3, negC);
                name = "fma";
                type = MethodTypeDesc.of(CD_long, Emitter.CD_HART, CD_long, CD_long, CD_long, CD_int);
            }
            default -> {
                operand(e, cb, in.rs2, negB);
                name = switch (in.op) {
                    case Op.FADD_D, Op.FSUB_D -> "add";
                    case Op.FMUL_D -> "mul";
                    default -> "div";
                };
            }
        }
        cb.iload(rmSlot).invokestatic(CD_ARITH_D, name, type).lastore();
    }

    /** Pushes f[r], with its sign flipped if neg (a NaN's sign does not matter to the result). */
    private static void operand(Emitter e, CodeBuilder cb, int r, boolean neg) {
        e.loadF();
        cb.loadConstant(r).laload();
        if (neg) cb.loadConstant(SIGN_D).lxor();
    }
}
