package dev.javix.kernel.proc;

import dev.javix.cpu.Hart;
import dev.javix.kernel.sched.WaitQueue;

/**
 * A guest thread (Linux's task_struct, for one thread): its registers as data (design
 * decision 1), its scheduling state, and what a blocked system call needs to resume.
 *
 * <p>Locking: {@link #state} and {@link #wakeSeq} are guarded by {@code this}; {@link #hart},
 * {@link #syscallState} and the signal fields are only touched by the virtual CPU that is
 * running the task (one at a time).
 */
public final class Task implements WaitQueue.Waiter {
    public enum State { RUNNABLE, RUNNING, SLEEPING, STOPPED, DEAD }

    /** Thread id; changes only when a non-leader thread execs and becomes the leader (execve(2)). */
    public volatile int tid;
    public final Process process;
    public final Hart hart = new Hart();

    // ---- written under this; volatile so that the CPU's checks after every system call
    // (state(), wakeSeq()) read them without taking the task's monitor, which wakers on other
    // CPUs hold
    private volatile State state = State.RUNNABLE;
    /** Incremented by every wake-up; lets a sleeper notice a wake-up that raced its sleep. */
    private volatile long wakeSeq;

    // ---- owned by the running virtual CPU
    /**
     * Per-call state of a system call that blocked and will run again (Linux's
     * restart_block): e.g. a nanosleep's deadline. Cleared when the call completes.
     */
    public Object syscallState;
    /** set_tid_address(2): cleared and futex-woken when the thread exits. */
    public long clearChildTid;
    /** set_robust_list(2) head. */
    public long robustListHead;
    public long robustListLength;
    /** Blocked signals (rt_sigprocmask), bit n-1 for signal n. */
    public long signalMask;
    /** Signals sent to this thread (tgkill, faults); process-wide ones are in the Process. */
    public final dev.javix.kernel.signal.SignalQueue pending = new dev.javix.kernel.signal.SignalQueue();
    /** True while the task sleeps in a system call that returned BLOCK (a signal may interrupt it). */
    public boolean inBlockedSyscall;
    /**
     * sigsuspend(2)/ppoll(2) replace the mask while they wait; the mask to put back once a
     * handler has run (saved in the signal frame), or -1 when none is pending.
     */
    public long savedSignalMask = -1;
    /**
     * Signals an rt_sigtimedwait(2) in progress is waiting for: they wake the task even if
     * blocked, and are left for the call to take instead of being delivered to a handler.
     */
    public volatile long sigwaitSet;
    /** sched_setscheduler(2) policy and priority: kept and reported (everything runs as SCHED_OTHER). */
    public volatile int schedPolicy, schedPriority;
    /** sched_setaffinity(2): the CPUs the task may run on, bit n for virtual CPU n (all by default). */
    public volatile long affinity = -1L;
    /** The thread's name (prctl PR_SET_NAME, /proc/[pid]/task/[tid]/comm), at most 15 bytes. */
    private volatile String comm = "";

    public String comm() {
        return comm;
    }

    public void setComm(String name) {
        comm = name.length() > 15 ? name.substring(0, 15) : name;
    }

    /** sigaltstack(2): the alternate stack; size 0 means disabled. */
    public long altStackSp, altStackSize;
    public int altStackFlags = 2; // SS_DISABLE
    /** The interpreter running this task right now, to kick it (exit, signals), or null. */
    public volatile dev.javix.cpu.Interpreter cpu;

    /** Asks the CPU running this task, if any, to stop it at the next branch. */
    public void kick() {
        dev.javix.cpu.Interpreter i = cpu;
        if (i != null) i.kick = true;
    }

    public Task(int tid, Process process) {
        this.tid = tid;
        this.process = process;
    }

    // ---- context switches (getrusage ru_nvcsw/ru_nivcsw, /proc/[pid]/status): written only by
    // the virtual CPU that last ran the task, read by anyone
    /** Times the task left a CPU because its system call blocked (or it stopped). */
    public volatile long voluntaryContextSwitches;
    /** Times the task left a CPU because its slice ended while others were waiting. */
    public volatile long nonvoluntaryContextSwitches;

    /**
     * The task each virtual CPU thread is running (Linux's {@code current}): what /proc/self
     * resolves against. Per host thread, and a virtual CPU thread serves one kernel, so kernels
     * sharing a JVM never see each other's tasks.
     */
    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

    /** The task the calling host thread is running, or null off a virtual CPU. */
    public static Task current() {
        return CURRENT.get();
    }

    /** Sets (or, with null, clears) the calling host thread's current task. */
    public static void setCurrent(Task t) {
        if (t == null) CURRENT.remove();
        else CURRENT.set(t);
    }

    public State state() {
        return state;
    }

    public synchronized void setState(State s) {
        state = s;
    }

    public long wakeSeq() {
        return wakeSeq;
    }

    /**
     * Puts the task to sleep unless it was woken since {@code seq} was read. Returns true if
     * it is now sleeping, false if it must run again at once.
     */
    public synchronized boolean sleepUnlessWokenSince(long seq) {
        if (state == State.DEAD) return true;
        if (wakeSeq != seq) return false;
        state = State.SLEEPING;
        return true;
    }

    /**
     * A virtual CPU is running the task, from {@link #takeCpu} until {@link #leaveCpu}. A task
     * woken or continued in that time is not queued by the waker: the CPU still holds it (it is
     * about to let go, or goes on running it), and queueing it would let a second CPU run it at
     * once. The CPU queues it as it lets go instead (Linux's wake-up of a task still on_cpu).
     * Guarded by this.
     */
    private boolean onCpu;

    /** A CPU takes the task to run it; false if it is dead. */
    public synchronized boolean takeCpu() {
        if (state == State.DEAD) return false;
        onCpu = true;
        state = State.RUNNING;
        return true;
    }

    /**
     * The CPU lets go of the task. Returns true if it is runnable (preempted, or woken or
     * continued while the CPU still held it): the caller must then put it on the run queue.
     */
    public synchronized boolean leaveCpu() {
        onCpu = false;
        return state == State.RUNNABLE;
    }

    /** Marks a running or runnable task stopped (SIGSTOP); false if it is dead. */
    public synchronized boolean stop() {
        if (state == State.DEAD) return false;
        state = State.STOPPED;
        return true;
    }

    /**
     * SIGCONT: a stopped task becomes runnable; returns true if the caller must enqueue it (not
     * while a CPU still holds it: see {@link #onCpu}).
     */
    public synchronized boolean resume() {
        if (state != State.STOPPED) return false;
        state = State.RUNNABLE;
        return !onCpu;
    }

    /**
     * Wakes the task; returns true if it was sleeping and no CPU holds it any more (the caller
     * must then queue it; see {@link #onCpu}).
     */
    public synchronized boolean markWoken() {
        wakeSeq++;
        if (state == State.SLEEPING) {
            state = State.RUNNABLE;
            return !onCpu;
        }
        return false;
    }

    @Override
    public void wake() {
        process.kernel().scheduler().wake(this);
    }

    @Override
    public String toString() {
        return "task " + tid + " of pid " + process.pid;
    }
}
