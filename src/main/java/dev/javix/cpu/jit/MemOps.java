package dev.javix.cpu.jit;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.javix.mem.Page;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * Emits a region's stores with the {@link Tlb}'s hit path written out in the region's own
 * bytecode: a tag compare, then, for 1, 2 and 4 bytes, a compare-and-set of the aligned 8-byte
 * word of the page's {@code long[]} that holds the bytes, so a concurrent store by another thread
 * to a neighbouring byte of the same word is never lost (a plain read-modify-write of the word
 * could lose it), and for an aligned 8 bytes one array store. A miss, a misaligned store, or a
 * word that changed meanwhile takes the Mmu.
 *
 * <p>Why in the region and not a call. Narrow stores used to be calls of the Mmu, and as calls of
 * small Tlb methods they stayed slow (they are too big to be inlined at sites HotSpot does not
 * find hot, and a region's cold sites are many): glibc's stdio copies formatted text a byte at a
 * time, and a call per byte saves and restores every guest register the region keeps in host
 * registers. Measured on guest/bench/http_parse (steady state): 8.4-9.4 us per request with
 * calls, 7.2-7.4 with the stores written out. 8-byte stores followed (medians of six interleaved
 * runs: 7.8 us per request as calls of a Tlb method, 7.4 written out; the epoll server's host
 * CPU per request 18.5-19.9 us against 20-22.6; cpubench unchanged within its noise): in a
 * region near the bytecode limit HotSpot inlines no call at all. Loads stay calls of
 * {@link Tlb#ld} and co.: writing them out too made regions so much bigger that cpubench, which
 * is mostly compile time, went from about 6.3 to 8 s (and out on the hot path only, 14% slower).
 */
final class MemOps {
    private static final ClassDesc CD_LONGS = CD_long.arrayType(), CD_PAGES = CD_LONGS.arrayType();
    private static final int TLB_MASK = Tlb.SIZE - 1;

    private final CodeBuilder cb;
    /** Local slots: the Tlb; scratch for the address (long), the value (long), the old word (long), index and shift (int), the words (long[]). */
    private final int tlb, addr, value, old, index, shift, words;
    /** The constant of the VarHandle on long[] elements that narrow stores compare-and-set through. */
    private final java.util.function.Supplier<ConstantDesc> wordHandle;

    /** tlb: the Tlb's local slot; scratch: the first of nine free local slots. */
    MemOps(CodeBuilder cb, int tlb, int scratch, java.util.function.Supplier<ConstantDesc> wordHandle) {
        this.cb = cb;
        this.tlb = tlb;
        this.addr = scratch;
        this.value = scratch + 2;
        this.old = scratch + 4;
        this.index = scratch + 6;
        this.shift = scratch + 7;
        this.words = scratch + 8;
        this.wordHandle = wordHandle;
    }

    /**
     * Pops an address (long) and a value (long, on top) and stores the value's low {@code size}
     * (1, 2, 4 or 8) bytes there.
     */
    void store(int size) {
        Label miss = cb.newLabel(), done = cb.newLabel();
        cb.lstore(value).lstore(addr);
        tagCheck("writeTag", size, miss);
        cb.aload(tlb).getfield(Tlb.CD, "writeData", CD_PAGES).iload(index).aaload();
        if (size == 8) {
            wordIndex(); // the whole aligned word: one array store, as atomic as the Mmu's
            cb.lload(value).lastore();
        } else {
            casBytes(size, miss);
        }
        cb.goto_(done);
        cb.labelBinding(miss);
        cb.aload(tlb).lload(addr).lload(value);
        cb.invokestatic(Tlb.CD, "storeMiss" + size, MethodTypeDesc.of(CD_void, Tlb.CD, CD_long, CD_long));
        cb.labelBinding(done);
    }

    /**
     * With the page's words on the stack: replaces the stored bytes of their word by a
     * compare-and-set, jumping to miss if another thread changed the word meanwhile.
     */
    private void casBytes(int size, Label miss) {
        long mask = (1L << (8 * size)) - 1;
        cb.astore(words);
        wordIndex();
        cb.istore(index); // the page index is no longer needed: the word's index from here
        byteShift();
        cb.istore(shift);
        cb.aload(words).iload(index).laload().lstore(old);
        cb.ldc(wordHandle.get()).aload(words).iload(index).lload(old);
        // old with the stored bytes replaced: (old & ~(mask << shift)) | ((value & mask) << shift)
        cb.lload(old).loadConstant(mask).iload(shift).lshl().loadConstant(-1L).lxor().land();
        cb.lload(value).loadConstant(mask).land().iload(shift).lshl().lor();
        cb.invokevirtual(ClassDesc.of("java.lang.invoke.VarHandle"), "compareAndSet",
                MethodTypeDesc.of(CD_boolean, CD_LONGS, CD_int, CD_long, CD_long));
        cb.ifeq(miss); // another thread changed the word meanwhile: store through the Mmu
    }

    /**
     * Jumps to miss unless the Tlb's {@code tags} entry for the address is its page and the
     * address is aligned for {@code size}; leaves the entry's index in {@link #index}.
     */
    private void tagCheck(String tags, int size, Label miss) {
        cb.lload(addr).loadConstant(Page.SHIFT).lushr().l2i().loadConstant(TLB_MASK).iand().istore(index);
        cb.aload(tlb).getfield(Tlb.CD, tags, CD_LONGS).iload(index).laload();
        cb.lload(addr).loadConstant(Page.SHIFT).lushr().lcmp().ifne(miss);
        if (size > 1) cb.lload(addr).l2i().loadConstant(size - 1).iand().ifne(miss);
    }

    /** Pushes the index of the address's 8-byte word in its page's long[]. */
    private void wordIndex() {
        cb.lload(addr).l2i().loadConstant((int) Page.MASK).iand().iconst_3().iushr();
    }

    /** Pushes the bit position (int) of the address's first byte in its word (little-endian). */
    private void byteShift() {
        cb.lload(addr).l2i().bipush(7).iand().iconst_3().ishl();
    }
}
