package dev.javix.cpu.jit;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_short;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.javix.cpu.Decoder;
import dev.javix.cpu.Insn;
import dev.javix.cpu.Op;
import dev.javix.mem.Page;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a scanned region ({@link Scan}) into the bytecode of one hidden class extending
 * {@link Region}. The shape of {@code run}:
 *
 * <pre>
 *   prologue:  left = limit - h.instret
 *   try {
 *     goto entry
 *     block:   straight-line code on the hart's register fields; left -= block length;
 *              branch: if (cond) edge(target) else edge(fall-through)
 *              edge:   goto block | (back edge) if (left <= 0) exit, else goto block
 *                      | next = pc; goto exit
 *   } catch (MemoryFault e) { h.pc = faulting pc; h.instret = limit - left + retired in block; throw e }
 *   exit:      h.instret = limit - left; return next
 * </pre>
 *
 * Blocks are laid out in the scan's reverse postorder, so the method's backward jumps are
 * the region's loop back edges: the budget is checked there, and only there does the JVM count
 * loops and compile on-stack replacements. An edge into another page first checks that the
 * page is still the one the code was read from ({@link #pageGuard}). A call to a callee with a
 * region of its own ({@link Scan#calls}) runs that region as a JVM call ({@link #call}).
 *
 * <p>Guest registers are the hart's fields x1..x31 ({@link dev.javix.cpu.Hart#x1}), which C2 keeps
 * in host registers between accesses, storing them as they change; so a region needs no prologue
 * or write-back of its own, and a compiled call passes them as they are. x0 reads as the
 * constant 0 and writes to it (decoded as the sink register 32) are dropped. Before each
 * instruction that can fault, constants stored in two locals say where it is (its pc and how
 * many instructions of its block retired before it), for the handler.
 *
 * <p>Instruction semantics mirror {@code Interpreter.run} exactly; F/D arithmetic and the A
 * extension call the interpreter's units ({@code FpExec.exec}, {@code Atomics.exec}) with the
 * decoded instruction as a class-data constant, after copying the integer register they read into
 * {@code h.x} (and back the one they write).
 */
final class Emitter {
    static final String PKG = "dev.javix.cpu.";
    static final ClassDesc CD_HART = ClassDesc.of(PKG + "Hart"), CD_MMU = ClassDesc.of("dev.javix.mem.Mmu"),
            CD_INSN = ClassDesc.of(PKG + "Insn"),
            CD_REGION = ClassDesc.of(PKG + "jit.Region"), CD_FAULT = ClassDesc.of("dev.javix.mem.MemoryFault"),
            CD_FPEXEC = ClassDesc.of(PKG + "FpExec"), CD_ATOMICS = ClassDesc.of(PKG + "Atomics"),
            CD_TLB = ClassDesc.of(PKG + "jit.Tlb"), CD_PAGE = ClassDesc.of("dev.javix.mem.Page"),
            CD_CODEPAGE = ClassDesc.of(PKG + "jit.CodePage");
    static final ClassDesc CD_LONGS = CD_long.arrayType();
    static final MethodTypeDesc MT_RUN = MethodTypeDesc.of(CD_long, CD_HART, CD_TLB, CD_long);

    // ---- local variable slots of run(Hart h, Tlb t, long limit)
    // LEFT counts down the instructions the region may still retire before it must look at the
    // budget (h.instret = limit - LEFT); the arrays and the Mmu are loaded where needed rather than
    // kept in locals, to leave the host's registers to the guest's (whose fields C2 keeps there).
    private static final int H = 1, T = 2, LIMIT = 3, LEFT = 5, NEXT = 7, FPC = 9, FN = 11, EXC = 12, RM = 13,
            TMP = 14;
    /** After TMP (a long, where {@link #set} puts the value while it pushes the hart): the pages {@link #pageGuard} has checked. */
    private static final int CHECKED = TMP + 2;
    /** After that: the scratch slots of {@link MemOps}. */
    private static final int MEM_SCRATCH = CHECKED + 1;

    private final Scan scan;
    /** Class data: the decoded instructions that callouts pass along, the pages of inlined callees. */
    final List<Object> constants = new ArrayList<>();
    private final Map<Long, Label> blockLabels = new HashMap<>();
    private CodeBuilder cb;
    /** Stores, with the Tlb's hit path in the region's bytecode (created with the method body). */
    private MemOps mem;
    /** The class-data constant of {@link #WORD_HANDLE}, added on the first narrow store. */
    private java.lang.constant.ConstantDesc wordHandle;
    /** Compare-and-set on page words, for narrow stores ({@link MemOps}). */
    private static final java.lang.invoke.VarHandle WORD_HANDLE = java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);
    private Label exit;
    /** Handler that rethrows a callee's fault as it is (created by the first {@link #call}). */
    private Label rethrow;
    /** The pc of the block being emitted. */
    private long current;

    Emitter(Scan scan) {
        this.scan = scan;
    }

    /** The class file of a hidden class {@code name} (in package dev.javix.cpu) for the region. */
    byte[] emit(String name) {
        return ClassFile.of().build(ClassDesc.of(PKG + name), clb -> {
            clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            clb.withSuperclass(CD_REGION);
            clb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                    c -> c.aload(0).loadConstant(scan.entry).loadConstant(depth())
                            .invokespecial(CD_REGION, ConstantDescs.INIT_NAME, MethodTypeDesc.of(CD_void, CD_long, CD_int))
                            .return_());
            clb.withMethodBody("run", MT_RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> {
                cb = c;
                mem = new MemOps(c, T, MEM_SCRATCH, this::wordHandle);
                body();
            });
        });
    }

    /** The region's {@link Region#depth}. */
    int depth() {
        int d = 0;
        for (Region r : scan.calls.values()) d = Math.max(d, r.depth + 1);
        for (Region r : scan.indirectCalls.values()) d = Math.max(d, r.depth + 1);
        return d;
    }

    // ------------------------------------------------------------------ registers

    /** F/D operations whose first source is an integer register. */
    static boolean fpReadsX(int op) {
        return switch (op) {
            case Op.FCVT_S_W, Op.FCVT_S_WU, Op.FCVT_S_L, Op.FCVT_S_LU, Op.FCVT_D_W, Op.FCVT_D_WU, Op.FCVT_D_L,
                    Op.FCVT_D_LU, Op.FMV_W_X, Op.FMV_D_X -> true;
            default -> false;
        };
    }

    /** F/D operations whose destination is an integer register. */
    static boolean fpWritesX(int op) {
        return switch (op) {
            case Op.FEQ_S, Op.FLT_S, Op.FLE_S, Op.FEQ_D, Op.FLT_D, Op.FLE_D, Op.FCLASS_S, Op.FCLASS_D, Op.FCVT_W_S,
                    Op.FCVT_WU_S, Op.FCVT_L_S, Op.FCVT_LU_S, Op.FCVT_W_D, Op.FCVT_WU_D, Op.FCVT_L_D, Op.FCVT_LU_D,
                    Op.FMV_X_W, Op.FMV_X_D -> true;
            default -> false;
        };
    }

    /** The field of guest register r (1..31) in the hart. */
    private static String field(int r) {
        return "x" + r;
    }

    /** Pushes guest register r (x0 is the constant 0). */
    void get(int r) {
        if (r == 0) cb.lconst_0();
        else cb.aload(H).getfield(CD_HART, field(r), CD_long);
    }

    /** Pops a long into guest register r; the sink (x0) drops it. */
    void set(int r) {
        if (r == 0 || r == Decoder.SINK) cb.pop2();
        else cb.lstore(TMP).aload(H).lload(TMP).putfield(CD_HART, field(r), CD_long);
    }

    private void loadX() {
        cb.aload(H).getfield(CD_HART, "x", CD_LONGS);
    }

    void loadHart() {
        cb.aload(H);
    }

    void loadF() {
        cb.aload(H).getfield(CD_HART, "f", CD_LONGS);
    }

    private void loadMmu() {
        cb.aload(T).getfield(CD_TLB, "mmu", CD_MMU);
    }

    /** Copies register r from its field to h.x (for a callout that reads h.x). */
    private void spill(int r) {
        if (r > 0 && r < 32) {
            loadX();
            cb.loadConstant(r);
            get(r);
            cb.lastore();
        }
    }

    /** Copies register r from h.x to its field after a callout wrote it. */
    private void reload(int r) {
        if (r > 0 && r < 32) {
            loadX();
            cb.loadConstant(r).laload();
            set(r);
        }
    }

    // ------------------------------------------------------------------ method body

    private void body() {
        cb.lload(LIMIT).aload(H).getfield(CD_HART, "instret", CD_long).lsub().lstore(LEFT);
        cb.lconst_0().lstore(NEXT).lconst_0().lstore(FPC).iconst_0().istore(FN).iconst_0().istore(CHECKED);
        for (Scan.Block b : scan.blocks) blockLabels.put(b.pc(), cb.newLabel());
        exit = cb.newLabel();
        Label tryStart = cb.newLabel(), tryEnd = cb.newLabel(), handler = cb.newLabel();
        cb.labelBinding(tryStart);
        cb.goto_(blockLabels.get(scan.entry));
        for (Scan.Block b : scan.ordered) block(b);
        cb.labelBinding(tryEnd);

        cb.labelBinding(exit);
        cb.aload(H).lload(LIMIT).lload(LEFT).lsub().putfield(CD_HART, "instret", CD_long);
        cb.lload(NEXT).lreturn();

        // A fault: registers as of the faulting instruction, which did not retire.
        cb.labelBinding(handler);
        cb.astore(EXC);
        cb.aload(H).lload(FPC).putfield(CD_HART, "pc", CD_long);
        cb.aload(H).lload(LIMIT).lload(LEFT).lsub().iload(FN).i2l().ladd().putfield(CD_HART, "instret", CD_long);
        cb.aload(EXC).athrow();
        if (rethrow != null) {
            cb.labelBinding(rethrow);
            cb.athrow();
        }
        cb.exceptionCatch(tryStart, tryEnd, handler, CD_FAULT);
    }

    private void block(Scan.Block b) {
        current = b.pc();
        cb.labelBinding(blockLabels.get(b.pc()));
        List<Insn> insns = b.insns();
        int n = insns.size();
        Insn last = b.last();
        boolean term = Scan.endsBlock(last.op);
        if (Scan.straddles(b.pc(), insns.get(0))) {
            // An instruction read from two pages (Scan.straddling): the second must still be
            // the one it was read from, as on an edge into that page.
            Label ok = cb.newLabel(), out = cb.newLabel();
            pageGuard(b.pc() + 2, out);
            cb.goto_(ok);
            cb.labelBinding(out);
            exitTo(b.pc());
            cb.labelBinding(ok);
        }
        for (int i = 0; i < (term ? n - 1 : n); i++) insn(insns.get(i), b.pcs().get(i), i);
        addIc(n);
        if (term) terminator(last, b.lastPc());
        else edge(b.lastPc(), b.endPc());
    }

    private void addIc(int n) {
        cb.lload(LEFT).loadConstant((long) n).lsub().lstore(LEFT);
    }

    /**
     * Control goes from {@code from} to {@code target}: to the target's block if the region has
     * it, else out of the region. An edge into another page goes on only if that page is still
     * the one the code was read from ({@link #pageGuard}).
     */
    private void edge(long from, long target) {
        Label l = blockLabels.get(target);
        if (l == null) {
            exitTo(target);
            return;
        }
        boolean back = scan.isBackEdge(current, target), cross = !samePage(target, from);
        if (!back && !cross) {
            cb.goto_(l);
            return;
        }
        Label out = cb.newLabel();
        if (back) {
            // Every cycle of the region has a retreating edge (Scan.order), so checking the
            // budget there bounds the time spent inside. (The kick flag is the interpreter's
            // to check: it hands out the budget in small pieces, and a volatile read here would
            // keep the JIT from hoisting loads out of the loop.)
            cb.lload(LEFT).lconst_0().lcmp().ifle(out);
        }
        if (cross) pageGuard(target, out);
        cb.goto_(l);
        cb.labelBinding(out);
        exitTo(target);
    }

    /**
     * Jumps to {@code fail} unless pc {@code target} still reaches, through the virtual CPU's
     * execute TLB, the Page the region read its code there from, and that page still has the
     * decoded-code cache the code was read through (fence.i drops it). This is exactly what the
     * interpreter's own lookup of a region at target would find valid: munmap, mprotect, a new
     * mapping or exec change the Page or flush the TLB, fence.i the cache. A TLB miss fails too
     * (the interpreter then fetches the page itself, faulting if it must), so the check never
     * faults and has no side effects.
     */
    private void pageGuard(long target, Label fail) {
        Scan.PageRef ref = scan.pages.get(target & ~Page.MASK);
        int bit = 1 << pageIndex(target);
        Label checked = cb.newLabel();
        cb.iload(CHECKED).loadConstant(bit).iand().ifne(checked);
        var page = constant(ref.page(), CD_PAGE);
        loadMmu();
        cb.loadConstant(target).invokevirtual(CD_MMU, "cachedExecPage", MethodTypeDesc.of(CD_PAGE, CD_long));
        cb.ldc(page).if_acmpne(fail);
        cb.ldc(page).getfield(CD_PAGE, "decoded", ConstantDescs.CD_Object);
        cb.ldc(constant(ref.code(), CD_CODEPAGE)).if_acmpne(fail);
        cb.iload(CHECKED).loadConstant(bit).ior().istore(CHECKED);
        cb.labelBinding(checked);
    }

    /**
     * A page's bit in {@link #CHECKED}. Once per run of the region is enough: nothing the
     * region runs can change a mapping or drop decoded code (system calls and fence.i leave
     * it), and another thread's munmap or mprotect waits in its TLB shootdown until this CPU
     * is out of guest code, as it does for the straight-line code of a page.
     */
    private int pageIndex(long target) {
        long base = target & ~Page.MASK;
        Integer i = pageBits.get(base);
        if (i == null) pageBits.put(base, i = pageBits.size());
        return i;
    }

    private final Map<Long, Integer> pageBits = new HashMap<>();

    /**
     * A call to {@code target}, which has a compiled region of its own: if the callee's page is
     * still the one that region was compiled from (so the interpreter would run that region
     * too), the region is run as a JVM call (the registers are the hart's fields, shared); when
     * it returns to {@code ret}, this region goes on there, else it leaves for wherever the
     * callee stopped (its budget ran out, or it returned elsewhere). A fault in the callee has
     * left the hart as the interpreter would; it passes through this region untouched.
     */
    private void call(Region callee, long pc, long target, long ret) {
        Label fail = cb.newLabel(), start = cb.newLabel(), end = cb.newLabel();
        pageGuard(target, fail);
        cb.aload(H).lload(LIMIT).lload(LEFT).lsub().putfield(CD_HART, "instret", CD_long);
        cb.ldc(constant(callee, CD_REGION)).aload(H).aload(T).lload(LIMIT);
        cb.labelBinding(start);
        cb.invokevirtual(CD_REGION, "run", MT_RUN);
        cb.labelBinding(end);
        cb.lstore(NEXT);
        if (rethrow == null) rethrow = cb.newLabel();
        cb.exceptionCatch(start, end, rethrow, CD_FAULT);
        cb.lload(LIMIT).aload(H).getfield(CD_HART, "instret", CD_long).lsub().lstore(LEFT);
        Label other = cb.newLabel();
        cb.lload(NEXT).loadConstant(ret).lcmp().ifne(other);
        edge(pc, ret);
        cb.labelBinding(other);
        cb.goto_(exit);
        cb.labelBinding(fail);
        exitTo(target);
    }

    private static boolean samePage(long a, long b) {
        return (a ^ b) >>> Page.SHIFT == 0;
    }

    private void exitTo(long pc) {
        cb.loadConstant(pc).lstore(NEXT).goto_(exit);
    }

    /** Leaves the region before the instruction at pc (index i of its block), which did not retire. */
    void exitBefore(long pc, int i) {
        if (i > 0) addIc(i);
        exitTo(pc);
    }

    /** Records where a possibly faulting instruction is, for the fault handler. */
    private void site(long pc, int i) {
        cb.loadConstant(pc).lstore(FPC).loadConstant(i).istore(FN);
    }

    /** jal and jalr: the return address into rd (nothing for x0, the sink). */
    private void link(Insn in, long pc) {
        if (in.rd == Decoder.SINK) return;
        cb.loadConstant(pc + in.len);
        set(in.rd);
    }

    private void terminator(Insn in, long pc) {
        switch (in.op) {
            case Op.JAL -> {
                link(in, pc);
                Region callee = scan.calls.get(pc);
                if (callee != null) call(callee, pc, pc + in.imm, pc + in.len);
                else edge(pc, pc + in.imm);
            }
            case Op.JALR -> {
                get(in.rs1);
                cb.loadConstant(in.imm).ladd().loadConstant(~1L).land().lstore(NEXT);
                link(in, pc);
                Scan.Inline inl = scan.inlined.get(pc);
                if (inl != null) {
                    // An indirect call to the callee the profile saw: if it goes there again,
                    // on into the inlined copy (the edge checks the callee's page).
                    Label skip = cb.newLabel();
                    cb.lload(NEXT).loadConstant(inl.target()).lcmp().ifne(skip);
                    edge(pc, inl.target());
                    cb.labelBinding(skip);
                }
                Region callee = scan.indirectCalls.get(pc);
                if (callee != null) {
                    // An indirect call to the callee the profile saw, which has a region: if it
                    // goes there again, a compiled call of that region, as for a direct call.
                    Label skip = cb.newLabel();
                    cb.lload(NEXT).loadConstant(callee.entry).lcmp().ifne(skip);
                    call(callee, pc, callee.entry, pc + in.len);
                    cb.labelBinding(skip);
                }
                // A return to a call site inside the region continues there.
                for (long site : scan.returnSites) {
                    Label skip = cb.newLabel();
                    cb.lload(NEXT).loadConstant(site).lcmp().ifne(skip);
                    edge(pc, site);
                    cb.labelBinding(skip);
                }
                cb.goto_(exit);
            }
            default -> {
                Label taken = cb.newLabel();
                get(in.rs1);
                if (in.op == Op.BLTU || in.op == Op.BGEU) flipSign();
                get(in.rs2);
                if (in.op == Op.BLTU || in.op == Op.BGEU) flipSign();
                cb.lcmp();
                Opcode jump = switch (in.op) {
                    case Op.BEQ -> Opcode.IFEQ;
                    case Op.BNE -> Opcode.IFNE;
                    case Op.BLT, Op.BLTU -> Opcode.IFLT;
                    default -> Opcode.IFGE;
                };
                cb.branch(jump, taken);
                edge(pc, pc + in.len);
                cb.labelBinding(taken);
                edge(pc, pc + in.imm);
            }
        }
    }

    private void flipSign() {
        IntOps.flipSign(cb);
    }

    // ------------------------------------------------------------------ straight-line instructions

    private void insn(Insn in, long pc, int i) {
        int op = in.op;
        if (op >= Op.FP_FIRST) {
            fp(in, pc, i);
            return;
        }
        if (op >= Op.LR_W && op <= Op.AMOMAXU_D) {
            // A extension: Atomics' entry point for the kind, on the address and source value; it may fault.
            site(pc, i);
            cb.aload(H).aload(T);
            boolean word = op <= Op.AMOMAXU_W;
            String suffix = word ? "W" : "D";
            if (op == Op.LR_W || op == Op.LR_D) {
                get(in.rs1);
                cb.invokestatic(CD_ATOMICS, "lr" + suffix, MethodTypeDesc.of(CD_long, CD_HART, CD_TLB, CD_long));
            } else if (op == Op.SC_W || op == Op.SC_D) {
                get(in.rs1);
                get(in.rs2);
                cb.invokestatic(CD_ATOMICS, "sc" + suffix, MethodTypeDesc.of(CD_long, CD_HART, CD_TLB, CD_long, CD_long));
            } else {
                cb.loadConstant(op);
                get(in.rs1);
                get(in.rs2);
                cb.invokestatic(CD_ATOMICS, "amo" + suffix,
                        MethodTypeDesc.of(CD_long, CD_HART, CD_TLB, CD_int, CD_long, CD_long));
            }
            set(in.rd);
            return;
        }
        switch (op) {
            case Op.LUI -> { cb.loadConstant(in.imm); set(in.rd); }
            case Op.AUIPC -> { cb.loadConstant(pc + in.imm); set(in.rd); }
            case Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU -> {
                site(pc, i);
                cb.aload(T);
                address(in);
                switch (op) {
                    case Op.LB -> tlb("lb", CD_byte).i2l();
                    case Op.LH -> tlb("lh", CD_short).i2l();
                    case Op.LW -> tlb("lw", CD_int).i2l();
                    case Op.LD -> tlb("ld", CD_long);
                    case Op.LBU -> tlb("lb", CD_byte).loadConstant(0xff).iand().i2l();
                    case Op.LHU -> tlb("lh", CD_short).loadConstant(0xffff).iand().i2l();
                    default -> tlb("lw", CD_int).i2l().loadConstant(0xffffffffL).land();
                }
                set(in.rd);
            }
            case Op.SB, Op.SH, Op.SW, Op.SD -> {
                // sb, sh, sw: a compare-and-set of the word; sd: an array store (MemOps); misses take the Mmu
                site(pc, i);
                cb.aload(T);
                address(in);
                get(in.rs2);
                store(switch (op) {
                    case Op.SB -> 1;
                    case Op.SH -> 2;
                    case Op.SW -> 4;
                    default -> 8;
                });
            }
            case Op.FLW, Op.FLD -> {
                site(pc, i);
                loadF();
                cb.loadConstant(in.rd).aload(T);
                address(in);
                if (op == Op.FLW) {
                    // NaN-boxed ("D" chapter, "NaN Boxing of Narrower Values")
                    tlb("lw", CD_int).i2l().loadConstant(0xffffffffL).land().loadConstant(0xffffffff00000000L).lor();
                } else {
                    tlb("ld", CD_long);
                }
                cb.lastore();
            }
            case Op.FSW, Op.FSD -> {
                site(pc, i);
                cb.aload(T);
                address(in);
                loadF();
                cb.loadConstant(in.rs2).laload();
                store(op == Op.FSW ? 4 : 8);
            }
            case Op.FENCE -> { } // every access is already sequentially consistent enough (as in the interpreter)
            default -> IntOps.emit(this, cb, in);
        }
    }

    /** Calls the Tlb load {@code name}(Tlb, long address) returning {@code type}. */
    private CodeBuilder tlb(String name, ClassDesc type) {
        return cb.invokestatic(CD_TLB, name, MethodTypeDesc.of(type, CD_TLB, CD_long));
    }

    /** A store of size bytes through the Tlb, which is under the address and value on the stack. */
    private void store(int size) {
        mem.store(size);
        cb.pop(); // the Tlb
    }

    /** The class-data constant holding {@link #WORD_HANDLE} (added on first use). */
    private java.lang.constant.ConstantDesc wordHandle() {
        if (wordHandle == null) wordHandle = constant(WORD_HANDLE, ClassDesc.of("java.lang.invoke.VarHandle"));
        return wordHandle;
    }

    /** Pushes rs1 + imm. */
    private void address(Insn in) {
        get(in.rs1);
        if (in.imm != 0) cb.loadConstant(in.imm).ladd();
    }

    /**
     * An F/D operation through FpExec.exec, which reads h.x[rs1] for the int-to-float moves and
     * conversions and writes h.x[rd] for compares, classify and float-to-int. If it reports the
     * instruction illegal (a reserved rounding mode), the region exits before it and the
     * interpreter raises SIGILL.
     */
    private void fp(Insn in, long pc, int i) {
        if (FpOps.direct(in.op) && (in.rm <= 4 || in.rm == 7)) {
            FpOps.emit(this, cb, in, pc, i, RM);
            return;
        }
        if (fpReadsX(in.op)) spill(in.rs1);
        Label ok = cb.newLabel();
        cb.aload(H).ldc(insnConstant(in));
        cb.invokestatic(CD_FPEXEC, "exec", MethodTypeDesc.of(CD_boolean, CD_HART, CD_INSN)).ifne(ok);
        exitBefore(pc, i);
        cb.labelBinding(ok);
        if (fpWritesX(in.op)) reload(in.rd);
    }

    /** A class-data constant holding in. */
    private DynamicConstantDesc<Object> insnConstant(Insn in) {
        return constant(in, CD_INSN);
    }

    /** A class-data constant holding value, of type type. */
    private DynamicConstantDesc<Object> constant(Object value, ClassDesc type) {
        constants.add(value);
        return DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, type,
                constants.size() - 1);
    }
}
