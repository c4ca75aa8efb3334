package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import java.util.concurrent.locks.Lock;

/**
 * The operations that add, remove or move names — mkdir, unlink/rmdir, rename, symlink, link —
 * each with the namespace lock held for writing, and with Linux's checks in Linux's order
 * (fs/namei.c: filename_create, may_delete, do_renameat2), so that e.g. mkdir of an existing
 * name on a read-only mount answers EEXIST, not EROFS.
 */
final class Namespace {
    private Namespace() {}

    /**
     * filename_create: the parent of a name about to be created, after the checks every creation
     * shares. dirOk: a trailing slash is allowed (mkdir).
     */
    private static PathWalk.Parent forCreate(Vfs vfs, PathWalk w, Process p, int dirfd, String path, boolean dirOk)
            throws FsException {
        PathWalk.Parent par = vfs.parent(w, p, dirfd, path);
        if (par.last() != PathWalk.Last.NORM) throw new FsException(Errno.EEXIST);
        if (w.lookupOrNull(par.dir(), par.name()) != null) throw new FsException(Errno.EEXIST);
        if (par.trailingSlash() && !dirOk) throw new FsException(Errno.ENOENT);
        if (par.dir().fs().readOnly()) throw new FsException(Errno.EROFS);
        Access.check(p.credentials(), par.dir().inode(), Access.W | Access.X);
        return par;
    }

    static void mkdir(Vfs vfs, Process p, int dirfd, String path, int mode) throws FsException {
        Lock l = vfs.writeLocked();
        try {
            Credentials c = p.credentials();
            PathWalk.Parent par = forCreate(vfs, new PathWalk(vfs, c), p, dirfd, path, true);
            Inode dir = par.dir().inode();
            int m = mode & 01777 & ~p.umask();
            if ((dir.mode() & 02000) != 0) m |= 02000; // set-group-ID directories propagate
            dir.mkdir(par.name(), m, c.euid(), Opener.groupFor(c, dir));
        } finally {
            l.unlock();
        }
    }

    /**
     * mknodat(2): Linux's order — the type
     * (may_mknod: EPERM for a directory, EINVAL for no known type), then filename_create, then
     * CAP_MKNOD for device nodes. Device nodes are refused even to root (EPERM): javix has no
     * driver registry for nodes made at run time.
     */
    static Inode mknod(Vfs vfs, Process p, int dirfd, String path, int mode) throws FsException {
        int type = mode & StatBuf.S_IFMT;
        if (type == 0) type = StatBuf.S_IFREG;
        switch (type) {
            case StatBuf.S_IFREG, StatBuf.S_IFIFO, StatBuf.S_IFSOCK, StatBuf.S_IFCHR, StatBuf.S_IFBLK -> { }
            case StatBuf.S_IFDIR -> throw new FsException(Errno.EPERM);
            default -> throw new FsException(Errno.EINVAL);
        }
        Lock l = vfs.writeLocked();
        try {
            Credentials c = p.credentials();
            PathWalk.Parent par = forCreate(vfs, new PathWalk(vfs, c), p, dirfd, path, false);
            if (type == StatBuf.S_IFCHR || type == StatBuf.S_IFBLK) throw new FsException(Errno.EPERM);
            Inode dir = par.dir().inode();
            return dir.mknod(par.name(), type | (mode & 07777 & ~p.umask()), c.euid(), Opener.groupFor(c, dir));
        } finally {
            l.unlock();
        }
    }

    static void symlink(Vfs vfs, Process p, String target, int dirfd, String path) throws FsException {
        if (target.isEmpty()) throw new FsException(Errno.ENOENT);
        Lock l = vfs.writeLocked();
        try {
            Credentials c = p.credentials();
            PathWalk.Parent par = forCreate(vfs, new PathWalk(vfs, c), p, dirfd, path, false);
            par.dir().inode().symlink(par.name(), target, c.euid(), Opener.groupFor(c, par.dir().inode()));
        } finally {
            l.unlock();
        }
    }

    static void link(Vfs vfs, Process p, int oldDirfd, String oldPath, int newDirfd, String newPath, int flags)
            throws FsException {
        if ((flags & ~(Vfs.AT_SYMLINK_FOLLOW | Vfs.AT_EMPTY_PATH)) != 0) throw new FsException(Errno.EINVAL);
        Lock l = vfs.writeLocked();
        try {
            PathWalk w = new PathWalk(vfs, p.credentials());
            Location old;
            if (oldPath.isEmpty() && (flags & Vfs.AT_EMPTY_PATH) != 0) {
                old = vfs.emptyPath(p, oldDirfd);
                if (old == null) throw new FsException(Errno.ENOENT);
            } else {
                old = vfs.resolve(w, p, oldDirfd, oldPath, (flags & Vfs.AT_SYMLINK_FOLLOW) != 0);
            }
            PathWalk.Parent par = forCreate(vfs, new PathWalk(vfs, p.credentials()), p, newDirfd, newPath, false);
            if (par.dir().mount() != old.mount()) throw new FsException(Errno.EXDEV);
            if (old.inode().isDir()) throw new FsException(Errno.EPERM);
            par.dir().inode().link(par.name(), old.inode());
        } finally {
            l.unlock();
        }
    }

    static void unlink(Vfs vfs, Process p, int dirfd, String path, int flags) throws FsException {
        if ((flags & ~Vfs.AT_REMOVEDIR) != 0) throw new FsException(Errno.EINVAL);
        boolean rmdir = (flags & Vfs.AT_REMOVEDIR) != 0;
        Lock l = vfs.writeLocked();
        try {
            Credentials c = p.credentials();
            PathWalk w = new PathWalk(vfs, c);
            PathWalk.Parent par = vfs.parent(w, p, dirfd, path);
            switch (par.last()) {
                case NORM -> { }
                case DOT -> throw new FsException(rmdir ? Errno.EINVAL : Errno.EISDIR);
                case DOTDOT -> throw new FsException(rmdir ? Errno.ENOTEMPTY : Errno.EISDIR);
                case ROOT -> throw new FsException(rmdir ? Errno.EBUSY : Errno.EISDIR);
            }
            if (par.dir().fs().readOnly()) throw new FsException(Errno.EROFS);
            Location victim = w.lookup(par.dir(), par.name());
            boolean isDir = victim.inode().isDir() || victim.mount() != par.dir().mount();
            if (!rmdir && par.trailingSlash()) throw new FsException(isDir ? Errno.EISDIR : Errno.ENOTDIR);
            Access.checkDelete(c, par.dir().inode(), victim.inode());
            if (rmdir && !isDir) throw new FsException(Errno.ENOTDIR);
            if (!rmdir && isDir) throw new FsException(Errno.EISDIR);
            if (vfs.isMountPoint(par.dir(), par.name())) throw new FsException(Errno.EBUSY);
            if (rmdir && !victim.inode().isEmpty()) throw new FsException(Errno.ENOTEMPTY);
            par.dir().inode().remove(par.name());
        } finally {
            l.unlock();
        }
    }

    static void rename(Vfs vfs, Process p, int oldDirfd, String oldPath, int newDirfd, String newPath, int flags)
            throws FsException {
        if ((flags & ~(Vfs.RENAME_NOREPLACE | Vfs.RENAME_EXCHANGE | Vfs.RENAME_WHITEOUT)) != 0)
            throw new FsException(Errno.EINVAL);
        boolean exchange = (flags & Vfs.RENAME_EXCHANGE) != 0;
        if (exchange && (flags & (Vfs.RENAME_NOREPLACE | Vfs.RENAME_WHITEOUT)) != 0) throw new FsException(Errno.EINVAL);
        if ((flags & Vfs.RENAME_WHITEOUT) != 0) throw new FsException(Errno.EINVAL); // overlayfs-only; not supported
        Lock l = vfs.writeLocked();
        try {
            Credentials c = p.credentials();
            PathWalk w = new PathWalk(vfs, c);
            PathWalk.Parent op = vfs.parent(w, p, oldDirfd, oldPath);
            PathWalk.Parent np = vfs.parent(w, p, newDirfd, newPath);
            if (op.dir().mount() != np.dir().mount()) throw new FsException(Errno.EXDEV);
            if (op.last() != PathWalk.Last.NORM) throw new FsException(Errno.EBUSY);
            if (np.last() != PathWalk.Last.NORM)
                throw new FsException((flags & Vfs.RENAME_NOREPLACE) != 0 ? Errno.EEXIST : Errno.EBUSY);
            if (op.dir().fs().readOnly()) throw new FsException(Errno.EROFS);
            Location src = w.lookup(op.dir(), op.name());
            Location dst = w.lookupOrNull(np.dir(), np.name());
            if ((flags & Vfs.RENAME_NOREPLACE) != 0 && dst != null) throw new FsException(Errno.EEXIST);
            if (exchange && dst == null) throw new FsException(Errno.ENOENT);
            boolean srcDir = src.inode().isDir();
            if (exchange && !dst.inode().isDir() && np.trailingSlash()) throw new FsException(Errno.ENOTDIR);
            if (!srcDir && (op.trailingSlash() || (np.trailingSlash() && !exchange))) throw new FsException(Errno.ENOTDIR);
            // src may not become its own descendant; dst may not be an ancestor of src
            if (isAncestor(vfs, src, np.dir())) throw new FsException(Errno.EINVAL);
            if (dst != null && isAncestor(vfs, dst, op.dir())) throw new FsException(exchange ? Errno.EINVAL : Errno.ENOTEMPTY);
            if (dst != null && src.inode().equals(dst.inode())) return; // two names of one file: nothing to do
            Access.checkDelete(c, op.dir().inode(), src.inode());
            if (dst != null) {
                Access.checkDelete(c, np.dir().inode(), dst.inode());
                if (!exchange) {
                    if (srcDir && !dst.inode().isDir()) throw new FsException(Errno.ENOTDIR);
                    if (!srcDir && dst.inode().isDir()) throw new FsException(Errno.EISDIR);
                }
            } else {
                Access.check(c, np.dir().inode(), Access.W | Access.X);
            }
            if (vfs.isMountPoint(op.dir(), op.name()) || vfs.isMountPoint(np.dir(), np.name()))
                throw new FsException(Errno.EBUSY);
            if (dst != null && !exchange && dst.inode().isDir() && !dst.inode().isEmpty())
                throw new FsException(Errno.ENOTEMPTY);
            op.dir().inode().rename(op.name(), np.dir().inode(), np.name(), exchange);
        } finally {
            l.unlock();
        }
    }

    /** True if dir is node or lies below it (within node's mount). */
    private static boolean isAncestor(Vfs vfs, Location node, Location dir) throws FsException {
        if (!node.inode().isDir()) return false;
        Location cur = dir;
        while (cur.mount() == node.mount()) {
            if (cur.inode().equals(node.inode())) return true;
            if (cur.isMountRoot()) return false;
            cur = vfs.up(cur);
        }
        return false;
    }
}
