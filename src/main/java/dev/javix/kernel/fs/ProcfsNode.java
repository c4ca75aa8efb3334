package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Process;
import java.nio.charset.StandardCharsets;

/**
 * What every /proc inode has: its file system, a stable number, a mode, and an owner — the
 * process it describes (whose effective ids own it, as task_dump_owner gives them) or none (root).
 * Made fresh on every lookup, so two inodes are equal when their numbers are.
 *
 * <p>Attributes cannot be changed (chmod and chown: EPERM; utimes is accepted and forgotten,
 * as Linux keeps no times for these files). Names cannot be made or removed in a /proc
 * directory: creating answers ENOENT and removing EPERM, Linux's answers.
 */
abstract class ProcfsNode extends Inode {
    final Procfs fs;
    final long ino;
    private final int mode;
    /** The process described, or null for kernel-wide entries (owned by root). */
    final Process owner;

    ProcfsNode(Procfs fs, long ino, int mode, Process owner) {
        this.fs = fs;
        this.ino = ino;
        this.mode = mode;
        this.owner = owner;
    }

    @Override
    Procfs fs() {
        return fs;
    }

    @Override
    int mode() {
        return mode;
    }

    @Override
    int uid() {
        return owner == null ? 0 : owner.credentials().euid();
    }

    @Override
    int gid() {
        return owner == null ? 0 : owner.credentials().egid();
    }

    @Override
    long ino() {
        return ino;
    }

    /** Times of the inode, nanoseconds since the epoch: its process's start, or boot. */
    long time() {
        return fs.bootRealtime + (owner == null ? 0 : owner.startNanos());
    }

    @Override
    void stat(StatBuf st) throws FsException {
        st.dev = fs.dev;
        st.ino = ino;
        st.mode = mode;
        st.nlink = isDir() ? 2 : 1;
        st.uid = uid();
        st.gid = gid();
        st.rdev = 0;
        st.size = 0;
        st.blksize = 1024;
        st.blocks = 0;
        long t = time();
        st.atimeSec = st.mtimeSec = st.ctimeSec = Math.floorDiv(t, 1_000_000_000L);
        st.atimeNsec = st.mtimeNsec = st.ctimeNsec = Math.floorMod(t, 1_000_000_000L);
    }

    @Override
    OpenFile open(Location at, int flags, String path) throws FsException {
        throw new FsException(Errno.ENXIO);
    }

    @Override
    void chmod(int m) throws FsException {
        throw new FsException(Errno.EPERM);
    }

    @Override
    void chown(int u, int g) throws FsException {
        throw new FsException(Errno.EPERM);
    }

    @Override
    void setTimes(long atimeNanos, long mtimeNanos) {
        // accepted and forgotten, as Linux does for proc inodes
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcfsNode n && n.fs == fs && n.ino == ino;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ino);
    }

    /** The getdents d_type of an inode. */
    static int direntType(Inode i) {
        return i.isDir() ? DirentWriter.DT_DIR : i.isSymlink() ? DirentWriter.DT_LNK : DirentWriter.DT_REG;
    }

    static byte[] bytes(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ kinds

    /** A /proc directory: entries are computed by {@link #list} and {@link #lookup}. */
    abstract static class Dir extends ProcfsNode {
        Dir(Procfs fs, long ino, int perm, Process owner) {
            super(fs, ino, StatBuf.S_IFDIR | perm, owner);
        }

        @Override
        abstract Inode parent() throws FsException;

        @Override
        abstract java.util.List<DirEntry> list() throws FsException;

        @Override
        abstract Inode lookup(String name) throws FsException;

        @Override
        boolean isEmpty() {
            return false;
        }

        @Override
        Inode create(String name, int mode, int uid, int gid) throws FsException {
            throw new FsException(Errno.ENOENT);
        }

        @Override
        Inode mkdir(String name, int mode, int uid, int gid) throws FsException {
            throw new FsException(Errno.ENOENT);
        }

        @Override
        Inode symlink(String name, String target, int uid, int gid) throws FsException {
            throw new FsException(Errno.ENOENT);
        }

        @Override
        void link(String name, Inode target) throws FsException {
            throw new FsException(Errno.ENOENT);
        }

        @Override
        void remove(String name) throws FsException {
            throw new FsException(Errno.EPERM);
        }

        @Override
        void rename(String from, Inode newDir, String to, boolean exchange) throws FsException {
            throw new FsException(Errno.ENOENT);
        }
    }

    /** Makes a file's text when it is opened. */
    @FunctionalInterface
    interface Source {
        byte[] generate() throws FsException;
    }

    /** Takes what is written to a writable file; returns the count or -errno. */
    @FunctionalInterface
    interface Sink {
        long write(byte[] data);
    }

    /**
     * A generated text file. Opening it for reading takes a snapshot of its text
     * ({@link ProcfsFile}); a write goes to its sink, or fails with the file's writeErrno
     * (Linux: EINVAL for per-process files without a write operation, EIO for the others).
     */
    static final class TextFile extends ProcfsNode {
        private final Source source;
        private final Sink sink;
        private final int writeErrno;

        TextFile(Procfs fs, long ino, int perm, Process owner, Source source, Sink sink, int writeErrno) {
            super(fs, ino, StatBuf.S_IFREG | perm, owner);
            this.source = source;
            this.sink = sink;
            this.writeErrno = writeErrno;
        }

        @Override
        OpenFile open(Location at, int flags, String path) throws FsException {
            byte[] text = (flags & OpenFile.O_ACCMODE) == OpenFile.O_WRONLY ? new byte[0] : source.generate();
            Sink s = sink != null ? sink : data -> -writeErrno;
            return new ProcfsFile(at, flags, path, text, s);
        }

        /** O_TRUNC is accepted and does nothing, as on Linux. */
        @Override
        void truncate(long size) {}
    }

    /** The target of a symbolic link, computed when it is read. */
    @FunctionalInterface
    interface Target {
        String get() throws FsException;
    }

    /** A symbolic link whose target is computed when read (self, exe, cwd, fd/N). */
    static final class Link extends ProcfsNode {
        private final Target target;

        Link(Procfs fs, long ino, int perm, Process owner, Target target) {
            super(fs, ino, StatBuf.S_IFLNK | perm, owner);
            this.target = target;
        }

        @Override
        String readlink() throws FsException {
            return target.get();
        }
    }
}
