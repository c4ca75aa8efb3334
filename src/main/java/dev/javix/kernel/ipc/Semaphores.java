package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.syscall.Syscall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * System V semaphore sets (semget(2), semop(2), semtimedop(2), semctl(2)).
 *
 * <p>A semop applies its whole array of operations or none of them: the operations run in
 * order on a copy of the values, and only if none would block (a decrement below zero, a
 * wait-for-zero on a non-zero value) or overflow (ERANGE past SEMVMX) are the results stored.
 * A blocked caller is a {@link Sleeper} on the set's wait queue, remembering the operation it
 * waits for (what GETNCNT and GETZCNT count); every change to the set wakes the sleepers and
 * they try again. SEM_UNDO operations add to the process's adjustment for that semaphore,
 * applied at exit ({@link #exit}); SETVAL and SETALL clear the adjustments.
 *
 * <p>Guest layouts: {@code struct sembuf} is 6 bytes (0 unsigned short sem_num; 2 short sem_op;
 * 4 short sem_flg); asm-generic {@code struct semid64_ds} is 88 bytes:
 * <pre>
 *  0 struct ipc64_perm sem_perm;  48 long sem_otime;  56 long sem_ctime;  64 unsigned long sem_nsems
 * </pre>
 * Guarded by {@code this}: ids, every set's values and sleepers, the undo lists.
 */
public final class Semaphores {
    public static final int OFF_OTIME = 48, OFF_CTIME = 56, OFF_NSEMS = 64;
    /** sizeof(struct semid64_ds), of struct sembuf, of struct seminfo. */
    public static final int DS_SIZE = 88, SEMBUF_SIZE = 6, INFO_SIZE = 40;

    public static final int SEM_UNDO = 0x1000;
    public static final int GETPID = 11, GETVAL = 12, GETALL = 13, GETNCNT = 14, GETZCNT = 15, SETVAL = 16,
            SETALL = 17, SEM_STAT = 18, SEM_INFO = 19, SEM_STAT_ANY = 20;

    /** One operation of a semop array. */
    public record Op(int num, int op, int flags) {}

    /** One set (Linux's sem_array). */
    static final class SemSet implements IpcIds.Entry {
        final IpcPerm perm;
        final int[] values;
        final int[] pids;
        long otime, ctime;
        final List<Sleeper> sleepers = new ArrayList<>();
        final WaitQueue waiters = new WaitQueue();

        SemSet(IpcPerm perm, int nsems, long now) {
            this.perm = perm;
            this.values = new int[nsems];
            this.pids = new int[nsems];
            this.ctime = now;
        }

        @Override
        public IpcPerm perm() {
            return perm;
        }
    }

    /** A semop waiting for its set to change: Task.syscallState while it sleeps. */
    final class Sleeper extends IpcWait {
        final Task task;
        final long deadline;
        /** The operation that could not proceed at the last attempt. */
        Op blocking;
        /** semtimedop's wake-up at the deadline, cancelled when the call ends first. */
        dev.javix.kernel.sched.Timers.Handle timer;

        Sleeper(Task task, SemSet set, long deadline) {
            super(set, set.waiters);
            this.task = task;
            this.deadline = deadline;
        }

        @Override
        public long interrupt(Task t) {
            synchronized (Semaphores.this) {
                ((SemSet) object).sleepers.remove(this);
            }
            if (timer != null) timer.cancel();
            return super.interrupt(t);
        }
    }

    private final IpcNamespace ns;
    private final IpcIds<SemSet> ids = new IpcIds<>(IpcLimits.SEMMNI);
    /** Semaphores in all sets (limited by SEMMNS). */
    private long usedSems;
    /** SEM_UNDO adjustments, per process and set (Linux's sem_undo list; not inherited by fork). */
    private final Map<Process, Map<SemSet, int[]>> undo = new HashMap<>();

    Semaphores(IpcNamespace ns) {
        this.ns = ns;
    }

    /** Implements semget(2). */
    public synchronized long get(Credentials c, int key, int nsems, int flags) {
        if (nsems < 0 || nsems > IpcLimits.SEMMSL) return -Errno.EINVAL;
        return ids.get(key, flags, c, (perm, err) -> {
            if (nsems == 0) {
                err[0] = -Errno.EINVAL;
                return null;
            }
            if (usedSems + nsems > IpcLimits.SEMMNS || ids.count() >= IpcLimits.SEMMNI) {
                err[0] = -Errno.ENOSPC;
                return null;
            }
            usedSems += nsems;
            return new SemSet(perm, nsems, ns.now());
        }, s -> nsems > s.values.length ? -Errno.EINVAL : 0);
    }

    /**
     * Implements semop(2) and semtimedop(2) once the caller has read the operations (1 to
     * SEMOPM of them). Returns 0, -errno (EFBIG for a semaphore number past the set, EAGAIN
     * under IPC_NOWAIT or at the deadline, ERANGE, EIDRM when the set goes while waiting), or
     * BLOCK after queuing t.
     *
     * @param deadline monotonic deadline in ns, or Long.MAX_VALUE
     */
    public long semop(Task t, int id, Op[] ops, long deadline) {
        long r = semopOnce(t, id, ops, deadline);
        if (r != Syscall.BLOCK && t.syscallState instanceof Sleeper me) {
            me.queue.remove(t);
            if (me.timer != null) me.timer.cancel();
        }
        return r;
    }

    private long semopOnce(Task t, int id, Op[] ops, long deadline) {
        SemSet s;
        synchronized (this) {
            Sleeper me = t.syscallState instanceof Sleeper sl ? sl : null;
            if (me != null) {
                deadline = me.deadline;
                s = (SemSet) me.object;
                s.sleepers.remove(me);
                if (s.perm.deleted) return -Errno.EIDRM;
            } else {
                s = ids.byId(id);
                if (s == null) return -Errno.EINVAL;
                boolean alter = false;
                for (Op op : ops) {
                    if (op.num >= s.values.length) return -Errno.EFBIG;
                    alter |= op.op != 0;
                }
                if (!s.perm.allows(t.process.credentials(), alter ? IpcPerm.S_IWUGO : IpcPerm.S_IRUGO)) {
                    return -Errno.EACCES;
                }
            }
            Map<SemSet, int[]> adj = undo.get(t.process);
            int[] adjust = adj == null ? null : adj.get(s);
            int[] values = s.values.clone();
            for (Op op : ops) {
                int v = values[op.num];
                if ((op.op == 0 && v != 0) || v + op.op < 0) {
                    if ((op.flags & IpcPerm.IPC_NOWAIT) != 0) return -Errno.EAGAIN;
                    if (ns.kernel().clock().monotonicNanos() >= deadline) return -Errno.EAGAIN;
                    if (me == null) {
                        me = new Sleeper(t, s, deadline);
                        t.syscallState = me;
                        if (deadline != Long.MAX_VALUE) me.timer = ns.kernel().timers().at(deadline, t::wake);
                    }
                    me.blocking = op;
                    s.sleepers.add(me);
                    s.waiters.add(t);
                    return Syscall.BLOCK;
                }
                if (v + op.op > IpcLimits.SEMVMX) return -Errno.ERANGE;
                if ((op.flags & SEM_UNDO) != 0) {
                    int u = (adjust == null ? 0 : adjust[op.num]) - op.op;
                    if (u < -IpcLimits.SEMAEM - 1 || u > IpcLimits.SEMAEM) return -Errno.ERANGE;
                }
                values[op.num] = v + op.op;
            }
            // Success: store the values, the adjustments, the pids.
            System.arraycopy(values, 0, s.values, 0, values.length);
            for (Op op : ops) {
                s.pids[op.num] = t.process.pid;
                if ((op.flags & SEM_UNDO) != 0) {
                    if (adjust == null) {
                        adjust = new int[s.values.length];
                        undo.computeIfAbsent(t.process, p -> new HashMap<>()).put(s, adjust);
                    }
                    adjust[op.num] -= op.op;
                }
            }
            s.otime = ns.now();
        }
        s.waiters.wakeAll();
        return 0;
    }

    /**
     * exit of process p: applies its SEM_UNDO adjustments to the sets still in existence,
     * clamped to [0, SEMVMX] (Linux's exit_sem), and wakes their sleepers.
     */
    public void exit(Process p) {
        List<SemSet> changed = new ArrayList<>();
        synchronized (this) {
            Map<SemSet, int[]> adj = undo.remove(p);
            if (adj == null) return;
            for (Map.Entry<SemSet, int[]> e : adj.entrySet()) {
                SemSet s = e.getKey();
                if (s.perm.deleted) continue;
                int[] a = e.getValue();
                for (int i = 0; i < a.length; i++) {
                    if (a[i] == 0) continue;
                    s.values[i] = Math.clamp((long) s.values[i] + a[i], 0, IpcLimits.SEMVMX);
                    s.pids[i] = p.pid;
                }
                s.otime = ns.now();
                changed.add(s);
            }
        }
        for (SemSet s : changed) s.waiters.wakeAll();
    }

    /** The set for a semctl command, after the permission check; null with err[0] set. */
    private SemSet lookup(Credentials c, int id, int access, long[] err) {
        SemSet s = ids.byId(id);
        if (s == null) {
            err[0] = -Errno.EINVAL;
        } else if (access != 0 && !s.perm.allows(c, access)) {
            err[0] = -Errno.EACCES;
            s = null;
        }
        return s;
    }

    /** semctl GETVAL, GETPID, GETNCNT, GETZCNT: the value asked for, or -errno. */
    public synchronized long getOne(Credentials c, int id, int semnum, int cmd) {
        long[] err = {0};
        SemSet s = lookup(c, id, IpcPerm.S_IRUGO, err);
        if (s == null) return err[0];
        if (semnum < 0 || semnum >= s.values.length) return -Errno.EINVAL;
        return switch (cmd) {
            case GETVAL -> s.values[semnum];
            case GETPID -> s.pids[semnum];
            case GETNCNT -> count(s, semnum, false);
            default -> count(s, semnum, true);
        };
    }

    /** Sleepers whose blocking operation is a decrement (or, zero, a wait-for-zero) of semnum. */
    private static int count(SemSet s, int semnum, boolean zero) {
        int n = 0;
        for (Iterator<Sleeper> it = s.sleepers.iterator(); it.hasNext(); ) {
            Sleeper sl = it.next();
            if (sl.task.state() == Task.State.DEAD) {
                it.remove();
                continue;
            }
            if (sl.blocking.num() == semnum && (zero ? sl.blocking.op() == 0 : sl.blocking.op() < 0)) n++;
        }
        return n;
    }

    /** semctl GETALL: the values, or null with err[0] set. */
    public synchronized int[] getAll(Credentials c, int id, long[] err) {
        SemSet s = lookup(c, id, IpcPerm.S_IRUGO, err);
        return s == null ? null : s.values.clone();
    }

    /** The number of semaphores in set id, or -EINVAL (SETALL reads that many values first). */
    public synchronized int size(int id) {
        SemSet s = ids.byId(id);
        return s == null ? -Errno.EINVAL : s.values.length;
    }

    /**
     * semctl SETVAL (one semaphore; values is {val}) or SETALL (all): ERANGE past SEMVMX or
     * below 0; clears every process's adjustment of the semaphores set; wakes sleepers.
     */
    public long setValues(Task t, int id, int semnum, int cmd, int[] values) {
        SemSet s;
        synchronized (this) {
            for (int v : values) if (v < 0 || v > IpcLimits.SEMVMX) return -Errno.ERANGE;
            s = ids.byId(id);
            if (s == null) return -Errno.EINVAL;
            if (cmd == SETVAL && (semnum < 0 || semnum >= s.values.length)) return -Errno.EINVAL;
            if (!s.perm.allows(t.process.credentials(), IpcPerm.S_IWUGO)) return -Errno.EACCES;
            if (cmd == SETALL && values.length != s.values.length) return -Errno.EINVAL;
            for (int i = 0; i < values.length; i++) {
                int n = cmd == SETVAL ? semnum : i;
                s.values[n] = values[i];
                s.pids[n] = t.process.pid;
                for (Map<SemSet, int[]> adj : undo.values()) {
                    int[] a = adj.get(s);
                    if (a != null) a[n] = 0;
                }
            }
            s.ctime = ns.now();
        }
        s.waiters.wakeAll();
        return 0;
    }

    /** IPC_STAT, SEM_STAT (id is an index; returns the id), SEM_STAT_ANY: fills struct semid64_ds. */
    public synchronized long stat(Credentials c, int id, int cmd, byte[] ds) {
        SemSet s = cmd == IpcNamespace.IPC_STAT ? ids.byId(id) : ids.byIndex(id);
        if (s == null) return -Errno.EINVAL;
        if (cmd != SEM_STAT_ANY && !s.perm.allows(c, IpcPerm.S_IRUGO)) return -Errno.EACCES;
        s.perm.write(ds, 0);
        Bytes.putLong(ds, OFF_OTIME, s.otime);
        Bytes.putLong(ds, OFF_CTIME, s.ctime);
        Bytes.putLong(ds, OFF_NSEMS, s.values.length);
        return cmd == IpcNamespace.IPC_STAT ? 0 : s.perm.id;
    }

    /** IPC_SET: owner uid/gid and mode bits, by the owner, creator or root (EPERM). */
    public synchronized long set(Credentials c, int id, byte[] ds) {
        SemSet s = ids.byId(id);
        if (s == null) return -Errno.EINVAL;
        if (!s.perm.owns(c)) return -Errno.EPERM;
        s.perm.set(Bytes.getInt(ds, IpcPerm.OFF_UID), Bytes.getInt(ds, IpcPerm.OFF_GID),
                Bytes.getInt(ds, IpcPerm.OFF_MODE));
        s.ctime = ns.now();
        return 0;
    }

    /** IPC_RMID: removes the set; sleepers fail with EIDRM, adjustments are forgotten. */
    public long remove(Credentials c, int id) {
        SemSet s;
        synchronized (this) {
            s = ids.byId(id);
            if (s == null) return -Errno.EINVAL;
            if (!s.perm.owns(c)) return -Errno.EPERM;
            ids.remove(s);
            usedSems -= s.values.length;
            for (Map<SemSet, int[]> adj : undo.values()) adj.remove(s);
        }
        s.waiters.wakeAll();
        return 0;
    }

    /**
     * IPC_INFO (limits) or SEM_INFO (semusz = sets in use, semaem = semaphores in use): fills
     * struct seminfo (ten ints: semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz,
     * semvmx, semaem). Returns the highest index in use (0 if none).
     */
    public synchronized long info(int cmd, byte[] out) {
        int[] f = {IpcLimits.SEMMNS, IpcLimits.SEMMNI, IpcLimits.SEMMNS, IpcLimits.SEMMNS, IpcLimits.SEMMSL,
            IpcLimits.SEMOPM, IpcLimits.SEMOPM, 20, IpcLimits.SEMVMX, IpcLimits.SEMAEM};
        if (cmd == SEM_INFO) {
            f[7] = ids.count();
            f[9] = (int) usedSems;
        }
        for (int i = 0; i < f.length; i++) Bytes.putInt(out, i * 4, f[i]);
        return Math.max(0, ids.highestIndex());
    }

    /** /proc/sysvipc/sem, in Linux's format (ipc/sem.c sysvipc_sem_proc_show). */
    public synchronized String procText() {
        StringBuilder b = new StringBuilder("       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n");
        for (SemSet s : ids.all()) {
            IpcPerm p = s.perm;
            b.append(String.format("%10d %10d  %4o %10d %5d %5d %5d %5d %10d %10d\n", p.key, p.id, p.mode,
                    s.values.length, p.uid, p.gid, p.cuid, p.cgid, s.otime, s.ctime));
        }
        return b.toString();
    }

    /** The values of set id (for tests), or null. */
    synchronized int[] values(int id) {
        SemSet s = ids.byId(id);
        return s == null ? null : s.values.clone();
    }
}
