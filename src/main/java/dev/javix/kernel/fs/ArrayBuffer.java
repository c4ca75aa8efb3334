package dev.javix.kernel.fs;

/**
 * A kernel array seen as a {@link UserBuffer}: lets code written for the direct path (a pipe's
 * ring copies) serve read/write calls that come with a byte array (splice-like kernel callers,
 * the buffered path of the system call layer).
 */
record ArrayBuffer(byte[] array, int base) implements UserBuffer {
    @Override
    public void copyOut(long at, byte[] src, int off, int n) {
        System.arraycopy(src, off, array, base + (int) at, n);
    }

    @Override
    public void copyIn(long at, byte[] dst, int off, int n) {
        System.arraycopy(array, base + (int) at, dst, off, n);
    }
}
