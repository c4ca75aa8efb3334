package dev.javix.kernel.net;

import dev.javix.abi.Errno;

/**
 * The SOL_SOCKET options every socket keeps (socket(7)), with Linux's encodings: buffer sizes
 * are doubled on set and clamped to [SOCK_MIN_*, 2 × net.core.*mem_max]; timeouts are a
 * {@code struct timeval} (16 bytes: tv_sec, tv_usec) where zero means "wait forever"; the
 * rest are ints kept and reported back. Options a socket type answers itself (SO_TYPE,
 * SO_PEERCRED, …) are handled by the socket. Guarded by the domain lock.
 */
final class SocketOptions {
    /** net.core.wmem_default = rmem_default = wmem_max = rmem_max = 212992 on Linux. */
    static final int DEFAULT_BUFFER = 212992;
    static final int MAX_BUFFER = 212992;
    /** SOCK_MIN_SNDBUF and SOCK_MIN_RCVBUF of 64-bit Linux (2 × and 1 × (2048 + SKB_TRUESIZE(1))... rounded). */
    static final int MIN_SNDBUF = 4608, MIN_RCVBUF = 2304;
    static final int TIMEVAL_SIZE = 16;

    int sndbuf = DEFAULT_BUFFER, rcvbuf = DEFAULT_BUFFER;
    long rcvTimeoutNanos, sndTimeoutNanos;
    boolean passcred;
    int lingerOnOff, lingerSeconds;
    private final int[] flags = new int[64];

    SocketOptions() {
        flags[Sockets.SO_RCVLOWAT] = 1;
        flags[Sockets.SO_SNDLOWAT] = 1;
    }

    /** getsockopt: the value, or null if this class does not know the option (ENOPROTOOPT). */
    byte[] get(int name) {
        return switch (name) {
            case Sockets.SO_SNDBUF -> intValue(sndbuf);
            case Sockets.SO_RCVBUF -> intValue(rcvbuf);
            case Sockets.SO_PASSCRED -> intValue(passcred ? 1 : 0);
            case Sockets.SO_RCVTIMEO_OLD, Sockets.SO_RCVTIMEO_NEW -> timeval(rcvTimeoutNanos);
            case Sockets.SO_SNDTIMEO_OLD, Sockets.SO_SNDTIMEO_NEW -> timeval(sndTimeoutNanos);
            case Sockets.SO_LINGER -> {
                byte[] b = new byte[8];
                Ucred.putInt(b, 0, lingerOnOff);
                Ucred.putInt(b, 4, lingerSeconds);
                yield b;
            }
            case Sockets.SO_DEBUG, Sockets.SO_REUSEADDR, Sockets.SO_DONTROUTE, Sockets.SO_BROADCAST,
                    Sockets.SO_KEEPALIVE, Sockets.SO_OOBINLINE, Sockets.SO_NO_CHECK, Sockets.SO_PRIORITY,
                    Sockets.SO_BSDCOMPAT, Sockets.SO_REUSEPORT, Sockets.SO_RCVLOWAT, Sockets.SO_SNDLOWAT ->
                intValue(flags[name]);
            default -> null;
        };
    }

    /** setsockopt: 0, -errno, or 1 if the option is unknown here (the caller answers ENOPROTOOPT). */
    int set(int name, byte[] v) {
        switch (name) {
            case Sockets.SO_RCVTIMEO_OLD, Sockets.SO_RCVTIMEO_NEW, Sockets.SO_SNDTIMEO_OLD, Sockets.SO_SNDTIMEO_NEW -> {
                if (v.length < TIMEVAL_SIZE) return -Errno.EINVAL;
                long sec = getLong(v, 0), usec = getLong(v, 8);
                if (usec < 0 || usec >= 1_000_000) return -Errno.EDOM;
                long ns = sec < 0 ? 0 : sec > Long.MAX_VALUE / 2_000_000_000L ? 0 : sec * 1_000_000_000L + usec * 1000;
                if (name == Sockets.SO_RCVTIMEO_OLD || name == Sockets.SO_RCVTIMEO_NEW) rcvTimeoutNanos = ns;
                else sndTimeoutNanos = ns;
                return 0;
            }
            case Sockets.SO_LINGER -> {
                if (v.length < 8) return -Errno.EINVAL;
                lingerOnOff = Ucred.getInt(v, 0);
                lingerSeconds = Ucred.getInt(v, 4);
                return 0;
            }
            default -> { }
        }
        if (v.length < 4) return -Errno.EINVAL;
        int x = Ucred.getInt(v, 0);
        switch (name) {
            case Sockets.SO_SNDBUF, Sockets.SO_SNDBUFFORCE -> sndbuf = (int) Math.max(Math.min(x & 0xffffffffL, MAX_BUFFER) * 2, MIN_SNDBUF);
            case Sockets.SO_RCVBUF, Sockets.SO_RCVBUFFORCE -> rcvbuf = (int) Math.max(Math.min(x & 0xffffffffL, MAX_BUFFER) * 2, MIN_RCVBUF);
            case Sockets.SO_PASSCRED -> passcred = x != 0;
            case Sockets.SO_RCVLOWAT -> flags[name] = x < 0 ? Integer.MAX_VALUE : Math.max(x, 1);
            case Sockets.SO_REUSEADDR, Sockets.SO_KEEPALIVE, Sockets.SO_OOBINLINE, Sockets.SO_DONTROUTE,
                    Sockets.SO_BROADCAST, Sockets.SO_DEBUG, Sockets.SO_NO_CHECK, Sockets.SO_REUSEPORT ->
                flags[name] = x != 0 ? 1 : 0;
            case Sockets.SO_PRIORITY, Sockets.SO_BSDCOMPAT -> flags[name] = x;
            case Sockets.SO_SNDLOWAT -> { return -Errno.ENOPROTOOPT; } // Linux: "not changeable"
            default -> { return 1; }
        }
        return 0;
    }

    static byte[] intValue(int v) {
        byte[] b = new byte[4];
        Ucred.putInt(b, 0, v);
        return b;
    }

    private static byte[] timeval(long ns) {
        byte[] b = new byte[TIMEVAL_SIZE];
        putLong(b, 0, ns / 1_000_000_000L);
        putLong(b, 8, ns % 1_000_000_000L / 1000);
        return b;
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) b[off + i] = (byte) (v >>> (8 * i));
    }
}
