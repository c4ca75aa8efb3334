package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.mem.MemoryAccount;
import dev.javix.mem.MemoryObject;
import dev.javix.mem.Page;
import java.util.Arrays;

/**
 * A tmpfs regular file. The bytes live in 4 KiB pages, allocated on first write (a page
 * never written reads as zeros, so a file extended by truncate or a seek past the end is
 * sparse), each charged to the file system's memory budget (ENOSPC when it is spent).
 *
 * <p>The pages are the file's page cache, as in Linux's shmem: a MAP_SHARED mapping maps the
 * very {@link Page} objects that read(2) and write(2) copy from and to ({@link #memory}'s
 * {@code sharedPage}), so every mapping in every process and every descriptor see the same
 * bytes at once, and msync has nothing to write back. The file holds one reference to each
 * page it has, for good (never released), so a mapping's reference never frees a page the
 * file still accounts for. A MAP_PRIVATE mapping copies a page on first touch instead.
 *
 * <p>A file unlinked while open keeps its bytes: they are given back when the last name and
 * the last open description are both gone (unlink(2)). A mapping made with mmap keeps the
 * object alive after that, like any Java reference.
 *
 * <p>Guarded by {@code this}: chunks, size, opens, freed (and TmpNode's fields).
 */
final class TmpFile extends TmpNode implements FileData {
    static final int CHUNK_SHIFT = 12, CHUNK = 1 << CHUNK_SHIFT;
    /** Largest size: as many chunks as a Java array holds (8 TiB). Beyond it EFBIG. */
    static final long MAX_SIZE = (long) Integer.MAX_VALUE << CHUNK_SHIFT;

    private Page[] chunks = new Page[0];
    private long size;
    private long allocated;
    private int opens;
    private boolean freed;
    /** Made by O_TMPFILE (without O_EXCL): linkat may give it a name (Linux's I_LINKABLE). */
    private boolean linkable;

    TmpFile(Tmpfs fs, int mode, int uid, int gid) {
        super(fs, StatBuf.S_IFREG | (mode & 07777), uid, gid);
    }

    synchronized void setLinkable() {
        linkable = true;
    }

    synchronized boolean linkable() {
        return linkable && !freed;
    }

    @Override
    long sizeLocked() {
        return size;
    }

    @Override
    long allocatedLocked() {
        return allocated * CHUNK;
    }

    @Override
    OpenFile open(Location at, int flags, String path) {
        return new RegularFile(at, flags, path, this);
    }

    // ------------------------------------------------------------------ FileData

    @Override
    public synchronized int read(long pos, byte[] dst, int off, int len) {
        if (pos >= size || len <= 0) return 0;
        int n = (int) Math.min(len, size - pos);
        int done = 0;
        while (done < n) {
            long p = pos + done;
            int ci = (int) (p >>> CHUNK_SHIFT), co = (int) (p & (CHUNK - 1));
            int k = Math.min(n - done, CHUNK - co);
            Page c = ci < chunks.length ? chunks[ci] : null;
            if (c == null) Arrays.fill(dst, off + done, off + done + k, (byte) 0);
            else c.get(co, dst, off + done, k);
            done += k;
        }
        if (atime <= mtime || atime <= ctime) atime = fs.now(); // relatime
        return n;
    }

    @Override
    public int write(long pos, byte[] src, int off, int len) throws FsException {
        synchronized (this) {
            writeLocked(pos, src, off, len);
        }
        touchModified();
        return len;
    }

    @Override
    public long append(byte[] src, int off, int len) throws FsException {
        long end;
        synchronized (this) {
            long pos = size;
            writeLocked(pos, src, off, len);
            end = pos + len;
        }
        touchModified();
        return end;
    }

    private void writeLocked(long pos, byte[] src, int off, int len) throws FsException {
        if (len == 0) return;
        long end = pos + len;
        if (pos < 0 || end > MAX_SIZE || end < 0) throw new FsException(Errno.EFBIG);
        ensureChunks(end);
        int done = 0;
        while (done < len) {
            long p = pos + done;
            int ci = (int) (p >>> CHUNK_SHIFT), co = (int) (p & (CHUNK - 1));
            int k = Math.min(len - done, CHUNK - co);
            if (chunks[ci] == null) {
                if (!fs.allocatePages(1)) {
                    if (done > 0) break; // a short write is what Linux reports here
                    throw new FsException(Errno.ENOSPC);
                }
                allocated++;
                chunks[ci] = new Page();
            }
            chunks[ci].put(co, src, off + done, k);
            chunks[ci].decoded = null; // the bytes of a mapped page may have been code
            done += k;
        }
        if (pos + done > size) size = pos + done;
        if (done < len) throw new FsException(Errno.ENOSPC);
    }

    private void ensureChunks(long end) {
        int need = (int) ((end + CHUNK - 1) >>> CHUNK_SHIFT);
        if (need > chunks.length) chunks = Arrays.copyOf(chunks, Math.max(need, Math.min(chunks.length * 2, Integer.MAX_VALUE - 8)));
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public void truncate(long newSize) throws FsException {
        if (newSize < 0) throw new FsException(Errno.EINVAL);
        if (newSize > MAX_SIZE) throw new FsException(Errno.EFBIG);
        synchronized (this) {
            if (newSize < size) {
                int keep = (int) ((newSize + CHUNK - 1) >>> CHUNK_SHIFT);
                long dropped = 0;
                for (int i = keep; i < chunks.length; i++) {
                    if (chunks[i] != null) dropped++;
                    chunks[i] = null;
                }
                // zero the tail of the last kept chunk, so growing again reads zeros there
                int tail = (int) (newSize & (CHUNK - 1));
                if (tail != 0 && keep - 1 < chunks.length && chunks[keep - 1] != null)
                    chunks[keep - 1].data.asSlice(tail, CHUNK - tail).fill((byte) 0);
                allocated -= dropped;
                if (!freed) fs.freePages(dropped);
            }
            size = newSize;
        }
        touchModified();
    }

    @Override
    public void sync() {}

    @Override
    public MemoryObject memory(String label) {
        return new MemoryObject() {
            @Override
            public void read(long offset, byte[] dst, int length) {
                int n = TmpFile.this.read(offset, dst, 0, length);
                Arrays.fill(dst, Math.max(n, 0), length, (byte) 0);
            }

            @Override
            public long size() {
                return TmpFile.this.size();
            }

            @Override
            public boolean sharesPages() {
                return true;
            }

            @Override
            public Page sharedPage(long index, MemoryAccount account) {
                return TmpFile.this.page(index);
            }

            @Override
            public String label() {
                return label;
            }
        };
    }

    /**
     * The page at page index, made (zero-filled, charged to the file system) if the file has
     * none there yet; null when the budget is spent (the fault then becomes SIGBUS/OOM like
     * any failed allocation). The caller takes its own reference.
     */
    synchronized Page page(long index) {
        if (index < 0 || index >= Integer.MAX_VALUE) return null;
        int ci = (int) index;
        ensureChunks(((long) ci + 1) << CHUNK_SHIFT);
        if (chunks[ci] == null) {
            if (!fs.allocatePages(1)) return null;
            allocated++;
            chunks[ci] = new Page();
        }
        return chunks[ci];
    }

    @Override
    public synchronized void opened() {
        opens++;
    }

    @Override
    public void closed() {
        synchronized (this) {
            opens--;
        }
        maybeFree();
    }

    @Override
    void unlinked() {
        super.unlinked();
        maybeFree();
    }

    /** Gives the pages back to the budget once no name and no open description remain. */
    private void maybeFree() {
        long n;
        synchronized (this) {
            if (freed || opens > 0 || nlink > 0) return;
            freed = true;
            n = allocated;
        }
        // The chunks stay readable for mappings that still hold this object; only the budget is returned.
        fs.freePages(n);
    }
}
