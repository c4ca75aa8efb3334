package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories of one process in /proc: /proc/[pid] (the thread group), /proc/[pid]/task/[tid]
 * (one thread: the same files about that thread), and fd/, fdinfo/, task/ within them.
 *
 * <p>A directory lives as long as its process is not reaped: a zombie keeps its directory with
 * state Z, an empty cmdline, no maps, no fds, and exe, cwd and root answering ENOENT; after
 * wait(2) reaps it, every lookup and listing answers ENOENT.
 *
 * <p>fd/N is a symbolic link to the description's {@link OpenFile#path()}, so opening it
 * reopens a file in the tree by its path. A description outside the tree (a pipe, the console,
 * a socket) has a name like "pipe:[12]" that is no path: the walk, following the link
 * relative to fd/, looks that name up in fd/ itself, where it finds the description, and
 * opening it shares the description (as /dev/stdin, /dev/stdout and /dev/stderr need).
 * Listings never show those names.
 */
final class ProcfsPid {
    private ProcfsPid() {}

    /** The files of a pid directory, with their types and permission bits as Linux has them. */
    enum Entry {
        CMDLINE("cmdline", StatBuf.S_IFREG, 0444), COMM("comm", StatBuf.S_IFREG, 0644),
        CWD("cwd", StatBuf.S_IFLNK, 0777), ENVIRON("environ", StatBuf.S_IFREG, 0400),
        EXE("exe", StatBuf.S_IFLNK, 0777), FD("fd", StatBuf.S_IFDIR, 0500), FDINFO("fdinfo", StatBuf.S_IFDIR, 0555),
        LIMITS("limits", StatBuf.S_IFREG, 0444), MAPS("maps", StatBuf.S_IFREG, 0444),
        MOUNTINFO("mountinfo", StatBuf.S_IFREG, 0444), MOUNTS("mounts", StatBuf.S_IFREG, 0444),
        ROOT("root", StatBuf.S_IFLNK, 0777), STAT("stat", StatBuf.S_IFREG, 0444),
        STATM("statm", StatBuf.S_IFREG, 0444), STATUS("status", StatBuf.S_IFREG, 0444),
        TASK("task", StatBuf.S_IFDIR, 0555);

        final String name;
        final int type, perm;

        Entry(String name, int type, int perm) {
            this.name = name;
            this.type = type;
            this.perm = perm;
        }

        int direntType() {
            return type == StatBuf.S_IFDIR ? DirentWriter.DT_DIR : type == StatBuf.S_IFLNK ? DirentWriter.DT_LNK
                    : DirentWriter.DT_REG;
        }
    }

    /** Throws ENOENT once p has been reaped: its directories are gone. */
    static void requireAlive(Procfs fs, Process p) throws FsException {
        if (fs.process(p.pid) != p) throw new FsException(Errno.ENOENT);
    }

    /** /proc/[pid] (thread == false) or /proc/[pid]/task/[tid] and /proc/[tid] (thread == true). */
    static final class PidDir extends ProcfsNode.Dir {
        final ProcfsPidFiles.Subject subject;
        private final Inode parent;

        PidDir(Procfs fs, Process p, int id, boolean thread, Inode parent) {
            super(fs, Procfs.ino(id, thread ? Procfs.KIND_THREAD : Procfs.KIND_PID, 0), 0555, p);
            this.subject = new ProcfsPidFiles.Subject(fs, p, id, thread);
            this.parent = parent;
        }

        @Override
        Inode parent() {
            return parent;
        }

        @Override
        String dirName() {
            return Integer.toString(subject.id());
        }

        private boolean has(Entry e) {
            return !(e == Entry.TASK && subject.thread());
        }

        @Override
        List<DirEntry> list() throws FsException {
            requireAlive(fs, owner);
            List<DirEntry> out = new ArrayList<>();
            for (Entry e : Entry.values()) if (has(e)) out.add(new DirEntry(e.name, ino(e), e.direntType()));
            return out;
        }

        private long ino(Entry e) {
            return Procfs.ino(subject.id(), subject.thread() ? Procfs.KIND_THREAD : Procfs.KIND_PID, e.ordinal() + 1);
        }

        @Override
        Inode lookup(String name) throws FsException {
            requireAlive(fs, owner);
            for (Entry e : Entry.values()) if (has(e) && e.name.equals(name)) return make(e);
            throw new FsException(Errno.ENOENT);
        }

        private Inode make(Entry e) {
            Process p = owner;
            long ino = ino(e);
            return switch (e) {
                case FD -> new FdDir(fs, p, this, ino, false);
                case FDINFO -> new FdDir(fs, p, this, ino, true);
                case TASK -> new TaskDir(fs, p, this, ino);
                case EXE -> new ProcfsNode.Link(fs, ino, e.perm, p, () -> {
                    fs.checkInspect(p);
                    String exe = p.exePath();
                    if (ProcfsPidFiles.dead(p) || exe.isEmpty()) throw new FsException(Errno.ENOENT);
                    return exe;
                });
                case CWD -> new ProcfsNode.Link(fs, ino, e.perm, p, () -> {
                    fs.checkInspect(p);
                    if (ProcfsPidFiles.dead(p)) throw new FsException(Errno.ENOENT);
                    return p.cwd();
                });
                case ROOT -> new ProcfsNode.Link(fs, ino, e.perm, p, () -> {
                    fs.checkInspect(p);
                    if (ProcfsPidFiles.dead(p)) throw new FsException(Errno.ENOENT);
                    return "/";
                });
                case COMM -> new ProcfsNode.TextFile(fs, ino, e.perm, p, subject::comm, subject::setComm, Errno.EINVAL);
                default -> new ProcfsNode.TextFile(fs, ino, e.perm, p, subject.source(e), null, Errno.EINVAL);
            };
        }
    }

    /** /proc/[pid]/task: a directory per thread. */
    static final class TaskDir extends ProcfsNode.Dir {
        private final Inode parent;

        TaskDir(Procfs fs, Process p, Inode parent, long ino) {
            super(fs, ino, 0555, p);
            this.parent = parent;
        }

        @Override
        Inode parent() {
            return parent;
        }

        @Override
        String dirName() {
            return "task";
        }

        /** The tids: the live threads, or the leader alone for a zombie. */
        private List<Integer> tids() {
            List<Integer> out = new ArrayList<>();
            for (Task t : owner.threads()) out.add(t.tid);
            if (out.isEmpty()) out.add(owner.pid);
            out.sort(null);
            return out;
        }

        @Override
        List<DirEntry> list() throws FsException {
            requireAlive(fs, owner);
            List<DirEntry> out = new ArrayList<>();
            for (int tid : tids()) {
                out.add(new DirEntry(Integer.toString(tid), Procfs.ino(tid, Procfs.KIND_THREAD, 0), DirentWriter.DT_DIR));
            }
            return out;
        }

        @Override
        Inode lookup(String name) throws FsException {
            requireAlive(fs, owner);
            int tid = Procfs.parseId(name);
            if (tid < 0 || !tids().contains(tid)) throw new FsException(Errno.ENOENT);
            return new PidDir(fs, owner, tid, true, this);
        }
    }

    /** /proc/[pid]/fd (symbolic links) or /proc/[pid]/fdinfo (text files), one entry per open fd. */
    static final class FdDir extends ProcfsNode.Dir {
        private final Inode parent;
        private final boolean info;

        FdDir(Procfs fs, Process p, Inode parent, long ino, boolean info) {
            super(fs, ino, info ? 0555 : 0500, p);
            this.parent = parent;
            this.info = info;
        }

        @Override
        Inode parent() {
            return parent;
        }

        @Override
        String dirName() {
            return info ? "fdinfo" : "fd";
        }

        /** The description behind fd, or null (none, or the process is dead). */
        private OpenFile file(int fd) {
            return ProcfsPidFiles.dead(owner) ? null : owner.files.get(fd);
        }

        @Override
        List<DirEntry> list() throws FsException {
            requireAlive(fs, owner);
            List<DirEntry> out = new ArrayList<>();
            if (ProcfsPidFiles.dead(owner)) return out;
            int n = owner.files.size();
            for (int fd = 0; fd < n; fd++) {
                if (file(fd) == null) continue;
                out.add(new DirEntry(Integer.toString(fd), Procfs.ino(owner.pid, info ? Procfs.KIND_FDINFO : Procfs.KIND_FD, fd),
                        info ? DirentWriter.DT_REG : DirentWriter.DT_LNK));
            }
            return out;
        }

        @Override
        Inode lookup(String name) throws FsException {
            requireAlive(fs, owner);
            int fd = Procfs.parseId(name);
            if (fd < 0) {
                if (!info) return target(name);
                throw new FsException(Errno.ENOENT);
            }
            OpenFile f = file(fd);
            if (f == null) throw new FsException(Errno.ENOENT);
            Process p = owner;
            if (info) {
                return new ProcfsNode.TextFile(fs, Procfs.ino(p.pid, Procfs.KIND_FDINFO, fd), 0444, p,
                        () -> ProcfsPidFiles.fdinfo(p, fd), null, Errno.EINVAL);
            }
            // lrwx------ by the description's access mode (proc_fd_instantiate)
            int perm = (f.readable() ? 0500 : 0) | (f.writable() ? 0300 : 0);
            return new ProcfsNode.Link(fs, Procfs.ino(p.pid, Procfs.KIND_FD, fd), perm, p, () -> {
                fs.checkInspect(p);
                OpenFile now = file(fd);
                if (now == null) throw new FsException(Errno.ENOENT);
                return now.path();
            });
        }

        /** The description named name that an fd link of a pipe, console or socket leads to. */
        private Inode target(String name) throws FsException {
            int n = owner.files.size();
            for (int fd = 0; fd < n; fd++) {
                OpenFile f = file(fd);
                if (f != null && !(f instanceof InodeFile) && f.path().equals(name)) {
                    return new FdTarget(fs, owner, name, Procfs.ino(owner.pid, Procfs.KIND_FD_TARGET, fd));
                }
            }
            throw new FsException(Errno.ENOENT);
        }
    }

    /**
     * What /proc/[pid]/fd/N leads to for a description with no place in the tree. Its attributes
     * are the description's; opening it shares a description of that name whose access mode
     * allows what is asked (EACCES if none does).
     */
    static final class FdTarget extends ProcfsNode {
        private final String name;

        FdTarget(Procfs fs, Process p, String name, long ino) {
            super(fs, ino, mode(p, name), p);
            this.name = name;
        }

        private static OpenFile find(Process p, String name, boolean read, boolean write) {
            if (ProcfsPidFiles.dead(p)) return null;
            int n = p.files.size();
            for (int fd = 0; fd < n; fd++) {
                OpenFile f = p.files.get(fd);
                if (f == null || f instanceof InodeFile || !f.path().equals(name)) continue;
                if ((!read || f.readable()) && (!write || f.writable())) return f;
            }
            return null;
        }

        private static int mode(Process p, String name) {
            OpenFile f = find(p, name, false, false);
            StatBuf st = new StatBuf();
            if (f == null || f.stat(st) < 0 || (st.mode & StatBuf.S_IFMT) == 0) return StatBuf.S_IFIFO | 0600;
            return st.mode;
        }

        @Override
        void stat(StatBuf st) throws FsException {
            OpenFile f = find(owner, name, false, false);
            if (f == null) throw new FsException(Errno.ENOENT);
            long r = f.stat(st);
            if (r < 0) throw new FsException((int) -r);
        }

        @Override
        OpenFile open(Location at, int flags, String path) throws FsException {
            fs.checkInspect(owner);
            int acc = flags & OpenFile.O_ACCMODE;
            OpenFile f = find(owner, name, acc != OpenFile.O_WRONLY, acc != OpenFile.O_RDONLY);
            if (f == null) throw new FsException(find(owner, name, false, false) == null ? Errno.ENOENT : Errno.EACCES);
            return f.retain();
        }
    }
}
