package dev.javix.mem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A process's address space: VMAs over reference-counted 4 KiB pages (design decision 4).
 *
 * <p>Pages are created lazily: an anonymous page on its first touch (zero fill), a page of a
 * private file mapping by copying the object's bytes on first touch. After {@link #fork()}
 * both spaces map the same pages; the first write to a page that more than one page table
 * maps copies it (copy-on-write). Virtual CPUs reach memory through their {@link Mmu}, whose
 * software TLB caches translations; anything that removes or narrows a translation bumps
 * {@link #generation()} so those TLBs drop their entries.
 *
 * <p>Layout (Sv39-like, as Linux/riscv64 lays out a process): program at its link address,
 * heap ({@code [heap]}, brk) after the bss, mmap area growing down from below the stack gap,
 * the stack ({@code [stack]}) just under {@link #STACK_TOP}.
 *
 * <p>Locking: every field below is guarded by {@code this} (the address-space lock; Linux's
 * mmap_lock). Pages' reference counts are atomic in themselves.
 */
public final class AddressSpace {
    /** End of user space for Sv39 (Linux riscv64 TASK_SIZE with 3-level page tables). */
    public static final long TASK_SIZE = 1L << 38;
    public static final long STACK_TOP = TASK_SIZE - Page.SIZE;
    /** Space kept free under the stack for it to grow into before mmap placements start. */
    public static final long STACK_GAP = 128L << 20;
    /** Lowest address mmap hands out (vm.mmap_min_addr's default). */
    public static final long MMAP_MIN = 0x10000;

    // ---- guarded by this
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    private final PageTable pages = new PageTable();
    private long brkStart;
    private long brk;
    private long stackLimit = 8L << 20;
    private final MemoryAccount account;
    /** Processes using this space: 1, or 2+ while a vfork child borrows it (CLONE_VM without CLONE_THREAD). */
    private int users = 1;

    /** Set once the space is used by more than one thread (see {@link #readCacheable}). */
    private volatile boolean multiThreaded;

    /** Bumped whenever a translation may have been removed or downgraded; read by TLBs. */
    private volatile long generation;

    /**
     * The identity hash, taken once while nobody locks this object yet: private futexes are
     * keyed by (address space, address), and the identity hash of an object whose monitor is
     * contended (threads of one process resolving pages) is a slow lookup through the monitor.
     */
    private final int identityHash = System.identityHashCode(this);

    public AddressSpace(MemoryAccount account) {
        this.account = account;
    }

    /** Identity semantics (equals is Object's), from a hash taken at construction. */
    @Override
    public int hashCode() {
        return identityHash;
    }

    public long generation() {
        return generation;
    }

    /** Marks the space as shared by several threads (clone with CLONE_VM|CLONE_THREAD). */
    public void setMultiThreaded() {
        multiThreaded = true;
    }

    public boolean multiThreaded() {
        return multiThreaded;
    }

    /**
     * Whether a TLB may keep a read translation to page p at addr: always in a single-threaded
     * space; in a multi-threaded one only if no copy-on-write break can replace the page (it is
     * not shared, or it belongs to a shared mapping).
     */
    public boolean readCacheable(Page p, long addr) {
        if (!multiThreaded || p.refs() == 1) return true;
        Vma v = find(addr);
        return v != null && v.shared();
    }

    public MemoryAccount account() {
        return account;
    }

    private void invalidateTranslations() {
        generation++;
    }

    // ------------------------------------------------------------------ mapping

    /**
     * Maps [start, start+len) (both page aligned) with the given protection, replacing whatever
     * was mapped there (MAP_FIXED semantics).
     */
    public synchronized void map(long start, long len, int prot, int flags, MemoryObject object, long offset,
            String name) {
        unmapLocked(start, len);
        vmas.put(start, new Vma(start, start + len, prot, flags, object, offset, name));
        if (object == null) mergeAround(start, start + len);
    }

    /**
     * Finds a free, page-aligned range of {@code len} bytes, top-down under the mmap base as
     * Linux does; {@code hint} is used when that range is free. Returns -1 when none is.
     */
    public synchronized long findFree(long len, long hint) {
        if (hint >= MMAP_MIN && hint + len <= mmapBase() && hint + len > hint && isFree(hint, len)) return hint;
        long top = mmapBase();
        for (Vma v : vmas.headMap(top, false).descendingMap().values()) {
            if (v.end <= top && top - v.end >= len) return top - len;
            top = Math.min(top, v.start);
        }
        return top - len >= Math.max(MMAP_MIN, brkLimit()) ? top - len : -1;
    }

    private long mmapBase() {
        return STACK_TOP - Math.max(STACK_GAP, stackLimit);
    }

    /** mmap placements stay clear of the heap's immediate neighbourhood. */
    private long brkLimit() {
        return brk;
    }

    private boolean isFree(long start, long len) {
        Map.Entry<Long, Vma> e = vmas.lowerEntry(start + len);
        return e == null || e.getValue().end <= start;
    }

    /** Unmaps [start, start+len); partial VMAs are split. munmap(2) of nothing is fine. */
    public synchronized void unmap(long start, long len) {
        unmapLocked(start, len);
    }

    private void unmapLocked(long start, long len) {
        long end = start + len;
        List<Vma> hit = overlapping(start, end);
        if (hit.isEmpty()) return;
        for (Vma v : hit) {
            vmas.remove(v.start);
            if (v.start < start) vmas.put(v.start, v.slice(v.start, start));
            if (v.end > end) vmas.put(end, v.slice(end, v.end));
            long from = Math.max(v.start, start), to = Math.min(v.end, end);
            // a shared file mapping's changes reach the file when it goes (munmap, MAP_FIXED over it, mremap)
            if (v.shared() && v.object != null) v.object.writeBack(v.offset + (from - v.start), to - from);
            for (long a = from; a < to; a += Page.SIZE) dropPage(a >>> Page.SHIFT);
        }
        invalidateTranslations();
    }

    private void dropPage(long vpn) {
        Page p = pages.remove(vpn);
        if (p != null && p.release() == 0) account.free(1);
    }

    private List<Vma> overlapping(long start, long end) {
        List<Vma> out = new ArrayList<>();
        Map.Entry<Long, Vma> first = vmas.lowerEntry(start);
        if (first != null && first.getValue().end > start) out.add(first.getValue());
        out.addAll(vmas.subMap(start, true, end, false).values());
        return out;
    }

    /**
     * Changes the protection of [start, start+len). Returns false if part of the range is not
     * mapped (mprotect(2): ENOMEM), leaving nothing changed.
     */
    public synchronized boolean protect(long start, long len, int prot) {
        long end = start + len;
        if (!fullyMapped(start, end)) return false;
        for (Vma v : overlapping(start, end)) {
            vmas.remove(v.start);
            if (v.start < start) vmas.put(v.start, v.slice(v.start, start));
            if (v.end > end) vmas.put(end, v.slice(end, v.end));
            Vma mid = v.slice(Math.max(v.start, start), Math.min(v.end, end));
            mid.prot = prot;
            vmas.put(mid.start, mid);
        }
        mergeAround(start, end);
        invalidateTranslations();
        return true;
    }

    /**
     * Joins neighbouring VMAs in [start, end] that differ in nothing but their range, as Linux's
     * vma_merge does, so that e.g. mprotect there and back leaves one area (mremap(2) needs the
     * range to be a single VMA).
     */
    private void mergeAround(long start, long end) {
        Map.Entry<Long, Vma> e = vmas.lowerEntry(start);
        long from = e != null ? e.getKey() : start;
        Vma prev = null;
        for (Vma v : new ArrayList<>(vmas.subMap(from, true, end, true).values())) {
            if (prev != null && mergeable(prev, v)) {
                vmas.remove(v.start);
                prev.end = v.end;
            } else {
                prev = v;
            }
        }
        Map.Entry<Long, Vma> next = prev == null ? null : vmas.higherEntry(prev.start);
        if (prev != null && next != null && mergeable(prev, next.getValue())) {
            vmas.remove(next.getKey());
            prev.end = next.getValue().end;
        }
    }

    private static boolean mergeable(Vma a, Vma b) {
        return a.end == b.start && a.prot == b.prot && a.flags == b.flags && a.object == b.object
                && java.util.Objects.equals(a.name, b.name)
                && (a.object == null || a.offset + (a.end - a.start) == b.offset);
    }

    /**
     * madvise(MADV_DONTNEED): drops the pages of [start, start+len) so the next touch sees zeros
     * (anonymous memory) or the file's bytes again (private file mappings). Shared pages stay.
     */
    public synchronized void discard(long start, long len) {
        for (Vma v : overlapping(start, start + len)) {
            if (v.shared()) continue;
            long from = Math.max(v.start, start), to = Math.min(v.end, start + len);
            for (long a = from; a < to; a += Page.SIZE) dropPage(a >>> Page.SHIFT);
        }
        invalidateTranslations();
    }

    /**
     * mremap(2) core: moves or resizes the single VMA range [old, old+oldLen) to
     * [dst, dst+newLen), carrying its pages along (no copying). The caller has checked that
     * the source lies in one VMA and that the destination is free (or is the same start).
     */
    public synchronized void remap(long old, long oldLen, long dst, long newLen) {
        Vma v = find(old);
        Vma moved = v.slice(old, old + Math.min(oldLen, newLen));
        List<long[]> carried = new ArrayList<>();
        List<Page> carriedPages = new ArrayList<>();
        for (long a = old; a < old + Math.min(oldLen, newLen); a += Page.SIZE) {
            Page p = pages.remove(a >>> Page.SHIFT);
            if (p != null) {
                carried.add(new long[] {a - old});
                carriedPages.add(p);
            }
        }
        unmapLocked(old, oldLen);
        unmapLocked(dst, newLen);
        Vma placed = new Vma(dst, dst + newLen, moved.prot, moved.flags, moved.object, moved.offset, moved.name);
        vmas.put(dst, placed);
        for (int i = 0; i < carried.size(); i++) pages.put((dst + carried.get(i)[0]) >>> Page.SHIFT, carriedPages.get(i));
        invalidateTranslations();
    }

    /** True if [start, start+len) overlaps no VMA. */
    public synchronized boolean free(long start, long len) {
        return isFree(start, len);
    }

    /** True if every byte of [start, end) lies in some VMA. */
    public synchronized boolean fullyMapped(long start, long end) {
        long at = start;
        for (Vma v : overlapping(start, end)) {
            if (v.start > at) return false;
            at = v.end;
        }
        return at >= end;
    }

    /** The VMA containing addr, or null. */
    public synchronized Vma find(long addr) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
        return e != null && e.getValue().end > addr ? e.getValue() : null;
    }

    /** A snapshot of the VMAs in address order (for /proc/[pid]/maps). */
    public synchronized List<Vma> snapshot() {
        List<Vma> out = new ArrayList<>();
        for (Vma v : vmas.values()) out.add(v.slice(v.start, v.end));
        return out;
    }

    // ------------------------------------------------------------------ brk and stack

    /** Sets where the heap starts (the page after the program's bss); brk starts there. */
    public synchronized void initBrk(long start) {
        brkStart = start;
        brk = start;
    }

    public synchronized void setStackLimit(long bytes) {
        stackLimit = bytes;
    }

    /**
     * brk(2) as the raw system call: moves the program break to {@code want} if that is
     * possible and returns the break in force afterwards (the old one on failure).
     */
    public synchronized long brk(long want) {
        if (want < brkStart) return brk;
        long oldTop = pageUp(brk), newTop = pageUp(want);
        if (newTop > oldTop) {
            if (!isFree(oldTop, newTop - oldTop) || newTop > mmapBase()) return brk;
            if (!account.canAllocate((newTop - oldTop) >>> Page.SHIFT)) return brk;
            Vma heap = find(oldTop - 1);
            if (heap != null && "[heap]".equals(heap.name) && heap.end == oldTop) {
                heap.end = newTop;
            } else {
                vmas.put(oldTop, new Vma(oldTop, newTop, Vma.READ | Vma.WRITE, 0, null, 0, "[heap]"));
            }
        } else if (newTop < oldTop) {
            unmapLocked(newTop, oldTop - newTop);
        }
        brk = want;
        return brk;
    }

    public static long pageUp(long a) {
        return (a + Page.MASK) & ~Page.MASK;
    }

    /** Extends a grows-down stack VMA to cover addr if addr is within the stack limit. */
    private Vma growStack(long addr) {
        Map.Entry<Long, Vma> above = vmas.higherEntry(addr);
        if (above == null) return null;
        Vma s = above.getValue();
        if ((s.flags & Vma.GROWSDOWN) == 0 || s.end - (addr & ~Page.MASK) > stackLimit) return null;
        long newStart = addr & ~Page.MASK;
        Map.Entry<Long, Vma> below = vmas.lowerEntry(newStart);
        if (below != null && below.getValue().end > newStart - Page.SIZE) return null; // guard gap
        vmas.remove(s.start);
        s.start = newStart;
        vmas.put(newStart, s);
        return s;
    }

    // ------------------------------------------------------------------ faults

    /**
     * Resolves the page holding {@code addr} for an access of kind {@code access} (one of
     * {@link Vma#READ}, {@link Vma#WRITE}, {@link Vma#EXEC}), handling the fault as the kernel
     * would: zero fill, file fill, COW break, stack growth. Returns null if the access is a
     * segmentation fault; {@link #faultCode} then tells which kind.
     */
    public synchronized Page resolve(long addr, int access) {
        if (addr < 0 || addr >= TASK_SIZE) return null;
        Vma v = find(addr);
        if (v == null) v = growStack(addr);
        if (v == null || (v.prot & access) == 0) return null;
        long vpn = addr >>> Page.SHIFT;
        Page p = pages.get(vpn);
        if (p == null) {
            long off = v.offset + ((vpn << Page.SHIFT) - v.start);
            if (v.object != null && beyondEnd(v.object, off)) return null; // SIGBUS: see faultSignal
            if (v.shared() && v.object != null && v.object.sharesPages()) {
                p = v.object.sharedPage(off >>> Page.SHIFT, account);
                if (p == null) return null;
                p.retain();
            } else {
                if (!account.allocate(1)) return null;
                p = new Page();
                if (v.object != null) {
                    byte[] bytes = new byte[Page.SIZE];
                    v.object.read(off, bytes, Page.SIZE);
                    p.put(0, bytes, 0, Page.SIZE);
                }
            }
            pages.put(vpn, p);
        } else if (access == Vma.WRITE && !v.shared() && p.refs() > 1) {
            if (!account.allocate(1)) return null;
            Page copy = p.copy();
            if (p.release() == 0) account.free(1);
            pages.put(vpn, copy);
            p = copy;
            // The translation of vpn changed: any TLB still holding the old page for reading
            // (another CPU this task ran on before, or another thread's) must drop it.
            invalidateTranslations();
        }
        return p;
    }

    /** A page at object offset off lies wholly past the object's end (mmap(2): SIGBUS). */
    private static boolean beyondEnd(MemoryObject o, long off) {
        long size = o.size();
        return size >= 0 && off >= pageUp(size);
    }

    /**
     * The signal for a faulting access of kind access at addr: SIGBUS (7) for a page of a file
     * mapping past the end of the file; SIGKILL (9) when the access was allowed but no memory
     * was left under the kernel's limit (Linux's OOM killer; javix writes no log line);
     * SIGSEGV (11) otherwise.
     */
    public synchronized int faultSignal(long addr, int access) {
        Vma v = find(addr);
        if (v == null) return 11;
        if (v.object != null && beyondEnd(v.object, v.offset + ((addr & ~Page.MASK) - v.start))) return 7;
        if ((v.prot & access) == 0) return 11;
        return account.canAllocate(1) ? 11 : 9;
    }

    /**
     * Why an access to addr faulted: for SIGSEGV, SEGV_MAPERR (1) if nothing is mapped and
     * SEGV_ACCERR (2) otherwise; for SIGBUS, BUS_ADRERR (2).
     */
    public synchronized int faultCode(long addr) {
        return find(addr) != null ? 2 : 1;
    }

    /** The page mapped at vpn right now, without faulting (may be null). For inspection. */
    public synchronized Page peek(long vpn) {
        return pages.get(vpn);
    }

    public synchronized int residentPages() {
        return pages.size();
    }

    // ------------------------------------------------------------------ copies for syscalls

    /** Copies guest memory [addr, addr+len) into dst; false on a fault (EFAULT). */
    public boolean read(long addr, byte[] dst, int off, int len) {
        while (len > 0) {
            Page p = resolve(addr, Vma.READ);
            if (p == null) return false;
            int po = (int) (addr & Page.MASK), n = Math.min(len, Page.SIZE - po);
            p.get(po, dst, off, n);
            addr += n;
            off += n;
            len -= n;
        }
        return true;
    }

    /**
     * Whether [addr, addr + len) could be written now (faulting its pages in, as the write
     * would): a check made before taking something that a failed copy would lose.
     */
    public boolean writable(long addr, long len) {
        for (long a = addr; a < addr + len; a = (a & ~Page.MASK) + Page.SIZE) {
            if (resolve(a, Vma.WRITE) == null) return false;
        }
        return true;
    }

    /** Copies src into guest memory at addr (breaking COW); false on a fault (EFAULT). */
    public boolean write(long addr, byte[] src, int off, int len) {
        while (len > 0) {
            Page p = resolve(addr, Vma.WRITE);
            if (p == null) return false;
            int po = (int) (addr & Page.MASK), n = Math.min(len, Page.SIZE - po);
            p.put(po, src, off, n);
            addr += n;
            off += n;
            len -= n;
        }
        return true;
    }

    // ------------------------------------------------------------------ fork and teardown

    /** A copy-on-write duplicate of this address space (fork(2)). */
    public synchronized AddressSpace fork() {
        AddressSpace child = new AddressSpace(account);
        for (Vma v : vmas.values()) child.vmas.put(v.start, v.slice(v.start, v.end));
        pages.forEachVpn(vpn -> {
            Page p = pages.get(vpn);
            p.retain();
            child.pages.put(vpn, p);
        });
        child.brkStart = brkStart;
        child.brk = brk;
        child.stackLimit = stackLimit;
        invalidateTranslations(); // our writable TLB entries now point at shared pages
        return child;
    }

    /** Another process now uses this space (vfork, clone with CLONE_VM): returns this. */
    public synchronized AddressSpace share() {
        users++;
        return this;
    }

    /** A process stops using this space (exit, exec); the last user's release drops every mapping. */
    public void release() {
        boolean last;
        synchronized (this) {
            last = --users == 0;
        }
        if (last) clear();
    }

    /** fence.i: forget every decoded instruction of this space, so modified code is decoded anew. */
    public synchronized void forgetDecodedCode() {
        pages.forEachVpn(vpn -> pages.get(vpn).decoded = null);
    }

    /** Drops every mapping (exit, exec), writing shared file mappings back to their files first. */
    public synchronized void clear() {
        for (Vma v : vmas.values()) if (v.shared() && v.object != null) v.object.writeBack(v.offset, v.end - v.start);
        pages.forEachVpn(this::dropPage);
        vmas.clear();
        invalidateTranslations();
    }
}
