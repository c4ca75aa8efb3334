package dev.javix.kernel.aio;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.mem.AddressSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * One native AIO context (Linux's struct kioctx), made by io_setup(2): a ring of completion
 * events that io_getevents(2) takes from, a count of request slots, and the requests still
 * waiting for their file. Belongs to one address space (a forked child or an exec'd image
 * does not see it, as in Linux where contexts hang off the mm).
 *
 * <p>Slots: like Linux, a request holds its slot from submission until its event has been
 * taken by io_getevents, and at most {@code ringEvents - 1} are held at once; io_submit
 * answers EAGAIN when none is free.
 *
 * <p>Guarded by {@code this}: the ring ({@link #ring}, {@link #head}, {@link #count}),
 * {@link #held}, {@link #waiting} and {@link #dead}.
 */
public final class AioContext {
    /** The id io_setup returned: the guest address of the (unused) ring mapping, as in Linux. */
    public final long id;
    public final Process owner;
    public final AddressSpace mm;
    /** nr_events as the caller asked (counted against aio-max-nr). */
    public final long maxReqs;
    /** Events the ring holds (Linux's rounded ctx->nr_events). */
    public final int ringEvents;
    private final WaitQueue completions = new WaitQueue();

    // ---- guarded by this
    /** Completed events: data, obj, res, res2 per slot, ringEvents slots, circular. */
    private final long[] ring;
    private int head, count;
    /** Slots held: requests in flight plus events not yet taken. */
    private int held;
    /** Requests waiting for their file (stream reads and writes), which io_cancel may cancel. */
    private final List<AioRequest> waiting = new ArrayList<>();
    private boolean dead;

    AioContext(long id, Process owner, AddressSpace mm, long maxReqs, int ringEvents) {
        this.id = id;
        this.owner = owner;
        this.mm = mm;
        this.maxReqs = maxReqs;
        this.ringEvents = ringEvents;
        this.ring = new long[ringEvents * 4];
    }

    /** Where io_getevents waits; woken on every completion and on io_destroy. */
    public WaitQueue completions() {
        return completions;
    }

    /** The most requests io_submit takes in one call: the ring size (nr is clamped to it). */
    public int submitLimit() {
        return ringEvents;
    }

    /** Takes a slot for a new request: 0, -EAGAIN when all are held, -EINVAL when destroyed. */
    public synchronized long reserve() {
        if (dead) return -Errno.EINVAL;
        if (held >= ringEvents - 1) return -Errno.EAGAIN;
        held++;
        return 0;
    }

    /** Gives back the slot of a request that failed at submission. */
    public synchronized void unreserve() {
        held--;
    }

    synchronized boolean addWaiting(AioRequest r) {
        if (dead) return false;
        waiting.add(r);
        return true;
    }

    /**
     * Posts r's completion: its event goes into the ring (dropped if the context was
     * destroyed), then the eventfd (IOCB_FLAG_RESFD) is signalled and io_getevents woken, in
     * that order as Linux's aio_complete does.
     */
    void complete(AioRequest r, long res, long res2) {
        boolean posted;
        synchronized (this) {
            waiting.remove(r);
            posted = !dead;
            if (dead) {
                held--;
            } else {
                int slot = ((head + count) % ringEvents) * 4;
                ring[slot] = r.data;
                ring[slot + 1] = r.obj;
                ring[slot + 2] = res;
                ring[slot + 3] = res2;
                count++; // cannot overflow: held ≥ count and held < ringEvents
            }
        }
        r.released(posted);
        completions.wakeAll();
    }

    /**
     * Moves up to max events (oldest first) into out as io_event structs from index 0;
     * returns how many, or -EINVAL when the context is destroyed and has none. The slots
     * stay held until {@link #release} (after the copy to the guest succeeded).
     */
    public synchronized int peek(byte[] out, int max) {
        if (count == 0) return dead ? -Errno.EINVAL : 0;
        int n = Math.min(max, count);
        for (int i = 0; i < n; i++) {
            int slot = ((head + i) % ringEvents) * 4;
            AioAbi.putEvent(out, i * AioAbi.IO_EVENT_SIZE, ring[slot], ring[slot + 1], ring[slot + 2], ring[slot + 3]);
        }
        return n;
    }

    /** Drops the n oldest events (after {@link #peek}) and frees their slots. */
    public synchronized void release(int n) {
        head = (head + n) % ringEvents;
        count -= n;
        held -= n;
    }

    public synchronized int pendingEvents() {
        return count;
    }

    /** Slots held now (requests in flight plus events not yet taken); for tests. */
    public synchronized int held() {
        return held;
    }

    public synchronized boolean isDead() {
        return dead;
    }

    /**
     * io_cancel: cancels the waiting request whose iocb is at obj. Returns -EINPROGRESS (what
     * Linux answers: the event goes to the ring; see {@link AioRequest#cancel}) or -EINVAL if no
     * such request is waiting.
     */
    public long cancel(long obj) {
        AioRequest found = null;
        synchronized (this) {
            for (AioRequest r : waiting) {
                if (r.obj == obj) {
                    found = r;
                    break;
                }
            }
        }
        if (found == null || !found.cancel()) return -Errno.EINVAL;
        return -Errno.EINPROGRESS;
    }

    /**
     * io_destroy (and the owner's exit): marks the context dead, cancels the waiting requests
     * (their events are dropped) and wakes io_getevents. Returns false if it was dead already.
     */
    boolean kill() {
        List<AioRequest> victims;
        synchronized (this) {
            if (dead) return false;
            dead = true;
            victims = new ArrayList<>(waiting);
            count = 0;
        }
        for (AioRequest r : victims) r.cancel();
        completions.wakeAll();
        return true;
    }
}
