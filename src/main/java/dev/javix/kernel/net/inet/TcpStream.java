package dev.javix.kernel.net.inet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The host side of one TCP connection: the non-blocking {@link SocketChannel} and the two
 * buffers that let the guest's calls never touch the host at a bad moment. The event thread
 * fills {@link #in} as data arrives (so poll knows exactly what a read would get without
 * consuming anything) and drains {@link #out} as the host socket takes it; a guest send writes
 * straight to the host when nothing is queued before it. Reading stops while {@code in} is
 * full and resumes as the guest reads (the host's receive window then closes, as a slow reader's
 * should).
 *
 * <p>Every field is guarded by the owning {@link TcpSocket}'s lock; the {@link EventLoop}
 * callbacks take it. Buffers are in write mode: bytes {@code [0, position)} are queued. The one
 * host call made without the lock is a guest send's direct write ({@link #beginDirect}): it
 * takes as long as the host's loopback delivery to the peer (the peer's receive runs in that
 * write's softirq), and holding the lock through it made the event thread, filling the receive
 * buffer with the peer's next request, wait for it and then be woken.
 */
final class TcpStream implements EventLoop.Handler {
    /** Size of each buffer: 64 KiB, a little more than a loopback segment train. */
    static final int BUFFER = 64 << 10;
    /** The largest piece of a guest buffer written to the host in one call. */
    private static final int MAX_DIRECT_WRITE = 256 << 10;

    final TcpSocket owner;
    final SocketChannel ch;
    private final EventLoop loop;
    private SelectionKey key;
    final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
    final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    /** The peer's FIN was read from the host (a read answered -1). */
    boolean eof;
    /** shutdown(SHUT_WR) waits for out to drain before the host socket is shut for writing. */
    private boolean shutdownPending;
    /** The guest closed the socket: the host channel closes once out has drained. */
    private boolean closing;
    /** The host channel is closed. */
    boolean hostClosed;
    /**
     * A guest send is writing straight to the host without the lock ({@link #beginDirect} to
     * {@link #endDirect}): until it ends, nothing else writes to the host or queues in out (so
     * bytes keep their order), and shutdown and close wait for it ({@link #awaitDirect}).
     */
    private boolean sending;
    /** Some thread waits in {@link #awaitDirect}: endDirect must notify. */
    private boolean directWaiters;

    TcpStream(TcpSocket owner, SocketChannel ch, EventLoop loop) {
        this.owner = owner;
        this.ch = ch;
        this.loop = loop;
    }

    /** Asks the event thread to watch the channel (interest set once registered). */
    void register() {
        if (loop != null) loop.register(ch, 0, this);
    }

    @Override
    public void registered(SelectionKey k) {
        synchronized (owner) {
            key = k;
            updateInterest();
        }
    }

    @Override
    public void ready(SelectionKey k) {
        synchronized (owner) {
            int r = k.readyOps();
            if ((r & SelectionKey.OP_CONNECT) != 0) owner.connectFinished();
            if ((r & SelectionKey.OP_READ) != 0) fill();
            if ((r & SelectionKey.OP_WRITE) != 0) flush();
            updateInterest();
        }
        owner.waitQueue().wakeAll();
    }

    /** What the event thread should watch for now. Lock held. */
    private int wantedOps() {
        if (hostClosed) return 0;
        if (owner.tcpState == TcpSocket.TcpState.SYN_SENT) return SelectionKey.OP_CONNECT;
        int ops = 0;
        if (!eof && !closing && in.hasRemaining() && owner.tcpState == TcpSocket.TcpState.ESTABLISHED) ops |= SelectionKey.OP_READ;
        if (out.position() > 0 || shutdownPending) ops |= SelectionKey.OP_WRITE;
        return ops;
    }

    /** Lock held. */
    void updateInterest() {
        if (key != null && loop != null) loop.interest(key, wantedOps());
    }

    /** Reads what the host has into in (one non-blocking read). True if anything changed. Lock held. */
    boolean fill() {
        if (hostClosed || eof || !in.hasRemaining()) return false;
        try {
            int n = ch.read(in);
            if (n < 0) {
                eof = true;
                owner.peerFinished();
                return true;
            }
            return n > 0;
        } catch (IOException e) {
            owner.reset(HostErrno.of(e));
            return true;
        }
    }

    /** Copies up to len queued bytes to dst (kept when peek). Lock held. */
    int take(byte[] dst, int off, int len, boolean peek) {
        int n = Math.min(len, in.position());
        if (n == 0) return 0;
        boolean wasFull = !in.hasRemaining();
        in.flip();
        in.get(dst, off, n);
        if (peek) {
            in.position(in.limit()).limit(in.capacity());
            return n;
        }
        in.compact();
        if (wasFull) updateInterest();
        return n;
    }

    int available() {
        return in.position();
    }

    int queuedOut() {
        return out.position();
    }

    /** tcp_poll's writability: free room at least half of what is queued (sk_stream_wspace ≥ min_wspace). */
    boolean writable() {
        return out.remaining() >= out.position() / 2 && out.hasRemaining();
    }

    /**
     * Starts a direct send: true (and the send owns the host side until {@link #endDirect}) when
     * nothing is queued or being written and the host channel is open. Lock held.
     */
    boolean beginDirect() {
        if (sending || hostClosed || closing || shutdownPending || out.position() != 0) return false;
        sending = true;
        return true;
    }

    /**
     * A direct send's host write of up to len bytes of src, called without the lock between
     * beginDirect and endDirect (the channel is non-blocking: this never waits for the peer).
     * Returns the count written.
     */
    int writeDirect(byte[] src, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(src, off, Math.min(len, MAX_DIRECT_WRITE));
        ch.write(b);
        return b.position() - off;
    }

    /** Ends a direct send. Lock held. */
    void endDirect() {
        sending = false;
        if (directWaiters) {
            directWaiters = false;
            owner.notifyAll();
        }
    }

    /**
     * Waits, releasing the lock, while another thread's direct send is in progress: it is one
     * non-blocking host write, so the wait is short (a guest blocking on lock_sock in Linux).
     * Lock held.
     */
    void awaitDirect() {
        while (sending) {
            directWaiters = true;
            try {
                owner.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Queues up to len bytes of src: straight to the host when nothing waits before them, the
     * rest into out. The caller has waited for any direct send ({@link #awaitDirect}). Returns
     * the count taken (0: no room), or -errno if the host socket failed.
     * Lock held.
     */
    int put(byte[] src, int off, int len) {
        int n = 0;
        try {
            if (out.position() == 0) {
                ByteBuffer b = ByteBuffer.wrap(src, off, Math.min(len, MAX_DIRECT_WRITE));
                ch.write(b);
                n = b.position() - off;
            }
        } catch (IOException e) {
            int errno = HostErrno.of(e);
            owner.reset(errno);
            return -errno;
        }
        int rest = Math.min(len - n, out.remaining());
        if (rest > 0) {
            out.put(src, off + n, rest);
            n += rest;
        }
        updateInterest();
        return n;
    }

    /** Writes queued bytes to the host; finishes a pending shutdown or close once empty. Lock held. */
    boolean flush() {
        if (hostClosed) return false;
        boolean moved = false;
        if (out.position() > 0) {
            out.flip();
            try {
                moved = ch.write(out) > 0;
            } catch (IOException e) {
                out.clear();
                owner.reset(HostErrno.of(e));
                return true;
            }
            out.compact();
        }
        if (out.position() == 0) {
            if (shutdownPending) {
                shutdownPending = false;
                try {
                    ch.shutdownOutput();
                } catch (IOException e) {
                    // the connection is gone already; the next call sees it
                }
            }
            if (closing) closeHost(false);
        }
        return moved;
    }

    /** shutdown(SHUT_WR): a FIN after what is queued (and after a direct send in progress). Lock held. */
    void shutdownOutput() {
        awaitDirect();
        shutdownPending = true;
        flush();
        updateInterest();
    }

    /**
     * The guest's last close. Queued data still goes out first (as Linux sends it after close)
     * unless abort: then the host sends a reset (SO_LINGER 0), as Linux does for a close with
     * unread data or a zero linger. Lock held.
     */
    void close(boolean abort) {
        awaitDirect(); // its bytes go out before the FIN, or are cut by the reset as Linux's would be
        if (hostClosed) return;
        if (abort || in.position() > 0) {
            closeHost(true);
            return;
        }
        closing = true;
        flush();
        if (!hostClosed) updateInterest();
    }

    /** Closes the host channel (abortive: with a reset). Lock held. */
    void closeHost(boolean abortive) {
        if (hostClosed) return;
        hostClosed = true;
        out.clear();
        if (abortive) {
            try {
                ch.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // closed already
            }
        }
        owner.stack.close(ch);
    }
}
