package dev.javix.kernel.fs;

/**
 * A socket inode in a tmpfs (S_IFSOCK): the name bind(2) gives an AF_UNIX socket (unix(7),
 * "Pathname sockets"). It only stores which socket bound it; the socket layer (kernel.net)
 * decides whether that socket still listens. Opening it fails with ENXIO, as on Linux (the
 * TmpNode default); unlink(2) removes the name and nothing else.
 */
final class SocketNode extends TmpNode {
    /** The bound socket, opaque to the file system (Linux finds it by inode: unix_find_socket_byinode). */
    final Object endpoint;

    SocketNode(Tmpfs fs, int mode, int uid, int gid, Object endpoint) {
        super(fs, StatBuf.S_IFSOCK | (mode & 07777), uid, gid);
        this.endpoint = endpoint;
    }

    @Override
    long sizeLocked() {
        return 0;
    }
}
