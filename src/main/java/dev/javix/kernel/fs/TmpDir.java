package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tmpfs directory: names → inodes, in creation order. Its link count is 2 plus one per
 * subdirectory (each child's ".."), as on Linux. A removed directory keeps existing for open
 * descriptions and working directories but is empty and refuses new entries (ENOENT).
 *
 * <p>Guarded by {@code this}: entries, parent, name, removed (and TmpNode's fields).
 */
final class TmpDir extends TmpNode {
    /** tmpfs's BOGO_DIRENT_SIZE: st_size of a directory is 20 bytes per entry, "." and ".." included. */
    private static final int BOGO_DIRENT_SIZE = 20;

    private final Map<String, TmpNode> entries = new LinkedHashMap<>();
    private TmpDir parent;
    private String name;
    private boolean removed;

    TmpDir(Tmpfs fs, TmpDir parent, String name, int mode, int uid, int gid) {
        super(fs, StatBuf.S_IFDIR | (mode & 07777), uid, gid);
        this.parent = parent;
        this.name = name;
        this.nlink = 2;
    }

    @Override
    long sizeLocked() {
        return (long) (entries.size() + 2) * BOGO_DIRENT_SIZE;
    }

    @Override
    synchronized Inode lookup(String n) throws FsException {
        TmpNode c = entries.get(n);
        if (c == null) throw new FsException(Errno.ENOENT);
        return c;
    }

    @Override
    synchronized Inode parent() {
        return parent == null ? this : parent;
    }

    @Override
    synchronized String dirName() {
        return name;
    }

    @Override
    synchronized List<DirEntry> list() {
        List<DirEntry> out = new ArrayList<>(entries.size());
        for (Map.Entry<String, TmpNode> e : entries.entrySet())
            out.add(new DirEntry(e.getKey(), e.getValue().ino, DirentWriter.typeOf(e.getValue().mode())));
        return out;
    }

    @Override
    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    Inode create(String n, int mode, int uid, int gid) throws FsException {
        TmpFile f = new TmpFile(fs, mode, uid, gid);
        add(n, f);
        return f;
    }

    @Override
    Inode mknod(String n, int mode, int uid, int gid) throws FsException {
        TmpNode node = switch (mode & StatBuf.S_IFMT) {
            case StatBuf.S_IFIFO -> new FifoNode(fs, mode, uid, gid);
            case StatBuf.S_IFSOCK -> new SocketNode(fs, mode, uid, gid, null); // a name no socket is bound to
            case StatBuf.S_IFREG -> new TmpFile(fs, mode, uid, gid);
            default -> throw new FsException(Errno.EPERM);
        };
        add(n, node);
        return node;
    }

    @Override
    Inode createUnnamed(int mode, int uid, int gid) throws FsException {
        synchronized (this) {
            if (removed) throw new FsException(Errno.ENOENT);
        }
        TmpFile f = new TmpFile(fs, mode, uid, gid);
        f.addLinks(-1);
        return f;
    }

    /** Adds a device node (devfs, later mknod). */
    Inode addDevice(String n, int mode, long rdev, Device device) throws FsException {
        DeviceNode d = new DeviceNode(fs, mode, rdev, device);
        add(n, d);
        return d;
    }

    /** Adds a socket inode bound to endpoint (bind(2) of an AF_UNIX socket; see {@link SocketNode}). */
    Inode addSocket(String n, int mode, int uid, int gid, Object endpoint) throws FsException {
        SocketNode s = new SocketNode(fs, mode, uid, gid, endpoint);
        add(n, s);
        return s;
    }

    @Override
    Inode mkdir(String n, int mode, int uid, int gid) throws FsException {
        TmpDir d = new TmpDir(fs, this, n, mode, uid, gid);
        add(n, d);
        addLinks(1);
        return d;
    }

    @Override
    Inode symlink(String n, String target, int uid, int gid) throws FsException {
        TmpSymlink s = new TmpSymlink(fs, target, uid, gid);
        add(n, s);
        return s;
    }

    @Override
    void link(String n, Inode target) throws FsException {
        TmpNode t = (TmpNode) target;
        if (t.nlink() == 0 && !(t instanceof TmpFile f && f.linkable())) throw new FsException(Errno.ENOENT);
        add(n, t);
        t.addLinks(1);
    }

    @Override
    void remove(String n) throws FsException {
        TmpNode victim;
        synchronized (this) {
            victim = entries.remove(n);
            if (victim == null) throw new FsException(Errno.ENOENT);
        }
        touchModified();
        if (victim instanceof TmpDir d) {
            d.markRemoved();
            addLinks(-1);
            d.addLinks(-2);
            d.unlinked();
        } else if (victim.addLinks(-1) == 0) {
            victim.unlinked();
        }
    }

    @Override
    void rename(String from, Inode newDirInode, String to, boolean exchange) throws FsException {
        TmpDir newDir = (TmpDir) newDirInode;
        TmpNode src;
        synchronized (this) {
            src = entries.get(from);
        }
        if (src == null) throw new FsException(Errno.ENOENT);
        TmpNode dst;
        synchronized (newDir) {
            dst = newDir.entries.get(to);
        }
        if (exchange) {
            if (dst == null) throw new FsException(Errno.ENOENT);
            put(from, dst);
            newDir.put(to, src);
            moved(dst, this, from, newDir);
            moved(src, newDir, to, this);
        } else {
            if (dst != null) newDir.remove(to);
            synchronized (this) {
                entries.remove(from);
            }
            newDir.put(to, src);
            moved(src, newDir, to, this);
        }
        touchModified();
        if (newDir != this) newDir.touchModified();
    }

    /** Bookkeeping after node moved from oldDir into dir under name: a directory's ".." changes. */
    private static void moved(TmpNode node, TmpDir dir, String name, TmpDir oldDir) {
        node.touchChanged();
        if (!(node instanceof TmpDir d)) return;
        synchronized (d) {
            d.parent = dir;
            d.name = name;
        }
        if (dir != oldDir) {
            dir.addLinks(1);
            oldDir.addLinks(-1);
        }
    }

    private void add(String n, TmpNode node) throws FsException {
        synchronized (this) {
            if (removed) throw new FsException(Errno.ENOENT);
            if (entries.containsKey(n)) throw new FsException(Errno.EEXIST);
            entries.put(n, node);
        }
        touchModified();
    }

    private synchronized void put(String n, TmpNode node) {
        entries.put(n, node);
    }

    private synchronized void markRemoved() {
        removed = true;
    }

    synchronized boolean removed() {
        return removed;
    }
}
