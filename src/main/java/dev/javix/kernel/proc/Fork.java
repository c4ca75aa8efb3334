package dev.javix.kernel.proc;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.fs.FdTable;
import dev.javix.mem.AddressSpace;

/**
 * Process and thread creation: clone(2) and its special cases fork(2) and vfork(2).
 *
 * <p>fork copies nothing eagerly: the address space is duplicated copy-on-write
 * ({@link AddressSpace#fork()}), the fd table shares every open file description. A thread
 * (CLONE_VM|CLONE_THREAD|CLONE_SIGHAND…) is a new {@link Task} in the same {@link Process}.
 * vfork (CLONE_VM|CLONE_VFORK) shares the parent's address space until the child execs or
 * exits; the parent's clone call sleeps until then (Linux semantics, which qemu-user does not
 * follow: it emulates vfork as fork).
 */
public final class Fork {
    // clone flags, include/uapi/linux/sched.h
    public static final long CSIGNAL = 0xff, CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400,
            CLONE_SIGHAND = 0x800, CLONE_PIDFD = 0x1000, CLONE_PTRACE = 0x2000, CLONE_VFORK = 0x4000,
            CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000, CLONE_NEWNS = 0x20000, CLONE_SYSVSEM = 0x40000,
            CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000,
            CLONE_DETACHED = 0x400000, CLONE_UNTRACED = 0x800000, CLONE_CHILD_SETTID = 0x1000000,
            CLONE_NEWCGROUP = 0x2000000, CLONE_NEWUTS = 0x4000000, CLONE_NEWIPC = 0x8000000,
            CLONE_NEWUSER = 0x10000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000, CLONE_IO = 0x80000000L;
    private static final long NAMESPACES = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER
            | CLONE_NEWPID | CLONE_NEWNET;

    private Fork() {}

    /**
     * Creates the task clone(2) describes (riscv64 argument order: flags, newsp, parent_tid,
     * tls, child_tid). The new task is registered but not yet runnable; its registers are the
     * parent's with a0 = 0, pc after the ecall, sp = newsp if given, tp = tls with CLONE_SETTLS.
     *
     * @param writeTid writes a tid into guest memory (ptid in the parent's space, ctid in the
     *                 child's); returns false on a bad address (EFAULT)
     */
    public static Task clone(Kernel k, Task parentTask, long flags, long newsp, long ptid, long tls, long ctid,
            TidWriter writeTid) throws ForkException {
        Process parent = parentTask.process;
        // clone(2) ERRORS: the flag combinations Linux refuses.
        if ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0) throw new ForkException(Errno.EINVAL);
        if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) throw new ForkException(Errno.EINVAL);
        if ((flags & CLONE_FS) != 0 && (flags & CLONE_NEWNS) != 0) throw new ForkException(Errno.EINVAL);
        if ((flags & NAMESPACES) != 0) throw new ForkException(Errno.EPERM); // no namespaces in javix yet
        if ((flags & CLONE_PIDFD) != 0) throw new ForkException(Errno.EINVAL); // pidfds are not supported yet
        if ((flags & CLONE_THREAD) != 0 && (flags & CSIGNAL) != 0) throw new ForkException(Errno.EINVAL);
        if (!k.reserveTask(parent)) throw new ForkException(Errno.EAGAIN);

        Task child = null;
        boolean ok = false;
        try {
            if ((flags & CLONE_THREAD) != 0) {
                parent.mm().setMultiThreaded();
                child = k.newTask(parent, false);
            } else {
                AddressSpace mm = (flags & CLONE_VM) != 0 ? parent.mm().share() : parent.mm().fork();
                if ((flags & CLONE_VM) == 0) k.ipc().forked(parent.mm(), mm, parent.pid); // shm nattch
                FdTable files = (flags & CLONE_FILES) != 0 ? parent.files.share() : parent.files.copy();
                SignalActions actions = (flags & CLONE_SIGHAND) != 0 ? parent.signalActions : parent.signalActions.copy();
                Process realParent = (flags & CLONE_PARENT) != 0 && parent.parent() != null ? parent.parent() : parent;
                Process p = k.newProcess(realParent, mm, files, actions, parent);
                p.setExitSignal((int) (flags & CSIGNAL));
                child = k.newTask(p, true);
                if ((flags & CLONE_VFORK) != 0) p.setVforkParent(parentTask);
            }
            child.hart.copyFrom(parentTask.hart);
            child.hart.x[10] = 0;
            child.hart.pc = parentTask.hart.pc + 4;
            if (newsp != 0) child.hart.x[2] = newsp;
            if ((flags & CLONE_SETTLS) != 0) child.hart.x[4] = tls;
            child.signalMask = parentTask.signalMask;
            child.affinity = parentTask.affinity;
            child.schedPolicy = parentTask.schedPolicy;
            child.schedPriority = parentTask.schedPriority;
            child.setComm(parentTask.comm());
            if ((flags & CLONE_VM) == 0 || (flags & CLONE_VFORK) != 0) {
                // sigaltstack(2): a fork child inherits the alternate stack; a thread starts without one.
                child.altStackSp = parentTask.altStackSp;
                child.altStackSize = parentTask.altStackSize;
                child.altStackFlags = parentTask.altStackFlags;
            }
            if ((flags & CLONE_CHILD_CLEARTID) != 0) child.clearChildTid = ctid;
            if ((flags & CLONE_PARENT_SETTID) != 0 && !writeTid.write(parent.mm(), ptid, child.tid)) {
                throw new ForkException(Errno.EFAULT);
            }
            if ((flags & CLONE_CHILD_SETTID) != 0 && !writeTid.write(child.process.mm(), ctid, child.tid)) {
                throw new ForkException(Errno.EFAULT);
            }
            ok = true;
            return child;
        } finally {
            if (!ok) {
                if (child != null) k.discardNewTask(child);
                else k.unreserveTask(parent);
            }
        }
    }

    /** Stores a tid into guest memory; false on a bad address. */
    @FunctionalInterface
    public interface TidWriter {
        boolean write(AddressSpace mm, long addr, int tid);
    }
}
