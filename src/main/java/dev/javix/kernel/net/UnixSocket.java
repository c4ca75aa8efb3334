package dev.javix.kernel.net;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.fs.FsException;
import dev.javix.kernel.fs.UserBuffer;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.SigInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An AF_UNIX socket (unix(7)) and its state machine, after Linux's net/unix/af_unix.c:
 * <pre>
 *   UNCONNECTED --bind--> (named) --listen--> LISTENING --(connects queue embryos)--> accept
 *        |                                                                     |
 *        +--connect (stream/seqpacket: to a listener; dgram: default peer)--> CONNECTED
 * </pre>
 * A stream or seqpacket connect creates the server's end at once (the "embryo", queued on the
 * listener until accept(2) takes it), so the client may write before the accept. A close marks
 * the socket dead; a connected peer sees both directions shut down (EOF, EPIPE), and
 * ECONNRESET if unread data was thrown away.
 *
 * <p>Data moves as {@link Packet}s into the receiver's queue ({@link StreamBuffer} or
 * {@link MessageQueue}), charged to the sender until read: a sender waits while its charge is
 * at least its SO_SNDBUF. Datagram receivers also take at most {@link #MAX_DGRAM_QLEN} + 1
 * queued messages from others (net.unix.max_dgram_qlen).
 *
 * <p>Guarded by the domain lock ({@link UnixDomain}): every field below it.
 */
final class UnixSocket extends SocketFile {
    enum State { UNCONNECTED, LISTENING, CONNECTED }

    /** sk_shutdown bits: RCV_SHUTDOWN, SEND_SHUTDOWN. */
    static final int RCV = 1, SEND = 2, BOTH = 3;
    /** net.unix.max_dgram_qlen's default. */
    static final int MAX_DGRAM_QLEN = 10;

    final UnixDomain domain;
    private final int type;
    /** Senders and connecters waiting for room in this socket's queue or backlog. */
    final WaitQueue peerWait = new WaitQueue();

    // ---- guarded by domain
    State state = State.UNCONNECTED;
    UnixAddress address;
    /** The connected peer; kept after the peer closes (it is then dead), as Linux keeps unix_peer. */
    UnixSocket peer;
    boolean dead;
    int shutdown;
    /** A pending error (sk_err), reported once. */
    int error;
    final ReceiveQueue queue;
    /** A listener's connections not yet accepted. */
    final ArrayDeque<UnixSocket> backlog = new ArrayDeque<>();
    int maxBacklog;
    /**
     * Bytes (with overhead) this socket sent that nobody has read yet (sk_wmem_alloc). Domain
     * lock; read without it only as a hint (UnixTransfer.sendStream's copy before the lock).
     */
    long inflight;
    /**
     * Held by a receive from start to end (Linux's u->iolock): one reader at a time, so a reader
     * may copy queued bytes out without the domain lock. Taken before the domain lock.
     */
    final Object readLock = new Object();
    /** Spare arrays for this socket's stream chunks (its own lock). */
    final ChunkPool chunks = new ChunkPool();
    Ucred peerCred = Ucred.NONE;
    final SocketOptions options = new SocketOptions();
    /** Set on an embryo dropped by its listener's close: its client gets ECONNRESET. */
    private boolean droppedEmbryo;

    private UnixSocket(UnixDomain domain, int type, int flags) {
        super(flags, domain.kernel.nextPipeId());
        this.domain = domain;
        this.type = type;
        this.queue = type == Sockets.SOCK_STREAM ? new StreamBuffer() : new MessageQueue();
        if (type == Sockets.SOCK_DGRAM) maxBacklog = MAX_DGRAM_QLEN;
    }

    /** unix_create's checks: protocol 0 (or PF_UNIX), then the type (SOCK_RAW means SOCK_DGRAM). */
    static int check(int type, int protocol) {
        if (protocol != 0 && protocol != Sockets.AF_UNIX) return -Errno.EPROTONOSUPPORT;
        return switch (type) {
            case Sockets.SOCK_STREAM, Sockets.SOCK_DGRAM, Sockets.SOCK_SEQPACKET, Sockets.SOCK_RAW -> 0;
            default -> -Errno.ESOCKTNOSUPPORT;
        };
    }

    static UnixSocket create(UnixDomain d, int type) {
        int t = type & Sockets.SOCK_TYPE_MASK;
        return new UnixSocket(d, t == Sockets.SOCK_RAW ? Sockets.SOCK_DGRAM : t, type & Sockets.SOCK_NONBLOCK);
    }

    /** unix_socketpair: two sockets connected to each other; both peers' credentials are the creator's. */
    static UnixSocket[] pair(UnixDomain d, Task creator, int type) {
        UnixSocket a = create(d, type), b = create(d, type);
        synchronized (d) {
            a.peer = b;
            b.peer = a;
            a.state = b.state = State.CONNECTED;
            a.peerCred = b.peerCred = Ucred.effective(creator);
        }
        return new UnixSocket[] {a, b};
    }

    @Override
    public int family() {
        return Sockets.AF_UNIX;
    }

    @Override
    public int type() {
        return type;
    }

    private boolean connectionOriented() {
        return type != Sockets.SOCK_DGRAM;
    }

    // ------------------------------------------------------------------ names

    /** unix_validate_addr: 2 ≤ addrlen ≤ 110 and AF_UNIX; null if invalid (EINVAL). */
    private static UnixAddress validate(byte[] raw) {
        if (raw.length < UnixAddress.SUN_PATH_OFFSET || raw.length > UnixAddress.SIZE) return null;
        if ((raw[0] & 0xff | (raw[1] & 0xff) << 8) != Sockets.AF_UNIX) return null;
        return UnixAddress.parse(raw);
    }

    @Override
    public long bind(Task t, byte[] raw) {
        UnixAddress a = validate(raw);
        if (a == null) return -Errno.EINVAL;
        synchronized (domain) {
            if (address != null && (a.unnamed() || a.isAbstract())) return -Errno.EINVAL;
            if (a.unnamed()) return (address = domain.autobind(this)) == null ? -Errno.ENOSPC : 0;
            if (a.isAbstract()) {
                if (!domain.bindAbstract(a, this)) return -Errno.EADDRINUSE;
                address = a;
                return 0;
            }
        }
        // unix_bind_bsd makes the name first (EADDRINUSE if it exists), then finds the socket
        // already bound (EINVAL) and removes the name again.
        try {
            domain.kernel.vfs().bindSocket(t.process, a.path(), this);
        } catch (FsException e) {
            return -(e.errno == Errno.EEXIST ? Errno.EADDRINUSE : e.errno);
        }
        synchronized (domain) {
            if (address == null) {
                address = a;
                return 0;
            }
        }
        try {
            domain.kernel.vfs().unlink(t.process, dev.javix.kernel.fs.Vfs.AT_FDCWD, a.path(), 0);
        } catch (FsException e) {
            // someone else removed it already
        }
        return -Errno.EINVAL;
    }

    /**
     * unix_find_other: the socket bound at a, or -errno in err[0]. Pathnames go through the VFS
     * (ENOENT, EACCES, ECONNREFUSED for a non-socket); the type must match (EPROTOTYPE).
     * Call without the domain lock.
     */
    private UnixSocket find(Task t, UnixAddress a, int[] err) {
        UnixSocket s;
        if (a.unnamed()) {
            s = null;
        } else if (a.isAbstract()) {
            synchronized (domain) {
                s = domain.lookupAbstract(a);
            }
        } else {
            try {
                s = domain.kernel.vfs().boundSocket(t.process, a.path()) instanceof UnixSocket u ? u : null;
            } catch (FsException e) {
                err[0] = -e.errno;
                return null;
            }
        }
        synchronized (domain) {
            if (s == null || s.dead) err[0] = -Errno.ECONNREFUSED;
            else if (s.type != type) err[0] = -Errno.EPROTOTYPE;
            else return s;
        }
        return null;
    }

    @Override
    public byte[] localAddress() {
        synchronized (domain) {
            return address == null ? UnixAddress.UNNAMED.clone() : address.bytes.clone();
        }
    }

    @Override
    public byte[] peerAddress() {
        synchronized (domain) {
            if (peer == null || state != State.CONNECTED) return null;
            return peer.address == null ? UnixAddress.UNNAMED.clone() : peer.address.bytes.clone();
        }
    }

    /** The address of a packet's sender, as recvfrom reports it (null: unnamed, msg_namelen 0). */
    byte[] addressBytes() {
        return address == null ? null : address.bytes;
    }

    // ------------------------------------------------------------------ connections

    @Override
    public long listen(Task t, int backlog) {
        if (type == Sockets.SOCK_DGRAM) return -Errno.EOPNOTSUPP;
        synchronized (domain) {
            if (address == null) return -Errno.EINVAL;
            if (state != State.UNCONNECTED && state != State.LISTENING) return -Errno.EINVAL;
            int n = Integer.compareUnsigned(backlog, Sockets.SOMAXCONN) > 0 ? Sockets.SOMAXCONN : backlog;
            if (n > maxBacklog) peerWait.wakeAll();
            maxBacklog = n;
            state = State.LISTENING;
            peerCred = Ucred.effective(t); // init_peercred: what connecting clients see as SO_PEERCRED
            return 0;
        }
    }

    @Override
    public long connect(Task t, byte[] raw) {
        if (type == Sockets.SOCK_DGRAM) return connectDgram(t, raw);
        UnixAddress a = validate(raw);
        if (a == null) return -Errno.EINVAL;
        int[] err = new int[1];
        UnixSocket other = find(t, a, err);
        if (other == null) return Transfer.finish(t, err[0]);
        synchronized (domain) {
            // unix_stream_connect's order: the listener first, then our own state
            if (other.dead || other.state != State.LISTENING) return Transfer.finish(t, -Errno.ECONNREFUSED);
            if (other.backlog.size() > other.maxBacklog) {
                if (nonBlocking() || Transfer.expired(domain.kernel, t)) return Transfer.finish(t, -Errno.EAGAIN);
                return Transfer.block(domain.kernel, t, other.peerWait, options.sndTimeoutNanos, 0);
            }
            if (state == State.CONNECTED) return Transfer.finish(t, -Errno.EISCONN);
            if (state == State.LISTENING) return Transfer.finish(t, -Errno.EINVAL);
            UnixSocket embryo = new UnixSocket(domain, type, 0);
            embryo.state = State.CONNECTED;
            embryo.peer = this;
            embryo.address = other.address;
            embryo.peerCred = Ucred.effective(t);
            embryo.options.passcred = other.options.passcred;
            if (address == null && options.passcred) address = domain.autobind(this);
            peer = embryo;
            state = State.CONNECTED;
            peerCred = other.peerCred;
            other.backlog.addLast(embryo);
            other.waitQueue().wakeAll();
        }
        return Transfer.finish(t, 0);
    }

    /** unix_dgram_connect: sets (or with AF_UNSPEC clears) the default destination and the only accepted source. */
    private long connectDgram(Task t, byte[] raw) {
        if (raw.length < 2) return -Errno.EINVAL;
        if ((raw[0] & 0xff | (raw[1] & 0xff) << 8) == Sockets.AF_UNSPEC) {
            synchronized (domain) {
                disconnectDgram(null);
            }
            return 0;
        }
        UnixAddress a = validate(raw);
        if (a == null) return -Errno.EINVAL;
        int[] err = new int[1];
        UnixSocket other = find(t, a, err);
        if (other == null) return err[0];
        synchronized (domain) {
            if (other.dead) return -Errno.ECONNREFUSED;
            if (!mayReceiveFrom(other, this)) return -Errno.EPERM;
            if (address == null && options.passcred) address = domain.autobind(this);
            if (peer != other) disconnectDgram(other);
            peer = other;
            state = State.CONNECTED;
        }
        return 0;
    }

    /** unix_dgram_disconnected: leaving a peer drops what was queued here and resets a peer connected back. */
    void disconnectDgram(UnixSocket next) {
        UnixSocket old = peer;
        peer = next;
        state = next == null ? State.UNCONNECTED : State.CONNECTED;
        if (old == null) return;
        releasePackets(queue.purge());
        if (!old.dead && old.peer == this) {
            old.error = Errno.ECONNRESET;
            old.waitQueue().wakeAll();
        }
    }

    /** unix_may_send: a socket connected elsewhere takes nothing from us (EPERM). */
    static boolean mayReceiveFrom(UnixSocket receiver, UnixSocket sender) {
        return receiver.peer == null || receiver.peer == sender;
    }

    @Override
    public long accept(Task t, SocketFile[] out) {
        if (type == Sockets.SOCK_DGRAM) return -Errno.EOPNOTSUPP;
        synchronized (domain) {
            if (state != State.LISTENING) return Transfer.finish(t, -Errno.EINVAL);
            UnixSocket s = backlog.pollFirst();
            if (s == null) {
                if (nonBlocking() || Transfer.expired(domain.kernel, t)) return Transfer.finish(t, -Errno.EAGAIN);
                return Transfer.block(domain.kernel, t, waitQueue(), options.rcvTimeoutNanos, 0);
            }
            peerWait.wakeAll(); // room in the backlog for a waiting connect
            out[0] = s;
        }
        return Transfer.finish(t, 0);
    }

    @Override
    public long shutdown(Task t, int how) {
        if (how < Sockets.SHUT_RD || how > Sockets.SHUT_RDWR) return -Errno.EINVAL;
        int mode = how + 1; // SHUT_RD → RCV, SHUT_WR → SEND, SHUT_RDWR → both
        synchronized (domain) {
            shutdown |= mode;
            waitQueue().wakeAll();
            peerWait.wakeAll();
            UnixSocket other = peer;
            if (other != null && connectionOriented() && !other.dead) {
                int peerMode = ((mode & RCV) != 0 ? SEND : 0) | ((mode & SEND) != 0 ? RCV : 0);
                other.shutdown |= peerMode;
                other.waitQueue().wakeAll();
            }
        }
        return 0;
    }

    /** Closes an embryo its listener never accepted: the client sees ECONNRESET. */
    void dropEmbryo() {
        synchronized (domain) {
            droppedEmbryo = true;
        }
        close();
    }

    /** unix_release_sock. */
    @Override
    protected void released() {
        List<UnixSocket> embryos;
        List<Packet> unread;
        synchronized (domain) {
            dead = true;
            if (address != null && address.isAbstract()) domain.unbindAbstract(address, this);
            embryos = new ArrayList<>(backlog);
            backlog.clear();
            unread = queue.purge();
            UnixSocket other = peer;
            if (other != null && connectionOriented() && !other.dead) {
                other.shutdown = BOTH;
                if (!unread.isEmpty() || droppedEmbryo) other.error = Errno.ECONNRESET;
                other.waitQueue().wakeAll();
                other.peerWait.wakeAll();
            }
            waitQueue().wakeAll();
            peerWait.wakeAll();
            for (Packet p : unread) uncharge(p);
        }
        for (Packet p : unread) if (p.ancillary != null) p.ancillary.release();
        for (UnixSocket e : embryos) e.dropEmbryo();
    }

    /** Returns packets' charges to their senders and wakes those waiting for room. Domain lock held. */
    static void uncharge(Packet p) {
        p.sender.inflight -= p.charge;
        if (p.pooled) p.sender.chunks.give(p.data);
        p.sender.waitQueue().wakeAll();
    }

    /** Drops packets (with the lock held): charges back now, descriptors released. */
    private void releasePackets(List<Packet> packets) {
        for (Packet p : packets) {
            uncharge(p);
            if (p.ancillary != null) p.ancillary.release();
        }
    }

    // ------------------------------------------------------------------ data

    @Override
    public long send(Task t, byte[] data, int len, int flags, byte[] raw, Ancillary anc) {
        if ((flags & Sockets.MSG_OOB) != 0) return release(anc, -Errno.EOPNOTSUPP);
        return type == Sockets.SOCK_STREAM
                ? UnixTransfer.sendStream(this, t, (at, n) -> Arrays.copyOfRange(data, at, at + n), len, flags, raw, anc)
                : UnixTransfer.sendMessage(this, t, data, len, flags, raw, anc);
    }

    /** The destination of a datagram sent to raw (see {@link #find}); null with err[0] set. */
    UnixSocket destination(Task t, byte[] raw, int[] err) {
        UnixAddress a = validate(raw);
        if (a == null) {
            err[0] = -Errno.EINVAL;
            return null;
        }
        return find(t, a, err);
    }

    /**
     * read(2) of a stream socket: recv with no flags, from the queued chunks straight into
     * guest memory. A read has no room for passed descriptors: they are closed.
     */
    @Override
    public long readDirect(Task t, UserBuffer to, int len) {
        if (type != Sockets.SOCK_STREAM) return NO_DIRECT;
        Message m = new Message(to, len, 0);
        long r = recv(t, m);
        if (m.ancillary != null) m.ancillary.release();
        return r;
    }

    /** write(2) of a stream socket: each queued chunk is copied from guest memory once. */
    @Override
    public long writeDirect(Task t, UserBuffer from, int len) {
        if (type != Sockets.SOCK_STREAM) return NO_DIRECT;
        return UnixTransfer.sendStream(this, t, (at, n) -> {
            byte[] b = chunks.take(n);
            from.copyIn(at, b, 0, n);
            return b;
        }, len, MSG_WRITE, null, null);
    }

    @Override
    public long recv(Task t, Message m) {
        if ((m.flags & Sockets.MSG_OOB) != 0) return -Errno.EINVAL;
        return UnixTransfer.receive(this, t, m);
    }

    static long release(Ancillary anc, long result) {
        if (anc != null) anc.release();
        return result;
    }

    /** Raises SIGPIPE at the writer unless MSG_NOSIGNAL (the stream's pipe_err). */
    void sigpipe(Task t, int flags) {
        if ((flags & Sockets.MSG_NOSIGNAL) == 0) domain.kernel.signals().sendToThread(t, SigInfo.kernel(Signal.SIGPIPE));
    }

    // ------------------------------------------------------------------ readiness and options

    /** unix_poll and unix_dgram_poll. */
    @Override
    public int pollMask() {
        synchronized (domain) {
            int m = 0;
            if (error != 0) m |= POLLERR;
            if (shutdown == BOTH) m |= POLLHUP;
            if ((shutdown & RCV) != 0) m |= POLLRDHUP | POLLIN | POLLRDNORM;
            if (!queue.isEmpty() || !backlog.isEmpty()) m |= POLLIN | POLLRDNORM;
            if (connectionOriented() && state == State.UNCONNECTED) m |= POLLHUP;
            boolean writable = state != State.LISTENING && inflight << 2 <= options.sndbuf;
            if (writable && type == Sockets.SOCK_DGRAM && peer != null && peer.peer != this
                    && peer.queue.count() > peer.maxBacklog) writable = false;
            if (writable) m |= POLLOUT | POLLWRNORM;
            return m;
        }
    }

    @Override
    public boolean passCredentials() {
        synchronized (domain) {
            return options.passcred;
        }
    }

    @Override
    public long getOption(Task t, int level, int name, byte[][] out) {
        if (level != Sockets.SOL_SOCKET) return -Errno.EOPNOTSUPP;
        synchronized (domain) {
            byte[] v = switch (name) {
                case Sockets.SO_TYPE -> SocketOptions.intValue(type);
                case Sockets.SO_DOMAIN -> SocketOptions.intValue(Sockets.AF_UNIX);
                case Sockets.SO_PROTOCOL -> SocketOptions.intValue(0);
                case Sockets.SO_ACCEPTCONN -> SocketOptions.intValue(state == State.LISTENING ? 1 : 0);
                case Sockets.SO_ERROR -> {
                    int e = error;
                    error = 0;
                    yield SocketOptions.intValue(e);
                }
                case Sockets.SO_PEERCRED -> peerCred.toBytes();
                case Sockets.SO_PEERNAME -> {
                    if (peer == null || state != State.CONNECTED) yield null;
                    yield peer.address == null ? UnixAddress.UNNAMED.clone() : peer.address.bytes.clone();
                }
                default -> options.get(name);
            };
            if (v == null) return name == Sockets.SO_PEERNAME ? -Errno.ENOTCONN : -Errno.ENOPROTOOPT;
            out[0] = v;
            return 0;
        }
    }

    @Override
    public long setOption(Task t, int level, int name, byte[] value) {
        if (level != Sockets.SOL_SOCKET) return -Errno.EOPNOTSUPP;
        synchronized (domain) {
            int r = options.set(name, value);
            if (r == 1) return -Errno.ENOPROTOOPT;
            if (name == Sockets.SO_SNDBUF || name == Sockets.SO_SNDBUFFORCE) waitQueue().wakeAll();
            return r;
        }
    }

    /** SIOCINQ (FIONREAD) 0x541B and SIOCOUTQ (TIOCOUTQ) 0x5411, asm-generic/ioctls.h. */
    static final int SIOCINQ = 0x541B, SIOCOUTQ = 0x5411;

    @Override
    public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
        int v;
        synchronized (domain) {
            if (request == SIOCINQ) {
                if (state == State.LISTENING) return -Errno.EINVAL;
                v = queue.readable();
            } else if (request == SIOCOUTQ) {
                v = (int) Math.max(0, inflight);
            } else {
                return -Errno.ENOTTY;
            }
        }
        c.writeInt(arg, v);
        return 0;
    }
}
