package dev.javix.kernel.net;

/**
 * A sending socket's spare chunk arrays: a stream chunk's array goes back here once the reader
 * has consumed it, and the next send fills it again. A fast writer and reader then keep
 * reusing a few arrays that stay in the CPU caches, instead of allocating (and zeroing, and
 * missing the cache on) a fresh one per write — what Linux's slab caches do for sk_buffs.
 *
 * <p>Only arrays of one size are kept: the most recent chunk size, rounded up to a power of
 * two. Thread-safe: guarded by {@code this} (taken alone, or inside the domain lock, never the
 * other way round).
 */
final class ChunkPool {
    /** Spare arrays kept at most: enough for a send buffer of chunks in flight. */
    private static final int KEEP = 4;
    /** Smaller chunks are not worth pooling. */
    private static final int MIN_POOLED = 4096;

    private final byte[][] spare = new byte[KEEP][];
    private int count;

    /** An array of at least n bytes (contents stale: the caller fills the first n). */
    synchronized byte[] take(int n) {
        if (n < MIN_POOLED) return new byte[n];
        int size = sizeFor(n);
        while (count > 0) {
            byte[] b = spare[--count];
            spare[count] = null;
            if (b.length == size) return b;
        }
        return new byte[size];
    }

    /** Gives back an array from {@link #take} that nobody reads any more. */
    synchronized void give(byte[] b) {
        if (b.length < MIN_POOLED || count == KEEP) return;
        if (count > 0 && spare[0].length != b.length) count = 0; // the chunk size changed: drop old ones
        spare[count++] = b;
    }

    private static int sizeFor(int n) {
        return Integer.highestOneBit(n - 1) << 1;
    }
}
