package dev.javix.cpu.jit;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import dev.javix.cpu.Decoder;
import dev.javix.cpu.Insn;
import dev.javix.cpu.Op;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * Bytecode for the integer computations (RV64I chapters 2 and 5, M chapter 7) on guest
 * registers (the hart's fields, {@link Emitter#get}, {@link Emitter#set}), with the interpreter's
 * semantics: the M extension's corner cases through the interpreter's own {@code IntMath}.
 */
final class IntOps {
    private IntOps() {}

    private static final ClassDesc CD_INTMATH = ClassDesc.of(Emitter.PKG + "IntMath"),
            CD_MATH = ClassDesc.of("java.lang.Math");
    private static final MethodTypeDesc MT_JJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long),
            MT_II_J = MethodTypeDesc.of(CD_long, CD_int, CD_int);

    /** Unsigned order as signed order: x ^ 2^63 (so compares need no call). */
    static void flipSign(CodeBuilder cb) {
        cb.loadConstant(Long.MIN_VALUE).lxor();
    }

    /** Integer computation (RV64I ch. 2 and 5, M ch. 7): rd = f(rs1, rs2 | imm). */
    static void emit(Emitter e, CodeBuilder cb, Insn in) {
        if (in.rd == Decoder.SINK || in.rd == 0) return; // no side effect, nothing to keep
        switch (in.op) {
            case Op.ADDI -> { e.get(in.rs1); if (in.imm != 0) cb.loadConstant(in.imm).ladd(); }
            case Op.XORI -> { e.get(in.rs1); cb.loadConstant(in.imm).lxor(); }
            case Op.ORI -> { e.get(in.rs1); cb.loadConstant(in.imm).lor(); }
            case Op.ANDI -> { e.get(in.rs1); cb.loadConstant(in.imm).land(); }
            case Op.SLTI -> { e.get(in.rs1); cb.loadConstant(in.imm); lessThan(cb); }
            case Op.SLTIU -> { e.get(in.rs1); flipSign(cb); cb.loadConstant(in.imm ^ Long.MIN_VALUE); lessThan(cb); }
            case Op.SLLI -> { e.get(in.rs1); cb.loadConstant((int) in.imm).lshl(); }
            case Op.SRLI -> { e.get(in.rs1); cb.loadConstant((int) in.imm).lushr(); }
            case Op.SRAI -> { e.get(in.rs1); cb.loadConstant((int) in.imm).lshr(); }
            case Op.ADD -> { e.get(in.rs1); e.get(in.rs2); cb.ladd(); }
            case Op.SUB -> { e.get(in.rs1); e.get(in.rs2); cb.lsub(); }
            case Op.XOR -> { e.get(in.rs1); e.get(in.rs2); cb.lxor(); }
            case Op.OR -> { e.get(in.rs1); e.get(in.rs2); cb.lor(); }
            case Op.AND -> { e.get(in.rs1); e.get(in.rs2); cb.land(); }
            // Java masks a long shift count to 6 bits and an int one to 5, as RV64 does (ch. 5.2)
            case Op.SLL -> { e.get(in.rs1); e.get(in.rs2); cb.l2i().lshl(); }
            case Op.SRL -> { e.get(in.rs1); e.get(in.rs2); cb.l2i().lushr(); }
            case Op.SRA -> { e.get(in.rs1); e.get(in.rs2); cb.l2i().lshr(); }
            case Op.SLT -> { e.get(in.rs1); e.get(in.rs2); lessThan(cb); }
            case Op.SLTU -> { e.get(in.rs1); flipSign(cb); e.get(in.rs2); flipSign(cb); lessThan(cb); }
            // W forms compute on the low 32 bits and sign-extend the result (ch. 5.2)
            case Op.ADDIW -> { e.get(in.rs1); cb.loadConstant(in.imm).ladd().l2i().i2l(); }
            case Op.SLLIW -> { e.get(in.rs1); cb.l2i().loadConstant((int) in.imm).ishl().i2l(); }
            case Op.SRLIW -> { e.get(in.rs1); cb.l2i().loadConstant((int) in.imm).iushr().i2l(); }
            case Op.SRAIW -> { e.get(in.rs1); cb.l2i().loadConstant((int) in.imm).ishr().i2l(); }
            case Op.ADDW -> { e.get(in.rs1); e.get(in.rs2); cb.ladd().l2i().i2l(); }
            case Op.SUBW -> { e.get(in.rs1); e.get(in.rs2); cb.lsub().l2i().i2l(); }
            case Op.SLLW -> { e.get(in.rs1); cb.l2i(); e.get(in.rs2); cb.l2i().ishl().i2l(); }
            case Op.SRLW -> { e.get(in.rs1); cb.l2i(); e.get(in.rs2); cb.l2i().iushr().i2l(); }
            case Op.SRAW -> { e.get(in.rs1); cb.l2i(); e.get(in.rs2); cb.l2i().ishr().i2l(); }
            case Op.MUL -> { e.get(in.rs1); e.get(in.rs2); cb.lmul(); }
            case Op.MULH -> call2(e, cb, in, CD_MATH, "multiplyHigh");
            case Op.MULHU -> call2(e, cb, in, CD_MATH, "unsignedMultiplyHigh");
            case Op.MULHSU -> call2(e, cb, in, CD_INTMATH, "mulhsu");
            case Op.DIV -> call2(e, cb, in, CD_INTMATH, "div");
            case Op.DIVU -> call2(e, cb, in, CD_INTMATH, "divu");
            case Op.REM -> call2(e, cb, in, CD_INTMATH, "rem");
            case Op.REMU -> call2(e, cb, in, CD_INTMATH, "remu");
            case Op.MULW -> { e.get(in.rs1); cb.l2i(); e.get(in.rs2); cb.l2i().imul().i2l(); }
            case Op.DIVW -> call2w(e, cb, in, "divw");
            case Op.DIVUW -> call2w(e, cb, in, "divuw");
            case Op.REMW -> call2w(e, cb, in, "remw");
            case Op.REMUW -> call2w(e, cb, in, "remuw");
            default -> throw new IllegalStateException("untranslatable " + in);
        }
        e.set(in.rd);
    }

    /** (a < b) ? 1 : 0 on the two longs on the stack: lcmp gives -1, 0 or 1; its sign bit is the answer. */
    private static void lessThan(CodeBuilder cb) {
        cb.lcmp().loadConstant(31).iushr().i2l();
    }

    private static void call2(Emitter e, CodeBuilder cb, Insn in, ClassDesc owner, String name) {
        e.get(in.rs1);
        e.get(in.rs2);
        cb.invokestatic(owner, name, MT_JJ_J);
    }

    private static void call2w(Emitter e, CodeBuilder cb, Insn in, String name) {
        e.get(in.rs1);
        cb.l2i();
        e.get(in.rs2);
        cb.l2i().invokestatic(CD_INTMATH, name, MT_II_J);
    }
}
