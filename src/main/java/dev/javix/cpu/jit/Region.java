package dev.javix.cpu.jit;

import dev.javix.cpu.Hart;

/**
 * A compiled region of guest code: the blocks reachable by direct branches from one entry pc
 * (on its page and, along the hot path, on a few others; see {@link Scan}), translated to one
 * JVM method (see {@link Emitter}). Instances are stateless, so one region serves every hart
 * and virtual CPU that runs the page.
 */
public abstract class Region {
    /**
     * The pc the region was compiled for. A page can appear at another address (mremap, a
     * shared mapping mapped twice), and the code has absolute addresses built in.
     */
    final long entry;

    /**
     * How deep compiled calls nest below this region: 0 if it calls no other region, else one
     * more than the deepest region it calls (see {@link Emitter}); bounds the JVM stack a
     * region may use.
     */
    final int depth;

    protected Region(long entry, int depth) {
        this.entry = entry;
        this.depth = depth;
    }

    /**
     * Runs the region from its entry pc and returns the pc to continue at. The integer registers
     * are the hart's fields x1..x31 ({@link Hart#x1}), not {@code h.x}, both on entry and on
     * return (the interpreter moves them). Retired instructions
     * are added to {@code h.instret}; the region returns at a loop back edge once
     * {@code h.instret >= limit}, having retired at least one instruction. It does not look at
     * the interpreter's kick flag: the interpreter passes limits a few thousand instructions apart. On a memory fault it leaves {@code h.pc} at the faulting instruction, the
     * registers and {@code h.instret} as the interpreter would, and rethrows the fault.
     */
    public abstract long run(Hart h, Tlb t, long limit);
}
