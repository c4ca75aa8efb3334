package dev.javix.kernel;

import dev.javix.abi.Errno;

/** A program could not be executed: the errno execve(2) returns and a one-line reason. */
public final class ExecException extends Exception {
    public final int errno;

    public ExecException(int errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    public ExecException(int errno) {
        this(errno, Errno.message(errno));
    }
}
