package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import java.util.concurrent.locks.Lock;

/**
 * open(2) and openat(2): resolving with O_NOFOLLOW/O_DIRECTORY, creating with
 * O_CREAT/O_EXCL (through dangling symlinks, as Linux does), O_TRUNC, O_PATH and O_TMPFILE,
 * and the checks in Linux's order (may_open): EISDIR for writing a directory, EROFS before
 * EACCES, ELOOP for a final symlink under O_NOFOLLOW.
 */
final class Opener {
    private Opener() {}

    /** A resolved open target: where, what to call it, and whether open created it. */
    private record Target(Location at, String path, boolean created) {}

    static OpenFile open(Vfs vfs, Process p, int dirfd, String path, int flags, int mode) throws FsException {
        boolean pathOnly = (flags & OpenFile.O_PATH) != 0;
        if (pathOnly) flags &= OpenFile.O_PATH | OpenFile.O_DIRECTORY | OpenFile.O_NOFOLLOW | OpenFile.O_CLOEXEC;
        boolean tmpfile = (flags & OpenFile.O_TMPFILE) == OpenFile.O_TMPFILE;
        if ((flags & OpenFile.O_TMPFILE & ~OpenFile.O_DIRECTORY) != 0 && !tmpfile) throw new FsException(Errno.EINVAL);
        boolean create = (flags & OpenFile.O_CREAT) != 0 && !pathOnly;
        // Linux 6.4+: O_CREAT|O_DIRECTORY is rejected rather than half-honoured.
        if (create && (flags & OpenFile.O_DIRECTORY) != 0) throw new FsException(Errno.EINVAL);
        if (tmpfile) return openTmpfile(vfs, p, dirfd, path, flags, mode);

        Lock l = create ? vfs.writeLocked() : vfs.readLocked();
        try {
            PathWalk w = new PathWalk(vfs, p.credentials());
            Target t;
            if (create) {
                t = createOrFind(vfs, w, p, dirfd, path, flags, mode);
            } else {
                Location at = vfs.resolve(w, p, dirfd, path, (flags & OpenFile.O_NOFOLLOW) == 0);
                t = new Target(at, w.pathOf(at), false);
            }
            Inode n = t.at().inode();
            // /dev/tty is the caller's controlling terminal; without one, ENXIO (tty(4)).
            if (n instanceof DeviceNode d && d.rdev() == TTY_RDEV && !p.hasControllingTty()) {
                throw new FsException(Errno.ENXIO);
            }
            return openAt(vfs, p.credentials(), t, flags);
        } finally {
            l.unlock();
        }
    }

    /**
     * O_CREAT: finds the last component, following a symlink there unless O_NOFOLLOW (and
     * creating what a dangling link points to), or creates it. Holds the write lock.
     */
    private static Target createOrFind(Vfs vfs, PathWalk w, Process p, int dirfd, String path, int flags, int mode)
            throws FsException {
        Credentials c = p.credentials();
        PathWalk.Parent par = vfs.parent(w, p, dirfd, path);
        while (true) {
            if (par.last() != PathWalk.Last.NORM) throw new FsException(Errno.EISDIR);
            Location child = w.lookupOrNull(par.dir(), par.name());
            String name = Vfs.join(vfs.pathOf(par.dir()), par.name());
            if (child == null) {
                if (par.trailingSlash()) throw new FsException(Errno.EISDIR);
                Inode dir = par.dir().inode();
                if (par.dir().fs().readOnly()) throw new FsException(Errno.EROFS);
                Access.check(c, dir, Access.W | Access.X);
                int m = mode & 07777 & ~p.umask();
                Inode n = dir.create(par.name(), StatBuf.S_IFREG | m, c.euid(), groupFor(c, dir));
                return new Target(new Location(par.dir().mount(), n), name, true);
            }
            if ((flags & OpenFile.O_EXCL) != 0) throw new FsException(Errno.EEXIST);
            if (par.trailingSlash()) throw new FsException(Errno.EISDIR);
            Inode n = child.inode();
            if (n.isSymlink() && (flags & OpenFile.O_NOFOLLOW) == 0) {
                w.countLink();
                String target = n.readlink();
                if (target.isEmpty()) throw new FsException(Errno.ENOENT);
                par = w.parent(par.dir(), target);
                continue;
            }
            if (n.isDir()) throw new FsException(Errno.EISDIR);
            return new Target(child, name, false);
        }
    }

    /** The group of a new file: the directory's if it is set-group-ID, else the caller's. */
    static int groupFor(Credentials c, Inode dir) {
        return (dir.mode() & 02000) != 0 ? dir.gid() : c.egid();
    }

    /** may_open and the open itself. Holds the namespace lock. */
    private static OpenFile openAt(Vfs vfs, Credentials c, Target t, int flags) throws FsException {
        Location at = t.at();
        Inode n = at.inode();
        if ((flags & OpenFile.O_PATH) != 0) {
            if ((flags & OpenFile.O_DIRECTORY) != 0 && !n.isDir()) throw new FsException(Errno.ENOTDIR);
            return new PathFile(at, flags, t.path());
        }
        if (n.isSymlink()) throw new FsException(Errno.ELOOP); // only reachable with O_NOFOLLOW
        if ((flags & OpenFile.O_DIRECTORY) != 0 && !n.isDir()) throw new FsException(Errno.ENOTDIR);
        int want = wanted(flags);
        if (n.isDir() && (want & Access.W) != 0) throw new FsException(Errno.EISDIR);
        if (!t.created()) {
            if ((want & Access.W) != 0 && at.fs().readOnly() && (n.isRegular() || n.isDir()))
                throw new FsException(Errno.EROFS);
            Access.check(c, n, want);
            if ((flags & OpenFile.O_TRUNC) != 0 && n.isRegular()) n.truncate(0);
        }
        if (n.isDir()) return new DirFile(vfs, at, flags, t.path());
        return n.open(at, flags, t.path());
    }

    private static final long TTY_RDEV = StatBuf.makedev(5, 0);

    /** The access open asks for: read and/or write by the mode, write too for O_TRUNC (build_open_flags). */
    private static int wanted(int flags) {
        int acc = flags & OpenFile.O_ACCMODE;
        int want = switch (acc) {
            case OpenFile.O_RDONLY -> Access.R;
            case OpenFile.O_WRONLY -> Access.W;
            default -> Access.R | Access.W;
        };
        if ((flags & OpenFile.O_TRUNC) != 0) want |= Access.W;
        return want;
    }

    /** O_TMPFILE: an unnamed regular file in the directory path names (open(2)). */
    private static OpenFile openTmpfile(Vfs vfs, Process p, int dirfd, String path, int flags, int mode)
            throws FsException {
        int acc = flags & OpenFile.O_ACCMODE;
        if (acc != OpenFile.O_WRONLY && acc != OpenFile.O_RDWR) throw new FsException(Errno.EINVAL);
        Credentials c = p.credentials();
        Lock l = vfs.readLocked();
        try {
            PathWalk w = new PathWalk(vfs, c);
            Location dir = vfs.resolve(w, p, dirfd, path, true);
            if (!dir.inode().isDir()) throw new FsException(Errno.ENOTDIR);
            if (dir.fs().readOnly()) throw new FsException(Errno.EROFS);
            Access.check(c, dir.inode(), Access.W | Access.X);
            Inode n = dir.inode().createUnnamed(StatBuf.S_IFREG | (mode & 07777 & ~p.umask()), c.euid(),
                    groupFor(c, dir.inode()));
            if ((flags & OpenFile.O_EXCL) == 0 && n instanceof TmpFile f) f.setLinkable();
            String name = Vfs.join(vfs.pathOf(dir), "#" + n.ino() + " (deleted)");
            return n.open(new Location(dir.mount(), n), flags & ~OpenFile.O_DIRECTORY, name);
        } finally {
            l.unlock();
        }
    }
}
