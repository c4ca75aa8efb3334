package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.STR;

import dev.javix.abi.Errno;
import dev.javix.kernel.Exec;
import dev.javix.kernel.ExecException;
import dev.javix.kernel.proc.Exit;
import dev.javix.kernel.proc.Fork;
import dev.javix.kernel.proc.ForkException;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;
import java.util.ArrayList;
import java.util.List;

/** Process lifetime: clone (fork, vfork, threads), execve, exit. */
final class ForkCalls {
    private ForkCalls() {}

    /** ARG_MAX-like bound on argv + envp, as Linux's (a quarter of the 8 MiB stack limit). */
    static final int MAX_ARG_BYTES = 2 << 20;
    static final int MAX_ARG_STRINGS = 0x7fffffff;

    static void register(SyscallTable.Builder b) {
        b.add(220, "clone", INT, ForkCalls::clone, Support.PARTIAL,
                "namespaces (CLONE_NEW*) answer EPERM, CLONE_PIDFD EINVAL; CLONE_FS copies instead of sharing",
                ArgKind.CLONE_FLAGS, PTR, PTR, PTR, PTR);
        b.add(435, "clone3", INT, c -> -Errno.ENOSYS, Support.ENOSYS,
                "glibc falls back to clone when clone3 answers ENOSYS", PTR, INT);
        b.add(221, "execve", INT, ForkCalls::execve, Support.FULL, "", STR, PTR, PTR);
        b.add(93, "exit", ForkCalls::exit, INT);
    }

    /** The vfork in progress: the parent sleeps in clone until the child execs or exits. */
    private record VforkWait(Process child) {}

    /** Implements clone(2) (riscv64 order: flags, newsp, parent_tid, tls, child_tid). */
    static long clone(SyscallContext c) {
        Task self = c.task();
        if (self.syscallState instanceof VforkWait v) {
            return v.child().inVfork() ? Syscall.BLOCK : v.child().pid;
        }
        long flags = c.arg(0);
        Task child;
        try {
            child = Fork.clone(c.kernel(), self, flags, c.arg(1), c.arg(2), c.arg(3), c.arg(4), ForkCalls::writeTid);
        } catch (ForkException e) {
            return -e.errno;
        }
        if ((flags & Fork.CLONE_VM) == 0) c.kernel().shootdown(c.process(), self); // pages became COW
        c.kernel().scheduler().enqueue(child);
        if ((flags & Fork.CLONE_VFORK) != 0) {
            self.syscallState = new VforkWait(child.process);
            return child.process.inVfork() ? Syscall.BLOCK : child.tid;
        }
        return child.tid;
    }

    private static boolean writeTid(AddressSpace mm, long addr, int tid) {
        byte[] b = {(byte) tid, (byte) (tid >>> 8), (byte) (tid >>> 16), (byte) (tid >>> 24)};
        return mm.write(addr, b, 0, 4);
    }

    /** Implements execve(2). */
    static long execve(SyscallContext c) {
        String path = c.readPath(c.arg(0));
        if (path == null) return -Errno.ENAMETOOLONG;
        if (path.isEmpty()) return -Errno.ENOENT;
        List<String> argv, envp;
        try {
            int[] budget = {MAX_ARG_BYTES};
            argv = readStrings(c, c.arg(1), budget);
            envp = readStrings(c, c.arg(2), budget);
        } catch (ArgsTooLong e) {
            return -Errno.E2BIG;
        }
        Task self = c.task();
        Process p = c.process();
        try {
            Exec.execve(c.kernel(), p, self, path, argv, envp);
        } catch (ExecException e) {
            return -e.errno;
        }
        return Syscall.NO_RETURN;
    }

    private static final class ArgsTooLong extends Exception {
        ArgsTooLong() {
            super(null, null, false, false);
        }
    }

    /** Reads a NULL-terminated array of string pointers (NULL array = empty, as Linux allows). */
    private static List<String> readStrings(SyscallContext c, long array, int[] budget) throws ArgsTooLong {
        List<String> out = new ArrayList<>();
        if (array == 0) return out;
        for (int i = 0; ; i++) {
            long ptr = c.readLong(array + 8L * i);
            if (ptr == 0) return out;
            String s = c.readCString(ptr, budget[0]);
            if (s == null) throw new ArgsTooLong();
            budget[0] -= s.length() + 1 + 8;
            if (budget[0] < 0) throw new ArgsTooLong();
            out.add(s);
        }
    }

    /** Implements exit(2): ends the calling thread; the last thread ends the process. */
    static long exit(SyscallContext c) {
        Exit.exitThread(c.task(), c.argInt(0));
        return Syscall.NO_RETURN;
    }
}
