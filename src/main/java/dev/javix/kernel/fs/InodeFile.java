package dev.javix.kernel.fs;

/**
 * An open description of a file that has a place in the tree: a regular file, a directory, a
 * device node, an O_PATH handle. It remembers the {@link Location} it was opened at, which is
 * what the *at calls resolve relative paths from and what fchmod, fchdir and fstatfs act on.
 */
abstract class InodeFile extends OpenFile {
    final Location at;
    private final String path;

    InodeFile(Location at, int flags, String path) {
        super(flags);
        this.at = at;
        this.path = path;
    }

    final Inode inode() {
        return at.inode();
    }

    @Override
    public long stat(StatBuf st) {
        try {
            at.inode().stat(st);
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    @Override
    public String path() {
        return path;
    }
}
