package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.Clock;
import dev.javix.mem.MemoryAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The guest's /proc (proc(5)): a window on the kernel's processes and state, in Linux's formats
 * so that glibc, ps, free and uptime read it unchanged. Nothing is stored: inodes are made on
 * lookup from what they describe (a process, a thread, an fd, the kernel) and a file's text is
 * generated when it is opened, so one open sees one consistent snapshot.
 *
 * <pre>
 *   /proc/                 {@link Root}: the files of {@link ProcfsSystem}, sys/, self, thread-self,
 *                          mounts → self/mounts, and one directory per live or zombie pid
 *   /proc/[pid]/           {@link ProcfsPid.PidDir}: stat, status, maps, fd/, task/, … whose text
 *                          comes from {@link ProcfsPidFiles}
 *   /proc/sys/kernel/      ostype, osrelease, hostname, pid_max, threads-max, …
 * </pre>
 *
 * <p>"self" is resolved against the task making the system call ({@link Task#current()},
 * Linux's {@code current}). Inode numbers are stable for a (pid, file) pair: see {@link #ino}.
 * Sizes are 0, as on Linux. Writes fail the way Linux's do (EINVAL or EIO, EACCES for users the
 * mode bits refuse), except /proc/[pid]/comm, which renames the process.
 *
 * <p>Locking: the VFS calls in with its namespace lock held; generating text takes process,
 * address space and fd table locks briefly, in the kernel's order (namespace → Process →
 * AddressSpace), and never blocks.
 */
final class Procfs extends FileSystem {
    /** f_type of statfs(2) (linux/magic.h). */
    static final long PROC_SUPER_MAGIC = 0x9fa0L;
    /** USER_HZ: the unit of every tick count here (sysconf(_SC_CLK_TCK), AT_CLKTCK). */
    static final long HZ = 100;
    static final long NS_PER_TICK = 1_000_000_000L / HZ;
    /** What the kernel claims to be (matching uname(2)). */
    static final String OSTYPE = "Linux", RELEASE = "6.6.0-javix", VERSION = "#1 SMP javix", HOSTNAME = "javix";

    // Inode number kinds (see ino): what the id in the high bits is.
    static final int KIND_SYSTEM = 0, KIND_PID = 1, KIND_THREAD = 2, KIND_FD = 3, KIND_FDINFO = 4, KIND_FD_TARGET = 5;

    /** The kernel whose processes are shown; null for a VFS without one (file system tests). */
    final Kernel kernel;
    final Vfs vfs;
    final Clock clock;
    final MemoryAccount memory;
    /** CLOCK_REALTIME at boot (CLOCK_MONOTONIC zero), nanoseconds: btime and inode times. */
    final long bootRealtime;
    private final Root root;

    Procfs(long dev, Kernel kernel, Vfs vfs, Clock clock, MemoryAccount memory) {
        super(dev);
        this.kernel = kernel;
        this.vfs = vfs;
        this.clock = clock;
        this.memory = memory;
        this.bootRealtime = clock.realtimeNanos() - clock.monotonicNanos();
        this.root = new Root(this);
    }

    /**
     * Inode numbers: {@code id << 24 | kind << 20 | index}, where id is a pid or tid (0 for
     * kernel-wide entries) and index is a file's place in its directory or an fd (fds stay
     * below 2^20, the hard RLIMIT_NOFILE). So a file keeps its number while its process lives.
     */
    static long ino(int id, int kind, int index) {
        return ((long) id << 24) | ((long) kind << 20) | index;
    }

    @Override
    Root root() {
        return root;
    }

    /** Not read-only as a mount: Linux's /proc is "rw", and its files refuse writes themselves. */
    @Override
    boolean readOnly() {
        return false;
    }

    @Override
    String type() {
        return "proc";
    }

    @Override
    void statfs(StatFs out) {
        out.type = PROC_SUPER_MAGIC;
        out.bsize = out.frsize = 4096;
        out.blocks = out.bfree = out.bavail = out.files = out.ffree = 0;
        out.fsid0 = (int) dev;
        out.fsid1 = (int) (dev >>> 32);
        out.flags = StatFs.ST_VALID | StatFs.ST_NOSUID | StatFs.ST_NODEV | StatFs.ST_NOEXEC | StatFs.ST_RELATIME;
    }

    // ------------------------------------------------------------------ who is asking, about whom

    /** The task making the current system call, or null off a virtual CPU of this kernel. */
    Task current() {
        Task t = Task.current();
        return t != null && kernel != null && t.process.kernel() == kernel ? t : null;
    }

    /** The caller's credentials (the kernel's own off a virtual CPU). */
    Credentials caller() {
        Task t = current();
        return t == null ? Vfs.KERNEL : t.process.credentials();
    }

    /**
     * ptrace_may_access(PTRACE_MODE_READ) as far as javix has it: root, or a caller of the same
     * user. Guards maps, environ and the exe, cwd, root and fd links (EACCES otherwise).
     */
    void checkInspect(Process target) throws FsException {
        Credentials c = caller();
        Credentials t = target.credentials();
        if (c.euid() != 0 && (c.euid() != t.uid() || c.euid() != t.euid())) throw new FsException(Errno.EACCES);
    }

    /** The process pid if it is alive or a zombie; null once reaped (or never there). */
    Process process(int pid) {
        if (kernel == null) return null;
        Process p = kernel.process(pid);
        return p == null || p.status() == Process.Status.REAPED ? null : p;
    }

    /** Every live or zombie process, by pid. */
    List<Process> processes() {
        List<Process> out = new ArrayList<>();
        if (kernel == null) return out;
        for (Process p : kernel.processes()) if (p.status() != Process.Status.REAPED) out.add(p);
        out.sort((a, b) -> Integer.compare(a.pid, b.pid));
        return out;
    }

    /** A directory name that is a pid: decimal, no sign, no leading zero (Linux's name_to_int). */
    static int parseId(String name) {
        int n = name.length();
        if (n == 0 || n > 9 || (n > 1 && name.charAt(0) == '0')) return -1;
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    // ------------------------------------------------------------------ the root directory

    /** /proc itself: the kernel-wide files, self, thread-self, sys/, and the pid directories. */
    static final class Root extends ProcfsNode.Dir {
        /** The fixed entries, in listing order; index + 2 is the inode number (the root is 1). */
        private static final String[] NAMES = {"cpuinfo", "filesystems", "loadavg", "meminfo", "mounts", "self",
            "stat", "sys", "sysvipc", "thread-self", "uptime", "version"};

        Root(Procfs fs) {
            super(fs, 1, 0555, null);
        }

        @Override
        Inode parent() {
            return this;
        }

        @Override
        List<DirEntry> list() {
            List<DirEntry> out = new ArrayList<>();
            for (String n : NAMES) {
                try {
                    Inode i = fixed(n);
                    out.add(new DirEntry(n, i.ino(), ProcfsNode.direntType(i)));
                } catch (FsException e) {
                    throw new IllegalStateException(e);
                }
            }
            for (Process p : fs.processes()) {
                out.add(new DirEntry(Integer.toString(p.pid), Procfs.ino(p.pid, KIND_PID, 0), DirentWriter.DT_DIR));
            }
            return out;
        }

        @Override
        Inode lookup(String name) throws FsException {
            int id = parseId(name);
            if (id < 0) return fixed(name);
            Process p = fs.process(id);
            if (p != null) return new ProcfsPid.PidDir(fs, p, p.pid, false, this);
            // A thread's tid is a directory too, not listed (Linux: "hidden" task directories).
            Task t = fs.kernel == null ? null : fs.kernel.task(id);
            if (t != null && fs.process(t.process.pid) != null) return new ProcfsPid.PidDir(fs, t.process, id, true, this);
            throw new FsException(Errno.ENOENT);
        }

        private Inode fixed(String name) throws FsException {
            int index = java.util.Arrays.asList(NAMES).indexOf(name);
            if (index < 0) throw new FsException(Errno.ENOENT);
            long ino = 2 + index;
            return switch (name) {
                case "self" -> new ProcfsNode.Link(fs, ino, 0777, null, () -> {
                    Task t = fs.current();
                    if (t == null) throw new FsException(Errno.ENOENT);
                    return Integer.toString(t.process.pid);
                });
                case "thread-self" -> new ProcfsNode.Link(fs, ino, 0777, null, () -> {
                    Task t = fs.current();
                    if (t == null) throw new FsException(Errno.ENOENT);
                    return t.process.pid + "/task/" + t.tid;
                });
                case "mounts" -> new ProcfsNode.Link(fs, ino, 0777, null, () -> "self/mounts");
                case "sys" -> new SysDir(fs, this, "sys", ino);
                case "sysvipc" -> new SysDir(fs, this, "sysvipc", ino);
                default -> new ProcfsNode.TextFile(fs, ino, 0444, null, ProcfsSystem.generator(fs, name), null,
                        Errno.EIO);
            };
        }
    }

    /**
     * /proc/sys and /proc/sys/kernel: the sysctl values programs read (sysctl(2)'s file view).
     * Read-only here: writing answers EIO.
     */
    static final class SysDir extends ProcfsNode.Dir {
        private final Inode parent;
        private final String name;

        SysDir(Procfs fs, Inode parent, String name, long ino) {
            super(fs, ino, 0555, null);
            this.parent = parent;
            this.name = name;
        }

        @Override
        Inode parent() {
            return parent;
        }

        @Override
        String dirName() {
            return name;
        }

        private List<String> names() {
            if (name.equals("sysvipc")) return List.of("msg", "sem", "shm");
            return name.equals("sys") ? List.of("kernel") : ProcfsSystem.SYS_KERNEL;
        }

        @Override
        List<DirEntry> list() throws FsException {
            List<DirEntry> out = new ArrayList<>();
            for (String n : new TreeSet<>(names())) {
                Inode i = lookup(n);
                out.add(new DirEntry(n, i.ino(), ProcfsNode.direntType(i)));
            }
            return out;
        }

        @Override
        Inode lookup(String n) throws FsException {
            int index = names().indexOf(n);
            if (index < 0) throw new FsException(Errno.ENOENT);
            if (name.equals("sys")) return new SysDir(fs, this, n, 100);
            if (name.equals("sysvipc")) { // /proc/sysvipc/{msg,sem,shm}: the System V IPC objects (proc(5))
                return new ProcfsNode.TextFile(fs, 130 + index, 0444, null, () -> ProcfsNode.bytes(
                        fs.kernel == null ? "" : fs.kernel.ipc().procText(n)), null, Errno.EIO);
            }
            return new ProcfsNode.TextFile(fs, 101 + index, 0444, null, ProcfsSystem.sysKernel(fs, n), null, Errno.EIO);
        }
    }
}
