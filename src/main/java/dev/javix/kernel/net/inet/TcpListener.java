package dev.javix.kernel.net.inet;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The host side of a listening TCP socket: a non-blocking {@link ServerSocketChannel} and the
 * accept queue. The host's kernel completes handshakes on its own (as Linux does before
 * accept(2)); the event thread takes the connections from the host at once, up to the guest's
 * backlog + 1 (sk_acceptq_is_full), each already a guest {@link TcpSocket} reading into its
 * buffer, so POLLIN on the listener means exactly "accept will not wait". Past the backlog the
 * thread stops taking connections and the host's own backlog holds them.
 *
 * <p>An IPv6 socket bound to the wildcard under {@code NetMode.LOOPBACK} listens on two host
 * sockets, [::1]:P and 127.0.0.1:P, so that it is reachable both ways as a dual-stack socket on
 * :: would be (IPv4 peers then appear v4-mapped).
 *
 * <p>Guarded by the owning {@link TcpSocket}'s lock.
 */
final class TcpListener implements EventLoop.Handler {
    final TcpSocket owner;
    /** The host sockets: one, or (an IPv6 wildcard under NetMode.LOOPBACK) ::1 and 127.0.0.1 on one port. */
    final ServerSocketChannel[] chs;
    private final EventLoop loop;
    private final SelectionKey[] keys;
    private final ArrayDeque<TcpSocket> ready = new ArrayDeque<>();
    /** listen(2)'s backlog (clamped to SOMAXCONN). */
    int backlog;
    private boolean closed;

    TcpListener(TcpSocket owner, ServerSocketChannel[] chs, EventLoop loop, int backlog) {
        this.owner = owner;
        this.chs = chs;
        this.keys = new SelectionKey[chs.length];
        this.loop = loop;
        this.backlog = backlog;
    }

    void register() {
        if (loop != null) for (ServerSocketChannel ch : chs) loop.register(ch, 0, this);
    }

    @Override
    public void registered(SelectionKey k) {
        if (k == null) return;
        synchronized (owner) {
            for (int i = 0; i < chs.length; i++) if (chs[i] == k.channel()) keys[i] = k;
            updateInterest();
        }
    }

    @Override
    public void ready(SelectionKey k) {
        boolean took;
        synchronized (owner) {
            took = acceptSome();
            updateInterest();
        }
        if (took) owner.waitQueue().wakeAll();
    }

    private boolean full() {
        return ready.size() > backlog;
    }

    /** Lock held. */
    void updateInterest() {
        if (loop == null) return;
        for (SelectionKey key : keys) if (key != null) loop.interest(key, closed || full() ? 0 : SelectionKey.OP_ACCEPT);
    }

    /** Takes the host's completed connections into the queue while there is room. Lock held. */
    private boolean acceptSome() {
        boolean took = false;
        for (ServerSocketChannel ch : chs) {
            while (!closed && !full()) {
                SocketChannel c;
                try {
                    c = ch.accept();
                    if (c == null) break;
                    c.configureBlocking(false);
                } catch (IOException e) {
                    break; // EMFILE and the like: the connection stays in the host's backlog
                }
                ready.add(TcpSocket.accepted(owner, owner.stack.opened(c)));
                took = true;
            }
        }
        return took;
    }

    /** The next connection, or null if none is ready. Lock held. */
    TcpSocket take() {
        if (ready.isEmpty()) acceptSome();
        TcpSocket s = ready.pollFirst();
        if (s != null) updateInterest();
        return s;
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    int queued() {
        return ready.size();
    }

    /**
     * Stops listening: the host channel closes and connections never accepted are reset (as
     * Linux's inet_csk_listen_stop does). Lock held; returns the dropped sockets, which the
     * caller closes after releasing it.
     */
    TcpSocket[] close() {
        closed = true;
        for (ServerSocketChannel ch : chs) owner.stack.close(ch);
        TcpSocket[] dropped = ready.toArray(new TcpSocket[0]);
        ready.clear();
        return dropped;
    }
}
