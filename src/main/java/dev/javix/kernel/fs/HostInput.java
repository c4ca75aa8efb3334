package dev.javix.kernel.fs;

import dev.javix.kernel.sched.WaitQueue;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes from a host input stream, read by a daemon thread into a buffer, so that no virtual
 * CPU ever blocks on the host (design decision 2). Two ways out:
 * <ul>
 *   <li>pulled by guest reads ({@link #poll}), for the console's fd 0 when it is a plain pipe;</li>
 *   <li>pushed into a {@link Sink} once one is {@link #attach attached}: the terminal's line
 *       discipline, which must see every byte as it arrives (echo, ^C) whether or not anyone
 *       reads. A sink that is full takes fewer bytes; the rest waits here until it calls
 *       {@link #drain} (Linux's tty throttling).</li>
 * </ul>
 *
 * <p>Guarded by {@code this}: buffer, start/count, eof, eofDelivered, started, queue, sink.
 * Lock order: HostInput → the sink's locks.
 */
public final class HostInput {
    static final int WOULD_BLOCK = -1;

    /** Where pushed input goes: a terminal. */
    public interface Sink {
        /** Takes up to len bytes; returns how many it took (0 when full). */
        int receive(byte[] b, int off, int len);

        /** The host stream has ended and every byte before the end was taken. */
        void endOfInput();
    }

    private final InputStream stream;
    private final String threadName;
    private final byte[] buffer = new byte[64 * 1024];
    private int start, count;
    private boolean eof, eofDelivered;
    private boolean started;
    private WaitQueue queue;
    private Sink sink;

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
            if (count == 0 && !eof && sink == null) fillSynchronously();
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

    /** Bytes buffered for pulling readers (FIONREAD on a piped console). */
    synchronized int buffered() {
        return sink == null ? count : 0;
    }

    synchronized boolean available() {
        if (synchronous) return true; // a read never waits for another task here
        startLocked();
        return count > 0 || eof;
    }

    /**
     * From now on input is pushed into sink: what is buffered at once, the rest as it comes.
     * Starts the reader thread (not in a deterministic run: see {@link #pullSynchronously}).
     */
    public synchronized void attach(Sink s) {
        if (sink == s) return;
        sink = s;
        if (!synchronous) startLocked();
        drainLocked();
    }

    /** Whether the virtual CPU must fetch input itself ({@link #pullSynchronously}): deterministic runs. */
    public boolean synchronous() {
        return synchronous;
    }

    /** Deterministic runs: reads the host stream now (blocking) and pushes what came into the sink. */
    public synchronized void pullSynchronously() {
        if (count == 0 && !eof) fillSynchronously();
        drainLocked();
    }

    /** Offers buffered input to the sink again: it has made room. */
    public synchronized void drain() {
        drainLocked();
    }

    private void drainLocked() {
        if (sink == null) return;
        boolean took = false;
        while (count > 0) {
            int n = sink.receive(buffer, start, Math.min(count, buffer.length - start));
            if (n == 0) break;
            start = (start + n) % buffer.length;
            count -= n;
            took = true;
        }
        if (took) notifyAll();
        if (count == 0 && eof && !eofDelivered) {
            eofDelivered = true;
            sink.endOfInput();
        }
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
                        int done = 0;
                        while (done < n) {
                            while (buffer.length - count == 0) wait();
                            int k = Math.min(n - done, buffer.length - count);
                            for (int i = 0; i < k; i++) buffer[(start + count + i) % buffer.length] = chunk[done + i];
                            count += k;
                            done += k;
                            drainLocked();
                        }
                    }
                    drainLocked();
                    q = queue;
                }
                if (q != null) q.wakeAll();
                if (n < 0) return;
            }
        } catch (IOException | InterruptedException e) {
            synchronized (this) {
                eof = true;
                drainLocked();
            }
        }
    }
}
