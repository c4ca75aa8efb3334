package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import java.util.List;

/**
 * An open directory. getdents64(2) lists a snapshot taken when the listing starts (offset 0,
 * so rewinddir sees new entries), "." and ".." first; d_off is the index of the next entry,
 * and lseek to a d_off continues from there.
 *
 * <p>Guarded by {@code this}: the snapshot and the offset.
 */
final class DirFile extends InodeFile {
    private final Vfs vfs;
    private List<DirEntry> snapshot;

    DirFile(Vfs vfs, Location at, int flags, String path) {
        super(at, flags, path);
        this.vfs = vfs;
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        return -Errno.EISDIR;
    }

    @Override
    public long pread(Task t, byte[] dst, int off, int len, long pos) {
        return -Errno.EISDIR;
    }

    @Override
    public long getdents(Task t, DirentWriter out) {
        // The listing is taken without this description's lock: the namespace lock comes first.
        List<DirEntry> fresh = null;
        if (needsSnapshot()) {
            try {
                fresh = vfs.listing(at);
            } catch (FsException e) {
                return -e.errno;
            }
        }
        synchronized (this) {
            if (fresh != null && (snapshot == null || offset == 0)) snapshot = fresh;
            int start = out.length();
            while (offset < snapshot.size()) {
                DirEntry e = snapshot.get((int) offset);
                if (!out.add(e.ino(), offset + 1, e.type(), e.name())) {
                    if (out.length() == start) return -Errno.EINVAL; // result buffer too small
                    break;
                }
                offset++;
            }
            return out.length() - start;
        }
    }

    private synchronized boolean needsSnapshot() {
        return snapshot == null || offset == 0;
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
