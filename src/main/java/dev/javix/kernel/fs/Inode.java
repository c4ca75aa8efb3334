package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import java.util.List;

/**
 * A file as its file system knows it (Linux's inode plus the directory operations of its
 * dentry): type, permission bits and owner, and the operations its type supports. Every
 * operation a type does not support fails the way Linux fails it, so the VFS can call any
 * method on any inode: directory operations on a non-directory answer ENOTDIR, readlink on a
 * non-symlink EINVAL, truncate on a directory EISDIR.
 *
 * <p>The VFS checks permissions, read-only mounts, and the argument rules shared by every file
 * system (".", "..", name length, types on both sides of a rename) before calling here; a
 * file system checks only what is its own (existence, emptiness).
 *
 * <p>Names passed in are single components: never empty, never "." or "..", never containing
 * '/'. Locking: namespace-changing calls are made with the VFS namespace lock held for writing,
 * lookups with it held for reading; each implementation guards its own state.
 */
abstract class Inode {
    /** setTimes: "now" and "leave unchanged" (utimensat(2)'s UTIME_NOW, UTIME_OMIT). */
    static final long UTIME_NOW = Vfs.UTIME_NOW, UTIME_OMIT = Vfs.UTIME_OMIT;

    abstract FileSystem fs();

    /** st_mode: type and permission bits. */
    abstract int mode();

    abstract int uid();

    abstract int gid();

    /** st_ino. */
    abstract long ino();

    /** Fills st with the inode's current attributes. */
    abstract void stat(StatBuf st) throws FsException;

    final int type() {
        return mode() & StatBuf.S_IFMT;
    }

    final boolean isDir() {
        return type() == StatBuf.S_IFDIR;
    }

    final boolean isSymlink() {
        return type() == StatBuf.S_IFLNK;
    }

    final boolean isRegular() {
        return type() == StatBuf.S_IFREG;
    }

    // ------------------------------------------------------------------ directories

    /** The child called name; ENOENT if there is none. */
    Inode lookup(String name) throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    /** For a directory: its parent in this file system, or itself at the file system's root. */
    Inode parent() throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    /** For a directory: its name in its parent ("" at the file system's root). */
    String dirName() {
        return "";
    }

    /** The entries, without "." and "..". */
    List<DirEntry> list() throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    /** True for a directory with no entries. */
    boolean isEmpty() throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    /**
     * Creates a regular file (or, later, a FIFO or device node: mode carries the type) called
     * name, which does not exist. Mode is final: the umask was applied by the caller.
     */
    Inode create(String name, int mode, int uid, int gid) throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    /**
     * mknod(2): creates a regular file, FIFO or socket node called name (mode carries the
     * type, final permission bits). By default a regular file is what {@link #create} makes;
     * file systems that cannot hold the special kinds (host mounts) answer EPERM for them.
     */
    Inode mknod(String name, int mode, int uid, int gid) throws FsException {
        if (isDir() && (mode & StatBuf.S_IFMT) == StatBuf.S_IFREG) return create(name, mode, uid, gid);
        throw new FsException(isDir() ? Errno.EPERM : Errno.ENOTDIR);
    }

    /** O_TMPFILE: a regular file with no name, in this directory's file system. */
    Inode createUnnamed(int mode, int uid, int gid) throws FsException {
        throw new FsException(isDir() ? Errno.EOPNOTSUPP : Errno.ENOTDIR);
    }

    Inode mkdir(String name, int mode, int uid, int gid) throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    Inode symlink(String name, String target, int uid, int gid) throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    /** Adds name as another hard link to target (same file system, not a directory). */
    void link(String name, Inode target) throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    /** Removes the entry name (checked by the caller to be of the right kind, and empty if a directory). */
    void remove(String name) throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    /**
     * Moves entry from to newDir/to in the same file system, replacing what is there (the VFS
     * has checked that is allowed). With exchange, swaps the two entries.
     */
    void rename(String from, Inode newDir, String to, boolean exchange) throws FsException {
        throw new FsException(Errno.ENOTDIR);
    }

    // ------------------------------------------------------------------ symbolic links

    /** A symbolic link's target; EINVAL for anything else (readlink(2)). */
    String readlink() throws FsException {
        throw new FsException(Errno.EINVAL);
    }

    // ------------------------------------------------------------------ files

    /**
     * Opens the inode (permissions, O_TRUNC and access mode already checked by the VFS).
     *
     * @param at    where it was reached, kept by directory descriptions for *at calls
     * @param flags the open(2) flags
     * @param path  the guest path, for /proc/[pid]/fd and traces
     */
    abstract OpenFile open(Location at, int flags, String path) throws FsException;

    /** truncate(2): EISDIR for a directory, EINVAL for other non-regular files. */
    void truncate(long size) throws FsException {
        throw new FsException(isDir() ? Errno.EISDIR : Errno.EINVAL);
    }

    /** Sets the permission bits (07777 of mode). */
    abstract void chmod(int mode) throws FsException;

    /** Sets owner and group; -1 leaves one unchanged. */
    abstract void chown(int uid, int gid) throws FsException;

    /** Sets access and modification times in nanoseconds since the epoch; UTIME_OMIT leaves one. */
    abstract void setTimes(long atimeNanos, long mtimeNanos) throws FsException;
}
