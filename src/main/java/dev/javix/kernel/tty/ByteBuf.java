package dev.javix.kernel.tty;

/**
 * A growable first-in first-out queue of bytes (a ring over an array that doubles when full):
 * the terminal's input queue and the scratch buffer of processed output and echo.
 * Not thread-safe; its owner guards it.
 */
final class ByteBuf {
    private byte[] data = new byte[256];
    private int head, size;

    int size() {
        return size;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    void add(int b) {
        ensure(1);
        data[(head + size) % data.length] = (byte) b;
        size++;
    }

    void add(byte[] src, int off, int len) {
        ensure(len);
        for (int i = 0; i < len; i++) data[(head + size + i) % data.length] = src[off + i];
        size += len;
    }

    /** Removes up to len bytes from the front into dst; returns how many. */
    int take(byte[] dst, int off, int len) {
        int n = Math.min(len, size);
        for (int i = 0; i < n; i++) dst[off + i] = data[(head + i) % data.length];
        head = (head + n) % data.length;
        size -= n;
        if (size == 0) head = 0;
        return n;
    }

    /** Removes and returns everything. */
    byte[] takeAll() {
        byte[] b = new byte[size];
        take(b, 0, size);
        return b;
    }

    private void ensure(int more) {
        if (size + more <= data.length) return;
        int cap = data.length;
        while (cap < size + more) cap *= 2;
        byte[] d = new byte[cap];
        for (int i = 0; i < size; i++) d[i] = data[(head + i) % data.length];
        data = d;
        head = 0;
    }
}
