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
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;

/**
 * A UDP socket (udp(7)) over a host {@link DatagramChannel}, after net/ipv4/udp.c and
 * datagram.c. The host channel is made at bind(2), connect(2) or the first send (which binds
 * an ephemeral port, as Linux's autobind does). The event thread receives datagrams into a
 * queue bounded by SO_RCVBUF (charging each datagram its length plus {@link #OVERHEAD}, roughly
 * Linux's skb truesize); while the queue is full it stops reading and the host drops what no
 * longer fits, as a full Linux socket would. A connected socket's ICMP "port unreachable" comes
 * back as a pending ECONNREFUSED.
 *
 * <p>Guarded by this object (the socket lock).
 */
final class UdpSocket extends InetSocket implements EventLoop.Handler {
    /** What the queue charges a datagram beyond its bytes. */
    static final int OVERHEAD = 768;
    /** The largest UDP payload: 65535 less the UDP header and (for IPv4) the IP header. */
    static final int MAX_V4 = 65507, MAX_V6 = 65527;

    private record Datagram(byte[] data, InetSocketAddress from) {}

    // ---- guarded by this
    private DatagramChannel ch;
    /** The IPv4 twin of an IPv6 socket bound to :: under NetMode.LOOPBACK: 127.0.0.1 on ch's port. */
    private DatagramChannel ch4;
    private SelectionKey key, key4;
    private ByteBuffer rbuf;
    private InetSocketAddress bound;
    private InetSocketAddress remote;
    private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
    private int queuedBytes;
    private int shutdown;
    /** The host's send buffer was full on the last send: POLLOUT waits for the event thread. */
    private boolean sendBlocked;
    private boolean closed;

    UdpSocket(InetStack stack, int family, int flags) {
        super(stack, family, flags, new InetOptions(false));
    }

    @Override
    public int type() {
        return Sockets.SOCK_DGRAM;
    }

    @Override
    int protocol() {
        return InetStack.IPPROTO_UDP;
    }

    @Override
    NetworkChannel hostChannel() {
        return ch;
    }

    @Override
    boolean hasPort() {
        return ch != null;
    }

    @Override
    boolean listening() {
        return false;
    }

    @Override
    InetSocketAddress peer() {
        return remote;
    }

    /**
     * Opens the host channel bound to at (null: an ephemeral port on the wildcard, as autobind),
     * and its IPv4 twin when an IPv6 wildcard must be reachable both ways (see
     * {@link InetStack#dualStackLoopback}). Lock held.
     */
    private long open(InetSocketAddress at, java.net.InetAddress requested) {
        if (closed) return -Errno.EBADF;
        if (at == null) at = stack.bindTarget(family, SockAddr.any(family, 0), new int[1]);
        boolean twin = stack.dualStackLoopback(family, requested == null ? SockAddr.any(family, 0).getAddress() : requested,
                options.v6Only);
        for (int attempt = 0; ; attempt++) { // with port 0 the twin's port may be taken: try another
            DatagramChannel c = null, c4 = null;
            try {
                c = openChannel(family);
                c.bind(at);
                if (twin) {
                    c4 = openChannel(Sockets.AF_INET);
                    c4.bind(new InetSocketAddress(SockAddr.loopback(Sockets.AF_INET),
                            ((InetSocketAddress) c.getLocalAddress()).getPort()));
                }
            } catch (IOException | RuntimeException e) {
                stack.close(c);
                stack.close(c4);
                if (c4 != null && at.getPort() == 0 && attempt < 8) continue;
                return -HostErrno.of(e);
            }
            ch = c;
            ch4 = c4;
            rbuf = ByteBuffer.allocateDirect(MAX_V6 + 8);
            EventLoop loop = stack.loop();
            if (loop != null) {
                loop.register(c, 0, this);
                if (c4 != null) loop.register(c4, 0, this);
            }
            return 0;
        }
    }

    private DatagramChannel openChannel(int fam) throws IOException {
        DatagramChannel c = stack.opened(DatagramChannel.open(InetStack.protocolFamily(fam)));
        c.configureBlocking(false);
        options.applyAll(c);
        return c;
    }

    /** The host channel that talks to a (the twin for an IPv4 peer). Lock held. */
    private DatagramChannel channelFor(InetSocketAddress a) {
        return ch4 != null && a != null && a.getAddress() instanceof java.net.Inet4Address ? ch4 : ch;
    }

    @Override
    public void registered(SelectionKey k) {
        if (k == null) return;
        synchronized (this) {
            if (k.channel() == ch4) key4 = k;
            else key = k;
            updateInterest();
        }
    }

    @Override
    public void ready(SelectionKey k) {
        boolean changed;
        synchronized (this) {
            changed = fill();
            if ((k.readyOps() & SelectionKey.OP_WRITE) != 0) {
                sendBlocked = false;
                changed = true;
            }
            updateInterest();
        }
        if (changed) waitQueue().wakeAll();
    }

    private boolean full() {
        return queuedBytes >= options.rcvbuf;
    }

    private void updateInterest() {
        EventLoop loop = stack.loop();
        if (loop == null) return;
        int ops = (closed || full() ? 0 : SelectionKey.OP_READ) | (sendBlocked ? SelectionKey.OP_WRITE : 0);
        if (key != null) loop.interest(key, ops);
        if (key4 != null) loop.interest(key4, ops);
    }

    /** Receives what the host has queued while there is room. True if anything changed. Lock held. */
    private boolean fill() {
        boolean changed = fill(ch);
        return ch4 != null ? fill(ch4) || changed : changed;
    }

    private boolean fill(DatagramChannel ch) {
        if (ch == null || closed) return false;
        boolean changed = false;
        while (!full()) {
            rbuf.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) ch.receive(rbuf);
            } catch (PortUnreachableException e) {
                error = Errno.ECONNREFUSED;
                return true;
            } catch (IOException e) {
                error = HostErrno.of(e);
                return true;
            }
            if (from == null) break;
            if (remote != null && !from.equals(remote)) continue; // connected: only the peer's (the twin is not host-connected)
            rbuf.flip();
            byte[] d = new byte[rbuf.remaining()];
            rbuf.get(d);
            queue.add(new Datagram(d, from));
            queuedBytes += d.length + OVERHEAD;
            changed = true;
        }
        return changed;
    }

    // ------------------------------------------------------------------ names

    @Override
    public long bind(Task t, byte[] raw) {
        int[] err = new int[1];
        synchronized (this) {
            boolean anyV4 = raw.length >= SockAddr.SIZE_IN && raw[4] == 0 && raw[5] == 0 && raw[6] == 0 && raw[7] == 0;
            InetSocketAddress a = SockAddr.decode(family, raw, family == Sockets.AF_INET && anyV4, err);
            if (a == null) return err[0];
            if (ch != null) return -Errno.EINVAL;
            InetSocketAddress target = stack.bindTarget(family, a, err);
            if (target == null) return err[0];
            long r = open(target, a.getAddress());
            if (r < 0) return r;
            bound = new InetSocketAddress(a.getAddress(), localPort());
            return 0;
        }
    }

    private int localPort() {
        try {
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public byte[] localAddress() {
        synchronized (this) {
            if (bound != null) return SockAddr.encode(family, bound);
            if (ch != null) {
                try {
                    InetSocketAddress a = (InetSocketAddress) channelFor(remote).getLocalAddress();
                    if (a != null) return SockAddr.encode(family, a);
                } catch (IOException e) {
                    // closed
                }
            }
            return SockAddr.encode(family, SockAddr.any(family, 0));
        }
    }

    @Override
    public long listen(Task t, int backlog) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public long accept(Task t, SocketFile[] out) {
        return -Errno.EOPNOTSUPP;
    }

    /** Undoes a host connect (udp_disconnect). Lock held. */
    private void disconnectHost() {
        for (DatagramChannel c : new DatagramChannel[] {ch, ch4}) {
            if (c == null || !c.isConnected()) continue;
            try {
                c.disconnect();
            } catch (IOException e) {
                // stays as it is
            }
        }
    }

    /** ip4_datagram_connect / ip6_datagram_connect: the default destination and the only source. */
    @Override
    public long connect(Task t, byte[] raw) {
        int[] err = new int[1];
        synchronized (this) {
            if (SockAddr.family(raw) == Sockets.AF_UNSPEC && raw.length >= 2) { // udp_disconnect
                remote = null;
                disconnectHost();
                return 0;
            }
            InetSocketAddress a = SockAddr.decode(family, raw, false, err);
            if (a == null) return err[0];
            InetSocketAddress target = stack.connectTarget(family, a, err);
            if (target == null) return err[0];
            if (ch == null) {
                long r = open(null, null);
                if (r < 0) return r;
            }
            try {
                disconnectHost();
                channelFor(target).connect(target);
            } catch (IOException | RuntimeException e) {
                return -HostErrno.of(e);
            }
            remote = target;
            if (bound != null && bound.getAddress().isAnyLocalAddress()) bound = null; // getsockname: the route's source now
            error = 0;
            return 0;
        }
    }

    // ------------------------------------------------------------------ data

    @Override
    public long send(Task t, byte[] data, int len, int flags, byte[] raw, Ancillary anc) {
        if (anc != null) return rejectAncillary(anc);
        if ((flags & Sockets.MSG_OOB) != 0) return -Errno.EOPNOTSUPP;
        Kernel k = kernel();
        int[] err = new int[1];
        synchronized (this) {
            InetSocketAddress target;
            InetSocketAddress a = raw == null ? null : destination(raw, err);
            if (a == null && err[0] != 0) return Transfer.finish(t, err[0]);
            if (a != null) {
                target = stack.connectTarget(family, a, err);
                if (target == null) return Transfer.finish(t, err[0]);
            } else {
                if (remote == null) return Transfer.finish(t, -Errno.EDESTADDRREQ);
                target = remote;
            }
            if (len > (family == Sockets.AF_INET ? MAX_V4 : MAX_V6)) return Transfer.finish(t, -Errno.EMSGSIZE);
            if ((shutdown & TcpSocket.SEND) != 0) return Transfer.finish(t, -Errno.EPIPE);
            int e = takeError();
            if (e != 0) return Transfer.finish(t, -e);
            if (ch == null) {
                long r = open(null, null);
                if (r < 0) return Transfer.finish(t, r);
                bound = SockAddr.any(family, localPort()); // inet_autobind: the wildcard address, a free port
            }
            int n;
            try {
                ByteBuffer b = ByteBuffer.wrap(data, 0, len);
                DatagramChannel out = channelFor(target);
                if (!out.isConnected()) {
                    n = out.send(b, target);
                } else if (target.equals(remote)) {
                    n = out.write(b);
                } else { // Linux sends elsewhere too; a host channel only to its peer, so step out of the connection
                    out.disconnect();
                    try {
                        n = out.send(b, target);
                    } finally {
                        out.connect(remote);
                    }
                }
                if (n == 0 && len > 0) n = -1; // (an empty datagram is sent as 0 bytes)
            } catch (PortUnreachableException ex) {
                return Transfer.finish(t, -Errno.ECONNREFUSED);
            } catch (IOException | RuntimeException ex) {
                return Transfer.finish(t, -HostErrno.of(ex));
            }
            if (n < 0) { // the host's send buffer is full
                sendBlocked = true;
                updateInterest();
                if (nonBlocking(flags) || Transfer.expired(k, t)) return Transfer.finish(t, -Errno.EAGAIN);
                return Transfer.block(k, t, waitQueue(), options.sndTimeoutNanos, 0);
            }
            return Transfer.finish(t, len);
        }
    }

    /**
     * A sendto destination (udp_sendmsg, udpv6_sendmsg): null with err[0] 0 for AF_UNSPEC on an
     * IPv6 socket (no address given). An IPv6 socket also sends to a sockaddr_in, over IPv4.
     */
    private InetSocketAddress destination(byte[] raw, int[] err) {
        if (family == Sockets.AF_INET) return SockAddr.decode(family, raw, true, err);
        if (raw.length < 2) {
            err[0] = -Errno.EINVAL;
            return null;
        }
        return switch (SockAddr.family(raw)) {
            case Sockets.AF_INET6 -> SockAddr.decode(family, raw, false, err);
            case Sockets.AF_INET -> SockAddr.decode(Sockets.AF_INET, raw, false, err);
            case Sockets.AF_UNSPEC -> null;
            default -> {
                err[0] = -Errno.EINVAL;
                yield null;
            }
        };
    }

    @Override
    public long recv(Task t, Message m) {
        if ((m.flags & Sockets.MSG_OOB) != 0) return -Errno.EINVAL;
        Kernel k = kernel();
        boolean peek = (m.flags & Sockets.MSG_PEEK) != 0;
        boolean wakeOthers = false;
        long r;
        synchronized (this) {
            boolean filled = queue.isEmpty() && fill();
            Datagram d = peek ? queue.peekFirst() : queue.pollFirst();
            if (d == null) {
                int e = takeError();
                if (e != 0) r = Transfer.finish(t, -e);
                else if ((shutdown & TcpSocket.RCV) != 0) r = Transfer.finish(t, 0);
                else if (nonBlocking(m.flags) || Transfer.expired(k, t)) r = Transfer.finish(t, -Errno.EAGAIN);
                else r = Transfer.block(k, t, waitQueue(), options.rcvTimeoutNanos, 0);
            } else {
                if (!peek) {
                    boolean wasFull = full();
                    queuedBytes -= d.data.length + OVERHEAD;
                    if (wasFull) updateInterest();
                }
                int n = Math.min(m.capacity, d.data.length);
                System.arraycopy(d.data, 0, m.buf, 0, n);
                m.length = n;
                m.offset = 0;
                if (n < d.data.length) m.msgFlags |= Sockets.MSG_TRUNC;
                m.from = SockAddr.encode(family, d.from);
                r = Transfer.finish(t, (m.flags & Sockets.MSG_TRUNC) != 0 ? d.data.length : n);
            }
            wakeOthers = filled && !queue.isEmpty();
        }
        if (wakeOthers) waitQueue().wakeAll();
        return r;
    }

    /** inet_shutdown: an unconnected socket answers ENOTCONN but still marks the directions shut (and wakes waiters). */
    @Override
    public long shutdown(Task t, int how) {
        if (how < Sockets.SHUT_RD || how > Sockets.SHUT_RDWR) return -Errno.EINVAL;
        long r;
        synchronized (this) {
            r = remote == null ? -Errno.ENOTCONN : 0;
            shutdown |= how + 1;
        }
        waitQueue().wakeAll();
        return r;
    }

    @Override
    protected void released() {
        synchronized (this) {
            closed = true;
            queue.clear();
            queuedBytes = 0;
            stack.close(ch);
            stack.close(ch4);
        }
        waitQueue().wakeAll();
    }

    /** datagram_poll. */
    @Override
    public int pollMask() {
        synchronized (this) {
            int m = 0;
            if (error != 0) m |= POLLERR;
            if ((shutdown & TcpSocket.RCV) != 0) m |= POLLRDHUP | POLLIN | POLLRDNORM;
            if (shutdown == TcpSocket.BOTH) m |= POLLHUP;
            if (!queue.isEmpty()) m |= POLLIN | POLLRDNORM;
            if (!sendBlocked) m |= POLLOUT | POLLWRNORM | POLLWRBAND;
            return m;
        }
    }

    @Override
    public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
        int v;
        synchronized (this) {
            if (request == SIOCINQ) {
                Datagram d = queue.peekFirst();
                v = d == null ? 0 : d.data.length;
            } else if (request == SIOCOUTQ) {
                v = 0;
            } else {
                return -Errno.ENOTTY;
            }
        }
        c.writeInt(arg, v);
        return 0;
    }
}
