package dev.javix.kernel.net.inet;

import dev.javix.abi.Errno;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

/**
 * The errno behind a failed host socket operation. Java reports the host's errno only as an
 * exception class and the C library's strerror text, so both are read: the texts are glibc's
 * (the JDK builds the messages from strerror on Linux).
 */
final class HostErrno {
    private HostErrno() {}

    /** The errno (positive) of e; EIO if it cannot be told. */
    static int of(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("Connection refused")) return Errno.ECONNREFUSED;
        if (m.contains("Connection reset")) return Errno.ECONNRESET;
        if (m.contains("Broken pipe")) return Errno.EPIPE;
        if (m.contains("Address already in use")) return Errno.EADDRINUSE;
        if (m.contains("Cannot assign requested address")) return Errno.EADDRNOTAVAIL;
        if (m.contains("Permission denied")) return Errno.EACCES;
        if (m.contains("Network is unreachable")) return Errno.ENETUNREACH;
        if (m.contains("No route to host")) return Errno.EHOSTUNREACH;
        if (m.contains("timed out")) return Errno.ETIMEDOUT;
        if (m.contains("Message too long")) return Errno.EMSGSIZE;
        if (m.contains("Too many open files")) return Errno.EMFILE;
        if (m.contains("Invalid argument")) return Errno.EINVAL;
        if (m.contains("Protocol not available") || m.contains("Operation not supported")) return Errno.EOPNOTSUPP;
        if (e instanceof PortUnreachableException) return Errno.ECONNREFUSED;
        if (e instanceof ConnectException) return Errno.ECONNREFUSED;
        if (e instanceof BindException) return Errno.EADDRINUSE;
        if (e instanceof NoRouteToHostException) return Errno.EHOSTUNREACH;
        if (e instanceof AlreadyBoundException) return Errno.EINVAL;
        if (e instanceof UnsupportedAddressTypeException || e instanceof UnresolvedAddressException) return Errno.EAFNOSUPPORT;
        if (e instanceof ClosedChannelException) return Errno.EBADF;
        if (e instanceof IOException && m.contains("Too many")) return Errno.ENFILE;
        return Errno.EIO;
    }
}
