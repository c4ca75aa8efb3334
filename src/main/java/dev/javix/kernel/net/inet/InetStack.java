package dev.javix.kernel.net.inet;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig.NetMode;
import dev.javix.kernel.net.SocketFile;
import dev.javix.kernel.net.Sockets;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kernel's IPv4 and IPv6 (the AF_INET and AF_INET6 families): socket(2)'s checks and
 * creation, the reach policy of {@link NetMode}, and the event thread, which is started with
 * the first inet socket and stopped with the kernel ({@link #close}).
 *
 * <p>Policy under {@link NetMode#LOOPBACK} (the default): a guest may bind and connect only on
 * the host's loopback. A bind to the wildcard address (0.0.0.0, ::) binds the loopback address
 * of the family (127.0.0.1, ::1) on the host, though getsockname still reports the wildcard the
 * guest asked for (an AF_INET6 socket bound to :: also takes 127.0.0.1 on the same port, so
 * IPv4 peers reach it as they would a dual-stack socket; see {@link TcpListener}); a bind
 * to another non-loopback address answers EADDRNOTAVAIL (as if it were
 * not an address of this machine); a connect or sendto to a non-loopback address answers
 * ENETUNREACH (as if there were no route). {@link NetMode#HOST} passes addresses through as
 * they are; {@link NetMode#NONE} makes socket(AF_INET/AF_INET6) answer EAFNOSUPPORT, as a
 * kernel built without IP would. A connect to the wildcard address reaches the local host (as
 * on Linux) in every mode.
 */
public final class InetStack {
    /** IPPROTO_TCP and IPPROTO_UDP, the protocols socket(2) may name (0 picks the type's default). */
    static final int IPPROTO_TCP = 6, IPPROTO_UDP = 17;

    private final Kernel kernel;
    private final NetMode mode;
    /** Host channels not yet closed: all closed with the kernel. */
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    // ---- guarded by this
    private EventLoop loop;
    private boolean closed;
    /** loop, for the scheduler's unlocked look (written under this; cleared when closing). */
    private volatile EventLoop running;

    public InetStack(Kernel kernel) {
        this.kernel = kernel;
        this.mode = kernel.config().net();
    }

    Kernel kernel() {
        return kernel;
    }

    /** Whether any host socket is open: host events (data, connections) may still wake a task. */
    public boolean hostSocketsOpen() {
        return !open.isEmpty();
    }

    /**
     * socket(2)'s checks for AF_INET and AF_INET6 (net/ipv4/af_inet.c inet_create): 0 or -errno.
     * SOCK_STREAM takes protocol 0 or IPPROTO_TCP, SOCK_DGRAM 0 or IPPROTO_UDP (EPROTONOSUPPORT
     * otherwise); SOCK_RAW needs CAP_NET_RAW (EPERM) and is not bridged (EPROTONOSUPPORT); other
     * types have no inet protocol (ESOCKTNOSUPPORT).
     */
    public int check(int type, int protocol, boolean privileged) {
        if (mode == NetMode.NONE) return -Errno.EAFNOSUPPORT;
        return switch (type) {
            case Sockets.SOCK_STREAM -> protocol == 0 || protocol == IPPROTO_TCP ? 0 : -Errno.EPROTONOSUPPORT;
            case Sockets.SOCK_DGRAM -> protocol == 0 || protocol == IPPROTO_UDP ? 0 : -Errno.EPROTONOSUPPORT;
            case Sockets.SOCK_RAW -> privileged ? -Errno.EPROTONOSUPPORT : -Errno.EPERM;
            default -> -Errno.ESOCKTNOSUPPORT;
        };
    }

    /** socket(2) after {@link #check}: type may carry SOCK_NONBLOCK. */
    public SocketFile create(int family, int type) {
        int flags = type & Sockets.SOCK_NONBLOCK;
        return (type & Sockets.SOCK_TYPE_MASK) == Sockets.SOCK_STREAM ? new TcpSocket(this, family, flags)
                : new UdpSocket(this, family, flags);
    }

    /** The event thread, started on first use; null once the kernel is closing. */
    synchronized EventLoop loop() {
        if (loop == null && !closed) {
            try {
                loop = new EventLoop(kernel, "javix-net");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // no selector on this host: nothing can work
            }
            running = loop;
        }
        return loop;
    }

    /** An idle virtual CPU's turn at the network (see EventLoop): rounds of polling, then end. */
    public interface CpuPoll {
        /**
         * Waits up to timeoutMillis (0: not at all) for host events and handles them (waking
         * tasks). Returns how many channels had events.
         */
        int poll(long timeoutMillis);

        /**
         * Gives the role back. busy: the polls saw several channels with events, so more are
         * likely while this CPU runs guest code, and the event thread takes over at once
         * rather than after its standby (the network is read in parallel with the guest).
         */
        void end(boolean busy);
    }

    /**
     * Lets the calling idle virtual CPU poll the network in the event thread's place, or null
     * if it may not: no inet socket was made yet (no event thread), the kernel is closing, or
     * another CPU polls.
     */
    public CpuPoll beginCpuPoll() {
        EventLoop l = running;
        return l != null && l.beginCpuPoll() ? l : null;
    }

    /** Whether the calling thread polls the network now (the event thread, or a CPU in its place). */
    public boolean onNetworkThread() {
        EventLoop l = running;
        return l != null && l.onLoopThread();
    }

    /** A task was queued for the CPUs: wakes a CPU waiting in the selector, if one is. */
    public void wakeCpuPoller() {
        EventLoop l = running;
        if (l != null) l.wakeCpuPoller();
    }

    static ProtocolFamily protocolFamily(int family) {
        return family == Sockets.AF_INET ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /** Remembers a host channel so that the kernel's close closes it. */
    <C extends Channel> C opened(C ch) {
        open.add(ch);
        return ch;
    }

    /** Closes a host channel and wakes the selector (a registered channel is closed by it). */
    void close(Channel ch) {
        if (ch == null) return;
        open.remove(ch);
        try {
            ch.close();
        } catch (IOException e) {
            // closed anyway
        }
        EventLoop l;
        synchronized (this) {
            l = loop;
        }
        if (l != null) l.wakeup();
    }

    /**
     * The host address a bind to a lands on, or null with -errno in err[0]: under LOOPBACK the
     * wildcard becomes the family's loopback and other non-loopback addresses are EADDRNOTAVAIL.
     */
    InetSocketAddress bindTarget(int family, InetSocketAddress a, int[] err) {
        InetAddress ip = a.getAddress();
        if (mode != NetMode.LOOPBACK) return a;
        if (ip.isAnyLocalAddress()) {
            InetAddress lo = ip instanceof Inet4Address && family == Sockets.AF_INET6
                    ? SockAddr.loopback(Sockets.AF_INET) : SockAddr.loopback(family);
            return new InetSocketAddress(lo, a.getPort());
        }
        if (ip.isLoopbackAddress()) return a;
        err[0] = -Errno.EADDRNOTAVAIL;
        return null;
    }

    /**
     * Whether a bind of an AF_INET6 socket to ip also takes 127.0.0.1 on the same port: the
     * wildcard under LOOPBACK, where the host socket is on ::1, unless the socket is IPv6-only.
     */
    boolean dualStackLoopback(int family, InetAddress ip, boolean v6Only) {
        return mode == NetMode.LOOPBACK && family == Sockets.AF_INET6 && !v6Only
                && ip instanceof java.net.Inet6Address && ip.isAnyLocalAddress();
    }

    /**
     * The host address a connect or sendto to a goes to, or null with -errno in err[0]: the
     * wildcard means this host's loopback; under LOOPBACK anything else that is not loopback is
     * ENETUNREACH.
     */
    InetSocketAddress connectTarget(int family, InetSocketAddress a, int[] err) {
        InetAddress ip = a.getAddress();
        if (ip.isAnyLocalAddress()) {
            int fam = ip instanceof Inet4Address ? Sockets.AF_INET : family;
            return new InetSocketAddress(SockAddr.loopback(fam), a.getPort());
        }
        if (mode == NetMode.LOOPBACK && !ip.isLoopbackAddress()) {
            err[0] = -Errno.ENETUNREACH;
            return null;
        }
        return a;
    }

    /** Stops the event thread and closes every host channel (the kernel is shutting down). */
    public void close() {
        EventLoop l;
        synchronized (this) {
            closed = true;
            l = loop;
            loop = null;
            running = null;
        }
        for (Channel ch : open) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        open.clear();
        if (l != null) l.close();
    }
}
