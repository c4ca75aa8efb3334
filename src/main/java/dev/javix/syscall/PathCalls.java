package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.AT_FLAGS;
import static dev.javix.syscall.ArgKind.DIRFD;
import static dev.javix.syscall.ArgKind.FD;
import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.MODE;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.STR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.FsException;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.Vfs;
import java.nio.charset.StandardCharsets;

/**
 * Calls that work on names and attributes: getcwd, chdir, fchdir, mkdirat, unlinkat,
 * renameat2, symlinkat, linkat, truncate, utimensat, fchmod(at), fchown(at), umask. riscv64
 * has no renameat, rename, mkdir, unlink, … : glibc implements those with the *at calls.
 */
final class PathCalls {
    private PathCalls() {}

    /** utimensat(2) special tv_nsec values. */
    static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;

    static void register(SyscallTable.Builder b) {
        b.add(17, "getcwd", INT, PathCalls::getcwd, Support.FULL, "", PTR, UINT);
        b.add(49, "chdir", INT, PathCalls::chdir, Support.FULL, "", STR);
        b.add(50, "fchdir", INT, PathCalls::fchdir, Support.FULL, "", FD);
        b.add(34, "mkdirat", INT, PathCalls::mkdirat, Support.FULL, "", DIRFD, STR, MODE);
        b.add(33, "mknodat", INT, PathCalls::mknodat, Support.PARTIAL,
                "regular files everywhere, FIFOs and socket names on tmpfs; device nodes answer EPERM (even to "
                        + "root), and so do FIFOs and sockets on host mounts", DIRFD, STR, MODE, HEX);
        b.add(35, "unlinkat", INT, PathCalls::unlinkat, Support.FULL, "", DIRFD, STR, AT_FLAGS);
        b.add(276, "renameat2", INT, PathCalls::renameat2, Support.PARTIAL,
                "RENAME_WHITEOUT answers EINVAL; RENAME_EXCHANGE only on tmpfs", DIRFD, STR, DIRFD, STR, HEX);
        b.add(36, "symlinkat", INT, PathCalls::symlinkat, Support.FULL, "", STR, DIRFD, STR);
        b.add(37, "linkat", INT, PathCalls::linkat, Support.FULL, "", DIRFD, STR, DIRFD, STR, AT_FLAGS);
        b.add(45, "truncate", INT, PathCalls::truncate, Support.FULL, "", STR, INT);
        b.add(88, "utimensat", INT, PathCalls::utimensat, Support.FULL, "", DIRFD, STR, PTR, AT_FLAGS);
        b.add(52, "fchmod", INT, PathCalls::fchmod, Support.FULL, "", FD, MODE);
        b.add(53, "fchmodat", INT, PathCalls::fchmodat, Support.FULL, "", DIRFD, STR, MODE);
        b.add(452, "fchmodat2", INT, PathCalls::fchmodat2, Support.FULL, "", DIRFD, STR, MODE, AT_FLAGS);
        b.add(55, "fchown", INT, PathCalls::fchown, Support.PARTIAL,
                "host mounts: changes the host file's owner only when the JVM may", FD, INT, INT);
        b.add(54, "fchownat", INT, PathCalls::fchownat, Support.PARTIAL,
                "host mounts: changes the host file's owner only when the JVM may", DIRFD, STR, INT, INT, AT_FLAGS);
        b.add(166, "umask", MODE, PathCalls::umask, Support.FULL, "", MODE);
    }

    private static Vfs vfs(SyscallContext c) {
        return c.kernel().vfs();
    }

    /** Implements getcwd(2) (the raw call: returns the length including the NUL). */
    static long getcwd(SyscallContext c) {
        byte[] cwd = (c.process().cwd() + "\0").getBytes(StandardCharsets.UTF_8);
        long size = c.arg(1);
        if (size < cwd.length) return -Errno.ERANGE;
        c.write(c.arg(0), cwd);
        return cwd.length;
    }

    /** Implements chdir(2). */
    static long chdir(SyscallContext c) {
        try {
            vfs(c).chdir(c.process(), FileCalls.path(c, c.arg(0)));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements fchdir(2). */
    static long fchdir(SyscallContext c) {
        OpenFile f = FileCalls.file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        try {
            vfs(c).fchdir(c.process(), f);
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements mkdirat(2). */
    static long mkdirat(SyscallContext c) {
        try {
            vfs(c).mkdir(c.process(), c.argInt(0), FileCalls.path(c, c.arg(1)), c.argInt(2));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements mknodat(2) (mkfifo(3) and mknod(3) call it). */
    static long mknodat(SyscallContext c) {
        try {
            vfs(c).mknod(c.process(), c.argInt(0), FileCalls.path(c, c.arg(1)), c.argInt(2), c.arg(3));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements unlinkat(2). */
    static long unlinkat(SyscallContext c) {
        try {
            vfs(c).unlink(c.process(), c.argInt(0), FileCalls.path(c, c.arg(1)), c.argInt(2));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements renameat2(2). */
    static long renameat2(SyscallContext c) {
        try {
            vfs(c).rename(c.process(), c.argInt(0), FileCalls.path(c, c.arg(1)), c.argInt(2),
                    FileCalls.path(c, c.arg(3)), c.argInt(4));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements symlinkat(2). */
    static long symlinkat(SyscallContext c) {
        try {
            vfs(c).symlink(c.process(), FileCalls.path(c, c.arg(0)), c.argInt(1), FileCalls.path(c, c.arg(2)));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements linkat(2). */
    static long linkat(SyscallContext c) {
        try {
            vfs(c).link(c.process(), c.argInt(0), FileCalls.path(c, c.arg(1)), c.argInt(2),
                    FileCalls.path(c, c.arg(3)), c.argInt(4));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements truncate(2). */
    static long truncate(SyscallContext c) {
        try {
            vfs(c).truncate(c.process(), FileCalls.path(c, c.arg(0)), c.arg(1));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /**
     * Implements utimensat(2): times is NULL (both now) or {@code struct timespec[2]}
     * ({@code {i64 tv_sec; i64 tv_nsec}} each: access, then modification); a NULL path means
     * dirfd itself (futimens).
     */
    static long utimensat(SyscallContext c) {
        long pathAddr = c.arg(1), times = c.arg(2);
        long atime = Vfs.UTIME_NOW, mtime = Vfs.UTIME_NOW;
        if (times != 0) {
            byte[] ts = c.readBytes(times, 32);
            atime = time(SyscallContext.leLong(ts, 0), SyscallContext.leLong(ts, 8));
            mtime = time(SyscallContext.leLong(ts, 16), SyscallContext.leLong(ts, 24));
            if (atime == Long.MAX_VALUE || mtime == Long.MAX_VALUE) return -Errno.EINVAL;
        }
        try {
            String path = pathAddr == 0 ? null : FileCalls.path(c, pathAddr);
            if (path == null && c.argInt(0) >= 0) {
                OpenFile f = FileCalls.file(c, c.argInt(0));
                if (f != null && (f.flags() & OpenFile.O_PATH) != 0) return -Errno.EBADF;
            }
            vfs(c).utimes(c.process(), c.argInt(0), path, atime, mtime, c.argInt(3));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** One timespec as VFS time: nanoseconds, UTIME_NOW/OMIT, or Long.MAX_VALUE if invalid (EINVAL). */
    private static long time(long sec, long nsec) {
        if (nsec == UTIME_NOW) return Vfs.UTIME_NOW;
        if (nsec == UTIME_OMIT) return Vfs.UTIME_OMIT;
        if (nsec < 0 || nsec > 999_999_999L) return Long.MAX_VALUE;
        long max = Long.MAX_VALUE / 1_000_000_000L - 1;
        long s = Math.max(-max, Math.min(max, sec));
        return s * 1_000_000_000L + nsec;
    }

    /** Implements fchmod(2). */
    static long fchmod(SyscallContext c) {
        OpenFile f = FileCalls.fileNoPath(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        try {
            vfs(c).chmod(c.process(), f, c.argInt(1));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements fchmodat(2) (the raw call has no flags argument). */
    static long fchmodat(SyscallContext c) {
        return chmodat(c, 0);
    }

    /** Implements fchmodat2(2). */
    static long fchmodat2(SyscallContext c) {
        return chmodat(c, c.argInt(3));
    }

    private static long chmodat(SyscallContext c, int flags) {
        try {
            vfs(c).chmod(c.process(), c.argInt(0), FileCalls.path(c, c.arg(1)), c.argInt(2), flags);
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements fchown(2). */
    static long fchown(SyscallContext c) {
        OpenFile f = FileCalls.fileNoPath(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        try {
            vfs(c).chown(c.process(), f, c.argInt(1), c.argInt(2));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements fchownat(2). */
    static long fchownat(SyscallContext c) {
        int flags = c.argInt(4);
        try {
            String path = c.arg(1) == 0 && (flags & Vfs.AT_EMPTY_PATH) != 0 ? "" : FileCalls.path(c, c.arg(1));
            vfs(c).chown(c.process(), c.argInt(0), path, c.argInt(2), c.argInt(3), flags);
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements umask(2): sets the mask, returns the previous one. */
    static long umask(SyscallContext c) {
        return c.process().setUmask(c.argInt(0) & 0777);
    }
}
