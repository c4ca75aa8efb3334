package dev.javix.kernel.proc;

import dev.javix.abi.Errno;

/** clone(2)/fork(2) refused: the errno to return (EAGAIN, ENOMEM, EINVAL, …). */
public final class ForkException extends Exception {
    public final int errno;

    public ForkException(int errno) {
        super(Errno.name(errno), null, false, false);
        this.errno = errno;
    }
}
