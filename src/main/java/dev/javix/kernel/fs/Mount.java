package dev.javix.kernel.fs;

/**
 * A file system attached to the guest's tree (Linux's struct mount). A mount is identified by
 * where it sits — the directory {@link #parentDir} of the {@link #parent} mount and the
 * {@link #name} in it — not by an inode there, so a mount point need not exist in the file
 * system below (javix mounts /tmp and /dev over root images that may lack them). Immutable;
 * equal only to itself.
 */
final class Mount {
    /** What is mounted. */
    final FileSystem fs;
    /** The mount below, or null for the root mount. */
    final Mount parent;
    /** The directory of {@code parent} holding the mount point (null for the root). */
    final Inode parentDir;
    /** The mount point's name in parentDir ("" for the root). */
    final String name;
    /** The mount point's absolute guest path, for /proc/mounts and messages. */
    final String path;
    /** The mount id (statx stx_mnt_id, /proc/self/mountinfo). */
    final int id;

    Mount(FileSystem fs, Mount parent, Inode parentDir, String name, String path, int id) {
        this.fs = fs;
        this.parent = parent;
        this.parentDir = parentDir;
        this.name = name;
        this.path = path;
        this.id = id;
    }

    /** Where the mounted tree starts. */
    Location root() {
        return new Location(this, fs.root());
    }

    /** Identifies a mount point: a name in a directory of a mount. */
    record Key(Mount mount, Inode dir, String name) {}

    @Override
    public String toString() {
        return fs.type() + " on " + path;
    }
}
