package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import java.util.Arrays;

/**
 * A process's file descriptor table: fd → open file description, plus the per-fd
 * close-on-exec flag (FD_CLOEXEC belongs to the descriptor, not the description; fcntl(2)).
 * Shared between threads (CLONE_FILES); copied by fork.
 *
 * <p>Guarded by {@code this}.
 */
public final class FdTable {
    private OpenFile[] files = new OpenFile[64];
    private boolean[] cloexec = new boolean[64];

    /** The description behind fd, or null if fd is not open. */
    public synchronized OpenFile get(int fd) {
        return fd >= 0 && fd < files.length ? files[fd] : null;
    }

    /**
     * Installs f at the lowest free fd ≥ min (below limit); returns the fd or -EMFILE.
     * Takes over the caller's reference to f.
     */
    public synchronized int install(OpenFile f, int min, boolean closeOnExec, long limit) {
        for (int fd = Math.max(0, min); fd < limit; fd++) {
            if (fd >= files.length) grow(fd + 1);
            if (files[fd] == null) {
                files[fd] = f;
                cloexec[fd] = closeOnExec;
                return fd;
            }
        }
        return -Errno.EMFILE;
    }

    /** True if some fd below limit is free (open(2) reports EMFILE before looking at the path). */
    public synchronized boolean hasFree(long limit) {
        for (int fd = 0; fd < limit; fd++) if (fd >= files.length || files[fd] == null) return true;
        return false;
    }

    /** dup2/dup3: puts f at exactly fd, closing what was there. Returns fd. */
    public int installAt(OpenFile f, int fd, boolean closeOnExec) {
        OpenFile old;
        synchronized (this) {
            if (fd >= files.length) grow(fd + 1);
            old = files[fd];
            files[fd] = f;
            cloexec[fd] = closeOnExec;
        }
        if (old != null) old.close();
        return fd;
    }

    /** Closes fd; returns 0 or -EBADF. */
    public long close(int fd) {
        OpenFile old;
        synchronized (this) {
            if (fd < 0 || fd >= files.length || files[fd] == null) return -Errno.EBADF;
            old = files[fd];
            files[fd] = null;
            cloexec[fd] = false;
        }
        old.close();
        return 0;
    }

    public synchronized boolean closeOnExec(int fd) {
        return fd >= 0 && fd < files.length && cloexec[fd];
    }

    public synchronized void setCloseOnExec(int fd, boolean on) {
        if (fd >= 0 && fd < files.length && files[fd] != null) cloexec[fd] = on;
    }

    /** Highest open fd + 1. */
    public synchronized int size() {
        for (int i = files.length - 1; i >= 0; i--) if (files[i] != null) return i + 1;
        return 0;
    }

    /** Processes sharing this table (CLONE_FILES without CLONE_THREAD); guarded by this. */
    private int users = 1;

    /** Another process shares this table (clone with CLONE_FILES): returns this. */
    public synchronized FdTable share() {
        users++;
        return this;
    }

    /** A process stops using this table; the last one closes every descriptor. */
    public void release() {
        boolean last;
        synchronized (this) {
            last = --users == 0;
        }
        if (last) closeAll();
    }

    /** A copy sharing every open description (fork without CLONE_FILES). */
    public synchronized FdTable copy() {
        FdTable t = new FdTable();
        t.files = files.clone();
        t.cloexec = cloexec.clone();
        for (OpenFile f : t.files) if (f != null) f.retain();
        return t;
    }

    /** execve(2): closes every close-on-exec descriptor. */
    public void closeOnExec() {
        for (int fd = 0; fd < size(); fd++) if (closeOnExec(fd)) close(fd);
    }

    /** Closes everything (process exit). */
    public void closeAll() {
        for (int fd = size() - 1; fd >= 0; fd--) if (get(fd) != null) close(fd);
    }

    private void grow(int min) {
        int n = Math.max(min, files.length * 2);
        files = Arrays.copyOf(files, n);
        cloexec = Arrays.copyOf(cloexec, n);
    }
}
