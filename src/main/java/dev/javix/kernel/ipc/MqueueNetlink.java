package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.Syscall;
import java.util.ArrayDeque;

/**
 * The part of an AF_NETLINK socket (netlink(7)) that mq_notify(3) needs: glibc implements
 * SIGEV_THREAD with an unbound {@code socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, 0)}, passes its
 * fd to the kernel as {@code sigev_signo} with a 32-byte cookie, and a helper thread
 * {@code recv}s the cookie (last byte NOTIFY_WOKENUP or NOTIFY_REMOVED) when the notification
 * fires and starts the user's function (sysdeps/unix/sysv/linux/mq_notify.c). The kernel side
 * is {@code netlink_sendskb}: a datagram queued on the socket.
 *
 * <p>Datagrams keep their boundaries; a read shorter than the datagram truncates it (the rest is
 * dropped, as for any datagram socket). Sending from user space is not supported (EOPNOTSUPP).
 * Guarded by {@code this}: the datagram queue.
 */
public final class MqueueNetlink extends OpenFile {
    public static final int AF_NETLINK = 16;
    public static final int SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_TYPE_MASK = 0xf;
    /** The most protocol numbers netlink has (MAX_LINKS). */
    private static final int MAX_LINKS = 32;

    private final long ino;
    private final int protocol;
    private final ArrayDeque<byte[]> datagrams = new ArrayDeque<>();

    private MqueueNetlink(long ino, int flags, int protocol) {
        super(OpenFile.O_RDWR | flags);
        this.ino = ino;
        this.protocol = protocol;
    }

    /**
     * socket(AF_NETLINK, type, protocol) for SocketCalls: type SOCK_RAW or SOCK_DGRAM (with
     * SOCK_NONBLOCK/SOCK_CLOEXEC, which the caller handles for the fd), protocol 0 … 31.
     * Returns the description, or null with the errno in {@code err[0]}.
     *
     * @param ino an inode number for sockfs
     */
    public static OpenFile socket(long ino, int type, int protocol, int[] err) {
        int kind = type & SOCK_TYPE_MASK;
        if (kind != SOCK_RAW && kind != SOCK_DGRAM) {
            err[0] = Errno.ESOCKTNOSUPPORT;
            return null;
        }
        if (protocol < 0 || protocol >= MAX_LINKS) {
            err[0] = Errno.EPROTONOSUPPORT;
            return null;
        }
        int nonblock = (type & OpenFile.O_NONBLOCK) != 0 ? OpenFile.O_NONBLOCK : 0; // SOCK_NONBLOCK == O_NONBLOCK
        return new MqueueNetlink(ino, nonblock, protocol);
    }

    /** netlink_sendskb: queues a datagram and wakes readers. */
    void deliver(byte[] datagram) {
        synchronized (this) {
            datagrams.addLast(datagram);
        }
        waitQueue().wakeAll();
    }

    /** recv(2)/read(2): one datagram, truncated to len; blocks while none is queued. */
    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        synchronized (this) {
            byte[] d = datagrams.pollFirst();
            if (d != null) {
                int n = Math.min(len, d.length);
                System.arraycopy(d, 0, dst, off, n);
                return n;
            }
            if (nonBlocking()) return -Errno.EAGAIN;
            waitQueue().add(t);
            return Syscall.BLOCK;
        }
    }

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public synchronized int pollMask() {
        return (datagrams.isEmpty() ? 0 : POLLIN | POLLRDNORM) | POLLOUT | POLLWRNORM;
    }

    @Override
    public long stat(StatBuf st) {
        st.mode = StatBuf.S_IFSOCK | 0777;
        st.ino = ino;
        st.dev = StatBuf.makedev(0, 8);
        st.blksize = 4096;
        return 0;
    }

    @Override
    public String path() {
        return "socket:[" + ino + "]";
    }

    /** The netlink protocol it was made for (NETLINK_ROUTE = 0 for glibc's mq_notify). */
    public int protocol() {
        return protocol;
    }
}
