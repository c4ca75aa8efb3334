package dev.javix.mem;

/**
 * A virtual memory area: a page-aligned range [start, end) with one protection and one
 * backing, like Linux's vm_area_struct. Guarded by the owning {@link AddressSpace}'s lock.
 */
public final class Vma {
    // Protection bits, numerically PROT_READ/PROT_WRITE/PROT_EXEC of mmap(2).
    public static final int READ = 1, WRITE = 2, EXEC = 4;
    // Flags.
    /** MAP_SHARED: writes are seen by every mapping of the same object; never copied on write. */
    public static final int SHARED = 1;
    /** The stack: grows down on faults just below its start (MAP_GROWSDOWN). */
    public static final int GROWSDOWN = 2;

    long start;
    long end;
    int prot;
    final int flags;
    /** Backing object for file mappings, null for anonymous memory. */
    final MemoryObject object;
    /** Offset in {@link #object} that {@link #start} maps. */
    long offset;
    /** The /proc/[pid]/maps label: a path, "[heap]", "[stack]", or "". */
    final String name;

    Vma(long start, long end, int prot, int flags, MemoryObject object, long offset, String name) {
        this.start = start;
        this.end = end;
        this.prot = prot;
        this.flags = flags;
        this.object = object;
        this.offset = offset;
        this.name = name;
    }

    /** A copy covering [from, to) of this area, with the offset adjusted. */
    Vma slice(long from, long to) {
        return new Vma(from, to, prot, flags, object, object == null ? 0 : offset + (from - start), name);
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public int prot() {
        return prot;
    }

    public int flags() {
        return flags;
    }

    public long offset() {
        return offset;
    }

    public String name() {
        return name;
    }

    public MemoryObject object() {
        return object;
    }

    public boolean shared() {
        return (flags & SHARED) != 0;
    }

    /** "r-xp"-style permissions as /proc/[pid]/maps shows them (proc(5)). */
    public String permString() {
        return ((prot & READ) != 0 ? "r" : "-") + ((prot & WRITE) != 0 ? "w" : "-")
                + ((prot & EXEC) != 0 ? "x" : "-") + (shared() ? "s" : "p");
    }
}
