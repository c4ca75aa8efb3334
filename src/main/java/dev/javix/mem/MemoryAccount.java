package dev.javix.mem;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the guest pages a kernel has allocated against its memory limit (--memory), so a
 * guest that allocates too much gets ENOMEM or SIGSEGV instead of the JVM running out of heap.
 * Shared by every address space of one kernel. Thread-safe (atomic counter).
 */
public final class MemoryAccount {
    private final long limitPages;
    private final AtomicLong used = new AtomicLong();

    public MemoryAccount(long limitBytes) {
        this.limitPages = limitBytes >>> Page.SHIFT;
    }

    /** Reserves n pages; false (and nothing reserved) if that would pass the limit. */
    public boolean allocate(long n) {
        long now = used.addAndGet(n);
        if (now <= limitPages) return true;
        used.addAndGet(-n);
        return false;
    }

    /** True if n more pages would fit now (no reservation is made). */
    public boolean canAllocate(long n) {
        return used.get() + n <= limitPages;
    }

    public void free(long n) {
        used.addAndGet(-n);
    }

    public long usedPages() {
        return used.get();
    }

    public long limitPages() {
        return limitPages;
    }
}
