package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;

/**
 * An O_PATH descriptor (open(2)): names a place in the tree without opening the file, for use
 * as a dirfd, with fstat, fchdir, fstatfs and dup. Reading, writing, seeking and listing
 * answer EBADF, as Linux's fdget does for such descriptors.
 */
final class PathFile extends InodeFile {
    PathFile(Location at, int flags, String path) {
        super(at, flags & (OpenFile.O_PATH | OpenFile.O_DIRECTORY | OpenFile.O_NOFOLLOW | OpenFile.O_CLOEXEC), path);
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        return -Errno.EBADF;
    }

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        return -Errno.EBADF;
    }

    @Override
    public long pread(Task t, byte[] dst, int off, int len, long pos) {
        return -Errno.EBADF;
    }

    @Override
    public long pwrite(Task t, byte[] src, int off, int len, long pos) {
        return -Errno.EBADF;
    }

    @Override
    public long seek(long off, int whence) {
        return -Errno.EBADF;
    }

    @Override
    public long getdents(Task t, DirentWriter out) {
        return -Errno.EBADF;
    }
}
