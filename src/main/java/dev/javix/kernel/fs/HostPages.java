package dev.javix.kernel.fs;

import dev.javix.mem.MemoryAccount;
import dev.javix.mem.Page;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * The page cache of one host file that has been mapped (Linux's address_space of its inode):
 * the pages MAP_SHARED mappings map, one set per host file however many descriptions and
 * processes map it. Made by the first mmap of the file, kept by its {@link HostFs} by inode.
 *
 * <p>Coherence with read(2)/write(2): while a host file has a cache, {@link HostFile} copies
 * every write into the cached pages it covers as well as to the host, and every read takes the
 * cached pages' bytes over the host's, so descriptions and mappings agree at once. The host
 * file sees what mappings wrote when it is written back: msync(2), munmap(2), and the end of
 * the mapping process (exit, exec) — like Linux, whose page cache reaches the disk on
 * writeback. Another host process reading the file in between sees the old bytes.
 *
 * <p>Guarded by {@code this}: pages, account. A page is charged to the kernel's memory account
 * when made and kept (the cache holds one reference) as long as the cache lives: until the
 * last mapping object of the file is unreachable ({@link HostFs#unmapped}), by when every
 * mapping has been written back.
 */
final class HostPages {
    private final Map<Long, Page> pages = new HashMap<>();
    /** Where the pages are charged (the first fault's account). */
    private MemoryAccount account;

    /** The cached page at index, or a new one filled from ch; null if the account is spent. */
    synchronized Page page(long index, FileChannel ch, MemoryAccount account) {
        Page p = pages.get(index);
        if (p != null) return p;
        if (account != null && !account.allocate(1)) return null;
        if (account != null) this.account = account;
        p = new Page();
        byte[] b = new byte[Page.SIZE];
        try {
            readFully(ch, b, index << Page.SHIFT);
        } catch (IOException e) {
            // an I/O error reads as zeros; Linux would raise SIGBUS
        }
        p.put(0, b, 0, Page.SIZE);
        pages.put(index, p);
        return p;
    }

    private static void readFully(FileChannel ch, byte[] b, long pos) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) break;
        }
    }

    /** The cache is dropped (no mapping is left): its pages go back to the account. */
    synchronized void discard() {
        if (account != null) account.free(pages.size());
        pages.clear();
    }

    /** read(2) coherence: overlays the cached pages' bytes on dst[off, off+len), which holds file bytes at pos. */
    synchronized void overlay(long pos, byte[] dst, int off, int len) {
        if (pages.isEmpty() || len <= 0) return;
        long end = pos + len;
        for (long idx = pos >>> Page.SHIFT; (idx << Page.SHIFT) < end; idx++) {
            Page p = pages.get(idx);
            if (p == null) continue;
            long from = Math.max(pos, idx << Page.SHIFT), to = Math.min(end, (idx + 1) << Page.SHIFT);
            p.get((int) (from & Page.MASK), dst, off + (int) (from - pos), (int) (to - from));
        }
    }

    /** write(2) coherence: copies src[off, off+len), written at pos, into the cached pages it covers. */
    synchronized void update(long pos, byte[] src, int off, int len) {
        if (pages.isEmpty() || len <= 0) return;
        long end = pos + len;
        for (long idx = pos >>> Page.SHIFT; (idx << Page.SHIFT) < end; idx++) {
            Page p = pages.get(idx);
            if (p == null) continue;
            long from = Math.max(pos, idx << Page.SHIFT), to = Math.min(end, (idx + 1) << Page.SHIFT);
            p.put((int) (from & Page.MASK), src, off + (int) (from - pos), (int) (to - from));
            p.decoded = null;
        }
    }

    /** truncate(2): the bytes past size read as zeros from now on, in the mappings too. */
    synchronized void truncated(long size) {
        for (Map.Entry<Long, Page> e : pages.entrySet()) {
            long start = e.getKey() << Page.SHIFT;
            if (start + Page.SIZE <= size) continue;
            int keep = (int) Math.max(0, size - start);
            e.getValue().data.asSlice(keep, Page.SIZE - keep).fill((byte) 0);
        }
    }

    /**
     * Writes the cached pages overlapping [offset, offset+length) to the host file, each up to
     * the file's current end (a mapping never extends a file, mmap(2)).
     */
    synchronized void writeBack(FileChannel ch, long offset, long length) throws IOException {
        if (pages.isEmpty()) return;
        long size = ch.size();
        long end = Math.min(offset + length, size);
        byte[] b = new byte[Page.SIZE];
        for (long idx = offset >>> Page.SHIFT; (idx << Page.SHIFT) < end; idx++) {
            Page p = pages.get(idx);
            if (p == null) continue;
            long start = idx << Page.SHIFT;
            int n = (int) Math.min(Page.SIZE, size - start);
            p.get(0, b, 0, n);
            ByteBuffer buf = ByteBuffer.wrap(b, 0, n);
            while (buf.hasRemaining()) ch.write(buf, start + buf.position());
        }
    }
}
