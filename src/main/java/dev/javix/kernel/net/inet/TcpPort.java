package dev.javix.kernel.net.inet;

import dev.javix.abi.Errno;
import dev.javix.kernel.net.Sockets;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The host side of a TCP socket's local port between bind(2) and connect(2) or listen(2).
 * bind takes the port on the host at once (a bound, unconnected host socket), so EADDRINUSE and
 * getsockname's port are known when Linux knows them; connect then uses that host socket, and
 * listen gives the port to host server sockets (the bound socket is closed and the port bound
 * again at once; listen answers EADDRINUSE if the host gave it away in between, as listen(2) may).
 * An IPv6 wildcard under {@code NetMode.LOOPBACK} holds a twin on 127.0.0.1 with the same port
 * (see {@link InetStack#dualStackLoopback}).
 *
 * <p>Guarded by the owning socket's lock.
 */
final class TcpPort {
    private final InetStack stack;
    private final InetOptions options;
    /** The host address of the port (the loopback under LOOPBACK for a wildcard). */
    final InetSocketAddress host;
    private SocketChannel channel;
    private SocketChannel twin;

    private TcpPort(InetStack stack, InetOptions options, InetSocketAddress host, SocketChannel channel, SocketChannel twin) {
        this.stack = stack;
        this.options = options;
        this.host = host;
        this.channel = channel;
        this.twin = twin;
    }

    /**
     * Binds a host socket of family to target (the policy's address for what the guest asked,
     * requested), with its twin when needed. The port, or -errno in err[0].
     */
    static TcpPort bind(InetStack stack, InetOptions options, int family, InetSocketAddress target,
            java.net.InetAddress requested, int[] err) {
        boolean dual = stack.dualStackLoopback(family, requested, options.v6Only);
        // The host may give the twin's port to someone else: with port 0, try other ports.
        for (int attempt = 0; ; attempt++) {
            SocketChannel ch = null, ch4 = null;
            try {
                ch = open(stack, options, family);
                ch.bind(target);
                InetSocketAddress host = (InetSocketAddress) ch.getLocalAddress();
                if (dual) {
                    ch4 = open(stack, options, Sockets.AF_INET);
                    ch4.bind(new InetSocketAddress(SockAddr.loopback(Sockets.AF_INET), host.getPort()));
                }
                return new TcpPort(stack, options, host, ch, ch4);
            } catch (IOException | RuntimeException e) {
                stack.close(ch);
                stack.close(ch4);
                if (ch4 != null && target.getPort() == 0 && attempt < 8) continue;
                err[0] = -HostErrno.of(e);
                return null;
            }
        }
    }

    /** A new non-blocking host socket of family with the guest's options. */
    static SocketChannel open(InetStack stack, InetOptions options, int family) throws IOException {
        SocketChannel ch = stack.opened(SocketChannel.open(InetStack.protocolFamily(family)));
        try {
            ch.configureBlocking(false);
            options.applyAll(ch);
        } catch (IOException | RuntimeException e) {
            stack.close(ch);
            throw e;
        }
        return ch;
    }

    /** The bound host socket options go to (null once handed on). */
    SocketChannel channel() {
        return channel;
    }

    /** The host socket to connect to target from: the twin for an IPv4 peer. The port's other sockets close. */
    SocketChannel forConnect(InetSocketAddress target) {
        SocketChannel use = twin != null && target.getAddress() instanceof Inet4Address ? twin : channel;
        if (use != channel) stack.close(channel);
        if (use != twin) stack.close(twin);
        channel = twin = null;
        return use;
    }

    /**
     * Gives the port to host server sockets (the port's own and its twin's). Returns them, or
     * null with -errno in err[0] (EADDRINUSE if the port was taken meanwhile).
     */
    ServerSocketChannel[] listen(int family, int backlog, int[] err) {
        boolean dual = twin != null;
        close();
        ServerSocketChannel ch = null, ch4 = null;
        try {
            ch = openServer(family, host, backlog);
            if (dual) {
                ch4 = openServer(Sockets.AF_INET, new InetSocketAddress(SockAddr.loopback(Sockets.AF_INET),
                        ((InetSocketAddress) ch.getLocalAddress()).getPort()), backlog);
            }
        } catch (IOException | RuntimeException e) {
            stack.close(ch);
            stack.close(ch4);
            int errno = HostErrno.of(e);
            err[0] = -(errno == Errno.EINVAL ? Errno.EADDRINUSE : errno);
            return null;
        }
        return ch4 == null ? new ServerSocketChannel[] {ch} : new ServerSocketChannel[] {ch, ch4};
    }

    /** listen(2) without bind (inet_autobind): server sockets on the wildcard's host address, a free port. */
    static ServerSocketChannel[] autobindListen(InetStack stack, InetOptions options, int family, int backlog, int[] err) {
        InetSocketAddress any = SockAddr.any(family, 0);
        TcpPort p = bind(stack, options, family, stack.bindTarget(family, any, new int[1]), any.getAddress(), err);
        return p == null ? null : p.listen(family, backlog, err);
    }

    private ServerSocketChannel openServer(int fam, InetSocketAddress at, int backlog) throws IOException {
        ServerSocketChannel ch = stack.opened(ServerSocketChannel.open(InetStack.protocolFamily(fam)));
        try {
            ch.configureBlocking(false);
            options.applyAll(ch);
            ch.bind(at, Math.max(backlog, 1));
        } catch (IOException | RuntimeException e) {
            stack.close(ch);
            throw e;
        }
        return ch;
    }

    /** Releases the port's host sockets. */
    void close() {
        stack.close(channel);
        stack.close(twin);
        channel = twin = null;
    }
}
