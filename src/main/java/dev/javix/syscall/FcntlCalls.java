package dev.javix.syscall;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.FileLocks;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.Pipe;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.Interruptible;

/**
 * fcntl(2): descriptor flags, status flags, record locks (POSIX and OFD), the SIGIO owner and
 * signal (stored; delivery is not implemented yet), and pipe sizes; and flock(2). Registered
 * by {@link FileCalls}.
 */
final class FcntlCalls {
    private FcntlCalls() {}

    // asm-generic/fcntl.h, linux/fcntl.h
    static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6,
            F_SETLKW = 7, F_SETOWN = 8, F_GETOWN = 9, F_SETSIG = 10, F_GETSIG = 11, F_SETOWN_EX = 15,
            F_GETOWN_EX = 16, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38, F_DUPFD_CLOEXEC = 1030,
            F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;
    static final int FD_CLOEXEC = 1;
    static final int F_OWNER_TID = 0, F_OWNER_PID = 1, F_OWNER_PGRP = 2;
    static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

    /**
     * struct flock on riscv64 (asm-generic/fcntl.h, checked with the cross toolchain), 32 bytes:
     * <pre>
     *   short l_type;   @0     short l_whence; @2
     *   off_t l_start;  @8     off_t l_len;    @16
     *   pid_t l_pid;    @24
     * </pre>
     */
    static final int FLOCK_SIZE = 32, L_TYPE = 0, L_WHENCE = 2, L_START = 8, L_LEN = 16, L_PID = 24;

    /** Implements fcntl(2). */
    static long fcntl(SyscallContext c) {
        int fd = c.argInt(0), cmd = c.argInt(1);
        long arg = c.arg(2);
        var files = c.process().files;
        OpenFile f = files.get(fd);
        if (f == null) return -Errno.EBADF;
        boolean pathOnly = (f.flags() & OpenFile.O_PATH) != 0;
        switch (cmd) {
            case F_DUPFD, F_DUPFD_CLOEXEC -> {
                if (arg < 0 || arg >= FileCalls.nofile(c.process())) return -Errno.EINVAL;
                return FileCalls.install(c, f.retain(), (int) arg, cmd == F_DUPFD_CLOEXEC);
            }
            case F_GETFD -> {
                return files.closeOnExec(fd) ? FD_CLOEXEC : 0;
            }
            case F_SETFD -> {
                files.setCloseOnExec(fd, (arg & FD_CLOEXEC) != 0);
                return 0;
            }
            case F_GETFL -> {
                return f.flags();
            }
            default -> { }
        }
        if (pathOnly) return -Errno.EBADF; // O_PATH descriptors allow only the commands above
        return switch (cmd) {
            case F_SETFL -> {
                int was = f.flags();
                f.setStatusFlags((int) arg);
                // setfl calls f_op->fasync only when FASYNC changes: signal-driven I/O on or off
                if (((was ^ f.flags()) & OpenFile.O_ASYNC) != 0) dev.javix.kernel.poll.Fasync.update(c.kernel(), f, fd);
                yield 0;
            }
            case F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW -> lock(c, f, cmd, arg);
            case F_SETOWN -> setOwner(c, f, (int) arg < 0 ? F_OWNER_PGRP : F_OWNER_PID, Math.abs((int) arg),
                    (int) arg == Integer.MIN_VALUE);
            case F_GETOWN -> {
                int[] o = f.owner();
                yield o[0] == F_OWNER_PGRP ? -o[1] : o[1];
            }
            case F_SETOWN_EX -> {
                int type = c.readInt(arg), pid = c.readInt(arg + 4);
                if (type < F_OWNER_TID || type > F_OWNER_PGRP) yield -Errno.EINVAL;
                yield setOwner(c, f, type, pid, pid < 0);
            }
            case F_GETOWN_EX -> {
                int[] o = f.owner();
                c.writeInt(arg, o[0]);
                c.writeInt(arg + 4, o[1]);
                yield 0;
            }
            case F_SETSIG -> {
                if (arg < 0 || arg > 64) yield -Errno.EINVAL;
                f.setIoSignal((int) arg);
                yield 0;
            }
            case F_GETSIG -> f.ioSignal();
            case F_GETPIPE_SZ -> {
                Pipe p = f.pipe();
                yield p == null ? -Errno.EBADF : p.capacity();
            }
            case F_SETPIPE_SZ -> {
                Pipe p = f.pipe();
                if (p == null) yield -Errno.EBADF;
                yield p.resize(arg & 0xffffffffL, c.process().credentials().euid() == 0);
            }
            default -> -Errno.EINVAL;
        };
    }

    /** F_SETOWN/F_SETOWN_EX: ESRCH for a process or thread that does not exist (f_setown). */
    private static long setOwner(SyscallContext c, OpenFile f, int type, int id, boolean bad) {
        if (bad) return -Errno.EINVAL;
        if (id != 0) {
            boolean exists = switch (type) {
                case F_OWNER_TID -> c.kernel().task(id) != null;
                case F_OWNER_PID -> c.kernel().process(id) != null;
                default -> true; // a process group: not checked
            };
            if (!exists) return -Errno.ESRCH;
        }
        f.setOwner(type, id);
        return 0;
    }

    /** The wait of an F_SETLKW (kept in syscallState): an interruption ends it (restarted under SA_RESTART). */
    private record LockWait(FileLocks locks, Object owner) implements Interruptible {
        @Override
        public boolean restartable() {
            return true;
        }

        @Override
        public long interrupt(Task t) {
            locks.cancelWait(owner);
            return -Errno.EINTR;
        }
    }

    /** The record-lock commands: decodes struct flock, checks it, and asks {@link FileLocks}. */
    private static long lock(SyscallContext c, OpenFile f, int cmd, long arg) {
        byte[] fl = c.readBytes(arg, FLOCK_SIZE);
        int type = (short) ((fl[L_TYPE] & 0xff) | (fl[L_TYPE + 1] << 8));
        int whence = (short) ((fl[L_WHENCE] & 0xff) | (fl[L_WHENCE + 1] << 8));
        long start = SyscallContext.leLong(fl, L_START), len = SyscallContext.leLong(fl, L_LEN);
        int pid = (fl[L_PID] & 0xff) | (fl[L_PID + 1] & 0xff) << 8 | (fl[L_PID + 2] & 0xff) << 16 | fl[L_PID + 3] << 24;
        boolean ofd = cmd >= F_OFD_GETLK;
        boolean get = cmd == F_GETLK || cmd == F_OFD_GETLK;
        if (type != FileLocks.F_RDLCK && type != FileLocks.F_WRLCK && type != FileLocks.F_UNLCK) return -Errno.EINVAL;
        if (ofd && pid != 0) return -Errno.EINVAL;
        if (get && type == FileLocks.F_UNLCK) return -Errno.EINVAL;
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> f.seek(0, SEEK_CUR);
            case SEEK_END -> {
                var st = new dev.javix.kernel.fs.StatBuf();
                long r = f.stat(st);
                yield r < 0 ? r : st.size;
            }
            default -> Long.MIN_VALUE;
        };
        if (base == Long.MIN_VALUE) return -Errno.EINVAL;
        if (base < 0) base = 0; // a stream has no offset: SEEK_CUR counts from 0
        // flock_to_posix_lock: l_len > 0 covers [start, start+len-1], 0 to EOF, < 0 [start+len, start-1].
        long s = base + start, e;
        if (s < 0 || ((base ^ s) & (start ^ s)) < 0) return -Errno.EINVAL;
        if (len > 0) {
            e = s + len - 1;
            if (e < s) return -Errno.EOVERFLOW;
        } else if (len == 0) {
            e = FileLocks.EOF;
        } else {
            e = s - 1;
            s += len;
            if (s < 0) return -Errno.EINVAL;
        }
        FileLocks.Key key = FileLocks.Key.of(f);
        if (key == null) return -Errno.EBADF;
        FileLocks locks = c.kernel().vfs().locks();
        Process p = c.process();
        Object owner = ofd ? f : p;
        if (get) {
            FileLocks.Range r = locks.conflict(key, owner, type, s, e);
            byte[] out = fl.clone();
            if (r == null) {
                putShort(out, L_TYPE, FileLocks.F_UNLCK);
            } else {
                putShort(out, L_TYPE, r.type());
                putShort(out, L_WHENCE, SEEK_SET);
                SyscallContext.putLong(out, L_START, r.start());
                SyscallContext.putLong(out, L_LEN, r.end() == FileLocks.EOF ? 0 : r.end() - r.start() + 1);
                SyscallContext.putInt(out, L_PID, r.owner() instanceof Process q ? q.pid : -1);
            }
            c.write(arg, out);
            return 0;
        }
        if (type == FileLocks.F_RDLCK && !f.readable()) return -Errno.EBADF;
        if (type == FileLocks.F_WRLCK && !f.writable()) return -Errno.EBADF;
        boolean wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
        long r = locks.set(c.task(), key, owner, ofd ? -1 : p.pid, type, s, e, wait, !ofd);
        if (r == Syscall.BLOCK) c.task().syscallState = new LockWait(locks, owner);
        else if (r == 0 && ofd && type != FileLocks.F_UNLCK) f.heldLocksIn(locks);
        return r;
    }

    static final int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;

    /**
     * Implements flock(2): a whole-file lock owned by the open description (shared by its dups
     * and by fork, dropped at its last close), independent of fcntl's locks. A conversion first
     * drops the old lock, so a failed LOCK_NB conversion leaves none (flock_lock_inode).
     */
    static long flock(SyscallContext c) {
        OpenFile f = FileCalls.fileNoPath(c, c.argInt(0));
        if (f == null) return -Errno.EBADF;
        int op = c.argInt(1);
        int type = switch (op & ~LOCK_NB) {
            case LOCK_SH -> FileLocks.F_RDLCK;
            case LOCK_EX -> FileLocks.F_WRLCK;
            case LOCK_UN -> FileLocks.F_UNLCK;
            default -> -1;
        };
        if (type < 0) return -Errno.EINVAL;
        FileLocks.Key key = FileLocks.Key.of(f);
        if (key == null) return -Errno.EBADF;
        FileLocks locks = c.kernel().vfs().flocks();
        int held = locks.typeHeld(key, f);
        if (held == type && type != FileLocks.F_UNLCK) return 0;
        if (held != FileLocks.F_UNLCK) locks.set(c.task(), key, f, -1, FileLocks.F_UNLCK, 0, FileLocks.EOF, false, false);
        if (type == FileLocks.F_UNLCK) return 0;
        long r = locks.set(c.task(), key, f, -1, type, 0, FileLocks.EOF, (op & LOCK_NB) == 0, false);
        if (r == Syscall.BLOCK) c.task().syscallState = new LockWait(locks, f);
        else if (r == 0) f.heldLocksIn(locks);
        return r; // -EAGAIN is EWOULDBLOCK
    }

    private static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }

    /** The POSIX-lock rule of close(2): closing any fd of a file drops the process's locks on it. */
    static void dropLocks(SyscallContext c, OpenFile f) {
        FileLocks locks = c.kernel().vfs().locks();
        if (f == null || !locks.holdsAny(c.process())) return;
        FileLocks.Key key = FileLocks.Key.of(f);
        if (key != null) locks.release(c.process(), key);
    }
}
