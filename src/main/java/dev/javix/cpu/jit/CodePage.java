package dev.javix.cpu.jit;

import dev.javix.cpu.Decoder;
import dev.javix.cpu.Insn;
import dev.javix.mem.Page;

/**
 * Everything the CPU caches about one code page, kept in {@link Page#decoded}: the decoded
 * instructions (one slot per 2-byte offset), and, when the compiler is on, the entry counts of
 * block heads and the compiled regions entered there. Because it hangs off the page, a fresh
 * page (exec, a COW copy, munmap and a new mapping) starts with nothing cached, and fence.i
 * ({@code AddressSpace.forgetDecodedCode}) drops it all at once.
 *
 * <p>Shared by every hart that executes the page, without locks: slots only ever go from null
 * to an immutable value (a lost update just decodes, counts or compiles again), and counts are
 * approximate by design.
 */
public final class CodePage {
    public static final int SLOTS = Page.SIZE / 2;

    /** Decoded instructions by (page offset / 2). */
    public final Insn[] insns = new Insn[SLOTS];
    /** Compiled regions by entry slot; allocated on first use. */
    Region[] regions;
    /** Entry counts of block heads by slot; allocated on first use. */
    int[] heat;
    /** The last target of each indirect call (jalr that links) by slot, 0 if none seen; allocated on first use. */
    private long[] callTargets;

    /** The code page cache of p, created on first use. */
    public static CodePage of(Page p) {
        Object d = p.decoded;
        if (d instanceof CodePage c) return c;
        CodePage c = new CodePage();
        p.decoded = c;
        return c;
    }

    /** Records that the jalr at page offset off called target (a profile for inlining the callee). */
    public void noteCall(int off, long target) {
        long[] t = callTargets;
        if (t == null) callTargets = t = new long[SLOTS];
        t[off >>> 1] = target;
    }

    /** The last target seen by the indirect call at page offset off, or 0. */
    long callTarget(int off) {
        long[] t = callTargets;
        return t == null ? 0 : t[off >>> 1];
    }

    /**
     * The instruction at page offset {@code off}, decoded from the page's bytes and cached; null
     * if it is a 32-bit instruction whose second half lies on the next page (its meaning depends
     * on two pages, so the caller decodes it by itself and never caches it).
     */
    public Insn at(Page p, int off) {
        Insn in = insns[off >>> 1];
        if (in != null) return in;
        int half = (p.getByte(off) & 0xff) | (p.getByte(off + 1) & 0xff) << 8;
        if ((half & 3) != 3) {
            in = Decoder.decode16(half);
        } else {
            if (off + 4 > Page.SIZE) return null;
            int hi = (p.getByte(off + 2) & 0xff) | (p.getByte(off + 3) & 0xff) << 8;
            in = Decoder.decode32(half | hi << 16);
        }
        insns[off >>> 1] = in;
        return in;
    }

    /**
     * The 32-bit instruction in the last two bytes of page p, whose upper half is the first two
     * bytes of page next: the one {@link #at} does not decode. Never cached, as it depends on both.
     */
    public static Insn across(Page p, Page next) {
        int off = Page.SIZE - 2;
        int lo = (p.getByte(off) & 0xff) | (p.getByte(off + 1) & 0xff) << 8;
        int hi = (next.getByte(0) & 0xff) | (next.getByte(1) & 0xff) << 8;
        return Decoder.decode32(lo | hi << 16);
    }
}
