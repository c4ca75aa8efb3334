package dev.javix.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A virtual CPU's view of guest memory: a direct-mapped software TLB in front of an
 * {@link AddressSpace}. The load/store fast paths are a tag compare and a VarHandle access into
 * the page's memory segment: no allocation, no exception. Misses, page-crossing accesses and faults
 * take the slow path; an access the kernel refuses throws the preallocated {@link #fault}.
 *
 * <p>Three TLBs: read, write and execute. A page enters the write TLB only when this address
 * space may write it in place (private and unshared, or a shared mapping), so a store that hits
 * needs no COW check. Entries are dropped when the address space's generation moves
 * ({@link #sync()}, called by the CPU between time slices and after each system call).
 *
 * <p>Owned by one host thread (its virtual CPU); not thread-safe.
 */
public final class Mmu {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    /** Aligned, atomic-capable views for the A extension. */
    private static final VarHandle ATOMIC_LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle ATOMIC_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private static final int BITS = 9;
    private static final int ENTRIES = 1 << BITS;
    private static final int INDEX_MASK = ENTRIES - 1;

    private long[] readTag = new long[ENTRIES];
    private MemorySegment[] readData = new MemorySegment[ENTRIES];
    private long[] writeTag = new long[ENTRIES];
    private MemorySegment[] writeData = new MemorySegment[ENTRIES];
    private long[] execTag = new long[ENTRIES];
    private Page[] execPage = new Page[ENTRIES];

    private AddressSpace space;
    private long seenGeneration;

    /**
     * The translations of the address space this CPU ran before the current one, kept for a
     * switch back: two processes that take turns on a CPU (the two ends of a pipe or a socket)
     * then find their entries warm instead of refilling every page they touch after a flush. A
     * second address-space ID, in effect; the generation check on the way back drops them if
     * that space changed its mappings meanwhile.
     */
    private long[] spareReadTag = new long[ENTRIES];
    private MemorySegment[] spareReadData = new MemorySegment[ENTRIES];
    private long[] spareWriteTag = new long[ENTRIES];
    private MemorySegment[] spareWriteData = new MemorySegment[ENTRIES];
    private long[] spareExecTag = new long[ENTRIES];
    private Page[] spareExecPage = new Page[ENTRIES];
    private AddressSpace spareSpace;
    private long spareGeneration;
    /**
     * The generation this TLB last synchronised with, published for TLB shootdowns: a CPU that
     * changed a multi-threaded address space waits until every other CPU running it has caught
     * up (Linux's flush IPIs).
     */
    private volatile long syncedGeneration;

    /** Thrown (preallocated) when an access faults. */
    public final MemoryFault fault = new MemoryFault();

    public Mmu() {
        flush();
        swapWithSpare();
        flush();
    }

    /**
     * Switches to another address space (a context switch to another process): to the spare
     * translations if they are that space's, else to fresh ones; the current ones become the
     * spare either way.
     */
    public void attach(AddressSpace space) {
        if (this.space == space) {
            sync();
            return;
        }
        swapWithSpare();
        if (this.space == space) {
            syncedGeneration = seenGeneration;
            sync();
        } else {
            this.space = space;
            flush();
        }
    }

    private void swapWithSpare() {
        long[] lt = readTag; readTag = spareReadTag; spareReadTag = lt;
        MemorySegment[] sd = readData; readData = spareReadData; spareReadData = sd;
        lt = writeTag; writeTag = spareWriteTag; spareWriteTag = lt;
        sd = writeData; writeData = spareWriteData; spareWriteData = sd;
        lt = execTag; execTag = spareExecTag; spareExecTag = lt;
        Page[] pp = execPage; execPage = spareExecPage; spareExecPage = pp;
        AddressSpace a = space; space = spareSpace; spareSpace = a;
        long g = seenGeneration; seenGeneration = spareGeneration; spareGeneration = g;
    }

    public AddressSpace space() {
        return space;
    }

    /** Drops stale translations if the address space changed its mappings since we looked. */
    public void sync() {
        if (space != null && space.generation() != seenGeneration) flush();
    }

    public void flush() {
        java.util.Arrays.fill(readTag, -1L);
        java.util.Arrays.fill(writeTag, -1L);
        java.util.Arrays.fill(execTag, -1L);
        java.util.Arrays.fill(readData, null);
        java.util.Arrays.fill(writeData, null);
        java.util.Arrays.fill(execPage, null);
        seenGeneration = space == null ? 0 : space.generation();
        syncedGeneration = seenGeneration;
    }

    /** The generation of the attached space this TLB reflects. */
    public long syncedGeneration() {
        return syncedGeneration;
    }

    // ------------------------------------------------------------------ loads

    public long load64(long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        int off = (int) (a & Page.MASK);
        if (readTag[i] == vpn && off <= Page.SIZE - 8) return readData[i].get(LONG, off);
        return load64Slow(a);
    }

    public int load32(long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        int off = (int) (a & Page.MASK);
        if (readTag[i] == vpn && off <= Page.SIZE - 4) return readData[i].get(INT, off);
        return (int) loadSlow(a, 4);
    }

    public short load16(long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        int off = (int) (a & Page.MASK);
        if (readTag[i] == vpn && off <= Page.SIZE - 2) return readData[i].get(SHORT, off);
        return (short) loadSlow(a, 2);
    }

    public byte load8(long a) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        if (readTag[i] == vpn) return readData[i].get(BYTE, a & Page.MASK);
        return (byte) loadSlow(a, 1);
    }

    private long load64Slow(long a) {
        return loadSlow(a, 8);
    }

    /** Fills the read TLB and loads; assembles byte by byte when the access crosses a page. */
    private long loadSlow(long a, int size) {
        int off = (int) (a & Page.MASK);
        if (off + size > Page.SIZE) {
            long v = 0;
            for (int k = 0; k < size; k++) v |= (load8(a + k) & 0xffL) << (8 * k);
            return v;
        }
        MemorySegment d = fillRead(a);
        return switch (size) {
            case 8 -> d.get(LONG, off);
            case 4 -> d.get(INT, off);
            case 2 -> d.get(SHORT, off);
            default -> d.get(BYTE, off);
        };
    }

    private MemorySegment fillRead(long a) {
        Page p = space.resolve(a, Vma.READ);
        if (p == null) throw fault.set(a, Vma.READ, space.faultSignal(a, Vma.READ), space.faultCode(a));
        // A copy-on-write page in a multi-threaded space is not cached: another thread's write
        // may replace it at any moment, and this TLB would go on reading the old copy.
        if (!space.readCacheable(p, a)) return p.data;
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        readTag[i] = vpn;
        readData[i] = p.data;
        return p.data;
    }

    // ------------------------------------------------------------------ stores

    public void store64(long a, long v) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        int off = (int) (a & Page.MASK);
        if (writeTag[i] == vpn && off <= Page.SIZE - 8) {
            writeData[i].set(LONG, off, v);
            return;
        }
        storeSlow(a, v, 8);
    }

    public void store32(long a, int v) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        int off = (int) (a & Page.MASK);
        if (writeTag[i] == vpn && off <= Page.SIZE - 4) {
            writeData[i].set(INT, off, v);
            return;
        }
        storeSlow(a, v, 4);
    }

    public void store16(long a, short v) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        int off = (int) (a & Page.MASK);
        if (writeTag[i] == vpn && off <= Page.SIZE - 2) {
            writeData[i].set(SHORT, off, v);
            return;
        }
        storeSlow(a, v, 2);
    }

    public void store8(long a, byte v) {
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        if (writeTag[i] == vpn) {
            writeData[i].set(BYTE, a & Page.MASK, v);
            return;
        }
        storeSlow(a, v, 1);
    }

    private void storeSlow(long a, long v, int size) {
        int off = (int) (a & Page.MASK);
        if (off + size > Page.SIZE) {
            // A store crossing pages: make sure both pages are writable first, so a fault on the
            // second one leaves memory untouched (the instruction then restarts cleanly).
            fillWrite(a);
            fillWrite(a + size - 1);
            for (int k = 0; k < size; k++) store8(a + k, (byte) (v >>> (8 * k)));
            return;
        }
        MemorySegment d = fillWrite(a);
        switch (size) {
            case 8 -> d.set(LONG, off, v);
            case 4 -> d.set(INT, off, (int) v);
            case 2 -> d.set(SHORT, off, (short) v);
            default -> d.set(BYTE, off, (byte) v);
        }
    }

    private MemorySegment fillWrite(long a) {
        Page p = space.resolve(a, Vma.WRITE);
        if (p == null) throw fault.set(a, Vma.WRITE, space.faultSignal(a, Vma.WRITE), space.faultCode(a));
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        writeTag[i] = vpn;
        writeData[i] = p.data;
        readTag[i] = vpn;   // a COW break replaced the page: reads must see the copy too
        readData[i] = p.data;
        return p.data;
    }

    // ------------------------------------------------------------------ atomics (A extension)

    /**
     * The writable bytes of the page holding an aligned atomic access of {@code size} bytes.
     * Misaligned atomics fault with SIGBUS/BUS_ADRALN (the A extension does not require them
     * and Linux does not emulate them). The caller uses {@link #atomicLong}/{@link #atomicInt}.
     */
    public MemorySegment atomicPage(long a, int size) {
        if ((a & (size - 1)) != 0) throw fault.set(a, Vma.WRITE, 7, MemoryFault.BUS_ADRALN);
        long vpn = a >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        if (writeTag[i] == vpn) return writeData[i];
        return fillWrite(a);
    }

    /** A VarHandle (segment, offset) for aligned little-endian longs, supporting atomic access modes. */
    public static VarHandle atomicLong() {
        return ATOMIC_LONG;
    }

    public static VarHandle atomicInt() {
        return ATOMIC_INT;
    }

    // ------------------------------------------------------------------ instruction fetch

    /**
     * The page holding pc if this TLB holds it for execution, else null: {@link #fetchPage}
     * without a miss, so without side effects (no fault, no page fill). Compiled code that runs
     * on into another page checks with it that the page is still the one it was compiled from.
     */
    public Page cachedExecPage(long pc) {
        long vpn = pc >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        return execTag[i] == vpn ? execPage[i] : null;
    }

    /** The page holding pc, checked for execute permission. */
    public Page fetchPage(long pc) {
        long vpn = pc >>> Page.SHIFT;
        int i = (int) vpn & INDEX_MASK;
        if (execTag[i] == vpn) return execPage[i];
        Page p = space.resolve(pc, Vma.EXEC);
        if (p == null) throw fault.set(pc, Vma.EXEC, space.faultSignal(pc, Vma.EXEC), space.faultCode(pc));
        execTag[i] = vpn;
        execPage[i] = p;
        return p;
    }
}
