package dev.javix.kernel;

import dev.javix.cpu.Interpreter;
import dev.javix.kernel.fs.FdTable;
import dev.javix.kernel.fs.Vfs;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.ResourceLimits;
import dev.javix.kernel.proc.SignalActions;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.Clock;
import dev.javix.kernel.sched.Scheduler;
import dev.javix.kernel.sched.HostTimers;
import dev.javix.kernel.sched.Timers;
import dev.javix.kernel.sched.VirtualClock;
import dev.javix.kernel.sched.VirtualTimers;
import dev.javix.kernel.signal.Signals;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.MemoryAccount;
import dev.javix.syscall.Syscalls;
import dev.javix.syscall.SyscallTable;
import dev.javix.trace.Tracer;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One javix kernel: processes, scheduler, file systems, system call table, clocks. A kernel is
 * an object (design decision 5): no static mutable state, so tests run many in one JVM; the
 * CLI is a thin shell over {@link #run}.
 *
 * <p>Lock order (outer first): Process → AddressSpace → Task → WaitQueue. Never call into the
 * scheduler's wake while holding an AddressSpace lock.
 */
public final class Kernel implements AutoCloseable {
    private final KernelConfig config;
    private final Clock clock;
    private final MemoryAccount memory;
    private final Scheduler scheduler;
    private final Timers timers;
    private final Vfs vfs;
    private final SyscallTable syscalls;
    private final Signals signals;
    private final Tracer tracer;
    private final PrintStream console;
    /** Source of AT_RANDOM bytes, getrandom and /dev/urandom: seeded in deterministic mode. */
    private final java.util.Random random;
    /** The virtual clock and timers of a deterministic run, else null. */
    private final VirtualClock virtualClock;
    private final VirtualTimers virtualTimers;

    private final AtomicInteger nextPid = new AtomicInteger(1);
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    private final Map<Integer, Task> tasks = new ConcurrentHashMap<>();
    /** Tasks alive or reserved, against KernelConfig.maxTasks (threads-max). */
    private final AtomicInteger liveTasks = new AtomicInteger();
    private final dev.javix.kernel.proc.Futex futex = new dev.javix.kernel.proc.Futex(this);
    /** System V message queues, shared memory and semaphores (svipc(7)): one set per kernel. */
    private final dev.javix.kernel.ipc.IpcNamespace ipc = new dev.javix.kernel.ipc.IpcNamespace(this);
    /** POSIX message queues (mq_overview(7)): the kernel's one mqueue namespace. */
    private final dev.javix.kernel.ipc.MqueueRegistry mqueues = new dev.javix.kernel.ipc.MqueueRegistry(this);
    /** Linux native AIO contexts (io_setup) and their worker thread, started on demand. */
    private final dev.javix.kernel.aio.AioTable aio = new dev.javix.kernel.aio.AioTable();
    /** AF_INET/AF_INET6 bridged to host sockets; its event thread starts with the first inet socket. */
    private final dev.javix.kernel.net.inet.InetStack inet;
    /** pid 1: the kernel's init, parent of the first program and of every orphan. */
    private final Process init;
    /** Completes with the first program's wait status when it exits. */
    private final CompletableFuture<Integer> mainExit = new CompletableFuture<>();
    private volatile Process mainProcess;

    public Kernel(KernelConfig config) {
        this.config = config;
        this.inet = new dev.javix.kernel.net.inet.InetStack(this);
        if (config.deterministic()) {
            VirtualClock vc = new VirtualClock();
            this.clock = vc;
            this.virtualClock = vc;
            this.virtualTimers = new VirtualTimers(vc);
            this.timers = virtualTimers;
            this.random = new java.util.Random(config.seed());
        } else {
            this.clock = Clock.host();
            this.virtualClock = null;
            this.virtualTimers = null;
            this.timers = new HostTimers(clock, "javix-timers");
            this.random = new java.security.SecureRandom();
        }
        this.memory = new MemoryAccount(config.memoryBytes());
        this.console = new PrintStream(config.stderr(), true);
        this.tracer = new Tracer(config.trace());
        this.signals = new Signals(this);
        this.vfs = new Vfs(this);
        vfs.mountHost("/", config.root(), false);
        vfs.mountTmpfs("/tmp");
        vfs.mountDevfs("/dev");
        vfs.mountMqueue("/dev/mqueue", mqueues);
        vfs.mountProcfs("/proc");
        // After /tmp and /dev, so a program living under the host's /tmp is still visible.
        for (KernelConfig.Mount m : config.extraMounts()) vfs.mountHost(m.guestPath(), m.hostPath(), m.writable());
        this.syscalls = Syscalls.table(tracer);
        this.scheduler = new Scheduler(this, Math.max(1, config.cpus()));
        this.init = newProcess(null, new AddressSpace(memory), new FdTable());
        init.setComm("init");
    }

    public KernelConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** The rdtime source: the monotonic clock in 10 MHz ticks. */
    public Interpreter.TimeSource cpuTime() {
        return () -> clock.monotonicNanos() / (1_000_000_000L / Interpreter.TimeSource.TICKS_PER_SECOND);
    }

    public java.util.Random random() {
        return random;
    }

    public MemoryAccount memory() {
        return memory;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** The virtual clock of a deterministic run, or null. */
    public VirtualClock virtualClock() {
        return virtualClock;
    }

    /** The virtual timers of a deterministic run, or null. */
    public VirtualTimers virtualTimers() {
        return virtualTimers;
    }

    public Timers timers() {
        return timers;
    }

    public Vfs vfs() {
        return vfs;
    }

    public SyscallTable syscalls() {
        return syscalls;
    }

    public Signals signals() {
        return signals;
    }

    public Tracer tracer() {
        return tracer;
    }

    private final java.util.concurrent.atomic.AtomicLong pipeIds = new java.util.concurrent.atomic.AtomicLong(4000);

    /** A fresh inode number for pipefs. */
    public long nextPipeId() {
        return pipeIds.incrementAndGet();
    }

    public dev.javix.kernel.proc.Futex futex() {
        return futex;
    }

    public dev.javix.kernel.ipc.IpcNamespace ipc() {
        return ipc;
    }

    public dev.javix.kernel.ipc.MqueueRegistry mqueues() {
        return mqueues;
    }

    public dev.javix.kernel.aio.AioTable aio() {
        return aio;
    }

    public dev.javix.kernel.net.inet.InetStack inet() {
        return inet;
    }

    public Process init() {
        return init;
    }

    public Process process(int pid) {
        return processes.get(pid);
    }

    public java.util.Collection<Process> processes() {
        return processes.values();
    }

    /** Creates and registers a process with a fresh pid, inheriting what fork(2) inherits. */
    public Process newProcess(Process parent, AddressSpace mm, FdTable files) {
        return newProcess(parent, mm, files, parent == null ? new SignalActions() : parent.signalActions.copy(), parent);
    }

    /**
     * Creates and registers a process. {@code parent} becomes its parent; {@code template} is the
     * process it inherits credentials, limits, cwd, umask, name and process group from (the
     * caller of clone, which differs from the parent under CLONE_PARENT).
     */
    public Process newProcess(Process parent, AddressSpace mm, FdTable files, SignalActions actions, Process template) {
        int pid = nextPid.getAndIncrement();
        Credentials cred = template == null ? Credentials.of(config.uid(), config.gid()) : template.credentials();
        ResourceLimits limits = template == null ? ResourceLimits.defaults() : template.limits.copy();
        Process p = new Process(this, pid, parent, mm, files, cred, limits, actions);
        if (template != null) {
            p.setCwd(template.cwd());
            p.setUmask(template.umask());
            p.setComm(template.comm());
            p.setExe(template.exePath(), template.cmdline());
            p.setPgid(template.pgid());
            p.inheritSession(template.sid());
            p.setControllingTty(template.hasControllingTty());
            p.setSigreturnTrampoline(template.sigreturnTrampoline()); // same image, same [vdso] page
        }
        if (parent != null) parent.addChild(p);
        processes.put(pid, p);
        return p;
    }

    /** A new thread of p, with tid = pid for the first one. */
    public Task newTask(Process p, boolean first) {
        Task t = new Task(first ? p.pid : nextPid.getAndIncrement(), p);
        p.addThread(t);
        tasks.put(t.tid, t);
        return t;
    }

    /** execve from a non-leader thread: the task takes the leader's tid. */
    public void retid(Task t, int tid) {
        tasks.remove(t.tid);
        t.tid = tid;
        tasks.put(tid, t);
    }

    /** The task with this tid, or null. */
    public Task task(int tid) {
        return tasks.get(tid);
    }

    /** Forgets a task that has exited. */
    public void releaseTask(Task t) {
        tasks.remove(t.tid);
        liveTasks.decrementAndGet();
    }

    /**
     * Reserves a slot for a new task, as fork(2) must: fails (EAGAIN) at the kernel-wide limit
     * (threads-max) and, for unprivileged users, at RLIMIT_NPROC.
     */
    public boolean reserveTask(Process creator) {
        long nproc = creator.limits.soft(ResourceLimits.NPROC);
        if (creator.credentials().euid() != 0 && nproc != ResourceLimits.INFINITY) {
            int uid = creator.credentials().uid();
            long mine = processes.values().stream()
                    .filter(p -> p.status() == Process.Status.RUNNING && p.credentials().uid() == uid).count();
            if (mine >= nproc) return false;
        }
        if (liveTasks.incrementAndGet() > config.maxTasks()) {
            liveTasks.decrementAndGet();
            return false;
        }
        return true;
    }

    public void unreserveTask(Process creator) {
        liveTasks.decrementAndGet();
    }

    /** Undoes a clone that failed after its task was made (a bad tid pointer). */
    public void discardNewTask(Task t) {
        Process p = t.process;
        p.removeThread(t);
        tasks.remove(t.tid);
        liveTasks.decrementAndGet();
        if (p.pid == t.tid) {
            Process parent = p.parent();
            if (parent != null) parent.removeChild(p);
            processes.remove(p.pid);
            p.files.release();
            p.mm().release();
        }
    }

    /**
     * Runs a program as the first process (child of init) and waits for it to exit. Returns
     * its wait status (wait(2) encoding: exit code &lt;&lt; 8, or the terminating signal).
     *
     * @param guestPath the program's path inside the guest
     * @param argv      its arguments, argv[0] included
     * @param envp      its environment
     * @param cwd       its working directory (a guest path)
     * @throws ExecException if it cannot be loaded (the message says why, in one line)
     */
    public int run(String guestPath, List<String> argv, List<String> envp, String cwd) throws ExecException {
        FdTable fds = new FdTable();
        for (int fd = 0; fd < 3; fd++) fds.install(vfs.console(fd).retain(), fd, false, 3);
        Process p = newProcess(init, new AddressSpace(memory), fds);
        mainProcess = p;
        p.setCwd(cwd);
        // The console is the first session's controlling terminal, with the program's group in the foreground.
        p.setControllingTty(true);
        dev.javix.kernel.tty.Tty.console(this).associate(p);
        liveTasks.incrementAndGet();
        Task t = newTask(p, true);
        Exec.load(this, p, t, guestPath, argv, envp);
        scheduler.start();
        scheduler.enqueue(t);
        try {
            CompletableFuture.anyOf(mainExit, power).get();
            return mainExit.isDone() ? mainExit.join() : 0; // reboot(2) powered the machine off: a clean end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 128 + 2;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** --wait-all: blocks until no process but init is left (orphans are reaped by init). */
    public void awaitAllExited() {
        while (processes.values().stream().anyMatch(p -> p != init && p.status() != Process.Status.REAPED)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Called when a process has exited: the first program's exit ends {@link #run}. */
    public void processExited(Process p, int waitStatus) {
        // job control: a controlling process's terminal hangs up its foreground group; stopped orphans get SIGHUP
        dev.javix.kernel.tty.Tty.console(this).processExited(p);
        if (p == mainProcess) mainExit.complete(waitStatus);
        if (p == init && guestInit) power.complete(new Shutdown(Shutdown.Kind.INIT_EXITED, waitStatus));
    }

    // ------------------------------------------------------------------ boot and shutdown

    /** Completes when a booted system ends: reboot(2), init's death, a forced stop or a panic. */
    private final CompletableFuture<Shutdown> power = new CompletableFuture<>();
    /** True once {@link #boot} made pid 1 a guest program (then init reaps its own children). */
    private volatile boolean guestInit;
    /** reboot(2)'s Ctrl-Alt-Del flag: on (Linux's default) a host SIGINT stops at once; off it goes to init. */
    private volatile boolean ctrlAltDel = true;

    /**
     * Boots: pid 1 (until now the kernel's own init) executes {@code initPath} with the console
     * as fds 0–2, as Linux's kernel_init runs /sbin/init; then waits until the system ends.
     * A writable, empty tmpfs is mounted on /root if the image has one (the image is read-only).
     *
     * @throws ExecException if init cannot be loaded (the message says why, in one line)
     */
    public Shutdown boot(String initPath, List<String> argv, List<String> envp) throws ExecException {
        if (guestInit || mainProcess != null) throw new IllegalStateException("a kernel boots or runs once");
        if (java.nio.file.Files.isDirectory(config.root().resolve("root"))) vfs.mountTmpfs("/root");
        for (int fd = 0; fd < 3; fd++) init.files.install(vfs.console(fd).retain(), fd, false, 3);
        init.setCwd("/");
        guestInit = true;
        liveTasks.incrementAndGet();
        Task t = newTask(init, true);
        Exec.load(this, init, t, initPath, argv, envp);
        scheduler.start();
        scheduler.enqueue(t);
        try {
            CompletableFuture.anyOf(power, mainExit).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Shutdown(Shutdown.Kind.FORCED, 0);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return power.isDone() ? power.join() : new Shutdown(Shutdown.Kind.PANIC, mainExit.join());
    }

    /** True after {@link #boot}: pid 1 is a guest program that reaps its own children (Exit). */
    public boolean initIsGuest() {
        return guestInit;
    }

    /** reboot(2) POWER_OFF, HALT or RESTART: the booted system ends (the caller never returns). */
    public void powerOff(Shutdown how) {
        power.complete(how);
    }

    /** reboot(2) LINUX_REBOOT_CMD_CAD_ON / CAD_OFF. */
    public void setCtrlAltDel(boolean on) {
        ctrlAltDel = on;
    }

    /**
     * A shutdown request from the host (SIGTERM or SIGINT to javix): init gets SIGTERM (SIGINT
     * is the machine's Ctrl-Alt-Del and goes to init when reboot(2)'s CAD flag is off) and
     * does the orderly shutdown. If init has no handler for it, or has not powered off within
     * {@code initGraceMillis}, the kernel stops the system itself ({@link #killAll}). Returns
     * at once; {@link #boot} returns when the system is down.
     */
    public void requestShutdown(int hostSignal, long initGraceMillis, long killGraceMillis) {
        int sig = hostSignal == dev.javix.abi.Signal.SIGINT && !ctrlAltDel ? hostSignal : dev.javix.abi.Signal.SIGTERM;
        boolean initListens = guestInit && init.status() == Process.Status.RUNNING
                && !(hostSignal == dev.javix.abi.Signal.SIGINT && ctrlAltDel)
                && Long.compareUnsigned(init.signalActions.handler(sig), SignalActions.SIG_IGN) > 0;
        if (initListens) signals.send(init, dev.javix.kernel.signal.SigInfo.kernel(sig));
        long wait = initListens ? initGraceMillis : 0;
        Thread.ofPlatform().daemon().name("javix-shutdown").start(() -> {
            try {
                power.get(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                killAll(killGraceMillis);
            } catch (InterruptedException | ExecutionException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * The kernel's own stop: SIGTERM to every process but init, up to {@code graceMillis} for
     * them to exit, SIGKILL to the rest; then the system ends ({@link Shutdown.Kind#FORCED}).
     */
    public void killAll(long graceMillis) {
        for (Process p : processes.values()) if (p != init && p.status() == Process.Status.RUNNING) {
            signals.send(p, dev.javix.kernel.signal.SigInfo.kernel(dev.javix.abi.Signal.SIGTERM));
            signals.send(p, dev.javix.kernel.signal.SigInfo.kernel(dev.javix.abi.Signal.SIGCONT));
        }
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        while (System.nanoTime() < deadline && processes.values().stream()
                .anyMatch(p -> p != init && p.status() == Process.Status.RUNNING)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Process p : processes.values()) if (p != init && p.status() == Process.Status.RUNNING) {
            signals.send(p, dev.javix.kernel.signal.SigInfo.kernel(dev.javix.abi.Signal.SIGKILL));
        }
        power.complete(new Shutdown(Shutdown.Kind.FORCED, 0));
    }
    // ------------------------------------------------------------------ end of boot and shutdown

    /**
     * TLB shootdown: after {@code self} changed p's address space in a way that removes or
     * narrows translations (fork's COW sharing, munmap, mprotect), waits until every other
     * thread of p that is running guest code on a CPU has dropped its stale entries — the CPU is
     * kicked and syncs at its next branch. Threads off-CPU or in the kernel sync before they run
     * guest code again (VirtualCpu: inGuest, then sync). Bounded wait: a CPU that does not answer
     * within 100 ms is left to sync at its next slice.
     */
    public void shootdown(Process p, Task self) {
        AddressSpace mm = p.mm();
        if (mm == null || !mm.multiThreaded()) return;
        long gen = mm.generation();
        long giveUp = System.nanoTime() + 100_000_000L;
        for (Task o : p.threads()) {
            if (o == self) continue;
            dev.javix.cpu.Interpreter cpu = o.cpu;
            if (cpu == null) continue;
            cpu.kick = true;
            // Only a CPU in guest code can use a stale entry: one in the kernel (another thread's
            // own mprotect waiting for this one, say) syncs before it runs guest code again.
            while (o.cpu == cpu && cpu.inGuest && cpu.mmu().syncedGeneration() < gen && System.nanoTime() < giveUp) {
                Thread.onSpinWait();
            }
        }
    }

    /** Forgets a reaped process. */
    public void release(Process p) {
        processes.remove(p.pid);
    }

    /** A kernel bug met while serving a guest: one line on the console, never a stack trace. */
    public void reportBug(String where, Throwable e) {
        console.println("javix: internal error in " + where + ": " + e);
        if (Boolean.getBoolean("javix.debug")) e.printStackTrace(console);
    }

    /** An unrecoverable kernel failure: report it and end the run with status 70 (EX_SOFTWARE). */
    public void panic(String where, Throwable e) {
        reportBug(where, e);
        mainExit.complete(70 << 8);
        power.complete(new Shutdown(Shutdown.Kind.PANIC, 70 << 8));
    }

    @Override
    public void close() {
        scheduler.close();
        timers.close();
        inet.close();
        aio.close();
    }
}
