package dev.javix.kernel.fs;

/**
 * One file system instance (Linux's super_block): a tree of {@link Inode}s with a root, a
 * device number for st_dev, and what statfs(2) reports. It may be mounted at one place.
 */
abstract class FileSystem {
    /** st_dev of every inode here: an anonymous device 0:minor, stable for a kernel's mount order. */
    final long dev;

    FileSystem(long dev) {
        this.dev = dev;
    }

    abstract Inode root();

    /** True if nothing here may be created, removed or written (EROFS). */
    abstract boolean readOnly();

    /** The type name as /proc/mounts shows it: "tmpfs", "devtmpfs", "hostfs". */
    abstract String type();

    /** Fills what statfs(2) reports. */
    abstract void statfs(StatFs out);
}
