package dev.javix.kernel.proc;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.fs.FdTable;
import dev.javix.mem.AddressSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * A process (Linux's thread group): an address space, a file table, a working directory,
 * credentials, limits, signal dispositions, and the tasks (threads) that share them.
 *
 * <p>Locking: fields under "guarded by this" need the process lock; {@link #mm} is replaced only
 * by execve while no other thread of the process runs.
 */
public final class Process {
    /** Process exit states as wait(2) sees them. */
    public enum Status { RUNNING, ZOMBIE, REAPED }

    public final int pid;
    private final Kernel kernel;
    public final FdTable files;
    public final ResourceLimits limits;
    public final SignalActions signalActions;
    /** Woken when a child changes state (exits, stops, continues): wait4 sleeps here. */
    private final dev.javix.kernel.sched.WaitQueue childEvents = new dev.javix.kernel.sched.WaitQueue();

    // ---- guarded by this
    /** Replaced by exec under this object's lock; read without it. */
    private volatile AddressSpace mm;
    private Process parent;
    private final List<Process> children = new ArrayList<>();
    private final List<Task> threads = new ArrayList<>();
    private Credentials credentials;
    private String cwd = "/";
    private int umask = 022;
    private String comm = "";
    private String exePath = "";
    private List<String> cmdline = List.of();
    private Status status = Status.RUNNING;
    private boolean exiting;
    /** The wait status (wait(2) encoding) once the process has exited. */
    private int waitStatus;
    private int pgid;
    private int sid;
    /** The signal sent to the parent at exit (clone's CSIGNAL byte; SIGCHLD for fork). */
    private int exitSignal = 17;
    /** The parent thread sleeping in vfork until this child execs or exits, or null. */
    private Task vforkParent;
    /** Resource usage of reaped children (RUSAGE_CHILDREN): retired instructions. */
    private long childrenInstructions;

    public Process(Kernel kernel, int pid, Process parent, AddressSpace mm, FdTable files, Credentials cred,
            ResourceLimits limits, SignalActions actions) {
        this.kernel = kernel;
        this.pid = pid;
        this.parent = parent;
        this.mm = mm;
        this.files = files;
        this.credentials = cred;
        this.limits = limits;
        this.signalActions = actions;
        this.pgid = parent == null ? pid : parent.pgid();
        this.sid = parent == null ? pid : parent.sid();
        this.startNanos = kernel == null ? 0 : kernel.clock().monotonicNanos();
    }

    /** When the process was created, in CLOCK_MONOTONIC nanoseconds (/proc/[pid]/stat starttime). */
    private final long startNanos;

    public long startNanos() {
        return startNanos;
    }

    public dev.javix.kernel.sched.WaitQueue childEvents() {
        return childEvents;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Read without the lock (volatile): every system call's return looks at it. */
    public AddressSpace mm() {
        return mm;
    }

    public synchronized void setMm(AddressSpace mm) {
        this.mm = mm;
    }

    public synchronized Process parent() {
        return parent;
    }

    public synchronized void setParent(Process p) {
        parent = p;
    }

    public synchronized int ppid() {
        return parent == null ? 0 : parent.pid;
    }

    public synchronized List<Process> children() {
        return new ArrayList<>(children);
    }

    public synchronized void addChild(Process c) {
        children.add(c);
    }

    public synchronized void removeChild(Process c) {
        children.remove(c);
    }

    public synchronized List<Task> threads() {
        return new ArrayList<>(threads);
    }

    public synchronized void addThread(Task t) {
        threads.add(t);
        if (t.comm().isEmpty()) t.setComm(comm);
    }

    /** Removes t; returns the number of threads left. */
    public synchronized int removeThread(Task t) {
        threads.remove(t);
        return threads.size();
    }

    public synchronized Credentials credentials() {
        return credentials;
    }

    public synchronized void setCredentials(Credentials c) {
        credentials = c;
    }

    public synchronized String cwd() {
        return cwd;
    }

    public synchronized void setCwd(String path) {
        cwd = path;
    }

    public synchronized int umask() {
        return umask;
    }

    /** Sets the umask, returning the old one (umask(2)). */
    public synchronized int setUmask(int mask) {
        int old = umask;
        umask = mask & 0777;
        return old;
    }

    /** The process's name: its main thread's (task with tid == pid), or the name it last had. */
    public synchronized String comm() {
        for (Task t : threads) if (t.tid == pid) return t.comm();
        return comm;
    }

    /** Sets the command name (exec), truncated to 15 bytes as TASK_COMM_LEN demands, for every thread. */
    public synchronized void setComm(String name) {
        comm = name.length() > 15 ? name.substring(0, 15) : name;
        for (Task t : threads) t.setComm(comm);
    }

    public synchronized String exePath() {
        return exePath;
    }

    public synchronized void setExe(String path, List<String> argv) {
        exePath = path;
        cmdline = List.copyOf(argv);
    }

    public synchronized List<String> cmdline() {
        return cmdline;
    }

    public synchronized int pgid() {
        return pgid;
    }

    public synchronized int sid() {
        return sid;
    }

    public synchronized int exitSignal() {
        return exitSignal;
    }

    public synchronized void setExitSignal(int sig) {
        exitSignal = sig;
    }

    public synchronized void setVforkParent(Task t) {
        vforkParent = t;
    }

    /** Clears and returns the vfork parent (exec or exit releases it). */
    public synchronized Task takeVforkParent() {
        Task t = vforkParent;
        vforkParent = null;
        return t;
    }

    public synchronized boolean inVfork() {
        return vforkParent != null;
    }

    public synchronized void setPgid(int pgid) {
        this.pgid = pgid;
    }

    public synchronized void inheritSession(int sid) {
        this.sid = sid;
    }

    /** setsid(2): a new session and process group led by this process, without a controlling terminal. */
    public synchronized void newSession() {
        this.sid = pid;
        this.pgid = pid;
        this.controllingTty = false;
    }

    /**
     * Whether the process's session has a controlling terminal (the console, for the first
     * session). Inherited by fork; lost by setsid(2). Guarded by this.
     */
    private boolean controllingTty;

    public synchronized boolean hasControllingTty() {
        return controllingTty;
    }

    public synchronized void setControllingTty(boolean on) {
        controllingTty = on;
    }

    /** ru_maxrss in KiB: this process's (recorded at exit) and the largest of its reaped children. */
    private long maxRssKb, childrenMaxRssKb;

    public synchronized long maxRssKb() {
        AddressSpace m = mm;
        long now = m == null ? 0 : m.residentPages() * 4L;
        maxRssKb = Math.max(maxRssKb, now);
        return maxRssKb;
    }

    public synchronized long childrenMaxRssKb() {
        return childrenMaxRssKb;
    }

    public synchronized void addChildMaxRss(long kb) {
        childrenMaxRssKb = Math.max(childrenMaxRssKb, kb);
    }

    public synchronized long childrenInstructions() {
        return childrenInstructions;
    }

    public synchronized void addChildrenInstructions(long n) {
        childrenInstructions += n;
    }

    /** Instructions retired by the live threads plus those of exited threads (for times/getrusage). */
    private long deadThreadInstructions;

    public synchronized void addDeadThreadInstructions(long n) {
        deadThreadInstructions += n;
    }

    public synchronized long instructions() {
        long n = deadThreadInstructions;
        for (Task t : threads) n += t.hart.instret;
        return n;
    }

    public synchronized Status status() {
        return status;
    }

    public synchronized int waitStatus() {
        return waitStatus;
    }

    /** Nice value, -20 (most favoured) to 19 (setpriority(2)); guarded by this. */
    private int nice;

    public synchronized int nice() {
        return nice;
    }

    public synchronized void setNice(int n) {
        nice = Math.max(-20, Math.min(19, n));
    }

    /** True once the process has called execve (setpgid(2) then refuses its parent: EACCES). */
    private boolean execed;

    public synchronized boolean execed() {
        return execed;
    }

    public synchronized void markExeced() {
        execed = true;
    }

    /** prctl(PR_SET_PDEATHSIG) signal and PR_SET_CHILD_SUBREAPER flag; guarded by this. */
    private int deathSignal;
    private boolean subreaper;

    public synchronized int deathSignal() {
        return deathSignal;
    }

    public synchronized void setDeathSignal(int s) {
        deathSignal = s;
    }

    public synchronized boolean subreaper() {
        return subreaper;
    }

    public synchronized void setSubreaper(boolean on) {
        subreaper = on;
    }

    /** Signals sent to the process as a whole (kill(2)); any thread not blocking one takes it. */
    public final dev.javix.kernel.signal.SignalQueue pending = new dev.javix.kernel.signal.SignalQueue();
    /**
     * Stopped by SIGSTOP/SIGTSTP/…, until SIGCONT; written under this object's lock (stop and
     * continue decide under it), read without it (volatile): every system call's return looks.
     */
    private volatile boolean stopped;
    /** Address of the signal-return trampoline page ([vdso]) in the current image. */
    private long sigreturnTrampoline;
    /** ITIMER_REAL: the armed timer (a handle to cancel) and its interval in ns; guarded by this. */
    private dev.javix.kernel.sched.Timers.Handle realTimer;
    private long realTimerDeadline, realTimerInterval;

    public boolean stopped() {
        return stopped;
    }

    public synchronized void setStopped(boolean s) {
        stopped = s;
    }

    public synchronized long sigreturnTrampoline() {
        return sigreturnTrampoline;
    }

    public synchronized void setSigreturnTrampoline(long a) {
        sigreturnTrampoline = a;
    }

    /** Replaces the ITIMER_REAL timer, cancelling the old one; returns {old deadline, old interval}. */
    public synchronized long[] setRealTimer(dev.javix.kernel.sched.Timers.Handle timer, long deadline, long interval) {
        long[] old = {realTimerDeadline, realTimerInterval};
        if (realTimer != null) realTimer.cancel();
        realTimer = timer;
        realTimerDeadline = deadline;
        realTimerInterval = interval;
        return old;
    }

    /**
     * ITIMER_VIRTUAL (index 0) and ITIMER_PROF (index 1): nanoseconds of CPU time left and the
     * reload interval, counted down by the CPUs running the process (one ns per instruction).
     */
    private final long[] cpuTimerLeft = new long[2], cpuTimerInterval = new long[2];
    private volatile boolean cpuTimersArmed;

    public boolean cpuTimersArmed() {
        return cpuTimersArmed;
    }

    /** Sets a CPU-time timer; returns {old left, old interval}. */
    public synchronized long[] setCpuTimer(int which, long value, long interval) {
        long[] old = {cpuTimerLeft[which], cpuTimerInterval[which]};
        cpuTimerLeft[which] = value;
        cpuTimerInterval[which] = interval;
        cpuTimersArmed = cpuTimerLeft[0] > 0 || cpuTimerLeft[1] > 0;
        return old;
    }

    public synchronized long[] cpuTimer(int which) {
        return new long[] {cpuTimerLeft[which], cpuTimerInterval[which]};
    }

    /**
     * Charges ns of CPU time to the armed CPU timers; returns a bit mask of the ones that expired
     * (bit 0 virtual, bit 1 prof), reloading those with an interval.
     */
    public synchronized int chargeCpuTime(long ns) {
        int expired = 0;
        for (int i = 0; i < 2; i++) {
            if (cpuTimerLeft[i] <= 0) continue;
            cpuTimerLeft[i] -= ns;
            if (cpuTimerLeft[i] <= 0) {
                expired |= 1 << i;
                cpuTimerLeft[i] = cpuTimerInterval[i];
            }
        }
        cpuTimersArmed = cpuTimerLeft[0] > 0 || cpuTimerLeft[1] > 0;
        return expired;
    }

    /** POSIX timers (timer_create); created on first use. */
    private dev.javix.kernel.signal.PosixTimers posixTimers;

    public synchronized dev.javix.kernel.signal.PosixTimers posixTimers() {
        if (posixTimers == null) posixTimers = new dev.javix.kernel.signal.PosixTimers(kernel, this);
        return posixTimers;
    }

    /** exec and exit: every POSIX timer goes. */
    public synchronized void clearPosixTimers() {
        if (posixTimers != null) posixTimers.clear();
    }

    /** {deadline, interval} of ITIMER_REAL (deadline 0: disarmed). */
    public synchronized long[] realTimer() {
        return new long[] {realTimerDeadline, realTimerInterval};
    }

    // ---- job control reports for wait(2), guarded by this
    /** Signal that stopped the process and that no wait has reported yet, or 0. */
    private int unreportedStop;
    /** True if the process was continued (SIGCONT) and no wait has reported it yet. */
    private boolean unreportedContinue;

    public synchronized void reportStop(int sig) {
        unreportedStop = sig;
        unreportedContinue = false;
    }

    public synchronized void reportContinue() {
        unreportedContinue = true;
        unreportedStop = 0;
    }

    /** The unreported stop signal (0 if none), clearing it unless peek. */
    public synchronized int takeStop(boolean peek) {
        int s = unreportedStop;
        if (!peek) unreportedStop = 0;
        return s;
    }

    public synchronized boolean takeContinue(boolean peek) {
        boolean c = unreportedContinue;
        if (!peek) unreportedContinue = false;
        return c;
    }

    /** Starts exiting; false if the process already is (so exit runs once). */
    public synchronized boolean beginExit() {
        if (exiting) return false;
        exiting = true;
        return true;
    }

    /** True once exit has begun (the process is dying or dead). */
    public synchronized boolean exiting() {
        return exiting;
    }

    /** Marks the process a zombie holding the given wait status. */
    public synchronized void becomeZombie(int waitStatus) {
        this.status = Status.ZOMBIE;
        this.waitStatus = waitStatus;
    }

    public synchronized void markReaped() {
        status = Status.REAPED;
    }

    @Override
    public String toString() {
        return "pid " + pid + " (" + comm() + ")";
    }
}
