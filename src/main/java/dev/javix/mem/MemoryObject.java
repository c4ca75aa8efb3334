package dev.javix.mem;

/**
 * What a file-backed (or otherwise object-backed) mapping maps: an executable's segments, a
 * file mmap'ed by the guest, later a shared memory segment. The address space asks it for
 * bytes when a page of a private mapping is first touched, so mapping a large file costs
 * nothing until it is read.
 */
public interface MemoryObject {
    /**
     * Copies the object's bytes at {@code offset} into {@code dst[0, length)}; bytes past the
     * object's end read as zero (mmap(2): "the remaining bytes in the partial page at the end
     * of the mapping are zeroed").
     */
    void read(long offset, byte[] dst, int length);

    /** The label /proc/[pid]/maps shows for mappings of this object (a path), or "". */
    default String label() {
        return "";
    }
}
