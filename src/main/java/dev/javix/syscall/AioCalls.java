package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.aio.AioAbi;
import dev.javix.kernel.aio.AioAbi.Iocb;
import dev.javix.kernel.aio.AioContext;
import dev.javix.kernel.aio.AioRequest;
import dev.javix.kernel.aio.AioTable;
import dev.javix.kernel.aio.GuestBuffer;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.poll.EventFd;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.Interruptible;

/**
 * Linux native AIO: io_setup, io_destroy, io_submit, io_cancel, io_getevents, io_pgetevents.
 * The handlers decode and check arguments in the order Linux's fs/aio.c does (so the same
 * bad call gets the same errno) and call {@code kernel.aio}; how requests run is described
 * there. Struct layouts: {@link AioAbi}.
 */
final class AioCalls {
    private AioCalls() {}

    /** riscv64 TASK_SIZE; MAX_RW_COUNT and UIO_MAXIOV as for read(2). */
    private static final int IOV_MAX = FileIo.IOV_MAX;
    private static final long UNBLOCKABLE = (1L << 8) | (1L << 18); // SIGKILL, SIGSTOP (bit n-1)

    static void register(SyscallTable.Builder b) {
        b.add(0, "io_setup", INT, c -> setup(c, c.kernel().aio()), Support.FULL,
                "the context id is the address of a ring mapping, but events are kept in the kernel (ring magic 0)",
                UINT, PTR);
        b.add(1, "io_destroy", INT, c -> destroy(c, c.kernel().aio()), Support.FULL, "", HEX);
        b.add(2, "io_submit", INT, c -> submit(c, c.kernel().aio()), Support.FULL,
                "PREAD, PWRITE, PREADV, PWRITEV, FSYNC, FDSYNC, POLL, IOCB_FLAG_RESFD; pipe and socket transfers "
                        + "complete asynchronously (Linux runs them inside io_submit); RWF_HIPRI/DSYNC/SYNC have no effect",
                HEX, INT, PTR);
        b.add(3, "io_cancel", INT, c -> cancel(c, c.kernel().aio()), Support.FULL,
                "cancels a POLL, or a transfer still waiting for its pipe or socket (event res -ECANCELED)", HEX, PTR, PTR);
        b.add(4, "io_getevents", INT, c -> getevents(c, c.kernel().aio(), false), Support.FULL, "", HEX, INT, INT, PTR, PTR);
        b.add(292, "io_pgetevents", INT, c -> getevents(c, c.kernel().aio(), true), Support.FULL, "", HEX, INT, INT, PTR, PTR,
                PTR);
    }

    /** Implements io_setup(2). */
    static long setup(SyscallContext c, AioTable table) {
        long nr = c.arg(0) & 0xffffffffL; // unsigned nr_events
        long ctxp = c.arg(1);
        if (c.readLong(ctxp) != 0 || nr == 0) return -Errno.EINVAL; // *ctxp must be 0 (EFAULT if unreadable)
        long[] err = new long[1];
        AioContext ctx = table.setup(c.process(), nr, c.kernel().config().cpus(), err);
        if (ctx == null) return err[0];
        try {
            c.writeLong(ctxp, ctx.id);
        } catch (SyscallContext.GuestFault e) {
            table.destroy(ctx);
            throw e;
        }
        return 0;
    }

    /** Implements io_destroy(2). */
    static long destroy(SyscallContext c, AioTable table) {
        AioContext ctx = table.lookup(c.process(), c.arg(0));
        if (ctx == null || !table.destroy(ctx)) return -Errno.EINVAL;
        return 0;
    }

    /** Implements io_submit(2): the number of iocbs submitted, or the first one's error if none was. */
    static long submit(SyscallContext c, AioTable table) {
        long nr = c.arg(1);
        if (nr < 0) return -Errno.EINVAL;
        AioContext ctx = table.lookup(c.process(), c.arg(0));
        if (ctx == null) return -Errno.EINVAL;
        nr = Math.min(nr, ctx.submitLimit());
        long i, err = 0;
        for (i = 0; i < nr; i++) {
            long user;
            try {
                user = c.readLong(c.arg(2) + 8 * i);
            } catch (SyscallContext.GuestFault e) {
                err = -Errno.EFAULT;
                break;
            }
            err = submitOne(c, table, ctx, user);
            if (err != 0) break;
        }
        return i > 0 ? i : err;
    }

    /** io_submit_one: checks and starts one iocb; 0 or -errno. */
    private static long submitOne(SyscallContext c, AioTable table, AioContext ctx, long user) {
        byte[] raw = new byte[AioAbi.IOCB_SIZE];
        try {
            c.read(user, raw, 0, raw.length);
        } catch (SyscallContext.GuestFault e) {
            return -Errno.EFAULT;
        }
        Iocb cb = Iocb.decode(raw);
        if (cb.reserved2() != 0 || cb.nbytes() < 0) return -Errno.EINVAL;
        long r = ctx.reserve();
        if (r < 0) return r;
        r = prepare(c, table, ctx, user, cb);
        if (r < 0) ctx.unreserve();
        return r;
    }

    /** __io_submit_one: the file, the eventfd, aio_key, then the operation's own checks. */
    private static long prepare(SyscallContext c, AioTable table, AioContext ctx, long user, Iocb cb) {
        OpenFile f = FileCalls.fileNoPath(c, cb.fildes());
        if (f == null) return -Errno.EBADF;
        EventFd efd = null;
        if ((cb.flags() & AioAbi.IOCB_FLAG_RESFD) != 0) {
            OpenFile e = FileCalls.fileNoPath(c, cb.resfd());
            if (e == null) return -Errno.EBADF;
            if (!(e instanceof EventFd ev)) return -Errno.EINVAL;
            efd = ev;
        }
        try {
            c.writeInt(user + AioAbi.OFF_KEY, AioAbi.KIOCB_KEY);
        } catch (SyscallContext.GuestFault e) {
            return -Errno.EFAULT;
        }
        StatBuf st = new StatBuf();
        int type = f.stat(st) == 0 ? st.mode & StatBuf.S_IFMT : 0;
        AioRequest.Kind kind;
        GuestBufferSpec buf = null;
        long pos = cb.offset();
        boolean positional = type == StatBuf.S_IFREG || type == StatBuf.S_IFBLK;
        switch (cb.opcode()) {
            case AioAbi.IOCB_CMD_PREAD, AioAbi.IOCB_CMD_PWRITE, AioAbi.IOCB_CMD_PREADV, AioAbi.IOCB_CMD_PWRITEV -> {
                boolean read = cb.opcode() == AioAbi.IOCB_CMD_PREAD || cb.opcode() == AioAbi.IOCB_CMD_PREADV;
                boolean vectored = cb.opcode() >= AioAbi.IOCB_CMD_PREADV;
                if ((cb.flags() & AioAbi.IOCB_FLAG_IOPRIO) != 0 && !validIoprio(cb.reqprio())) return -Errno.EINVAL;
                if ((cb.rwFlags() & ~AioAbi.RWF_SUPPORTED) != 0) return -Errno.EOPNOTSUPP;
                if (read ? !f.readable() : !f.writable()) return -Errno.EBADF;
                if (type == StatBuf.S_IFDIR) return -Errno.EINVAL; // no read_iter
                buf = vectored ? iovec(c, cb.buf(), cb.nbytes()) : GuestBufferSpec.of(cb.buf(), cb.nbytes());
                if (buf.errno != 0) return buf.errno;
                if (pos < 0 || pos + buf.total < 0) return -Errno.EINVAL; // rw_verify_area
                if (!read && positional && (cb.rwFlags() & AioAbi.RWF_APPEND) != 0) pos = st.size;
                kind = read ? AioRequest.Kind.READ : AioRequest.Kind.WRITE;
            }
            case AioAbi.IOCB_CMD_FSYNC, AioAbi.IOCB_CMD_FDSYNC -> {
                if (cb.buf() != 0 || cb.offset() != 0 || cb.nbytes() != 0 || cb.rwFlags() != 0) return -Errno.EINVAL;
                if (!(positional || type == StatBuf.S_IFDIR || type == StatBuf.S_IFLNK)) return -Errno.EINVAL; // no fsync op
                kind = cb.opcode() == AioAbi.IOCB_CMD_FSYNC ? AioRequest.Kind.FSYNC : AioRequest.Kind.FDSYNC;
            }
            case AioAbi.IOCB_CMD_POLL -> { // aio_poll: the events are aio_buf's low 16 bits
                if ((cb.buf() & ~0xffffL) != 0) return -Errno.EINVAL;
                if (cb.offset() != 0 || cb.nbytes() != 0 || cb.rwFlags() != 0) return -Errno.EINVAL;
                kind = AioRequest.Kind.POLL;
                pos = cb.buf();
            }
            default -> { // IOCB_CMD_NOOP too, as in Linux
                return -Errno.EINVAL;
            }
        }
        f.retain();
        if (efd != null) efd.retain();
        boolean noWait = (cb.rwFlags() & AioAbi.RWF_NOWAIT) != 0;
        AioRequest req = new AioRequest(table, ctx, cb.data(), user, kind, f, efd,
                buf == null ? null : buf.toBuffer(), pos, positional, noWait, c.task());
        req.start();
        return 0;
    }

    /** ioprio_check_cap: a known class (none, real-time, best-effort, idle) with a level below 8. */
    private static boolean validIoprio(int prio) {
        int cls = (prio & 0xffff) >>> 13, level = prio & 0x1fff;
        return switch (cls) {
            case 0 -> level == 0;
            case 1, 2 -> level < 8;
            case 3 -> true;
            default -> false;
        };
    }

    /** A request's guest buffer as decoded at submission, or the errno that refused it. */
    private record GuestBufferSpec(long[] segs, long total, long errno) {
        static GuestBufferSpec of(long addr, long len) {
            len = Math.min(len, FileIo.MAX_RW_COUNT); // import_ubuf truncates
            GuestBufferSpec s = new GuestBufferSpec(new long[] {addr, len}, len, 0);
            return s.accessOk() ? s : fail(-Errno.EFAULT);
        }

        static GuestBufferSpec fail(long errno) {
            return new GuestBufferSpec(null, 0, errno);
        }

        boolean accessOk() {
            for (int i = 0; i < segs.length; i += 2) {
                long end = segs[i] + segs[i + 1];
                if (Long.compareUnsigned(end, segs[i]) < 0 || Long.compareUnsigned(end, AioAbi.TASK_SIZE) > 0) return false;
            }
            return true;
        }

        GuestBuffer toBuffer() {
            return new GuestBuffer(segs, total);
        }
    }

    /** import_iovec: count iovecs at addr; EINVAL past UIO_MAXIOV or for a negative length, EFAULT. */
    private static GuestBufferSpec iovec(SyscallContext c, long addr, long count) {
        if (count > IOV_MAX) return GuestBufferSpec.fail(-Errno.EINVAL);
        int n = (int) count;
        byte[] raw;
        try {
            raw = c.readBytes(addr, n * 16);
        } catch (SyscallContext.GuestFault e) {
            return GuestBufferSpec.fail(-Errno.EFAULT);
        }
        long[] segs = new long[n * 2];
        long total = 0;
        for (int i = 0; i < n; i++) {
            long len = SyscallContext.leLong(raw, 16 * i + 8);
            if (len < 0) return GuestBufferSpec.fail(-Errno.EINVAL);
            len = Math.min(len, FileIo.MAX_RW_COUNT - total); // the total is capped at MAX_RW_COUNT
            segs[2 * i] = SyscallContext.leLong(raw, 16 * i);
            segs[2 * i + 1] = len;
            total += len;
        }
        GuestBufferSpec s = new GuestBufferSpec(segs, total, 0);
        return s.accessOk() ? s : GuestBufferSpec.fail(-Errno.EFAULT);
    }

    /** Implements io_cancel(2). */
    static long cancel(SyscallContext c, AioTable table) {
        long iocb = c.arg(1);
        int key = c.readInt(iocb + AioAbi.OFF_KEY);
        if (key != AioAbi.KIOCB_KEY) return -Errno.EINVAL;
        AioContext ctx = table.lookup(c.process(), c.arg(0));
        if (ctx == null) return -Errno.EINVAL;
        return ctx.cancel(iocb);
    }

    /** An io_getevents in progress: its context, deadline, and the events copied so far. */
    private static final class Getting implements Interruptible {
        final AioContext ctx;
        final long deadline;
        int copied;
        final byte[] buf = new byte[64 * AioAbi.IO_EVENT_SIZE];

        Getting(AioContext ctx, long deadline) {
            this.ctx = ctx;
            this.deadline = deadline;
        }

        @Override
        public boolean restartable() {
            return false; // io_getevents answers EINTR, never restarts
        }

        @Override
        public long interrupt(Task t) {
            ctx.completions().remove(t);
            return copied > 0 ? copied : -Errno.EINTR;
        }
    }

    /**
     * Implements io_getevents(2) and io_pgetevents(2): waits until min_nr events have come (at
     * most nr are taken), the timeout (relative, not validated, as in Linux) passes, or a
     * signal comes (EINTR when nothing was taken). io_pgetevents's sixth argument is
     * {@code struct __aio_sigset { const sigset_t *sigmask; size_t sigsetsize; }}.
     */
    static long getevents(SyscallContext c, AioTable table, boolean withMask) {
        Task t = c.task();
        long minNr = c.arg(1), nr = c.arg(2), events = c.arg(3);
        Getting g = t.syscallState instanceof Getting p ? p : null;
        if (g == null) {
            long timeout = -1;
            if (c.arg(4) != 0) {
                long sec = c.readLong(c.arg(4)), nsec = c.readLong(c.arg(4) + 8);
                timeout = sec >= Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE
                        : Math.max(0, sec * 1_000_000_000L + nsec);
            }
            long mask = 0;
            boolean setMask = false;
            if (withMask && c.arg(5) != 0) {
                long sigmask = c.readLong(c.arg(5)), size = c.readLong(c.arg(5) + 8);
                if (sigmask != 0) {
                    if (size != 8) return -Errno.EINVAL;
                    mask = c.readLong(sigmask);
                    setMask = true;
                }
            }
            AioContext ctx = table.lookup(c.process(), c.arg(0));
            if (ctx == null || minNr < 0 || minNr > nr) return -Errno.EINVAL;
            long now = c.kernel().clock().monotonicNanos();
            long deadline = timeout < 0 ? Long.MAX_VALUE : timeout >= Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + timeout;
            g = new Getting(ctx, deadline);
            t.syscallState = g;
            if (setMask) {
                t.savedSignalMask = t.signalMask;
                t.signalMask = mask & ~UNBLOCKABLE;
            }
            if (deadline != Long.MAX_VALUE && deadline > now) c.kernel().timers().at(deadline, t::wake);
        }
        WaitQueue q = g.ctx.completions();
        q.add(t); // before looking, so a completion in between wakes us
        long result = -1;
        while (g.copied < nr) {
            int k = g.ctx.peek(g.buf, (int) Math.min(nr - g.copied, 64));
            if (k < 0) { // destroyed, nothing left
                result = g.copied > 0 ? g.copied : k;
                break;
            }
            if (k == 0) break;
            try {
                c.write(events + (long) g.copied * AioAbi.IO_EVENT_SIZE, g.buf, 0, k * AioAbi.IO_EVENT_SIZE);
            } catch (SyscallContext.GuestFault e) {
                result = g.copied > 0 ? g.copied : -Errno.EFAULT; // the events stay in the ring
                break;
            }
            g.ctx.release(k);
            g.copied += k;
        }
        if (result == -1) {
            if (g.copied < minNr && c.kernel().clock().monotonicNanos() < g.deadline) return Syscall.BLOCK;
            result = g.copied;
        }
        q.remove(t);
        if (t.savedSignalMask != -1 && withMask) {
            t.signalMask = t.savedSignalMask;
            t.savedSignalMask = -1;
        }
        return result;
    }
}
