package dev.javix.kernel.sched;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.net.inet.InetStack;
import dev.javix.kernel.proc.Task;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs guest tasks on N virtual CPUs (design decision 2): host threads that each take a
 * runnable task from the shared run queue, run it for a time slice counted in guest
 * instructions, and go back for the next. A task that must wait is simply not on the run
 * queue; {@link #wake} puts it back.
 *
 * <p>Thread-safe: the run queue is a concurrent queue; task states are guarded by each task.
 * {@link #netPoller} is written only by the CPU that polls the network, {@link #handoff} only
 * read and written by it.
 */
public final class Scheduler implements AutoCloseable {
    /** Guest instructions per time slice before the CPU looks at the run queue again. */
    public static final long SLICE = 200_000;

    private final Kernel kernel;
    private final LinkedBlockingQueue<Task> runQueue = new LinkedBlockingQueue<>();
    /** The idle CPU's thread that polls the network ({@link #pollNetwork}), or null. */
    private volatile Thread netPoller;
    /** A task that CPU's own poll woke: it runs it next, without the run queue's signal to a parked CPU. */
    private Task handoff;
    private final VirtualCpu[] cpus;
    private final Thread[] threads;
    private volatile boolean stopping;
    /** /proc/loadavg's averages, sampled by CPUs looking for work. */
    private final LoadAverage load;
    /** Preemption points of a deterministic run (seeded); used by its single virtual CPU only. */
    private final java.util.Random preemption;

    public Scheduler(Kernel kernel, int cpuCount) {
        this.kernel = kernel;
        this.preemption = new java.util.Random(kernel.config().seed() ^ 0x5DEECE66DL);
        this.cpus = new VirtualCpu[cpuCount];
        this.threads = new Thread[cpuCount];
        for (int i = 0; i < cpuCount; i++) cpus[i] = new VirtualCpu(kernel, this, i);
        this.load = new LoadAverage(kernel.clock().monotonicNanos());
    }

    public LoadAverage loadAverage() {
        return load;
    }

    /** Tasks running on a CPU or waiting in the run queue (the load averages' "active"). */
    private int activeTasks() {
        int n = runQueue.size();
        for (VirtualCpu c : cpus) if (c.running != null) n++;
        return n;
    }

    public void start() {
        for (int i = 0; i < cpus.length; i++) {
            // Platform threads with a large stack: the interpreter is deep-recursion free, but
            // handlers such as path walks may recurse.
            threads[i] = new Thread(null, cpus[i], "javix-vcpu-" + i, 8L << 20);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    public int cpuCount() {
        return cpus.length;
    }

    /** Makes a new or preempted task runnable. */
    public void enqueue(Task t) {
        t.setState(Task.State.RUNNABLE);
        runQueue.add(t);
        if (netPoller != null) kernel.inet().wakeCpuPoller();
    }

    /**
     * Wakes a task if it sleeps (and notes the wake-up if it is about to). Woken by the network
     * poll of an idle CPU, it is that CPU's next task; otherwise it is queued, and a CPU waiting
     * in the network poll is woken too (the queue's own signal reaches only parked CPUs). The
     * queue is read after the poller is published there and written before it is read here,
     * so one of the two sees the other.
     */
    public void wake(Task t) {
        if (!t.markWoken()) return;
        if (kernel.inet().onNetworkThread()) networkConsumer.woke(t);
        if (netPoller == Thread.currentThread() && handoff == null) {
            handoff = t;
            return;
        }
        runQueue.add(t);
        if (netPoller != null) kernel.inet().wakeCpuPoller();
    }

    /** Which task the network's wake-ups go to (for {@link #networkConsumerRunsElsewhere}). */
    private final NetworkConsumer<Task> networkConsumer = new NetworkConsumer<>();

    /**
     * Whether the network's events lately all went to one task, and another CPU runs it now.
     * Then an idle CPU leaves the network alone: that task takes its next events when it waits
     * for them, on its own CPU, which then polls and runs it with no host thread hand-off; a
     * second CPU polling meanwhile only takes each event early, from a blocking select (a host
     * wake-up per event), and moves the task to itself. One epoll server on two virtual CPUs ran
     * on each half the time that way, and needed more host CPU per request than on one (wrk at
     * 10 connections, steady state: 21–23.5 µs per request and 38–44 k req/s on two, 20–21.6 µs
     * and 46–49 k on one; with this rule on two, 19.4–20.5 µs and 49 k, nearly all on one
     * CPU). The tasks of a thread-per-connection server, woken in turn, are served better with
     * the CPUs polling in parallel, as before.
     */
    private boolean networkConsumerRunsElsewhere() {
        Task t = networkConsumer.sole();
        if (t == null) return false;
        for (int i = 0; i < cpus.length; i++) {
            if (threads[i] != Thread.currentThread() && cpus[i].running == t) return true;
        }
        return false;
    }

    /** True if another task is waiting for a CPU (every CPU has guest work). */
    public boolean othersWaiting() {
        return !runQueue.isEmpty();
    }

    /** The next runnable task, or null after a short wait or when stopping. */
    Task next() throws InterruptedException {
        if (stopping) return null;
        load.tick(kernel.clock().monotonicNanos(), this::activeTasks);
        VirtualTimers timers = kernel.virtualTimers();
        if (timers == null) {
            InetStack.CpuPoll net = networkConsumerRunsElsewhere() ? null : kernel.inet().beginCpuPoll();
            if (net != null) return pollNetwork(net);
            Task t = spinForWork();
            return t != null ? t : runQueue.poll(50, TimeUnit.MILLISECONDS);
        }
        // Deterministic: fire due timers; if nothing can run, jump the clock to the next timer.
        while (!stopping) {
            timers.fireDue();
            Task t = runQueue.poll();
            if (t != null) return t;
            long next = timers.nextDeadline();
            if (next == Long.MAX_VALUE) return runQueue.poll(50, TimeUnit.MILLISECONDS); // all wait on each other
            if (kernel.inet().hostSocketsOpen()) {
                // Host sockets are outside virtual time: before jumping the clock past a timeout,
                // give the host the real time it would have had (bounded), so a reply that is on
                // its way arrives before the guest's poll or SO_RCVTIMEO gives up on it.
                long realWait = Math.min(next - kernel.virtualClock().monotonicNanos(), HOST_WAIT_NANOS);
                t = runQueue.poll(Math.max(realWait, 0), TimeUnit.NANOSECONDS);
                if (t != null) return t;
            }
            kernel.virtualClock().advanceTo(next);
        }
        return null;
    }

    /** In a deterministic run with host sockets open: real time given to the host before a timer jump. */
    static final long HOST_WAIT_NANOS = 100_000_000;

    /** How long an idle CPU polls the run queue before it parks its host thread. */
    static final long IDLE_SPIN_NANOS = 30_000;

    /**
     * Idle polling, as Linux's cpuidle poll state: a task woken within a few microseconds (the
     * other end of a pipe or socket that the running task just filled or drained) is picked up
     * without the cost of parking and unparking a host thread, which is far more than the
     * time it takes the peer to produce the next piece of work.
     */
    private Task spinForWork() {
        long until = System.nanoTime() + IDLE_SPIN_NANOS;
        do {
            Task t = runQueue.poll();
            if (t != null || stopping) return t;
            Thread.onSpinWait();
        } while (System.nanoTime() < until);
        return null;
    }

    /**
     * Idle while holding the network poller's role (InetStack.CpuPoll): the idle polling of
     * {@link #spinForWork} looks at the host sockets as well, then the CPU waits in the selector
     * rather than parked. A request for a sleeping guest task is then read, its task woken and
     * run on this one host thread: no event thread wake-up, no wake-up of a parked CPU.
     */
    private Task pollNetwork(InetStack.CpuPoll net) {
        netPoller = Thread.currentThread();
        int events = 0;
        try {
            long until = System.nanoTime() + IDLE_SPIN_NANOS;
            do {
                Task t = runQueue.poll();
                if (t != null || stopping) return t;
                events += net.poll(0);
                if (handoff != null) return takeHandoff();
                Thread.onSpinWait();
            } while (System.nanoTime() < until);
            Task t = runQueue.poll();
            if (t != null || stopping) return t;
            events += net.poll(50);
            t = takeHandoff();
            return t != null ? t : runQueue.poll();
        } finally {
            netPoller = null;
            // Leave the network to the event thread only when reading it in parallel pays: events
            // on several channels and more runnable tasks than this CPU is about to run. A single
            // busy task (an epoll server) is served best by the CPU that polls and then runs it,
            // with no host thread hand-off per request (p90 latency 0.3 ms against 3 ms at 10
            // connections, and more requests/s).
            net.end(events > 1 && othersWaiting());
        }
    }

    private Task takeHandoff() {
        Task t = handoff;
        handoff = null;
        return t;
    }

    /**
     * The slice of a deterministic run: a seeded pseudo-random length, so runs with one seed
     * preempt at the same instructions and runs with other seeds interleave differently.
     */
    long deterministicSlice(long base) {
        return 1 + preemption.nextLong(Math.max(2, base / 4)) + base / 40;
    }

    boolean stopping() {
        return stopping;
    }

    Kernel kernel() {
        return kernel;
    }

    /** Stops every virtual CPU (after their current slice) and waits for them. */
    @Override
    public void close() {
        stopping = true;
        for (VirtualCpu c : cpus) c.kick();
        for (Thread t : threads) {
            if (t == null || t == Thread.currentThread()) continue;
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
