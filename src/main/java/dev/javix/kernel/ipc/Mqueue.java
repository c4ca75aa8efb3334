package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.Timers;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.Interruptible;
import dev.javix.kernel.signal.SigInfo;
import dev.javix.syscall.Syscall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One POSIX message queue (mq_overview(7)), Linux's {@code mqueue_inode_info}: a bounded set of
 * messages delivered highest priority first and in FIFO order within a priority, the receivers
 * and senders waiting on it, and at most one mq_notify(3) registration.
 *
 * <p>Like Linux (ipc/mqueue.c), a message sent while a receiver is blocked is handed straight to
 * the first such receiver ("pipelined send") and never enters the queue, so a notification
 * fires only when a message arrives on an empty queue that no receiver is waiting on. A
 * receiver that was handed a message but is then interrupted by a signal puts it back at the
 * head of its priority, so nothing is lost. Blocked senders simply run again when a message
 * leaves (they re-check for room).
 *
 * <p>Guarded by {@code this}: every mutable field. Lock order: Mqueue → OpenFile → WaitQueue;
 * tasks are woken and signals sent after the lock is released.
 */
public final class Mqueue {
    /** MQ_PRIO_MAX: priorities are 0 … 32767. */
    public static final int PRIO_MAX = 32768;
    // sigev_notify values (asm-generic/siginfo.h)
    public static final int SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2;
    /** si_code of a message-queue notification (asm-generic/siginfo.h). */
    public static final int SI_MESGQ = -3;
    /** Cookie layout of a SIGEV_THREAD notification (linux/mqueue.h): 32 bytes, the last one the reason. */
    public static final int NOTIFY_COOKIE_LEN = 32, NOTIFY_WOKENUP = 1, NOTIFY_REMOVED = 2;

    /** A message as it waits in the queue. */
    public record Message(byte[] data, int priority) {}

    private final Kernel kernel;
    final long ino;
    final int maxmsg, msgsize;
    /** What this queue charges against its creator's RLIMIT_MSGQUEUE (mq_overview(7)). */
    final long bytes;
    final int creatorUid;

    // ---- guarded by this
    private String name; // null once unlinked
    private int mode, uid, gid;
    private final TreeMap<Integer, ArrayDeque<byte[]>> messages = new TreeMap<>(Collections.reverseOrder());
    private int curmsgs;
    private long qsize;
    private final ArrayDeque<Receiver> receivers = new ArrayDeque<>();
    private final WaitQueue senders = new WaitQueue();
    private final List<OpenFile> files = new ArrayList<>(2);
    private int opens;
    // the mq_notify registration, owner == null when none
    private Process notifyOwner;
    private int notifyKind, notifySigno;
    private long notifyValue;
    private MqueueNetlink notifySocket;
    private byte[] notifyCookie;

    Mqueue(Kernel kernel, long ino, String name, int mode, int uid, int gid, int maxmsg, int msgsize, long bytes) {
        this.kernel = kernel;
        this.ino = ino;
        this.name = name;
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.maxmsg = maxmsg;
        this.msgsize = msgsize;
        this.bytes = bytes;
        this.creatorUid = uid;
    }

    public synchronized String name() {
        return name;
    }

    synchronized void unlinked() {
        name = null;
    }

    synchronized boolean destroyable() {
        return name == null && opens == 0;
    }

    public synchronized int mode() {
        return mode;
    }

    public synchronized int uid() {
        return uid;
    }

    public synchronized int gid() {
        return gid;
    }

    public int maxmsg() {
        return maxmsg;
    }

    public int msgsize() {
        return msgsize;
    }

    public synchronized int curmsgs() {
        return curmsgs;
    }

    /** Total bytes of the queued messages (QSIZE in /dev/mqueue). */
    public synchronized long qsize() {
        return qsize;
    }

    synchronized void chmod(int m) {
        mode = m & 07777;
    }

    synchronized void chown(int newUid, int newGid) {
        if (newUid != -1) uid = newUid;
        if (newGid != -1) gid = newGid;
    }

    // ------------------------------------------------------------------ descriptions

    synchronized void attach(OpenFile f) {
        files.add(f);
        opens++;
    }

    /** The last close of a description: drops it; true if the queue may now be destroyed. */
    synchronized boolean detach(OpenFile f) {
        files.remove(f);
        opens--;
        return name == null && opens == 0;
    }

    /** POLLIN when a message is there, POLLOUT when there is room (mqueue_poll_file). */
    public synchronized int pollMask() {
        int m = 0;
        if (curmsgs > 0) m |= OpenFile.POLLIN | OpenFile.POLLRDNORM;
        if (curmsgs < maxmsg) m |= OpenFile.POLLOUT | OpenFile.POLLWRNORM;
        return m;
    }

    /** Wakes pollers of every description (after the lock is released). */
    private void wakePollers() {
        OpenFile[] fs;
        synchronized (this) {
            fs = files.toArray(new OpenFile[0]);
        }
        for (OpenFile f : fs) f.waitQueue().wakeAll();
    }

    // ------------------------------------------------------------------ send

    /** The state of a blocked mq_timedsend: SA_RESTART restarts it (signal(7)). */
    private final class Sender implements Interruptible {
        final long deadline;
        Timers.Handle timer;

        Sender(long deadline) {
            this.deadline = deadline;
        }

        Mqueue outer() {
            return Mqueue.this;
        }

        @Override
        public boolean restartable() {
            return true;
        }

        @Override
        public long interrupt(Task t) {
            senders.remove(t);
            if (timer != null) timer.cancel();
            return -Errno.EINTR;
        }
    }

    /**
     * mq_timedsend(2) after the descriptor checks: queues data, waiting while the queue is full.
     * Called again after every wake-up.
     *
     * @param deadline monotonic deadline in ns, Long.MAX_VALUE for none
     * @return 0, -EAGAIN, -ETIMEDOUT, or BLOCK
     */
    public long send(Task t, byte[] data, int prio, boolean nonBlocking, long deadline) {
        Receiver handedTo = null;
        Runnable notification = null;
        Sender waiting = t.syscallState instanceof Sender s && s.outer() == this ? s : null;
        synchronized (this) {
            if (curmsgs >= maxmsg) {
                if (nonBlocking) return -Errno.EAGAIN;
                long d = waiting != null ? waiting.deadline : deadline;
                if (kernel.clock().monotonicNanos() >= d) {
                    senders.remove(t);
                    return -Errno.ETIMEDOUT;
                }
                senders.add(t);
                if (waiting == null) {
                    waiting = new Sender(deadline);
                    t.syscallState = waiting;
                    if (deadline != Long.MAX_VALUE) waiting.timer = kernel.timers().at(deadline, t::wake);
                }
                return Syscall.BLOCK;
            }
            if (waiting != null) {
                senders.remove(t);
                if (waiting.timer != null) waiting.timer.cancel();
            }
            handedTo = firstLiveReceiver();
            if (handedTo != null) {
                handedTo.message = new Message(data, prio);
            } else {
                messages.computeIfAbsent(prio, x -> new ArrayDeque<>()).addLast(data);
                curmsgs++;
                qsize += data.length;
                if (curmsgs == 1) notification = takeNotification(t, NOTIFY_WOKENUP);
            }
        }
        if (handedTo != null) {
            if (handedTo.timer != null) handedTo.timer.cancel();
            handedTo.task.wake();
        } else {
            if (notification != null) notification.run();
            wakePollers();
        }
        return 0;
    }

    // ------------------------------------------------------------------ receive

    /**
     * The state of a blocked mq_timedreceive: queued on {@link #receivers}; a sender fills
     * {@link #message}. SA_RESTART restarts it (signal(7)); if a message had already been handed
     * over, interrupting puts it back.
     */
    private final class Receiver implements Interruptible {
        final Task task;
        final long deadline;
        Timers.Handle timer;
        Message message; // guarded by Mqueue.this

        Receiver(Task task, long deadline) {
            this.task = task;
            this.deadline = deadline;
        }

        Mqueue outer() {
            return Mqueue.this;
        }

        @Override
        public boolean restartable() {
            return true;
        }

        @Override
        public long interrupt(Task t) {
            if (timer != null) timer.cancel();
            putBack(this);
            return -Errno.EINTR;
        }
    }

    /**
     * mq_timedreceive(2) after the descriptor checks: takes the oldest message of the highest
     * priority into out[0], waiting while the queue is empty. Called again after every wake-up.
     *
     * @return 0 with out[0] set, -EAGAIN, -ETIMEDOUT, or BLOCK
     */
    public long receive(Task t, boolean nonBlocking, long deadline, Message[] out) {
        Receiver waiting = t.syscallState instanceof Receiver r && r.outer() == this ? r : null;
        boolean wakeSenders;
        synchronized (this) {
            if (waiting != null) {
                if (waiting.message != null) {
                    out[0] = waiting.message;
                    if (waiting.timer != null) waiting.timer.cancel();
                    return 0;
                }
                if (curmsgs == 0) {
                    if (kernel.clock().monotonicNanos() >= waiting.deadline) {
                        receivers.remove(waiting);
                        return -Errno.ETIMEDOUT;
                    }
                    if (!receivers.contains(waiting)) receivers.addLast(waiting);
                    return Syscall.BLOCK;
                }
                receivers.remove(waiting); // cannot happen while receivers wait, but stay safe
                if (waiting.timer != null) waiting.timer.cancel();
            } else if (curmsgs == 0) {
                if (nonBlocking) return -Errno.EAGAIN;
                if (kernel.clock().monotonicNanos() >= deadline) return -Errno.ETIMEDOUT;
                waiting = new Receiver(t, deadline);
                receivers.addLast(waiting);
                t.syscallState = waiting;
                if (deadline != Long.MAX_VALUE) waiting.timer = kernel.timers().at(deadline, t::wake);
                return Syscall.BLOCK;
            }
            Map.Entry<Integer, ArrayDeque<byte[]>> e = messages.firstEntry();
            byte[] data = e.getValue().pollFirst();
            if (e.getValue().isEmpty()) messages.remove(e.getKey());
            curmsgs--;
            qsize -= data.length;
            out[0] = new Message(data, e.getKey());
            wakeSenders = true;
        }
        if (wakeSenders) senders.wakeAll();
        wakePollers();
        return 0;
    }

    /** The first waiting receiver whose task still lives, dropping dead ones; null if none. */
    private Receiver firstLiveReceiver() {
        for (Iterator<Receiver> it = receivers.iterator(); it.hasNext(); ) {
            Receiver r = it.next();
            it.remove();
            if (r.task.state() != Task.State.DEAD) return r;
        }
        return null;
    }

    /** An interrupted receiver leaves; a message it had been handed goes to the next receiver or back to the head. */
    private void putBack(Receiver r) {
        Receiver next = null;
        synchronized (this) {
            receivers.remove(r);
            Message m = r.message;
            if (m == null) return;
            r.message = null;
            next = firstLiveReceiver();
            if (next != null) {
                next.message = m;
            } else {
                messages.computeIfAbsent(m.priority(), x -> new ArrayDeque<>()).addFirst(m.data());
                curmsgs++;
                qsize += m.data().length;
            }
        }
        if (next != null) next.task.wake();
        else wakePollers();
    }

    // ------------------------------------------------------------------ notification

    /**
     * mq_notify(3): registers p for the queue's next empty → non-empty transition, or with
     * kind &lt; 0 unregisters (only the owner's registration is removed; others' calls are no-ops).
     *
     * @return 0 or -EBUSY
     */
    public long notify(Process p, int kind, int signo, long value, MqueueNetlink socket, byte[] cookie) {
        Runnable removed = null;
        synchronized (this) {
            if (kind < 0) {
                if (notifyOwner == p) removed = takeNotification(null, NOTIFY_REMOVED);
            } else if (notifyOwner != null) {
                return -Errno.EBUSY;
            } else {
                notifyOwner = p;
                notifyKind = kind;
                notifySigno = signo;
                notifyValue = value;
                notifySocket = socket;
                notifyCookie = cookie;
            }
        }
        if (removed != null) removed.run();
        return 0;
    }

    /** Drops p's registration (p closed the queue or exited), telling a SIGEV_THREAD helper. */
    void dropNotification(Process p) {
        Runnable removed;
        synchronized (this) {
            if (notifyOwner != p) return;
            removed = takeNotification(null, NOTIFY_REMOVED);
        }
        if (removed != null) removed.run();
    }

    /** The registered process, or null. */
    public synchronized Process notifyOwner() {
        return notifyOwner;
    }

    /**
     * Clears the registration and returns what carries it out once the lock is released: the
     * signal (on arrival only), or the cookie message to the netlink socket.
     */
    private Runnable takeNotification(Task sender, int reason) {
        Process owner = notifyOwner;
        if (owner == null) return null;
        notifyOwner = null;
        int kind = notifyKind, signo = notifySigno;
        long value = notifyValue;
        MqueueNetlink sock = notifySocket;
        byte[] cookie = notifyCookie;
        notifySocket = null;
        notifyCookie = null;
        if (kind == SIGEV_SIGNAL && reason == NOTIFY_WOKENUP && signo != 0) {
            int pid = sender.process.pid, senderUid = sender.process.credentials().uid();
            SigInfo info = new SigInfo(signo, SI_MESGQ, pid, senderUid, 0, 0, value);
            return () -> kernel.signals().send(owner, info);
        }
        if (kind == SIGEV_THREAD && sock != null) {
            byte[] c = cookie.clone();
            c[NOTIFY_COOKIE_LEN - 1] = (byte) reason;
            return () -> {
                sock.deliver(c);
                sock.close(); // the reference the registration held
            };
        }
        return null;
    }

    /**
     * The status line a read of the queue shows (mqueue_read_file):
     * {@code QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n}.
     */
    public synchronized String status() {
        int kind = notifyOwner != null ? notifyKind : 0;
        int signo = notifyOwner != null && notifyKind == SIGEV_SIGNAL ? notifySigno : 0;
        int pid = notifyOwner != null ? notifyOwner.pid : 0;
        return String.format("QSIZE:%-10d NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n", qsize, kind, signo, pid);
    }

    /** Messages per priority, highest first (tests). */
    synchronized List<Message> snapshot() {
        List<Message> out = new ArrayList<>();
        for (var e : messages.entrySet()) for (byte[] d : e.getValue()) out.add(new Message(d, e.getKey()));
        return out;
    }
}
