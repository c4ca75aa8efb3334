package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.net.Ancillary;
import dev.javix.kernel.net.Message;
import dev.javix.kernel.net.SocketFile;
import dev.javix.kernel.net.Sockets;
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.Syscall;
import java.util.ArrayDeque;

/**
 * The part of an AF_NETLINK socket (netlink(7)) that mq_notify(3) needs. glibc implements
 * SIGEV_THREAD with an unbound {@code socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, 0)}: it passes
 * the socket's fd to the kernel as {@code sigev_signo} and a 32-byte cookie as
 * {@code sigev_value}, and a helper thread {@code recv}s the cookie back (last byte
 * NOTIFY_WOKENUP or NOTIFY_REMOVED) and starts the user's function
 * (sysdeps/unix/sysv/linux/mq_notify.c). The kernel's half is {@code netlink_sendskb}: a
 * datagram queued on the socket, which is {@link #deliver}.
 *
 * <p>Datagrams keep their boundaries; a shorter receive truncates (MSG_TRUNC). Netlink requests
 * from user space (rtnetlink and the rest) are not implemented: send answers EOPNOTSUPP.
 * Guarded by {@code this}: the datagram queue.
 */
public final class MqueueNetlink extends SocketFile {
    public static final int AF_NETLINK = 16;
    /** The most protocol numbers netlink has (MAX_LINKS). */
    private static final int MAX_LINKS = 32;
    /** struct sockaddr_nl { u16 nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups; } of the kernel (pid 0). */
    private static final byte[] KERNEL_ADDRESS = {AF_NETLINK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private final int type, protocol;
    private final ArrayDeque<byte[]> datagrams = new ArrayDeque<>();

    private MqueueNetlink(long ino, int type, int protocol) {
        super(type & Sockets.SOCK_NONBLOCK, ino);
        this.type = type & Sockets.SOCK_TYPE_MASK;
        this.protocol = protocol;
    }

    /**
     * socket(2)'s checks for AF_NETLINK (netlink_create): 0, or -EINVAL for unknown type flags,
     * -ESOCKTNOSUPPORT for a type other than SOCK_RAW/SOCK_DGRAM, -EPROTONOSUPPORT for a
     * protocol out of range.
     */
    public static int check(int type, int protocol) {
        if ((type & ~(Sockets.SOCK_TYPE_MASK | Sockets.SOCK_CLOEXEC | Sockets.SOCK_NONBLOCK)) != 0) return -Errno.EINVAL;
        int kind = type & Sockets.SOCK_TYPE_MASK;
        if (kind != Sockets.SOCK_RAW && kind != Sockets.SOCK_DGRAM) return -Errno.ESOCKTNOSUPPORT;
        if (protocol < 0 || protocol >= MAX_LINKS) return -Errno.EPROTONOSUPPORT;
        return 0;
    }

    /** socket(AF_NETLINK, type, protocol) after {@link #check}; the caller installs it (SOCK_CLOEXEC is the fd's). */
    public static SocketFile socket(Kernel k, int type, int protocol) {
        return new MqueueNetlink(k.nextPipeId(), type, protocol);
    }

    /** netlink_sendskb: queues a datagram and wakes readers. */
    void deliver(byte[] datagram) {
        synchronized (this) {
            datagrams.addLast(datagram);
        }
        waitQueue().wakeAll();
    }

    @Override
    public long recv(Task t, Message m) {
        synchronized (this) {
            byte[] d = (m.flags & Sockets.MSG_PEEK) != 0 ? datagrams.peekFirst() : datagrams.pollFirst();
            if (d == null) {
                if (nonBlocking() || (m.flags & Sockets.MSG_DONTWAIT) != 0) return -Errno.EAGAIN;
                waitQueue().add(t);
                return Syscall.BLOCK;
            }
            int n = Math.min(m.capacity, d.length);
            System.arraycopy(d, 0, m.buf, 0, n);
            m.length = n;
            m.offset = 0;
            m.from = KERNEL_ADDRESS.clone();
            if (n < d.length) m.msgFlags |= Sockets.MSG_TRUNC;
            return (m.flags & Sockets.MSG_TRUNC) != 0 ? d.length : n;
        }
    }

    @Override
    public synchronized int pollMask() {
        return (datagrams.isEmpty() ? 0 : POLLIN | POLLRDNORM) | POLLOUT | POLLWRNORM;
    }

    @Override
    public int family() {
        return AF_NETLINK;
    }

    @Override
    public int type() {
        return type;
    }

    /** The netlink protocol it was made for (NETLINK_ROUTE = 0 for glibc's mq_notify). */
    public int protocol() {
        return protocol;
    }

    @Override
    public long bind(Task t, byte[] addr) {
        return addr.length < KERNEL_ADDRESS.length || addr[0] != AF_NETLINK ? -Errno.EINVAL : 0;
    }

    @Override
    public long listen(Task t, int backlog) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public long connect(Task t, byte[] addr) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public long accept(Task t, SocketFile[] out) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public long send(Task t, byte[] data, int len, int flags, byte[] addr, Ancillary anc) {
        if (anc != null) anc.release();
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public long shutdown(Task t, int how) {
        return 0;
    }

    @Override
    public byte[] localAddress() {
        return KERNEL_ADDRESS.clone(); // unbound: nl_pid 0
    }

    @Override
    public byte[] peerAddress() {
        return KERNEL_ADDRESS.clone();
    }

    @Override
    public long getOption(Task t, int level, int name, byte[][] out) {
        return -Errno.ENOPROTOOPT;
    }

    @Override
    public long setOption(Task t, int level, int name, byte[] value) {
        return -Errno.ENOPROTOOPT;
    }

    @Override
    public boolean passCredentials() {
        return false;
    }
}
