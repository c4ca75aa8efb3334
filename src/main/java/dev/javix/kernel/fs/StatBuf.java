package dev.javix.kernel.fs;

/**
 * What stat(2) reports about a file, independent of the guest's struct layout (the syscall
 * layer writes it as riscv64's {@code struct stat} or {@code struct statx}). Mutable, filled by
 * {@link OpenFile#stat} and the VFS.
 */
public final class StatBuf {
    // st_mode file type bits (inode(7))
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
            S_IFBLK = 0060000, S_IFDIR = 0040000, S_IFCHR = 0020000, S_IFIFO = 0010000;

    public long dev;
    public long ino;
    public int mode;
    public int nlink = 1;
    public int uid;
    public int gid;
    public long rdev;
    public long size;
    public int blksize = 4096;
    public long blocks;
    public long atimeSec, atimeNsec;
    public long mtimeSec, mtimeNsec;
    public long ctimeSec, ctimeNsec;

    public static long makedev(int major, int minor) {
        // Linux's new_encode_dev layout as glibc's makedev() builds it.
        return ((long) (major & 0xfffff000) << 32) | ((long) (major & 0xfff) << 8)
                | ((long) (minor & 0xffffff00) << 12) | (minor & 0xff);
    }
}
