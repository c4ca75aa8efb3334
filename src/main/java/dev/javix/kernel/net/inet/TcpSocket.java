package dev.javix.kernel.net.inet;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.net.Ancillary;
import dev.javix.kernel.net.Message;
import dev.javix.kernel.net.SocketFile;
import dev.javix.kernel.net.Sockets;
import dev.javix.kernel.net.Transfer;
import dev.javix.kernel.proc.Task;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A TCP socket (tcp(7)) over a host socket, after Linux's net/ipv4/af_inet.c and tcp.c. Two
 * states are kept as Linux keeps them, because connect(2)'s answers depend on both:
 * <pre>
 *   sock state (struct socket):  UNCONNECTED --connect--> CONNECTING --(second look)--> CONNECTED
 *   TCP state (struct sock):     CLOSE --connect--> SYN_SENT --host says connected--> ESTABLISHED
 *                                CLOSE --listen--> LISTEN;    SYN_SENT/ESTABLISHED --reset/refused--> CLOSE
 * </pre>
 * Which host object stands behind the socket depends on what the guest does with it: bind(2)
 * takes the port on the host ({@link TcpPort}); connect(2) uses that host socket (or a new one)
 * and hands it to a {@link TcpStream}; listen(2) gives the port to host server sockets
 * ({@link TcpListener}).
 *
 * <p>Guarded by this object (the socket lock): every field below.
 */
final class TcpSocket extends InetSocket {
    enum SockState { UNCONNECTED, CONNECTING, CONNECTED }

    enum TcpState { CLOSE, SYN_SENT, ESTABLISHED, LISTEN }

    /** sk_shutdown bits. */
    static final int RCV = 1, SEND = 2, BOTH = 3;

    // ---- guarded by this
    SockState sockState = SockState.UNCONNECTED;
    TcpState tcpState = TcpState.CLOSE;
    int shutdown;
    /** What the guest bound (its port the real one), reported by getsockname; null if not bound. */
    private InetSocketAddress bound;
    /** The host sockets holding the bound port until connect or listen; null otherwise. */
    private TcpPort port;
    TcpStream stream;
    TcpListener listener;
    private InetSocketAddress remote;

    TcpSocket(InetStack stack, int family, int flags) {
        this(stack, family, flags, new InetOptions(true));
    }

    private TcpSocket(InetStack stack, int family, int flags, InetOptions options) {
        super(stack, family, flags, options);
    }

    /** A connection the listener l's host socket accepted: ESTABLISHED, reading at once. Called with l locked. */
    static TcpSocket accepted(TcpSocket l, SocketChannel c) {
        TcpSocket s = new TcpSocket(l.stack, l.family, 0, l.options.copy());
        synchronized (s) {
            s.sockState = SockState.CONNECTED;
            s.tcpState = TcpState.ESTABLISHED;
            try {
                s.remote = (InetSocketAddress) c.getRemoteAddress();
            } catch (IOException e) {
                s.remote = SockAddr.any(l.family, 0);
            }
            s.stream = new TcpStream(s, c, l.stack.loop());
            s.stream.register();
        }
        return s;
    }

    @Override
    public int type() {
        return Sockets.SOCK_STREAM;
    }

    @Override
    int protocol() {
        return InetStack.IPPROTO_TCP;
    }

    @Override
    NetworkChannel hostChannel() {
        return stream != null ? stream.ch : listener != null ? listener.chs[0] : port != null ? port.channel() : null;
    }

    @Override
    boolean hasPort() {
        return bound != null || stream != null || listener != null;
    }

    @Override
    boolean listening() {
        return tcpState == TcpState.LISTEN;
    }

    @Override
    InetSocketAddress peer() {
        return tcpState == TcpState.ESTABLISHED ? remote : null;
    }

    @Override
    public byte[] acceptedPeerAddress() {
        synchronized (this) {
            return remote == null ? null : SockAddr.encode(family, remote);
        }
    }

    // ------------------------------------------------------------------ names

    @Override
    public long bind(Task t, byte[] raw) {
        int[] err = new int[1];
        synchronized (this) {
            InetSocketAddress a = SockAddr.decode(family, raw, family == Sockets.AF_INET && isAnyV4(raw), err);
            if (a == null) return err[0];
            if (hasPort() || tcpState != TcpState.CLOSE) return -Errno.EINVAL;
            InetSocketAddress target = stack.bindTarget(family, a, err);
            if (target == null) return err[0];
            TcpPort p = TcpPort.bind(stack, options, family, target, a.getAddress(), err);
            if (p == null) return err[0];
            port = p;
            bound = new InetSocketAddress(a.getAddress(), p.host.getPort());
            return 0;
        }
    }

    /** inet_bind's compatibility rule: AF_UNSPEC is taken for AF_INET only with INADDR_ANY. */
    private static boolean isAnyV4(byte[] raw) {
        return raw.length >= SockAddr.SIZE_IN && raw[4] == 0 && raw[5] == 0 && raw[6] == 0 && raw[7] == 0;
    }

    @Override
    public byte[] localAddress() {
        synchronized (this) {
            if (bound != null) return SockAddr.encode(family, bound);
            NetworkChannel ch = hostChannel();
            if (ch != null && ch.isOpen()) {
                try {
                    InetSocketAddress a = (InetSocketAddress) ch.getLocalAddress();
                    if (a != null) return SockAddr.encode(family, a);
                } catch (IOException e) {
                    // closed: unbound from here on
                }
            }
            return SockAddr.encode(family, SockAddr.any(family, 0));
        }
    }

    // ------------------------------------------------------------------ listen and accept

    @Override
    public long listen(Task t, int backlog) {
        int n = Integer.compareUnsigned(backlog, Sockets.SOMAXCONN) > 0 ? Sockets.SOMAXCONN : backlog;
        synchronized (this) {
            if (sockState != SockState.UNCONNECTED) return -Errno.EINVAL;
            if (tcpState == TcpState.LISTEN) {
                listener.backlog = n;
                listener.updateInterest();
                return 0;
            }
            if (tcpState != TcpState.CLOSE || stream != null) return -Errno.EINVAL;
            int[] err = new int[1];
            ServerSocketChannel[] chs = port != null ? port.listen(family, n, err)
                    : TcpPort.autobindListen(stack, options, family, n, err); // inet_autobind: the wildcard, a free port
            port = null;
            if (chs == null) return err[0];
            int p;
            try {
                p = ((InetSocketAddress) chs[0].getLocalAddress()).getPort();
            } catch (IOException e) {
                for (ServerSocketChannel c : chs) stack.close(c);
                return -HostErrno.of(e);
            }
            bound = new InetSocketAddress(bound != null ? bound.getAddress() : SockAddr.any(family, 0).getAddress(), p);
            listener = new TcpListener(this, chs, stack.loop(), n);
            listener.register();
            tcpState = TcpState.LISTEN;
            shutdown = 0;
            return 0;
        }
    }

    @Override
    public long accept(Task t, SocketFile[] out) {
        Kernel k = kernel();
        boolean more;
        synchronized (this) {
            if (tcpState != TcpState.LISTEN) return Transfer.finish(t, -Errno.EINVAL);
            TcpSocket s = listener.take();
            if (s == null) {
                if (nonBlocking() || Transfer.expired(k, t)) return Transfer.finish(t, -Errno.EAGAIN);
                return Transfer.block(k, t, waitQueue(), options.rcvTimeoutNanos, 0);
            }
            out[0] = s;
            more = listener.hasReady(); // take() may have fetched more than one from the host
        }
        if (more) waitQueue().wakeAll();
        return Transfer.finish(t, 0);
    }

    // ------------------------------------------------------------------ connect

    @Override
    public long connect(Task t, byte[] raw) {
        Kernel k = kernel();
        if (SockAddr.family(raw) == Sockets.AF_UNSPEC && raw.length >= 2) return disconnect(t);
        int[] err = new int[1];
        synchronized (this) {
            Transfer w = Transfer.of(t);
            int errno;
            switch (sockState) {
                case CONNECTED -> {
                    return Transfer.finish(t, -Errno.EISCONN);
                }
                case CONNECTING -> errno = w != null && w.startedConnect ? Errno.EINPROGRESS : Errno.EALREADY;
                default -> {
                    if (tcpState != TcpState.CLOSE) return Transfer.finish(t, -Errno.EISCONN);
                    InetSocketAddress a = SockAddr.decode(family, raw, false, err);
                    if (a == null) return Transfer.finish(t, err[0]);
                    InetSocketAddress target = stack.connectTarget(family, a, err);
                    if (target == null) return Transfer.finish(t, err[0]);
                    long r = startConnect(target);
                    if (r < 0) return Transfer.finish(t, r);
                    errno = Errno.EINPROGRESS;
                }
            }
            if (tcpState == TcpState.SYN_SENT) {
                if (nonBlocking() || Transfer.expired(k, t)) return Transfer.finish(t, -errno);
                long r = Transfer.block(k, t, waitQueue(), options.sndTimeoutNanos, 0);
                if (errno == Errno.EINPROGRESS) Transfer.of(t).startedConnect = true;
                return r;
            }
            if (tcpState == TcpState.CLOSE) { // refused, reset or timed out: sock_error, then disconnected
                int e = takeError();
                dropConnection();
                return Transfer.finish(t, -(e != 0 ? e : Errno.ECONNABORTED));
            }
            sockState = SockState.CONNECTED;
            return Transfer.finish(t, 0);
        }
    }

    /** Opens (or reuses the bound) host channel and starts connecting it. 0 or -errno. Lock held. */
    private long startConnect(InetSocketAddress target) {
        SocketChannel ch = port != null ? port.forConnect(target) : null;
        port = null;
        boolean connected;
        try {
            if (ch == null) ch = TcpPort.open(stack, options, family);
            connected = ch.connect(target);
        } catch (IOException | RuntimeException e) {
            stack.close(ch);
            bound = null;
            return -HostErrno.of(e);
        }
        if (bound != null && bound.getAddress().isAnyLocalAddress()) bound = null; // getsockname: the source address now
        remote = target;
        stream = new TcpStream(this, ch, stack.loop());
        sockState = SockState.CONNECTING;
        tcpState = connected ? TcpState.ESTABLISHED : TcpState.SYN_SENT;
        shutdown = 0;
        stream.register();
        return 0;
    }

    /** The event thread saw the host's connect end (OP_CONNECT). Lock held. */
    void connectFinished() {
        if (tcpState != TcpState.SYN_SENT || stream == null) return;
        try {
            if (stream.ch.finishConnect()) tcpState = TcpState.ESTABLISHED;
        } catch (IOException e) {
            reset(HostErrno.of(e));
        }
    }

    /** Forgets a failed connection so that connect may start again (tcp_disconnect). Lock held. */
    private void dropConnection() {
        if (stream != null) stream.closeHost(false);
        stream = null;
        sockState = SockState.UNCONNECTED;
        tcpState = TcpState.CLOSE;
        shutdown = 0;
        bound = null;
    }

    /** connect(2) with AF_UNSPEC: drop any connection or stop listening (tcp_disconnect, abortive). */
    private long disconnect(Task t) {
        TcpSocket[] dropped = null;
        synchronized (this) {
            if (stream != null) stream.closeHost(true);
            stream = null;
            if (listener != null) dropped = listener.close();
            listener = null;
            sockState = SockState.UNCONNECTED;
            tcpState = TcpState.CLOSE;
            shutdown = 0;
        }
        if (dropped != null) for (TcpSocket s : dropped) s.abort();
        waitQueue().wakeAll();
        return Transfer.finish(t, 0);
    }

    /** The connection failed or was reset: sk_err set, both directions shut (tcp_done). Lock held. */
    void reset(int errno) {
        error = errno;
        tcpState = TcpState.CLOSE;
        shutdown = BOTH;
        if (stream != null) stream.closeHost(false);
    }

    /** The peer's FIN arrived (RCV_SHUTDOWN). Lock held. */
    void peerFinished() {
        shutdown |= RCV;
    }

    // ------------------------------------------------------------------ data

    @Override
    public long send(Task t, byte[] data, int len, int flags, byte[] raw, Ancillary anc) {
        if (anc != null) return rejectAncillary(anc);
        if ((flags & Sockets.MSG_OOB) != 0) return -Errno.EOPNOTSUPP; // urgent data cannot be sent through NIO
        long r;
        TcpStream direct = null;
        synchronized (this) {
            if (stream != null) stream.awaitDirect();
            if (len > 0 && Transfer.progress(t) == 0 && tcpState == TcpState.ESTABLISHED && (shutdown & SEND) == 0
                    && error == 0 && stream.beginDirect()) {
                direct = stream;
                r = 0;
            } else {
                r = sendLocked(t, data, len, flags, 0);
            }
        }
        if (direct != null) r = sendDirect(t, direct, data, len, flags);
        // sk_stream_error: every EPIPE of a stream send raises SIGPIPE unless MSG_NOSIGNAL (sent
        // after the socket lock is released: signal delivery wakes other queues)
        if (r == -Errno.EPIPE && (flags & Sockets.MSG_NOSIGNAL) == 0) sigpipe(t);
        return r;
    }

    /**
     * The common send: a fresh call with nothing queued writes straight to the host without the
     * socket lock (see TcpStream), then finishes under it; what the host did not take goes the
     * usual way (queued, or the caller waits for room).
     */
    private long sendDirect(Task t, TcpStream s, byte[] data, int len, int flags) {
        int n;
        IOException failure = null;
        try {
            n = s.writeDirect(data, 0, len);
        } catch (IOException e) {
            n = 0;
            failure = e;
        }
        synchronized (this) {
            s.endDirect();
            if (failure != null) { // as TcpStream.put: the connection is gone (unless a reset said so first)
                if (error == 0 && !s.hostClosed) reset(HostErrno.of(failure));
                int e = takeError();
                return Transfer.finish(t, -(e != 0 ? e : Errno.EPIPE));
            }
            if (n == len) return Transfer.finish(t, n);
            // reset or shut down meanwhile: report what went out (tcp_sendmsg returns copied)
            if (n > 0 && (tcpState != TcpState.ESTABLISHED || (shutdown & SEND) != 0 || error != 0)) {
                return Transfer.finish(t, n);
            }
            return sendLocked(t, data, len, flags, n);
        }
    }

    /** tcp_sendmsg; sent bytes of this call already went to the host. Lock held. */
    private long sendLocked(Task t, byte[] data, int len, int flags, int sent) {
        Kernel k = kernel();
        boolean nb = nonBlocking(flags);
        {
            int done = Transfer.progress(t) + sent;
            if (tcpState != TcpState.ESTABLISHED) { // sk_stream_wait_connect
                int e = takeError();
                if (e != 0) return Transfer.finish(t, -e);
                if (tcpState != TcpState.SYN_SENT) return Transfer.finish(t, -Errno.EPIPE);
                if (nb || Transfer.expired(k, t)) return Transfer.finish(t, -Errno.EAGAIN);
                return Transfer.block(k, t, waitQueue(), options.sndTimeoutNanos, 0);
            }
            if ((shutdown & SEND) != 0 || error != 0) {
                if (done > 0) return Transfer.finish(t, done);
                int e = takeError();
                return Transfer.finish(t, -(e != 0 ? e : Errno.EPIPE));
            }
            while (done < len) {
                int n = stream.put(data, done, len - done);
                if (n < 0) {
                    if (done > 0) return Transfer.finish(t, done);
                    takeError();
                    return Transfer.finish(t, n);
                }
                done += n;
                if (n == 0) {
                    if (nb || Transfer.expired(k, t) || (done > 0 && (flags & SocketFile.MSG_WRITE) != 0)) {
                        return Transfer.finish(t, done > 0 ? done : -Errno.EAGAIN);
                    }
                    return Transfer.block(k, t, waitQueue(), options.sndTimeoutNanos, done);
                }
            }
            return Transfer.finish(t, done);
        }
    }

    @Override
    public long recv(Task t, Message m) {
        if ((m.flags & Sockets.MSG_OOB) != 0) return -Errno.EINVAL; // no urgent data is ever kept
        long r;
        boolean wakeOthers;
        synchronized (this) {
            // Read what the host has now rather than wait for the event thread's round trip; what
            // this call leaves (or an EOF it met) is news for other readers, woken below.
            boolean filled = stream != null && tcpState == TcpState.ESTABLISHED && stream.available() == 0 && stream.fill();
            r = recvLocked(t, m);
            wakeOthers = filled && stream != null && (stream.available() > 0 || stream.eof || error != 0);
        }
        if (wakeOthers) waitQueue().wakeAll();
        return r;
    }

    /** tcp_recvmsg. Lock held. */
    private long recvLocked(Task t, Message m) {
        Kernel k = kernel();
        boolean peek = (m.flags & Sockets.MSG_PEEK) != 0;
        boolean nb = nonBlocking(m.flags);
        {
            if (tcpState == TcpState.LISTEN) return Transfer.finish(t, -Errno.ENOTCONN);
            int cap = m.capacity;
            if (cap == 0) return Transfer.finish(t, 0);
            int done = peek ? 0 : Transfer.progress(t); // a peek takes nothing, so it never has progress
            m.offset = done;
            int n = 0;
            if (stream != null && tcpState != TcpState.SYN_SENT) n = stream.take(m.buf, 0, cap - done, peek);
            // tcp(7) MSG_TRUNC: the bytes are consumed (or peeked) and counted but not copied out
            m.length = (m.flags & Sockets.MSG_TRUNC) != 0 ? 0 : n;
            done += n;
            boolean waitAll = (m.flags & Sockets.MSG_WAITALL) != 0;
            // sock_rcvlowat: MSG_WAITALL wants everything, otherwise SO_RCVLOWAT bytes (at most the buffer)
            int target = waitAll ? (peek ? Math.min(cap, TcpStream.BUFFER) : cap) : Math.min(options.rcvLowat, cap);
            if (done >= target) return Transfer.finish(t, done);
            if (peek && n > 0) { // fewer than wanted: return them, or wait for the target without taking any
                if (error != 0 || (shutdown & RCV) != 0 || tcpState == TcpState.CLOSE || nb || Transfer.expired(k, t)) {
                    return Transfer.finish(t, n);
                }
                m.length = 0;
                return Transfer.block(k, t, waitQueue(), options.rcvTimeoutNanos, 0);
            }
            if (done > 0) {
                if (error != 0 || (shutdown & RCV) != 0 || tcpState == TcpState.CLOSE || nb || Transfer.expired(k, t)) {
                    return Transfer.finish(t, done);
                }
                return Transfer.block(k, t, waitQueue(), options.rcvTimeoutNanos, done);
            }
            if (n == 0 && stream != null && stream.eof) return Transfer.finish(t, 0);
            int e = takeError();
            if (e != 0) return Transfer.finish(t, done > 0 ? done : -e);
            if ((shutdown & RCV) != 0) return Transfer.finish(t, done);
            if (tcpState == TcpState.CLOSE) return Transfer.finish(t, done > 0 ? done : -Errno.ENOTCONN);
            if (nb || Transfer.expired(k, t)) return Transfer.finish(t, done > 0 ? done : -Errno.EAGAIN);
            return Transfer.block(k, t, waitQueue(), options.rcvTimeoutNanos, done);
        }
    }

    // ------------------------------------------------------------------ shutdown and close

    /** inet_shutdown and tcp_shutdown. */
    @Override
    public long shutdown(Task t, int how) {
        if (how < Sockets.SHUT_RD || how > Sockets.SHUT_RDWR) return -Errno.EINVAL;
        int mode = how + 1;
        TcpSocket[] dropped = null;
        long r = 0;
        synchronized (this) {
            if (sockState == SockState.CONNECTING) {
                sockState = tcpState == TcpState.ESTABLISHED ? SockState.CONNECTED : SockState.CONNECTING;
            }
            switch (tcpState) {
                case LISTEN -> {
                    if ((mode & RCV) != 0) { // stops listening: a blocked accept sees EINVAL
                        dropped = listener.close();
                        listener = null;
                        tcpState = TcpState.CLOSE;
                        sockState = SockState.UNCONNECTED;
                    }
                }
                case SYN_SENT -> dropConnection();
                default -> {
                    if (tcpState == TcpState.CLOSE) r = -Errno.ENOTCONN;
                    int added = mode & ~shutdown;
                    shutdown |= mode;
                    if ((added & SEND) != 0 && tcpState == TcpState.ESTABLISHED && stream != null) stream.shutdownOutput();
                }
            }
        }
        if (dropped != null) for (TcpSocket s : dropped) s.abort();
        waitQueue().wakeAll();
        return r;
    }

    /** A queued connection its listener dropped: reset. */
    void abort() {
        synchronized (this) {
            if (stream != null) stream.closeHost(true);
            tcpState = TcpState.CLOSE;
        }
        close();
    }

    @Override
    protected void released() {
        TcpSocket[] dropped = null;
        synchronized (this) {
            if (listener != null) dropped = listener.close();
            if (stream != null) stream.close(options.lingerOn && options.lingerSeconds == 0);
            if (port != null) port.close();
            port = null;
            tcpState = TcpState.CLOSE;
        }
        if (dropped != null) for (TcpSocket s : dropped) s.abort();
        waitQueue().wakeAll();
    }

    // ------------------------------------------------------------------ readiness

    /** tcp_poll (inet_csk_listen_poll for a listener). */
    @Override
    public int pollMask() {
        synchronized (this) {
            if (tcpState == TcpState.LISTEN) return listener.hasReady() ? POLLIN | POLLRDNORM : 0;
            int m = 0;
            if (shutdown == BOTH || tcpState == TcpState.CLOSE) m |= POLLHUP;
            if ((shutdown & RCV) != 0) m |= POLLIN | POLLRDNORM | POLLRDHUP;
            if (tcpState != TcpState.SYN_SENT) {
                // tcp_stream_is_readable: at least SO_RCVLOWAT bytes (a full buffer counts too)
                if (stream != null && stream.available() > 0
                        && (stream.available() >= options.rcvLowat || stream.available() == TcpStream.BUFFER)) {
                    m |= POLLIN | POLLRDNORM;
                }
                if ((shutdown & SEND) != 0 || stream == null || stream.writable()) m |= POLLOUT | POLLWRNORM;
            }
            if (error != 0) m |= POLLERR;
            return m;
        }
    }

    @Override
    public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
        int v;
        synchronized (this) {
            if (request == SIOCINQ) {
                if (tcpState == TcpState.LISTEN) return -Errno.EINVAL;
                v = stream == null ? 0 : stream.available();
            } else if (request == SIOCOUTQ) {
                if (tcpState == TcpState.LISTEN) return -Errno.EINVAL;
                v = stream == null ? 0 : stream.queuedOut();
            } else {
                return -Errno.ENOTTY;
            }
        }
        c.writeInt(arg, v);
        return 0;
    }
}
