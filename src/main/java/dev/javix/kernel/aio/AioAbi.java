package dev.javix.kernel.aio;

/**
 * The guest ABI of native AIO, from linux/aio_abi.h (riscv64, little-endian):
 * <pre>
 * struct iocb {                          // 64 bytes
 *     __u64  aio_data;        //  0  returned untouched in io_event.data
 *     __u32  aio_key;         //  8  set to KIOCB_KEY (0) by io_submit
 *     __kernel_rwf_t aio_rw_flags; // 12  RWF_* of preadv2(2)
 *     __u16  aio_lio_opcode;  // 16  IOCB_CMD_*
 *     __s16  aio_reqprio;     // 18
 *     __u32  aio_fildes;      // 20
 *     __u64  aio_buf;         // 24  buffer, or iovec array for PREADV/PWRITEV
 *     __u64  aio_nbytes;      // 32  length, or iovec count
 *     __s64  aio_offset;      // 40
 *     __u64  aio_reserved2;   // 48  must be 0
 *     __u32  aio_flags;       // 56  IOCB_FLAG_RESFD, IOCB_FLAG_IOPRIO
 *     __u32  aio_resfd;       // 60  eventfd signalled on completion (IOCB_FLAG_RESFD)
 * };
 * struct io_event {                      // 32 bytes
 *     __u64  data;            //  0  the iocb's aio_data
 *     __u64  obj;             //  8  the iocb's user address
 *     __s64  res;             // 16  bytes transferred or -errno
 *     __s64  res2;            // 24  0
 * };
 * struct aio_ring { unsigned id, nr, head, tail, magic, compat_features, incompat_features,
 *                   header_length; struct io_event io_events[]; };   // header 32 bytes
 * </pre>
 */
public final class AioAbi {
    private AioAbi() {}

    public static final int IOCB_SIZE = 64, IO_EVENT_SIZE = 32, RING_HEADER = 32;
    public static final int OFF_DATA = 0, OFF_KEY = 8, OFF_RW_FLAGS = 12, OFF_OPCODE = 16, OFF_REQPRIO = 18,
            OFF_FILDES = 20, OFF_BUF = 24, OFF_NBYTES = 32, OFF_OFFSET = 40, OFF_RESERVED2 = 48, OFF_FLAGS = 56,
            OFF_RESFD = 60;

    public static final int IOCB_CMD_PREAD = 0, IOCB_CMD_PWRITE = 1, IOCB_CMD_FSYNC = 2, IOCB_CMD_FDSYNC = 3,
            IOCB_CMD_POLL = 5, IOCB_CMD_NOOP = 6, IOCB_CMD_PREADV = 7, IOCB_CMD_PWRITEV = 8;
    public static final int IOCB_FLAG_RESFD = 1, IOCB_FLAG_IOPRIO = 2;
    /** The value io_submit stores in aio_key, and io_cancel expects there. */
    public static final int KIOCB_KEY = 0;

    /** RWF_* flags (linux/fs.h) that kiocb_set_rw_flags accepts; others are EOPNOTSUPP. */
    public static final int RWF_HIPRI = 1, RWF_DSYNC = 2, RWF_SYNC = 4, RWF_NOWAIT = 8, RWF_APPEND = 0x10,
            RWF_NOAPPEND = 0x20;
    public static final int RWF_SUPPORTED = RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND | RWF_NOAPPEND;

    /** /proc/sys/fs/aio-max-nr: the default bound on the sum of all contexts' nr_events. */
    public static final long AIO_MAX_NR = 65536;
    /** TASK_SIZE of riscv64 Sv39: access_ok fails for buffers reaching past it (EFAULT at submit). */
    public static final long TASK_SIZE = 0x4000000000L;
    static final int PAGE_SIZE = 4096;

    /** One decoded struct iocb. */
    public record Iocb(long data, int rwFlags, int opcode, int reqprio, int fildes, long buf, long nbytes,
            long offset, long reserved2, int flags, int resfd) {
        /** Decodes the 64 bytes b (little-endian). */
        public static Iocb decode(byte[] b) {
            return new Iocb(le64(b, OFF_DATA), le32(b, OFF_RW_FLAGS), le16(b, OFF_OPCODE), (short) le16(b, OFF_REQPRIO),
                    le32(b, OFF_FILDES), le64(b, OFF_BUF), le64(b, OFF_NBYTES), le64(b, OFF_OFFSET),
                    le64(b, OFF_RESERVED2), le32(b, OFF_FLAGS), le32(b, OFF_RESFD));
        }
    }

    static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }

    static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static int le16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    /** Writes an io_event into b at off. */
    public static void putEvent(byte[] b, int off, long data, long obj, long res, long res2) {
        put64(b, off, data);
        put64(b, off + 8, obj);
        put64(b, off + 16, res);
        put64(b, off + 24, res2);
    }

    static void put64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    /**
     * The ring size Linux gives a context asked for nr events (ioctx_alloc): at least 4 per
     * CPU, doubled (half may sit in per-CPU caches), then whatever fills the ring's pages.
     * Returns -1 when the doubled count is over the limit (EINVAL), 0 when it wrapped to 0
     * (EAGAIN, as Linux answers).
     */
    static long ringEvents(long nr, int cpus) {
        long n = Math.max(nr, cpus * 4L) * 2 & 0xffffffffL; // unsigned int arithmetic, as in C
        if (n > 0x10000000L / IO_EVENT_SIZE) return -1;
        if (n == 0) return 0;
        long size = RING_HEADER + n * IO_EVENT_SIZE;
        long pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
        return (PAGE_SIZE * pages - RING_HEADER) / IO_EVENT_SIZE;
    }
}
