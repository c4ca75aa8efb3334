package dev.javix.kernel.proc;

import dev.javix.kernel.Kernel;
import dev.javix.mem.AddressSpace;

/**
 * How processes end (exit_group(2), a fatal signal): every thread dies, files close, memory is
 * released, children go to init, and the process stays a zombie holding its wait status until
 * its parent reaps it (wait(2)).
 */
public final class Exit {
    private Exit() {}

    /** Wait status of a normal exit (WIFEXITED, WEXITSTATUS = code & 0xff). */
    public static int exited(int code) {
        return (code & 0xff) << 8;
    }

    /** Wait status of death by signal (WIFSIGNALED, WTERMSIG), with the core-dump bit if one was written. */
    public static int killed(int signal, boolean coreDumped) {
        return (signal & 0x7f) | (coreDumped ? 0x80 : 0);
    }

    /** Ends process p with the given wait status. Safe to call from any thread, more than once. */
    public static void exitGroup(Process p, int waitStatus) {
        Kernel k = p.kernel();
        if (!p.becomeZombie(waitStatus)) return;
        for (Task t : p.threads()) {
            t.setState(Task.State.DEAD);
            p.removeThread(t);
        }
        p.files.closeAll();
        AddressSpace mm = p.mm();
        if (mm != null) mm.clear();
        Process init = k.init();
        for (Process c : p.children()) {
            p.removeChild(c);
            c.setParent(init);
            init.addChild(c);
        }
        Process parent = p.parent();
        if (parent == init || parent == null) {
            // init reaps at once: a zombie child of pid 1 never lingers.
            p.markReaped();
            if (parent != null) parent.removeChild(p);
            k.release(p);
        } else {
            parent.childEvents().wakeAll();
        }
        k.processExited(p, waitStatus);
    }
}
