package dev.javix.kernel.net.inet;

import dev.javix.abi.Errno;
import dev.javix.kernel.net.Sockets;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

/**
 * The options of an inet socket as the guest sees them (socket(7), ip(7), ipv6(7), tcp(7)),
 * with Linux's encodings and checks, and the subset that is passed on to the host channel:
 * SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_BROADCAST, SO_RCVBUF/SO_SNDBUF (the guest's
 * value; the host doubles it as Linux does), TCP_NODELAY, IP_TOS and an abortive SO_LINGER
 * (l_onoff 1, l_linger 0: close sends a reset). A lingering close with a timeout is kept and
 * reported but not passed on (a host close must never wait); TCP keep-alive timings, TCP_CORK,
 * TCP_QUICKACK, TCP_MAXSEG (reported as set, else TCP_MSS_DEFAULT, also once connected), IP_TTL,
 * IPV6_V6ONLY and IPV6_UNICAST_HOPS are kept and reported only.
 *
 * <p>Guarded by the owning socket's lock.
 */
final class InetOptions {
    // Levels, netinet/in.h: "IPPROTO_IP = 0", "IPPROTO_TCP = 6", "IPPROTO_UDP = 17", "IPPROTO_IPV6 = 41".
    static final int IPPROTO_IP = 0, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_IPV6 = 41;
    // bits/in.h: "#define IP_TOS 1", "#define IP_TTL 2"; "#define IPV6_UNICAST_HOPS 16", "#define IPV6_V6ONLY 26".
    static final int IP_TOS = 1, IP_TTL = 2, IPV6_UNICAST_HOPS = 16, IPV6_V6ONLY = 26;
    // netinet/tcp.h: "#define TCP_NODELAY 1", TCP_MAXSEG 2, TCP_CORK 3, TCP_KEEPIDLE 4, TCP_KEEPINTVL 5, TCP_KEEPCNT 6.
    static final int TCP_NODELAY = 1, TCP_MAXSEG = 2, TCP_CORK = 3, TCP_KEEPIDLE = 4, TCP_KEEPINTVL = 5, TCP_KEEPCNT = 6,
            TCP_QUICKACK = 12;
    /** TCP_MSS_DEFAULT (536, what TCP_MAXSEG reports before a connection), TCP_MIN_MSS 88, MAX_TCP_WINDOW 32767. */
    static final int MSS_DEFAULT = 536, MIN_MSS = 88, MAX_USER_MSS = 32767;
    /** include/net/tcp.h MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL (32767 s) and MAX_TCP_KEEPCNT (127). */
    static final int MAX_KEEP_TIME = 32767, MAX_KEEPCNT = 127;
    /** net.core.rmem_max = wmem_max = 212992 (also the datagram default); tcp_wmem[1] 16384, tcp_rmem[1] 131072. */
    static final int CORE_MAX = 212992, TCP_SNDBUF = 16384, TCP_RCVBUF = 131072;
    /** SOCK_MIN_SNDBUF and SOCK_MIN_RCVBUF on 64-bit Linux. */
    static final int MIN_SNDBUF = 4608, MIN_RCVBUF = 2304;
    static final int TIMEVAL_SIZE = 16;

    private final boolean stream;
    boolean reuseAddr, reusePort, keepAlive, broadcast, oobInline, debug, dontRoute, noDelay, v6Only, cork;
    boolean quickAck = true;
    /** TCP_MAXSEG set by the guest (0: none). */
    int userMss;
    int priority, rcvLowat = 1;
    int sndbuf, rcvbuf;
    boolean lingerOn;
    int lingerSeconds;
    long rcvTimeoutNanos, sndTimeoutNanos;
    int keepIdle = 7200, keepIntvl = 75, keepCnt = 9, ttl = -1, tos, unicastHops = -1;

    InetOptions(boolean stream) {
        this.stream = stream;
        sndbuf = stream ? TCP_SNDBUF : CORE_MAX;
        rcvbuf = stream ? TCP_RCVBUF : CORE_MAX;
    }

    /** What an accepted socket inherits from its listener (sk_clone_lock copies the sock). */
    InetOptions copy() {
        InetOptions o = new InetOptions(stream);
        o.reuseAddr = reuseAddr;
        o.reusePort = reusePort;
        o.keepAlive = keepAlive;
        o.oobInline = oobInline;
        o.debug = debug;
        o.dontRoute = dontRoute;
        o.noDelay = noDelay;
        o.cork = cork;
        o.quickAck = quickAck;
        o.userMss = userMss;
        o.v6Only = v6Only;
        o.priority = priority;
        o.rcvLowat = rcvLowat;
        o.sndbuf = sndbuf;
        o.rcvbuf = rcvbuf;
        o.lingerOn = lingerOn;
        o.lingerSeconds = lingerSeconds;
        o.rcvTimeoutNanos = rcvTimeoutNanos;
        o.sndTimeoutNanos = sndTimeoutNanos;
        o.keepIdle = keepIdle;
        o.keepIntvl = keepIntvl;
        o.keepCnt = keepCnt;
        o.ttl = ttl;
        o.tos = tos;
        o.unicastHops = unicastHops;
        return o;
    }

    /** getsockopt of the options kept here: the value in out[0], or -errno (ENOPROTOOPT if unknown). */
    long get(int family, int level, int name, byte[][] out) {
        byte[] v = switch (level) {
            case Sockets.SOL_SOCKET -> switch (name) {
                case Sockets.SO_REUSEADDR -> bool(reuseAddr);
                case Sockets.SO_REUSEPORT -> bool(reusePort);
                case Sockets.SO_KEEPALIVE -> bool(keepAlive);
                case Sockets.SO_BROADCAST -> bool(broadcast);
                case Sockets.SO_OOBINLINE -> bool(oobInline);
                case Sockets.SO_DEBUG -> bool(debug);
                case Sockets.SO_DONTROUTE -> bool(dontRoute);
                case Sockets.SO_PRIORITY -> intValue(priority);
                case Sockets.SO_RCVLOWAT -> intValue(rcvLowat);
                case Sockets.SO_SNDLOWAT -> intValue(1);
                case Sockets.SO_SNDBUF -> intValue(sndbuf);
                case Sockets.SO_RCVBUF -> intValue(rcvbuf);
                case Sockets.SO_PASSCRED -> intValue(0);
                case Sockets.SO_RCVTIMEO_OLD, Sockets.SO_RCVTIMEO_NEW -> timeval(rcvTimeoutNanos);
                case Sockets.SO_SNDTIMEO_OLD, Sockets.SO_SNDTIMEO_NEW -> timeval(sndTimeoutNanos);
                case Sockets.SO_LINGER -> {
                    byte[] b = new byte[8];
                    putInt(b, 0, lingerOn ? 1 : 0);
                    putInt(b, 4, lingerSeconds);
                    yield b;
                }
                default -> null;
            };
            case IPPROTO_TCP -> !stream ? null : switch (name) {
                case TCP_NODELAY -> bool(noDelay);
                case TCP_CORK -> bool(cork);
                case TCP_QUICKACK -> bool(quickAck);
                case TCP_MAXSEG -> intValue(userMss != 0 ? userMss : MSS_DEFAULT);
                case TCP_KEEPIDLE -> intValue(keepIdle);
                case TCP_KEEPINTVL -> intValue(keepIntvl);
                case TCP_KEEPCNT -> intValue(keepCnt);
                default -> null;
            };
            case IPPROTO_IP -> switch (name) {
                case IP_TTL -> intValue(ttl < 0 ? 64 : ttl);
                case IP_TOS -> intValue(tos);
                default -> null;
            };
            case IPPROTO_IPV6 -> family != Sockets.AF_INET6 ? null : switch (name) {
                case IPV6_V6ONLY -> bool(v6Only);
                case IPV6_UNICAST_HOPS -> intValue(unicastHops < 0 ? 64 : unicastHops);
                default -> null;
            };
            default -> null;
        };
        if (v != null) {
            out[0] = v;
            return 0;
        }
        // An option of a level the protocol chain knows is ENOPROTOOPT; a level nobody on the
        // chain knows ends in ip_getsockopt (EOPNOTSUPP) for IPv4, ipv6_getsockopt (ENOPROTOOPT) for IPv6.
        boolean levelKnown = level == Sockets.SOL_SOCKET || level == IPPROTO_IP
                || level == (stream ? IPPROTO_TCP : IPPROTO_UDP) || (level == IPPROTO_IPV6 && family == Sockets.AF_INET6);
        return levelKnown || family == Sockets.AF_INET6 ? -Errno.ENOPROTOOPT : -Errno.EOPNOTSUPP;
    }

    /**
     * setsockopt of the options kept here: 0 or -errno. bound tells whether the socket has a
     * local port (IPV6_V6ONLY may only change before). ch, if not null, receives the host part.
     */
    long set(int family, int level, int name, byte[] v, boolean bound, NetworkChannel ch) {
        if (level == Sockets.SOL_SOCKET && (name == Sockets.SO_RCVTIMEO_OLD || name == Sockets.SO_RCVTIMEO_NEW
                || name == Sockets.SO_SNDTIMEO_OLD || name == Sockets.SO_SNDTIMEO_NEW)) {
            return setTimeout(name, v);
        }
        if (level == Sockets.SOL_SOCKET && name == Sockets.SO_LINGER) {
            if (v.length < 8) return -Errno.EINVAL;
            lingerOn = getInt(v, 0) != 0;
            lingerSeconds = getInt(v, 4);
            applyLinger(ch);
            return 0;
        }
        if (v.length < 4) return -Errno.EINVAL;
        int x = getInt(v, 0);
        boolean on = x != 0;
        switch (level) {
            case Sockets.SOL_SOCKET -> {
                switch (name) {
                    case Sockets.SO_REUSEADDR -> {
                        reuseAddr = on;
                        apply(ch, StandardSocketOptions.SO_REUSEADDR, on);
                    }
                    case Sockets.SO_REUSEPORT -> {
                        reusePort = on;
                        apply(ch, StandardSocketOptions.SO_REUSEPORT, on);
                    }
                    case Sockets.SO_KEEPALIVE -> {
                        keepAlive = on;
                        if (stream) apply(ch, StandardSocketOptions.SO_KEEPALIVE, on);
                    }
                    case Sockets.SO_BROADCAST -> {
                        broadcast = on;
                        if (!stream) apply(ch, StandardSocketOptions.SO_BROADCAST, on);
                    }
                    case Sockets.SO_OOBINLINE -> oobInline = on;
                    case Sockets.SO_DEBUG -> debug = on;
                    case Sockets.SO_DONTROUTE -> dontRoute = on;
                    case Sockets.SO_PRIORITY -> priority = x;
                    case Sockets.SO_RCVLOWAT -> rcvLowat = x < 0 ? Integer.MAX_VALUE : Math.max(x, 1);
                    case Sockets.SO_SNDBUF, Sockets.SO_SNDBUFFORCE -> {
                        sndbuf = (int) Math.max(Math.min(x & 0xffffffffL, CORE_MAX) * 2, MIN_SNDBUF);
                        apply(ch, StandardSocketOptions.SO_SNDBUF, sndbuf / 2);
                    }
                    case Sockets.SO_RCVBUF, Sockets.SO_RCVBUFFORCE -> {
                        rcvbuf = (int) Math.max(Math.min(x & 0xffffffffL, CORE_MAX) * 2, MIN_RCVBUF);
                        apply(ch, StandardSocketOptions.SO_RCVBUF, rcvbuf / 2);
                    }
                    case Sockets.SO_PASSCRED -> { } // no credentials travel over IP; accepted and ignored as Linux does
                    default -> {
                        return -Errno.ENOPROTOOPT;
                    }
                }
            }
            case IPPROTO_TCP -> {
                if (!stream) return -Errno.ENOPROTOOPT;
                switch (name) {
                    case TCP_NODELAY -> {
                        noDelay = on;
                        apply(ch, StandardSocketOptions.TCP_NODELAY, on);
                    }
                    case TCP_CORK -> cork = on; // kept: the host socket's segmenting is its own
                    case TCP_QUICKACK -> quickAck = on;
                    case TCP_MAXSEG -> {
                        if (x != 0 && (x < MIN_MSS || x > MAX_USER_MSS)) return -Errno.EINVAL;
                        userMss = x;
                    }
                    case TCP_KEEPIDLE -> {
                        if (x < 1 || x > MAX_KEEP_TIME) return -Errno.EINVAL;
                        keepIdle = x;
                    }
                    case TCP_KEEPINTVL -> {
                        if (x < 1 || x > MAX_KEEP_TIME) return -Errno.EINVAL;
                        keepIntvl = x;
                    }
                    case TCP_KEEPCNT -> {
                        if (x < 1 || x > MAX_KEEPCNT) return -Errno.EINVAL;
                        keepCnt = x;
                    }
                    default -> {
                        return -Errno.ENOPROTOOPT;
                    }
                }
            }
            case IPPROTO_IP -> {
                switch (name) {
                    case IP_TTL -> {
                        if (x != -1 && (x < 1 || x > 255)) return -Errno.EINVAL;
                        ttl = x;
                    }
                    case IP_TOS -> {
                        // ip_setsockopt: a stream socket keeps its ECN bits (the low two)
                        tos = stream ? (x & 0xfc) | (tos & 3) : x & 0xff;
                        apply(ch, StandardSocketOptions.IP_TOS, tos);
                    }
                    default -> {
                        return -Errno.ENOPROTOOPT;
                    }
                }
            }
            case IPPROTO_IPV6 -> {
                if (family != Sockets.AF_INET6) return -Errno.ENOPROTOOPT;
                switch (name) {
                    case IPV6_V6ONLY -> {
                        if (bound) return -Errno.EINVAL;
                        v6Only = on;
                    }
                    case IPV6_UNICAST_HOPS -> {
                        if (x < -1 || x > 255) return -Errno.EINVAL;
                        unicastHops = x;
                    }
                    default -> {
                        return -Errno.ENOPROTOOPT;
                    }
                }
            }
            default -> {
                return -Errno.ENOPROTOOPT;
            }
        }
        return 0;
    }

    private long setTimeout(int name, byte[] v) {
        if (v.length < TIMEVAL_SIZE) return -Errno.EINVAL;
        long sec = getLong(v, 0), usec = getLong(v, 8);
        if (usec < 0 || usec >= 1_000_000) return -Errno.EDOM;
        long ns = sec < 0 ? 0 : sec > Long.MAX_VALUE / 2_000_000_000L ? 0 : sec * 1_000_000_000L + usec * 1000;
        if (name == Sockets.SO_RCVTIMEO_OLD || name == Sockets.SO_RCVTIMEO_NEW) rcvTimeoutNanos = ns;
        else sndTimeoutNanos = ns;
        return 0;
    }

    /** Passes every host-side option to a newly made channel. */
    void applyAll(NetworkChannel ch) {
        apply(ch, StandardSocketOptions.SO_REUSEADDR, reuseAddr);
        if (reusePort) apply(ch, StandardSocketOptions.SO_REUSEPORT, true);
        if (stream && keepAlive) apply(ch, StandardSocketOptions.SO_KEEPALIVE, true);
        if (stream && noDelay) apply(ch, StandardSocketOptions.TCP_NODELAY, true);
        if (!stream && broadcast) apply(ch, StandardSocketOptions.SO_BROADCAST, true);
        if (sndbuf != (stream ? TCP_SNDBUF : CORE_MAX)) apply(ch, StandardSocketOptions.SO_SNDBUF, sndbuf / 2);
        if (rcvbuf != (stream ? TCP_RCVBUF : CORE_MAX)) apply(ch, StandardSocketOptions.SO_RCVBUF, rcvbuf / 2);
        if (tos != 0) apply(ch, StandardSocketOptions.IP_TOS, tos);
        applyLinger(ch);
    }

    private void applyLinger(NetworkChannel ch) {
        if (stream) apply(ch, StandardSocketOptions.SO_LINGER, lingerOn && lingerSeconds == 0 ? 0 : -1);
    }

    /** Best effort: an option the host channel does not take leaves the guest's value in place. */
    private static <T> void apply(NetworkChannel ch, SocketOption<T> o, T value) {
        if (ch == null || !ch.supportedOptions().contains(o)) return;
        try {
            ch.setOption(o, value);
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            // the host refused; the guest still sees what it set
        }
    }

    static byte[] bool(boolean b) {
        return intValue(b ? 1 : 0);
    }

    static byte[] intValue(int v) {
        byte[] b = new byte[4];
        putInt(b, 0, v);
        return b;
    }

    private static byte[] timeval(long ns) {
        byte[] b = new byte[TIMEVAL_SIZE];
        long s = ns / 1_000_000_000L, us = ns % 1_000_000_000L / 1000;
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (s >>> (8 * i));
            b[8 + i] = (byte) (us >>> (8 * i));
        }
        return b;
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }
}
