package dev.javix.cpu.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.javix.cpu.Hart;
import dev.javix.cpu.Interpreter;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.MemoryAccount;
import dev.javix.mem.Mmu;
import dev.javix.mem.Vma;

/** A bare hart, address space and interpreter running hand-assembled code, for the JIT tests. */
final class Machine {
    static final long CODE = 0x10000, CODE_LEN = 0x6000, DATA = 0x40000, DATA_LEN = 0x4000;

    final AddressSpace space = new AddressSpace(new MemoryAccount(64L << 20));
    final Mmu mmu = new Mmu();
    final Interpreter ip;
    final Hart h = new Hart();

    /** Code at CODE (read/write/execute, so tests can patch it), data at DATA; jitThreshold 0 = no JIT. */
    Machine(int[] code, int jitThreshold) {
        space.map(CODE, CODE_LEN, Vma.READ | Vma.WRITE | Vma.EXEC, 0, null, 0, "code");
        space.map(DATA, DATA_LEN, Vma.READ | Vma.WRITE, 0, null, 0, "data");
        load(code);
        mmu.attach(space);
        ip = new Interpreter(mmu, () -> 0L, jitThreshold);
        h.pc = CODE;
    }

    void load(int[] code) {
        byte[] b = new byte[code.length * 4];
        for (int i = 0; i < code.length; i++) {
            for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (code[i] >>> (8 * k));
        }
        if (!space.write(CODE, b, 0, b.length)) throw new IllegalStateException("code does not fit");
    }

    /** Runs with the given budget per call (as the scheduler would) until something other than the budget stops it. */
    int runToStop(long budget) {
        for (long calls = 0; calls < 50_000_000L; calls++) {
            int stop = ip.run(h, budget);
            if (stop != Interpreter.STOP_BUDGET) return stop;
        }
        throw new AssertionError("did not stop");
    }

    byte[] data() {
        byte[] b = new byte[(int) DATA_LEN];
        space.read(DATA, b, 0, b.length);
        return b;
    }

    /** Asserts that two machines ended in the same architectural state. */
    static void assertSameState(Machine want, Machine got, String what) {
        // x[32] is the interpreter's sink for writes to x0, not architectural state
        assertArrayEquals(java.util.Arrays.copyOf(want.h.x, 32), java.util.Arrays.copyOf(got.h.x, 32),
                what + ": x registers");
        assertArrayEquals(want.h.f, got.h.f, what + ": f registers");
        assertEquals(Long.toHexString(want.h.pc), Long.toHexString(got.h.pc), what + ": pc");
        assertEquals(want.h.instret, got.h.instret, what + ": instret");
        assertEquals(want.h.fflags, got.h.fflags, what + ": fflags");
        assertEquals(want.h.reservationAddr, got.h.reservationAddr, what + ": reservation");
        assertArrayEquals(want.data(), got.data(), what + ": data memory");
    }
}
