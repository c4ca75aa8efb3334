package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A file or directory of a {@link HostFs}: its path relative to the mount's host root and the
 * attributes read when it was looked up (type, mode and owner for the walk's checks). Made
 * afresh by every lookup; two nodes are equal when they name the same path of the same mount.
 * Every host call here uses NOFOLLOW_LINKS or acts on a node the walk found not to be a link
 * (see {@link HostFs} on confinement).
 */
final class HostNode extends Inode {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    final HostFs fs;
    /** Path below the host root, "" for the root itself; components joined by '/'. */
    final String rel;
    final Path path;
    private final Map<String, Object> attrs;

    HostNode(HostFs fs, String rel, Path path, Map<String, Object> attrs) {
        this.fs = fs;
        this.rel = rel;
        this.path = path;
        this.attrs = attrs;
    }

    @Override
    HostFs fs() {
        return fs;
    }

    @Override
    int mode() {
        return (Integer) attrs.get("mode");
    }

    @Override
    int uid() {
        return (Integer) attrs.get("uid");
    }

    @Override
    int gid() {
        return (Integer) attrs.get("gid");
    }

    @Override
    long ino() {
        return inoOf(attrs);
    }

    @Override
    String dirName() {
        return rel.substring(rel.lastIndexOf('/') + 1);
    }

    private long inoOf(Map<String, Object> a) {
        long ino = (Long) a.get("ino");
        long hdev = (Long) a.get("dev");
        return hdev == fs.rootHostDev ? ino : ino ^ (hdev << 40) ^ (hdev >>> 24);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostNode h && h.fs == fs && h.rel.equals(rel);
    }

    @Override
    public int hashCode() {
        return rel.hashCode() * 31 + System.identityHashCode(fs);
    }

    // ------------------------------------------------------------------ attributes

    @Override
    void stat(StatBuf st) throws FsException {
        fill(st, read(path));
    }

    /** What was known at lookup, for a file unlinked on the host while open. */
    void statSnapshot(StatBuf st, long size) throws FsException {
        fill(st, attrs);
        st.size = size;
        st.nlink = 0;
    }

    private void fill(StatBuf st, Map<String, Object> a) {
        st.dev = fs.dev;
        st.ino = inoOf(a);
        st.mode = (Integer) a.get("mode");
        st.nlink = (Integer) a.get("nlink");
        st.uid = (Integer) a.get("uid");
        st.gid = (Integer) a.get("gid");
        st.rdev = (Long) a.get("rdev");
        st.size = (Long) a.get("size");
        st.blksize = 4096;
        st.blocks = (st.size + 511) / 512;
        long at = nanos(a.get("lastAccessTime")), mt = nanos(a.get("lastModifiedTime")), ct = nanos(a.get("ctime"));
        st.atimeSec = Math.floorDiv(at, 1_000_000_000L);
        st.atimeNsec = Math.floorMod(at, 1_000_000_000L);
        st.mtimeSec = Math.floorDiv(mt, 1_000_000_000L);
        st.mtimeNsec = Math.floorMod(mt, 1_000_000_000L);
        st.ctimeSec = Math.floorDiv(ct, 1_000_000_000L);
        st.ctimeNsec = Math.floorMod(ct, 1_000_000_000L);
    }

    private static long nanos(Object t) {
        return t instanceof FileTime f ? f.to(TimeUnit.NANOSECONDS) : 0;
    }

    static Map<String, Object> read(Path p) throws FsException {
        try {
            return Files.readAttributes(p, "unix:*", NOFOLLOW);
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    void chmod(int mode) throws FsException {
        if (isSymlink()) throw new FsException(Errno.EOPNOTSUPP);
        io(() -> Files.setAttribute(path, "unix:mode", mode & 07777));
    }

    @Override
    void chown(int uid, int gid) throws FsException {
        if (isSymlink()) return; // lchown of a host link: nothing javix can do without following it
        if (uid != -1) io(() -> Files.setAttribute(path, "unix:uid", uid));
        if (gid != -1) io(() -> Files.setAttribute(path, "unix:gid", gid));
    }

    @Override
    void setTimes(long atime, long mtime) throws FsException {
        if (isSymlink()) throw new FsException(Errno.EOPNOTSUPP);
        io(() -> Files.getFileAttributeView(path, BasicFileAttributeView.class)
                .setTimes(time(mtime), time(atime), null));
    }

    private static FileTime time(long t) {
        if (t == UTIME_OMIT) return null;
        if (t == UTIME_NOW) return FileTime.from(java.time.Instant.now());
        return FileTime.from(t, TimeUnit.NANOSECONDS);
    }

    @Override
    void truncate(long size) throws FsException {
        if (!isRegular()) super.truncate(size);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            HostFile.setSize(ch, size);
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    // ------------------------------------------------------------------ directories

    private HostNode child(String name) throws FsException {
        Path p = resolve(name, Errno.ENOENT);
        return new HostNode(fs, rel.isEmpty() ? name : rel + "/" + name, p, read(p));
    }

    /**
     * The host path of a child. A name the host's file name encoding cannot represent (the JVM
     * in a non-UTF-8 locale) cannot exist here: lookups answer ENOENT, creations EINVAL.
     */
    private Path resolve(String name, int errno) throws FsException {
        try {
            return path.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new FsException(errno);
        }
    }

    @Override
    Inode lookup(String name) throws FsException {
        if (!isDir()) throw new FsException(Errno.ENOTDIR);
        return child(name);
    }

    @Override
    Inode parent() throws FsException {
        if (rel.isEmpty()) return this;
        int slash = rel.lastIndexOf('/');
        String up = slash < 0 ? "" : rel.substring(0, slash);
        if (up.isEmpty()) return fs.root();
        Path p = fs.root.resolve(up);
        return new HostNode(fs, up, p, read(p));
    }

    @Override
    List<DirEntry> list() throws FsException {
        if (!isDir()) throw new FsException(Errno.ENOTDIR);
        List<DirEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
            for (Path p : ds) {
                try {
                    Map<String, Object> a = Files.readAttributes(p, "unix:ino,dev,mode", NOFOLLOW);
                    out.add(new DirEntry(p.getFileName().toString(), inoOf(a), DirentWriter.typeOf((Integer) a.get("mode"))));
                } catch (NoSuchFileException gone) {
                    // removed while listing: not listed
                }
            }
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
        return out;
    }

    @Override
    boolean isEmpty() throws FsException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
            return !ds.iterator().hasNext();
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    Inode create(String name, int mode, int uid, int gid) throws FsException {
        if ((mode & StatBuf.S_IFMT) != StatBuf.S_IFREG) throw new FsException(Errno.EPERM);
        Path p = resolve(name, Errno.EINVAL);
        io(() -> Files.createFile(p));
        io(() -> Files.setAttribute(p, "unix:mode", mode & 07777)); // exact, whatever the host umask
        return child(name);
    }

    @Override
    Inode mkdir(String name, int mode, int uid, int gid) throws FsException {
        Path p = resolve(name, Errno.EINVAL);
        io(() -> Files.createDirectory(p));
        io(() -> Files.setAttribute(p, "unix:mode", mode & 07777));
        return child(name);
    }

    @Override
    Inode symlink(String name, String target, int uid, int gid) throws FsException {
        Path p = resolve(name, Errno.EINVAL);
        Path t;
        try {
            t = p.getFileSystem().getPath(target);
        } catch (java.nio.file.InvalidPathException e) {
            throw new FsException(Errno.EINVAL);
        }
        io(() -> Files.createSymbolicLink(p, t));
        return child(name);
    }

    @Override
    void link(String name, Inode target) throws FsException {
        Path p = resolve(name, Errno.EINVAL);
        io(() -> Files.createLink(p, ((HostNode) target).path));
    }

    @Override
    void remove(String name) throws FsException {
        Path p = resolve(name, Errno.ENOENT);
        io(() -> Files.delete(p));
    }

    @Override
    void rename(String from, Inode newDir, String to, boolean exchange) throws FsException {
        if (exchange) throw new FsException(Errno.EINVAL); // RENAME_EXCHANGE: not reachable from Java
        Path src = resolve(from, Errno.ENOENT), dst = ((HostNode) newDir).resolve(to, Errno.EINVAL);
        io(() -> Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE)); // rename(2), replacing
    }

    // ------------------------------------------------------------------ links and files

    @Override
    String readlink() throws FsException {
        if (!isSymlink()) throw new FsException(Errno.EINVAL);
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    OpenFile open(Location at, int flags, String guestPath) throws FsException {
        switch (type()) {
            case StatBuf.S_IFREG -> { }
            // Host device nodes are not the guest's devices: the mount behaves as "nodev".
            case StatBuf.S_IFCHR, StatBuf.S_IFBLK -> throw new FsException(Errno.EACCES);
            // Opening a host FIFO could block a host thread (design decision 2).
            default -> throw new FsException(Errno.ENXIO);
        }
        Set<OpenOption> opts = new HashSet<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        int acc = flags & OpenFile.O_ACCMODE;
        if (acc != OpenFile.O_WRONLY) opts.add(StandardOpenOption.READ);
        if (acc == OpenFile.O_WRONLY || acc == OpenFile.O_RDWR) opts.add(StandardOpenOption.WRITE);
        try {
            FileChannel ch = FileChannel.open(path, opts);
            return new RegularFile(at, flags, guestPath, new HostFile(ch, fs, ino()));
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @FunctionalInterface
    private interface HostCall {
        void run() throws IOException;
    }

    private static void io(HostCall c) throws FsException {
        try {
            c.run();
        } catch (IOException e) {
            throw HostFs.errno(e);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new FsException(Errno.EOPNOTSUPP);
        }
    }
}
