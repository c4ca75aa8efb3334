package dev.javix.cpu.jit;

import java.util.SplittableRandom;

/**
 * Random loop programs over the RV64IM integer instructions, loads and stores, for comparing
 * the compiler with the interpreter: an outer counted loop (s1) around random straight-line
 * code with forward branches and jumps and sometimes an inner counted loop (s3). s0 points
 * into the data area and is never written, so every access stays inside it.
 */
final class RandomProgram {
    private RandomProgram() {}

    /** Registers the random code reads and writes (not s0, s1, s3). */
    private static final int[] POOL = {Asm.A0, Asm.A1, Asm.A2, Asm.A3, Asm.A4, Asm.A5, Asm.T0, Asm.T1, Asm.T2,
        Asm.S2, Asm.T3, Asm.T4};
    private static final int[][] OPS = { // {funct7, funct3} of OP
        {0, 0}, {0x20, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0x20, 5}, {0, 6}, {0, 7},
        {1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}};
    private static final int[][] OPS32 = {{0, 0}, {0x20, 0}, {0, 1}, {0, 5}, {0x20, 5}, {1, 0}, {1, 4}, {1, 5},
        {1, 6}, {1, 7}};

    static Asm generate(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Asm a = new Asm();
        // s0 = 1 KiB below a page boundary of the data area, so accesses cross pages and words
        a.lui(Asm.S0, (int) ((Machine.DATA + 0x1000) >>> 12)).addi(Asm.S0, Asm.S0, -1024);
        a.addi(Asm.S1, Asm.ZERO, 20 + r.nextInt(60));
        a.label("outer");
        int labels = 0;
        int pendingLabel = -1, pendingIn = 0;
        boolean inner = false;
        int n = 20 + r.nextInt(60);
        for (int i = 0; i < n; i++) {
            if (pendingLabel >= 0 && --pendingIn <= 0) {
                a.label("f" + pendingLabel);
                pendingLabel = -1;
            }
            int kind = r.nextInt(100);
            if (kind < 6 && pendingLabel < 0) {
                pendingLabel = labels++;
                pendingIn = 1 + r.nextInt(4);
                int f3 = new int[] {0, 1, 4, 5, 6, 7}[r.nextInt(6)];
                if (r.nextInt(5) == 0) a.j("f" + pendingLabel);
                else a.branch(f3, reg(r), reg(r), "f" + pendingLabel);
            } else if (kind < 8 && !inner && pendingLabel < 0) {
                inner = true;
                a.addi(Asm.S3, Asm.ZERO, 2 + r.nextInt(5)).label("inner");
                int body = 1 + r.nextInt(4);
                for (int k = 0; k < body; k++) alu(a, r);
                a.addi(Asm.S3, Asm.S3, -1).bne(Asm.S3, Asm.ZERO, "inner");
            } else if (kind < 22) {
                int f3 = r.nextInt(7);
                a.load(f3, dest(r), Asm.S0, r.nextInt(2040));
            } else if (kind < 32) {
                a.store(r.nextInt(4), reg(r), Asm.S0, r.nextInt(2040));
            } else {
                alu(a, r);
            }
        }
        if (pendingLabel >= 0) a.label("f" + pendingLabel);
        a.addi(Asm.S1, Asm.S1, -1).bne(Asm.S1, Asm.ZERO, "outer").ecall();
        return a;
    }

    private static int reg(SplittableRandom r) {
        return r.nextInt(10) == 0 ? Asm.ZERO : POOL[r.nextInt(POOL.length)];
    }

    private static int dest(SplittableRandom r) {
        return r.nextInt(20) == 0 ? Asm.ZERO : POOL[r.nextInt(POOL.length)];
    }

    private static void alu(Asm a, SplittableRandom r) {
        int rd = dest(r), rs1 = reg(r), rs2 = reg(r);
        int imm = r.nextInt(4096) - 2048;
        switch (r.nextInt(20)) {
            case 0, 1, 2 -> { int[] o = OPS[r.nextInt(OPS.length)]; a.op(o[0], o[1], rd, rs1, rs2); }
            case 3, 4 -> { int[] o = OPS32[r.nextInt(OPS32.length)]; a.op32(o[0], o[1], rd, rs1, rs2); }
            case 5 -> a.addi(rd, rs1, imm);
            case 6 -> a.slti(rd, rs1, imm);
            case 7 -> a.sltiu(rd, rs1, imm);
            case 8 -> a.xori(rd, rs1, imm);
            case 9 -> a.ori(rd, rs1, imm);
            case 10 -> a.andi(rd, rs1, imm);
            case 11 -> a.slli(rd, rs1, r.nextInt(64));
            case 12 -> a.srli(rd, rs1, r.nextInt(64));
            case 13 -> a.srai(rd, rs1, r.nextInt(64));
            case 14 -> a.addiw(rd, rs1, imm);
            case 15 -> a.slliw(rd, rs1, r.nextInt(32));
            case 16 -> a.srliw(rd, rs1, r.nextInt(32));
            case 17 -> a.sraiw(rd, rs1, r.nextInt(32));
            case 18 -> a.lui(rd, r.nextInt(1 << 20));
            default -> a.auipc(rd, r.nextInt(1 << 20));
        }
    }

    /** Random starting values for the pool registers (the same for a given seed). */
    static void init(Machine m, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int reg : POOL) {
            long v = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(16) - 8;
                case 1 -> Long.MIN_VALUE + r.nextInt(3) - 1;
                default -> r.nextLong();
            };
            m.h.x[reg] = v;
        }
    }
}
