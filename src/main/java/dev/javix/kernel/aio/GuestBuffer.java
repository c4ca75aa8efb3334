package dev.javix.kernel.aio;

import dev.javix.mem.AddressSpace;

/**
 * The guest memory of one request: a single range (PREAD/PWRITE) or an iovec array
 * (PREADV/PWRITEV), as (base, length) pairs, treated as one linear buffer. Copies go through
 * the address space directly, so the worker thread can complete a request without a
 * system call context.
 *
 * @param segs  base, length pairs
 * @param total the sum of the lengths
 */
public record GuestBuffer(long[] segs, long total) {
    static GuestBuffer of(long addr, long len) {
        return new GuestBuffer(new long[] {addr, len}, len);
    }

    /**
     * Copies n bytes between b (from index 0) and the buffer at linear offset at; toGuest
     * copies b into the guest. Returns false on a fault (the request completes with EFAULT).
     */
    boolean copy(AddressSpace mm, long at, byte[] b, int n, boolean toGuest) {
        int done = 0;
        for (int i = 0; i < segs.length && done < n; i += 2) {
            long base = segs[i], len = segs[i + 1];
            if (at >= len) {
                at -= len;
                continue;
            }
            int k = (int) Math.min(len - at, n - done);
            boolean ok = toGuest ? mm.write(base + at, b, done, k) : mm.read(base + at, b, done, k);
            if (!ok) return false;
            done += k;
            at = 0;
        }
        return true;
    }
}
