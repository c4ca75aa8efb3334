package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which file system is mounted where: the root mount, and the others by mount point (a name
 * in a directory of another mount, see {@link Mount}).
 *
 * <p>Guarded by the VFS namespace lock: read under its read lock, changed under its write lock.
 */
final class MountTable {
    private final Vfs vfs;
    /** Makes the small tmpfs that holds missing mount points on a read-only file system. */
    private final Supplier<FileSystem> holders;
    private final Map<Mount.Key, Mount> mounts = new HashMap<>();
    private Mount root;
    private int nextId = 1;

    MountTable(Vfs vfs, Supplier<FileSystem> holders) {
        this.vfs = vfs;
        this.holders = holders;
    }

    Mount root() {
        if (root == null) throw new IllegalStateException("nothing is mounted on /");
        return root;
    }

    /** The root of what is mounted on name in dir, or null. */
    Location mountedAt(Location dir, String name) {
        Mount m = mounts.get(new Mount.Key(dir.mount(), dir.inode(), name));
        return m == null ? null : m.root();
    }

    /** Every mount, the root first, in the order they were made (/proc/[pid]/mounts). */
    List<Mount> all() {
        List<Mount> out = new ArrayList<>(mounts.values());
        out.add(root());
        out.sort(Comparator.comparingInt(m -> m.id));
        return out;
    }

    /** The mounts whose mount points are in dir. */
    List<Mount> in(Location dir) {
        List<Mount> out = new ArrayList<>();
        for (Mount m : mounts.values()) if (m.parent == dir.mount() && m.parentDir.equals(dir.inode())) out.add(m);
        return out;
    }

    /**
     * Mounts fs at guestPath. Missing directories on the way are made, as a container runtime
     * makes mount points: in a writable file system with mkdir, elsewhere (a read-only host
     * root) by mounting a small tmpfs to hold them. Mounts already made below guestPath are
     * moved on top of the new one, so the order of mount calls does not matter.
     */
    void attach(String guestPath, FileSystem fs) throws FsException {
        if (!guestPath.startsWith("/")) throw new IllegalArgumentException("mount point not absolute: " + guestPath);
        String path = Vfs.normalize(guestPath);
        if (path.equals("/")) {
            root = new Mount(fs, null, null, "", "/", nextId++);
            mounts.clear();
            return;
        }
        root();
        List<Mount> covered = new ArrayList<>();
        for (Mount m : mounts.values()) if (m.path.startsWith(path + "/") || m.path.equals(path)) covered.add(m);
        covered.sort(Comparator.comparingInt(m -> m.id));
        mounts.values().removeAll(covered);
        place(path, fs);
        for (Mount m : covered) if (!m.path.equals(path)) place(m.path, m.fs);
    }

    /** Puts a new mount of fs at the normalised path, making missing directories. */
    private void place(String path, FileSystem fs) throws FsException {
        PathWalk w = new PathWalk(vfs, Vfs.KERNEL);
        Location dir = root.root();
        String[] names = path.substring(1).split("/");
        for (int i = 0; i < names.length - 1; i++) {
            Location next = w.lookupOrNull(dir, names[i]);
            if (next == null) {
                if (!dir.fs().readOnly()) {
                    dir.inode().mkdir(names[i], 0755, 0, 0);
                } else {
                    String at = "/" + String.join("/", List.of(names).subList(0, i + 1));
                    put(dir, names[i], at, holders.get());
                }
                next = w.lookup(dir, names[i]);
            }
            if (!next.inode().isDir()) throw new FsException(Errno.ENOTDIR);
            dir = next;
        }
        put(dir, names[names.length - 1], path, fs);
    }

    private void put(Location dir, String name, String path, FileSystem fs) {
        mounts.put(new Mount.Key(dir.mount(), dir.inode(), name), new Mount(fs, dir.mount(), dir.inode(), name, path,
                nextId++));
    }
}
