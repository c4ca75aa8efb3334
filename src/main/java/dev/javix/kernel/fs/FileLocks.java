package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.syscall.Syscall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Advisory byte-range record locks (fcntl(2) F_SETLK/F_SETLKW/F_GETLK and the open file
 * description locks F_OFD_*), one table per kernel. A lock belongs to an owner — the process
 * for POSIX locks, the open description for OFD locks — and covers [start, end] (end
 * inclusive, {@link #EOF} for "to the end of the file and beyond") of one file, identified by
 * (st_dev, st_ino) so every path and description of the file meets the same locks.
 *
 * <p>As in Linux's fs/locks.c: an owner's locks on one file never overlap; setting a lock
 * replaces the owner's overlapping ranges (splitting them) and merges with its adjacent ranges
 * of the same type; locks of different owners conflict when they overlap and one is a write
 * lock. A waiter (F_SETLKW) is recorded as waiting for the owner of the conflicting lock, so a
 * cycle of POSIX owners waiting for each other is refused with EDEADLK instead of hanging.
 *
 * <p>The same class holds flock(2) locks in a second instance ({@link Vfs#flocks()}): whole-file
 * ranges owned by the open description, never mixed with the fcntl ones (as on Linux).
 *
 * <p>Guarded by {@code this}: everything. A leaf lock (only WaitQueue below it).
 */
public final class FileLocks {
    public static final int F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
    /** The end of a lock that runs to the end of the file (l_len 0). */
    public static final long EOF = Long.MAX_VALUE;

    /** The file a lock is on. */
    public record Key(long dev, long ino) {
        /** The key of the file f is open on (from its stat), or null if it cannot be stat'ed. */
        public static Key of(OpenFile f) {
            StatBuf st = new StatBuf();
            return f.stat(st) < 0 ? null : new Key(st.dev, st.ino);
        }
    }

    /** One lock: who, which kind, which bytes. Immutable. */
    public record Range(Object owner, int pid, int type, long start, long end) {
        boolean overlaps(long s, long e) {
            return start <= e && s <= end;
        }
    }

    private final Map<Key, List<Range>> byFile = new HashMap<>();
    /** Files each owner holds locks on (so close and exit find them without a scan). */
    private final Map<Object, Set<Key>> held = new HashMap<>();
    /** A blocked F_SETLKW's owner → the owner it waits for (deadlock detection). */
    private final Map<Object, Object> waitsFor = new HashMap<>();
    /** Every F_SETLKW waiter; woken whenever a lock goes away or shrinks. */
    private final WaitQueue waiters = new WaitQueue();

    /** F_GETLK: the first lock of another owner that would block a lock of type on [start, end], or null. */
    public synchronized Range conflict(Key k, Object owner, int type, long start, long end) {
        List<Range> list = byFile.get(k);
        if (list == null) return null;
        for (Range r : list) {
            if (r.owner != owner && r.overlaps(start, end) && (type == F_WRLCK || r.type == F_WRLCK)) return r;
        }
        return null;
    }

    /**
     * F_SETLK (wait false) / F_SETLKW (wait true): sets, changes or (F_UNLCK) removes the
     * owner's lock on [start, end]. Returns 0; -EAGAIN for a conflict without waiting;
     * -EDEADLK when waiting would close a cycle; or {@code Syscall.BLOCK} with t queued.
     */
    public synchronized long set(Task t, Key k, Object owner, int pid, int type, long start, long end, boolean wait) {
        return set(t, k, owner, pid, type, start, end, wait, true);
    }

    /**
     * {@link #set} with deadlock detection only for POSIX owners (detect): Linux follows only
     * POSIX locks' waiters (posix_locks_deadlock skips OFD locks; flock has none).
     */
    public synchronized long set(Task t, Key k, Object owner, int pid, int type, long start, long end, boolean wait,
            boolean detect) {
        if (type != F_UNLCK) {
            Range c = conflict(k, owner, type, start, end);
            if (c != null) {
                if (!wait) return -Errno.EAGAIN;
                if (detect && wouldDeadlock(owner, c.owner)) {
                    waitsFor.remove(owner);
                    return -Errno.EDEADLK;
                }
                if (detect) waitsFor.put(owner, c.owner);
                waiters.add(t);
                return Syscall.BLOCK;
            }
        }
        waitsFor.remove(owner);
        apply(k, owner, pid, type, start, end);
        waiters.wakeAll(); // a conversion or unlock may unblock someone; spurious wake-ups are harmless
        return 0;
    }

    /** True if owner waiting for holder would close a cycle of waiting owners. */
    private boolean wouldDeadlock(Object owner, Object holder) {
        Object x = holder;
        for (int i = 0; i < 64 && x != null; i++) { // Linux's MAX_DEADLK_ITERATIONS is 10; a bound either way
            if (x == owner) return true;
            x = waitsFor.get(x);
        }
        return false;
    }

    /** Replaces the owner's locks on [start, end] by one of type (none for F_UNLCK), merging neighbours. */
    private void apply(Key k, Object owner, int pid, int type, long start, long end) {
        List<Range> list = byFile.get(k);
        List<Range> out = new ArrayList<>();
        long ns = start, ne = end;
        boolean mine = false;
        if (list != null) {
            for (Range r : list) {
                if (r.owner != owner) {
                    out.add(r);
                    continue;
                }
                if (type != F_UNLCK && r.type == type && touches(r, ns, ne)) {
                    ns = Math.min(ns, r.start);
                    ne = Math.max(ne, r.end);
                    continue;
                }
                if (!r.overlaps(start, end)) {
                    out.add(r);
                    mine = true;
                    continue;
                }
                if (r.start < start) {
                    out.add(new Range(owner, r.pid, r.type, r.start, start - 1));
                    mine = true;
                }
                if (r.end > end) {
                    out.add(new Range(owner, r.pid, r.type, end + 1, r.end));
                    mine = true;
                }
            }
        }
        if (type != F_UNLCK) {
            out.add(new Range(owner, pid, type, ns, ne));
            mine = true;
        }
        out.sort((a, b) -> Long.compare(a.start, b.start));
        if (out.isEmpty()) byFile.remove(k);
        else byFile.put(k, out);
        if (mine) held.computeIfAbsent(owner, o -> new HashSet<>()).add(k);
        else {
            Set<Key> s = held.get(owner);
            if (s != null && s.remove(k) && s.isEmpty()) held.remove(owner);
        }
    }

    /** r touches or overlaps [s, e] (adjacent ranges merge). */
    private static boolean touches(Range r, long s, long e) {
        boolean startOk = r.start <= e || (e != EOF && r.start == e + 1);
        boolean endOk = r.end >= s || r.end + 1 == s;
        return startOk && endOk;
    }

    /** True if owner holds any lock (the fast path of close). */
    public synchronized boolean holdsAny(Object owner) {
        return held.containsKey(owner);
    }

    /** Drops the owner's locks on one file (POSIX: the process closed some fd of it). */
    public synchronized void release(Object owner, Key k) {
        Set<Key> s = held.get(owner);
        if (s == null || !s.contains(k)) return;
        apply(k, owner, 0, F_UNLCK, 0, EOF);
        waiters.wakeAll();
    }

    /** Drops every lock of owner and any wait it is in (process exit, last close of an OFD description). */
    public synchronized void releaseAll(Object owner) {
        waitsFor.remove(owner);
        Set<Key> s = held.remove(owner);
        if (s == null) return;
        for (Key k : s) {
            List<Range> list = byFile.get(k);
            if (list == null) continue;
            list.removeIf(r -> r.owner == owner);
            if (list.isEmpty()) byFile.remove(k);
        }
        waiters.wakeAll();
    }

    /** An F_SETLKW was interrupted: owner waits for no one any more. */
    public synchronized void cancelWait(Object owner) {
        waitsFor.remove(owner);
    }

    /** The type of owner's lock covering [start, end] exactly, or F_UNLCK (flock conversions). */
    public synchronized int typeHeld(Key k, Object owner) {
        for (Range r : byFile.getOrDefault(k, List.of())) if (r.owner == owner) return r.type;
        return F_UNLCK;
    }

    /** The locks on a file, in order (tests, /proc/locks). */
    public synchronized List<Range> locks(Key k) {
        List<Range> list = byFile.get(k);
        return list == null ? List.of() : List.copyOf(list);
    }
}
