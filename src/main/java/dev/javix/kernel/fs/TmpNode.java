package dev.javix.kernel.fs;

import dev.javix.abi.Errno;

/**
 * What every tmpfs inode has: number, mode, owner, link count and timestamps.
 *
 * <p>Guarded by {@code this}: every mutable field here and in subclasses.
 */
abstract class TmpNode extends Inode {
    final Tmpfs fs;
    final long ino;

    // ---- guarded by this
    int mode;
    int uid, gid;
    int nlink;
    long atime, mtime, ctime, btime;

    TmpNode(Tmpfs fs, int mode, int uid, int gid) {
        this.fs = fs;
        this.ino = fs.newIno();
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.nlink = 1;
        this.atime = mtime = ctime = btime = fs.now();
    }

    @Override
    Tmpfs fs() {
        return fs;
    }

    @Override
    synchronized int mode() {
        return mode;
    }

    @Override
    synchronized int uid() {
        return uid;
    }

    @Override
    synchronized int gid() {
        return gid;
    }

    @Override
    long ino() {
        return ino;
    }

    synchronized int nlink() {
        return nlink;
    }

    /** st_size of this kind of inode. Called with this held. */
    abstract long sizeLocked();

    /** Bytes of storage in use, for st_blocks. Called with this held. */
    long allocatedLocked() {
        return 0;
    }

    @Override
    synchronized void stat(StatBuf st) {
        st.dev = fs.dev;
        st.ino = ino;
        st.mode = mode;
        st.nlink = nlink;
        st.uid = uid;
        st.gid = gid;
        st.rdev = rdev();
        st.size = sizeLocked();
        st.blksize = 4096;
        st.blocks = allocatedLocked() / 512;
        st.atimeSec = Math.floorDiv(atime, 1_000_000_000L);
        st.atimeNsec = Math.floorMod(atime, 1_000_000_000L);
        st.mtimeSec = Math.floorDiv(mtime, 1_000_000_000L);
        st.mtimeNsec = Math.floorMod(mtime, 1_000_000_000L);
        st.ctimeSec = Math.floorDiv(ctime, 1_000_000_000L);
        st.ctimeNsec = Math.floorMod(ctime, 1_000_000_000L);
    }

    /** st_rdev: 0 except for device nodes. */
    long rdev() {
        return 0;
    }

    /** Creation time in nanoseconds (statx stx_btime). */
    synchronized long btime() {
        return btime;
    }

    @Override
    synchronized void chmod(int m) {
        mode = (mode & StatBuf.S_IFMT) | (m & 07777);
        ctime = fs.now();
    }

    @Override
    synchronized void chown(int u, int g) {
        if (u != -1) uid = u;
        if (g != -1) gid = g;
        ctime = fs.now();
    }

    @Override
    synchronized void setTimes(long a, long m) {
        long now = fs.now();
        if (a != UTIME_OMIT) atime = a == UTIME_NOW ? now : a;
        if (m != UTIME_OMIT) mtime = m == UTIME_NOW ? now : m;
        ctime = now;
    }

    /** Data changed: mtime and ctime become now. */
    synchronized void touchModified() {
        mtime = ctime = fs.now();
    }

    /** Attributes changed (link count, rename): ctime becomes now. */
    synchronized void touchChanged() {
        ctime = fs.now();
    }

    /** Adds delta to the link count; returns the new count. */
    synchronized int addLinks(int delta) {
        nlink += delta;
        ctime = fs.now();
        return nlink;
    }

    /** Called when the last name is gone: frees what no open description still needs. */
    void unlinked() {
        fs.inodeFreed();
    }

    @Override
    OpenFile open(Location at, int flags, String path) throws FsException {
        throw new FsException(Errno.ENXIO);
    }
}
