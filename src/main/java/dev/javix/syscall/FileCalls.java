package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.DIRFD;
import static dev.javix.syscall.ArgKind.FD;
import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.IOCTL;
import static dev.javix.syscall.ArgKind.OPEN_FLAGS;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.STR;
import static dev.javix.syscall.ArgKind.UINT;
import static dev.javix.syscall.ArgKind.WHENCE;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.DirentWriter;
import dev.javix.kernel.fs.FsException;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.ResourceLimits;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.Interruptible;

/**
 * File descriptor system calls: open, close, dup, fcntl ({@link FcntlCalls}), ioctl, lseek, fsync, ftruncate,
 * getdents64, and the read/write family (through {@link FileIo}). Registers the path and stat
 * families too ({@link PathCalls}, {@link StatCalls}), so the table has one entry point for files.
 */
public final class FileCalls {
    private FileCalls() {}

    // generic ioctls every descriptor answers (asm-generic/ioctls.h)
    static final long FIONCLEX = 0x5450, FIOCLEX = 0x5451, FIONBIO = 0x5421, FIOASYNC = 0x5452;
    /** Largest buffer getdents64 fills in one call (glibc asks for 32 KiB). */
    private static final int MAX_DIRENT_BUFFER = 1 << 20;
    /** Linux's sysctl_nr_open default: the most descriptors a process may ever have. */
    private static final long NR_OPEN = 1L << 20;

    public static void register(SyscallTable.Builder b) {
        FileIo.register(b);
        b.add(56, "openat", INT, FileCalls::openat, Support.PARTIAL,
                "no O_ASYNC signals; O_DIRECT and O_SYNC accepted and ignored",
                // mode is left out of the trace: strace shows it only with O_CREAT/O_TMPFILE
                DIRFD, STR, OPEN_FLAGS);
        b.add(57, "close", INT, FileCalls::close, Support.FULL, "", FD);
        b.add(436, "close_range", INT, FileCalls::closeRange, Support.PARTIAL,
                "CLOSE_RANGE_UNSHARE does not unshare a table shared by clone(CLONE_FILES)", FD, FD, HEX);
        b.add(23, "dup", INT, FileCalls::dup, Support.FULL, "", FD);
        b.add(24, "dup3", INT, FileCalls::dup3, Support.FULL, "", FD, FD, ArgKind.FD_FLAGS);
        b.add(25, "fcntl", INT, FcntlCalls::fcntl, Support.PARTIAL,
                "record locks (POSIX and OFD), pipe sizes, and signal-driven I/O (O_ASYNC with F_SETOWN(_EX) and "
                        + "F_SETSIG on pipes, FIFOs, sockets and terminals) work; leases, F_NOTIFY and seals answer "
                        + "EINVAL", FD, ArgKind.FCNTL_CMD, HEX);
        b.add(32, "flock", INT, FcntlCalls::flock, Support.FULL, "", FD, INT);
        b.add(29, "ioctl", INT, FileCalls::ioctl, Support.PARTIAL,
                "FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC, FIONREAD; on the console and /dev/tty the terminal requests "
                        + "(TCGETS/TCSETS*, termios2, TIOC[GS]PGRP, TIOCSCTTY, TIOCNOTTY, TIOCGSID, TIOC[GS]WINSZ, "
                        + "TCFLSH, TCXONC); other files answer ENOTTY for them", FD, IOCTL, HEX);
        b.add(62, "lseek", INT, FileCalls::lseek, Support.FULL, "", FD, INT, WHENCE);
        b.add(82, "fsync", INT, FileCalls::fsync, Support.FULL, "", FD);
        b.add(83, "fdatasync", INT, FileCalls::fsync, Support.FULL, "", FD);
        b.add(46, "ftruncate", INT, FileCalls::ftruncate, Support.FULL, "", FD, INT);
        b.add(61, "getdents64", INT, FileCalls::getdents64, Support.FULL, "", FD, PTR, UINT);
        StatCalls.register(b);
        PathCalls.register(b);
    }

    // ------------------------------------------------------------------ helpers shared by the file families

    /** RLIMIT_NOFILE: descriptors must be below this. */
    static long nofile(Process p) {
        long l = p.limits.soft(ResourceLimits.NOFILE);
        return l < 0 || l > NR_OPEN ? NR_OPEN : l;
    }

    /** The description behind fd, or null. */
    static OpenFile file(SyscallContext c, int fd) {
        return c.process().files.get(fd);
    }

    /** The description behind fd, or null also for an O_PATH descriptor (what Linux's fdget refuses). */
    static OpenFile fileNoPath(SyscallContext c, int fd) {
        OpenFile f = c.process().files.get(fd);
        return f == null || (f.flags() & OpenFile.O_PATH) != 0 ? null : f;
    }

    /** A path argument; ENAMETOOLONG past PATH_MAX. */
    static String path(SyscallContext c, long addr) throws FsException {
        String s = c.readPath(addr);
        if (s == null) throw new FsException(Errno.ENAMETOOLONG);
        return s;
    }

    /** Installs f at the lowest free fd; drops f and returns -EMFILE if there is none. */
    static long install(SyscallContext c, OpenFile f, int min, boolean cloexec) {
        int fd = c.process().files.install(f, min, cloexec, nofile(c.process()));
        if (fd < 0) f.close();
        return fd;
    }

    // ------------------------------------------------------------------ handlers

    /**
     * An open(2) waiting in {@link OpenFile#awaitOpen} (a FIFO waiting for its other side):
     * the description made by the first run, kept across the restart; an interruption closes it.
     */
    private record Opening(OpenFile file) implements Interruptible {
        @Override
        public boolean restartable() {
            return true; // fifo_open returns -ERESTARTSYS
        }

        @Override
        public long interrupt(Task t) {
            file.close();
            return -Errno.EINTR;
        }
    }

    /** Implements openat(2). */
    static long openat(SyscallContext c) {
        int dirfd = c.argInt(0), flags = c.argInt(2), mode = c.argInt(3);
        Task t = c.task();
        OpenFile f;
        if (t.syscallState instanceof Opening o) {
            f = o.file();
        } else {
            try {
                String path = path(c, c.arg(1));
                Process p = c.process();
                if (!p.files.hasFree(nofile(p))) return -Errno.EMFILE;
                // 64-bit Linux opens everything large-file (force_o_largefile); F_GETFL shows it.
                f = c.kernel().vfs().open(p, dirfd, path, flags | OpenFile.O_LARGEFILE, mode);
            } catch (FsException e) {
                return -e.errno;
            }
        }
        long r = f.awaitOpen(t);
        if (r == Syscall.BLOCK) {
            t.syscallState = new Opening(f);
            return r;
        }
        if (r < 0) {
            f.close();
            return r;
        }
        return install(c, f, 0, (flags & OpenFile.O_CLOEXEC) != 0);
    }

    /** Closes fd, dropping the process's record locks on its file first (close(2) NOTES). */
    static long closeFd(SyscallContext c, int fd) {
        FcntlCalls.dropLocks(c, c.process().files.get(fd));
        return c.process().files.close(fd);
    }

    /** Implements close(2). */
    static long close(SyscallContext c) {
        return closeFd(c, c.argInt(0));
    }

    /** Implements close_range(2). */
    static long closeRange(SyscallContext c) {
        long first = c.arg(0) & 0xffffffffL, last = c.arg(1) & 0xffffffffL;
        int flags = c.argInt(2);
        final int unshare = 2, cloexec = 4;
        if ((flags & ~(unshare | cloexec)) != 0 || first > last) return -Errno.EINVAL;
        var files = c.process().files;
        long end = Math.min(last, files.size() - 1L);
        for (long fd = first; fd <= end; fd++) {
            if (files.get((int) fd) == null) continue;
            if ((flags & cloexec) != 0) files.setCloseOnExec((int) fd, true);
            else closeFd(c, (int) fd);
        }
        return 0;
    }

    /** Implements dup(2). */
    static long dup(SyscallContext c) {
        OpenFile f = file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        return install(c, f.retain(), 0, false);
    }

    /** Implements dup3(2). */
    static long dup3(SyscallContext c) {
        int oldfd = c.argInt(0), newfd = c.argInt(1), flags = c.argInt(2);
        if ((flags & ~OpenFile.O_CLOEXEC) != 0) return -Errno.EINVAL;
        if (oldfd == newfd) return -Errno.EINVAL;
        OpenFile f = file(c, oldfd);
        if (f == null) return -Errno.EBADF;
        if (newfd < 0 || newfd >= nofile(c.process())) return -Errno.EBADF;
        FcntlCalls.dropLocks(c, c.process().files.get(newfd));
        return c.process().files.installAt(f.retain(), newfd, (flags & OpenFile.O_CLOEXEC) != 0);
    }

    /** Implements ioctl(2): the generic requests here, the rest by the file. */
    static long ioctl(SyscallContext c) {
        int fd = c.argInt(0);
        long request = c.arg(1) & 0xffffffffL, arg = c.arg(2);
        OpenFile f = fileNoPath(c, fd);
        if (f == null) return -Errno.EBADF;
        var files = c.process().files;
        if (request == FIOCLEX || request == FIONCLEX) {
            files.setCloseOnExec(fd, request == FIOCLEX);
            return 0;
        }
        if (request == FIONBIO || request == FIOASYNC) {
            int bit = request == FIONBIO ? OpenFile.O_NONBLOCK : OpenFile.O_ASYNC;
            boolean on = c.readInt(arg) != 0;
            int fl = f.flags();
            f.setStatusFlags(on ? fl | bit : fl & ~bit);
            return 0;
        }
        return f.ioctl(c.task(), request, arg, c);
    }

    /** Implements lseek(2). */
    static long lseek(SyscallContext c) {
        OpenFile f = file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        return f.seek(c.arg(1), c.argInt(2));
    }

    /** Implements fsync(2) and fdatasync(2). */
    static long fsync(SyscallContext c) {
        OpenFile f = fileNoPath(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        try {
            c.kernel().vfs().sync(f);
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements ftruncate(2). */
    static long ftruncate(SyscallContext c) {
        OpenFile f = fileNoPath(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        try {
            c.kernel().vfs().truncate(f, c.arg(1));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements getdents64(2). */
    static long getdents64(SyscallContext c) {
        OpenFile f = file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        long count = c.arg(2) & 0xffffffffL;
        DirentWriter out = new DirentWriter((int) Math.min(count, MAX_DIRENT_BUFFER));
        long n = f.getdents(c.task(), out);
        if (n > 0) c.write(c.arg(1), out.bytes(), 0, out.length());
        return n;
    }
}
