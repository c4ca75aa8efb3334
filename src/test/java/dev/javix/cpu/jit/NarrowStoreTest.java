package dev.javix.cpu.jit;

import static dev.javix.cpu.jit.Asm.A0;
import static dev.javix.cpu.jit.Asm.A1;
import static dev.javix.cpu.jit.Asm.A2;
import static dev.javix.cpu.jit.Asm.S0;
import static dev.javix.cpu.jit.Asm.S1;
import static dev.javix.cpu.jit.Asm.T0;
import static dev.javix.cpu.jit.Asm.T1;
import static dev.javix.cpu.jit.Asm.ZERO;
import static dev.javix.cpu.jit.JitTest.LI_DATA;
import static dev.javix.cpu.jit.JitTest.compare;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.javix.cpu.Hart;
import dev.javix.cpu.Interpreter;
import dev.javix.mem.Mmu;
import org.junit.jupiter.api.Test;

/**
 * Stores in compiled code (MemOps): on a Tlb hit a compare-and-set of the 8-byte word that holds
 * 1, 2 or 4 bytes, or one array store of an aligned 8; the Mmu otherwise (misaligned, across
 * pages).
 */
class NarrowStoreTest {
    @Test
    void bytesHalvesAndWordsAtEveryOffsetAndAcrossAPage() {
        // For i = 300..1: sb, sh, sw of a changing value at data + (i % 16), sw at the last
        // bytes of the first data page (misaligned, across into the next), then sum what the
        // loads read back.
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 300).addi(A0, ZERO, 0x1234);
        a.label("L");
        a.andi(T0, S1, 15).add(T0, T0, S0);
        a.store(0, A0, T0, 0).store(1, A0, T0, 32).store(2, A0, T0, 64); // sb, sh, sw (misaligned at times)
        a.load(4, T1, T0, 0).add(A2, A2, T1).load(5, T1, T0, 32).add(A2, A2, T1).load(6, T1, T0, 64).add(A2, A2, T1);
        a.lui(T1, (int) ((Machine.DATA + 0x1000) >>> 12)).store(2, A0, T1, -2); // sw across the pages
        a.load(6, A1, T1, -2).add(A2, A2, A1);
        a.slli(A0, A0, 3).xori(A0, A0, 0x5a5).addi(S1, S1, -1).bne(S1, ZERO, "L");
        a.ecall();
        compare(a, Interpreter.STOP_ECALL, 1, 7, 100, 1_000_000);
    }

    @Test
    void doublewordsAtEveryOffsetAndAcrossAPage() {
        // 8-byte stores (MemOps.store of 8 bytes): an array store when aligned and cached, the Mmu when
        // misaligned (i % 16 in the loop), across into the next page, or not yet cached.
        Asm a = new Asm();
        a.lui(S0, LI_DATA).addi(S1, ZERO, 300).addi(A0, ZERO, 0x1234);
        a.label("L");
        a.andi(T0, S1, 15).add(T0, T0, S0);
        a.store(3, A0, T0, 0).store(3, A0, T0, 40); // sd (misaligned at times)
        a.load(3, T1, T0, 0).add(A2, A2, T1).load(3, T1, T0, 40).add(A2, A2, T1);
        a.lui(T1, (int) ((Machine.DATA + 0x1000) >>> 12)).store(3, A0, T1, -4); // sd across the pages
        a.load(3, A1, T1, -4).add(A2, A2, A1).store(3, A2, T1, 8); // and one aligned on the next page
        a.slli(A0, A0, 5).xori(A0, A0, 0x5a5).addi(S1, S1, -1).bne(S1, ZERO, "L");
        a.ecall();
        compare(a, Interpreter.STOP_ECALL, 1, 7, 100, 1_000_000);
    }

    @Test
    void storesOfTwoThreadsToHalvesOfOneWordAreNeverLost() throws Exception {
        // Two virtual CPUs on one address space, each counting up its own halfword of the same
        // 64 words (lhu, addi, sh) in a compiled loop. No counter is shared, so each must end at
        // the number of rounds; a store that rewrote the whole word from a stale read would put
        // back the other CPU's older count, and that counter would end short.
        Machine m = new Machine(new Asm().ecall().words(), 0);
        int rounds = 0x4600; // lui + addi below (addi's immediate under 2048)
        Thread[] cpus = new Thread[2];
        Throwable[] failed = new Throwable[1];
        for (int k = 0; k < 2; k++) {
            Asm a = new Asm();
            a.lui(S0, LI_DATA).addi(S0, S0, 2 * k).lui(S1, rounds >>> 12).addi(S1, S1, rounds & 0xfff);
            a.label("L").addi(T0, ZERO, 64).addi(T1, S0, 0);
            a.label("W").load(5, A0, T1, 0).addi(A0, A0, 1).store(1, A0, T1, 0); // lhu, sh
            a.addi(T1, T1, 8).addi(T0, T0, -1).bne(T0, ZERO, "W");
            a.addi(S1, S1, -1).bne(S1, ZERO, "L").ecall();
            long at = Machine.CODE + 0x1000 + 0x400L * k;
            int[] w = a.words();
            byte[] b = new byte[w.length * 4];
            for (int i = 0; i < b.length; i++) b[i] = (byte) (w[i / 4] >>> (8 * (i % 4)));
            m.space.write(at, b, 0, b.length);
            Hart h = new Hart();
            h.pc = at;
            Mmu mmu = new Mmu();
            mmu.attach(m.space);
            Interpreter ip = new Interpreter(mmu, () -> 0L, 2);
            cpus[k] = new Thread(() -> {
                try {
                    while (ip.run(h, 10_000) == Interpreter.STOP_BUDGET) { }
                } catch (Throwable t) {
                    failed[0] = t;
                }
            });
        }
        for (Thread t : cpus) t.start();
        for (Thread t : cpus) t.join();
        if (failed[0] != null) throw new AssertionError(failed[0]);
        java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(m.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int word = 0; word < 64; word++) {
            assertEquals(rounds, data.getShort(8 * word) & 0xffff, "CPU 0's counter in word " + word);
            assertEquals(rounds, data.getShort(8 * word + 2) & 0xffff, "CPU 1's counter in word " + word);
        }
    }
}
