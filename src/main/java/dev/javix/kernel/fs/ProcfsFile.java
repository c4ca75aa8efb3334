package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;

/**
 * An open /proc text file: the text generated at open, read like a seq_file (read, pread,
 * lseek SEEK_SET/SEEK_CUR; SEEK_END is EINVAL since the size is unknown, st_size 0). Writes go
 * to the file's sink.
 *
 * <p>Guarded by {@code this}: the offset.
 */
final class ProcfsFile extends InodeFile {
    private final byte[] text;
    private final ProcfsNode.Sink sink;

    ProcfsFile(Location at, int flags, String path, byte[] text, ProcfsNode.Sink sink) {
        super(at, flags, path);
        this.text = text;
        this.sink = sink;
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (!readable()) return -Errno.EBADF;
        synchronized (this) {
            int n = copy(offset, dst, off, len);
            offset += n;
            return n;
        }
    }

    @Override
    public long pread(Task t, byte[] dst, int off, int len, long pos) {
        if (!readable()) return -Errno.EBADF;
        if (pos < 0) return -Errno.EINVAL;
        return copy(pos, dst, off, len);
    }

    private int copy(long pos, byte[] dst, int off, int len) {
        if (pos >= text.length) return 0;
        int n = (int) Math.min(len, text.length - pos);
        System.arraycopy(text, (int) pos, dst, off, n);
        return n;
    }

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        if (!writable()) return -Errno.EBADF;
        return sink.write(java.util.Arrays.copyOfRange(src, off, off + len));
    }

    @Override
    public long pwrite(Task t, byte[] src, int off, int len, long pos) {
        if (pos < 0) return -Errno.EINVAL;
        return write(t, src, off, len);
    }

    @Override
    public synchronized long seek(long off, int whence) {
        long n = switch (whence) {
            case RegularFile.SEEK_SET -> off;
            case RegularFile.SEEK_CUR -> offset + off;
            default -> -1;
        };
        if (n < 0) return -Errno.EINVAL;
        offset = n;
        return n;
    }
}
