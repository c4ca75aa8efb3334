package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.BUF_IN;
import static dev.javix.syscall.ArgKind.FD;
import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.ipc.MqueueNetlink;
import dev.javix.kernel.net.ControlMessages;
import dev.javix.kernel.net.Message;
import dev.javix.kernel.net.SocketFile;
import dev.javix.kernel.net.Sockets;

/**
 * The socket family: socket, socketpair, bind, listen, accept/accept4, connect, getsockname,
 * getpeername, sendto/recvfrom, sendmsg/recvmsg, setsockopt/getsockopt, shutdown. Handlers
 * decode guest structures and call {@link SocketFile}; the address family decides the rest
 * (AF_UNIX, and AF_INET/AF_INET6 through the host bridge; see {@link Sockets}).
 * <pre>
 *   struct msghdr {                // bits/socket.h, 56 bytes on 64-bit
 *       void *msg_name;            // @0
 *       socklen_t msg_namelen;     // @8  (u32)
 *       struct iovec *msg_iov;     // @16
 *       size_t msg_iovlen;         // @24
 *       void *msg_control;         // @32
 *       size_t msg_controllen;     // @40
 *       int msg_flags;             // @48
 *   };
 * </pre>
 */
final class SocketCalls {
    private SocketCalls() {}

    static final int MSG_NAME = 0, MSG_NAMELEN = 8, MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32,
            MSG_CONTROLLEN = 40, MSG_FLAGS = 48, MSGHDR_SIZE = 56;
    /** sizeof(struct sockaddr_storage): the longest address the kernel copies in. */
    static final int SOCKADDR_STORAGE = 128;
    /** Bytes one send or receive moves at most (a stream returns a partial count beyond). */
    static final int MAX_TRANSFER = 8 << 20;
    /** Send flags a guest may pass: bit 31 is the kernel's own (write(2)'s partial-send mark). */
    static final int GUEST_SEND_FLAGS = 0x7fffffff;
    /** Largest control buffer looked at (Linux bounds it by net.core.optmem_max). */
    static final int MAX_CONTROL = 64 << 10;

    static void register(SyscallTable.Builder b) {
        b.add(198, "socket", INT, SocketCalls::socket, Support.PARTIAL,
                "AF_UNIX; AF_INET and AF_INET6 TCP and UDP bridged to host sockets (no SOCK_RAW); the AF_NETLINK socket of mq_notify",
                ArgKind.SOCK_DOMAIN, ArgKind.SOCK_TYPE, INT);
        b.add(199, "socketpair", INT, SocketCalls::socketpair, Support.PARTIAL, "AF_UNIX only", ArgKind.SOCK_DOMAIN,
                ArgKind.SOCK_TYPE, INT, PTR);
        b.add(200, "bind", SocketCalls::bind, FD, PTR, UINT);
        b.add(201, "listen", SocketCalls::listen, FD, INT);
        b.add(202, "accept", SocketCalls::accept, FD, PTR, PTR);
        b.add(203, "connect", SocketCalls::connect, FD, PTR, UINT);
        b.add(204, "getsockname", SocketCalls::getsockname, FD, PTR, PTR);
        b.add(205, "getpeername", SocketCalls::getpeername, FD, PTR, PTR);
        b.add(206, "sendto", SocketCalls::sendto, FD, BUF_IN, UINT, HEX, PTR, UINT);
        b.add(207, "recvfrom", SocketCalls::recvfrom, FD, PTR, UINT, HEX, PTR, PTR);
        b.add(208, "setsockopt", INT, SocketCalls::setsockopt, Support.PARTIAL,
                "SOL_SOCKET options (SO_PEEK_OFF, filters and timestamps are not)", FD, ArgKind.SOCKOPT_LEVEL, INT, PTR,
                UINT);
        b.add(209, "getsockopt", INT, SocketCalls::getsockopt, Support.PARTIAL,
                "SOL_SOCKET options (SO_PEEK_OFF, filters and timestamps are not)", FD, ArgKind.SOCKOPT_LEVEL, INT, PTR,
                PTR);
        b.add(210, "shutdown", SocketCalls::shutdown, FD, ArgKind.SHUT_HOW);
        b.add(211, "sendmsg", SocketCalls::sendmsg, FD, PTR, HEX);
        b.add(212, "recvmsg", SocketCalls::recvmsg, FD, PTR, HEX);
        b.add(242, "accept4", SocketCalls::accept4, FD, PTR, PTR, ArgKind.SOCK_FLAGS);
        b.add(243, "recvmmsg", INT, SocketCalls::recvmmsg, Support.PARTIAL,
                "messages after the first are taken only if already queued (as with MSG_WAITFORONE); the timeout is not used",
                FD, PTR, UINT, HEX, PTR);
        b.add(269, "sendmmsg", INT, SocketCalls::sendmmsg, Support.PARTIAL,
                "messages after the first are sent only if that need not wait", FD, PTR, UINT, HEX);
    }

    /** The socket behind fd; null with the errno (EBADF, ENOTSOCK) in err[0]. */
    private static SocketFile socketOf(SyscallContext c, int fd, long[] err) {
        OpenFile f = FileCalls.fileNoPath(c, fd);
        if (f == null) err[0] = -Errno.EBADF;
        else if (!(f instanceof SocketFile s)) err[0] = -Errno.ENOTSOCK;
        else return s;
        return null;
    }

    /** move_addr_to_kernel: addrlen bytes (EINVAL beyond sockaddr_storage). */
    private static byte[] addressIn(SyscallContext c, long addr, long len) {
        if (len < 0 || len > SOCKADDR_STORAGE) return null;
        return c.readBytes(addr, (int) len);
    }

    /** move_addr_to_user: writes min(*lenp, address length) bytes and the full length to *lenp. */
    private static void addressOut(SyscallContext c, byte[] a, long addr, long lenp, int room) {
        if (addr == 0 || lenp == 0) return;
        int n = Math.min(room, a.length);
        if (n > 0) c.write(addr, a, 0, n);
        c.writeInt(lenp, a.length);
    }

    private static long install(SyscallContext c, OpenFile f, int flags) {
        int fd = c.process().files.install(f, 0, (flags & Sockets.SOCK_CLOEXEC) != 0, FileCalls.nofile(c.process()));
        if (fd < 0) f.close();
        return fd;
    }

    /** CAP_NET_RAW, as far as javix has capabilities: the effective user is root. */
    private static boolean privileged(SyscallContext c) {
        return c.process().credentials().euid() == 0;
    }

    /** Implements socket(2). */
    static long socket(SyscallContext c) {
        int domain = c.argInt(0), type = c.argInt(1), protocol = c.argInt(2);
        boolean netlink = domain == MqueueNetlink.AF_NETLINK; // only what mq_notify(3)'s SIGEV_THREAD needs
        int err = netlink ? MqueueNetlink.check(type, protocol)
                : Sockets.check(c.kernel(), domain, type, protocol, privileged(c));
        if (err < 0) return err;
        if (!c.process().files.hasFree(FileCalls.nofile(c.process()))) return -Errno.EMFILE;
        if (netlink) return install(c, MqueueNetlink.socket(c.kernel(), type, protocol), type);
        return install(c, Sockets.create(c.kernel(), domain, type, protocol), type);
    }

    /** Implements socketpair(2). */
    static long socketpair(SyscallContext c) {
        int domain = c.argInt(0), type = c.argInt(1), protocol = c.argInt(2);
        int err = Sockets.checkPair(c.kernel(), domain, type, protocol, privileged(c));
        if (err < 0) return err;
        SocketFile[] pair = Sockets.pair(c.kernel(), c.task(), domain, type, protocol);
        long a = install(c, pair[0], type);
        if (a < 0) {
            pair[1].close();
            return a;
        }
        long b = install(c, pair[1], type);
        if (b < 0) {
            c.process().files.close((int) a);
            return b;
        }
        byte[] fds = new byte[8];
        SyscallContext.putInt(fds, 0, (int) a);
        SyscallContext.putInt(fds, 4, (int) b);
        try {
            c.write(c.arg(3), fds);
        } catch (SyscallContext.GuestFault e) {
            c.process().files.close((int) a);
            c.process().files.close((int) b);
            throw e;
        }
        return 0;
    }

    /** Implements bind(2). */
    static long bind(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        byte[] a = addressIn(c, c.arg(1), c.argInt(2));
        return a == null ? -Errno.EINVAL : s.bind(c.task(), a);
    }

    /** Implements listen(2). */
    static long listen(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        return s == null ? err[0] : s.listen(c.task(), c.argInt(1));
    }

    /** Implements connect(2). */
    static long connect(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        byte[] a = addressIn(c, c.arg(1), c.argInt(2));
        return a == null ? -Errno.EINVAL : s.connect(c.task(), a);
    }

    /** Implements accept(2). */
    static long accept(SyscallContext c) {
        return accept(c, 0);
    }

    /** Implements accept4(2): flags SOCK_NONBLOCK and SOCK_CLOEXEC. */
    static long accept4(SyscallContext c) {
        return accept(c, c.argInt(3));
    }

    private static long accept(SyscallContext c, int flags) {
        if ((flags & ~(Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK)) != 0) return -Errno.EINVAL;
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        long addr = c.arg(1), lenp = c.arg(2);
        int room = 0;
        if (addr != 0) {
            room = c.readInt(lenp);
            if (room < 0) return -Errno.EINVAL;
        }
        SocketFile[] out = new SocketFile[1];
        long r = s.accept(c.task(), out);
        if (r != 0) return r;
        SocketFile n = out[0];
        if ((flags & Sockets.SOCK_NONBLOCK) != 0) n.setStatusFlags(OpenFile.O_NONBLOCK);
        if (addr != 0) {
            byte[] peer = n.acceptedPeerAddress();
            try {
                addressOut(c, peer == null ? new byte[] {(byte) Sockets.AF_UNIX, 0} : peer, addr, lenp, room);
            } catch (SyscallContext.GuestFault e) {
                n.close();
                throw e;
            }
        }
        return install(c, n, flags);
    }

    /** Implements getsockname(2). */
    static long getsockname(SyscallContext c) {
        return name(c, false);
    }

    /** Implements getpeername(2). */
    static long getpeername(SyscallContext c) {
        return name(c, true);
    }

    private static long name(SyscallContext c, boolean peer) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        int room = c.readInt(c.arg(2));
        if (room < 0) return -Errno.EINVAL;
        byte[] a = peer ? s.peerAddress() : s.localAddress();
        if (a == null) return -Errno.ENOTCONN;
        addressOut(c, a, c.arg(1), c.arg(2), room);
        return 0;
    }

    /** Implements shutdown(2). */
    static long shutdown(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        return s == null ? err[0] : s.shutdown(c.task(), c.argInt(1));
    }

    /** Implements setsockopt(2). */
    static long setsockopt(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        int len = c.argInt(4);
        if (len < 0) return -Errno.EINVAL;
        byte[] v = c.readBytes(c.arg(3), Math.min(len, 4096));
        return s.setOption(c.task(), c.argInt(1), c.argInt(2), v);
    }

    /** Implements getsockopt(2): at most *optlen bytes, and *optlen set to what was written. */
    static long getsockopt(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        int len = c.readInt(c.arg(4));
        if (len < 0) return -Errno.EINVAL;
        byte[][] out = new byte[1][];
        long r = s.getOption(c.task(), c.argInt(1), c.argInt(2), out);
        if (r < 0) return r;
        int n = Math.min(len, out[0].length);
        c.write(c.arg(3), out[0], 0, n);
        c.writeInt(c.arg(4), n);
        return 0;
    }

    // ------------------------------------------------------------------ data

    /** Implements sendto(2) (send(2) is sendto with no address). */
    static long sendto(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        long len = Math.min(c.arg(2) & 0xffffffffL, MAX_TRANSFER);
        byte[] data = c.readBytes(c.arg(1), (int) len);
        byte[] a = null;
        if (c.arg(4) != 0) {
            a = addressIn(c, c.arg(4), c.argInt(5));
            if (a == null) return -Errno.EINVAL;
            if (a.length == 0) a = null;
        }
        return s.send(c.task(), data, (int) len, c.argInt(3) & GUEST_SEND_FLAGS, a, null);
    }

    /** Implements recvfrom(2) (recv(2) is recvfrom with no address). */
    static long recvfrom(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        long addr = c.arg(4), lenp = c.arg(5);
        int room = 0;
        if (addr != 0 && lenp != 0) {
            room = c.readInt(lenp);
            if (room < 0) return -Errno.EINVAL;
        }
        long len = Math.min(c.arg(2) & 0xffffffffL, MAX_TRANSFER);
        int flags = c.argInt(3);
        Message m = new Message((int) len, flags & ~Sockets.MSG_CMSG_CLOEXEC);
        long r = s.recv(c.task(), m);
        if (m.length > 0) c.write(c.arg(1) + m.offset, m.buf, 0, m.length);
        if (m.ancillary != null) m.ancillary.release();
        if (r < 0) return r;
        if (addr != 0 && lenp != 0) {
            if (m.from != null) addressOut(c, m.from, addr, lenp, room);
            else c.writeInt(lenp, 0);
        }
        return r;
    }

    /** Guest iovecs ({u64 iov_base, u64 iov_len}) as base,len pairs; null if the count or a length is bad. */
    private static long[] iovecs(SyscallContext c, long addr, long count) {
        if (count < 0 || count > FileIo.IOV_MAX) return null;
        byte[] raw = c.readBytes(addr, (int) count * 16);
        long[] segs = new long[(int) count * 2];
        long total = 0;
        for (int i = 0; i < count; i++) {
            segs[2 * i] = SyscallContext.leLong(raw, 16 * i);
            segs[2 * i + 1] = SyscallContext.leLong(raw, 16 * i + 8);
            total += segs[2 * i + 1];
            if (segs[2 * i + 1] < 0 || total < 0) return null;
        }
        return segs;
    }

    private static long total(long[] segs) {
        long t = 0;
        for (int i = 1; i < segs.length; i += 2) t += segs[i];
        return Math.min(t, MAX_TRANSFER);
    }

    /** Implements sendmsg(2): SCM_RIGHTS and SCM_CREDENTIALS in msg_control. */
    static long sendmsg(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        return sendOne(c, s, c.arg(1), c.argInt(2));
    }

    /** One sendmsg of the msghdr at hdr. */
    private static long sendOne(SyscallContext c, SocketFile s, long hdr, int flags) {
        byte[] h = c.readBytes(hdr, MSGHDR_SIZE);
        long name = SyscallContext.leLong(h, MSG_NAME), control = SyscallContext.leLong(h, MSG_CONTROL);
        int namelen = (int) SyscallContext.leLong(h, MSG_NAMELEN);
        long controllen = SyscallContext.leLong(h, MSG_CONTROLLEN);
        if (controllen < 0 || controllen > Integer.MAX_VALUE) return -Errno.ENOBUFS;
        long[] segs = iovecs(c, SyscallContext.leLong(h, MSG_IOV), SyscallContext.leLong(h, MSG_IOVLEN));
        if (segs == null) return -Errno.EMSGSIZE;
        byte[] a = null;
        if (name != 0 && namelen != 0) {
            a = addressIn(c, name, namelen);
            if (a == null) return -Errno.EINVAL;
        }
        int len = (int) total(segs);
        byte[] data = new byte[len];
        c.copyVector(segs, 0, data, 0, len, false);
        dev.javix.kernel.net.Ancillary anc = null;
        if (control != 0 && controllen >= 16) {
            byte[] cm = c.readBytes(control, (int) Math.min(controllen, MAX_CONTROL));
            ControlMessages.Parsed p = ControlMessages.parse(cm, c.process().files, c.task());
            if (p.errno() != 0) return -p.errno();
            anc = p.ancillary();
        }
        return s.send(c.task(), data, len, flags & GUEST_SEND_FLAGS, a, anc);
    }

    /** Implements recvmsg(2): msg_name, msg_control (credentials, passed descriptors) and msg_flags filled in. */
    static long recvmsg(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        return recvOne(c, s, c.arg(1), c.argInt(2));
    }

    /** One recvmsg into the msghdr at hdr. */
    private static long recvOne(SyscallContext c, SocketFile s, long hdr, int flags) {
        byte[] h = c.readBytes(hdr, MSGHDR_SIZE);
        long name = SyscallContext.leLong(h, MSG_NAME), control = SyscallContext.leLong(h, MSG_CONTROL);
        int namelen = (int) SyscallContext.leLong(h, MSG_NAMELEN);
        long controllen = SyscallContext.leLong(h, MSG_CONTROLLEN);
        if (name != 0 && namelen < 0) return -Errno.EINVAL;
        long[] segs = iovecs(c, SyscallContext.leLong(h, MSG_IOV), SyscallContext.leLong(h, MSG_IOVLEN));
        if (segs == null) return -Errno.EMSGSIZE;
        Message m = new Message((int) total(segs), flags & ~Sockets.MSG_CMSG_CLOEXEC);
        long r = s.recv(c.task(), m);
        if (m.length > 0) c.copyVector(segs, m.offset, m.buf, 0, m.length, true);
        if (r < 0) {
            if (m.ancillary != null) m.ancillary.release();
            return r;
        }
        int room = control == 0 ? 0 : (int) Math.min(Math.max(controllen, 0), MAX_CONTROL);
        ControlMessages.Built built = ControlMessages.build(m.ancillary, s.passCredentials(), room, c.process().files,
                (flags & Sockets.MSG_CMSG_CLOEXEC) != 0, FileCalls.nofile(c.process()));
        if (built.bytes().length > 0) c.write(control, built.bytes());
        if (name != 0) {
            byte[] from = m.from;
            int n = from == null ? 0 : Math.min(namelen, from.length);
            if (n > 0) c.write(name, from, 0, n);
            c.writeInt(hdr + MSG_NAMELEN, from == null ? 0 : from.length);
        } else {
            c.writeInt(hdr + MSG_NAMELEN, 0);
        }
        c.writeLong(hdr + MSG_CONTROLLEN, built.bytes().length);
        // ____sys_recvmsg starts msg_flags from the call's MSG_CMSG_CLOEXEC, and it is reported back
        c.writeInt(hdr + MSG_FLAGS, (flags & Sockets.MSG_CMSG_CLOEXEC) | m.msgFlags | built.flags());
        return r;
    }

    /** struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }: 64 bytes with padding. */
    static final int MMSGHDR_SIZE = 64, MMSG_LEN = 56;

    /**
     * Implements sendmmsg(2): each message as sendmsg, msg_len filled in; the count sent, or the
     * first message's error. Only the first message may wait (a blocked call that had sent some
     * would need to remember them across the restart).
     */
    static long sendmmsg(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        int vlen = (int) Math.min(c.arg(2) & 0xffffffffL, FileIo.IOV_MAX);
        int flags = c.argInt(3);
        int done = 0;
        for (; done < vlen; done++) {
            long at = c.arg(1) + (long) done * MMSGHDR_SIZE;
            long r = sendOne(c, s, at, done == 0 ? flags : flags | Sockets.MSG_DONTWAIT);
            if (r == dev.javix.syscall.Syscall.BLOCK || r < 0) return done > 0 ? done : r;
            c.writeInt(at + MMSG_LEN, (int) r);
        }
        return done;
    }

    /**
     * Implements recvmmsg(2): up to vlen messages, each as recvmsg with msg_len filled in; the
     * first waits as the flags say, the rest are taken while queued.
     */
    static long recvmmsg(SyscallContext c) {
        long[] err = new long[1];
        SocketFile s = socketOf(c, c.argInt(0), err);
        if (s == null) return err[0];
        int vlen = (int) Math.min(c.arg(2) & 0xffffffffL, FileIo.IOV_MAX);
        int flags = c.argInt(3) & ~Sockets.MSG_WAITFORONE;
        int done = 0;
        for (; done < vlen; done++) {
            long at = c.arg(1) + (long) done * MMSGHDR_SIZE;
            long r = recvOne(c, s, at, done == 0 ? flags : flags | Sockets.MSG_DONTWAIT);
            if (r == dev.javix.syscall.Syscall.BLOCK || r < 0) return done > 0 ? done : r;
            c.writeInt(at + MMSG_LEN, (int) r);
        }
        return done;
    }
}
