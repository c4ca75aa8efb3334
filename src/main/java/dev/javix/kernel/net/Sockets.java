package dev.javix.kernel.net;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;

/**
 * The constants of the socket interface as glibc's headers for riscv64 define them, and
 * socket(2)/socketpair(2)'s dispatch by address family: AF_UNIX is served here
 * ({@link UnixSocket}); AF_INET and AF_INET6 go to the kernel's host bridge
 * ({@link dev.javix.kernel.net.inet.InetStack}); every other family answers EAFNOSUPPORT
 * (net/socket.c: __sock_create without a registered family).
 */
public final class Sockets {
    private Sockets() {}

    // Address families, bits/socket.h: "#define PF_UNIX PF_LOCAL", "#define PF_INET 2",
    // "#define PF_INET6 10", "#define PF_MAX 46"; AF_x == PF_x.
    public static final int AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_MAX = 46;

    // Socket types, bits/socket_type.h: "SOCK_STREAM = 1", "SOCK_DGRAM = 2", "SOCK_RAW = 3",
    // "SOCK_SEQPACKET = 5", "SOCK_CLOEXEC = 02000000", "SOCK_NONBLOCK = 00004000".
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5;
    /** linux/net.h SOCK_TYPE_MASK: the type part of socket(2)'s type argument. */
    public static final int SOCK_TYPE_MASK = 0xf;
    public static final int SOCK_CLOEXEC = 02000000, SOCK_NONBLOCK = 04000;

    // Message flags, bits/socket.h enum: "MSG_OOB = 0x01", "MSG_PEEK = 0x02", "MSG_CTRUNC = 0x08",
    // "MSG_TRUNC = 0x20", "MSG_DONTWAIT = 0x40", "MSG_EOR = 0x80", "MSG_WAITALL = 0x100",
    // "MSG_NOSIGNAL = 0x4000", "MSG_MORE = 0x8000", "MSG_WAITFORONE = 0x10000",
    // "MSG_CMSG_CLOEXEC = 0x40000000".
    public static final int MSG_OOB = 0x01, MSG_PEEK = 0x02, MSG_CTRUNC = 0x08, MSG_TRUNC = 0x20,
            MSG_DONTWAIT = 0x40, MSG_EOR = 0x80, MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000, MSG_MORE = 0x8000,
            MSG_WAITFORONE = 0x10000, MSG_CMSG_CLOEXEC = 0x40000000;

    /** asm-generic/socket.h "#define SOL_SOCKET 1". */
    public static final int SOL_SOCKET = 1;
    // asm-generic/socket.h: "#define SO_DEBUG 1" … "#define SO_DOMAIN 39".
    public static final int SO_DEBUG = 1, SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_DONTROUTE = 5,
            SO_BROADCAST = 6, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_KEEPALIVE = 9, SO_OOBINLINE = 10, SO_NO_CHECK = 11,
            SO_PRIORITY = 12, SO_LINGER = 13, SO_BSDCOMPAT = 14, SO_REUSEPORT = 15, SO_PASSCRED = 16,
            SO_PEERCRED = 17, SO_RCVLOWAT = 18, SO_SNDLOWAT = 19, SO_RCVTIMEO_OLD = 20, SO_SNDTIMEO_OLD = 21,
            SO_PEERNAME = 28, SO_ACCEPTCONN = 30, SO_SNDBUFFORCE = 32, SO_RCVBUFFORCE = 33, SO_PROTOCOL = 38,
            SO_DOMAIN = 39, SO_RCVTIMEO_NEW = 66, SO_SNDTIMEO_NEW = 67;

    // bits/socket.h: "SCM_RIGHTS = 0x01", "SCM_CREDENTIALS = 0x02".
    public static final int SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;
    /** include/net/scm.h SCM_MAX_FD: descriptors one SCM_RIGHTS message may carry. */
    public static final int SCM_MAX_FD = 253;

    /** sys/socket.h "SHUT_RD = 0", SHUT_WR = 1, SHUT_RDWR = 2. */
    public static final int SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;
    /** bits/socket.h "#define SOMAXCONN 4096" (net.core.somaxconn's default): listen's backlog cap. */
    public static final int SOMAXCONN = 4096;

    /**
     * Checks socket(2)'s arguments (net/socket.c __sys_socket, then the family's create):
     * unknown flags EINVAL, a family out of range or without support EAFNOSUPPORT, then the
     * family's own answers. Returns 0 or -errno.
     */
    public static int check(Kernel k, int domain, int type, int protocol, boolean privileged) {
        if ((type & ~(SOCK_TYPE_MASK | SOCK_CLOEXEC | SOCK_NONBLOCK)) != 0) return -Errno.EINVAL;
        if (domain < 0 || domain >= AF_MAX) return -Errno.EAFNOSUPPORT;
        if (domain == AF_INET || domain == AF_INET6) return k.inet().check(type & SOCK_TYPE_MASK, protocol, privileged);
        if (domain != AF_UNIX) return -Errno.EAFNOSUPPORT;
        return UnixSocket.check(type & SOCK_TYPE_MASK, protocol);
    }

    /**
     * socketpair(2)'s checks: only AF_UNIX has pairs; AF_INET and AF_INET6 answer EOPNOTSUPP
     * (inet_dgram_ops and inet_stream_ops have sock_no_socketpair) once socket(2) would accept
     * the arguments.
     */
    public static int checkPair(Kernel k, int domain, int type, int protocol, boolean privileged) {
        int r = check(k, domain, type, protocol, privileged);
        if (r == 0 && domain != AF_UNIX) return -Errno.EOPNOTSUPP;
        return r;
    }

    /** socket(2) after {@link #check}: a new unconnected socket. */
    public static SocketFile create(Kernel k, int domain, int type, int protocol) {
        if (domain == AF_INET || domain == AF_INET6) return k.inet().create(domain, type);
        return UnixSocket.create(UnixDomain.of(k), type);
    }

    /** socketpair(2) after {@link #check}: two sockets connected to each other, made by creator. */
    public static SocketFile[] pair(Kernel k, dev.javix.kernel.proc.Task creator, int domain, int type, int protocol) {
        return UnixSocket.pair(UnixDomain.of(k), creator, type);
    }
}
