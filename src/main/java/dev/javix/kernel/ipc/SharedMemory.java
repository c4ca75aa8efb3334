package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * System V shared memory (shmget(2), shmat(2), shmdt(2), shmctl(2)).
 *
 * <p>An attachment is a shared mapping of the {@link Segment} in some address space. Linux
 * counts attachments through the mapping's open/close hooks; javix records (address space,
 * address) pairs and checks them against the address space ({@link #sweep}) whenever the
 * count matters, so an attachment ends however its mapping goes: shmdt, munmap, exec, exit.
 * fork copies the mappings and {@link #forked} records the child's attachments. IPC_RMID of an
 * attached segment frees its key at once and destroys it after the last detach.
 *
 * <p>Guest layout, asm-generic {@code struct shmid64_ds} (112 bytes):
 * <pre>
 *  0 struct ipc64_perm shm_perm;  48 size_t shm_segsz;  56 long shm_atime;  64 long shm_dtime;
 * 72 long shm_ctime;  80 pid_t shm_cpid;  84 pid_t shm_lpid;  88 unsigned long shm_nattch
 * </pre>
 * Guarded by {@code this}: ids, attachments, every segment's state.
 */
public final class SharedMemory {
    public static final int OFF_SEGSZ = 48, OFF_ATIME = 56, OFF_DTIME = 64, OFF_CTIME = 72, OFF_CPID = 80,
            OFF_LPID = 84, OFF_NATTCH = 88;
    /** sizeof(struct shmid64_ds). */
    public static final int DS_SIZE = 112;
    /** sizeof(struct shminfo64) (IPC_INFO) and of struct shm_info (SHM_INFO). */
    public static final int INFO_SIZE = 72, SHM_INFO_SIZE = 48;

    public static final int SHM_RDONLY = 010000, SHM_RND = 020000, SHM_REMAP = 040000, SHM_EXEC = 0100000;
    /** Mode bits shown by IPC_STAT: destroyed (awaiting the last detach), locked. */
    public static final int SHM_DEST = 01000, SHM_LOCKED = 02000;
    public static final int SHM_LOCK = 11, SHM_UNLOCK = 12, SHM_STAT = 13, SHM_INFO = 14, SHM_STAT_ANY = 15;

    private record Attachment(AddressSpace mm, long addr, Segment seg) {}

    private final IpcNamespace ns;
    private final IpcIds<Segment> ids = new IpcIds<>(IpcLimits.SHMMNI);
    private final List<Attachment> attachments = new ArrayList<>();
    /** Pages of all segments (shm_tot), limited by SHMALL. */
    private long totalPages;

    SharedMemory(IpcNamespace ns) {
        this.ns = ns;
    }

    /**
     * Implements shmget(2): size below SHMMIN or above SHMMAX is EINVAL, past SHMALL ENOSPC,
     * more than the kernel's memory ENOMEM; an existing segment smaller than size is EINVAL.
     */
    public synchronized long get(Task t, int key, long size, int flags) {
        Credentials c = t.process.credentials();
        return ids.get(key, flags, c, (perm, err) -> {
            if (Long.compareUnsigned(size, IpcLimits.SHMMIN) < 0 || Long.compareUnsigned(size, IpcLimits.SHMMAX) > 0) {
                err[0] = -Errno.EINVAL;
                return null;
            }
            long pages = AddressSpace.pageUp(size) >>> Page.SHIFT;
            if (pages == 0 || Long.compareUnsigned(totalPages + pages, IpcLimits.SHMALL) > 0) {
                err[0] = -Errno.ENOSPC;
                return null;
            }
            if (pages > ns.kernel().memory().limitPages()) {
                err[0] = -Errno.ENOMEM;
                return null;
            }
            if (ids.count() >= IpcLimits.SHMMNI) {
                err[0] = -Errno.ENOSPC;
                return null;
            }
            totalPages += pages;
            return new Segment(perm, size, t.process.pid, ns.now());
        }, s -> Long.compareUnsigned(s.size, size) < 0 ? -Errno.EINVAL : 0);
    }

    /**
     * Implements shmat(2): maps the segment at addr (rounded down to SHMLBA under SHM_RND;
     * unaligned otherwise EINVAL; 0 lets the kernel choose), read-only under SHM_RDONLY,
     * executable under SHM_EXEC, over existing mappings only under SHM_REMAP (else EINVAL).
     * Returns the address or -errno.
     */
    public long attach(Task t, int id, long addr, int flags) {
        if (id < 0) return -Errno.EINVAL;
        if (addr != 0) {
            if ((addr & (IpcLimits.SHMLBA - 1)) != 0) {
                if ((flags & SHM_RND) == 0) return -Errno.EINVAL;
                addr &= ~(IpcLimits.SHMLBA - 1);
                if (addr == 0 && (flags & SHM_REMAP) != 0) return -Errno.EINVAL;
            }
        } else if ((flags & SHM_REMAP) != 0) {
            return -Errno.EINVAL;
        }
        int prot = Vma.READ, access = IpcPerm.S_IRUGO;
        if ((flags & SHM_RDONLY) == 0) {
            prot |= Vma.WRITE;
            access |= IpcPerm.S_IWUGO;
        }
        if ((flags & SHM_EXEC) != 0) {
            prot |= Vma.EXEC;
            access |= 0111;
        }
        AddressSpace mm = t.process.mm();
        synchronized (this) {
            sweep(t.process.pid);
            Segment s = ids.byId(id);
            if (s == null) return -Errno.EINVAL;
            if (!s.perm.allows(t.process.credentials(), access)) return -Errno.EACCES;
            long len = AddressSpace.pageUp(s.size);
            if (addr != 0) {
                if (addr + len < addr || addr + len > AddressSpace.TASK_SIZE) return -Errno.EINVAL;
                if ((flags & SHM_REMAP) == 0 && !mm.free(addr, len)) return -Errno.EINVAL;
            } else {
                addr = mm.findFree(len, 0);
                if (addr < 0) return -Errno.ENOMEM;
            }
            mm.map(addr, len, prot, Vma.SHARED, s, 0, "");
            for (Iterator<Attachment> it = attachments.iterator(); it.hasNext(); ) {
                Attachment old = it.next();
                if (old.mm == mm && old.addr >= addr && old.addr < addr + len) detached(it, old, t.process.pid);
            }
            attachments.add(new Attachment(mm, addr, s));
            s.nattch++;
            s.atime = ns.now();
            s.lpid = t.process.pid;
            return addr;
        }
    }

    /**
     * Implements shmdt(2): unmaps the attachment whose first page is at addr (every part of it
     * in [addr, addr + size)); EINVAL if no attachment starts there.
     */
    public long detach(Task t, long addr) {
        if ((addr & Page.MASK) != 0) return -Errno.EINVAL;
        AddressSpace mm = t.process.mm();
        synchronized (this) {
            Vma v = mm.find(addr);
            if (v == null || v.start() != addr || v.offset() != 0 || !(v.object() instanceof Segment s)) {
                return -Errno.EINVAL;
            }
            long end = addr + AddressSpace.pageUp(s.size);
            for (Vma part : mm.snapshot()) {
                if (part.object() == s && part.start() >= addr && part.start() < end) {
                    mm.unmap(part.start(), Math.min(part.end(), end) - part.start());
                }
            }
            sweep(t.process.pid);
            return 0;
        }
    }

    /**
     * Drops the attachments whose mapping is gone (shmdt, munmap, exec, exit): each one
     * detaches (nattch, dtime, lpid = pid), and a destroyed segment with none left goes.
     */
    private void sweep(int pid) {
        for (Iterator<Attachment> it = attachments.iterator(); it.hasNext(); ) {
            Attachment a = it.next();
            Vma v = a.mm.find(a.addr);
            if (v != null && v.object() == a.seg) continue;
            detached(it, a, pid);
        }
    }

    /** Attachment a (at the iterator) is gone: one fewer, and a destroyed segment may go. */
    private void detached(Iterator<Attachment> it, Attachment a, int pid) {
        it.remove();
        Segment s = a.seg;
        s.nattch--;
        s.dtime = ns.now();
        s.lpid = pid;
        if (s.nattch == 0 && (s.perm.mode & SHM_DEST) != 0) destroy(s);
    }

    private void destroy(Segment s) {
        ids.remove(s);
        totalPages -= AddressSpace.pageUp(s.size) >>> Page.SHIFT;
        s.free();
    }

    /** An address space's mappings changed wholesale (exec, exit of process pid): count detaches. */
    public synchronized void released(int pid) {
        sweep(pid);
    }

    /** fork(2): the child's copied mappings are attachments too (nattch, atime, lpid as Linux's shm_open). */
    public synchronized void forked(AddressSpace parent, AddressSpace child, int pid) {
        List<Attachment> inherited = new ArrayList<>();
        for (Attachment a : attachments) {
            if (a.mm != parent) continue;
            Vma v = child.find(a.addr);
            if (v == null || v.object() != a.seg) continue;
            inherited.add(new Attachment(child, a.addr, a.seg));
            a.seg.nattch++;
            a.seg.atime = ns.now();
            a.seg.lpid = pid;
        }
        attachments.addAll(inherited);
    }

    /** IPC_STAT, SHM_STAT (id is an index; returns the id), SHM_STAT_ANY: fills struct shmid64_ds. */
    public synchronized long stat(Task t, int id, int cmd, byte[] ds) {
        sweep(t.process.pid);
        Segment s = cmd == IpcNamespace.IPC_STAT ? ids.byId(id) : ids.byIndex(id);
        if (s == null) return -Errno.EINVAL;
        if (cmd != SHM_STAT_ANY && !s.perm.allows(t.process.credentials(), IpcPerm.S_IRUGO)) return -Errno.EACCES;
        s.perm.write(ds, 0);
        Bytes.putLong(ds, OFF_SEGSZ, s.size);
        Bytes.putLong(ds, OFF_ATIME, s.atime);
        Bytes.putLong(ds, OFF_DTIME, s.dtime);
        Bytes.putLong(ds, OFF_CTIME, s.ctime);
        Bytes.putInt(ds, OFF_CPID, s.cpid);
        Bytes.putInt(ds, OFF_LPID, s.lpid);
        Bytes.putLong(ds, OFF_NATTCH, s.nattch);
        return cmd == IpcNamespace.IPC_STAT ? 0 : s.perm.id;
    }

    /** IPC_SET: owner uid/gid and mode bits, by the owner, creator or root (EPERM). */
    public synchronized long set(Credentials c, int id, byte[] ds) {
        Segment s = ids.byId(id);
        if (s == null) return -Errno.EINVAL;
        if (!s.perm.owns(c)) return -Errno.EPERM;
        s.perm.set(Bytes.getInt(ds, IpcPerm.OFF_UID), Bytes.getInt(ds, IpcPerm.OFF_GID),
                Bytes.getInt(ds, IpcPerm.OFF_MODE));
        s.ctime = ns.now();
        return 0;
    }

    /**
     * IPC_RMID: destroys the segment now if nothing is attached, else marks it SHM_DEST (its
     * key is free at once, as IPC_PRIVATE's) for destruction at the last detach.
     */
    public synchronized long remove(Task t, int id) {
        sweep(t.process.pid);
        Segment s = ids.byId(id);
        if (s == null) return -Errno.EINVAL;
        if (!s.perm.owns(t.process.credentials())) return -Errno.EPERM;
        if (s.nattch == 0) {
            destroy(s);
        } else {
            s.perm.mode |= SHM_DEST;
            ids.forgetKey(s);
        }
        return 0;
    }

    /** SHM_LOCK / SHM_UNLOCK: only recorded (javix never swaps); owner, creator or root. */
    public synchronized long lock(Credentials c, int id, boolean lock) {
        Segment s = ids.byId(id);
        if (s == null) return -Errno.EINVAL;
        if (!s.perm.owns(c)) return -Errno.EPERM;
        s.perm.mode = lock ? s.perm.mode | SHM_LOCKED : s.perm.mode & ~SHM_LOCKED;
        return 0;
    }

    /**
     * IPC_INFO fills struct shminfo64 (shmmax, shmmin, shmmni, shmseg, shmall); SHM_INFO fills
     * struct shm_info (used_ids, shm_tot, shm_rss, shm_swp, …). Returns the highest index in use.
     */
    public synchronized long info(int cmd, byte[] out) {
        if (cmd == SHM_INFO) {
            long rss = 0;
            for (Segment s : ids.all()) rss += s.residentPages();
            Bytes.putInt(out, 0, ids.count());
            Bytes.putLong(out, 8, totalPages);
            Bytes.putLong(out, 16, rss);
        } else {
            Bytes.putLong(out, 0, IpcLimits.SHMMAX);
            Bytes.putLong(out, 8, IpcLimits.SHMMIN);
            Bytes.putLong(out, 16, IpcLimits.SHMMNI);
            Bytes.putLong(out, 24, IpcLimits.SHMMNI); // shmseg
            Bytes.putLong(out, 32, IpcLimits.SHMALL);
        }
        return Math.max(0, ids.highestIndex());
    }

    /** /proc/sysvipc/shm, in Linux's 64-bit format (ipc/shm.c sysvipc_shm_proc_show). */
    public synchronized String procText() {
        StringBuilder b = new StringBuilder("       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n");
        for (Segment s : ids.all()) {
            IpcPerm p = s.perm;
            b.append(String.format("%10d %10d  %4o %21s %5d %5d  %5d %5d %5d %5d %5d %10d %10d %10d %21d %21d\n", p.key,
                    p.id, p.mode, Long.toUnsignedString(s.size), s.cpid, s.lpid, s.nattch, p.uid, p.gid, p.cuid,
                    p.cgid, s.atime, s.dtime, s.ctime, s.residentPages() * Page.SIZE, 0));
        }
        return b.toString();
    }

    /** Segments in existence, destroyed-but-attached ones included (for tests). */
    public synchronized int count() {
        return ids.count();
    }
}
