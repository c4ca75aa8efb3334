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

    /**
     * The object's size in bytes now, or -1 if it has no end (an ELF segment, zero-filled past
     * its file bytes). A mapped page wholly past the end faults with SIGBUS (mmap(2)).
     */
    default long size() {
        return -1;
    }

    /**
     * For objects whose pages are shared by every mapping (MAP_SHARED): the one page at page
     * index, created (zero-filled, charged to account) on first use, or null if the account is
     * exhausted. Objects that return false from {@link #sharesPages()} are copied instead.
     */
    default Page sharedPage(long index, MemoryAccount account) {
        throw new UnsupportedOperationException("not a shared object");
    }

    /** True if {@link #sharedPage} gives pages shared by all mappings. */
    default boolean sharesPages() {
        return false;
    }

    /**
     * msync(2) (and munmap of a shared mapping): writes what the mappings changed in
     * [offset, offset+length) back to the object's backing store. Nothing to do for objects
     * whose pages are the store themselves (tmpfs, shared anonymous memory).
     */
    default void writeBack(long offset, long length) {}

    /** The label /proc/[pid]/maps shows for mappings of this object (a path), or "". */
    default String label() {
        return "";
    }
}
