package dev.javix.kernel.fs;

import dev.javix.abi.Errno;

/**
 * A file-system operation failed with an errno (ENOENT, ENOTDIR, ELOOP, EACCES, …). Path walks
 * report failure this way; system call handlers turn it into {@code -errno}. No stack trace:
 * it is an answer, not a bug.
 */
public final class FsException extends Exception {
    public final int errno;

    public FsException(int errno) {
        super(Errno.name(errno), null, false, false);
        this.errno = errno;
    }
}
