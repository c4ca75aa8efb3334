package dev.javix.mem;

import java.util.HashMap;
import java.util.Map;

/**
 * The memory behind a MAP_SHARED|MAP_ANONYMOUS mapping (Linux backs it with a shmem file): one
 * set of pages that every mapping of it — the original and those inherited through fork —
 * sees, including pages first touched after the fork. Shown as "/dev/zero (deleted)" in
 * /proc/[pid]/maps, as Linux does.
 *
 * <p>Guarded by {@code this}. The object holds one reference to each of its pages.
 */
public final class SharedAnonymous implements MemoryObject {
    private final Map<Long, Page> pages = new HashMap<>();

    @Override
    public void read(long offset, byte[] dst, int length) {
        java.util.Arrays.fill(dst, 0, length, (byte) 0);
    }

    @Override
    public synchronized Page sharedPage(long index, MemoryAccount account) {
        Page p = pages.get(index);
        if (p == null) {
            if (!account.allocate(1)) return null;
            p = new Page();
            pages.put(index, p);
        }
        return p;
    }

    @Override
    public boolean sharesPages() {
        return true;
    }

    @Override
    public String label() {
        return "/dev/zero (deleted)";
    }
}
