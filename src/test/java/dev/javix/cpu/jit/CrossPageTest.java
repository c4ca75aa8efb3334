package dev.javix.cpu.jit;

import static dev.javix.cpu.jit.Asm.A0;
import static dev.javix.cpu.jit.Asm.A1;
import static dev.javix.cpu.jit.Asm.A2;
import static dev.javix.cpu.jit.Asm.RA;
import static dev.javix.cpu.jit.Asm.S0;
import static dev.javix.cpu.jit.Asm.S1;
import static dev.javix.cpu.jit.Asm.T0;
import static dev.javix.cpu.jit.Asm.T1;
import static dev.javix.cpu.jit.Asm.T2;
import static dev.javix.cpu.jit.Asm.ZERO;
import static dev.javix.cpu.jit.JitTest.LI_DATA;
import static dev.javix.cpu.jit.JitTest.compare;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.cpu.Interpreter;
import dev.javix.mem.Vma;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Regions whose code spans pages, and compiled calls from one region into another (the
 * glibc pattern of a loop calling pthread_mutex_lock on another page): each must end in the
 * interpreter's state, and none may run code of a page that was replaced, made
 * non-executable, or patched and fenced.
 */
class CrossPageTest {
    static final long PAGE1 = Machine.CODE + 0x1000;

    static void padTo(Asm a, int bytes) {
        while (a.size() < bytes) a.addi(ZERO, ZERO, 0);
    }

    /**
     * Lengthens a callee's straight-line hot path past {@link Scan#INLINE_HOT_MAX}, so that a
     * call to it stays a call into its own region instead of being explored into the caller's.
     */
    static Asm bulk(Asm a) {
        for (int i = 0; i <= Scan.INLINE_HOT_MAX; i++) a.addi(T2, T2, 1);
        return a;
    }

    /**
     * A loop calling (jal) a function on the next page: f(x) = 2x + 3, with a store, a load and
     * a branch never taken; made longer than the callees a region takes in whole unless small.
     */
    static Asm directCallLoop(boolean small) {
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 300);
        a.label("L").addi(A1, S1, 0).jal(RA, "f").add(A2, A2, A0).addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        padTo(a, 0x1000);
        a.label("f").slli(A0, A1, 1).sd(A0, S0, 16).ld(T0, S0, 16).bne(T0, ZERO, "skip").addi(A0, A0, 9);
        a.label("skip");
        if (!small) bulk(a);
        a.addi(A0, T0, 3).ret();
        return a;
    }

    static Asm directCallLoop() {
        return directCallLoop(false);
    }

    @Test
    void aSmallCalleeOnAnotherPageIsExploredIntoTheCallersRegion() {
        Machine m = compare(directCallLoop(true), Interpreter.STOP_ECALL, 1, 3, 7, 1_000_000);
        assertEquals(0, m.ip.jit().regionCalls(), "no region call");
        assertTrue(m.ip.jit().inlinedDirectCalls() > 0, "the callee explored into the loop's region");
    }

    @Test
    void aSmallCalleeReplacedOnItsPageIsNotRunFromTheCallersRegion() {
        replaceTheCalleeAndRunAgain(directCallLoop(true), 5,
                m -> assertTrue(m.ip.jit().inlinedDirectCalls() > 0, "the callee explored into the loop's region"));
    }

    /**
     * Runs a loop that calls f(x) = 2x + 3 on page 1 (compiled with the given threshold, as
     * checked by compiledAsExpected), maps a new page there with f(x) = 2x + 4 and runs the loop
     * again: the new callee must run.
     */
    static void replaceTheCalleeAndRunAgain(Asm program, int threshold, java.util.function.Consumer<Machine> compiledAsExpected) {
        Machine m = new Machine(program.words(), threshold);
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
        long first = m.h.x[A2];
        compiledAsExpected.accept(m);
        m.space.unmap(PAGE1, 0x1000);
        m.space.map(PAGE1, 0x1000, Vma.READ | Vma.WRITE | Vma.EXEC, 0, null, 0, "callee");
        writeCode(m, PAGE1, new Asm().slli(A0, A1, 1).addi(A0, A0, 4).ret());
        m.mmu.sync();
        m.h.pc = Machine.CODE;
        m.h.x[A2] = 0;
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
        assertEquals(first + 300, m.h.x[A2]);
    }

    @Test
    void aLoopCallingAFunctionOnAnotherPage() {
        Machine m = compare(directCallLoop(), Interpreter.STOP_ECALL, 1, 3, 7, 1_000_000);
        assertTrue(m.ip.jit().regionCalls() > 0, "no compiled call");
    }

    @Test
    void codeRunningOnIntoTheNextPageAndJumpsBetweenPages() {
        // The loop body starts near the end of page 0 and falls through into page 1; a tail
        // jump goes to page 2, which jumps back.
        Asm a = new Asm();
        a.addi(S1, ZERO, 200).j("L");
        padTo(a, 0x1000 - 8);
        a.label("L").addi(A0, A0, 1).addi(A1, A1, 2); // the page ends here
        a.add(A2, A2, A0).j("far");
        a.label("back").addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        padTo(a, 0x2000);
        a.label("far").xor(A1, A1, A2).j("back");
        compare(a, Interpreter.STOP_ECALL, 1, 2, 5, 1_000_000);
    }

    @Test
    void aFaultInACalledRegionLeavesTheCalleesState() {
        // The callee walks a pointer up the data area until it faults.
        Asm a = new Asm();
        a.lui(S0, LI_DATA);
        a.label("L").jal(RA, "f").addi(A2, A2, 1).j("L");
        padTo(a, 0x1000);
        bulk(a.label("f").addi(A0, A0, 1).sd(A0, S0, 0).ld(A1, S0, 0).addi(S0, S0, 40)).ret();
        Machine m = compare(a, Interpreter.STOP_FAULT, 1, 6, 1_000_000);
        assertTrue(m.ip.jit().regionCalls() > 0, "no compiled call");
        assertEquals(Vma.WRITE, m.mmu.fault.access);
        assertEquals(PAGE1 + 4, m.h.pc);
    }

    @Test
    void aReplacedCalleePageIsNotRunFromItsRegion() {
        replaceTheCalleeAndRunAgain(directCallLoop(), 5,
                m -> assertTrue(m.ip.jit().regionCalls() > 0, "the loop's region calls the callee's"));
    }

    @Test
    void aCalleePageThatIsNoLongerExecutableFaultsAtTheCallee() {
        Machine ref = new Machine(directCallLoop().words(), 0);
        Machine m = new Machine(directCallLoop().words(), 5);
        for (Machine x : new Machine[] {ref, m}) {
            assertEquals(Interpreter.STOP_ECALL, x.runToStop(1_000_000));
            x.space.protect(PAGE1, 0x1000, Vma.READ);
            x.mmu.sync();
            x.h.pc = Machine.CODE;
            assertEquals(Interpreter.STOP_FAULT, x.runToStop(1_000_000));
        }
        Machine.assertSameState(ref, m, "fetch fault");
        assertEquals(PAGE1, m.h.pc);
        assertEquals(Vma.EXEC, m.mmu.fault.access);
    }

    @Test
    void fenceIAfterPatchingACalleeOnAnotherPage() {
        // The hot loop calls f (a0 += 1); then f is patched to add 100, fence.i, and the loop
        // runs again: the patched callee must run, not the compiled call into the old one.
        Asm a = new Asm();
        a.label("start").addi(T0, ZERO, 50);
        a.label("L").jal(RA, "f").addi(T0, T0, -1).bne(T0, ZERO, "L");
        a.beq(S1, ZERO, "patch").ecall();
        a.label("patch").addi(S1, ZERO, 1);
        a.lui(T2, (int) (PAGE1 >>> 12));
        int patched = new Asm().addi(A0, A0, 100).words()[0];
        a.lui(T1, (patched + 0x800) >>> 12).addiw(T1, T1, (patched << 20) >> 20);
        a.sw(T1, T2, 0).fenceI().j("start");
        padTo(a, 0x1000);
        bulk(a.label("f").addi(A0, A0, 1).addi(A1, A1, 2)).ret();
        Machine m = compare(a, Interpreter.STOP_ECALL, 1, 30, 1_000_000);
        assertEquals(50 + 50 * 100, m.h.x[A0]);
        assertTrue(m.ip.jit().regionCalls() > 0, "no compiled call");
    }

    @Test
    void callsNestThroughSeveralRegions() {
        // L calls f on page 1, which calls g on page 2 (saving ra on the stack in data).
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 150);
        a.label("L").addi(A1, S1, 0).jal(RA, "f").add(A2, A2, A0).addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        padTo(a, 0x1000);
        bulk(a.label("f").sd(RA, S0, 64).addi(A1, A1, 7)).jal(RA, "g").ld(RA, S0, 64).addi(A0, A0, 1).ret();
        padTo(a, 0x2000);
        a.label("g").slli(A0, A1, 2).ret();
        Machine m = compare(a, Interpreter.STOP_ECALL, 1, 4, 9, 1_000_000);
        assertTrue(m.ip.jit().regionCalls() > 0, "no compiled call");
    }

    /**
     * A loop whose body has a 32-bit instruction (addi a0, a0, imm) across the boundary of pages
     * 0 and 1: a 16-bit c.nop at 0xffc leaves it at 0xffe. glibc has such instructions in hot
     * loops (vfscanf's format loop); a region must run them too.
     */
    static byte[] straddlingLoop(int imm) {
        return straddlingLoop(imm, 0xffc);
    }

    /**
     * The same loop with its branch going back to {@code backTo}: 0xffc (the c.nop), or 0xffe, the
     * instruction across the pages itself, which is then the loop's head.
     */
    static byte[] straddlingLoop(int imm, int backTo) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        Asm head = new Asm();
        head.addi(S1, ZERO, 300).j("L");
        padTo(head, 0xffc);
        head.label("L");
        putWords(b, head.words());
        b.write(0x01); // c.nop
        b.write(0x00);
        putWords(b, new Asm().addi(A0, A0, imm).addi(S1, S1, -1).words()); // 0xffe, 0x1002
        putWords(b, new int[] {bne(S1, ZERO, backTo - 0x1006)}); // at 0x1006
        putWords(b, new Asm().ecall().words());
        return b.toByteArray();
    }

    /** bne rs1, rs2, off (B-type, off relative to the branch). */
    private static int bne(int rs1, int rs2, int off) {
        return ((off >> 12) & 1) << 31 | ((off >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | 1 << 12
                | ((off >> 1) & 0xf) << 8 | ((off >> 11) & 1) << 7 | 0x63;
    }

    private static void putWords(java.io.ByteArrayOutputStream b, int[] words) {
        for (int w : words) for (int k = 0; k < 4; k++) b.write(w >>> (8 * k));
    }

    private static Machine straddlingMachine(int imm, int threshold) {
        Machine m = new Machine(new int[0], threshold);
        byte[] code = straddlingLoop(imm);
        m.space.write(Machine.CODE, code, 0, code.length);
        return m;
    }

    @Test
    void anInstructionAcrossTwoPagesRunsCompiled() {
        Machine ref = straddlingMachine(3, 0);
        assertEquals(Interpreter.STOP_ECALL, ref.runToStop(1_000_000));
        assertEquals(900, ref.h.x[A0]);
        for (long budget : new long[] {1, 3, 1_000_000}) {
            for (int threshold : new int[] {1, 2, 5}) {
                Machine m = straddlingMachine(3, threshold);
                assertEquals(Interpreter.STOP_ECALL, m.runToStop(budget));
                Machine.assertSameState(ref, m, "budget " + budget + " threshold " + threshold);
                assertTrue(m.ip.jit().straddlingInsns() > 0, "the instruction across the pages compiled");
            }
        }
    }

    @Test
    void aRegionStartingAcrossTwoPagesRunsAfterTheSecondPageLeftTheTlb() {
        // After the execute TLB lost page 1 (a flush, as when the CPU switches address spaces),
        // the region's check of page 1 fails before its first instruction: the interpreter must
        // run that instruction itself (fetching page 1), not enter the region again forever.
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            Machine m = new Machine(new int[0], 2);
            byte[] code = straddlingLoop(3, 0xffe);
            m.space.write(Machine.CODE, code, 0, code.length);
            assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
            assertEquals(900, m.h.x[A0]);
            // The interpreter compiled the region after the instruction (0x1002, a block head too);
            // compile the one at the head itself as a hot head would be.
            long at = Machine.CODE + 0xffe;
            dev.javix.mem.Page p = m.mmu.fetchPage(at);
            CodePage cp = CodePage.of(p);
            Region r = null;
            for (int i = 0; i < 10 && r == null; i++) r = m.ip.jit().enter(p, cp, at);
            assertTrue(r != null, "a region at the loop's head");
            for (int round = 1; round <= 3; round++) {
                m.mmu.flush();
                m.h.pc = Machine.CODE + 0xffe;
                m.h.x[S1] = 300;
                m.h.x[A0] = 0;
                assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000), "round " + round);
                assertEquals(900, m.h.x[A0], "round " + round);
            }
        });
    }

    @Test
    void anInstructionAcrossTwoPagesIsReadAgainWhenTheSecondPageChanges() {
        // The immediate of addi is in the instruction's upper half, on page 1: a new page 1
        // (remapped) or new bytes there (patched, then fence.i) must change what runs.
        for (boolean remap : new boolean[] {true, false}) {
            Machine m = straddlingMachine(3, 2);
            assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
            assertTrue(m.ip.jit().straddlingInsns() > 0, "compiled");
            byte[] patched = straddlingLoop(5);
            if (remap) {
                m.space.unmap(PAGE1, 0x1000);
                m.space.map(PAGE1, 0x1000, Vma.READ | Vma.WRITE | Vma.EXEC, 0, null, 0, "new page");
                m.space.write(PAGE1, patched, 0x1000, patched.length - 0x1000);
            } else {
                m.space.write(PAGE1, patched, 0x1000, patched.length - 0x1000);
                m.space.forgetDecodedCode(); // what fence.i does
            }
            m.mmu.sync();
            m.h.pc = Machine.CODE;
            m.h.x[A0] = 0;
            assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
            assertEquals(1500, m.h.x[A0], remap ? "remapped" : "patched and fenced");
        }
    }

    private static void writeCode(Machine m, long at, Asm code) {
        int[] w = code.words();
        byte[] b = new byte[w.length * 4];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (w[i / 4] >>> (8 * (i % 4)));
        m.space.write(at, b, 0, b.length);
    }

    // ------------------------------------------------------------------ the A extension in compiled code

    @Test
    void everyAtomicOnBothHalvesOfAWordAndOnDoublewords() {
        int[] f5 = {0b00001, 0b00000, 0b00100, 0b01100, 0b01000, 0b10000, 0b10100, 0b11000, 0b11100};
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 120).addi(A1, ZERO, -5);
        a.label("L");
        for (int k = 0; k < f5.length; k++) {
            a.add(A1, A1, S1).xori(A1, A1, 0x3a5);
            a.amo(f5[k], 2, A0, S0, A1).add(A2, A2, A0);          // .w, low half of word 0
            a.addi(T0, S0, 4).amo(f5[k], 2, A0, T0, A1).add(A2, A2, A0); // .w, high half
            a.addi(T0, S0, 8).amo(f5[k], 3, A0, T0, A1).add(A2, A2, A0); // .d
        }
        // LR/SC: a successful pair on each size, an SC with no reservation, one to another address.
        a.amo(0b00010, 2, T1, S0, ZERO).addi(T1, T1, 1).amo(0b00011, 2, T2, S0, T1).add(A2, A2, T2);
        a.addi(T0, S0, 8).amo(0b00010, 3, T1, T0, ZERO).addi(T1, T1, 3).amo(0b00011, 3, T2, T0, T1).add(A2, A2, T2);
        a.amo(0b00011, 3, T2, T0, A1).add(A2, A2, T2);
        a.amo(0b00010, 2, T1, S0, ZERO).addi(T0, S0, 4).amo(0b00011, 2, T2, T0, T1).add(A2, A2, T2);
        a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        compare(a, Interpreter.STOP_ECALL, 1, 17, 1_000_000);
    }

    @Test
    void aMisalignedAtomicFaultsInCompiledCodeAsInTheInterpreter() {
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 100).addi(A1, ZERO, 1);
        // aligned until s1 drops below 40, then 4 bytes off
        a.label("L").slti(T1, S1, 40).slli(T1, T1, 2).add(T0, S0, T1).amo(0b00000, 3, A0, T0, A1);
        a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        Machine m = compare(a, Interpreter.STOP_FAULT, 1, 1_000_000);
        assertEquals(Machine.DATA + 4, m.mmu.fault.address);
        assertEquals(7, m.mmu.fault.signal); // SIGBUS, BUS_ADRALN
    }

    @Test
    void atomicsAfterForkDoNotReachTheChild() {
        // A compiled loop adds with amoadd.d and amoadd.w; after a fork (pages now
        // copy-on-write) its atomics must break the sharing and leave the child's copy alone.
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 100).addi(A1, ZERO, 1);
        a.label("L").amo(0b00000, 3, A0, S0, A1).addi(T0, S0, 12).amo(0b00000, 2, A0, T0, A1);
        a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        Machine m = new Machine(a.words(), 1);
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
        dev.javix.mem.AddressSpace child = m.space.fork();
        m.mmu.sync();
        m.h.pc = Machine.CODE;
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
        byte[] b = new byte[16];
        child.read(Machine.DATA, b, 0, 16);
        ByteBuffer cb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(100, cb.getLong(0));
        assertEquals(100, cb.getInt(12));
        m.space.read(Machine.DATA, b, 0, 16);
        ByteBuffer pb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(200, pb.getLong(0));
        assertEquals(200, pb.getInt(12));
    }

    @Test
    void atomicsFromTwoHostThreadsOnOneWordLoseNoUpdate() throws Exception {
        // Two harts on two host threads, each with its own interpreter and Mmu over one address
        // space, add to one word with amoadd.w (high half) and an lr.w/sc.w loop (low half).
        Asm a = new Asm();
        a.lui(S0, LI_DATA).lui(S1, 20).addi(A1, ZERO, 1).addi(T0, S0, 4);
        a.label("L").amo(0b00000, 2, A0, T0, A1);
        a.label("retry").amo(0b00010, 2, T1, S0, ZERO).addi(T1, T1, 1).amo(0b00011, 2, T2, S0, T1).bne(T2, ZERO, "retry");
        a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
        Machine m = new Machine(a.words(), 1);
        m.space.setMultiThreaded();
        dev.javix.mem.Mmu mmu2 = new dev.javix.mem.Mmu();
        mmu2.attach(m.space);
        Interpreter ip2 = new Interpreter(mmu2, () -> 0L, 1);
        dev.javix.cpu.Hart h2 = new dev.javix.cpu.Hart();
        h2.pc = Machine.CODE;
        Thread other = new Thread(() -> {
            while (ip2.run(h2, 10_000) == Interpreter.STOP_BUDGET) { }
        });
        other.start();
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(10_000));
        other.join();
        byte[] b = new byte[8];
        m.space.read(Machine.DATA, b, 0, 8);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2 * (20 << 12), bb.getInt(0), "lr/sc increments");
        assertEquals(2 * (20 << 12), bb.getInt(4), "amoadd increments");
    }
    /**
     * A loop whose code runs through four pages (as much as a region's code may come from) and
     * calls a big function on a fifth: the region still calls the callee's region, since a
     * callee's page is only checked, not read. (It once counted among the four, and a region
     * across glibc's three-page vfprintf left itself at each of its calls.)
     */
    static Asm loopAcrossFourPagesCallingAFifth() {
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 300);
        a.label("L").addi(A1, S1, 0).j("p1");
        padTo(a, 0x1000);
        a.label("p1").addi(A2, A2, 1).j("p2");
        padTo(a, 0x2000);
        a.label("p2").addi(A2, A2, 2).j("p3");
        padTo(a, 0x3000);
        // (a branch reaches 4 KiB: back to the first page by a jump)
        a.label("p3").jal(RA, "f").add(A2, A2, A0).addi(S1, S1, -1).beq(S1, ZERO, "end").j("L");
        a.label("end").ecall();
        padTo(a, 0x4000);
        a.label("f").slli(A0, A1, 1).sd(A0, S0, 16);
        bulk(a).addi(A0, A0, 3).ret();
        return a;
    }

    @Test
    void aRegionWithCodeOnFourPagesCallsARegionOnAFifth() {
        compare(loopAcrossFourPagesCallingAFifth(), Interpreter.STOP_ECALL, 1, 7, 1_000_000);
        // The scan of the loop's region, on the profile of an interpreted run.
        Asm a = loopAcrossFourPagesCallingAFifth();
        Machine m = new Machine(a.words(), 1_000_000);
        assertEquals(Interpreter.STOP_ECALL, m.runToStop(1_000_000));
        long loop = Machine.CODE + a.pcOf("L"), f = Machine.CODE + a.pcOf("f");
        Region callee = new Region(f, 0) {
            @Override
            public long run(dev.javix.cpu.Hart h, Tlb t, long limit) {
                throw new AssertionError("not run");
            }
        };
        dev.javix.mem.Page p = m.mmu.cachedExecPage(loop);
        Scan s = Scan.of(p, CodePage.of(p), loop, 400, m.mmu, 100, target -> target == f ? callee : null);
        assertEquals(java.util.Map.of(Machine.CODE + a.pcOf("p3"), callee), s.calls, "the call runs the callee's region");
        assertTrue(s.pages.size() == Scan.MAX_PAGES + 1, "code on four pages, and the callee's page: " + s.pages.keySet());
    }
}
