package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;

/**
 * Permission checks by mode bits (path_resolution(7), inode_permission): owner, group or other
 * bits by the caller's file-system ids. Root (uid 0) has CAP_DAC_OVERRIDE: it may read and
 * write anything and search any directory, but executes only files with at least one x bit.
 * Supplementary groups are not modelled yet: only the (effective) gid counts.
 */
final class Access {
    static final int R = 4, W = 2, X = 1;
    private static final int S_ISVTX = 01000;

    private Access() {}

    /** True if the caller with effective ids may access n as want (R|W|X) asks. */
    static boolean permitted(Credentials c, Inode n, int want) {
        return permitted(c.euid(), c.egid(), n, want);
    }

    /** The same check with explicit ids (faccessat(2) checks with the real ones). */
    static boolean permitted(int uid, int gid, Inode n, int want) {
        int mode = n.mode();
        if (uid == 0) return (want & X) == 0 || n.isDir() || (mode & 0111) != 0;
        int bits = uid == n.uid() ? mode >>> 6 : gid == n.gid() ? mode >>> 3 : mode;
        return (bits & want & 7) == (want & 7);
    }

    /** Throws EACCES unless permitted. */
    static void check(Credentials c, Inode n, int want) throws FsException {
        if (!permitted(c, n, want)) throw new FsException(Errno.EACCES);
    }

    /**
     * May the caller remove or rename away victim from dir? Write and search on dir, and in a
     * sticky directory (like /tmp) only the owner of the file or of the directory, or root
     * (unlink(2) EPERM).
     */
    static void checkDelete(Credentials c, Inode dir, Inode victim) throws FsException {
        check(c, dir, W | X);
        if ((dir.mode() & S_ISVTX) != 0 && c.euid() != 0 && c.euid() != victim.uid() && c.euid() != dir.uid())
            throw new FsException(Errno.EPERM);
    }

    /** Owner or root, as chmod(2) and explicit utimensat times require (EPERM otherwise). */
    static void checkOwner(Credentials c, Inode n) throws FsException {
        if (c.euid() != 0 && c.euid() != n.uid()) throw new FsException(Errno.EPERM);
    }
}
