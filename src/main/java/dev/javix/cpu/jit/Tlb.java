package dev.javix.cpu.jit;

import dev.javix.mem.AddressSpace;
import dev.javix.mem.Mmu;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;
import java.nio.ByteOrder;

/**
 * The compiled code's own small TLB in front of the {@link Mmu}: page bytes as the plain
 * {@code long[]} behind each page's memory segment, so that a load or an aligned 8-byte store
 * is a tag compare and an array access — far less code for the JVM to compile than a memory
 * segment access, and faster. Loads are small static methods here ({@link #ld}...), which
 * HotSpot inlines into a region's compiled code at its hot call sites. Stores have their hit path
 * written out in the region's own bytecode ({@link MemOps}): a compare-and-set of their word for
 * 1, 2 and 4 bytes, an array store for an aligned 8. Everything else (misses, misaligned
 * accesses, faults, a lost compare-and-set, atomics that miss) goes through the Mmu, which keeps
 * every semantic; this cache only ever holds pages the Mmu has just accessed.
 *
 * <p>Coherence. A page enters only when its reference count is 1: such a page is never
 * replaced by a copy-on-write break, so this cache and the Mmu's TLB always agree on which
 * Page an address reaches. Anything that removes or narrows a translation (munmap, mprotect,
 * fork, exec) bumps the space's generation; {@link #sync} drops everything then, and the
 * interpreter calls it before each run, right after the virtual CPU synchronised the Mmu.
 *
 * <p>The bytes of a page are little-endian {@code long}s, which on a little-endian host is
 * exactly how the elements of its {@code long[]} hold them; on another host nothing is cached.
 * Owned by one virtual CPU's thread, like its Mmu.
 */
public final class Tlb {
    private static final int BITS = 8;
    static final int SIZE = 1 << BITS;
    private static final int MASK = SIZE - 1;
    /** This class, for the compiled code that reads its fields ({@link MemOps}). */
    static final java.lang.constant.ClassDesc CD = java.lang.constant.ClassDesc.of(Tlb.class.getName());

    private static final int WORDS = Page.SIZE / 8;
    private static final boolean LITTLE_ENDIAN_HOST = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private long[] readTag = new long[SIZE];
    private long[][] readData = new long[SIZE][];
    // Public for the compiled regions (hidden classes in another package), whose stores read them
    // (MemOps) and never write them; written by this CPU's thread only.
    /** Page number cached in each write entry, -1 if none. */
    public long[] writeTag = new long[SIZE];
    /** The words of each write entry's page. */
    public long[][] writeData = new long[SIZE][];
    /** Pages that may not be cached (shared by reference), so a miss does not look them up again. */
    private long[] readSkip = new long[SIZE], writeSkip = new long[SIZE];

    public final Mmu mmu;
    private AddressSpace space;
    private long generation;

    /** The entries of the address space before the current one, kept for a switch back (as the Mmu's). */
    private long[] spareReadTag = new long[SIZE], spareWriteTag = new long[SIZE];
    private long[][] spareReadData = new long[SIZE][], spareWriteData = new long[SIZE][];
    private long[] spareReadSkip = new long[SIZE], spareWriteSkip = new long[SIZE];
    private AddressSpace spareSpace;
    private long spareGeneration;

    public Tlb(Mmu mmu) {
        this.mmu = mmu;
        flush();
        swapWithSpare();
        flush();
    }

    /**
     * Follows the Mmu to its address space, keeping the entries of the one before as the spare
     * (a switch back to it finds them), and drops every entry if the space changed its mappings
     * since this cache last looked.
     */
    public void sync() {
        AddressSpace s = mmu.space();
        if (s != space) swapWithSpare();
        if (s == space && (s == null || s.generation() == generation)) return;
        flush();
        space = s;
        generation = s == null ? 0 : s.generation();
    }

    private void swapWithSpare() {
        long[] t = readTag; readTag = spareReadTag; spareReadTag = t;
        t = writeTag; writeTag = spareWriteTag; spareWriteTag = t;
        t = readSkip; readSkip = spareReadSkip; spareReadSkip = t;
        t = writeSkip; writeSkip = spareWriteSkip; spareWriteSkip = t;
        long[][] d = readData; readData = spareReadData; spareReadData = d;
        d = writeData; writeData = spareWriteData; spareWriteData = d;
        AddressSpace a = space; space = spareSpace; spareSpace = a;
        long g = generation; generation = spareGeneration; spareGeneration = g;
    }

    private void flush() {
        java.util.Arrays.fill(readTag, -1L);
        java.util.Arrays.fill(writeTag, -1L);
        java.util.Arrays.fill(readSkip, -1L);
        java.util.Arrays.fill(writeSkip, -1L);
        java.util.Arrays.fill(readData, null);
        java.util.Arrays.fill(writeData, null);
    }

    // ------------------------------------------------------------------ fast paths (inlined into regions)

    /** The 8-byte word holding a, or null-free miss handling by the caller: index of a within its page's words. */
    private static int word(long a) {
        return (int) (a & Page.MASK) >>> 3;
    }

    /** Bit position of a's byte within its word. */
    private static int shift(long a) {
        return ((int) a & 7) << 3;
    }

    public static long ld(Tlb t, long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & MASK;
        if (t.readTag[i] == vpn && (a & 7) == 0) return t.readData[i][word(a)];
        return t.load64(a);
    }

    public static int lw(Tlb t, long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & MASK;
        if (t.readTag[i] == vpn && (a & 3) == 0) return (int) (t.readData[i][word(a)] >>> shift(a));
        return t.load32(a);
    }

    public static short lh(Tlb t, long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & MASK;
        if (t.readTag[i] == vpn && (a & 1) == 0) return (short) (t.readData[i][word(a)] >>> shift(a));
        return t.load16(a);
    }

    public static byte lb(Tlb t, long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & MASK;
        if (t.readTag[i] == vpn) return (byte) (t.readData[i][word(a)] >>> shift(a));
        return t.load8(a);
    }

    /**
     * The words of the page holding a if this cache holds it for writing and a is aligned as
     * {@code alignMask} (3 or 7) asks, else null: the fast path of the A extension in compiled
     * code (the page is unshared, so an atomic on its array is an atomic on guest memory).
     */
    public static long[] atomicWords(Tlb t, long a, int alignMask) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & MASK;
        return t.writeTag[i] == vpn && (a & alignMask) == 0 ? t.writeData[i] : null;
    }

    /** After the Mmu performed an atomic access at a: caches a's page for the next one. */
    public void filledForAtomic(long a) {
        fillWrite(a);
    }

    // ------------------------------------------------------------------ misses of compiled stores (MemOps)

    public static void storeMiss1(Tlb t, long a, long v) {
        t.mmu.store8(a, (byte) v);
        t.fillWrite(a);
    }

    public static void storeMiss2(Tlb t, long a, long v) {
        t.mmu.store16(a, (short) v);
        t.fillWrite(a);
    }

    public static void storeMiss4(Tlb t, long a, long v) {
        t.mmu.store32(a, (int) v);
        t.fillWrite(a);
    }

    public static void storeMiss8(Tlb t, long a, long v) {
        t.mmu.store64(a, v);
        t.fillWrite(a);
    }

    // ------------------------------------------------------------------ slow paths: the Mmu, then a refill

    private long load64(long a) {
        long v = mmu.load64(a);
        fillRead(a);
        return v;
    }

    private int load32(long a) {
        int v = mmu.load32(a);
        fillRead(a);
        return v;
    }

    private short load16(long a) {
        short v = mmu.load16(a);
        fillRead(a);
        return v;
    }

    private byte load8(long a) {
        byte v = mmu.load8(a);
        fillRead(a);
        return v;
    }

    /** After the Mmu read a: caches a's page for reading if it may be. */
    private void fillRead(long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & MASK;
        if (readTag[i] == vpn || readSkip[i] == vpn || space == null) return;
        long[] words = cacheable(space.resolve(a, Vma.READ));
        if (words == null) {
            readSkip[i] = vpn;
            return;
        }
        readTag[i] = vpn;
        readData[i] = words;
    }

    /** After the Mmu wrote a (breaking copy-on-write if needed): caches a's page for writing and reading. */
    private void fillWrite(long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & MASK;
        if (writeTag[i] == vpn || writeSkip[i] == vpn || space == null) return;
        long[] words = cacheable(space.resolve(a, Vma.WRITE));
        if (words == null) {
            writeSkip[i] = vpn;
            return;
        }
        writeTag[i] = vpn;
        writeData[i] = words;
        readTag[i] = vpn;
        readData[i] = words;
    }

    /** The words of p if this cache may hold it: unshared (no COW break can replace it), long[]-backed. */
    private static long[] cacheable(Page p) {
        if (p == null || p.refs() != 1 || !LITTLE_ENDIAN_HOST) return null;
        Object base = p.data.heapBase().orElse(null);
        return base instanceof long[] w && w.length == WORDS ? w : null;
    }
}
