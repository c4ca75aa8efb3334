package dev.javix.kernel;

import dev.javix.abi.Errno;
import dev.javix.elf.ElfException;
import dev.javix.elf.ElfFile;
import dev.javix.elf.ElfLoader;
import dev.javix.elf.InitialStack;
import dev.javix.kernel.fs.FsException;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.fs.Vfs;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.ResourceLimits;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.MemoryObject;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;
import java.util.List;

/**
 * Loads a program into a process (execve(2)): reads the ELF file through the VFS, builds a new
 * address space with its segments, stack, argv, envp and auxv, and points the task's registers
 * at the entry point. The old address space is dropped only once the new one is complete, so
 * a failed exec leaves the caller intact, as Linux does up to the point of no return.
 */
public final class Exec {
    /** Largest executable javix reads (a sanity bound; static glibc programs are ~1 MiB). */
    private static final long MAX_EXECUTABLE = 256L << 20;

    private Exec() {}

    /**
     * The page a signal handler returns through (Linux/riscv64 has __vdso_rt_sigreturn in its
     * vDSO): {@code li a7, 139 (rt_sigreturn); ecall}. Mapped read+execute as "[vdso]"; its
     * address goes into ra when a handler is entered. No AT_SYSINFO_EHDR is given, so glibc
     * does not look for a vDSO image and makes real system calls.
     */
    private static final MemoryObject SIGRETURN_PAGE = (offset, dst, length) -> {
        java.util.Arrays.fill(dst, 0, length, (byte) 0);
        int[] code = {0x08b00893 /* addi a7, zero, 139 */, 0x00000073 /* ecall */};
        for (int i = 0; i < code.length; i++) {
            long at = 4L * i - offset;
            for (int b = 0; b < 4; b++) if (at + b >= 0 && at + b < length) dst[(int) (at + b)] = (byte) (code[i] >>> (8 * b));
        }
    };

    /** Linux's BINPRM_BUF_SIZE: how much of a "#!" line is read. */
    private static final int SHEBANG_MAX = 256;
    /** How many "#!" interpreters may chain (Linux: 4, then ELOOP). */
    private static final int MAX_INTERPRETERS = 4;

    /**
     * execve(2) in full: loads the program (following "#!" lines), then, past the point of no
     * return, ends the process's other threads and releases a vfork parent.
     */
    public static void execve(Kernel k, Process p, Task t, String path, List<String> argv, List<String> envp)
            throws ExecException {
        load(k, p, t, path, argv, envp);
        for (Task other : p.threads()) {
            if (other == t) continue;
            other.setState(Task.State.DEAD);
            other.kick();
            p.removeThread(other);
            p.addDeadThreadInstructions(other.hart.instret);
            k.releaseTask(other);
        }
        // execve(2): a non-leader thread that execs takes over the thread group leader's id.
        if (t.tid != p.pid) k.retid(t, p.pid);
        t.clearChildTid = 0;
        t.robustListHead = 0;
        p.markExeced();
        p.clearPosixTimers(); // timer_create(2): timers are not preserved across execve
        Task vforkParent = p.takeVforkParent();
        if (vforkParent != null) vforkParent.wake();
    }

    /** Loads path into p for task t: the first program, or execve's work before the thread cleanup. */
    public static void load(Kernel k, Process p, Task t, String path, List<String> argv, List<String> envp)
            throws ExecException {
        load(k, p, t, path, argv, envp, 0);
    }

    private static void load(Kernel k, Process p, Task t, String path, List<String> argv, List<String> envp,
            int depth) throws ExecException {
        Executable exe = readExecutable(k, p, path);
        byte[] file = exe.bytes();
        if (file.length >= 2 && file[0] == '#' && file[1] == '!') {
            if (depth >= MAX_INTERPRETERS) throw new ExecException(Errno.ELOOP);
            List<String> script = interpreterLine(file);
            if (script.isEmpty()) throw new ExecException(Errno.ENOEXEC, "\"#!\" line names no interpreter");
            List<String> newArgv = new java.util.ArrayList<>(script);
            newArgv.add(path);
            if (argv.size() > 1) newArgv.addAll(argv.subList(1, argv.size()));
            load(k, p, t, script.get(0), newArgv, envp, depth + 1);
            return;
        }
        ElfFile elf;
        try {
            elf = ElfFile.parse(file);
        } catch (ElfException e) {
            throw new ExecException(Errno.ENOEXEC, e.getMessage());
        }
        AddressSpace as = new AddressSpace(k.memory());
        as.setStackLimit(stackLimit(p));
        long sp;
        long trampoline;
        ElfLoader.Loaded loaded;
        try {
            loaded = ElfLoader.load(elf, file, as, exe.path());
            as.initBrk(loaded.brkStart());
            Credentials c = p.credentials();
            byte[] random = new byte[16];
            k.random().nextBytes(random);
            sp = InitialStack.build(as, loaded, argv, envp, path, random,
                    new InitialStack.Ids(c.uid(), c.euid(), c.gid(), c.egid()));
            trampoline = as.findFree(Page.SIZE, 0);
            as.map(trampoline, Page.SIZE, Vma.READ | Vma.EXEC, 0, SIGRETURN_PAGE, 0, "[vdso]");
        } catch (ElfException e) {
            as.clear();
            throw new ExecException(e.getMessage().startsWith("argument list") ? Errno.E2BIG : Errno.ENOEXEC,
                    e.getMessage());
        }
        // Point of no return.
        AddressSpace old = p.mm();
        p.setMm(as);
        if (old != null && old != as) old.release();
        k.ipc().execed(p); // shm attachments of the old image are gone (shmat(2))
        java.util.Arrays.fill(t.hart.x, 0);
        java.util.Arrays.fill(t.hart.f, 0);
        t.hart.fflags = 0;
        t.hart.frm = 0;
        t.hart.reservationAddr = -1;
        t.hart.x[2] = sp;
        t.hart.pc = loaded.entry();
        p.setExe(exe.path(), argv);
        p.setSigreturnTrampoline(trampoline);
        String base = path.substring(path.lastIndexOf('/') + 1);
        p.setComm(base);
        // Closing close-on-exec descriptors drops the process's record locks on their files,
        // as any close does (fcntl(2): locks are released when any fd of the file is closed).
        dev.javix.kernel.fs.FileLocks locks = k.vfs().locks();
        if (locks.holdsAny(p)) {
            for (int fd = 0; fd < p.files.size(); fd++) {
                if (!p.files.closeOnExec(fd)) continue;
                dev.javix.kernel.fs.FileLocks.Key key = dev.javix.kernel.fs.FileLocks.Key.of(p.files.get(fd));
                if (key != null) locks.release(p, key);
            }
        }
        p.files.closeOnExec();
        p.signalActions.resetForExec();
    }

    /**
     * The interpreter and its optional single argument from a "#!" line (execve(2), "Interpreter
     * scripts"): everything after the interpreter's name, up to the end of the line, is one
     * argument.
     */
    static List<String> interpreterLine(byte[] file) {
        int end = 2;
        while (end < file.length && end < SHEBANG_MAX && file[end] != '\n') end++;
        String line = new String(file, 2, end - 2, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (line.isEmpty()) return List.of();
        int sp = 0;
        while (sp < line.length() && line.charAt(sp) != ' ' && line.charAt(sp) != '\t') sp++;
        String interp = line.substring(0, sp);
        String arg = line.substring(sp).strip();
        return arg.isEmpty() ? List.of(interp) : List.of(interp, arg);
    }

    private static long stackLimit(Process p) {
        long s = p.limits.soft(ResourceLimits.STACK);
        return s == ResourceLimits.INFINITY || s > (1L << 30) ? 1L << 30 : Math.max(s, 128 * 1024);
    }

    /** An executable's bytes and its canonical guest path (what /proc/[pid]/exe and maps show). */
    private record Executable(byte[] bytes, String path) {}

    /** Reads the whole file at path, checking it is a regular, executable file (execve(2) errors). */
    private static Executable readExecutable(Kernel k, Process p, String path) throws ExecException {
        OpenFile f;
        try {
            f = k.vfs().open(p, Vfs.AT_FDCWD, path, OpenFile.O_RDONLY, 0);
        } catch (FsException e) {
            throw new ExecException(e.errno);
        }
        try {
            StatBuf st = new StatBuf();
            long r = f.stat(st);
            if (r < 0) throw new ExecException((int) -r);
            // execve(2): EACCES for anything that is not a regular file, directories included.
            if ((st.mode & StatBuf.S_IFMT) != StatBuf.S_IFREG) throw new ExecException(Errno.EACCES);
            if ((st.mode & 0111) == 0) throw new ExecException(Errno.EACCES, "Permission denied (not executable)");
            if (st.size > MAX_EXECUTABLE) throw new ExecException(Errno.ENOMEM, "executable too large");
            byte[] file = new byte[(int) st.size];
            int got = 0;
            while (got < file.length) {
                long n = f.pread(null, file, got, file.length - got, got);
                if (n <= 0) break;
                got += (int) n;
            }
            if (got < file.length) file = java.util.Arrays.copyOf(file, got);
            return new Executable(file, f.path());
        } finally {
            f.close();
        }
    }
}
