package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.MemoryObject;

/**
 * An open regular file, of any file system: the offset and flags of the description over the
 * file's {@link FileData}. Reads and writes of one description are serialised (Linux's
 * f_pos_lock), so threads sharing it never see the same offset twice.
 *
 * <p>Guarded by {@code this}: the offset (OpenFile's). Lock order: this → the data's lock.
 */
final class RegularFile extends InodeFile {
    // lseek(2) whence values
    static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;

    /** ioctl_tty(2) FIONREAD, which regular files answer too. */
    static final long FIONREAD = 0x541B;

    private final FileData data;

    RegularFile(Location at, int flags, String path, FileData data) {
        super(at, flags, path);
        this.data = data;
        data.opened();
    }

    FileData data() {
        return data;
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (!readable()) return -Errno.EBADF;
        try {
            synchronized (this) {
                int n = data.read(offset, dst, off, len);
                offset += n;
                return n;
            }
        } catch (FsException e) {
            return -e.errno;
        }
    }

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        if (!writable()) return -Errno.EBADF;
        try {
            synchronized (this) {
                if ((flags & O_APPEND) != 0) {
                    offset = data.append(src, off, len);
                } else {
                    if (offset + len < 0) return -Errno.EFBIG;
                    data.write(offset, src, off, len);
                    offset += len;
                }
                return len;
            }
        } catch (FsException e) {
            return -e.errno;
        }
    }

    @Override
    public long pread(Task t, byte[] dst, int off, int len, long pos) {
        if (!readable()) return -Errno.EBADF;
        if (pos < 0) return -Errno.EINVAL;
        try {
            return data.read(pos, dst, off, len);
        } catch (FsException e) {
            return -e.errno;
        }
    }

    @Override
    public long pwrite(Task t, byte[] src, int off, int len, long pos) {
        if (!writable()) return -Errno.EBADF;
        if (pos < 0) return -Errno.EINVAL;
        try {
            // pwrite(2) BUGS: on Linux, with O_APPEND the data goes to the end regardless of pos.
            if ((flags() & O_APPEND) != 0) data.append(src, off, len);
            else data.write(pos, src, off, len);
            return len;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    @Override
    public long seek(long off, int whence) {
        try {
            synchronized (this) {
                long base;
                switch (whence) {
                    case SEEK_SET -> base = 0;
                    case SEEK_CUR -> base = offset;
                    case SEEK_END -> base = data.size();
                    case SEEK_DATA, SEEK_HOLE -> {
                        // The whole file is data; the only hole is the virtual one at the end.
                        long size = data.size();
                        if (off < 0 || off >= size) return -Errno.ENXIO;
                        offset = whence == SEEK_DATA ? off : size;
                        return offset;
                    }
                    default -> {
                        return -Errno.EINVAL;
                    }
                }
                long n = base + off;
                if (n < 0 || ((base ^ n) & (off ^ n)) < 0) return -Errno.EINVAL;
                offset = n;
                return n;
            }
        } catch (FsException e) {
            return -e.errno;
        }
    }

    @Override
    public long stat(StatBuf st) {
        long r = super.stat(st);
        if (r == -Errno.ENOENT && inode() instanceof HostNode h) {
            // unlinked from the host while open: what we knew, with the size the channel reports
            try {
                h.statSnapshot(st, data.size());
                return 0;
            } catch (FsException e) {
                return -e.errno;
            }
        }
        return r;
    }

    /** FIONREAD on a regular file: the bytes between the offset and the end (file_ioctl). */
    @Override
    public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
        if (request != FIONREAD) return -Errno.ENOTTY;
        try {
            long left;
            synchronized (this) {
                left = Math.max(0, data.size() - offset);
            }
            c.writeInt(arg, (int) Math.min(left, Integer.MAX_VALUE));
            return 0;
        } catch (FsException e) {
            return -e.errno;
        }
    }

    @Override
    public MemoryObject mappable() {
        return data.memory(path());
    }

    @Override
    protected void released() {
        data.closed();
    }
}
