package dev.javix.kernel.fs;

/**
 * The guest's side of one read(2) or write(2): a buffer in the caller's address space (one
 * range, or an iovec array seen as one linear buffer). Files with a direct path
 * ({@link OpenFile#readDirect}, {@link OpenFile#writeDirect}) copy between their own storage
 * and the guest through it, so data crosses once — like Linux's copy_to_user/copy_from_user on
 * an iov_iter — instead of through an intermediate kernel buffer.
 *
 * <p>A copy touching an unmapped or protected guest page throws the system call layer's
 * EFAULT fault (an unchecked exception); the dispatcher turns it into -EFAULT.
 */
public interface UserBuffer {
    /** Kernel → guest: n bytes of src from off, to linear offset at of the buffer. */
    void copyOut(long at, byte[] src, int off, int n);

    /** Guest → kernel: n bytes at linear offset at of the buffer, into dst from off. */
    void copyIn(long at, byte[] dst, int off, int n);
}
