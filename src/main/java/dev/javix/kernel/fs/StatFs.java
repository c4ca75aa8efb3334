package dev.javix.kernel.fs;

/**
 * What statfs(2) reports about a file system, independent of the guest's struct layout (the
 * system call layer writes it as riscv64's {@code struct statfs}).
 */
public final class StatFs {
    // f_type magic numbers (linux/magic.h)
    public static final long TMPFS_MAGIC = 0x01021994L, EXT4_SUPER_MAGIC = 0xEF53L, PIPEFS_MAGIC = 0x50495045L;
    // f_flags (statvfs ST_*; Linux always sets ST_VALID in statfs)
    public static final long ST_RDONLY = 1, ST_NOSUID = 2, ST_NODEV = 4, ST_NOEXEC = 8, ST_RELATIME = 4096,
            ST_VALID = 0x20;

    public long type;
    public long bsize = 4096;
    public long blocks;
    public long bfree;
    public long bavail;
    public long files;
    public long ffree;
    /** f_fsid: two ints, as Linux builds them from the device number (low word, high word). */
    public int fsid0, fsid1;
    public long namelen = 255;
    public long frsize = 4096;
    public long flags = ST_VALID;
}
