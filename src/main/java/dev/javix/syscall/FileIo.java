package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.BUF_IN;
import static dev.javix.syscall.ArgKind.BUF_OUT;
import static dev.javix.syscall.ArgKind.FD;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.UserBuffer;
import dev.javix.kernel.proc.Task;

/**
 * The read/write family: read, write, pread64, pwrite64, readv, writev, preadv, pwritev. One
 * loop serves them all: it moves at most {@link #CHUNK} bytes per call into the file, repeating
 * while the file takes or gives whole chunks, so a large regular-file transfer completes and a
 * stream returns what it has. The partial-result rule lives here, once: an error or a block
 * after some bytes moved returns the count; {@link Syscall#BLOCK} from the file on the first
 * step is returned unchanged (the call runs again when the task is woken).
 *
 * <p>A vector is treated as one buffer scattered over its iovecs (so a readv of a stream is one
 * read of the file, and a writev to a pipe is one write: atomic up to PIPE_BUF like Linux's).
 */
final class FileIo {
    private FileIo() {}

    /** Bytes moved per call into the file; bounds the kernel buffer a transfer allocates. */
    static final int CHUNK = 1 << 20;
    /** MAX_RW_COUNT: Linux caps one transfer at INT_MAX rounded down to a page. */
    static final long MAX_RW_COUNT = 0x7ffff000L;
    /** UIO_MAXIOV. */
    static final int IOV_MAX = 1024;

    static void register(SyscallTable.Builder b) {
        b.add(63, "read", INT, FileIo::read, Support.FULL, "", FD, BUF_OUT, UINT);
        b.add(64, "write", INT, FileIo::write, Support.FULL, "", FD, BUF_IN, UINT);
        b.add(65, "readv", INT, FileIo::readv, Support.FULL, "", FD, PTR, INT);
        b.add(66, "writev", INT, FileIo::writev, Support.FULL, "", FD, PTR, INT);
        b.add(67, "pread64", INT, FileIo::pread, Support.FULL, "", FD, BUF_OUT, UINT, INT);
        b.add(68, "pwrite64", INT, FileIo::pwrite, Support.FULL, "", FD, BUF_IN, UINT, INT);
        b.add(69, "preadv", INT, FileIo::preadv, Support.FULL, "", FD, PTR, INT, INT);
        b.add(70, "pwritev", INT, FileIo::pwritev, Support.FULL, "", FD, PTR, INT, INT);
    }

    /**
     * Guest memory as one linear buffer: a single range, or an iovec array.
     * {@code segs} holds base,len pairs.
     */
    private record Guest(SyscallContext c, long[] segs, long total) implements UserBuffer {
        static Guest of(SyscallContext c, long addr, long len) {
            return new Guest(c, new long[] {addr, len}, len);
        }

        @Override
        public void copyOut(long at, byte[] src, int off, int n) {
            c.copyVector(segs, at, src, off, n, true);
        }

        @Override
        public void copyIn(long at, byte[] dst, int off, int n) {
            c.copyVector(segs, at, dst, off, n, false);
        }
    }

    /** Reads an iovec array ({u64 iov_base, u64 iov_len} each); null with the errno in err[0]. */
    private static Guest iovec(SyscallContext c, long addr, long count, long[] err) {
        if (count < 0 || count > IOV_MAX) {
            err[0] = -Errno.EINVAL;
            return null;
        }
        int n = (int) count;
        byte[] raw = c.readBytes(addr, n * 16);
        long[] segs = new long[n * 2];
        long total = 0;
        for (int i = 0; i < n; i++) {
            segs[2 * i] = SyscallContext.leLong(raw, 16 * i);
            long len = SyscallContext.leLong(raw, 16 * i + 8);
            if (len < 0 || total + len < 0) {
                err[0] = -Errno.EINVAL;
                return null;
            }
            segs[2 * i + 1] = len;
            total += len;
        }
        return new Guest(c, segs, total);
    }

    /** Moves up to g.total bytes from f into the guest, at f's offset (pos &lt; 0) or at pos. */
    private static long in(SyscallContext c, OpenFile f, Guest g, long pos) {
        if (!f.readable()) return -Errno.EBADF;
        long count = Math.min(g.total(), MAX_RW_COUNT);
        Task t = c.task();
        if (pos < 0) {
            long r = f.readDirect(t, g, (int) count);
            if (r != OpenFile.NO_DIRECT) return r;
        }
        int room = (int) Math.min(Math.max(count, 0), CHUNK);
        byte[] buf = c.transferBuffer(room);
        long done = 0;
        do {
            int n = (int) Math.min(count - done, room);
            long r = pos < 0 ? f.read(t, buf, 0, n) : f.pread(t, buf, 0, n, pos + done);
            if (r == Syscall.BLOCK) return done > 0 ? done : r;
            if (r < 0) return done > 0 ? done : r;
            g.copyOut(done, buf, 0, (int) r);
            done += r;
            if (r < n || r == 0) break;
        } while (done < count);
        return done;
    }

    /** Moves up to g.total bytes from the guest into f. */
    private static long out(SyscallContext c, OpenFile f, Guest g, long pos) {
        if (!f.writable()) return -Errno.EBADF;
        long count = Math.min(g.total(), MAX_RW_COUNT);
        Task t = c.task();
        if (pos < 0) {
            long r = f.writeDirect(t, g, (int) count);
            if (r != OpenFile.NO_DIRECT) return r;
        }
        int room = (int) Math.min(Math.max(count, 0), CHUNK);
        byte[] buf = c.transferBuffer(room);
        long done = 0;
        do {
            int n = (int) Math.min(count - done, room);
            try {
                g.copyIn(done, buf, 0, n);
            } catch (SyscallContext.GuestFault e) {
                if (done > 0) return done;
                throw e;
            }
            long r = pos < 0 ? f.write(t, buf, 0, n) : f.pwrite(t, buf, 0, n, pos + done);
            if (r == Syscall.BLOCK) return done > 0 ? done : r;
            if (r < 0) return done > 0 ? done : r;
            done += r;
            if (r < n || r == 0) break;
        } while (done < count);
        return done;
    }

    /** ssize_t count check of rw_verify_area: a "negative" size_t is EINVAL. */
    private static boolean badCount(long count) {
        return count < 0;
    }

    /** Implements read(2). */
    static long read(SyscallContext c) {
        OpenFile f = FileCalls.file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        if (badCount(c.arg(2))) return -Errno.EINVAL;
        return in(c, f, Guest.of(c, c.arg(1), c.arg(2)), -1);
    }

    /** Implements write(2). */
    static long write(SyscallContext c) {
        OpenFile f = FileCalls.file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        if (badCount(c.arg(2))) return -Errno.EINVAL;
        return out(c, f, Guest.of(c, c.arg(1), c.arg(2)), -1);
    }

    /** Implements pread64(2). */
    static long pread(SyscallContext c) {
        OpenFile f = FileCalls.file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        if (badCount(c.arg(2)) || c.arg(3) < 0) return -Errno.EINVAL;
        if (!f.readable()) return -Errno.EBADF;
        return in(c, f, Guest.of(c, c.arg(1), c.arg(2)), c.arg(3));
    }

    /** Implements pwrite64(2). */
    static long pwrite(SyscallContext c) {
        OpenFile f = FileCalls.file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        if (badCount(c.arg(2)) || c.arg(3) < 0) return -Errno.EINVAL;
        return out(c, f, Guest.of(c, c.arg(1), c.arg(2)), c.arg(3));
    }

    /** Implements readv(2). */
    static long readv(SyscallContext c) {
        return vector(c, true, -1);
    }

    /** Implements writev(2). */
    static long writev(SyscallContext c) {
        return vector(c, false, -1);
    }

    /** Implements preadv(2) (the raw call: pos_l in a3; pos_h is unused on 64-bit). */
    static long preadv(SyscallContext c) {
        if (c.arg(3) < 0) return -Errno.EINVAL;
        return vector(c, true, c.arg(3));
    }

    /** Implements pwritev(2). */
    static long pwritev(SyscallContext c) {
        if (c.arg(3) < 0) return -Errno.EINVAL;
        return vector(c, false, c.arg(3));
    }

    private static long vector(SyscallContext c, boolean read, long pos) {
        OpenFile f = FileCalls.file(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        if (read ? !f.readable() : !f.writable()) return -Errno.EBADF;
        long[] err = new long[1];
        Guest g = iovec(c, c.arg(1), c.arg(2), err);
        if (g == null) return err[0];
        if (g.total() == 0) return 0;
        return read ? in(c, f, g, pos) : out(c, f, g, pos);
    }
}
