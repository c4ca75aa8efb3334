package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.BUF_IN;
import static dev.javix.syscall.ArgKind.BUF_OUT;
import static dev.javix.syscall.ArgKind.FD;
import static dev.javix.syscall.ArgKind.MODE;
import static dev.javix.syscall.ArgKind.OPEN_FLAGS;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.STR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.ipc.Mqueue;
import dev.javix.kernel.ipc.MqueueFile;
import dev.javix.kernel.ipc.MqueueNetlink;
import dev.javix.kernel.ipc.MqueueRegistry;
import dev.javix.kernel.proc.ResourceLimits;

/**
 * POSIX message queues (mq_overview(7)): the kernel side behind glibc's mq_open(3),
 * mq_unlink(3), mq_send(3)/mq_timedsend(3), mq_receive(3)/mq_timedreceive(3), mq_notify(3) and
 * mq_getattr(3)/mq_setattr(3). The handlers decode arguments; {@link MqueueRegistry} and
 * {@link Mqueue} hold the queues.
 *
 * <p>Guest layouts:
 * <pre>
 *   struct mq_attr { long mq_flags @0; long mq_maxmsg @8; long mq_msgsize @16; long mq_curmsgs @24; long pad[4]; }  // 64 bytes
 *   struct sigevent { sigval_t sigev_value @0; int sigev_signo @8; int sigev_notify @12; … }                       // 64 bytes
 * </pre>
 */
final class MqueueCalls {
    private MqueueCalls() {}

    private static final int ATTR_SIZE = 64, SIGEVENT_SIZE = 64;

    static void register(SyscallTable.Builder b) {
        b.add(180, "mq_open", MqueueCalls::mqOpen, STR, OPEN_FLAGS, MODE, PTR);
        b.add(181, "mq_unlink", MqueueCalls::mqUnlink, STR);
        b.add(182, "mq_timedsend", MqueueCalls::mqTimedsend, FD, BUF_IN, UINT, UINT, PTR);
        b.add(183, "mq_timedreceive", MqueueCalls::mqTimedreceive, FD, BUF_OUT, UINT, PTR, PTR);
        b.add(184, "mq_notify", ArgKind.INT, MqueueCalls::mqNotify, Support.FULL, "", FD, PTR);
        b.add(185, "mq_getsetattr", MqueueCalls::mqGetsetattr, FD, PTR, PTR);
    }

    /** Implements mq_open(2): the name arrives without glibc's leading '/'; the fd is always close-on-exec. */
    static long mqOpen(SyscallContext c) {
        int oflag = c.argInt(1), mode = c.argInt(2);
        long[] attr = null;
        if (c.arg(3) != 0) attr = new long[] {c.readLong(c.arg(3) + 8), c.readLong(c.arg(3) + 16)};
        String name = c.readPath(c.arg(0));
        if (name == null) return -Errno.ENAMETOOLONG;
        var files = c.process().files;
        long limit = c.process().limits.soft(ResourceLimits.NOFILE);
        if (!files.hasFree(limit)) return -Errno.EMFILE;
        try {
            MqueueFile f = c.kernel().mqueues().open(c.process(), name, oflag, mode, attr);
            // Linux always sets close-on-exec (get_unused_fd_flags(O_CLOEXEC) in do_mq_open).
            int fd = files.install(f, 0, true, limit);
            if (fd < 0) f.close();
            return fd;
        } catch (MqueueRegistry.Failure e) {
            return -e.errno;
        }
    }

    /** Implements mq_unlink(2). */
    static long mqUnlink(SyscallContext c) {
        String name = c.readPath(c.arg(0));
        if (name == null) return -Errno.ENAMETOOLONG;
        try {
            c.kernel().mqueues().unlink(c.process(), name);
            return 0;
        } catch (MqueueRegistry.Failure e) {
            return -e.errno;
        }
    }

    /** Implements mq_timedsend(2): waits while the queue is full, until the absolute CLOCK_REALTIME timeout. */
    static long mqTimedsend(SyscallContext c) {
        long deadline = deadline(c, c.arg(4));
        if (deadline < 0) return deadline;
        long prio = c.arg(3) & 0xffffffffL;
        if (prio >= Mqueue.PRIO_MAX) return -Errno.EINVAL;
        OpenFile f = c.process().files.get(c.argInt(0));
        if (!(f instanceof MqueueFile mf) || !mf.maySend()) return -Errno.EBADF;
        long len = c.arg(2);
        Mqueue q = mf.queue();
        if (Long.compareUnsigned(len, q.msgsize()) > 0) return -Errno.EMSGSIZE;
        byte[] data = c.readBytes(c.arg(1), (int) len);
        return q.send(c.task(), data, (int) prio, mf.nonBlocking(), deadline);
    }

    /** Implements mq_timedreceive(2): returns the message length; waits while the queue is empty. */
    static long mqTimedreceive(SyscallContext c) {
        long deadline = deadline(c, c.arg(4));
        if (deadline < 0) return deadline;
        OpenFile f = c.process().files.get(c.argInt(0));
        if (!(f instanceof MqueueFile mf) || !mf.mayReceive()) return -Errno.EBADF;
        Mqueue q = mf.queue();
        if (Long.compareUnsigned(c.arg(2), q.msgsize()) < 0) return -Errno.EMSGSIZE;
        Mqueue.Message[] out = new Mqueue.Message[1];
        long r = q.receive(c.task(), mf.nonBlocking(), deadline, out);
        if (r != 0) return r;
        // Linux stores the priority first; a fault loses the message, as there.
        if (c.arg(3) != 0) c.writeInt(c.arg(3), out[0].priority());
        c.write(c.arg(1), out[0].data());
        return out[0].data().length;
    }

    /**
     * The monotonic deadline of an absolute CLOCK_REALTIME timeout at addr (Long.MAX_VALUE for
     * none), or -EFAULT/-EINVAL. Linux checks the timespec before anything else, whether or not
     * the call would block (prepare_timeout in ipc/mqueue.c).
     */
    private static long deadline(SyscallContext c, long addr) {
        if (addr == 0) return Long.MAX_VALUE;
        long abs = TimeCalls.readTimespec(c, addr);
        if (abs < 0) return -Errno.EINVAL;
        long now = c.kernel().clock().monotonicNanos();
        long left = abs - c.kernel().clock().realtimeNanos();
        if (left <= 0) return now;
        return left > Long.MAX_VALUE - 1 - now ? Long.MAX_VALUE - 1 : now + left;
    }

    /** Implements mq_notify(2): SIGEV_NONE, SIGEV_SIGNAL, and SIGEV_THREAD as glibc drives it (a netlink socket). */
    static long mqNotify(SyscallContext c) {
        long sevp = c.arg(1);
        int kind = -1, signo = 0;
        long value = 0;
        MqueueNetlink sock = null;
        byte[] cookie = null;
        if (sevp != 0) {
            byte[] ev = c.readBytes(sevp, SIGEVENT_SIZE);
            value = SyscallContext.leLong(ev, 0);
            signo = (int) SyscallContext.leLong(ev, 8);
            kind = (int) SyscallContext.leLong(ev, 12);
            if (kind != Mqueue.SIGEV_NONE && kind != Mqueue.SIGEV_SIGNAL && kind != Mqueue.SIGEV_THREAD)
                return -Errno.EINVAL;
            if (kind == Mqueue.SIGEV_SIGNAL && (signo < 0 || signo > 64)) return -Errno.EINVAL;
            if (kind == Mqueue.SIGEV_THREAD) {
                cookie = c.readBytes(value, Mqueue.NOTIFY_COOKIE_LEN);
                OpenFile s = c.process().files.get(signo);
                if (s == null) return -Errno.EBADF;
                if (!(s instanceof MqueueNetlink n)) {
                    StatBuf st = new StatBuf();
                    s.stat(st);
                    return (st.mode & StatBuf.S_IFMT) == StatBuf.S_IFSOCK ? -Errno.ECONNREFUSED : -Errno.ENOTSOCK;
                }
                sock = n;
            }
        }
        OpenFile f = c.process().files.get(c.argInt(0));
        if (!(f instanceof MqueueFile mf)) return -Errno.EBADF;
        if (sock != null) sock.retain(); // the registration's reference (Linux keeps the sock)
        long r = mf.queue().notify(c.process(), kind, signo, value, sock, cookie);
        if (r != 0 && sock != null) sock.close();
        return r;
    }

    /** Implements mq_getsetattr(2): only O_NONBLOCK of the description changes. */
    static long mqGetsetattr(SyscallContext c) {
        long newAttr = c.arg(1), oldAttr = c.arg(2);
        long newFlags = 0;
        if (newAttr != 0) {
            newFlags = c.readLong(newAttr);
            c.readBytes(newAttr, ATTR_SIZE); // the whole struct must be readable
            if ((newFlags & ~(long) OpenFile.O_NONBLOCK) != 0) return -Errno.EINVAL;
        }
        OpenFile f = c.process().files.get(c.argInt(0));
        if (!(f instanceof MqueueFile mf)) return -Errno.EBADF;
        Mqueue q = mf.queue();
        byte[] old = new byte[ATTR_SIZE];
        SyscallContext.putLong(old, 0, mf.flags() & OpenFile.O_NONBLOCK);
        SyscallContext.putLong(old, 8, q.maxmsg());
        SyscallContext.putLong(old, 16, q.msgsize());
        SyscallContext.putLong(old, 24, q.curmsgs());
        if (newAttr != 0) mf.setStatusFlags((mf.flags() & ~OpenFile.O_NONBLOCK) | (int) newFlags);
        if (oldAttr != 0) c.write(oldAttr, old);
        return 0;
    }
}
