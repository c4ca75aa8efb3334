package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.syscall.Syscall;
import java.util.ArrayList;
import java.util.List;

/**
 * System V message queues (msgget(2), msgsnd(2), msgrcv(2), msgctl(2)).
 *
 * <p>A queue holds (type, text) messages in arrival order and at most {@code qbytes} bytes of
 * text (and at most qbytes messages, as Linux's msg_fits). A sender that does not fit, and a
 * receiver that finds no matching message, wait on the queue's wait queue; every change wakes
 * them all and they look again.
 *
 * <p>Guest layout, asm-generic {@code struct msqid64_ds} (120 bytes):
 * <pre>
 *  0 struct ipc64_perm msg_perm;  48 long msg_stime;  56 long msg_rtime;  64 long msg_ctime;
 * 72 unsigned long msg_cbytes;  80 msg_qnum;  88 msg_qbytes;  96 pid_t msg_lspid;  100 pid_t msg_lrpid
 * </pre>
 * Guarded by {@code this}: the ids and every queue's state.
 */
public final class MessageQueues {
    public static final int OFF_STIME = 48, OFF_RTIME = 56, OFF_CTIME = 64, OFF_CBYTES = 72, OFF_QNUM = 80,
            OFF_QBYTES = 88, OFF_LSPID = 96, OFF_LRPID = 100;
    /** sizeof(struct msqid64_ds). */
    public static final int DS_SIZE = 120;
    /** sizeof(struct msginfo): int msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql; ushort msgseg. */
    public static final int INFO_SIZE = 32;

    public static final int MSG_NOERROR = 010000, MSG_EXCEPT = 020000, MSG_COPY = 040000;
    public static final int MSG_STAT = 11, MSG_INFO = 12, MSG_STAT_ANY = 13;

    /** One message. */
    record Message(long type, byte[] text) {}

    /** A received message, to be copied out by the caller. */
    public record Received(long type, byte[] text) {}

    /** One queue (Linux's msg_queue). */
    static final class Queue implements IpcIds.Entry {
        final IpcPerm perm;
        final List<Message> messages = new ArrayList<>();
        long cbytes;
        long qbytes = IpcLimits.MSGMNB;
        long stime, rtime, ctime;
        int lspid, lrpid;
        final WaitQueue waiters = new WaitQueue();

        Queue(IpcPerm perm, long now) {
            this.perm = perm;
            this.ctime = now;
        }

        @Override
        public IpcPerm perm() {
            return perm;
        }
    }

    private final IpcNamespace ns;
    private final IpcIds<Queue> ids = new IpcIds<>(IpcLimits.MSGMNI);

    MessageQueues(IpcNamespace ns) {
        this.ns = ns;
    }

    /** Implements msgget(2): the id of the queue for key, or -errno. */
    public synchronized long get(Credentials c, int key, int flags) {
        return ids.get(key, flags, c, (perm, err) -> new Queue(perm, ns.now()), q -> 0);
    }

    /**
     * Implements msgsnd(2) once the caller has read the message (type and text). Returns 0,
     * -errno, or BLOCK after queuing t (it runs again when the queue changes).
     */
    public long send(Task t, int id, long type, byte[] text, int flags) {
        Queue q;
        synchronized (this) {
            q = lookup(t, id);
            if (q == null) return t.syscallState instanceof IpcWait ? -Errno.EIDRM : -Errno.EINVAL;
            if (!q.perm.allows(t.process.credentials(), IpcPerm.S_IWUGO)) return -Errno.EACCES;
            if (q.cbytes + text.length > q.qbytes || q.messages.size() + 1 > q.qbytes) {
                if ((flags & IpcPerm.IPC_NOWAIT) != 0) return -Errno.EAGAIN;
                return block(t, q);
            }
            q.messages.add(new Message(type, text));
            q.cbytes += text.length;
            q.lspid = t.process.pid;
            q.stime = ns.now();
        }
        q.waiters.wakeAll();
        return 0;
    }

    /**
     * Implements msgrcv(2)'s search: takes the message msgtyp selects (0: the first; &gt; 0: the
     * first of that type, or with MSG_EXCEPT of another type; &lt; 0: the first of the lowest
     * type not above |msgtyp|; MSG_COPY: a copy of the msgtyp'th message) and returns it, with
     * its text cut to size under MSG_NOERROR. Errors and BLOCK come back in err[0] (result null).
     */
    public Received receive(Task t, int id, long size, long msgtyp, int flags, long[] err) {
        Queue q;
        Received out;
        synchronized (this) {
            q = lookup(t, id);
            if (q == null) {
                err[0] = t.syscallState instanceof IpcWait ? -Errno.EIDRM : -Errno.EINVAL;
                return null;
            }
            if (!q.perm.allows(t.process.credentials(), IpcPerm.S_IRUGO)) {
                err[0] = -Errno.EACCES;
                return null;
            }
            int at = (flags & MSG_COPY) != 0 ? (msgtyp >= 0 && msgtyp < q.messages.size() ? (int) msgtyp : -1)
                    : select(q.messages, msgtyp, (flags & MSG_EXCEPT) != 0);
            if (at < 0) {
                if ((flags & IpcPerm.IPC_NOWAIT) != 0) err[0] = -Errno.ENOMSG;
                else err[0] = block(t, q);
                return null;
            }
            Message m = q.messages.get(at);
            if (m.text.length > size && (flags & MSG_NOERROR) == 0) {
                err[0] = -Errno.E2BIG;
                return null;
            }
            byte[] text = m.text.length > size ? java.util.Arrays.copyOf(m.text, (int) size) : m.text;
            out = new Received(m.type, text);
            if ((flags & MSG_COPY) != 0) return out;
            q.messages.remove(at);
            q.cbytes -= m.text.length;
            q.lrpid = t.process.pid;
            q.rtime = ns.now();
        }
        q.waiters.wakeAll();
        return out;
    }

    /** The index of the message msgtyp selects, or -1. */
    static int select(List<Message> messages, long msgtyp, boolean except) {
        if (msgtyp == 0) return messages.isEmpty() ? -1 : 0;
        if (msgtyp > 0) {
            for (int i = 0; i < messages.size(); i++) {
                if ((messages.get(i).type == msgtyp) != except) return i;
            }
            return -1;
        }
        long limit = msgtyp == Long.MIN_VALUE ? Long.MAX_VALUE : -msgtyp;
        int best = -1;
        for (int i = 0; i < messages.size(); i++) {
            long type = messages.get(i).type;
            if (type <= limit && (best < 0 || type < messages.get(best).type)) best = i;
        }
        return best;
    }

    /**
     * The queue a (possibly re-run) call works on: the one it waited on (leaving its wait
     * queue; {@link #block} puts it back if it must wait again), or the id's.
     */
    private Queue lookup(Task t, int id) {
        if (t.syscallState instanceof IpcWait w && w.object instanceof Queue q) {
            q.waiters.remove(t);
            return q.perm.deleted ? null : q;
        }
        return ids.byId(id);
    }

    private static long block(Task t, Queue q) {
        q.waiters.add(t);
        if (!(t.syscallState instanceof IpcWait)) t.syscallState = new IpcWait(q, q.waiters);
        return Syscall.BLOCK;
    }

    /**
     * IPC_STAT, MSG_STAT (id is an index; returns the queue's id) and MSG_STAT_ANY (no read
     * permission needed): fills struct msqid64_ds. Returns 0 (IPC_STAT), the id, or -errno.
     */
    public synchronized long stat(Credentials c, int id, int cmd, byte[] ds) {
        Queue q = cmd == IpcNamespace.IPC_STAT ? ids.byId(id) : ids.byIndex(id);
        if (q == null) return -Errno.EINVAL;
        if (cmd != MSG_STAT_ANY && !q.perm.allows(c, IpcPerm.S_IRUGO)) return -Errno.EACCES;
        q.perm.write(ds, 0);
        Bytes.putLong(ds, OFF_STIME, q.stime);
        Bytes.putLong(ds, OFF_RTIME, q.rtime);
        Bytes.putLong(ds, OFF_CTIME, q.ctime);
        Bytes.putLong(ds, OFF_CBYTES, q.cbytes);
        Bytes.putLong(ds, OFF_QNUM, q.messages.size());
        Bytes.putLong(ds, OFF_QBYTES, q.qbytes);
        Bytes.putInt(ds, OFF_LSPID, q.lspid);
        Bytes.putInt(ds, OFF_LRPID, q.lrpid);
        return cmd == IpcNamespace.IPC_STAT ? 0 : q.perm.id;
    }

    /**
     * IPC_SET from struct msqid64_ds: msg_qbytes (above MSGMNB only for root: EPERM), owner
     * uid/gid and mode bits; only the owner, creator or root (EPERM). Wakes waiting senders.
     */
    public long set(Credentials c, int id, byte[] ds) {
        Queue q;
        synchronized (this) {
            q = ids.byId(id);
            if (q == null) return -Errno.EINVAL;
            if (!q.perm.owns(c)) return -Errno.EPERM;
            long qbytes = Bytes.getLong(ds, OFF_QBYTES);
            if (Long.compareUnsigned(qbytes, IpcLimits.MSGMNB) > 0 && c.euid() != 0) return -Errno.EPERM;
            q.qbytes = qbytes;
            q.perm.set(Bytes.getInt(ds, IpcPerm.OFF_UID), Bytes.getInt(ds, IpcPerm.OFF_GID),
                    Bytes.getInt(ds, IpcPerm.OFF_MODE));
            q.ctime = ns.now();
        }
        q.waiters.wakeAll();
        return 0;
    }

    /** IPC_RMID: removes the queue and its messages; waiting tasks fail with EIDRM. */
    public long remove(Credentials c, int id) {
        Queue q;
        synchronized (this) {
            q = ids.byId(id);
            if (q == null) return -Errno.EINVAL;
            if (!q.perm.owns(c)) return -Errno.EPERM;
            ids.remove(q);
            q.messages.clear();
            q.cbytes = 0;
        }
        q.waiters.wakeAll();
        return 0;
    }

    /**
     * IPC_INFO (the limits) or MSG_INFO (msgpool = queues, msgmap = messages, msgtql = bytes in
     * use): fills struct msginfo; returns the highest index in use (0 if none).
     */
    public synchronized long info(int cmd, byte[] out) {
        int queues = ids.count(), messages = 0;
        long bytes = 0;
        for (Queue q : ids.all()) {
            messages += q.messages.size();
            bytes += q.cbytes;
        }
        boolean usage = cmd == MSG_INFO;
        Bytes.putInt(out, 0, usage ? queues : IpcLimits.MSGMNI * IpcLimits.MSGMNB / 1024); // msgpool
        Bytes.putInt(out, 4, usage ? messages : IpcLimits.MSGMNB);                          // msgmap
        Bytes.putInt(out, 8, IpcLimits.MSGMAX);
        Bytes.putInt(out, 12, IpcLimits.MSGMNB);
        Bytes.putInt(out, 16, IpcLimits.MSGMNI);
        Bytes.putInt(out, 20, 16);                                                         // msgssz
        Bytes.putInt(out, 24, usage ? (int) Math.min(bytes, Integer.MAX_VALUE) : IpcLimits.MSGMNB); // msgtql
        Bytes.putShort(out, 28, 0xffff);                                                   // msgseg
        return Math.max(0, ids.highestIndex());
    }

    /** /proc/sysvipc/msg, in Linux's format (ipc/msg.c sysvipc_msg_proc_show). */
    public synchronized String procText() {
        StringBuilder b = new StringBuilder("       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n");
        for (Queue q : ids.all()) {
            IpcPerm p = q.perm;
            b.append(String.format("%10d %10d  %4o  %10d %10d %5d %5d %5d %5d %5d %5d %10d %10d %10d\n", p.key, p.id,
                    p.mode, q.cbytes, q.messages.size(), q.lspid, q.lrpid, p.uid, p.gid, p.cuid, p.cgid, q.stime,
                    q.rtime, q.ctime));
        }
        return b.toString();
    }

    /** Queues in use (for tests). */
    public synchronized int count() {
        return ids.count();
    }

    /** Tasks a queue's waiters list holds (for tests). */
    synchronized boolean hasWaiters(int id) {
        Queue q = ids.byId(id);
        return q != null && !q.waiters.isEmpty();
    }
}
