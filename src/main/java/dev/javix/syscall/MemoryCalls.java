package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.FD;
import static dev.javix.syscall.ArgKind.MAP_FLAGS;
import static dev.javix.syscall.ArgKind.PROT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.MemoryObject;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;

/** Memory system calls: brk, mmap, munmap, mprotect, mremap, madvise. */
final class MemoryCalls {
    private MemoryCalls() {}

    // mmap(2) flags, asm-generic/mman-common.h
    static final int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03, MAP_TYPE = 0x0f,
            MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x0100, MAP_DENYWRITE = 0x0800,
            MAP_EXECUTABLE = 0x1000, MAP_LOCKED = 0x2000, MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000,
            MAP_NONBLOCK = 0x10000, MAP_STACK = 0x20000, MAP_HUGETLB = 0x40000, MAP_SYNC = 0x80000,
            MAP_FIXED_NOREPLACE = 0x100000;
    static final int PROT_MASK = Vma.READ | Vma.WRITE | Vma.EXEC;
    static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4;

    static void register(SyscallTable.Builder b) {
        b.add(214, "brk", HEX, MemoryCalls::brk, Support.FULL, "", PTR);
        b.add(222, "mmap", HEX, MemoryCalls::mmap, Support.PARTIAL,
                "MAP_SHARED of tmpfs files maps the file's own pages; of host files, a per-file page cache written back by msync, munmap and exit (see HostPages)", PTR, UINT, PROT, MAP_FLAGS, FD, HEX);
        b.add(215, "munmap", INT, MemoryCalls::munmap, Support.FULL, "", PTR, UINT);
        b.add(226, "mprotect", INT, MemoryCalls::mprotect, Support.FULL, "", PTR, UINT, PROT);
        b.add(216, "mremap", HEX, MemoryCalls::mremap, Support.PARTIAL,
                "MREMAP_DONTUNMAP and old_size 0 (duplicating a shared mapping) answer EINVAL", PTR, UINT, UINT, HEX, PTR);
        b.add(227, "msync", INT, MemoryCalls::msync, Support.FULL, "", PTR, UINT, HEX);
        b.add(233, "madvise", INT, MemoryCalls::madvise, Support.PARTIAL,
                "MADV_DONTNEED drops pages; other advice is accepted and ignored", PTR, UINT, ArgKind.MADVISE_ADVICE);
    }

    private static boolean aligned(long v) {
        return (v & Page.MASK) == 0;
    }

    /**
     * The end of the page-rounded range [addr, addr + len), or -1 if it runs past user space
     * (TASK_SIZE, where no mapping can be) or len rounds past 2^64 (Linux's "len =
     * PAGE_ALIGN(len); end = start + len; if (end <= start)" checks). len 0 gives addr.
     */
    static long userEnd(long addr, long len) {
        long size = AddressSpace.pageUp(len);
        if (len != 0 && size == 0) return -1; // PAGE_ALIGN wrapped around
        if (Long.compareUnsigned(size, AddressSpace.TASK_SIZE) > 0 || Long.compareUnsigned(addr, AddressSpace.TASK_SIZE - size) > 0) {
            return -1;
        }
        return addr + size;
    }

    /** Implements brk(2) (the raw call: returns the new or unchanged break). */
    static long brk(SyscallContext c) {
        long before = c.mem().brk(0);
        long now = c.mem().brk(c.arg(0));
        if (now < before) c.kernel().shootdown(c.process(), c.task());
        return now;
    }

    /** Implements mmap(2). */
    static long mmap(SyscallContext c) {
        long addr = c.arg(0), len = c.arg(1), off = c.arg(5);
        int prot = c.argInt(2), flags = c.argInt(3), fd = c.argInt(4);
        if (len == 0 || (prot & ~PROT_MASK) != 0 || !aligned(off)) return -Errno.EINVAL;
        int type = flags & MAP_TYPE;
        if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return -Errno.EINVAL;
        long size = AddressSpace.pageUp(len);
        if (size <= 0 || size > AddressSpace.TASK_SIZE) return -Errno.ENOMEM;
        AddressSpace as = c.mem();
        // Like Linux's heuristic overcommit: a request that cannot fit in the memory left under
        // the limit (--memory) fails at once; smaller ones succeed and are paid for on touch.
        boolean charged = (prot & Vma.WRITE) != 0 || type != MAP_PRIVATE;
        if (charged && !as.account().canAllocate(size >>> Page.SHIFT)) return -Errno.ENOMEM;
        if ((prot & Vma.WRITE) != 0) prot |= Vma.READ; // RISC-V has no write-only pages

        MemoryObject object = null;
        String label = "";
        if ((flags & MAP_ANONYMOUS) == 0) {
            OpenFile f = c.process().files.get(fd);
            if (f == null) return -Errno.EBADF;
            if (!f.readable()) return -Errno.EACCES;
            if (type != MAP_PRIVATE && (prot & Vma.WRITE) != 0 && !f.writable()) return -Errno.EACCES;
            object = f.mappable();
            if (object == null) return -Errno.ENODEV;
            label = f.path();
        }
        long start;
        boolean fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
        if (fixed) {
            if (!aligned(addr)) return -Errno.EINVAL;
            if (addr < AddressSpace.MMAP_MIN || addr + size > AddressSpace.TASK_SIZE) return -Errno.EPERM;
            if ((flags & MAP_FIXED) == 0 && !as.free(addr, size)) return -Errno.EEXIST;
            start = addr;
        } else {
            start = as.findFree(size, addr & ~Page.MASK);
            if (start < 0) return -Errno.ENOMEM;
        }
        int vmaFlags = (type == MAP_PRIVATE ? 0 : Vma.SHARED) | ((flags & MAP_GROWSDOWN) != 0 ? Vma.GROWSDOWN : 0);
        if (object == null && type != MAP_PRIVATE) {
            object = new dev.javix.mem.SharedAnonymous(); // one set of pages for every mapping, fork included
            off = 0;
        }
        as.map(start, size, prot, vmaFlags, object, object == null ? 0 : off, label.isEmpty() && object != null
                ? object.label() : label);
        return start;
    }

    /** Implements munmap(2). */
    static long munmap(SyscallContext c) {
        long addr = c.arg(0), len = c.arg(1);
        if (!aligned(addr) || len == 0 || addr + len > AddressSpace.TASK_SIZE || addr + len < addr) return -Errno.EINVAL;
        c.mem().unmap(addr, AddressSpace.pageUp(len)); // writes shared file mappings back (AddressSpace.unmap)
        c.kernel().shootdown(c.process(), c.task());
        return 0;
    }

    /** Implements mprotect(2). */
    static long mprotect(SyscallContext c) {
        long addr = c.arg(0), len = c.arg(1);
        int prot = c.argInt(2);
        if (!aligned(addr) || (prot & ~(PROT_MASK | 0x01000000 | 0x02000000)) != 0) return -Errno.EINVAL;
        if (len == 0) return 0;
        if ((prot & Vma.WRITE) != 0) prot |= Vma.READ;
        long end = userEnd(addr, len);
        if (end < 0 || !c.mem().protect(addr, end - addr, prot & PROT_MASK)) return -Errno.ENOMEM;
        c.kernel().shootdown(c.process(), c.task());
        return 0;
    }

    /** Implements mremap(2). */
    static long mremap(SyscallContext c) {
        long r = mremapLocked(c);
        if (!Errno.isError(r)) c.kernel().shootdown(c.process(), c.task());
        return r;
    }

    private static long mremapLocked(SyscallContext c) {
        long old = c.arg(0), oldLen = AddressSpace.pageUp(c.arg(1)), newLen = AddressSpace.pageUp(c.arg(2));
        int flags = c.argInt(3);
        long want = c.arg(4);
        if (!aligned(old) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0) return -Errno.EINVAL;
        if ((flags & MREMAP_FIXED) != 0 && ((flags & MREMAP_MAYMOVE) == 0 || !aligned(want))) return -Errno.EINVAL;
        if ((flags & MREMAP_DONTUNMAP) != 0) return -Errno.EINVAL; // not supported for now: documented in the table
        if (newLen == 0) return -Errno.EINVAL;
        if (userEnd(old, oldLen) < 0) return -Errno.EFAULT; // no mapping can be there
        if (Long.compareUnsigned(newLen, AddressSpace.TASK_SIZE) > 0) return -Errno.ENOMEM;
        if ((flags & MREMAP_FIXED) != 0 && userEnd(want, newLen) < 0) return -Errno.EINVAL;
        AddressSpace as = c.mem();
        Vma v = as.find(old);
        if (v == null || (oldLen > 0 && old + oldLen > v.end())) return -Errno.EFAULT;
        if (oldLen == 0) return -Errno.EINVAL; // duplicating shared mappings is not supported
        if ((flags & MREMAP_FIXED) != 0) {
            if (want < old + oldLen && old < want + newLen) return -Errno.EINVAL;
            as.remap(old, oldLen, want, newLen);
            return want;
        }
        if (newLen <= oldLen) {
            if (newLen < oldLen) as.unmap(old + newLen, oldLen - newLen);
            return old;
        }
        if (old + oldLen == v.end() && as.free(old + oldLen, newLen - oldLen)) {
            as.remap(old, oldLen, old, newLen);
            return old;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) return -Errno.ENOMEM;
        long dst = as.findFree(newLen, 0);
        if (dst < 0) return -Errno.ENOMEM;
        as.remap(old, oldLen, dst, newLen);
        return dst;
    }

    static final int MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;

    /**
     * Implements msync(2): writes the shared file mappings in the range back to their files
     * (a tmpfs file's pages are its storage, so only host files have work to do). EINVAL for
     * an unaligned address, unknown flags or MS_SYNC with MS_ASYNC; ENOMEM if part of the range
     * is unmapped (after syncing what is mapped, as Linux does).
     */
    static long msync(SyscallContext c) {
        long addr = c.arg(0), len = c.arg(1);
        int flags = c.argInt(2);
        if (!aligned(addr) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0) return -Errno.EINVAL;
        if ((flags & MS_ASYNC) != 0 && (flags & MS_SYNC) != 0) return -Errno.EINVAL;
        long end = addr + AddressSpace.pageUp(len);
        if (end < addr) return -Errno.ENOMEM;
        if (end == addr) return 0;
        AddressSpace as = c.mem();
        for (Vma v : as.snapshot()) {
            if (v.end() <= addr || v.start() >= end || !v.shared() || v.object() == null) continue;
            long from = Math.max(v.start(), addr), to = Math.min(v.end(), end);
            v.object().writeBack(v.offset() + (from - v.start()), to - from);
        }
        return as.fullyMapped(addr, end) ? 0 : -Errno.ENOMEM;
    }

    /** Implements madvise(2). */
    static long madvise(SyscallContext c) {
        long addr = c.arg(0), len = c.arg(1);
        int advice = c.argInt(2);
        if (!aligned(addr)) return -Errno.EINVAL;
        boolean known = (advice >= 0 && advice <= 4) || (advice >= 8 && advice <= 25) || advice == 100 || advice == 101;
        if (!known) return -Errno.EINVAL;
        long size = AddressSpace.pageUp(len);
        if (len != 0 && size == 0 || Long.compareUnsigned(addr + size, addr) < 0) return -Errno.EINVAL; // PAGE_ALIGN or the end wrapped
        if (size == 0) return 0;
        if (userEnd(addr, len) < 0 || !c.mem().fullyMapped(addr, addr + size)) return -Errno.ENOMEM;
        if (advice == 4 /* MADV_DONTNEED */) {
            c.mem().discard(addr, size);
            c.kernel().shootdown(c.process(), c.task());
        }
        return 0;
    }
}
