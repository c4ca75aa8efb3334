package dev.javix.mem;

import java.util.function.LongConsumer;

/**
 * Virtual page number → {@link Page}: an open-addressing hash table with linear probing, so a
 * TLB miss looks a page up without boxing. Not thread-safe: the owning {@link AddressSpace}
 * guards it with its lock.
 */
final class PageTable {
    private static final long EMPTY = -1L;
    private static final long TOMBSTONE = -2L;

    private long[] keys = newKeys(1024);
    private Page[] values = new Page[1024];
    private int used;   // live entries plus tombstones
    private int size;   // live entries

    private static long[] newKeys(int n) {
        long[] k = new long[n];
        java.util.Arrays.fill(k, EMPTY);
        return k;
    }

    private static int hash(long vpn, int mask) {
        long h = vpn * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    Page get(long vpn) {
        long[] k = keys;
        int mask = k.length - 1;
        for (int i = hash(vpn, mask); ; i = (i + 1) & mask) {
            long key = k[i];
            if (key == vpn) return values[i];
            if (key == EMPTY) return null;
        }
    }

    /** Maps vpn to page, replacing (and returning) any previous page. */
    Page put(long vpn, Page page) {
        if ((used + 1) * 4L >= keys.length * 3L) rehash(size * 2 >= keys.length / 2 ? keys.length * 2 : keys.length);
        long[] k = keys;
        int mask = k.length - 1;
        int tomb = -1;
        for (int i = hash(vpn, mask); ; i = (i + 1) & mask) {
            long key = k[i];
            if (key == vpn) {
                Page old = values[i];
                values[i] = page;
                return old;
            }
            if (key == TOMBSTONE && tomb < 0) tomb = i;
            if (key == EMPTY) {
                int at = tomb >= 0 ? tomb : i;
                if (tomb < 0) used++;
                k[at] = vpn;
                values[at] = page;
                size++;
                return null;
            }
        }
    }

    /** Removes vpn; returns the page it mapped, or null. */
    Page remove(long vpn) {
        long[] k = keys;
        int mask = k.length - 1;
        for (int i = hash(vpn, mask); ; i = (i + 1) & mask) {
            long key = k[i];
            if (key == vpn) {
                Page old = values[i];
                k[i] = TOMBSTONE;
                values[i] = null;
                size--;
                return old;
            }
            if (key == EMPTY) return null;
        }
    }

    int size() {
        return size;
    }

    /** Calls action for every mapped vpn (in no particular order). */
    void forEachVpn(LongConsumer action) {
        long[] k = keys;
        for (long key : k) if (key >= 0) action.accept(key);
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        Page[] oldValues = values;
        keys = newKeys(capacity);
        values = new Page[capacity];
        used = 0;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] >= 0) put(oldKeys[i], oldValues[i]);
    }
}
