package dev.javix.kernel.ipc;

import dev.javix.mem.MemoryAccount;
import dev.javix.mem.MemoryObject;
import dev.javix.mem.Page;
import java.util.HashMap;
import java.util.Map;

/**
 * One shared memory segment (Linux's shmid_kernel over a shmem file): its state, guarded by
 * {@link SharedMemory}'s lock, and its pages, made zero-filled on first touch through any
 * attachment and shared by all of them ({@link #sharesPages()}), guarded by {@code this}
 * (taken under an AddressSpace lock). The segment holds one reference to each page and
 * gives them back when it is destroyed.
 */
final class Segment implements IpcIds.Entry, MemoryObject {
    final IpcPerm perm;
    final long size;
    final String label;
    long atime, dtime, ctime;
    int cpid, lpid;
    int nattch;

    // ---- guarded by this
    private final Map<Long, Page> pages = new HashMap<>();
    private MemoryAccount charged;

    Segment(IpcPerm perm, long size, int cpid, long now) {
        this.perm = perm;
        this.size = size;
        this.cpid = cpid;
        this.ctime = now;
        // Linux names the shmem file "SYSV%08x" after the creation key; it is never linked.
        this.label = String.format("/SYSV%08x (deleted)", perm.key);
    }

    @Override
    public IpcPerm perm() {
        return perm;
    }

    @Override
    public void read(long offset, byte[] dst, int length) {
        java.util.Arrays.fill(dst, 0, length, (byte) 0);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized Page sharedPage(long index, MemoryAccount account) {
        Page p = pages.get(index);
        if (p == null) {
            if (!account.allocate(1)) return null;
            charged = account;
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
        return label;
    }

    /** Resident pages (shm_rss). */
    synchronized long residentPages() {
        return pages.size();
    }

    /** Gives back the segment's reference to every page (IPC_RMID after the last detach). */
    synchronized void free() {
        for (Page p : pages.values()) {
            if (p.release() == 0 && charged != null) charged.free(1);
        }
        pages.clear();
    }
}
