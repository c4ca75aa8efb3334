package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.AT_FLAGS;
import static dev.javix.syscall.ArgKind.BUF_OUT;
import static dev.javix.syscall.ArgKind.DIRFD;
import static dev.javix.syscall.ArgKind.FD;
import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.STR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.FsException;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.fs.StatFs;
import dev.javix.kernel.fs.Vfs;
import java.nio.charset.StandardCharsets;

/**
 * Calls that report on files: newfstatat, fstat, statx, statfs, fstatfs, readlinkat,
 * faccessat, faccessat2. glibc 2.3x on riscv64 implements stat, lstat and fstat with
 * newfstatat (fstat as {@code newfstatat(fd, "", buf, AT_EMPTY_PATH)}), so that layout is the
 * one every program sees; statx is there for programs (and newer libcs) that ask for it.
 */
final class StatCalls {
    private StatCalls() {}

    /**
     * riscv64's {@code struct stat}, asm-generic/stat.h (128 bytes):
     * <pre>
     * struct stat {
     *     unsigned long  st_dev;         //   0
     *     unsigned long  st_ino;         //   8
     *     unsigned int   st_mode;        //  16
     *     unsigned int   st_nlink;       //  20
     *     unsigned int   st_uid;         //  24
     *     unsigned int   st_gid;         //  28
     *     unsigned long  st_rdev;        //  32
     *     unsigned long  __pad1;         //  40
     *     long           st_size;        //  48
     *     int            st_blksize;     //  56
     *     int            __pad2;         //  60
     *     long           st_blocks;      //  64
     *     long           st_atime;       //  72
     *     unsigned long  st_atime_nsec;  //  80
     *     long           st_mtime;       //  88
     *     unsigned long  st_mtime_nsec;  //  96
     *     long           st_ctime;       // 104
     *     unsigned long  st_ctime_nsec;  // 112
     *     unsigned int   __unused4;      // 120
     *     unsigned int   __unused5;      // 124
     * };
     * </pre>
     */
    static final int STAT_SIZE = 128, ST_DEV = 0, ST_INO = 8, ST_MODE = 16, ST_NLINK = 20, ST_UID = 24, ST_GID = 28,
            ST_RDEV = 32, ST_SIZE = 48, ST_BLKSIZE = 56, ST_BLOCKS = 64, ST_ATIME = 72, ST_ATIME_NSEC = 80,
            ST_MTIME = 88, ST_MTIME_NSEC = 96, ST_CTIME = 104, ST_CTIME_NSEC = 112;

    /**
     * {@code struct statx}, linux/stat.h (256 bytes); timestamps are
     * {@code struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; __s32 __reserved; }} (16 bytes):
     * <pre>
     *     __u32 stx_mask;            // 0x00     __u32 stx_blksize;         // 0x04
     *     __u64 stx_attributes;      // 0x08
     *     __u32 stx_nlink;           // 0x10     __u32 stx_uid;             // 0x14
     *     __u32 stx_gid;             // 0x18     __u16 stx_mode;            // 0x1c
     *     __u64 stx_ino;             // 0x20     __u64 stx_size;            // 0x28
     *     __u64 stx_blocks;          // 0x30     __u64 stx_attributes_mask; // 0x38
     *     struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime; // 0x40 0x50 0x60 0x70
     *     __u32 stx_rdev_major;      // 0x80     __u32 stx_rdev_minor;      // 0x84
     *     __u32 stx_dev_major;       // 0x88     __u32 stx_dev_minor;       // 0x8c
     *     __u64 stx_mnt_id;          // 0x90     ... spare up to 0x100
     * </pre>
     */
    static final int STATX_SIZE = 0x100, STX_MASK = 0x00, STX_BLKSIZE = 0x04, STX_ATTRIBUTES = 0x08,
            STX_NLINK = 0x10, STX_UID = 0x14, STX_GID = 0x18, STX_MODE = 0x1c, STX_INO = 0x20, STX_SIZE = 0x28,
            STX_BLOCKS = 0x30, STX_ATTRIBUTES_MASK = 0x38, STX_ATIME = 0x40, STX_BTIME = 0x50, STX_CTIME = 0x60,
            STX_MTIME = 0x70, STX_RDEV_MAJOR = 0x80, STX_RDEV_MINOR = 0x84, STX_DEV_MAJOR = 0x88,
            STX_DEV_MINOR = 0x8c;
    /** STATX_BASIC_STATS: type, mode, nlink, uid, gid, atime, mtime, ctime, ino, size, blocks. */
    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_RESERVED = 0x80000000;
    static final int AT_STATX_SYNC_TYPE = 0x6000;

    /**
     * riscv64's {@code struct statfs}, asm-generic/statfs.h with 64-bit {@code __statfs_word}
     * (120 bytes):
     * <pre>
     *     f_type 0, f_bsize 8, f_blocks 16, f_bfree 24, f_bavail 32, f_files 40, f_ffree 48,
     *     __kernel_fsid_t f_fsid (int[2]) 56, f_namelen 64, f_frsize 72, f_flags 80, f_spare[4] 88
     * </pre>
     */
    static final int STATFS_SIZE = 120, F_TYPE = 0, F_BSIZE = 8, F_BLOCKS = 16, F_BFREE = 24, F_BAVAIL = 32,
            F_FILES = 40, F_FFREE = 48, F_FSID = 56, F_NAMELEN = 64, F_FRSIZE = 72, F_FLAGS = 80;

    static void register(SyscallTable.Builder b) {
        b.add(79, "newfstatat", INT, StatCalls::newfstatat, Support.FULL, "", DIRFD, STR, PTR, AT_FLAGS);
        b.add(80, "fstat", INT, StatCalls::fstat, Support.FULL, "", FD, PTR);
        b.add(291, "statx", INT, StatCalls::statx, Support.PARTIAL,
                "reports STATX_BASIC_STATS; no btime, attributes or mount id", DIRFD, STR, AT_FLAGS, HEX, PTR);
        b.add(43, "statfs", INT, StatCalls::statfs, Support.FULL, "", STR, PTR);
        b.add(44, "fstatfs", INT, StatCalls::fstatfs, Support.FULL, "", FD, PTR);
        b.add(78, "readlinkat", INT, StatCalls::readlinkat, Support.FULL, "", DIRFD, STR, BUF_OUT, UINT);
        b.add(48, "faccessat", INT, StatCalls::faccessat, Support.FULL, "", DIRFD, STR, ArgKind.ACCESS_MODE);
        b.add(439, "faccessat2", INT, StatCalls::faccessat2, Support.FULL, "", DIRFD, STR, INT, AT_FLAGS);
    }

    /** The path of an *at call that may be NULL with AT_EMPTY_PATH (Linux 6.11+ accepts that). */
    private static String emptyOkPath(SyscallContext c, long addr, int flags) throws FsException {
        if (addr == 0 && (flags & Vfs.AT_EMPTY_PATH) != 0) return "";
        return FileCalls.path(c, addr);
    }

    /** Implements newfstatat(2) (stat, lstat, fstatat and fstat in glibc). */
    static long newfstatat(SyscallContext c) {
        int flags = c.argInt(3);
        try {
            String path = emptyOkPath(c, c.arg(1), flags);
            StatBuf st = c.kernel().vfs().stat(c.process(), c.argInt(0), path, flags);
            c.write(c.arg(2), encodeStat(st));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements fstat(2). */
    static long fstat(SyscallContext c) {
        OpenFile f = FileCalls.file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        StatBuf st = new StatBuf();
        long r = f.stat(st);
        if (r < 0) return r;
        c.write(c.arg(1), encodeStat(st));
        return 0;
    }

    /** Implements statx(2). */
    static long statx(SyscallContext c) {
        int flags = c.argInt(2), mask = c.argInt(3);
        if ((flags & ~(Vfs.AT_SYMLINK_NOFOLLOW | Vfs.AT_NO_AUTOMOUNT | Vfs.AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) != 0
                || (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX_RESERVED) != 0)
            return -Errno.EINVAL;
        try {
            String path = emptyOkPath(c, c.arg(1), flags);
            StatBuf st = c.kernel().vfs().stat(c.process(), c.argInt(0), path, flags & ~AT_STATX_SYNC_TYPE);
            c.write(c.arg(4), encodeStatx(st));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements statfs(2). */
    static long statfs(SyscallContext c) {
        try {
            StatFs s = c.kernel().vfs().statfs(c.process(), FileCalls.path(c, c.arg(0)));
            c.write(c.arg(1), encodeStatfs(s));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements fstatfs(2). */
    static long fstatfs(SyscallContext c) {
        OpenFile f = FileCalls.file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        c.write(c.arg(1), encodeStatfs(c.kernel().vfs().statfs(f)));
        return 0;
    }

    /** Implements readlinkat(2): the target, truncated to bufsiz, without a NUL. */
    static long readlinkat(SyscallContext c) {
        int bufsiz = c.argInt(3);
        if (bufsiz <= 0) return -Errno.EINVAL;
        try {
            String target = c.kernel().vfs().readlink(c.process(), c.argInt(0), FileCalls.path(c, c.arg(1)));
            byte[] b = target.getBytes(StandardCharsets.UTF_8);
            int n = Math.min(b.length, bufsiz);
            c.write(c.arg(2), b, 0, n);
            return n;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    /** Implements faccessat(2) (the raw call has no flags argument). */
    static long faccessat(SyscallContext c) {
        return access(c, 0);
    }

    /** Implements faccessat2(2). */
    static long faccessat2(SyscallContext c) {
        return access(c, c.argInt(3));
    }

    private static long access(SyscallContext c, int flags) {
        try {
            String path = emptyOkPath(c, c.arg(1), flags);
            c.kernel().vfs().access(c.process(), c.argInt(0), path, c.argInt(2), flags);
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    // ------------------------------------------------------------------ encoders

    static byte[] encodeStat(StatBuf st) {
        byte[] b = new byte[STAT_SIZE];
        SyscallContext.putLong(b, ST_DEV, st.dev);
        SyscallContext.putLong(b, ST_INO, st.ino);
        SyscallContext.putInt(b, ST_MODE, st.mode);
        SyscallContext.putInt(b, ST_NLINK, st.nlink);
        SyscallContext.putInt(b, ST_UID, st.uid);
        SyscallContext.putInt(b, ST_GID, st.gid);
        SyscallContext.putLong(b, ST_RDEV, st.rdev);
        SyscallContext.putLong(b, ST_SIZE, st.size);
        SyscallContext.putInt(b, ST_BLKSIZE, st.blksize);
        SyscallContext.putLong(b, ST_BLOCKS, st.blocks);
        SyscallContext.putLong(b, ST_ATIME, st.atimeSec);
        SyscallContext.putLong(b, ST_ATIME_NSEC, st.atimeNsec);
        SyscallContext.putLong(b, ST_MTIME, st.mtimeSec);
        SyscallContext.putLong(b, ST_MTIME_NSEC, st.mtimeNsec);
        SyscallContext.putLong(b, ST_CTIME, st.ctimeSec);
        SyscallContext.putLong(b, ST_CTIME_NSEC, st.ctimeNsec);
        return b;
    }

    static byte[] encodeStatx(StatBuf st) {
        byte[] b = new byte[STATX_SIZE];
        SyscallContext.putInt(b, STX_MASK, STATX_BASIC_STATS);
        SyscallContext.putInt(b, STX_BLKSIZE, st.blksize);
        SyscallContext.putInt(b, STX_NLINK, st.nlink);
        SyscallContext.putInt(b, STX_UID, st.uid);
        SyscallContext.putInt(b, STX_GID, st.gid);
        b[STX_MODE] = (byte) st.mode;
        b[STX_MODE + 1] = (byte) (st.mode >>> 8);
        SyscallContext.putLong(b, STX_INO, st.ino);
        SyscallContext.putLong(b, STX_SIZE, st.size);
        SyscallContext.putLong(b, STX_BLOCKS, st.blocks);
        timestamp(b, STX_ATIME, st.atimeSec, st.atimeNsec);
        timestamp(b, STX_CTIME, st.ctimeSec, st.ctimeNsec);
        timestamp(b, STX_MTIME, st.mtimeSec, st.mtimeNsec);
        SyscallContext.putInt(b, STX_RDEV_MAJOR, major(st.rdev));
        SyscallContext.putInt(b, STX_RDEV_MINOR, minor(st.rdev));
        SyscallContext.putInt(b, STX_DEV_MAJOR, major(st.dev));
        SyscallContext.putInt(b, STX_DEV_MINOR, minor(st.dev));
        return b;
    }

    private static void timestamp(byte[] b, int at, long sec, long nsec) {
        SyscallContext.putLong(b, at, sec);
        SyscallContext.putInt(b, at + 8, (int) nsec);
    }

    /** gnu_dev_major: the inverse of {@link StatBuf#makedev}. */
    static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }

    static byte[] encodeStatfs(StatFs s) {
        byte[] b = new byte[STATFS_SIZE];
        SyscallContext.putLong(b, F_TYPE, s.type);
        SyscallContext.putLong(b, F_BSIZE, s.bsize);
        SyscallContext.putLong(b, F_BLOCKS, s.blocks);
        SyscallContext.putLong(b, F_BFREE, s.bfree);
        SyscallContext.putLong(b, F_BAVAIL, s.bavail);
        SyscallContext.putLong(b, F_FILES, s.files);
        SyscallContext.putLong(b, F_FFREE, s.ffree);
        SyscallContext.putInt(b, F_FSID, s.fsid0);
        SyscallContext.putInt(b, F_FSID + 4, s.fsid1);
        SyscallContext.putLong(b, F_NAMELEN, s.namelen);
        SyscallContext.putLong(b, F_FRSIZE, s.frsize);
        SyscallContext.putLong(b, F_FLAGS, s.flags);
        return b;
    }
}
