package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import java.util.concurrent.locks.Lock;

/**
 * Changing what an inode says about itself: size (truncate), mode (chmod), owner (chown) and
 * times (utimensat), by path or by descriptor, with the permission rules of each man page
 * and Linux's order (EROFS from mnt_want_write before EPERM/EACCES).
 */
final class Attributes {
    private static final int S_ISUID = 04000, S_ISGID = 02000, S_IXGRP = 010;

    private Attributes() {}

    static void truncate(Vfs vfs, Process p, String path, long length) throws FsException {
        if (length < 0) throw new FsException(Errno.EINVAL);
        Lock l = vfs.readLocked();
        try {
            Location at = vfs.resolve(new PathWalk(vfs, p.credentials()), p, Vfs.AT_FDCWD, path, true);
            Inode n = at.inode();
            if (n.isDir()) throw new FsException(Errno.EISDIR);
            if (!n.isRegular()) throw new FsException(Errno.EINVAL);
            if (at.fs().readOnly()) throw new FsException(Errno.EROFS);
            Access.check(p.credentials(), n, Access.W);
            n.truncate(length);
        } finally {
            l.unlock();
        }
    }

    /** ftruncate(2): EINVAL unless a regular file open for writing. */
    static void truncate(OpenFile f, long length) throws FsException {
        if (length < 0) throw new FsException(Errno.EINVAL);
        if (!(f instanceof RegularFile r) || !f.writable()) throw new FsException(Errno.EINVAL);
        r.data().truncate(length);
    }

    static void chmod(Vfs vfs, Process p, int dirfd, String path, int mode, int flags) throws FsException {
        if ((flags & ~(Vfs.AT_SYMLINK_NOFOLLOW | Vfs.AT_EMPTY_PATH)) != 0) throw new FsException(Errno.EINVAL);
        Lock l = vfs.readLocked();
        try {
            Location at = locate(vfs, p, dirfd, path, flags);
            if (at == null) return;
            if (at.inode().isSymlink()) throw new FsException(Errno.EOPNOTSUPP);
            chmodAt(p.credentials(), at, mode);
        } finally {
            l.unlock();
        }
    }

    /** fchmod(2). Descriptions outside the tree (pipes, the console) accept and ignore it. */
    static void chmod(Vfs vfs, Process p, OpenFile f, int mode) throws FsException {
        if (!(f instanceof InodeFile nf)) return;
        Lock l = vfs.readLocked();
        try {
            chmodAt(p.credentials(), nf.at, mode);
        } finally {
            l.unlock();
        }
    }

    private static void chmodAt(Credentials c, Location at, int mode) throws FsException {
        if (at.fs().readOnly()) throw new FsException(Errno.EROFS);
        Inode n = at.inode();
        Access.checkOwner(c, n);
        int m = mode & 07777;
        // chmod(2): an unprivileged caller outside the file's group cannot set S_ISGID
        if (c.euid() != 0 && c.egid() != n.gid()) m &= ~S_ISGID;
        n.chmod(m);
    }

    static void chown(Vfs vfs, Process p, int dirfd, String path, int uid, int gid, int flags) throws FsException {
        if ((flags & ~(Vfs.AT_SYMLINK_NOFOLLOW | Vfs.AT_EMPTY_PATH)) != 0) throw new FsException(Errno.EINVAL);
        Lock l = vfs.readLocked();
        try {
            Location at = locate(vfs, p, dirfd, path, flags);
            if (at != null) chownAt(p.credentials(), at, uid, gid);
        } finally {
            l.unlock();
        }
    }

    /** fchown(2). Descriptions outside the tree accept and ignore it. */
    static void chown(Vfs vfs, Process p, OpenFile f, int uid, int gid) throws FsException {
        if (!(f instanceof InodeFile nf)) return;
        Lock l = vfs.readLocked();
        try {
            chownAt(p.credentials(), nf.at, uid, gid);
        } finally {
            l.unlock();
        }
    }

    /**
     * chown(2): only root may give a file away; the owner may change the group to its own.
     * A change of owner or group clears set-user-ID, and set-group-ID of group-executables.
     */
    private static void chownAt(Credentials c, Location at, int uid, int gid) throws FsException {
        if (at.fs().readOnly()) throw new FsException(Errno.EROFS);
        Inode n = at.inode();
        if (c.euid() != 0) {
            if (uid != -1 && uid != n.uid()) throw new FsException(Errno.EPERM);
            if (gid != -1 && gid != n.gid() && (c.euid() != n.uid() || gid != c.egid()))
                throw new FsException(Errno.EPERM);
            if (c.euid() != n.uid() && (uid != -1 || gid != -1)) throw new FsException(Errno.EPERM);
        }
        if (uid == -1 && gid == -1) return;
        n.chown(uid, gid);
        if (!n.isDir() && !n.isSymlink()) {
            int m = n.mode() & 07777;
            int cleared = m & ~S_ISUID;
            if ((m & S_IXGRP) != 0) cleared &= ~S_ISGID;
            if (cleared != m) n.chmod(cleared);
        }
    }

    static void utimes(Vfs vfs, Process p, int dirfd, String path, long atime, long mtime, int flags)
            throws FsException {
        if ((flags & ~(Vfs.AT_SYMLINK_NOFOLLOW | Vfs.AT_EMPTY_PATH)) != 0) throw new FsException(Errno.EINVAL);
        // utimensat(2): with both UTIME_OMIT it succeeds without even looking at the file
        if (atime == Inode.UTIME_OMIT && mtime == Inode.UTIME_OMIT) return;
        Lock l = vfs.readLocked();
        try {
            Location at;
            if (path == null) {
                if (dirfd == Vfs.AT_FDCWD) throw new FsException(Errno.EFAULT);
                OpenFile f = p.files.get(dirfd);
                if (f == null) throw new FsException(Errno.EBADF);
                if (!(f instanceof InodeFile nf)) return;
                at = nf.at;
            } else {
                at = locate(vfs, p, dirfd, path, flags);
                if (at == null) return;
            }
            Credentials c = p.credentials();
            Inode n = at.inode();
            if (at.fs().readOnly()) throw new FsException(Errno.EROFS);
            boolean toNow = (atime == Inode.UTIME_NOW || atime == Inode.UTIME_OMIT)
                    && (mtime == Inode.UTIME_NOW || mtime == Inode.UTIME_OMIT);
            if (c.euid() != 0 && c.euid() != n.uid()) {
                // setting "now" needs only write permission; explicit times need ownership
                if (!toNow) throw new FsException(Errno.EPERM);
                Access.check(c, n, Access.W);
            }
            n.setTimes(atime, mtime);
        } finally {
            l.unlock();
        }
    }

    /** The location of an *at call's target (AT_EMPTY_PATH: dirfd's own; null for a pipe or console). */
    private static Location locate(Vfs vfs, Process p, int dirfd, String path, int flags) throws FsException {
        if (path.isEmpty() && (flags & Vfs.AT_EMPTY_PATH) != 0) return vfs.emptyPath(p, dirfd);
        return vfs.resolve(new PathWalk(vfs, p.credentials()), p, dirfd, path, (flags & Vfs.AT_SYMLINK_NOFOLLOW) == 0);
    }
}
