package dev.javix.cpu;

import dev.javix.cpu.jit.CodePage;
import dev.javix.cpu.jit.Jit;
import dev.javix.cpu.jit.Region;
import dev.javix.cpu.jit.Tlb;
import dev.javix.mem.MemoryFault;
import dev.javix.mem.Mmu;
import dev.javix.mem.Page;
import java.lang.invoke.MethodHandles;

/**
 * The instruction loop of one virtual CPU: runs a {@link Hart} for up to a budget of guest
 * instructions (the scheduler's time slice) and returns why it stopped.
 *
 * <p>Instructions are decoded once per code page and cached on the page ({@link CodePage} in
 * {@link Page#decoded}); straight-line execution within a page indexes that array directly. The
 * loop allocates nothing and throws nothing in the common case: memory faults come back as the
 * Mmu's preallocated {@link MemoryFault} and are turned into a {@link #STOP_FAULT} result here.
 *
 * <p>Hot code runs compiled ({@link Jit}): every pc reached by a taken branch or jump is a block
 * head; the compiler counts entries there and, once a head is hot, compiles the region of code
 * reachable from it into a JVM method, which the loop then calls instead of interpreting. A
 * region returns the pc to go on at, having updated the hart's registers and instret itself.
 * Compiled code keeps the integer registers in the hart's fields ({@link Hart#x1}), this loop in
 * {@code h.x}: it copies them over when it switches between the two, and back before it returns.
 * The system property {@code javix.jit=false} turns the compiler off (read once per interpreter);
 * {@code javix.jit.threshold} sets the entry count (default {@value #JIT_THRESHOLD}).
 *
 * <p>Semantics follow the RISC-V unprivileged ISA spec (20191213): RV64I ch. 2 and 5, M ch. 7,
 * A ch. 8, F/D ch. 11–12 (in {@link FpExec}), C ch. 16 (expanded by the {@link Decoder}),
 * Zicsr ch. 9 and the counters of ch. 10.
 */
public final class Interpreter {
    /** The budget ran out (or the CPU was kicked): the task may be preempted. */
    public static final int STOP_BUDGET = 0;
    /** An ecall: pc still points at it; the kernel handles the system call and advances pc. */
    public static final int STOP_ECALL = 1;
    /** An ebreak: SIGTRAP. */
    public static final int STOP_EBREAK = 2;
    /** An illegal instruction at pc: SIGILL. */
    public static final int STOP_ILLEGAL = 3;
    /** A memory fault at pc: details in {@link Mmu#fault}. */
    public static final int STOP_FAULT = 4;

    /** Most instructions a compiled region runs before the loop looks at {@link #kick} again. */
    private static final long KICK_CHECK = 8192;

    /** Entries of a block head before the region there is compiled. */
    private static final int JIT_THRESHOLD = 100;

    private final Mmu mmu;
    private final TimeSource time;
    /** The compiler, or null when it is off. */
    private final Jit jit;
    /** The compiled code's fast path to memory (null when the compiler is off). */
    private final Tlb tlb;

    /**
     * Set by another thread to make the loop return soon (a signal arrived, a TLB shootdown,
     * preemption). Checked on taken branches and jumps, which every loop passes through.
     */
    public volatile boolean kick;
    /**
     * Set by the CPU's thread while it runs guest code through this interpreter (around
     * {@link #run}), clear while it serves a system call or looks for work: a TLB shootdown
     * waits only for CPUs in guest code, since the others sync their TLB before they re-enter it.
     */
    public volatile boolean inGuest;

    private static final java.lang.invoke.VarHandle KICK, IN_GUEST;
    static {
        try {
            var l = java.lang.invoke.MethodHandles.lookup();
            KICK = l.findVarHandle(Interpreter.class, "kick", boolean.class);
            IN_GUEST = l.findVarHandle(Interpreter.class, "inGuest", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The CPU's thread is about to run guest code (after a system call, or for a new slice):
     * clears kick and sets {@link #inGuest}. One full fence, the one the shootdown's order needs
     * (inGuest before the TLB sync that follows); clearing kick needs none, as it is not
     * ordered against anything (every kick is also seen by the checks the CPU makes next).
     */
    public void enterGuest() {
        KICK.setRelease(this, false);
        inGuest = true;
    }

    /**
     * The CPU's thread has left guest code. A release store, without a fence: a shootdown that
     * reads inGuest a little late only waits a little longer for a TLB sync that is due anyway.
     */
    public void leaveGuest() {
        IN_GUEST.setRelease(this, false);
    }

    /** Source of the {@code time} CSR (rdtime), in ticks of {@link TimeSource#TICKS_PER_SECOND}. */
    public interface TimeSource {
        long TICKS_PER_SECOND = 10_000_000L; // Linux riscv's usual timebase-frequency (10 MHz)

        long ticks();
    }

    /** An interpreter configured by the system properties javix.jit and javix.jit.threshold. */
    public Interpreter(Mmu mmu, TimeSource time) {
        this(mmu, time, "false".equals(System.getProperty("javix.jit")) ? 0
                : Integer.getInteger("javix.jit.threshold", JIT_THRESHOLD));
    }

    /**
     * An interpreter whose compiler turns a block head hot after {@code jitThreshold} entries,
     * or that never compiles if it is 0.
     */
    public Interpreter(Mmu mmu, TimeSource time, int jitThreshold) {
        this.mmu = mmu;
        this.time = time;
        this.jit = jitThreshold > 0
                ? new Jit(MethodHandles.lookup(), mmu, jitThreshold, Boolean.getBoolean("javix.jit.debug")) : null;
        this.tlb = jit != null ? new Tlb(mmu) : null;
    }

    /** The compiler, or null if it is off. */
    public Jit jit() {
        return jit;
    }

    public Mmu mmu() {
        return mmu;
    }

    /**
     * Runs {@code h} until the budget is used up or something needs the kernel. Compiled code
     * looks at the budget only on loop back edges, so a run may retire a few instructions more
     * than {@code budget} (at most one pass through a region without looping); interpreted
     * code stops exactly at it.
     */
    public int run(Hart h, long budget) {
        final long[] x = h.x;
        final Mmu m = mmu;
        final Jit jit = this.jit;
        if (jit != null) tlb.sync();
        long pc = h.pc;
        long n = 0;          // retired by the interpreter since h.instret was last brought up to date
        long left = budget;  // what remains of the budget at that point
        Page page = null;
        CodePage cp = null;
        Insn[] code = null;
        long base = 1; // never a page base: forces a lookup first
        int stop = STOP_BUDGET;
        boolean head = true;       // pc was reached by a control transfer: a block head
        boolean compiled = false;  // a region is running (it accounts for itself on a fault)
        boolean fetching = false;  // fetching or decoding: a fault here is before n counted the instruction
        boolean inFields = false;  // the registers are in h's fields x1..x31 (compiled code ran), not in x
        try {
            loop:
            while (n < left) {
                long off = pc - base;
                if ((off >>> Page.SHIFT) != 0) {
                    fetching = true;
                    page = m.fetchPage(pc);
                    fetching = false;
                    cp = CodePage.of(page);
                    code = cp.insns;
                    base = pc & ~Page.MASK;
                    off = pc - base;
                }
                if (head) {
                    head = false;
                    Region r;
                    if (jit != null && (r = jit.enter(page, cp, pc)) != null) {
                        h.instret += n;
                        left -= n;
                        n = 0;
                        long before = h.instret;
                        compiled = true;
                        if (!inFields) {
                            h.copyXToFields();
                            inFields = true;
                        }
                        // A region checks only its budget; kick is looked at between pieces.
                        long entry = pc;
                        pc = r.run(h, tlb, before + Math.min(left, KICK_CHECK));
                        compiled = false;
                        long retired = h.instret - before;
                        left -= retired;
                        // A region that stopped before its first instruction (which lies across
                        // two pages, and the execute TLB had lost the second: the region's check
                        // of that page fails until the page is fetched) would be entered again at
                        // once, forever: the interpreter runs that instruction itself instead,
                        // fetching the page.
                        head = retired != 0 || pc != entry;
                        if (kick) break;
                        continue;
                    }
                }
                if (inFields) {
                    h.copyFieldsToX();
                    inFields = false;
                }
                Insn in = code[(int) off >>> 1];
                if (in == null) {
                    fetching = true;
                    in = decodeAt(cp, page, pc);
                    fetching = false;
                    // A 32-bit instruction across a page boundary is never cached nor compiled
                    // (its meaning depends on two pages), so a region ends before it; the code
                    // after it must be a block head, or a loop through it would be interpreted
                    // from there to the next taken branch.
                    if (code[(int) off >>> 1] == null) head = true;
                }
                n++;
                switch (in.op) {
                    case Op.LUI -> { x[in.rd] = in.imm; pc += in.len; }
                    case Op.AUIPC -> { x[in.rd] = pc + in.imm; pc += in.len; }
                    case Op.JAL -> {
                        x[in.rd] = pc + in.len;
                        pc += in.imm;
                        head = true;
                        if (kick) break loop;
                    }
                    case Op.JALR -> {
                        long t = (x[in.rs1] + in.imm) & ~1L;
                        x[in.rd] = pc + in.len;
                        // an indirect call: remember where it went, so the compiler may inline the callee
                        if (jit != null && in.rd != Decoder.SINK) cp.noteCall((int) off, t);
                        pc = t;
                        head = true;
                        if (kick) break loop;
                    }
                    case Op.BEQ -> {
                        if (x[in.rs1] == x[in.rs2]) { pc += in.imm; head = true; if (kick) break loop; } else pc += in.len;
                    }
                    case Op.BNE -> {
                        if (x[in.rs1] != x[in.rs2]) { pc += in.imm; head = true; if (kick) break loop; } else pc += in.len;
                    }
                    case Op.BLT -> {
                        if (x[in.rs1] < x[in.rs2]) { pc += in.imm; head = true; if (kick) break loop; } else pc += in.len;
                    }
                    case Op.BGE -> {
                        if (x[in.rs1] >= x[in.rs2]) { pc += in.imm; head = true; if (kick) break loop; } else pc += in.len;
                    }
                    case Op.BLTU -> {
                        if (Long.compareUnsigned(x[in.rs1], x[in.rs2]) < 0) { pc += in.imm; head = true; if (kick) break loop; }
                        else pc += in.len;
                    }
                    case Op.BGEU -> {
                        if (Long.compareUnsigned(x[in.rs1], x[in.rs2]) >= 0) { pc += in.imm; head = true; if (kick) break loop; }
                        else pc += in.len;
                    }
                    case Op.LB -> { x[in.rd] = m.load8(x[in.rs1] + in.imm); pc += in.len; }
                    case Op.LH -> { x[in.rd] = m.load16(x[in.rs1] + in.imm); pc += in.len; }
                    case Op.LW -> { x[in.rd] = m.load32(x[in.rs1] + in.imm); pc += in.len; }
                    case Op.LD -> { x[in.rd] = m.load64(x[in.rs1] + in.imm); pc += in.len; }
                    case Op.LBU -> { x[in.rd] = m.load8(x[in.rs1] + in.imm) & 0xffL; pc += in.len; }
                    case Op.LHU -> { x[in.rd] = m.load16(x[in.rs1] + in.imm) & 0xffffL; pc += in.len; }
                    case Op.LWU -> { x[in.rd] = m.load32(x[in.rs1] + in.imm) & 0xffffffffL; pc += in.len; }
                    case Op.SB -> { m.store8(x[in.rs1] + in.imm, (byte) x[in.rs2]); pc += in.len; }
                    case Op.SH -> { m.store16(x[in.rs1] + in.imm, (short) x[in.rs2]); pc += in.len; }
                    case Op.SW -> { m.store32(x[in.rs1] + in.imm, (int) x[in.rs2]); pc += in.len; }
                    case Op.SD -> { m.store64(x[in.rs1] + in.imm, x[in.rs2]); pc += in.len; }
                    case Op.ADDI -> { x[in.rd] = x[in.rs1] + in.imm; pc += in.len; }
                    case Op.SLTI -> { x[in.rd] = x[in.rs1] < in.imm ? 1 : 0; pc += in.len; }
                    case Op.SLTIU -> { x[in.rd] = Long.compareUnsigned(x[in.rs1], in.imm) < 0 ? 1 : 0; pc += in.len; }
                    case Op.XORI -> { x[in.rd] = x[in.rs1] ^ in.imm; pc += in.len; }
                    case Op.ORI -> { x[in.rd] = x[in.rs1] | in.imm; pc += in.len; }
                    case Op.ANDI -> { x[in.rd] = x[in.rs1] & in.imm; pc += in.len; }
                    case Op.SLLI -> { x[in.rd] = x[in.rs1] << in.imm; pc += in.len; }
                    case Op.SRLI -> { x[in.rd] = x[in.rs1] >>> in.imm; pc += in.len; }
                    case Op.SRAI -> { x[in.rd] = x[in.rs1] >> in.imm; pc += in.len; }
                    case Op.ADD -> { x[in.rd] = x[in.rs1] + x[in.rs2]; pc += in.len; }
                    case Op.SUB -> { x[in.rd] = x[in.rs1] - x[in.rs2]; pc += in.len; }
                    case Op.SLL -> { x[in.rd] = x[in.rs1] << x[in.rs2]; pc += in.len; }   // Java masks to 6 bits, as RV64 does
                    case Op.SLT -> { x[in.rd] = x[in.rs1] < x[in.rs2] ? 1 : 0; pc += in.len; }
                    case Op.SLTU -> { x[in.rd] = Long.compareUnsigned(x[in.rs1], x[in.rs2]) < 0 ? 1 : 0; pc += in.len; }
                    case Op.XOR -> { x[in.rd] = x[in.rs1] ^ x[in.rs2]; pc += in.len; }
                    case Op.SRL -> { x[in.rd] = x[in.rs1] >>> x[in.rs2]; pc += in.len; }
                    case Op.SRA -> { x[in.rd] = x[in.rs1] >> x[in.rs2]; pc += in.len; }
                    case Op.OR -> { x[in.rd] = x[in.rs1] | x[in.rs2]; pc += in.len; }
                    case Op.AND -> { x[in.rd] = x[in.rs1] & x[in.rs2]; pc += in.len; }
                    case Op.ADDIW -> { x[in.rd] = (int) (x[in.rs1] + in.imm); pc += in.len; }
                    case Op.SLLIW -> { x[in.rd] = ((int) x[in.rs1]) << in.imm; pc += in.len; }
                    case Op.SRLIW -> { x[in.rd] = ((int) x[in.rs1]) >>> in.imm; pc += in.len; }
                    case Op.SRAIW -> { x[in.rd] = ((int) x[in.rs1]) >> in.imm; pc += in.len; }
                    case Op.ADDW -> { x[in.rd] = (int) (x[in.rs1] + x[in.rs2]); pc += in.len; }
                    case Op.SUBW -> { x[in.rd] = (int) (x[in.rs1] - x[in.rs2]); pc += in.len; }
                    case Op.SLLW -> { x[in.rd] = ((int) x[in.rs1]) << (int) x[in.rs2]; pc += in.len; } // 5-bit mask
                    case Op.SRLW -> { x[in.rd] = ((int) x[in.rs1]) >>> (int) x[in.rs2]; pc += in.len; }
                    case Op.SRAW -> { x[in.rd] = ((int) x[in.rs1]) >> (int) x[in.rs2]; pc += in.len; }
                    case Op.MUL -> { x[in.rd] = x[in.rs1] * x[in.rs2]; pc += in.len; }
                    case Op.MULH -> { x[in.rd] = Math.multiplyHigh(x[in.rs1], x[in.rs2]); pc += in.len; }
                    case Op.MULHSU -> { x[in.rd] = IntMath.mulhsu(x[in.rs1], x[in.rs2]); pc += in.len; }
                    case Op.MULHU -> { x[in.rd] = Math.unsignedMultiplyHigh(x[in.rs1], x[in.rs2]); pc += in.len; }
                    case Op.DIV -> { x[in.rd] = IntMath.div(x[in.rs1], x[in.rs2]); pc += in.len; }
                    case Op.DIVU -> { x[in.rd] = IntMath.divu(x[in.rs1], x[in.rs2]); pc += in.len; }
                    case Op.REM -> { x[in.rd] = IntMath.rem(x[in.rs1], x[in.rs2]); pc += in.len; }
                    case Op.REMU -> { x[in.rd] = IntMath.remu(x[in.rs1], x[in.rs2]); pc += in.len; }
                    case Op.MULW -> { x[in.rd] = (int) x[in.rs1] * (int) x[in.rs2]; pc += in.len; }
                    case Op.DIVW -> { x[in.rd] = IntMath.divw((int) x[in.rs1], (int) x[in.rs2]); pc += in.len; }
                    case Op.DIVUW -> { x[in.rd] = IntMath.divuw((int) x[in.rs1], (int) x[in.rs2]); pc += in.len; }
                    case Op.REMW -> { x[in.rd] = IntMath.remw((int) x[in.rs1], (int) x[in.rs2]); pc += in.len; }
                    case Op.REMUW -> { x[in.rd] = IntMath.remuw((int) x[in.rs1], (int) x[in.rs2]); pc += in.len; }
                    case Op.FLW -> {
                        h.f[in.rd] = 0xffffffff00000000L | (m.load32(x[in.rs1] + in.imm) & 0xffffffffL);
                        pc += in.len;
                    }
                    case Op.FLD -> { h.f[in.rd] = m.load64(x[in.rs1] + in.imm); pc += in.len; }
                    case Op.FSW -> { m.store32(x[in.rs1] + in.imm, (int) h.f[in.rs2]); pc += in.len; }
                    case Op.FSD -> { m.store64(x[in.rs1] + in.imm, h.f[in.rs2]); pc += in.len; }
                    case Op.FENCE -> pc += in.len; // every access here is already sequentially consistent enough
                    case Op.FENCE_I -> {
                        m.space().forgetDecodedCode();
                        base = 1;
                        pc += in.len;
                        head = true; // compiled code may start after the instructions regions leave out
                    }
                    case Op.ECALL -> { stop = STOP_ECALL; break loop; }
                    case Op.EBREAK -> { stop = STOP_EBREAK; break loop; }
                    case Op.ILLEGAL -> { stop = STOP_ILLEGAL; break loop; }
                    default -> {
                        boolean ok;
                        if (in.op >= Op.FP_FIRST) ok = FpExec.exec(h, in);
                        else if (in.op >= Op.LR_W) ok = Atomics.exec(h, m, in);
                        else {
                            ok = csr(h, in, n);
                            head = true; // as after fence.i
                        }
                        if (!ok) { stop = STOP_ILLEGAL; break loop; }
                        pc += in.len;
                    }
                }
            }
        } catch (MemoryFault f) {
            stop = STOP_FAULT;
            if (compiled) {
                pc = h.pc; // the region left pc, registers and instret at the faulting instruction
            } else if (!fetching) {
                n--; // the faulting instruction did not retire
            }
        }
        if (inFields) h.copyFieldsToX();
        x[0] = 0;
        h.pc = pc;
        h.instret += n;
        return stop;
    }

    /**
     * Decodes the instruction at pc (on page p, whose cache is cp) and caches it there. A 32-bit
     * instruction whose second half lies on the next page is decoded but not cached, since its
     * meaning depends on two pages.
     */
    private Insn decodeAt(CodePage cp, Page p, long pc) {
        Insn in = cp.at(p, (int) (pc & Page.MASK));
        if (in != null) return in;
        return CodePage.across(p, mmu.fetchPage(pc + 2));
    }

    // ------------------------------------------------------------------ Zicsr

    private static final int CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003;
    private static final int CSR_CYCLE = 0xC00, CSR_TIME = 0xC01, CSR_INSTRET = 0xC02;

    /** Executes a CSR instruction; false if the CSR does not exist or is read-only but written. */
    private boolean csr(Hart h, Insn in, long retiredThisSlice) {
        int csr = in.rm;
        boolean immediate = in.op >= Op.CSRRWI;
        long src = immediate ? in.rs1 : h.x[in.rs1];
        int kind = immediate ? in.op - Op.CSRRWI : in.op - Op.CSRRW; // 0 write, 1 set, 2 clear
        // CSRRS/CSRRC with rs1 = x0 (or zimm 0) do not write (spec 9.1), so read-only CSRs may be read.
        boolean writes = kind == 0 || in.rs1 != 0;
        long old;
        switch (csr) {
            case CSR_FFLAGS -> old = h.fflags;
            case CSR_FRM -> old = h.frm;
            case CSR_FCSR -> old = (h.frm << 5) | h.fflags;
            case CSR_CYCLE, CSR_INSTRET -> old = h.instret + retiredThisSlice - 1;
            case CSR_TIME -> old = time.ticks();
            default -> { return false; }
        }
        if (writes) {
            if (csr >= CSR_CYCLE) return false;
            long v = switch (kind) {
                case 0 -> src;
                case 1 -> old | src;
                default -> old & ~src;
            };
            switch (csr) {
                case CSR_FFLAGS -> h.fflags = (int) v & 0x1f;
                case CSR_FRM -> h.frm = (int) v & 0x7;
                default -> {
                    h.fflags = (int) v & 0x1f;
                    h.frm = (int) (v >>> 5) & 0x7;
                }
            }
        }
        h.x[in.rd] = old;
        return true;
    }
}
