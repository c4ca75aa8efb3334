package dev.javix.kernel.proc;

import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.mem.AddressSpace;

/**
 * How threads and processes end (exit(2), exit_group(2), a fatal signal): the threads die,
 * files close, memory is released, children go to init, and the process stays a zombie holding
 * its wait status until its parent reaps it with wait(2) — unless the parent is init, ignores
 * SIGCHLD, or set SA_NOCLDWAIT, in which case it is reaped at once (wait(2), NOTES).
 */
public final class Exit {
    private static final int SA_NOCLDWAIT = 2;

    private Exit() {}

    /** Wait status of a normal exit (WIFEXITED, WEXITSTATUS = code &amp; 0xff). */
    public static int exited(int code) {
        return (code & 0xff) << 8;
    }

    /** Wait status of death by signal (WIFSIGNALED, WTERMSIG), with the core-dump bit if one was written. */
    public static int killed(int signal, boolean coreDumped) {
        return (signal & 0x7f) | (coreDumped ? 0x80 : 0);
    }

    /**
     * exit(2) of one thread: if others remain only this one ends (its clear_child_tid is zeroed
     * and futex-woken, which is how pthread_join learns of it); the last thread ends the process.
     */
    public static void exitThread(Task t, int code) {
        Process p = t.process;
        if (p.threads().size() <= 1) {
            exitGroup(p, exited(code));
            return;
        }
        t.setState(Task.State.DEAD);
        int left = p.removeThread(t);
        p.addDeadThreadInstructions(t.hart.instret);
        releaseThread(t);
        if (left == 0) exitGroup(p, exited(code));
    }

    /** What a dying thread leaves behind: robust futexes, clear_child_tid, the task slot. */
    private static void releaseThread(Task t) {
        Kernel k = t.process.kernel();
        // A thread killed in FUTEX_WAIT leaves the queue, as Linux's fatal signal wakes it there
        if (t.syscallState instanceof Futex.Waiter w) k.futex().cancel(w);
        k.futex().releaseRobustList(t);
        if (t.clearChildTid != 0) {
            AddressSpace mm = t.process.mm();
            if (mm != null && mm.write(t.clearChildTid, new byte[4], 0, 4)) {
                Futex.Key key = k.futex().key(mm, t.clearChildTid, true);
                if (key != null) k.futex().wake(key, 1, Futex.FUTEX_BITSET_MATCH_ANY);
            }
        }
        k.releaseTask(t);
    }

    /** Ends process p with the given wait status. Safe to call from any thread, more than once. */
    public static void exitGroup(Process p, int waitStatus) {
        Kernel k = p.kernel();
        if (!p.beginExit()) return;
        for (Task t : p.threads()) {
            t.setState(Task.State.DEAD);
            t.kick();
            p.removeThread(t);
            p.addDeadThreadInstructions(t.hart.instret);
            releaseThread(t);
        }
        Task vforkParent = p.takeVforkParent();
        p.maxRssKb(); // record the peak before the memory goes
        k.vfs().locks().releaseAll(p); // fcntl(2) record locks go with the process
        p.files.release();
        k.mqueues().processExited(p); // its mq_notify registrations go with its descriptors
        AddressSpace mm = p.mm();
        if (mm != null) mm.release();
        k.ipc().exited(p); // SEM_UNDO adjustments apply; shm attachments are gone with the memory
        k.signals().processExited(p);

        Process init = k.init();
        Process adopter = adopterOf(p, init);
        for (Process c : p.children()) {
            p.removeChild(c);
            c.setParent(adopter);
            adopter.addChild(c);
            if (c.status() == Process.Status.ZOMBIE) {
                // The kernel's own init reaps orphans at once; a booted /sbin/init waits for them.
                if (adopter == init && !k.initIsGuest()) reap(init, c);
                else adopter.childEvents().wakeAll();
            }
        }
        Process parent = p.parent();
        p.becomeZombie(waitStatus);
        if (vforkParent != null) vforkParent.wake();
        if (parent == null || (parent == init && !k.initIsGuest()) || parentDiscardsChildren(parent)) {
            if (parent != null) reap(parent, p);
            else k.release(p);
            // A parent blocked in wait with SIGCHLD ignored learns it has one child fewer (ECHILD at last).
            if (parent != null && parent != init) parent.childEvents().wakeAll();
        } else {
            int sig = p.exitSignal();
            if (sig > 0) k.signals().sendChildStatus(parent, sig, p, waitStatus);
            parent.childEvents().wakeAll();
        }
        k.processExited(p, waitStatus);
    }

    /**
     * Who adopts p's children: the nearest living ancestor that declared itself a child
     * subreaper (prctl PR_SET_CHILD_SUBREAPER), else init (prctl(2)).
     */
    private static Process adopterOf(Process p, Process init) {
        for (Process a = p.parent(); a != null && a != init; a = a.parent()) {
            if (a.subreaper() && !a.exiting()) return a;
        }
        return init;
    }

    /** SIGCHLD ignored or SA_NOCLDWAIT: children are not turned into zombies (sigaction(2)). */
    private static boolean parentDiscardsChildren(Process parent) {
        long[] a = parent.signalActions.get(Signal.SIGCHLD);
        return a[0] == SignalActions.SIG_IGN || (a[1] & SA_NOCLDWAIT) != 0;
    }

    /** Removes a zombie child for good: its parent collected (or discarded) its status. */
    public static void reap(Process parent, Process child) {
        child.markReaped();
        parent.removeChild(child);
        parent.addChildrenInstructions(child.instructions() + child.childrenInstructions());
        parent.addChildMaxRss(Math.max(child.maxRssKb(), child.childrenMaxRssKb()));
        parent.kernel().release(child);
    }
}
