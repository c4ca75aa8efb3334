package dev.javix.kernel.tty;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.SignalActions;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.Signals;
import dev.javix.syscall.Syscall;

/**
 * The job-control rules of a controlling terminal (credentials(7), termios(3) "Canonical and
 * noncanonical mode", tty_jobctrl.c): what a process of a background process group may do.
 */
final class JobControl {
    private JobControl() {}

    /**
     * __tty_check_change(tty, sig): a task of a background group of the terminal's session
     * reading (sig SIGTTIN), or writing with TOSTOP, setting attributes, flushing or calling
     * tcsetpgrp (sig SIGTTOU). Returns 0 when it may go on; -EIO when sig is SIGTTIN and the
     * task ignores or blocks it, or when its group is orphaned (nobody could continue it);
     * else sends sig to the whole group and returns {@code Syscall.BLOCK} with the signal
     * pending, which is Linux's -ERESTARTSYS: the call runs again after the group is continued,
     * or a handler interrupts it (EINTR, or a restart under SA_RESTART). A task that ignores or
     * blocks SIGTTOU may go on.
     */
    static long check(Tty tty, Task t, int sig) {
        Process p = t.process;
        if (!tty.isControllingTerminalOf(p)) return 0;
        int fg = tty.foregroundPgrp();
        int pg = p.pgid();
        if (fg == 0 || pg == fg) return 0;
        if (ignoredOrBlocked(t, sig)) return sig == Signal.SIGTTIN ? -Errno.EIO : 0;
        if (orphaned(p.kernel(), pg)) return -Errno.EIO;
        tty.signalGroup(pg, sig);
        return Syscall.BLOCK;
    }

    /** is_ignored(): blocked by the calling thread, or SIG_IGN for the process. */
    static boolean ignoredOrBlocked(Task t, int sig) {
        return (t.signalMask & Signals.bit(sig)) != 0 || t.process.signalActions.handler(sig) == SignalActions.SIG_IGN;
    }

    /**
     * After process p exited (exit(3), "Consequences of process termination"; Linux's
     * kill_orphaned_pgrp): a process group of its session that is now orphaned and has a
     * stopped member gets SIGHUP then SIGCONT, since nobody is left to continue it. Linux does
     * this only for groups the exit newly orphaned (p's own and its children's); groups of the
     * session that were orphaned and stopped already are treated alike here.
     */
    static void hangUpOrphanedStoppedGroups(Kernel k, Process p) {
        java.util.Set<Integer> groups = new java.util.HashSet<>();
        for (Process m : k.processes()) {
            if (m.sid() == p.sid() && m.status() == Process.Status.RUNNING && m.stopped()) groups.add(m.pgid());
        }
        for (int pg : groups) {
            if (!orphaned(k, pg)) continue;
            for (Process m : k.processes()) {
                if (m.pgid() == pg && m.status() == Process.Status.RUNNING) k.signals().send(m, Signal.SIGHUP);
            }
            for (Process m : k.processes()) {
                if (m.pgid() == pg && m.status() == Process.Status.RUNNING) k.signals().send(m, Signal.SIGCONT);
            }
        }
    }

    /**
     * An orphaned process group (POSIX; will_become_orphaned_pgrp): no member has a parent in a
     * different group of the same session. Parents that are init (pid 1) do not count.
     */
    static boolean orphaned(Kernel k, int pgid) {
        for (Process m : k.processes()) {
            if (m.pgid() != pgid || m.status() != Process.Status.RUNNING) continue;
            Process parent = m.parent();
            if (parent == null || parent.pid == 1) continue;
            if (parent.pgid() != pgid && parent.sid() == m.sid()) return false;
        }
        return true;
    }
}
