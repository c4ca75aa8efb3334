package dev.javix.kernel.fs;

/**
 * A place in the guest's tree: an inode as reached through a mount (Linux's struct path). The
 * mount is what makes ".." at a mounted file system's root lead back to the directory holding
 * the mount point. Immutable.
 */
record Location(Mount mount, Inode inode) {
    FileSystem fs() {
        return mount.fs;
    }

    boolean isMountRoot() {
        return inode.equals(mount.fs.root());
    }
}
