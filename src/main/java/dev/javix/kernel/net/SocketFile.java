package dev.javix.kernel.net;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.proc.Task;

/**
 * An open socket (Linux's struct socket with its struct file): what socket(2), socketpair(2)
 * and accept(2) install. The system calls of the socket family talk to this class only, so
 * another address family slots in as another subclass. Every operation returns a count, 0,
 * {@code -errno} or {@code Syscall.BLOCK} (after registering the task on a wait queue, design
 * decision 2); addresses are raw {@code struct sockaddr} bytes as the guest passes them.
 *
 * <p>read(2) and write(2) on a socket are recv and send with no flags (so write raises SIGPIPE
 * like send without MSG_NOSIGNAL).
 */
public abstract class SocketFile extends OpenFile {
    /** sockfs: the anonymous file system of sockets ("socket:[ino]"); st_dev as on Linux's first anonymous mount is not promised. */
    static final long SOCKFS_DEV = StatBuf.makedev(0, 8);

    protected final long ino;

    protected SocketFile(int flags, long ino) {
        super(O_RDWR | (flags & O_NONBLOCK));
        this.ino = ino;
    }

    public abstract int family();

    /** SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET. */
    public abstract int type();

    /** bind(2). */
    public abstract long bind(Task t, byte[] addr);

    /** listen(2). */
    public abstract long listen(Task t, int backlog);

    /** connect(2); may block. */
    public abstract long connect(Task t, byte[] addr);

    /** accept4(2): on success out[0] is the new socket (the caller installs it) and 0 is returned. */
    public abstract long accept(Task t, SocketFile[] out);

    /**
     * sendmsg(2) of len bytes of data (the whole guest buffer, every time the call runs: a
     * blocked send continues where it stopped). addr is null without a destination; anc the
     * ancillary data (consumed: passed on or released).
     */
    public abstract long send(Task t, byte[] data, int len, int flags, byte[] addr, Ancillary anc);

    /** recvmsg(2) into m (see {@link Message}). */
    public abstract long recv(Task t, Message m);

    /** shutdown(2). */
    public abstract long shutdown(Task t, int how);

    /** getsockname(2): the local address. */
    public abstract byte[] localAddress();

    /** getpeername(2): the peer's address, or null when not connected (ENOTCONN). */
    public abstract byte[] peerAddress();

    /**
     * The address accept(2) reports for this newly accepted socket: its peer's, even if the
     * connection was reset since (inet_getname with peer == 2 skips the state check).
     */
    public byte[] acceptedPeerAddress() {
        return peerAddress();
    }

    /** getsockopt(2): the value bytes in out[0] (the caller truncates to optlen), or -errno. */
    public abstract long getOption(Task t, int level, int name, byte[][] out);

    /** setsockopt(2). */
    public abstract long setOption(Task t, int level, int name, byte[] value);

    /** Whether ancillary data arrives (a SO_PASSCRED socket gets SCM_CREDENTIALS). */
    public abstract boolean passCredentials();

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        // Straight into dst when it starts there (the system call layer's reusable buffer).
        Message m = off == 0 ? new Message(dst, len, 0) : new Message(len, 0);
        long r = recv(t, m);
        if (r > 0 && m.buf != dst) System.arraycopy(m.buf, 0, dst, off, (int) r);
        if (m.ancillary != null) m.ancillary.release(); // read(2) has no room for passed descriptors
        return r;
    }

    /**
     * Internal send flag of write(2): once some bytes are queued, return their count rather than
     * wait for room. write(2)'s caller (FileIo) moves large buffers in chunks and can only keep
     * the progress of its first one across a restart, so a socket must not hold a later chunk's.
     */
    protected static final int MSG_WRITE = 0x80000000;

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        byte[] data = off == 0 ? src : java.util.Arrays.copyOfRange(src, off, off + len);
        return send(t, data, len, MSG_WRITE, null, null);
    }

    /** Every socket has sock_fasync: O_ASYNC sticks and readiness raises SIGIO (socket(7), "Signals"). */
    @Override
    protected boolean asyncCapable() {
        return true;
    }

    @Override
    public long stat(StatBuf st) {
        st.mode = StatBuf.S_IFSOCK | 0777;
        st.ino = ino;
        st.dev = SOCKFS_DEV;
        st.nlink = 1;
        st.blksize = 4096;
        return 0;
    }

    @Override
    public String path() {
        return "socket:[" + ino + "]";
    }

    /** Status flags a socket ignores for reads (readable/writable are always both). */
    static boolean isNonBlocking(OpenFile f, int msgFlags) {
        return f.nonBlocking() || (msgFlags & Sockets.MSG_DONTWAIT) != 0;
    }

    static long notSupported() {
        return -Errno.EOPNOTSUPP;
    }
}
