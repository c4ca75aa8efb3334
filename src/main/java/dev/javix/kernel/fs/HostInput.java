package dev.javix.kernel.fs;

import dev.javix.kernel.sched.WaitQueue;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes from a host input stream, read by a daemon thread into a buffer that guest reads take
 * from without blocking. Started lazily on the first poll.
 *
 * <p>Guarded by {@code this}: buffer, head/tail, eof, started.
 */
final class HostInput {
    static final int WOULD_BLOCK = -1;

    private final InputStream stream;
    private final String threadName;
    private final byte[] buffer = new byte[64 * 1024];
    private int start, count;
    private boolean eof;
    private boolean started;
    private WaitQueue queue;

    /**
     * In a deterministic run input must not arrive at a moment that depends on the host, so the
     * one virtual CPU reads the stream itself, blocking until data or end of file (the only
     * place a virtual CPU waits on the host; wall time is all it costs there).
     */
    private final boolean synchronous;

    HostInput(InputStream stream, String threadName, boolean synchronous) {
        this.stream = stream;
        this.threadName = threadName;
        this.synchronous = synchronous;
    }

    /** Takes up to len buffered bytes; 0 at end of input; WOULD_BLOCK when none yet. */
    synchronized int poll(byte[] dst, int off, int len, WaitQueue wakeOnData) {
        if (wakeOnData != null) queue = wakeOnData;
        if (synchronous) {
            if (count == 0 && !eof) fillSynchronously();
        } else {
            startLocked();
        }
        if (count == 0) return eof ? 0 : WOULD_BLOCK;
        int n = Math.min(len, count);
        int first = Math.min(n, buffer.length - start);
        System.arraycopy(buffer, start, dst, off, first);
        System.arraycopy(buffer, 0, dst, off + first, n - first);
        start = (start + n) % buffer.length;
        count -= n;
        notifyAll(); // room for the reader thread
        return n;
    }

    synchronized boolean available() {
        if (synchronous) return true; // a read never waits for another task here
        startLocked();
        return count > 0 || eof;
    }

    private void fillSynchronously() {
        try {
            int n = stream.read(buffer, 0, buffer.length);
            if (n < 0) eof = true;
            else {
                start = 0;
                count = n;
            }
        } catch (IOException e) {
            eof = true;
        }
    }

    private void startLocked() {
        if (started) return;
        started = true;
        Thread t = new Thread(this::pump, threadName);
        t.setDaemon(true);
        t.start();
    }

    private void pump() {
        byte[] chunk = new byte[8192];
        try {
            while (true) {
                int n = stream.read(chunk);
                WaitQueue q;
                synchronized (this) {
                    if (n < 0) {
                        eof = true;
                    } else {
                        while (buffer.length - count < n) wait();
                        for (int i = 0; i < n; i++) buffer[(start + count + i) % buffer.length] = chunk[i];
                        count += n;
                    }
                    q = queue;
                }
                if (q != null) q.wakeAll();
                if (n < 0) return;
            }
        } catch (IOException | InterruptedException e) {
            synchronized (this) {
                eof = true;
            }
        }
    }
}
