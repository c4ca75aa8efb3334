package dev.javix.kernel.net.inet;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.net.Ancillary;
import dev.javix.kernel.net.SocketFile;
import dev.javix.kernel.net.Sockets;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.SigInfo;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;

/**
 * What TCP and UDP sockets share: the family, the options, the pending error (sk_err) and the
 * socket lock. The lock is the socket object itself; it guards every field of the socket and
 * of its host-side helpers, and is held only for short non-blocking steps, never while waking
 * a wait queue (see the package's lock order).
 */
abstract class InetSocket extends SocketFile {
    /** poll(2)'s POLLWRBAND (bits/poll.h), which datagram sockets report with POLLOUT. */
    static final int POLLWRBAND = 0x200;
    /** asm-generic/ioctls.h SIOCINQ (FIONREAD) and SIOCOUTQ (TIOCOUTQ). */
    static final int SIOCINQ = 0x541B, SIOCOUTQ = 0x5411;

    final InetStack stack;
    final int family;
    // ---- guarded by this
    final InetOptions options;
    /** A pending error (sk_err), reported once by the next call or SO_ERROR. */
    int error;

    InetSocket(InetStack stack, int family, int flags, InetOptions options) {
        super(flags, stack.kernel().nextPipeId());
        this.stack = stack;
        this.family = family;
        this.options = options;
    }

    Kernel kernel() {
        return stack.kernel();
    }

    @Override
    public final int family() {
        return family;
    }

    @Override
    public boolean passCredentials() {
        return false;
    }

    /** The pending error, cleared (sock_error); 0 if none. Lock held. */
    int takeError() {
        int e = error;
        error = 0;
        return e;
    }

    /** The protocol number SO_PROTOCOL reports. */
    abstract int protocol();

    /** The host channel options go to now, or null before it exists. Lock held. */
    abstract NetworkChannel hostChannel();

    /** Whether the socket has a local port (IPV6_V6ONLY may no longer change). Lock held. */
    abstract boolean hasPort();

    /** The address of the listening/connected state SO_ACCEPTCONN and SO_PEERNAME need. Lock held. */
    abstract boolean listening();

    /** The connected peer, or null (ENOTCONN). Lock held. */
    abstract InetSocketAddress peer();

    @Override
    public final byte[] peerAddress() {
        synchronized (this) {
            InetSocketAddress p = peer();
            return p == null ? null : SockAddr.encode(family, p);
        }
    }

    @Override
    public long getOption(Task t, int level, int name, byte[][] out) {
        synchronized (this) {
            if (level == Sockets.SOL_SOCKET) {
                byte[] v = switch (name) {
                    case Sockets.SO_TYPE -> InetOptions.intValue(type());
                    case Sockets.SO_DOMAIN -> InetOptions.intValue(family);
                    case Sockets.SO_PROTOCOL -> InetOptions.intValue(protocol());
                    case Sockets.SO_ACCEPTCONN -> InetOptions.bool(listening());
                    case Sockets.SO_ERROR -> InetOptions.intValue(takeError());
                    case Sockets.SO_PEERCRED -> { // no credentials cross IP: cred_to_ucred of none, {0, -1, -1}
                        byte[] b = new byte[12];
                        InetOptions.putInt(b, 4, -1);
                        InetOptions.putInt(b, 8, -1);
                        yield b;
                    }
                    case Sockets.SO_PEERNAME -> {
                        InetSocketAddress p = peer();
                        if (p == null) yield new byte[0];
                        yield SockAddr.encode(family, p);
                    }
                    default -> null;
                };
                if (v != null) {
                    if (v.length == 0) return -Errno.ENOTCONN;
                    out[0] = v;
                    return 0;
                }
            }
            return options.get(family, level, name, out);
        }
    }

    @Override
    public long setOption(Task t, int level, int name, byte[] value) {
        synchronized (this) {
            return options.set(family, level, name, value, hasPort(), hostChannel());
        }
    }

    /** Raises SIGPIPE at t (call without the socket lock). */
    void sigpipe(Task t) {
        kernel().signals().sendToThread(t, SigInfo.kernel(Signal.SIGPIPE));
    }

    /** Inet sockets carry no SCM_RIGHTS or SCM_CREDENTIALS (__sock_cmsg_send: EINVAL). */
    static long rejectAncillary(Ancillary anc) {
        anc.release();
        return -Errno.EINVAL;
    }

    boolean nonBlocking(int msgFlags) {
        return nonBlocking() || (msgFlags & Sockets.MSG_DONTWAIT) != 0;
    }
}
