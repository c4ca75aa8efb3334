package dev.javix.kernel.fs;

import dev.javix.kernel.sched.Clock;
import dev.javix.mem.MemoryAccount;
import dev.javix.mem.Page;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory file system (Linux's tmpfs/shmem): directories, regular files, symbolic links
 * and device nodes as Java objects. File bytes are kept in 4 KiB chunks allocated on first
 * write and charged to the kernel's {@link MemoryAccount}, like guest pages; a write that the
 * account refuses fails with ENOSPC. Inode numbers are unique per instance, starting at 1 for
 * the root as tmpfs numbers them.
 */
final class Tmpfs extends FileSystem {
    private final String type;
    private final Clock clock;
    /** Where file pages are charged; null for no limit (tests). */
    private final MemoryAccount account;
    private final AtomicLong nextIno = new AtomicLong(1);
    private final AtomicLong usedPages = new AtomicLong();
    private final AtomicLong inodes = new AtomicLong();
    private final TmpDir root;

    /**
     * @param rootMode permission bits of the root directory (01777 for /tmp, 0755 for /dev)
     */
    Tmpfs(long dev, String type, Clock clock, MemoryAccount account, int rootMode) {
        super(dev);
        this.type = type;
        this.clock = clock;
        this.account = account;
        this.root = new TmpDir(this, null, "", rootMode, 0, 0);
    }

    @Override
    TmpDir root() {
        return root;
    }

    @Override
    boolean readOnly() {
        return false;
    }

    @Override
    String type() {
        return type;
    }

    long newIno() {
        inodes.incrementAndGet();
        return nextIno.getAndIncrement();
    }

    void inodeFreed() {
        inodes.decrementAndGet();
    }

    /** Now, in nanoseconds since the epoch, for timestamps. */
    long now() {
        return clock.realtimeNanos();
    }

    /** Charges n pages of file data; false if the memory limit forbids (ENOSPC). */
    boolean allocatePages(long n) {
        if (account != null && !account.allocate(n)) return false;
        usedPages.addAndGet(n);
        return true;
    }

    void freePages(long n) {
        if (n == 0) return;
        if (account != null) account.free(n);
        usedPages.addAndGet(-n);
    }

    @Override
    void statfs(StatFs out) {
        long total = account != null ? account.limitPages() : 1L << 20;
        long used = usedPages.get();
        out.type = StatFs.TMPFS_MAGIC;
        out.bsize = out.frsize = Page.SIZE;
        out.blocks = total;
        out.bfree = out.bavail = Math.max(0, total - used);
        out.files = Math.max(total, inodes.get());
        out.ffree = out.files - inodes.get();
        out.fsid0 = 0;
        out.fsid1 = 0;
        out.flags = StatFs.ST_VALID | StatFs.ST_NOSUID | StatFs.ST_NODEV | StatFs.ST_RELATIME;
    }
}
