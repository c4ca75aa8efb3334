package dev.javix.kernel.net.inet;

import dev.javix.kernel.Kernel;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The kernel's network event thread (design decision 2): one Java NIO {@link Selector} over
 * every host channel behind a guest socket. When a host socket becomes readable, writable,
 * connected or has a connection to accept, the thread moves what is there into (or out of) the
 * socket's own buffers with non-blocking calls and wakes the socket's wait queue; it never runs
 * guest code and never waits on anything but the selector.
 *
 * <p>Channels are registered on this thread ({@link #register}), so registration never races a
 * select. Interest changes ({@link #interest}) may come from any thread: the JDK queues them for
 * the next select, so adding interest also wakes the selector.
 */
final class EventLoop {
    /** What owns a registered channel: told on the loop thread that the key is ready. */
    interface Handler {
        /** The channel was registered (or could not be: key null). Loop thread. */
        void registered(SelectionKey key);

        /** key's channel is ready for key.readyOps(). Loop thread; must not block. */
        void ready(SelectionKey key);
    }

    private final Kernel kernel;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    EventLoop(Kernel kernel, String name) throws IOException {
        this.kernel = kernel;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the thread still runs (tests). */
    boolean alive() {
        return thread.isAlive();
    }

    boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs r on the loop thread: at once from there, else soon. */
    void execute(Runnable r) {
        if (onLoopThread()) {
            r.run();
        } else {
            tasks.add(r);
            selector.wakeup();
        }
    }

    /** Registers ch (already non-blocking) for ops, on the loop thread; h hears of the key. */
    void register(SelectableChannel ch, int ops, Handler h) {
        execute(() -> {
            SelectionKey key;
            try {
                key = closed ? null : ch.register(selector, ops, h);
            } catch (ClosedChannelException | IllegalStateException e) {
                key = null;
            }
            h.registered(key);
        });
    }

    /**
     * Sets key's interest to ops. Adding interest from another thread wakes the selector, which
     * applies interest changes only when its current select returns.
     */
    void interest(SelectionKey key, int ops) {
        if (key == null || !key.isValid()) return;
        int old;
        try {
            old = key.interestOps();
            if (old == ops) return;
            key.interestOps(ops);
        } catch (java.nio.channels.CancelledKeyException e) {
            return;
        }
        if ((ops & ~old) != 0 && !onLoopThread()) selector.wakeup();
    }

    /** Wakes the selector, so that a cancelled key's channel is closed now rather than at the next event. */
    void wakeup() {
        if (!onLoopThread()) selector.wakeup();
    }

    private void run() {
        while (!closed) {
            try {
                selector.select(this::dispatch);
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                if (!closed) kernel.reportBug("network event thread", e);
                return;
            }
            Runnable r;
            while ((r = tasks.poll()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    kernel.reportBug("network event thread", e);
                }
            }
        }
        shutdown();
    }

    private void dispatch(SelectionKey key) {
        try {
            if (key.isValid()) ((Handler) key.attachment()).ready(key);
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed by a guest while it was being served
        } catch (RuntimeException e) {
            kernel.reportBug("network event thread", e);
        }
    }

    /** Closes every channel still registered and the selector (loop thread, at the end). */
    private void shutdown() {
        try {
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            selector.close();
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // nothing left to release
        }
    }

    /** Stops the thread; it closes the host channels on its way out. */
    void close() {
        closed = true;
        selector.wakeup();
        if (!onLoopThread()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
