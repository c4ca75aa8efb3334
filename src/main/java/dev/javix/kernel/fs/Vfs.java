package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.sched.Clock;
import dev.javix.mem.MemoryAccount;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The guest's file system tree: one mount table, one path walk ({@link PathWalk}), and every
 * path-based operation of the system calls (open, stat, mkdir, unlink, rename, …) with Linux's
 * argument rules and error precedence. File systems ({@link Tmpfs}, {@link HostFs}, devfs)
 * only store; permission checks, read-only mounts, ".", "..", trailing slashes and symlinks are
 * decided here, once for all of them.
 *
 * <p>Paths are guest paths: absolute, or relative to the process's working directory (kept by
 * {@link Process} as a normalised absolute path) or to a directory descriptor (the *at calls).
 *
 * <p>Locking: {@link #namespace} is held for reading by every walk and the operation at its
 * end, and for writing by every operation that adds, removes or moves a name. That makes each
 * such operation atomic with respect to the walks (what the confinement of host mounts relies
 * on, see {@link HostFs}) and serialises renames (no two renames can race into a loop).
 * Lock order: namespace → open description (OpenFile) → inode. Never held across a block.
 */
public final class Vfs {
    public static final int AT_FDCWD = -100;
    // *at flags (linux/fcntl.h)
    public static final int AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EACCESS = 0x200,
            AT_SYMLINK_FOLLOW = 0x400, AT_NO_AUTOMOUNT = 0x800, AT_EMPTY_PATH = 0x1000;
    // renameat2(2) flags
    public static final int RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;
    /** Vfs.utimes times meaning "now" and "leave unchanged" (no real time is this far in the past). */
    public static final long UTIME_NOW = Long.MIN_VALUE, UTIME_OMIT = Long.MIN_VALUE + 1;
    // access(2) modes
    public static final int F_OK = 0, X_OK = 1, W_OK = 2, R_OK = 4;

    /** The kernel's own identity, for walks that no process makes (mounting, re-walking a cwd). */
    static final Credentials KERNEL = Credentials.of(0, 0);
    private static final int S_ISGID = 02000;

    private final Kernel kernel;
    private final Clock clock;
    private final MemoryAccount account;
    private final Random random;
    final ReentrantReadWriteLock namespace = new ReentrantReadWriteLock();

    private final MountTable mounts;

    // ---- guarded by this
    private int nextMinor = 0x20;

    private Cleaner cleaner;
    private OpenFile[] console;
    /** fcntl(2) record locks of every file of this kernel. */
    private final FileLocks locks = new FileLocks();
    /** flock(2) locks: a table of their own (they never interact with fcntl's). */
    private final FileLocks flocks = new FileLocks();

    public Vfs(Kernel kernel) {
        this(kernel, kernel.clock(), kernel.memory(), kernel.random());
    }

    /** A VFS without a kernel (tests): no console, so /dev/tty answers ENXIO. */
    Vfs(Clock clock, MemoryAccount account, Random random) {
        this(null, clock, account, random);
    }

    private Vfs(Kernel kernel, Clock clock, MemoryAccount account, Random random) {
        this.kernel = kernel;
        this.clock = clock;
        this.account = account;
        this.random = random;
        this.mounts = new MountTable(this, () -> new Tmpfs(newDev(), "tmpfs", clock, account, 0755));
    }

    // ------------------------------------------------------------------ mounting

    /** Mounts a host directory at guestPath ("/" first), read-only or read-write. */
    public void mountHost(String guestPath, Path host, boolean writable) {
        try {
            attach(guestPath, new HostFs(newDev(), host, writable, this::cleaner));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot mount host directory " + host + ": " + e, e);
        }
    }

    /** Mounts an empty tmpfs (root mode 01777, like /tmp) at guestPath. */
    public void mountTmpfs(String guestPath) {
        attach(guestPath, new Tmpfs(newDev(), "tmpfs", clock, account, 01777));
    }

    /** Mounts the device file system at guestPath and a tmpfs at guestPath/shm. */
    public void mountDevfs(String guestPath) {
        attach(guestPath, Devfs.create(newDev(), clock, account, random, kernel == null ? null : this::console));
        mountTmpfs(guestPath.endsWith("/") ? guestPath + "shm" : guestPath + "/shm");
    }

    /** Mounts the mqueue file system (mq_overview(7)) showing registry's queues at guestPath. */
    public void mountMqueue(String guestPath, dev.javix.kernel.ipc.MqueueRegistry registry) {
        attach(guestPath, new MqueueFs(registry));
    }

    /** Mounts the process file system (proc(5)) at guestPath. */
    public void mountProcfs(String guestPath) {
        attach(guestPath, new Procfs(newDev(), kernel, this, clock, account));
    }

    /** Every mount, root first, in mount order; call with the namespace lock held. */
    List<Mount> mountList() {
        return mounts.all();
    }

    private synchronized long newDev() {
        return StatBuf.makedev(0, nextMinor++);
    }

    private void attach(String guestPath, FileSystem fs) {
        Lock l = writeLocked();
        try {
            mounts.attach(guestPath, fs);
        } catch (FsException e) {
            throw new IllegalArgumentException("cannot mount on " + guestPath + ": " + Errno.message(e.errno), e);
        } finally {
            l.unlock();
        }
    }

    /** The record locks (fcntl(2) F_SETLK and friends) of this kernel's files. */
    public FileLocks locks() {
        return locks;
    }

    /** The flock(2) locks of this kernel's files. */
    public FileLocks flocks() {
        return flocks;
    }

    /** The kernel's Cleaner, made on first use: closes host files whose last mapping is gone. */
    synchronized Cleaner cleaner() {
        if (cleaner == null) cleaner = Cleaner.create();
        return cleaner;
    }

    /**
     * The console's standard streams: 0 input, 1 output, 2 error output — the descriptions
     * behind fds 0–2 of the first process and behind /dev/tty, made once from the kernel's
     * configuration so that the console has a single reader. Callers installing one in an fd
     * table take a reference with {@code retain()}. Null without a kernel.
     */
    public synchronized OpenFile console(int fd) {
        if (kernel == null || fd < 0 || fd > 2) return null;
        if (console == null) {
            KernelConfig c = kernel.config();
            OpenFile in = c.deterministic() ? ConsoleFile.synchronousInput(c.stdin())
                    : ConsoleFile.input(c.stdin(), "javix-stdin");
            console = new OpenFile[] {in,
                    ConsoleFile.output(c.stdout(), "pipe:[stdout]"), ConsoleFile.output(c.stderr(), "pipe:[stderr]")};
        }
        return console[fd];
    }

    // ------------------------------------------------------------------ the walk's hooks

    Location rootLocation() {
        return mounts.root().root();
    }

    /** The root of what is mounted on name in dir, or null. */
    Location mountedAt(Location dir, String name) {
        return mounts.mountedAt(dir, name);
    }

    /** "..": the parent directory, leaving a mounted file system through its mount point, never above the root. */
    Location up(Location cur) throws FsException {
        if (cur.isMountRoot()) {
            Mount m = cur.mount();
            return m.parent == null ? cur : new Location(m.parent, m.parentDir);
        }
        return new Location(cur.mount(), cur.inode().parent());
    }

    /** The absolute guest path of a directory location (for getcwd and descriptions' names). */
    String pathOf(Location dir) throws FsException {
        Deque<String> names = new ArrayDeque<>();
        Location cur = dir;
        while (true) {
            if (cur.isMountRoot()) {
                Mount m = cur.mount();
                if (m.parent == null) break;
                names.push(m.name);
                cur = new Location(m.parent, m.parentDir);
            } else {
                names.push(cur.inode().dirName());
                cur = up(cur);
            }
        }
        return names.isEmpty() ? "/" : "/" + String.join("/", names);
    }

    /** What getdents64 lists for a directory: ".", "..", its entries and the mount points in it. */
    List<DirEntry> listing(Location dir) throws FsException {
        Lock l = namespace.readLock();
        l.lock();
        try {
            if (dir.inode() instanceof TmpDir d && d.removed()) throw new FsException(Errno.ENOENT);
            List<DirEntry> out = new ArrayList<>();
            out.add(new DirEntry(".", dir.inode().ino(), DirentWriter.DT_DIR));
            out.add(new DirEntry("..", up(dir).inode().ino(), DirentWriter.DT_DIR));
            List<DirEntry> own = dir.inode().list();
            out.addAll(own);
            Set<String> names = new HashSet<>();
            for (DirEntry e : own) names.add(e.name());
            for (Mount m : mounts.in(dir)) {
                if (!names.contains(m.name)) out.add(new DirEntry(m.name, m.fs.root().ino(), DirentWriter.DT_DIR));
            }
            return out;
        } finally {
            l.unlock();
        }
    }

    boolean isMountPoint(Location dir, String name) {
        return mounts.mountedAt(dir, name) != null;
    }

    // ------------------------------------------------------------------ resolving

    /** Where a relative path of an *at call starts: the cwd, or the directory dirfd refers to. */
    Location start(Process p, int dirfd, String path) throws FsException {
        if (path.startsWith("/")) return rootLocation();
        if (dirfd == AT_FDCWD) return cwd(p);
        OpenFile f = p.files.get(dirfd);
        if (f == null) throw new FsException(Errno.EBADF);
        if (!(f instanceof InodeFile nf) || !nf.inode().isDir()) throw new FsException(Errno.ENOTDIR);
        return nf.at;
    }

    /** The working directory of p, re-walked from its path. */
    Location cwd(Process p) throws FsException {
        return new PathWalk(this, KERNEL).resolve(rootLocation(), p.cwd(), true);
    }

    /** The location an *at call's empty path (AT_EMPTY_PATH) refers to; null for a file with none. */
    Location emptyPath(Process p, int dirfd) throws FsException {
        if (dirfd == AT_FDCWD) return cwd(p);
        OpenFile f = p.files.get(dirfd);
        if (f == null) throw new FsException(Errno.EBADF);
        return f instanceof InodeFile nf ? nf.at : null;
    }

    /** Resolves path for p from dirfd (ENOENT for an empty path, before dirfd is looked at). */
    Location resolve(PathWalk w, Process p, int dirfd, String path, boolean follow) throws FsException {
        if (path.isEmpty()) throw new FsException(Errno.ENOENT);
        return w.resolve(start(p, dirfd, path), path, follow);
    }

    /** Resolves all but the last component of path for p from dirfd. */
    PathWalk.Parent parent(PathWalk w, Process p, int dirfd, String path) throws FsException {
        if (path.isEmpty()) throw new FsException(Errno.ENOENT);
        return w.parent(start(p, dirfd, path), path);
    }

    Lock readLocked() {
        Lock l = namespace.readLock();
        l.lock();
        return l;
    }

    Lock writeLocked() {
        Lock l = namespace.writeLock();
        l.lock();
        return l;
    }

    // ------------------------------------------------------------------ open

    /** Opens path (relative to dirfd, or p's cwd for AT_FDCWD) with open(2) flags and mode. */
    public OpenFile open(Process p, int dirfd, String path, int flags, int mode) throws FsException {
        return Opener.open(this, p, dirfd, path, flags, mode);
    }

    // ------------------------------------------------------------------ queries

    /** stat(2)/lstat/fstatat: AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH as newfstatat(2) takes them. */
    public StatBuf stat(Process p, int dirfd, String path, int atFlags) throws FsException {
        if ((atFlags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) != 0) throw new FsException(Errno.EINVAL);
        StatBuf st = new StatBuf();
        if (path.isEmpty() && (atFlags & AT_EMPTY_PATH) != 0) {
            if (dirfd != AT_FDCWD) {
                OpenFile f = p.files.get(dirfd);
                if (f == null) throw new FsException(Errno.EBADF);
                long r = f.stat(st);
                if (r < 0) throw new FsException((int) -r);
                return st;
            }
        }
        Lock l = readLocked();
        try {
            Location loc = path.isEmpty() && (atFlags & AT_EMPTY_PATH) != 0 ? cwd(p)
                    : resolve(new PathWalk(this, p.credentials()), p, dirfd, path, (atFlags & AT_SYMLINK_NOFOLLOW) == 0);
            loc.inode().stat(st);
            return st;
        } finally {
            l.unlock();
        }
    }

    /** readlinkat(2): the target of the symbolic link at path. */
    public String readlink(Process p, int dirfd, String path) throws FsException {
        Lock l = readLocked();
        try {
            if (path.isEmpty()) {
                Location loc = dirfd == AT_FDCWD ? null : emptyPath(p, dirfd);
                if (loc == null || !loc.inode().isSymlink()) throw new FsException(Errno.ENOENT);
                return loc.inode().readlink();
            }
            return resolve(new PathWalk(this, p.credentials()), p, dirfd, path, false).inode().readlink();
        } finally {
            l.unlock();
        }
    }

    /** faccessat2(2): checks with the real ids unless AT_EACCESS. */
    public void access(Process p, int dirfd, String path, int mode, int flags) throws FsException {
        if ((mode & ~7) != 0 || (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0)
            throw new FsException(Errno.EINVAL);
        Credentials c = p.credentials();
        Credentials as = (flags & AT_EACCESS) != 0 ? c : Credentials.of(c.uid(), c.gid());
        Lock l = readLocked();
        try {
            Location loc;
            if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
                loc = emptyPath(p, dirfd);
                if (loc == null) return; // a pipe or console: nothing to check against
            } else {
                loc = resolve(new PathWalk(this, as), p, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
            }
            if (mode == F_OK) return;
            Inode n = loc.inode();
            if ((mode & W_OK) != 0 && loc.fs().readOnly() && (n.isRegular() || n.isDir() || n.isSymlink()))
                throw new FsException(Errno.EROFS);
            if (!Access.permitted(as, n, mode)) throw new FsException(Errno.EACCES);
        } finally {
            l.unlock();
        }
    }

    /** statfs(2) of the file system holding path. */
    public StatFs statfs(Process p, String path) throws FsException {
        Lock l = readLocked();
        try {
            Location loc = resolve(new PathWalk(this, p.credentials()), p, AT_FDCWD, path, true);
            StatFs out = new StatFs();
            loc.fs().statfs(out);
            return out;
        } finally {
            l.unlock();
        }
    }

    /** fstatfs(2). Descriptions outside the tree (console, pipes) report pipefs. */
    public StatFs statfs(OpenFile f) {
        StatFs out = new StatFs();
        if (f instanceof InodeFile nf) {
            nf.at.fs().statfs(out);
        } else {
            out.type = StatFs.PIPEFS_MAGIC;
            out.blocks = out.bfree = out.bavail = out.files = out.ffree = 0;
        }
        return out;
    }

    // ------------------------------------------------------------------ working directory

    /** chdir(2): p's working directory becomes path. */
    public void chdir(Process p, String path) throws FsException {
        Lock l = readLocked();
        try {
            enter(p, resolve(new PathWalk(this, p.credentials()), p, AT_FDCWD, path, true));
        } finally {
            l.unlock();
        }
    }

    /** fchdir(2): p's working directory becomes the directory f refers to. */
    public void fchdir(Process p, OpenFile f) throws FsException {
        if (!(f instanceof InodeFile nf)) throw new FsException(Errno.ENOTDIR);
        Lock l = readLocked();
        try {
            enter(p, nf.at);
        } finally {
            l.unlock();
        }
    }

    private void enter(Process p, Location loc) throws FsException {
        if (!loc.inode().isDir()) throw new FsException(Errno.ENOTDIR);
        Access.check(p.credentials(), loc.inode(), Access.X);
        p.setCwd(pathOf(loc));
    }

    // ------------------------------------------------------------------ names (see Namespace)

    /** mkdirat(2). */
    public void mkdir(Process p, int dirfd, String path, int mode) throws FsException {
        Namespace.mkdir(this, p, dirfd, path, mode);
    }

    /** unlinkat(2): a file, or with AT_REMOVEDIR an empty directory. */
    public void unlink(Process p, int dirfd, String path, int flags) throws FsException {
        Namespace.unlink(this, p, dirfd, path, flags);
    }

    /** renameat2(2). */
    public void rename(Process p, int oldDirfd, String oldPath, int newDirfd, String newPath, int flags)
            throws FsException {
        Namespace.rename(this, p, oldDirfd, oldPath, newDirfd, newPath, flags);
    }

    /** mknodat(2): a regular file, FIFO or socket node (device nodes answer EPERM). */
    public void mknod(Process p, int dirfd, String path, int mode, long dev) throws FsException {
        Namespace.mknod(this, p, dirfd, path, mode);
    }

    /** symlinkat(2): creates path as a symbolic link to target. */
    public void symlink(Process p, String target, int dirfd, String path) throws FsException {
        Namespace.symlink(this, p, target, dirfd, path);
    }

    /** linkat(2). */
    public void link(Process p, int oldDirfd, String oldPath, int newDirfd, String newPath, int flags)
            throws FsException {
        Namespace.link(this, p, oldDirfd, oldPath, newDirfd, newPath, flags);
    }

    // ------------------------------------------------------------------ attributes (see Attributes)

    /** truncate(2). */
    public void truncate(Process p, String path, long length) throws FsException {
        Attributes.truncate(this, p, path, length);
    }

    /** ftruncate(2). */
    public void truncate(OpenFile f, long length) throws FsException {
        Attributes.truncate(f, length);
    }

    /** fchmodat(2) (flags: AT_SYMLINK_NOFOLLOW as fchmodat2 takes it). */
    public void chmod(Process p, int dirfd, String path, int mode, int flags) throws FsException {
        Attributes.chmod(this, p, dirfd, path, mode, flags);
    }

    /** fchmod(2). */
    public void chmod(Process p, OpenFile f, int mode) throws FsException {
        Attributes.chmod(this, p, f, mode);
    }

    /** fchownat(2); -1 leaves an id unchanged. */
    public void chown(Process p, int dirfd, String path, int uid, int gid, int flags) throws FsException {
        Attributes.chown(this, p, dirfd, path, uid, gid, flags);
    }

    /** fchown(2). */
    public void chown(Process p, OpenFile f, int uid, int gid) throws FsException {
        Attributes.chown(this, p, f, uid, gid);
    }

    /**
     * utimensat(2). Times in nanoseconds since the epoch, or {@link #UTIME_NOW} /
     * {@link #UTIME_OMIT}. A null path means dirfd itself (futimens).
     */
    public void utimes(Process p, int dirfd, String path, long atime, long mtime, int flags) throws FsException {
        Attributes.utimes(this, p, dirfd, path, atime, mtime, flags);
    }

    /** fsync(2)/fdatasync(2). */
    public void sync(OpenFile f) throws FsException {
        if (f instanceof RegularFile r) r.data().sync();
        else if (!(f instanceof DirFile)) throw new FsException(Errno.EINVAL);
    }

    // ------------------------------------------------------------------ sockets (unix(7))

    /**
     * bind(2) of an AF_UNIX socket to a path (unix(7), "Pathname sockets"): creates a socket
     * inode (S_IFSOCK, permissions 0777 less the umask) that refers to endpoint, with
     * filename_create's checks in its order. A name that exists answers EADDRINUSE (Linux maps
     * mknod's EEXIST so). Only tmpfs directories hold socket inodes; elsewhere EOPNOTSUPP.
     */
    public void bindSocket(Process p, String path, Object endpoint) throws FsException {
        Lock l = writeLocked();
        try {
            Credentials c = p.credentials();
            PathWalk w = new PathWalk(this, c);
            PathWalk.Parent par = parent(w, p, AT_FDCWD, path);
            if (par.last() != PathWalk.Last.NORM || w.lookupOrNull(par.dir(), par.name()) != null)
                throw new FsException(Errno.EADDRINUSE);
            if (par.trailingSlash()) throw new FsException(Errno.ENOENT);
            if (par.dir().fs().readOnly()) throw new FsException(Errno.EROFS);
            Inode dir = par.dir().inode();
            Access.check(c, dir, Access.W | Access.X);
            if (!(dir instanceof TmpDir d)) throw new FsException(Errno.EOPNOTSUPP);
            d.addSocket(par.name(), 0777 & ~p.umask(), c.euid(), Opener.groupFor(c, dir), endpoint);
        } finally {
            l.unlock();
        }
    }

    /**
     * connect(2)/sendto(2) to a path (unix_find_bsd): the endpoint bound there, or null if the
     * socket inode has none. The caller needs write permission on it (EACCES); a file that is
     * not a socket answers ECONNREFUSED.
     */
    public Object boundSocket(Process p, String path) throws FsException {
        Lock l = readLocked();
        try {
            Location loc = resolve(new PathWalk(this, p.credentials()), p, AT_FDCWD, path, true);
            Inode n = loc.inode();
            Access.check(p.credentials(), n, Access.W);
            if (n.type() != StatBuf.S_IFSOCK) throw new FsException(Errno.ECONNREFUSED);
            return n instanceof SocketNode s ? s.endpoint : null;
        } finally {
            l.unlock();
        }
    }

    /** The socket layer's per-kernel state (kernel.net's AF_UNIX domain); guarded by this. */
    private Object socketDomain;

    /**
     * The socket layer's per-kernel state, made by make on first use. Kept here because the VFS
     * is per kernel and the socket layer has no other per-kernel home (design decision 5: no
     * static mutable state); the file system never looks inside.
     */
    public synchronized <T> T socketDomain(Class<T> type, java.util.function.Supplier<T> make) {
        if (socketDomain == null) socketDomain = make.get();
        return type.cast(socketDomain);
    }

    // ------------------------------------------------------------------ helpers

    /** Normalises an absolute path lexically ("//a/./b/" → "/a/b"); for mount points only. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) parts.pollLast();
            else parts.add(s);
        }
        return "/" + String.join("/", parts);
    }

    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
