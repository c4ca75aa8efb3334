package dev.javix.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One 4 KiB page of guest memory. Pages are shared between address spaces after fork and by
 * shared mappings; {@link #refs} counts the page-table entries that point here, so a write
 * fault knows whether a private page must be copied first (copy-on-write, design decision 4).
 */
public final class Page {
    public static final int SHIFT = 12;
    public static final int SIZE = 1 << SHIFT;
    public static final long MASK = SIZE - 1;

    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(Page.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The bytes, as a memory segment over a long[]: a long[]-backed heap segment is 8-byte
     * aligned, so aligned int and long accesses through it support the atomic access modes the
     * A extension needs (a byte[] view does not: JDK 22+ rejects atomic access to byte[]).
     * Accessed little-endian, as RISC-V is.
     */
    public final MemorySegment data;

    /**
     * Decoded instructions for this page's bytes, filled by the CPU's decoder on first execution
     * (an {@code Insn[]}, typed Object to keep this package free of the CPU's types). Cleared by
     * fence.i; a COW copy starts without it. Racy by design: slots only ever go from null to an
     * immutable instruction, and a missed update just decodes again.
     */
    public Object decoded;

    /** Page-table entries referring to this page, across every address space. Atomic. */
    @SuppressWarnings("unused") // accessed through REFS
    private volatile int refs = 1;

    public Page() {
        this.data = MemorySegment.ofArray(new long[SIZE / 8]);
    }

    /** A new page (reference count 1) holding a copy of this one's bytes: the COW break. */
    public Page copy() {
        Page p = new Page();
        MemorySegment.copy(data, 0, p.data, 0, SIZE);
        return p;
    }

    /** Copies len bytes at page offset off into dst[dstOff…]. */
    public void get(int off, byte[] dst, int dstOff, int len) {
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, dst, dstOff, len);
    }

    /** Copies src[srcOff…srcOff+len) to page offset off. */
    public void put(int off, byte[] src, int srcOff, int len) {
        MemorySegment.copy(src, srcOff, data, ValueLayout.JAVA_BYTE, off, len);
    }

    public byte getByte(int off) {
        return data.get(ValueLayout.JAVA_BYTE, off);
    }

    /** Adds a reference (another page table now maps this page). */
    public void retain() {
        REFS.getAndAdd(this, 1);
    }

    /** Drops a reference; returns the count left. */
    public int release() {
        return (int) REFS.getAndAdd(this, -1) - 1;
    }

    public int refs() {
        return (int) REFS.getVolatile(this);
    }
}
