package dev.javix.kernel.signal;

import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Exit;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.SignalActions;
import dev.javix.kernel.proc.Task;

/**
 * Signal generation and delivery. This first version implements dispositions and default
 * actions (terminate, core, ignore): a fault the guest does not handle kills its process with
 * the right wait status. Handler invocation with the riscv64 signal frame, masks, pending
 * sets, stop/continue and EINTR come with the process issue.
 */
public final class Signals {
    private final Kernel kernel;

    public Signals(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * A synchronous fault in t (SIGSEGV, SIGBUS, SIGILL, SIGTRAP): as Linux's force_sig, it is
     * delivered even if blocked or ignored — then with the default action.
     */
    public void forceFault(Task t, int sig, int code, long address) {
        applyDefault(t.process, sig);
    }

    /** Delivers pending signals of t before it returns to user mode; true if any was acted on. */
    public boolean deliverPending(Task t) {
        return false;
    }

    /**
     * Sends sig to process p (kill(2), tgkill(2)). Signal 0 only checks. Returns true if the
     * signal was acted on.
     */
    public boolean send(Process p, int sig) {
        if (sig == 0) return false;
        long handler = p.signalActions.handler(sig);
        if (sig != Signal.SIGKILL && sig != Signal.SIGSTOP && handler == SignalActions.SIG_IGN) return false;
        if (sig != Signal.SIGKILL && sig != Signal.SIGSTOP && handler != SignalActions.SIG_DFL) {
            // A caught signal: handler invocation arrives with the signal-frame work.
            return false;
        }
        return applyDefault(p, sig);
    }

    /** A process has exited: its timers stop. */
    public void processExited(Process p) {}

    /**
     * Tells parent that child changed state (exited, was killed, stopped, continued) with the
     * signal the child asked for at clone (SIGCHLD normally).
     */
    public void sendChildStatus(Process parent, int sig, Process child, int waitStatus) {
        send(parent, sig);
    }

    private boolean applyDefault(Process p, int sig) {
        switch (Signal.defaultAction(sig)) {
            case TERMINATE -> Exit.exitGroup(p, Exit.killed(sig, false));
            // javix writes no core files, so the core-dump bit stays clear, as on Linux with
            // the default RLIMIT_CORE of 0 (core(5)).
            case CORE -> Exit.exitGroup(p, Exit.killed(sig, false));
            default -> { return false; }
        }
        return true;
    }
}
