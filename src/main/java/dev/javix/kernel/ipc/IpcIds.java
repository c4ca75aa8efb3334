package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ids and keys of one kind of IPC object (Linux's struct ipc_ids): an id is
 * {@code seq * IPCMNI + index}, the index being the lowest free slot, so a stale id of a
 * removed object does not find its successor. Keys other than IPC_PRIVATE name at most one
 * object. Guarded by the owning registry's lock (not thread-safe by itself).
 *
 * @param <T> the object type
 */
final class IpcIds<T extends IpcIds.Entry> {
    /** An object with a permission record. */
    interface Entry {
        IpcPerm perm();
    }

    /** Makes a new object for a get call, or returns null after setting an errno in err[0]. */
    interface Factory<T> {
        T create(IpcPerm perm, long[] err);
    }

    /** The checks a get call makes on an existing object before the permission check (0 or -errno). */
    interface MoreChecks<T> {
        long check(T existing);
    }

    private final int max;
    private final TreeMap<Integer, T> byIndex = new TreeMap<>();
    private final Map<Integer, T> byKey = new HashMap<>();
    private int seq;

    IpcIds(int max) {
        this.max = max;
    }

    /**
     * The common part of msgget, shmget and semget (ipcget(): IPC_PRIVATE always creates; a
     * key finds its object, or creates one under IPC_CREAT; IPC_CREAT|IPC_EXCL on an existing
     * key is EEXIST; an existing object is checked by more, then for the mode bits of flags).
     * Returns the id or -errno.
     */
    long get(int key, int flags, Credentials c, Factory<T> factory, MoreChecks<T> more) {
        if (key != IpcPerm.IPC_PRIVATE) {
            T t = byKey.get(key);
            if (t != null) {
                if ((flags & IpcPerm.IPC_CREAT) != 0 && (flags & IpcPerm.IPC_EXCL) != 0) return -Errno.EEXIST;
                long r = more.check(t);
                if (r < 0) return r;
                if (!t.perm().allows(c, flags & 0777)) return -Errno.EACCES;
                return t.perm().id;
            }
            if ((flags & IpcPerm.IPC_CREAT) == 0) return -Errno.ENOENT;
        }
        IpcPerm perm = new IpcPerm(key, c, flags);
        long[] err = {0};
        T t = factory.create(perm, err);
        if (t == null) return err[0];
        if (byIndex.size() >= max) return -Errno.ENOSPC;
        add(t);
        return perm.id;
    }

    private void add(T t) {
        int idx = 0;
        for (int used : byIndex.keySet()) {
            if (used != idx) break;
            idx++;
        }
        IpcPerm p = t.perm();
        p.seq = seq;
        p.id = seq * IpcLimits.IPCMNI + idx;
        seq = (seq + 1) % (Integer.MAX_VALUE / IpcLimits.IPCMNI);
        byIndex.put(idx, t);
        if (p.key != IpcPerm.IPC_PRIVATE) byKey.put(p.key, t);
    }

    /** The object with this id, or null (EINVAL) — also for a negative or stale id. */
    T byId(int id) {
        if (id < 0) return null;
        T t = byIndex.get(id % IpcLimits.IPCMNI);
        return t != null && t.perm().id == id ? t : null;
    }

    /** The object in slot idx (the *_STAT commands take an index), or null. */
    T byIndex(int idx) {
        return byIndex.get(idx);
    }

    /** Removes the object: its id and key are free at once. */
    void remove(T t) {
        IpcPerm p = t.perm();
        p.deleted = true;
        byIndex.remove(p.id % IpcLimits.IPCMNI, t);
        forgetKey(t);
    }

    /** The object keeps its id but no longer its key (a destroyed, still attached segment). */
    void forgetKey(T t) {
        IpcPerm p = t.perm();
        if (p.key != IpcPerm.IPC_PRIVATE) byKey.remove(p.key, t);
        p.key = IpcPerm.IPC_PRIVATE;
    }

    int count() {
        return byIndex.size();
    }

    /** The highest slot in use, or -1 (what the IPC_INFO commands return). */
    int highestIndex() {
        return byIndex.isEmpty() ? -1 : byIndex.lastKey();
    }

    /** The objects in slot order. */
    List<T> all() {
        return new ArrayList<>(byIndex.values());
    }
}
