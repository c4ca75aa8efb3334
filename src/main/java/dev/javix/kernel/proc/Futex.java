package dev.javix.kernel.proc;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.MemoryFault;
import dev.javix.mem.Mmu;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;
import dev.javix.syscall.Syscall;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Futex wait queues (futex(2)), the kernel half of glibc's mutexes, condition variables,
 * barriers, semaphores and pthread_join.
 *
 * <p>A futex is named by a key: for a private futex the address space and the address (Linux's
 * (mm, address)); for a shared one the page and the offset in it, so processes that map the
 * same page at different addresses meet (Linux's inode/page key). FUTEX_WAIT checks the word and
 * queues the task under this object's lock, and FUTEX_WAKE takes the same lock, so a wake that
 * follows the waker's store cannot be missed. A waiter that is woken has {@code woken} set and
 * its system call, run again, returns 0 (design decision 2).
 *
 * <p>Two common cases take no lock, as in Linux (kernel/futex/waitwake.c): a FUTEX_WAKE of a
 * futex nobody waits on (a lock word left at "contended" by a locker that then never slept),
 * which finds its slot of {@link #waiting} at zero; and a FUTEX_WAIT whose word has already
 * changed, which answers EAGAIN from a first read of the word. A waiter counts itself in
 * {@code waiting} before its locked read of the word, and a waker's store to the word comes
 * before its read of {@code waiting}, each with a full fence in between (Linux's barriers (A)
 * and (B) in futex_wake and futex_q_lock): so either the waiter sees the new word, or the waker
 * sees the waiter and takes the lock.
 *
 * <p>Guarded by {@code this}: the queues, every waiter's key, and the writes of {@code
 * waiting}. {@link Waiter#woken} is set under it, and read without it by a waiter's re-run.
 */
public final class Futex {
    public static final int FUTEX_BITSET_MATCH_ANY = 0xffffffff;

    /** A futex's identity: (AddressSpace, address) when private, (Page, offset) when shared. */
    public record Key(Object space, long offset) {}

    /** One task waiting on a futex; kept in Task.syscallState while the wait is in progress. */
    public final class Waiter implements dev.javix.kernel.signal.Interruptible {
        final Task task;
        Key key;
        final int bitset;
        volatile boolean woken;
        /** Monotonic deadline in ns, or Long.MAX_VALUE. */
        final long deadline;

        Waiter(Task task, Key key, int bitset, long deadline) {
            this.task = task;
            this.key = key;
            this.bitset = bitset;
            this.deadline = deadline;
        }

        /** FUTEX_WAIT is restarted under SA_RESTART (it returns -ERESTARTSYS in Linux). */
        @Override
        public boolean restartable() {
            return true;
        }

        @Override
        public long interrupt(Task t) {
            cancel(this);
            return -Errno.EINTR;
        }
    }

    private final Kernel kernel;
    private final Map<Key, List<Waiter>> queues = new HashMap<>();
    /** Waiters queued per slot of key hashes (Linux's per-bucket waiter count). */
    private final AtomicIntegerArray waiting = new AtomicIntegerArray(SLOTS);
    private static final int SLOTS = 256;
    /** What {@link #word} answers for an address that cannot be read. */
    private static final long NO_WORD = Long.MIN_VALUE;

    public Futex(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The key of the futex word at addr, or null if addr is not mapped readable (EFAULT). */
    public Key key(AddressSpace mm, long addr, boolean shared) {
        if (!shared) return new Key(mm, addr);
        Vma v = mm.find(addr);
        if (v == null || !v.shared()) return new Key(mm, addr); // a private mapping: shared == private
        Page p = mm.resolve(addr, Vma.READ);
        return p == null ? null : new Key(p, addr & Page.MASK);
    }

    /** A futex's slot of {@link #waiting}. */
    private static int slot(Key k) {
        int h = k.hashCode();
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }

    /**
     * The 32-bit word at addr, or {@link #NO_WORD} if it cannot be read (EFAULT). Read through
     * the calling CPU's Mmu when it has mm attached (its TLB answers without the address
     * space's lock, which a contended mutex would otherwise take at every hand-off), else
     * through mm.
     */
    private static long word(AddressSpace mm, Mmu cpu, long addr) {
        if (cpu != null && cpu.space() == mm) {
            cpu.sync();
            try {
                return cpu.load32(addr);
            } catch (MemoryFault f) {
                return NO_WORD;
            }
        }
        byte[] w = new byte[4];
        if (!mm.read(addr, w, 0, 4)) return NO_WORD;
        return (w[0] & 0xff) | (w[1] & 0xff) << 8 | (w[2] & 0xff) << 16 | w[3] << 24;
    }

    /** {@link #waitOn(Task, Mmu, long, int, int, long, boolean)} reading through t's address space. */
    public long waitOn(Task t, long addr, int val, int bitset, long deadline, boolean shared) {
        return waitOn(t, null, addr, val, bitset, deadline, shared);
    }

    /**
     * FUTEX_WAIT(_BITSET): sleeps if the word at addr still holds val. Called again after every
     * wake-up; the first call queues, later calls report the outcome.
     *
     * @param cpu the calling CPU's Mmu, to read the word through its TLB, or null
     * @param deadline monotonic deadline in ns, or Long.MAX_VALUE for none
     * @return 0 when woken, -EAGAIN if the word differs, -ETIMEDOUT, -EFAULT, or BLOCK
     */
    public long waitOn(Task t, Mmu cpu, long addr, int val, int bitset, long deadline, boolean shared) {
        if (bitset == 0) return -Errno.EINVAL;
        if (t.syscallState instanceof Waiter w) {
            if (w.woken) return 0; // set before the waker let go of the lock: final
            synchronized (this) {
                if (w.woken) return 0;
                if (w.deadline != Long.MAX_VALUE && kernel.clock().monotonicNanos() >= w.deadline) {
                    dequeue(w);
                    return -Errno.ETIMEDOUT;
                }
            }
            return Syscall.BLOCK;
        }
        if ((addr & 3) != 0) return -Errno.EINVAL;
        AddressSpace mm = t.process.mm();
        Key k = key(mm, addr, shared);
        if (k == null) return -Errno.EFAULT;
        long now = word(mm, cpu, addr);
        if (now == NO_WORD) return -Errno.EFAULT;
        if ((int) now != val) return -Errno.EAGAIN; // changed already: no lock needed to say so
        int slot = slot(k);
        synchronized (this) {
            waiting.getAndIncrement(slot); // counted before the word is read again (see the class comment)
            VarHandle.fullFence();
            now = word(mm, cpu, addr);
            if (now == NO_WORD || (int) now != val
                    || deadline != Long.MAX_VALUE && deadline <= kernel.clock().monotonicNanos()) {
                waiting.getAndDecrement(slot);
                return now == NO_WORD ? -Errno.EFAULT : (int) now != val ? -Errno.EAGAIN : -Errno.ETIMEDOUT;
            }
            Waiter w = new Waiter(t, k, bitset, deadline);
            queues.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
            t.syscallState = w;
        }
        if (deadline != Long.MAX_VALUE) kernel.timers().at(deadline, t::wake);
        return Syscall.BLOCK;
    }

    /** A waiting task is leaving its wait for another reason (a signal): forget it. */
    public synchronized void cancel(Waiter w) {
        dequeue(w);
    }

    private void dequeue(Waiter w) {
        List<Waiter> q = queues.get(w.key);
        if (q != null && q.remove(w)) {
            waiting.getAndDecrement(slot(w.key));
            if (q.isEmpty()) queues.remove(w.key);
        }
    }

    /** FUTEX_WAKE(_BITSET): wakes up to n waiters whose bitset intersects; returns how many. */
    public int wake(Key k, int n, int bitset) {
        int slot = slot(k);
        VarHandle.fullFence(); // the caller's store to the word before the read of waiting
        if (waiting.get(slot) == 0) return 0; // nobody waits: no lock to take (futex_hb_waiters_pending)
        List<Task> woken = new ArrayList<>();
        synchronized (this) {
            List<Waiter> q = queues.get(k);
            if (q == null) return 0;
            for (Iterator<Waiter> it = q.iterator(); it.hasNext() && woken.size() < n; ) {
                Waiter w = it.next();
                if ((w.bitset & bitset) == 0) continue;
                it.remove();
                waiting.getAndDecrement(slot);
                w.woken = true;
                woken.add(w.task);
            }
            if (q.isEmpty()) queues.remove(k);
        }
        for (Task t : woken) t.wake();
        return woken.size();
    }

    /**
     * FUTEX_REQUEUE / FUTEX_CMP_REQUEUE: wakes up to nWake waiters of from and moves up to
     * nRequeue of the rest to to. Returns the number woken plus (for CMP_REQUEUE) requeued.
     */
    public int requeue(Key from, Key to, int nWake, int nRequeue) {
        int woken = wake(from, nWake, FUTEX_BITSET_MATCH_ANY);
        int moved = 0;
        synchronized (this) {
            List<Waiter> q = queues.get(from);
            if (q != null) {
                for (Iterator<Waiter> it = q.iterator(); it.hasNext() && moved < nRequeue; ) {
                    Waiter w = it.next();
                    it.remove();
                    waiting.getAndDecrement(slot(from));
                    waiting.getAndIncrement(slot(to));
                    w.key = to;
                    queues.computeIfAbsent(to, x -> new ArrayList<>()).add(w);
                    moved++;
                }
                if (q.isEmpty()) queues.remove(from);
            }
        }
        return woken + moved;
    }

    // robust futexes (Documentation/locking/robust-futex-ABI.rst)
    private static final int FUTEX_WAITERS = 0x80000000, FUTEX_OWNER_DIED = 0x40000000, FUTEX_TID_MASK = 0x3fffffff;
    private static final int ROBUST_LIST_LIMIT = 2048;

    /**
     * At thread death: every robust mutex still held by the thread gets FUTEX_OWNER_DIED and one
     * waiter is woken, so the next locker sees EOWNERDEAD instead of hanging. The list is
     * {@code struct robust_list_head { struct robust_list *list; long futex_offset;
     * struct robust_list *list_op_pending; }}, entries linked through their first word.
     */
    public void releaseRobustList(Task t) {
        long head = t.robustListHead;
        if (head == 0) return;
        AddressSpace mm = t.process.mm();
        if (mm == null) return;
        long[] h = new long[3];
        if (!readLongs(mm, head, h)) return;
        long offset = h[1];
        long entry = h[0];
        for (int n = 0; entry != head && entry != 0 && n < ROBUST_LIST_LIMIT; n++) {
            long[] next = new long[1];
            if (!readLongs(mm, entry, next)) return;
            if (entry != h[2]) releaseOne(mm, entry + offset, t.tid);
            entry = next[0];
        }
        if (h[2] != 0) releaseOne(mm, h[2] + offset, t.tid);
    }

    private void releaseOne(AddressSpace mm, long addr, int tid) {
        synchronized (this) {
            long word = word(mm, null, addr);
            if (word == NO_WORD) return;
            int v = (int) word;
            if ((v & FUTEX_TID_MASK) != tid) return;
            int nv = (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
            byte[] w = new byte[4];
            for (int i = 0; i < 4; i++) w[i] = (byte) (nv >>> (8 * i));
            if (!mm.write(addr, w, 0, 4)) return;
            if ((v & FUTEX_WAITERS) == 0) return;
        }
        Key k = key(mm, addr, true);
        if (k != null) wake(k, 1, FUTEX_BITSET_MATCH_ANY);
    }

    private static boolean readLongs(AddressSpace mm, long addr, long[] out) {
        byte[] b = new byte[out.length * 8];
        if (!mm.read(addr, b, 0, b.length)) return false;
        for (int i = 0; i < out.length; i++) {
            long v = 0;
            for (int j = 7; j >= 0; j--) v = (v << 8) | (b[i * 8 + j] & 0xff);
            out[i] = v;
        }
        return true;
    }

    /** Waiters counted in {@link #waiting}, all slots together (for tests: always the number queued). */
    synchronized int counted() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) n += waiting.get(i);
        return n;
    }

    /** Waiters queued on k (for tests and /proc). */
    public synchronized int waiting(Key k) {
        List<Waiter> q = queues.get(k);
        return q == null ? 0 : q.size();
    }
}
