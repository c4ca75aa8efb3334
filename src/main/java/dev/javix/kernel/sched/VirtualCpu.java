package dev.javix.kernel.sched;

import dev.javix.abi.Signal;
import dev.javix.cpu.Interpreter;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.Signals;
import dev.javix.mem.MemoryFault;
import dev.javix.mem.Mmu;
import dev.javix.syscall.Syscall;
import dev.javix.syscall.SyscallContext;

/**
 * One virtual CPU: a host thread with its own TLB, interpreter and system call context. It
 * runs tasks for time slices, serves their system calls, and turns CPU traps into signals.
 * Nothing here blocks on a guest's behalf: a system call that must wait returns
 * {@link Syscall#BLOCK} and the CPU moves on to another task.
 */
final class VirtualCpu implements Runnable {
    private final Kernel kernel;
    private final Scheduler scheduler;
    private final int index;
    private final Mmu mmu = new Mmu();
    private final Interpreter interpreter;
    private final SyscallContext context;

    VirtualCpu(Kernel kernel, Scheduler scheduler, int index) {
        this.kernel = kernel;
        this.scheduler = scheduler;
        this.index = index;
        // A deterministic run interprets every instruction: the compiler checks its budget only
        // on loop back-edges, and preemption must be able to fall anywhere (say, between the
        // load and the store of i = i + 1) for races to show.
        this.interpreter = kernel.config().deterministic() ? new Interpreter(mmu, kernel.cpuTime(), 0)
                : new Interpreter(mmu, kernel.cpuTime());
        this.context = new SyscallContext(kernel, mmu);
    }

    /** The task this CPU runs (null when idle: the load averages count the others); written by this CPU's thread only. */
    volatile Task running;

    void kick() {
        interpreter.kick = true;
    }

    @Override
    public void run() {
        try {
            while (!scheduler.stopping()) {
                Task t = scheduler.next();
                if (t != null) runTask(t);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            kernel.panic("virtual CPU " + index, e);
        }
    }

    /** Runs t until it blocks, exits, or uses up its slice while others wait. */
    private void runTask(Task t) {
        if (!t.takeCpu()) return;
        t.cpu = interpreter;
        Task.setCurrent(t);
        running = t;
        try {
            runSlices(t);
        } finally {
            running = null;
            Task.setCurrent(null);
            t.cpu = null;
            // Preempted, or woken or continued while this CPU still held it: only now may
            // another CPU take it (Task.onCpu).
            if (t.leaveCpu()) scheduler.enqueue(t);
        }
    }

    /**
     * The time slice of a task: {@link Scheduler#SLICE} instructions at nice 0, about 25% more per
     * step towards -20 and 20% less per step towards 19, like Linux's sched_prio_to_weight table.
     */
    private long slice(Task t) {
        long base = (long) (Scheduler.SLICE * Math.pow(1.25, -t.process.nice()));
        return kernel.virtualClock() != null ? scheduler.deterministicSlice(base) : base;
    }

    private void runSlices(Task t) {
        Signals signals = kernel.signals();
        mmu.attach(t.process.mm());
        long sliceEnd = t.hart.instret + slice(t);
        // A task woken in a blocked system call meets its signals first: they may interrupt it.
        if (signals.hasDeliverable(t) || t.process.stopped()) {
            signals.deliverPending(t);
            if (gone(t)) return;
        }
        while (true) {
            // inGuest before the sync: a shootdown that bumped the generation and then saw this
            // CPU out of guest code is answered by this sync (both volatile: Dekker's order).
            interpreter.enterGuest();
            mmu.sync(); // answers TLB shootdowns (Kernel.shootdown) between instructions
            long before = t.hart.instret;
            int stop;
            try {
                stop = interpreter.run(t.hart, Math.max(1, sliceEnd - t.hart.instret));
            } finally {
                interpreter.leaveGuest();
            }
            if (kernel.virtualClock() != null) kernel.virtualClock().advance(t.hart.instret - before);
            if (t.process.cpuTimersArmed()) signals.chargeCpuTime(t.process, t.hart.instret - before);
            switch (stop) {
                case Interpreter.STOP_ECALL -> {
                    long seq = t.wakeSeq();
                    long r = kernel.syscalls().dispatch(context, t);
                    if (t.state() == Task.State.DEAD) return;
                    if (r == Syscall.BLOCK) {
                        t.inBlockedSyscall = true;
                        if (!signals.hasDeliverable(t) && !t.process.stopped() && t.sleepUnlessWokenSince(seq)) {
                            t.voluntaryContextSwitches++;
                            return;
                        }
                    } else {
                        t.inBlockedSyscall = false;
                    }
                    mmu.attach(t.process.mm()); // execve may have replaced it; munmap bumps its generation
                }
                case Interpreter.STOP_FAULT -> {
                    MemoryFault f = mmu.fault;
                    signals.forceFault(t, f.signal, f.code, f.address);
                }
                case Interpreter.STOP_ILLEGAL -> signals.forceFault(t, Signal.SIGILL, 1 /* ILL_ILLOPC */, t.hart.pc);
                case Interpreter.STOP_EBREAK -> signals.forceFault(t, Signal.SIGTRAP, 1 /* TRAP_BRKPT */, t.hart.pc);
                default -> {
                    if (scheduler.stopping()) return;
                }
            }
            if (gone(t)) return;
            if (signals.hasDeliverable(t) || t.process.stopped()) {
                signals.deliverPending(t);
                if (gone(t)) return;
            }
            if (t.hart.instret >= sliceEnd || interpreter.kick) {
                if (scheduler.othersWaiting() || scheduler.stopping()) {
                    t.nonvoluntaryContextSwitches++;
                    t.setState(Task.State.RUNNABLE); // queued as the CPU lets go (runTask)
                    return;
                }
                sliceEnd = t.hart.instret + slice(t);
            }
        }
    }

    /** True if t must leave the CPU: it died or was stopped. */
    private static boolean gone(Task t) {
        Task.State s = t.state();
        return s == Task.State.DEAD || s == Task.State.STOPPED;
    }
}
