package dev.javix.cpu.jit;

import static dev.javix.cpu.jit.Asm.A0;
import static dev.javix.cpu.jit.Asm.A1;
import static dev.javix.cpu.jit.Asm.A2;
import static dev.javix.cpu.jit.Asm.A3;
import static dev.javix.cpu.jit.Asm.RA;
import static dev.javix.cpu.jit.Asm.S0;
import static dev.javix.cpu.jit.Asm.S1;
import static dev.javix.cpu.jit.Asm.T0;
import static dev.javix.cpu.jit.Asm.T1;
import static dev.javix.cpu.jit.Asm.T2;
import static dev.javix.cpu.jit.Asm.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.cpu.Interpreter;
import dev.javix.mem.Vma;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The compiler against the interpreter: each program runs with the JIT off and on (compiling
 * almost at once), under several scheduler budgets, and must end in the same state — registers,
 * memory, pc, instret and fflags.
 */
class JitTest {
    static final int LI_DATA = (int) (Machine.DATA >>> 12);

    /** Runs code on a reference (no JIT) and a compiling machine with each budget; returns the last compiling one. */
    static Machine compare(Asm a, int expectStop, Consumer<Machine> init, long... budgets) {
        int[] code = a.words();
        Machine ref = new Machine(code, 0);
        init.accept(ref);
        assertEquals(expectStop, ref.runToStop(1_000_000), "reference stop");
        Machine last = null;
        for (long budget : budgets) {
            for (int threshold : new int[] {1, 2, 5}) {
                Machine m = new Machine(code, threshold);
                init.accept(m);
                String what = "budget " + budget + " threshold " + threshold;
                assertEquals(expectStop, m.runToStop(budget), what + ": stop");
                Machine.assertSameState(ref, m, what);
                if (expectStop == Interpreter.STOP_FAULT) {
                    assertEquals(ref.mmu.fault.address, m.mmu.fault.address, what + ": fault address");
                    assertEquals(ref.mmu.fault.access, m.mmu.fault.access, what + ": fault access");
                }
                assertTrue(m.ip.jit().compiled() > 0, what + ": nothing compiled");
                assertEquals(0, m.ip.jit().failed(), what + ": compile failures");
                last = m;
            }
        }
        return last;
    }

    static Machine compare(Asm a, int expectStop, long... budgets) {
        return compare(a, expectStop, m -> { }, budgets);
    }

    @Test
    void integerLoopWithMemory() {
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 300).addi(A0, ZERO, 1).addi(A1, ZERO, -7);
        a.label("L");
        a.mul(A0, A0, A1).addi(A0, A0, 13).sd(A0, S0, 8).lw(A2, S0, 8).add(A3, A3, A2);
        a.andi(T0, S1, 255).add(T0, T0, S0).store(0, A0, T0, 64).load(4, T1, T0, 64).add(A3, A3, T1); // sb, lbu
        a.div(T2, A0, S1).sub(A3, A3, T2).slli(T2, A3, 3).srai(T2, T2, 2).xori(A1, T2, 0x55);
        a.addiw(A1, A1, 3).op32(0, 1, A2, A1, S1).op(0, 3, T0, A2, A1); // sllw, sltu
        a.addi(S1, S1, -1).bne(S1, ZERO, "L");
        a.ecall();
        compare(a, Interpreter.STOP_ECALL, 1, 7, 100, 1_000_000);
    }

    @Test
    void nestedLoopsAndForwardBranches() {
        Asm a = new Asm();
        a.addi(S1, ZERO, 40);
        a.label("outer").addi(T0, ZERO, 25);
        a.label("inner").andi(T1, T0, 1).beq(T1, ZERO, "even").addi(A0, A0, 3).j("next");
        a.label("even").addi(A1, A1, 5).blt(A1, A0, "next").xor(A2, A2, A1);
        a.label("next").addi(T0, T0, -1).bne(T0, ZERO, "inner");
        a.bltu(A2, A1, "skip").addi(A3, A3, 1).label("skip");
        a.addi(S1, S1, -1).bne(S1, ZERO, "outer").ecall();
        compare(a, Interpreter.STOP_ECALL, 3, 50, 1_000_000);
    }

    @Test
    void callsAndReturnsInsideTheRegion() {
        Asm a = new Asm();
        a.j("start");
        a.label("f").addi(A0, A0, 3).ret();
        a.label("start").addi(S1, ZERO, 200);
        a.label("L").jal(RA, "f").add(A1, A1, A0).jal(RA, "f");
        a.label("ind").auipc(T0, 0);
        a.addi(T0, T0, a.pcOf("f") - a.pcOf("ind")).jalr(RA, T0, 0); // an indirect call
        a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        compare(a, Interpreter.STOP_ECALL, 1, 11, 1_000_000);
    }

    /**
     * A loop calling through a function pointer a leaf function on the next page (the qsort
     * comparator pattern); the callee is inlined into the loop's region.
     */
    static Asm indirectCallLoop() {
        Asm a = new Asm();
        a.lui(S0, (int) ((Machine.CODE + 0x1000) >>> 12)).addi(S1, ZERO, 300);
        a.label("L").addi(A1, S1, 0).jalr(RA, S0, 0).add(A2, A2, A0).addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        while (a.size() < 0x1000) a.addi(ZERO, ZERO, 0);
        a.slli(A0, A1, 1).addi(A0, A0, 3).ret(); // f(x) = 2x + 3
        return a;
    }

    @Test
    void indirectCallsToALeafOnAnotherPageAreInlined() {
        Machine m = compare(indirectCallLoop(), Interpreter.STOP_ECALL, 1, 7, 1_000_000);
        assertTrue(m.ip.jit().inlinedCalls() > 0, "nothing inlined");
    }

    /**
     * The loop of {@link #indirectCallLoop} calling through the pointer a callee too long to be
     * inlined: the loop's region calls the callee's region.
     */
    static Asm indirectCallLoopToABigCallee() {
        Asm a = new Asm();
        a.lui(S0, (int) ((Machine.CODE + 0x1000) >>> 12)).addi(S1, ZERO, 300);
        a.label("L").addi(A1, S1, 0).jalr(RA, S0, 0).add(A2, A2, A0).addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        while (a.size() < 0x1000) a.addi(ZERO, ZERO, 0);
        CrossPageTest.bulk(a.slli(A0, A1, 1)).addi(A0, A0, 3).ret(); // f(x) = 2x + 3
        return a;
    }

    @Test
    void indirectCallsToABigCalleeCallItsRegion() {
        Machine m = compare(indirectCallLoopToABigCallee(), Interpreter.STOP_ECALL, 1, 7, 1_000_000);
        assertTrue(m.ip.jit().regionCalls() > 0, "no compiled call");
    }

    @Test
    void aReplacedCalleePageIsNotRunFromAnIndirectRegionCall() {
        CrossPageTest.replaceTheCalleeAndRunAgain(indirectCallLoopToABigCallee(), 2,
                m -> assertTrue(m.ip.jit().regionCalls() > 0, "the loop's region calls the callee's"));
    }

    @Test
    void aReplacedCalleePageIsNotRunFromTheInlinedCopy() {
        CrossPageTest.replaceTheCalleeAndRunAgain(indirectCallLoop(), 2,
                m -> assertTrue(m.ip.jit().inlinedCalls() > 0, "the callee inlined"));
    }

    @Test
    void aCalleePageThatIsNoLongerExecutableFaultsAfterTheCall() {
        Machine ref = new Machine(indirectCallLoop().words(), 0);
        Machine m = new Machine(indirectCallLoop().words(), 2);
        for (Machine x : new Machine[] {ref, m}) {
            assertEquals(Interpreter.STOP_ECALL, x.runToStop(1_000_000));
            x.space.protect(Machine.CODE + 0x1000, 0x1000, Vma.READ);
            x.mmu.sync();
            x.h.pc = Machine.CODE;
            assertEquals(Interpreter.STOP_FAULT, x.runToStop(1_000_000));
        }
        Machine.assertSameState(ref, m, "fetch fault");
        assertEquals(Machine.CODE + 0x1000, m.h.pc);
        assertEquals(Vma.EXEC, m.mmu.fault.access);
    }

    @Test
    void faultInTheMiddleOfARegion() {
        // Walks a pointer up the data area writing and reading until it runs off the end.
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(A0, ZERO, 0);
        a.label("L").addi(A0, A0, 1).sd(A0, S0, 0).ld(A1, S0, 0).add(A2, A2, A1).addi(S0, S0, 24).j("L");
        Machine m = compare(a, Interpreter.STOP_FAULT, 1, 10, 1_000_000);
        assertTrue(m.mmu.fault.address >= Machine.DATA + Machine.DATA_LEN);
        assertEquals(Vma.WRITE, m.mmu.fault.access);
    }

    @Test
    void faultOnALoadKeepsEarlierWritesOfTheBlock() {
        Asm a = new Asm();
        a.lui(S0, LI_DATA).lui(T0, (int) ((Machine.DATA + Machine.DATA_LEN) >>> 12)).addi(T0, T0, -400);
        a.label("L").addi(A0, A0, 1).addi(A1, A1, 2).ld(A2, T0, 0).addi(A3, A3, 1).addi(T0, T0, 8).j("L");
        Machine m = compare(a, Interpreter.STOP_FAULT, 1, 5, 1_000_000);
        assertEquals(Machine.DATA + Machine.DATA_LEN, m.mmu.fault.address);
        assertEquals(Vma.READ, m.mmu.fault.access);
        assertEquals(Machine.CODE + 5 * 4, m.h.pc);
    }

    @Test
    void budgetPreemptsALoopThatNeverEnds() {
        Asm a = new Asm();
        a.label("L").addi(A0, A0, 1).addi(A1, A1, 2).j("L");
        Machine m = new Machine(a.words(), 1);
        long total = 0;
        for (int i = 0; i < 1000; i++) {
            long before = m.h.instret;
            assertEquals(Interpreter.STOP_BUDGET, m.ip.run(m.h, 5000));
            long used = m.h.instret - before;
            assertTrue(used >= 5000 && used < 5004, "retired " + used);
            total += used;
        }
        assertEquals(total, m.h.instret);
        assertEquals(total / 3, m.h.x[A0]);
        assertTrue(m.ip.jit().compiled() > 0);
    }

    @Test
    void kickStopsACompiledLoop() {
        Asm a = new Asm();
        a.label("L").addi(A0, A0, 1).j("L");
        Machine m = new Machine(a.words(), 1);
        m.ip.run(m.h, 10_000); // compile it
        m.ip.kick = true;
        long before = m.h.instret;
        assertEquals(Interpreter.STOP_BUDGET, m.ip.run(m.h, Long.MAX_VALUE));
        assertTrue(m.h.instret - before < 10, "ran " + (m.h.instret - before));
    }

    @Test
    void fenceIDropsCompiledCode() {
        // A hot loop adds 1; then the program patches that instruction to add 100, runs fence.i
        // and runs the loop again: the new instruction must run.
        Asm a = new Asm();
        a.label("start").addi(T0, ZERO, 50);
        a.label("L").addi(A0, A0, 1).addi(T0, T0, -1).bne(T0, ZERO, "L");
        a.beq(S1, ZERO, "patch").ecall();
        a.label("patch").addi(S1, ZERO, 1);
        a.lui(T2, (int) (Machine.CODE >>> 12));
        int patched = new Asm().addi(A0, A0, 100).words()[0];
        a.lui(T1, (patched + 0x800) >>> 12).addiw(T1, T1, (patched << 20) >> 20);
        a.sw(T1, T2, 4).fenceI().j("start");
        Machine m = compare(a, Interpreter.STOP_ECALL, 1, 30, 1_000_000);
        assertEquals(50 + 50 * 100, m.h.x[A0]);
    }

    @Test
    void newCodeOnARemappedPageIsNotTheOldRegion() {
        Asm a = new Asm();
        a.addi(T0, ZERO, 100).label("L").addi(A0, A0, 1).addi(T0, T0, -1).bne(T0, ZERO, "L").ecall();
        Machine m = new Machine(a.words(), 1);
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
        assertEquals(100, m.h.x[A0]);
        m.space.unmap(Machine.CODE, Machine.CODE_LEN);
        m.space.map(Machine.CODE, Machine.CODE_LEN, Vma.READ | Vma.WRITE | Vma.EXEC, 0, null, 0, "code");
        Asm b = new Asm();
        b.addi(T0, ZERO, 100).label("L").addi(A0, A0, 7).addi(T0, T0, -1).bne(T0, ZERO, "L").ecall();
        m.load(b.words());
        m.mmu.sync();
        m.h.pc = Machine.CODE;
        m.h.x[A0] = 0;
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
        assertEquals(700, m.h.x[A0]);
    }

    @Test
    void writesAfterForkDoNotReachTheChild() {
        // A compiled loop stores to the data page; after a fork (the pages now copy-on-write)
        // its stores must go to the parent's copy only.
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 100);
        a.label("L").addi(A0, A0, 1).sd(A0, S0, 0).sd(A0, S0, 8).addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        Machine m = new Machine(a.words(), 1);
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
        dev.javix.mem.AddressSpace child = m.space.fork();
        m.mmu.sync();
        m.h.pc = Machine.CODE;
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
        byte[] b = new byte[16];
        child.read(Machine.DATA, b, 0, 16);
        assertEquals(100, java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8));
        m.space.read(Machine.DATA, b, 0, 16);
        assertEquals(200, java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8));
    }

    @Test
    void instretIsExactWhereTheGuestReadsIt() {
        Asm a = new Asm();
        a.addi(S1, ZERO, 60);
        a.label("L").addi(T0, T0, 3).csrrs(T1, 0xC02, ZERO).add(A0, A0, T1).addi(S1, S1, -1).bne(S1, ZERO, "L");
        a.ecall();
        compare(a, Interpreter.STOP_ECALL, 1, 4, 1_000_000);
    }

    @Test
    void interpretedAndCompiledCodeSeeEachOthersRegisters() {
        // CSR instructions are interpreted, between the loop's regions: the first writes fflags
        // from a register the compiled code just computed, the second reads it into one the
        // compiled code then uses. So the registers move between the hart's fields (compiled
        // code) and its array (the interpreter) both ways, at every turn of the loop.
        Asm a = new Asm();
        a.addi(S1, ZERO, 80);
        a.label("L").addi(T0, T0, 7).csrrw(ZERO, 0x001, T0).csrrs(T1, 0x001, ZERO).add(A0, A0, T1);
        a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        Machine m = compare(a, Interpreter.STOP_ECALL, 1, 4, 1_000_000);
        long expect = 0;
        for (int i = 1; i <= 80; i++) expect += (7L * i) & 0x1f;
        assertEquals(expect, m.h.x[A0], "the sum of the flags the loop read back");
    }

    @Test
    void floatingPointAndFlags() {
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 200).addi(A1, ZERO, 3).fcvtDL(2, A1);
        a.label("L").fcvtDL(1, S1).fdivD(3, 1, 2).faddD(4, 4, 3).fmulD(5, 4, 3).fsd(5, S0, 16).fld(6, S0, 16);
        a.fltD(A2, 6, 4).add(A3, A3, A2).fcvtLD(A0, 4, 1).flw(7, S0, 16).fsw(7, S0, 24);
        a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        compare(a, Interpreter.STOP_ECALL, 1, 9, 1_000_000);
    }

    @Test
    void reservedRoundingModeIsIllegalAtTheRightPlace() {
        Asm a = new Asm();
        a.addi(S1, ZERO, 100);
        a.label("L").addi(A0, A0, 1).addi(S1, S1, -1).bne(S1, ZERO, "L");
        a.addi(A1, ZERO, 5).faddD(1, 1, 1).ecall(); // frm is set to 5 (reserved) by init
        compare(a, Interpreter.STOP_ILLEGAL, m -> m.h.frm = 5, 1, 1_000_000);
    }

    @Test
    void atomics() {
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 150).addi(A1, ZERO, 5);
        a.label("L").amo(0b00000, 3, A0, S0, A1).amo(0b00000, 2, A2, S0, S1); // amoadd.d, amoadd.w
        a.label("retry").amo(0b00010, 3, T0, S0, ZERO).addi(T0, T0, 1).amo(0b00011, 3, T1, S0, T0).bne(T1, ZERO, "retry");
        a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        compare(a, Interpreter.STOP_ECALL, 1, 13, 1_000_000);
    }

    @Test
    void writesToX0AreDropped() {
        Asm a = new Asm();
        a.addi(S1, ZERO, 50);
        a.label("L").addi(ZERO, S1, 9).lui(ZERO, 5).add(A0, A0, ZERO).jal(ZERO, "n").label("n");
        a.lui(S0, LI_DATA).ld(ZERO, S0, 0).addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        Machine m = compare(a, Interpreter.STOP_ECALL, 1, 1_000_000);
        assertEquals(0, m.h.x[0]);
    }

    /** Double arithmetic on random and special operands in every rounding mode, static and dynamic. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomDoubleArithmetic(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        long[] specials = {0, Long.MIN_VALUE, 0x7ff0000000000000L, 0xfff0000000000000L, 0x7ff8000000000000L,
            0x7ff0000000000001L, 1, 0x000fffffffffffffL, 0x7fefffffffffffffL, 0x3ff0000000000000L, 0x4000000000000000L,
            0xbff0000000000000L, 0x3ff0000000000001L, 0x0010000000000000L};
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 40);
        a.label("L");
        for (int k = 1; k < 8; k++) a.fld(k, S0, 8 * r.nextInt(16));
        for (int k = 0; k < 40; k++) {
            int rd = 1 + r.nextInt(7), rs1 = 1 + r.nextInt(7), rs2 = 1 + r.nextInt(7), rs3 = 1 + r.nextInt(7);
            int rm = r.nextInt(4) == 0 ? 7 : r.nextInt(5);
            switch (r.nextInt(7)) {
                case 0 -> a.fop(0x01, rm, rd, rs1, rs2);
                case 1 -> a.fop(0x05, rm, rd, rs1, rs2);
                case 2 -> a.fop(0x09, rm, rd, rs1, rs2);
                case 3 -> a.fop(0x0d, rm, rd, rs1, rs2);
                case 4 -> a.fop(0x2d, rm, rd, rs1, 0);
                case 5 -> a.fma(new int[] {0x43, 0x47, 0x4b, 0x4f}[r.nextInt(4)], rm, rd, rs1, rs2, rs3);
                default -> a.fsd(rd, S0, 8 * r.nextInt(16));
            }
        }
        a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        byte[] b = new byte[128];
        for (int k = 0; k < 16; k++) {
            long v = r.nextInt(3) == 0 ? specials[r.nextInt(specials.length)] : r.nextLong();
            for (int j = 0; j < 8; j++) b[8 * k + j] = (byte) (v >>> (8 * j));
        }
        compare(a, Interpreter.STOP_ECALL, m -> {
            m.h.frm = (int) (seed % 5);
            m.space.write(Machine.DATA, b, 0, b.length);
        }, 1, 1_000_000);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomPrograms(long seed) {
        Asm a = RandomProgram.generate(seed);
        compare(a, Interpreter.STOP_ECALL, m -> RandomProgram.init(m, seed), 1, 37, 1_000_000);
    }
}
