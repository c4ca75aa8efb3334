package dev.javix.kernel.net.inet;

import dev.javix.abi.Errno;
import dev.javix.kernel.net.Sockets;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The guest's IPv4 and IPv6 socket addresses (ip(7), ipv6(7)) to and from Java's
 * {@link InetSocketAddress}.
 * <pre>
 *   struct sockaddr_in {            // netinet/in.h, 16 bytes
 *       sa_family_t sin_family;     // @0  u16, AF_INET (host order)
 *       in_port_t sin_port;         // @2  u16, network order
 *       struct in_addr sin_addr;    // @4  4 bytes, network order
 *       unsigned char sin_zero[8];  // @8
 *   };
 *   struct sockaddr_in6 {           // 28 bytes
 *       sa_family_t sin6_family;    // @0  u16, AF_INET6
 *       in_port_t sin6_port;        // @2  u16, network order
 *       uint32_t sin6_flowinfo;     // @4  network order
 *       struct in6_addr sin6_addr;  // @8  16 bytes
 *       uint32_t sin6_scope_id;     // @24 host order
 *   };
 * </pre>
 * An AF_INET6 socket talks to IPv4 peers through v4-mapped addresses (::ffff:a.b.c.d), as
 * Linux's dual-stack sockets do: Java hands those to us as {@link Inet4Address}es, and they are
 * written back mapped.
 */
final class SockAddr {
    private SockAddr() {}

    static final int FAMILY = 0, PORT = 2, IN_ADDR = 4, IN6_FLOWINFO = 4, IN6_ADDR = 8, IN6_SCOPE_ID = 24;
    static final int SIZE_IN = 16, SIZE_IN6 = 28;
    /** SIN6_LEN_RFC2133: the shortest sockaddr_in6 Linux takes (without sin6_scope_id). */
    static final int SIZE_IN6_MIN = 24;

    /** The family field of a raw address (0 if too short to have one). */
    static int family(byte[] raw) {
        return raw.length < 2 ? -1 : (raw[0] & 0xff) | (raw[1] & 0xff) << 8;
    }

    /**
     * Decodes raw as an address for a socket of family sockFamily: the address, or null with
     * -errno in err[0]: EINVAL if too short, EAFNOSUPPORT for another family. AF_UNSPEC is taken as
     * the socket's own family when unspecOk (bind of INADDR_ANY, sendto), as Linux does for IPv4.
     */
    static InetSocketAddress decode(int sockFamily, byte[] raw, boolean unspecOk, int[] err) {
        int fam = family(raw);
        if (sockFamily == Sockets.AF_INET) {
            if (raw.length < SIZE_IN) return fail(err, Errno.EINVAL);
            if (fam != Sockets.AF_INET && !(unspecOk && fam == Sockets.AF_UNSPEC)) return fail(err, Errno.EAFNOSUPPORT);
            byte[] a = {raw[IN_ADDR], raw[IN_ADDR + 1], raw[IN_ADDR + 2], raw[IN_ADDR + 3]};
            return new InetSocketAddress(address(a), port(raw));
        }
        if (raw.length < SIZE_IN6_MIN) return fail(err, Errno.EINVAL);
        if (fam != Sockets.AF_INET6) return fail(err, Errno.EAFNOSUPPORT);
        byte[] a = new byte[16];
        System.arraycopy(raw, IN6_ADDR, a, 0, 16);
        return new InetSocketAddress(address(a), port(raw)); // a v4-mapped address becomes an Inet4Address
    }

    private static InetSocketAddress fail(int[] err, int errno) {
        err[0] = -errno;
        return null;
    }

    private static int port(byte[] raw) {
        return (raw[PORT] & 0xff) << 8 | (raw[PORT + 1] & 0xff);
    }

    static InetAddress address(byte[] a) {
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // only for a bad length, which callers exclude
        }
    }

    /** Encodes a for a socket of family sockFamily (an IPv4 address on an AF_INET6 socket is v4-mapped). */
    static byte[] encode(int sockFamily, InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        int port = a.getPort();
        if (sockFamily == Sockets.AF_INET) {
            byte[] b = new byte[SIZE_IN];
            b[FAMILY] = (byte) Sockets.AF_INET;
            putPort(b, port);
            byte[] v4 = ip instanceof Inet4Address ? ip.getAddress() : new byte[4];
            System.arraycopy(v4, 0, b, IN_ADDR, 4);
            return b;
        }
        byte[] b = new byte[SIZE_IN6];
        b[FAMILY] = (byte) Sockets.AF_INET6;
        putPort(b, port);
        if (ip instanceof Inet4Address) {
            b[IN6_ADDR + 10] = b[IN6_ADDR + 11] = (byte) 0xff;
            System.arraycopy(ip.getAddress(), 0, b, IN6_ADDR + 12, 4);
        } else if (ip instanceof Inet6Address v6) {
            System.arraycopy(v6.getAddress(), 0, b, IN6_ADDR, 16);
            int scope = v6.getScopeId();
            b[IN6_SCOPE_ID] = (byte) scope;
            b[IN6_SCOPE_ID + 1] = (byte) (scope >> 8);
            b[IN6_SCOPE_ID + 2] = (byte) (scope >> 16);
            b[IN6_SCOPE_ID + 3] = (byte) (scope >> 24);
        }
        return b;
    }

    private static void putPort(byte[] b, int port) {
        b[PORT] = (byte) (port >> 8);
        b[PORT + 1] = (byte) port;
    }

    /** The unspecified address of a family with port 0: what getsockname reports before bind. */
    static InetSocketAddress any(int sockFamily, int port) {
        return new InetSocketAddress(address(new byte[sockFamily == Sockets.AF_INET ? 4 : 16]), port);
    }

    /** The loopback address of a family (127.0.0.1 or ::1). */
    static InetAddress loopback(int sockFamily) {
        byte[] a = new byte[sockFamily == Sockets.AF_INET ? 4 : 16];
        if (sockFamily == Sockets.AF_INET) {
            a[0] = 127;
            a[3] = 1;
        } else {
            a[15] = 1;
        }
        return address(a);
    }
}
