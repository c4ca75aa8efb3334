package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.ResourceLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The POSIX message queues of one kernel (Linux's mqueue file system of an IPC namespace):
 * names → {@link Mqueue}, the /proc/sys/fs/mqueue limits, and RLIMIT_MSGQUEUE accounting
 * (mq_overview(7)). Names arrive as the kernel sees them: glibc has already stripped the
 * leading '/'.
 *
 * <p>Guarded by {@code this}: names, live, charged, counts. Lock order: MqueueRegistry → Mqueue.
 */
public final class MqueueRegistry {
    // /proc/sys/fs/mqueue defaults and the hard ceilings (mq_overview(7), ipc/mqueue.c)
    public static final int MSG_DEFAULT = 10, MSG_MAX = 10, MSGSIZE_DEFAULT = 8192, MSGSIZE_MAX = 8192,
            QUEUES_MAX = 256, HARD_MSGMAX = 65536, HARD_MSGSIZEMAX = 16 * 1024 * 1024, NAME_MAX = 255;
    // what a queue costs besides its messages: sizeof(struct msg_msg) and of posix_msg_tree_node on 64-bit
    private static final int MSG_MSG_SIZE = 48, TREE_NODE_SIZE = 48;
    /** st_dev of the mqueue file system. */
    public static final long DEV = StatBuf.makedev(0, 0x1f);

    /** Why an operation failed: an errno, without a stack trace. */
    public static final class Failure extends Exception {
        public final int errno;

        Failure(int errno) {
            super(Errno.message(errno), null, false, false);
            this.errno = errno;
        }
    }

    private final Kernel kernel;
    private final Map<String, Mqueue> names = new TreeMap<>();
    private final Set<Mqueue> live = new HashSet<>();
    private final Map<Integer, Long> charged = new HashMap<>();
    private final Map<Mqueue, String> lastNames = new HashMap<>();
    private long nextIno = 1;

    public MqueueRegistry(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * mq_open(3) as the kernel's mq_open does it: name (without the leading '/'), flags, mode,
     * and for a new queue its size (attr null for the defaults).
     *
     * @param attr {mq_maxmsg, mq_msgsize} or null
     * @throws Failure ENAMETOOLONG, EACCES (a '/' in the name, permission), ENOENT, EEXIST,
     *                 EINVAL (bad attributes, access mode 3 on an existing queue), ENOSPC, EMFILE
     */
    public MqueueFile open(Process p, String name, int oflag, int mode, long[] attr) throws Failure {
        checkName(name);
        Credentials cred = p.credentials();
        Mqueue q;
        synchronized (this) {
            q = names.get(name);
            if (q == null) {
                if ((oflag & OpenFile.O_CREAT) == 0) throw new Failure(Errno.ENOENT);
                q = createLocked(p, name, mode, attr);
            } else {
                if ((oflag & (OpenFile.O_CREAT | OpenFile.O_EXCL)) == (OpenFile.O_CREAT | OpenFile.O_EXCL))
                    throw new Failure(Errno.EEXIST);
                int acc = oflag & OpenFile.O_ACCMODE;
                if (acc == OpenFile.O_ACCMODE) throw new Failure(Errno.EINVAL);
                int want = acc == OpenFile.O_RDONLY ? 4 : acc == OpenFile.O_WRONLY ? 2 : 6;
                if (!permitted(cred, q, want)) throw new Failure(Errno.EACCES);
            }
            return new MqueueFile(this, q, oflag & (OpenFile.O_ACCMODE | OpenFile.O_NONBLOCK));
        }
    }

    /**
     * Makes a new queue called name (absent), checking the attributes, the queue count and
     * RLIMIT_MSGQUEUE for p; mode gets p's umask.
     */
    private Mqueue createLocked(Process p, String name, int mode, long[] attr) throws Failure {
        Credentials cred = p.credentials();
        boolean privileged = cred.euid() == 0;
        long maxmsg = attr == null ? MSG_DEFAULT : attr[0], msgsize = attr == null ? MSGSIZE_DEFAULT : attr[1];
        if (maxmsg <= 0 || msgsize <= 0) throw new Failure(Errno.EINVAL);
        if (privileged ? maxmsg > HARD_MSGMAX || msgsize > HARD_MSGSIZEMAX : maxmsg > MSG_MAX || msgsize > MSGSIZE_MAX) {
            throw new Failure(Errno.EINVAL);
        }
        if (live.size() >= QUEUES_MAX && !privileged) throw new Failure(Errno.ENOSPC);
        long bytes = maxmsg * msgsize + maxmsg * MSG_MSG_SIZE + Math.min(maxmsg, Mqueue.PRIO_MAX) * TREE_NODE_SIZE;
        long limit = p.limits.soft(ResourceLimits.MSGQUEUE);
        long used = charged.getOrDefault(cred.uid(), 0L);
        if (limit != ResourceLimits.INFINITY && used + bytes > limit) throw new Failure(Errno.EMFILE);
        charged.put(cred.uid(), used + bytes);
        Mqueue q = new Mqueue(kernel, nextIno++, name, mode & ~p.umask() & 0777, cred.uid(), cred.egid(),
                (int) maxmsg, (int) msgsize, bytes);
        names.put(name, q);
        live.add(q);
        lastNames.put(q, name);
        return q;
    }

    /** open(2) with O_CREAT in /dev/mqueue: a queue with the default attributes (the name is new). */
    public Mqueue create(Process p, String name, int mode) throws Failure {
        checkName(name);
        synchronized (this) {
            if (names.containsKey(name)) throw new Failure(Errno.EEXIST);
            return createLocked(p, name, mode, null);
        }
    }

    /** unlink(2) in /dev/mqueue (permissions checked by the VFS). */
    public void remove(String name) throws Failure {
        synchronized (this) {
            Mqueue q = names.remove(name);
            if (q == null) throw new Failure(Errno.ENOENT);
            q.unlinked();
            if (q.destroyable()) destroy(q);
        }
    }

    /** mq_unlink(3): removes the name; the queue lives on while descriptions refer to it. */
    public void unlink(Process p, String name) throws Failure {
        checkName(name);
        Credentials cred = p.credentials();
        Mqueue q;
        synchronized (this) {
            q = names.get(name);
            if (q == null) throw new Failure(Errno.ENOENT);
            // the directory is 01777 and root's: only the queue's owner (or root) may remove it
            if (cred.euid() != 0 && cred.euid() != q.uid()) throw new Failure(Errno.EPERM);
            names.remove(name);
            q.unlinked();
            if (q.destroyable()) destroy(q);
        }
    }

    /** Linux's lookup_one_len rules for a queue name. */
    private static void checkName(String name) throws Failure {
        if (name.isEmpty()) throw new Failure(Errno.ENOENT); // getname("")
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NAME_MAX)
            throw new Failure(Errno.ENAMETOOLONG);
        if (name.indexOf('/') >= 0 || name.equals(".") || name.equals("..")) throw new Failure(Errno.EACCES);
    }

    private static boolean permitted(Credentials c, Mqueue q, int want) {
        if (c.euid() == 0) return true;
        int m = q.mode();
        int bits = c.euid() == q.uid() ? m >> 6 : c.egid() == q.gid() ? m >> 3 : m;
        return (bits & want) == want;
    }

    /** The last description of q was closed. */
    synchronized void closed(Mqueue q, MqueueFile f) {
        if (q.detach(f)) destroy(q);
    }

    private void destroy(Mqueue q) {
        if (!live.remove(q)) return;
        lastNames.remove(q);
        charged.merge(q.creatorUid, -q.bytes, Long::sum);
    }

    synchronized String lastName(Mqueue q) {
        return lastNames.getOrDefault(q, "");
    }

    /** A process exited: its mq_notify registrations go (its descriptions' flush, ipc/mqueue.c). */
    public void processExited(Process p) {
        List<Mqueue> qs;
        synchronized (this) {
            qs = new ArrayList<>(live);
        }
        for (Mqueue q : qs) q.dropNotification(p);
    }

    /** The queue called name, or null (for /dev/mqueue). */
    public synchronized Mqueue lookup(String name) {
        return names.get(name);
    }

    /** The names, sorted (for /dev/mqueue). */
    public synchronized List<String> list() {
        return new ArrayList<>(names.keySet());
    }

    /** Bytes charged to uid against RLIMIT_MSGQUEUE. */
    public synchronized long charged(int uid) {
        return charged.getOrDefault(uid, 0L);
    }

    /** Opens an existing queue as open(2) of /dev/mqueue/NAME does (permissions checked by the caller). */
    public MqueueFile openExisting(Mqueue q, int flags) {
        return new MqueueFile(this, q, flags & (OpenFile.O_ACCMODE | OpenFile.O_NONBLOCK));
    }

    /** chmod(2) of /dev/mqueue/NAME (the VFS checked ownership). */
    public void chmod(Mqueue q, int mode) {
        q.chmod(mode);
    }

    /** chown(2) of /dev/mqueue/NAME (the VFS checked the caller may); -1 leaves an id. */
    public void chown(Mqueue q, int uid, int gid) {
        q.chown(uid, gid);
    }

    /** fstat(2) of a queue: a regular file of FILENT_SIZE bytes on the mqueue file system. */
    public void stat(Mqueue q, StatBuf st) {
        st.dev = DEV;
        st.ino = q.ino;
        st.mode = StatBuf.S_IFREG | q.mode();
        st.uid = q.uid();
        st.gid = q.gid();
        st.size = MqueueFile.FILENT_SIZE;
        st.blksize = 4096;
    }
}
