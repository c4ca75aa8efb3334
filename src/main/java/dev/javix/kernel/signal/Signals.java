package dev.javix.kernel.signal;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Exit;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.ResourceLimits;
import dev.javix.kernel.proc.SignalActions;
import dev.javix.kernel.proc.Task;

/**
 * Signal generation and delivery (signal(7), sigaction(2)).
 *
 * <p>Generation queues a signal on a task (thread-directed: tgkill, faults) or on its process
 * (kill), then wakes a thread that does not block it — out of an interruptible sleep, or off
 * the CPU with a kick — so it reaches {@link #deliverPending} soon. SIGKILL acts at once; SIGCONT
 * resumes a stopped process at generation, as in Linux.
 *
 * <p>Delivery runs on the virtual CPU of the receiving task, between instructions: after each
 * system call and time slice, and before a woken task re-runs a blocked system call. A handler
 * gets a riscv64 signal frame ({@link SignalFrame}); a blocked call the handler interrupts
 * returns EINTR, or is restarted under SA_RESTART ({@link Interruptible} says which).
 */
public final class Signals {
    // sa_flags (asm-generic/signal-defs.h)
    public static final long SA_NOCLDSTOP = 1, SA_NOCLDWAIT = 2, SA_SIGINFO = 4, SA_ONSTACK = 0x08000000L,
            SA_RESTART = 0x10000000L, SA_NODEFER = 0x40000000L, SA_RESETHAND = 0x80000000L;
    private static final long STOP_SIGNALS = bit(Signal.SIGSTOP) | bit(Signal.SIGTSTP) | bit(Signal.SIGTTIN)
            | bit(Signal.SIGTTOU);
    private static final long UNBLOCKABLE = bit(Signal.SIGKILL) | bit(Signal.SIGSTOP);
    // si_code of SIGCHLD
    private static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6;

    private final Kernel kernel;
    /** Woken whenever a signal becomes pending anywhere: signalfd readers and pollers wait here (Linux's signalfd_wqh). */
    private final dev.javix.kernel.sched.WaitQueue pendingChanged = new dev.javix.kernel.sched.WaitQueue();

    public Signals(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The queue woken when any signal becomes pending (signalfd). */
    public dev.javix.kernel.sched.WaitQueue pendingChanged() {
        return pendingChanged;
    }

    public static long bit(int sig) {
        return 1L << (sig - 1);
    }

    // ------------------------------------------------------------------ generation

    /** Sends sig to process p from the kernel or a kill(2); signal 0 only checks. */
    public void send(Process p, int sig) {
        send(p, SigInfo.kernel(sig));
    }

    /**
     * Sends a process-directed signal. init (pid 1) gets only the signals it has a handler for,
     * SIGKILL never (SIGNAL_UNKILLABLE: signal.c sig_task_ignored); the kernel's own init has none.
     */
    public void send(Process p, SigInfo info) {
        int sig = info.signo();
        if (sig == 0 || unkillableInit(p, sig) || p.exiting()) return;
        if (sig == Signal.SIGKILL) {
            Exit.exitGroup(p, Exit.killed(Signal.SIGKILL, false));
            return;
        }
        if (!prepare(p, sig)) return;
        if (p.pending.add(info) || sig >= 32) notifyThread(p, sig);
        pendingChanged.wakeAll(); // signalfd_notify
    }

    /** True if sig to p is dropped because p is init and has no handler for it. */
    private boolean unkillableInit(Process p, int sig) {
        return p == kernel.init() && (sig == Signal.SIGKILL || sig == Signal.SIGSTOP
                || p.signalActions.handler(sig) == SignalActions.SIG_DFL);
    }

    /** Sends a thread-directed signal (tgkill, tkill). */
    public void sendToThread(Task t, SigInfo info) {
        int sig = info.signo();
        Process p = t.process;
        if (sig == 0 || unkillableInit(p, sig) || p.exiting()) return;
        if (sig == Signal.SIGKILL) {
            Exit.exitGroup(p, Exit.killed(Signal.SIGKILL, false));
            return;
        }
        if (!prepare(p, sig)) return;
        t.pending.add(info);
        wakeForSignal(t);
        pendingChanged.wakeAll(); // signalfd_notify
    }

    /**
     * What happens at generation (signal.c prepare_signal): SIGCONT resumes the process and
     * drops pending stop signals; a stop signal drops pending SIGCONT; an ignored signal that no
     * thread blocks is discarded. Returns false if the signal is not to be queued.
     */
    private boolean prepare(Process p, int sig) {
        if (sig == Signal.SIGCONT) {
            p.pending.discard(STOP_SIGNALS);
            for (Task t : p.threads()) t.pending.discard(STOP_SIGNALS);
            resume(p);
        } else if ((bit(sig) & STOP_SIGNALS) != 0) {
            p.pending.discard(bit(Signal.SIGCONT));
            for (Task t : p.threads()) t.pending.discard(bit(Signal.SIGCONT));
        }
        return !ignored(p, sig);
    }

    private boolean ignored(Process p, int sig) {
        long h = p.signalActions.handler(sig);
        boolean ignoring = h == SignalActions.SIG_IGN
                || (h == SignalActions.SIG_DFL && Signal.defaultAction(sig) == Signal.Action.IGNORE)
                || (h == SignalActions.SIG_DFL && sig == Signal.SIGCONT);
        if (!ignoring) return false;
        for (Task t : p.threads()) if ((t.signalMask & bit(sig)) != 0 || (t.sigwaitSet & bit(sig)) != 0) return false;
        return true;
    }

    /** Picks a thread of p that does not block sig and gets it to deliver soon. */
    private void notifyThread(Process p, int sig) {
        for (Task t : p.threads()) {
            if ((t.signalMask & bit(sig)) == 0 || (t.sigwaitSet & bit(sig)) != 0) {
                wakeForSignal(t);
                return;
            }
        }
    }

    private void wakeForSignal(Task t) {
        t.kick();
        kernel.scheduler().wake(t);
    }

    /** A synchronous fault (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE): delivered even if blocked or ignored. */
    public void forceFault(Task t, int sig, int code, long address) {
        Process p = t.process;
        long[] a = p.signalActions.get(sig);
        boolean blocked = (t.signalMask & bit(sig)) != 0;
        if (a[0] == SignalActions.SIG_IGN || blocked) {
            // force_sig_info: an ignored or blocked fault is fatal with the default action.
            p.signalActions.set(sig, SignalActions.SIG_DFL, 0, 0, 0);
            t.signalMask &= ~bit(sig);
        }
        t.pending.add(SigInfo.fault(sig, code, address));
        deliverPending(t);
    }

    // ------------------------------------------------------------------ delivery

    /** True if t has a signal it does not block pending (cheap: two volatile reads). */
    public boolean hasDeliverable(Task t) {
        return ((t.pending.bits() | t.process.pending.bits()) & ~t.signalMask & ~t.sigwaitSet) != 0;
    }

    /**
     * Delivers t's pending signals before it returns to user mode. Returns true if something
     * was done (a handler frame set up, the process stopped or ended). If the task was asleep in
     * a blocked system call, a handler first interrupts that call.
     */
    public boolean deliverPending(Task t) {
        boolean acted = false;
        Process p = t.process;
        while (true) {
            synchronized (p) { // against a concurrent SIGCONT (resume holds the same lock)
                if (p.stopped()) {
                    if (t.stop()) acted = true;
                    return acted;
                }
            }
            if (!hasDeliverable(t)) return acted;
            long allowed = (~t.signalMask & ~t.sigwaitSet) | UNBLOCKABLE;
            SigInfo info = t.pending.take(allowed);
            if (info == null) info = p.pending.take(allowed);
            if (info == null) return acted;
            int sig = info.signo();
            long[] a = p.signalActions.get(sig);
            long handler = a[0], flags = a[1], mask = a[3];
            if (handler == SignalActions.SIG_IGN) continue;
            if (handler == SignalActions.SIG_DFL) {
                switch (Signal.defaultAction(sig)) {
                    case IGNORE, CONTINUE -> { continue; }
                    case STOP -> {
                        stop(p, sig);
                        continue; // the loop's first step parks this thread
                    }
                    case TERMINATE -> {
                        Exit.exitGroup(p, Exit.killed(sig, false));
                        return true;
                    }
                    case CORE -> {
                        Exit.exitGroup(p, Exit.killed(sig, coreDumped(p)));
                        return true;
                    }
                }
            }
            // A handler: interrupt a blocked system call first (signal(7), "Interruption of
            // system calls and library functions by signal handlers").
            if (t.inBlockedSyscall) {
                t.inBlockedSyscall = false;
                boolean restart = (flags & SA_RESTART) != 0
                        && !(t.syscallState instanceof Interruptible i && !i.restartable());
                long result = t.syscallState instanceof Interruptible i ? i.interrupt(t) : -Errno.EINTR;
                t.syscallState = null;
                if (!restart) {
                    t.hart.x[10] = result;
                    t.hart.pc += 4;
                }
            }
            long oldMask = t.savedSignalMask != -1 ? t.savedSignalMask : t.signalMask;
            t.savedSignalMask = -1;
            long sp = t.hart.x[2];
            if ((flags & SA_ONSTACK) != 0 && t.altStackSize != 0 && !SignalFrame.onAltStack(t, sp)) {
                sp = t.altStackSp + t.altStackSize;
            }
            if (!SignalFrame.push(t, p.mm(), sp, sig, info, handler, oldMask, p.sigreturnTrampoline())) {
                Exit.exitGroup(p, Exit.killed(Signal.SIGSEGV, coreDumped(p)));
                return true;
            }
            t.signalMask = (t.signalMask | mask | ((flags & SA_NODEFER) != 0 ? 0 : bit(sig))) & ~UNBLOCKABLE;
            if ((flags & SA_RESETHAND) != 0) p.signalActions.set(sig, SignalActions.SIG_DFL, 0, 0, 0);
            // Like Linux's exit-to-user loop: every signal still deliverable under the new mask
            // gets its frame now, stacked on this one, so the last pushed handler runs first.
            acted = true;
        }
    }

    /**
     * No core file is written; the status bit reports a dump only when RLIMIT_CORE would have
     * allowed one, so with the default limit of 0 it is clear, as on Linux (core(5)).
     */
    private static boolean coreDumped(Process p) {
        return p.limits.soft(ResourceLimits.CORE) != 0;
    }

    // ------------------------------------------------------------------ stop and continue

    /** Stops every thread of p and tells the parent (WUNTRACED, SIGCHLD unless SA_NOCLDSTOP). */
    private void stop(Process p, int sig) {
        if (p.stopped()) return;
        p.setStopped(true);
        for (Task o : p.threads()) o.kick();
        p.reportStop(sig);
        notifyParent(p, CLD_STOPPED, sig);
    }

    /** SIGCONT: resumes a stopped process and tells the parent (WCONTINUED). */
    private void resume(Process p) {
        synchronized (p) {
            if (!p.stopped()) return;
            p.setStopped(false);
            for (Task t : p.threads()) if (t.resume()) kernel.scheduler().enqueue(t);
        }
        p.reportContinue();
        notifyParent(p, CLD_CONTINUED, Signal.SIGCONT);
    }

    private void notifyParent(Process p, int code, int status) {
        Process parent = p.parent();
        if (parent == null || parent == kernel.init()) return;
        long[] a = parent.signalActions.get(Signal.SIGCHLD);
        if ((a[1] & SA_NOCLDSTOP) == 0) {
            send(parent, new SigInfo(Signal.SIGCHLD, code, p.pid, p.credentials().uid(), 0, status, 0));
        }
        parent.childEvents().wakeAll();
    }

    /** A child exited: SIGCHLD (or the clone exit signal) to the parent, with CLD_EXITED/KILLED/DUMPED. */
    public void sendChildStatus(Process parent, int sig, Process child, int waitStatus) {
        int termsig = waitStatus & 0x7f;
        int code = termsig == 0 ? CLD_EXITED : (waitStatus & 0x80) != 0 ? CLD_DUMPED : CLD_KILLED;
        int status = termsig == 0 ? (waitStatus >> 8) & 0xff : termsig;
        send(parent, new SigInfo(sig, code, child.pid, child.credentials().uid(), 0, status, 0));
    }

    /** A process has exited: its ITIMER_REAL stops. */
    public void processExited(Process p) {
        p.setRealTimer(null, 0, 0);
        p.setCpuTimer(0, 0, 0);
        p.setCpuTimer(1, 0, 0);
        p.clearPosixTimers();
    }

    // ------------------------------------------------------------------ timers

    /**
     * setitimer(ITIMER_REAL): SIGALRM at the deadline, then every interval. Returns the old
     * {remaining ns, interval ns}.
     */
    public long[] setRealTimer(Process p, long valueNs, long intervalNs) {
        long now = kernel.clock().monotonicNanos();
        long[] old = p.realTimer();
        long remaining = old[0] == 0 ? 0 : Math.max(1000, old[0] - now);
        if (valueNs == 0) {
            p.setRealTimer(null, 0, 0);
        } else {
            long deadline = now + valueNs;
            // Recorded under p's lock before the timer can see it: a timer that fires at once
            // (a loaded host) waits for the lock in realTimerFired instead of finding no deadline.
            synchronized (p) {
                p.setRealTimer(kernel.timers().at(deadline, () -> realTimerFired(p, deadline)), deadline, intervalNs);
            }
        }
        return new long[] {remaining, old[1]};
    }

    private void realTimerFired(Process p, long deadline) {
        long[] t = p.realTimer();
        if (t[0] != deadline || p.exiting()) return; // replaced or cancelled meanwhile
        if (t[1] > 0) {
            long next = deadline + t[1];
            p.setRealTimer(kernel.timers().at(next, () -> realTimerFired(p, next)), next, t[1]);
        } else {
            p.setRealTimer(null, 0, 0);
        }
        send(p, SigInfo.kernel(Signal.SIGALRM));
    }

    /** ITIMER_VIRTUAL/ITIMER_PROF: CPU time ran out → SIGVTALRM / SIGPROF (setitimer(2)). */
    public void chargeCpuTime(Process p, long ns) {
        int expired = p.chargeCpuTime(ns);
        if ((expired & 1) != 0) send(p, SigInfo.kernel(Signal.SIGVTALRM));
        if ((expired & 2) != 0) send(p, SigInfo.kernel(Signal.SIGPROF));
    }

    /** Remaining ns and interval of ITIMER_REAL (getitimer). */
    public long[] realTimer(Process p) {
        long[] t = p.realTimer();
        long now = kernel.clock().monotonicNanos();
        return new long[] {t[0] == 0 ? 0 : Math.max(1000, t[0] - now), t[1]};
    }
}
