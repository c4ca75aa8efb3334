package dev.javix.kernel.poll;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.sched.WaitQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An epoll instance (epoll(7)): an interest list of (file, fd) items and a ready list. Built
 * on the one readiness protocol: each item is a persistent watcher on its file's wait queue
 * ({@link EpollItem#queueWoken}, Linux's ep_poll_callback) that puts it on the ready list and
 * wakes this epoll's own wait queue, where epoll_wait sleepers, poll/select on the epoll fd and
 * enclosing epolls (nested epoll) wait. {@link #harvest} (ep_send_events) re-polls each ready
 * item and reports what is really ready: a level-triggered item goes back on the ready list,
 * an EPOLLET one does not, an EPOLLONESHOT one is disabled until EPOLL_CTL_MOD.
 *
 * <p>Locks (see package-info for the order): {@link #ctlLock} (Linux's ep->mtx) guards
 * {@link #items} and serialises scans of the ready list; {@link #readyLock} (ep->lock) guards
 * the ready list, the overflow list, {@link #scanning} and each item's events, data and list
 * flags. Files are polled holding ctlLock only.
 *
 * <p>An item holds no reference on its file (as in Linux): it is dropped when the file's last
 * reference goes (epoll(7) Q6), through {@link EpollItem#fileReleased}.
 */
public final class Epoll extends AnonInodeFile {
    // epoll_event.events bits (uapi/linux/eventpoll.h)
    public static final int EPOLLIN = 0x1, EPOLLPRI = 0x2, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10,
            EPOLLNVAL = 0x20, EPOLLRDNORM = 0x40, EPOLLRDBAND = 0x80, EPOLLWRNORM = 0x100, EPOLLWRBAND = 0x200,
            EPOLLMSG = 0x400, EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30, EPOLLET = 1 << 31;
    /** Control bits, not poll events (Linux's EP_PRIVATE_BITS). */
    public static final int PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
    /** What EPOLLEXCLUSIVE may be combined with (EPOLLEXCLUSIVE_OK_BITS). */
    public static final int EXCLUSIVE_OK_BITS = EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM | EPOLLERR | EPOLLHUP
            | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE;
    /** EP_MAX_NESTS: at most 5 epoll instances in a chain. */
    public static final int MAX_NESTS = 4;

    /** Kernel-wide lock for adding an epoll into an epoll (Linux's epnested_mutex); taken before any ctlLock. */
    private final Object nestingLock;
    final Object ctlLock = new Object();
    final Object readyLock = new Object();

    // guarded by ctlLock
    private final Map<EpollItem, EpollItem> items = new HashMap<>();
    private boolean freed;

    // guarded by readyLock
    private ArrayDeque<EpollItem> ready = new ArrayDeque<>();
    /** The batch being scanned; swapped with {@link #ready} so a scan allocates nothing. */
    private ArrayDeque<EpollItem> scanList = new ArrayDeque<>();
    /** Items whose file woke during a scan (Linux's ovflist), in arrival order. */
    private final ArrayDeque<EpollItem> overflow = new ArrayDeque<>();
    private boolean scanning;

    /** epoll_create1(flags): only EPOLL_CLOEXEC (handled by the caller) is valid. */
    public Epoll(Object nestingLock) {
        super(O_RDWR, "[eventpoll]");
        this.nestingLock = nestingLock;
    }

    // ------------------------------------------------------------------ epoll_ctl

    /** The item for (file, fd), or null. Requires ctlLock. */
    private EpollItem findLocked(OpenFile file, int fd) {
        return items.get(EpollItem.key(file, fd));
    }

    /**
     * EPOLL_CTL_ADD: watches file (open as fd) for events (EPOLLERR and EPOLLHUP added, as
     * always), reporting data. Returns 0, -EEXIST, or -ELOOP when file is an epoll whose
     * addition would close a loop or nest more than {@link #MAX_NESTS} deep.
     */
    public long add(OpenFile file, int fd, int events, long data) {
        if (file instanceof Epoll inner) {
            synchronized (nestingLock) {
                int down = inner.depthBelow(this, 0);
                if (down > MAX_NESTS) return -Errno.ELOOP;
                if (down + 1 + depthAbove(0) > MAX_NESTS) return -Errno.ELOOP;
                return insert(file, fd, events, data);
            }
        }
        return insert(file, fd, events, data);
    }

    private long insert(OpenFile file, int fd, int events, long data) {
        boolean wake;
        synchronized (ctlLock) {
            if (freed) return -Errno.EBADF;
            if (findLocked(file, fd) != null) return -Errno.EEXIST;
            EpollItem it = new EpollItem(this, file, fd, events | EPOLLERR | EPOLLHUP, data);
            items.put(it, it);
            file.waitQueue().addWatcher(it, (events & EPOLLEXCLUSIVE) != 0);
            // Poll once after registering, so a wake-up in between is not lost (ep_insert).
            wake = (file.pollMask() & it.events) != 0 && link(it);
        }
        if (wake) waitQueue().wakeAll();
        return 0;
    }

    /** EPOLL_CTL_MOD: new events (EPOLLERR|EPOLLHUP added) and data; re-arms an EPOLLONESHOT item. -ENOENT if absent. */
    public long modify(OpenFile file, int fd, int events, long data) {
        boolean wake;
        synchronized (ctlLock) {
            EpollItem it = findLocked(file, fd);
            if (it == null) return -Errno.ENOENT;
            synchronized (readyLock) {
                if ((it.events & EPOLLEXCLUSIVE) != 0) return -Errno.EINVAL;
                it.events = events | EPOLLERR | EPOLLHUP;
                it.data = data;
            }
            wake = (file.pollMask() & it.events) != 0 && link(it);
        }
        if (wake) waitQueue().wakeAll();
        return 0;
    }

    /** EPOLL_CTL_DEL. -ENOENT if absent. */
    public long delete(OpenFile file, int fd) {
        synchronized (ctlLock) {
            EpollItem it = findLocked(file, fd);
            if (it == null) return -Errno.ENOENT;
            removeLocked(it);
            return 0;
        }
    }

    /** True if (file, fd) is in the interest list (for EPOLLEXCLUSIVE's MOD check and tests). */
    public boolean contains(OpenFile file, int fd) {
        synchronized (ctlLock) {
            return findLocked(file, fd) != null;
        }
    }

    /** The events mask of (file, fd) as stored (tests: ONESHOT disabling), or -1 when absent. */
    public int eventsOf(OpenFile file, int fd) {
        synchronized (ctlLock) {
            EpollItem it = findLocked(file, fd);
            if (it == null) return -1;
            synchronized (readyLock) {
                return it.events;
            }
        }
    }

    public int size() {
        synchronized (ctlLock) {
            return items.size();
        }
    }

    /** Requires ctlLock. */
    private void removeLocked(EpollItem it) {
        items.remove(it);
        it.file.waitQueue().removeWatcher(it);
        synchronized (readyLock) {
            it.removed = true;
            if (it.linked && !scanning) ready.remove(it);
            it.linked = false;
        }
    }

    /** The watched file's last reference is gone: forget it (eventpoll_release). */
    void released(EpollItem it) {
        synchronized (ctlLock) {
            if (items.get(it) == it) removeLocked(it);
        }
    }

    /** Puts it on the ready list if not there; returns true if it was added. Takes readyLock. */
    private boolean link(EpollItem it) {
        synchronized (readyLock) {
            if (it.removed || it.linked) return false;
            if (scanning) {
                if (!it.inOverflow) {
                    it.inOverflow = true;
                    overflow.addLast(it);
                }
                return true;
            }
            it.linked = true;
            ready.addLast(it);
            return true;
        }
    }

    /**
     * ep_poll_callback: it's file woke with key (the bits that may have become true, or
     * WaitQueue.ANY); an item that wants none of them is left alone. Returns whether a sleeper in epoll_wait was woken
     * (what EPOLLEXCLUSIVE's wake-one counts). Runs under no lock of this epoll.
     */
    boolean fileWoke(EpollItem it, int key) {
        synchronized (readyLock) {
            if (it.removed || (it.events & ~PRIVATE_BITS) == 0) return false; // disabled EPOLLONESHOT
            if ((key & it.events & ~PRIVATE_BITS) == 0) return false; // the wake-up's bits are not wanted
            if (scanning) {
                if (!it.inOverflow) {
                    it.inOverflow = true;
                    overflow.addLast(it);
                }
            } else if (!it.linked) {
                it.linked = true;
                ready.addLast(it);
            }
        }
        boolean sleepers = !waitQueue().isEmpty();
        waitQueue().wakeAll();
        return sleepers || (it.events & EPOLLEXCLUSIVE) == 0;
    }

    // ------------------------------------------------------------------ epoll_wait

    /** Receives one ready event from {@link #harvest}. */
    public interface Sink {
        void event(int index, int revents, long data);
    }

    /**
     * ep_send_events: reports up to max ready items to sink and returns how many. Each item on
     * the ready list is polled again; level-triggered ones that reported go back on the list,
     * EPOLLET ones do not, EPOLLONESHOT ones are disabled (events cleared but the control bits).
     */
    public int harvest(int max, Sink sink) {
        int n = 0;
        synchronized (ctlLock) {
            ArrayDeque<EpollItem> batch;
            synchronized (readyLock) {
                if (ready.isEmpty()) return 0;
                batch = ready;
                ready = scanList;
                scanList = batch;
                scanning = true;
            }
            while (n < max) {
                EpollItem it;
                int events;
                long data;
                synchronized (readyLock) {
                    it = batch.pollFirst();
                    if (it == null) break;
                    it.linked = false;
                    events = it.events;
                    data = it.data;
                }
                int revents = it.file.pollMask() & events;
                if (revents == 0) continue;
                sink.event(n++, revents, data);
                synchronized (readyLock) {
                    if ((events & EPOLLONESHOT) != 0) it.events &= PRIVATE_BITS;
                    else if ((events & EPOLLET) == 0) {
                        it.linked = true;
                        ready.addLast(it); // level-triggered: reported again next time while ready
                    }
                }
            }
            finishScan(batch);
        }
        return n;
    }

    /**
     * ep_done_scan: the new ready list is the unscanned rest of batch, then the items that woke
     * during the scan, then the level-triggered items put back. Requires ctlLock.
     */
    private void finishScan(ArrayDeque<EpollItem> batch) {
        boolean wake;
        synchronized (readyLock) {
            scanning = false;
            for (EpollItem it; (it = overflow.pollFirst()) != null; ) {
                it.inOverflow = false;
                if (it.linked || it.removed) continue;
                it.linked = true;
                batch.addLast(it);
            }
            batch.addAll(ready); // (no allocation: ArrayDeque.addAll iterates)
            ready.clear();
            ArrayDeque<EpollItem> t = ready;
            ready = batch;
            scanList = t;
            wake = !ready.isEmpty();
        }
        if (wake) waitQueue().wakeAll(); // others in epoll_wait, pollers and enclosing epolls
    }

    /** Items on the ready list (some may turn out not ready when harvested). */
    public int readyCount() {
        synchronized (readyLock) {
            return ready.size();
        }
    }

    /** True if the ready list is not empty (a sleeper re-checks after queueing itself). */
    public boolean hasReady() {
        synchronized (readyLock) {
            return !ready.isEmpty();
        }
    }

    /**
     * ep_eventpoll_poll: POLLIN|POLLRDNORM if some item on the ready list really has events;
     * items found not ready are dropped from the list.
     */
    @Override
    public int pollMask() {
        synchronized (ctlLock) {
            ArrayDeque<EpollItem> batch;
            synchronized (readyLock) {
                if (ready.isEmpty()) return 0;
                batch = ready;
                ready = scanList;
                scanList = batch;
                scanning = true;
            }
            boolean any = false;
            int left = batch.size();
            while (left-- > 0) {
                EpollItem it;
                int events;
                synchronized (readyLock) {
                    it = batch.pollFirst();
                    if (it == null) break;
                    events = it.events;
                }
                if ((it.file.pollMask() & events) != 0) {
                    any = true;
                    synchronized (readyLock) {
                        batch.addLast(it); // stays ready, order kept
                    }
                    continue;
                }
                synchronized (readyLock) {
                    it.linked = false;
                }
            }
            finishScanQuiet(batch);
            return any ? POLLIN | POLLRDNORM : 0;
        }
    }

    /** Like finishScan without waking (pollMask must not wake the queue it is asked about). */
    private void finishScanQuiet(ArrayDeque<EpollItem> batch) {
        synchronized (readyLock) {
            scanning = false;
            for (EpollItem it; (it = overflow.pollFirst()) != null; ) {
                it.inOverflow = false;
                if (it.linked || it.removed) continue;
                it.linked = true;
                batch.addLast(it);
            }
            batch.addAll(ready);
            ready.clear();
            ArrayDeque<EpollItem> t = ready;
            ready = batch;
            scanList = t;
        }
    }

    // ------------------------------------------------------------------ nesting

    /**
     * Height of the epoll tree below this one (0 if it watches no epoll), or more than
     * {@link #MAX_NESTS} if {@code into} is reachable (a loop) or the tree is too deep
     * (ep_loop_check_proc). Requires nestingLock.
     */
    private int depthBelow(Epoll into, int depth) {
        List<Epoll> children = new ArrayList<>();
        synchronized (ctlLock) {
            for (EpollItem it : items.keySet()) if (it.file instanceof Epoll e) children.add(e);
        }
        int result = 0;
        for (Epoll e : children) {
            if (e == into || depth > MAX_NESTS) return Integer.MAX_VALUE;
            int d = e.depthBelow(into, depth + 1);
            if (d == Integer.MAX_VALUE) return d;
            result = Math.max(result, d + 1);
            if (result > MAX_NESTS) return result;
        }
        return result;
    }

    /** How many epolls enclose this one, at most (ep_get_upwards_depth_proc). Requires nestingLock. */
    private int depthAbove(int depth) {
        if (depth > MAX_NESTS) return depth;
        int result = 0;
        for (WaitQueue.Watcher w : waitQueue().watchers()) {
            if (w instanceof EpollItem it) result = Math.max(result, it.ep.depthAbove(depth + 1) + 1);
        }
        return result;
    }

    // ------------------------------------------------------------------ life cycle and fdinfo

    /** ep_free: the epoll's last close drops every registration. */
    @Override
    protected void released() {
        synchronized (ctlLock) {
            freed = true;
            for (EpollItem it : new ArrayList<>(items.keySet())) removeLocked(it);
        }
    }

    /**
     * ep_show_fdinfo: one line per item,
     * {@code tfd: %8d events: %8x data: %16llx  pos:%lli ino:%lx sdev:%x}. Linux walks its
     * red-black tree keyed by (file address, fd); ordering by fd is the stable equivalent.
     */
    @Override
    public String fdinfo() {
        List<EpollItem> list;
        synchronized (ctlLock) {
            list = new ArrayList<>(items.keySet());
        }
        list.sort(Comparator.comparingInt((EpollItem i) -> i.fd));
        StringBuilder sb = new StringBuilder();
        for (EpollItem it : list) {
            int events;
            long data;
            synchronized (readyLock) {
                events = it.events;
                data = it.data;
            }
            dev.javix.kernel.fs.StatBuf st = new dev.javix.kernel.fs.StatBuf();
            it.file.stat(st);
            long pos = it.file.seek(0, 1);
            if (pos < 0) pos = 0;
            sb.append(String.format("tfd: %8d events: %8x data: %16x  pos:%d ino:%x sdev:%x\n",
                    it.fd, events, data, pos, st.ino, encodeDev(st.dev)));
        }
        return sb.toString();
    }

    /** The kernel's internal dev_t (MKDEV: major << 20 | minor), as %x of i_sb->s_dev prints it. */
    private static long encodeDev(long userDev) {
        long major = ((userDev >>> 8) & 0xfff) | ((userDev >>> 32) & ~0xfffL);
        long minor = (userDev & 0xff) | ((userDev >>> 12) & ~0xffL);
        return (major << 20) | minor;
    }
}
