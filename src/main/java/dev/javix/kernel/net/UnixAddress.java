package dev.javix.kernel.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An AF_UNIX address (unix(7)), from sys/un.h:
 * <pre>
 *   struct sockaddr_un {
 *       sa_family_t sun_family;   // AF_UNIX, u16 @0
 *       char        sun_path[108];//          @2
 *   };                            // 110 bytes
 * </pre>
 * Three kinds, told apart by the address length and the first byte of sun_path:
 * <ul>
 *   <li>unnamed: only the family (length 2); bind(2) with it autobinds;</li>
 *   <li>pathname: sun_path[0] != 0, a file system path up to the first NUL; Linux reports it
 *       back with length {@code 2 + strlen + 1};</li>
 *   <li>abstract: sun_path[0] == 0, the name is every byte up to the given length (NULs
 *       included), in a kernel-wide name space that vanishes with the socket.</li>
 * </ul>
 */
final class UnixAddress {
    static final int SUN_PATH_OFFSET = 2;
    static final int SIZE = 110;
    /** An unbound socket's address: the family alone. */
    static final byte[] UNNAMED = {(byte) Sockets.AF_UNIX, 0};

    /** The address as getsockname(2) reports it (its length is the reported addrlen). */
    final byte[] bytes;

    private UnixAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The address a bind/connect/sendto names, from addrlen raw bytes (2 ≤ addrlen ≤ 110 and
     * the family checked by the caller). Length 2 is the unnamed address.
     */
    static UnixAddress parse(byte[] raw) {
        if (raw.length <= SUN_PATH_OFFSET) return new UnixAddress(UNNAMED.clone());
        if (raw[SUN_PATH_OFFSET] == 0) return new UnixAddress(raw.clone());
        int end = SUN_PATH_OFFSET;
        while (end < raw.length && raw[end] != 0) end++;
        byte[] b = Arrays.copyOf(raw, end + 1); // the path and its NUL, as unix_mkname_bsd keeps it
        b[end] = 0;
        return new UnixAddress(b);
    }

    /** An abstract address with the given name bytes (autobind's "\0XXXXX"). */
    static UnixAddress ofAbstract(byte[] name) {
        byte[] b = new byte[SUN_PATH_OFFSET + 1 + name.length];
        b[0] = (byte) Sockets.AF_UNIX;
        System.arraycopy(name, 0, b, SUN_PATH_OFFSET + 1, name.length);
        return new UnixAddress(b);
    }

    boolean unnamed() {
        return bytes.length <= SUN_PATH_OFFSET;
    }

    boolean isAbstract() {
        return !unnamed() && bytes[SUN_PATH_OFFSET] == 0;
    }

    /** The path of a pathname address. */
    String path() {
        return new String(bytes, SUN_PATH_OFFSET, bytes.length - SUN_PATH_OFFSET - 1, StandardCharsets.UTF_8);
    }

    /** The abstract name as a map key (bytes after the leading NUL, one char per byte). */
    String abstractKey() {
        return new String(bytes, SUN_PATH_OFFSET, bytes.length - SUN_PATH_OFFSET, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        if (unnamed()) return "unnamed";
        return isAbstract() ? "@" + abstractKey().substring(1) : path();
    }
}
