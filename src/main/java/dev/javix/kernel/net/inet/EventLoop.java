package dev.javix.kernel.net.inet;

import dev.javix.kernel.Kernel;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kernel's network event thread (design decision 2): one Java NIO {@link Selector} over
 * every host channel behind a guest socket. When a host socket becomes readable, writable,
 * connected or has a connection to accept, the thread moves what is there into (or out of) the
 * socket's own buffers with non-blocking calls and wakes the socket's wait queue; it never runs
 * guest code and never waits on anything but the selector.
 *
 * <p>An idle virtual CPU may take the thread's place ({@link #beginCpuPoll}, through
 * InetStack): it then waits in the selector itself, so a request that arrives for a sleeping
 * guest is read, and its task woken and run, on one host thread, rather than the event thread
 * waking up to wake a CPU (two host context switches per request, about a third of javix's CPU
 * time per request of a guest HTTP server under wrk). While a CPU polls, or has until
 * {@link #STANDBY_NANOS} ago, the event thread stands by (looking every
 * {@link #HELD_STANDBY_NANOS} while a CPU holds the role, every STANDBY_NANOS once it let go); it
 * polls again when no CPU has for STANDBY_NANOS (all busy with guest code), so network events
 * wait at most about the sum of the two for a CPU, or not at all when the CPU leaves a busy
 * network (several channels with events while guest tasks queue for the CPUs: then reading it
 * in parallel with the guests pays, and {@link #busy} keeps idle CPUs out until a round is quiet
 * or nothing queues). Whoever polls holds
 * {@link #pollLock}: one select at a time, and "the loop thread" below means the holder.
 *
 * <p>Channels are registered on the loop thread ({@link #register}), so registration never races
 * a select. Interest changes ({@link #interest}) may come from any thread: the JDK queues them
 * for the next select, so adding interest also wakes the selector.
 */
final class EventLoop implements InetStack.CpuPoll {
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
    /** Held by the thread in (or around) select: the event thread or a polling CPU. */
    private final ReentrantLock pollLock = new ReentrantLock();
    /** The virtual CPU thread that has the poller's role, or null. */
    private final AtomicReference<Thread> cpuPoller = new AtomicReference<>();
    /** When the last CPU poll ended ({@link System#nanoTime}). */
    private volatile long cpuPollEnded = System.nanoTime() - STANDBY_NANOS;
    /**
     * The last round of polling saw events on several channels while tasks queued for the CPUs:
     * requests keep coming for more tasks than there are CPUs, and the event thread reading them
     * in parallel with the guests serves them faster than a CPU taking turns between the two;
     * idle CPUs leave the network to it until a round is quiet. (One busy task, an epoll server,
     * is served faster by the CPU that polls and runs it: no host hand-off per request.)
     */
    private volatile boolean busy;
    /** Rounds polled by CPUs (tests); guarded by pollLock. */
    private long cpuRounds;
    /** How long the event thread leaves the network to CPUs that poll it. */
    static final long STANDBY_NANOS = 1_000_000;
    /**
     * How long the event thread sleeps while a CPU holds the role: longer, because each look is a
     * host wake-up (~30 us of CPU here), and an idle kernel with a listening socket would
     * otherwise spend ~3% of a core on them.
     */
    static final long HELD_STANDBY_NANOS = 5_000_000;

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

    /** True on the thread that polls now (the event thread or a polling CPU). */
    boolean onLoopThread() {
        return pollLock.isHeldByCurrentThread();
    }

    /**
     * An idle virtual CPU asks for the poller's role: false if another CPU has it or the loop is
     * closing. Waits for the event thread to leave its select (it wakes it). Then the caller
     * calls {@link #poll} as it likes and {@link #end} at the end.
     */
    boolean beginCpuPoll() {
        if (closed || busy || !cpuPoller.compareAndSet(null, Thread.currentThread())) return false;
        if (!pollLock.tryLock()) {
            selector.wakeup();
            pollLock.lock();
        }
        return true;
    }

    /**
     * One round on a polling CPU: waits up to timeoutMillis (0: not at all) for host events,
     * handles them (waking tasks) and runs queued loop tasks.
     */
    @Override
    public int poll(long timeoutMillis) {
        cpuRounds++;
        int n;
        try {
            n = timeoutMillis == 0 ? selector.selectNow(this::dispatch) : selector.select(this::dispatch, timeoutMillis);
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            return 0; // closing: the event thread reports and cleans up
        }
        runTasks();
        return n;
    }

    @Override
    public void end(boolean busy) {
        this.busy = busy;
        cpuPollEnded = busy ? System.nanoTime() - STANDBY_NANOS : System.nanoTime();
        pollLock.unlock();
        cpuPoller.set(null);
        if (busy) LockSupport.unpark(thread);
    }

    /** Rounds polled by CPUs so far (tests). */
    long cpuRounds() {
        pollLock.lock();
        try {
            return cpuRounds;
        } finally {
            pollLock.unlock();
        }
    }

    /** Wakes a CPU waiting in the selector (a task was queued for the CPUs). */
    void wakeCpuPoller() {
        if (cpuPoller.get() != null) selector.wakeup();
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
            if (cpuPoller.get() != null) {
                LockSupport.parkNanos(HELD_STANDBY_NANOS); // a CPU polls
                continue;
            }
            if (!busy && System.nanoTime() - cpuPollEnded < STANDBY_NANOS) {
                LockSupport.parkNanos(STANDBY_NANOS); // a CPU polled just now, and may again soon
                continue;
            }
            pollLock.lock();
            try {
                if (cpuPoller.get() != null) continue;
                int n = selector.select(this::dispatch); // a CPU that wants the role wakes it
                // a round without events (a wakeup: interest added, a task queued) says nothing;
                // with events on several channels, keep the role while tasks queue for the CPUs
                if (n > 0) busy = n > 1 && tasksQueued();
                runTasks();
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                if (!closed) kernel.reportBug("network event thread", e);
                return;
            } finally {
                pollLock.unlock();
            }
        }
        shutdown();
    }

    /** Whether guest tasks wait for a CPU (every CPU has work), so reading in parallel pays. */
    private boolean tasksQueued() {
        var s = kernel.scheduler();
        return s == null || s.othersWaiting();
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                kernel.reportBug("network event thread", e);
            }
        }
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
        pollLock.lock(); // a polling CPU leaves its select (close woke it), and none starts again
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
        } finally {
            pollLock.unlock();
        }
    }

    /** Stops the thread; it closes the host channels on its way out. */
    void close() {
        closed = true;
        selector.wakeup();
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
