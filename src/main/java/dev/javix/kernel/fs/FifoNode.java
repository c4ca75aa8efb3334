package dev.javix.kernel.fs;

/**
 * A named pipe in a tmpfs (fifo(7)), made by mknod(2)/mkfifo(3). Every open(2) of it gets its
 * own description ({@link FifoFile}) over one {@link Pipe}, made on the first open and kept
 * with the inode; the pipe's bytes are dropped when the last description closes, as Linux
 * frees its pipe_inode_info.
 *
 * <p>Guarded by {@code this}: pipe (and TmpNode's fields).
 */
final class FifoNode extends TmpNode {
    private Pipe pipe;

    FifoNode(Tmpfs fs, int mode, int uid, int gid) {
        super(fs, StatBuf.S_IFIFO | (mode & 07777), uid, gid);
    }

    @Override
    long sizeLocked() {
        return 0;
    }

    @Override
    OpenFile open(Location at, int flags, String path) throws FsException {
        Pipe p;
        synchronized (this) {
            if (pipe == null) pipe = new Pipe(ino);
            p = pipe;
        }
        return FifoFile.open(at, flags, path, p);
    }
}
