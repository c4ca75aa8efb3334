package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.function.Supplier;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A host directory seen as a guest file system (like a bind mount), read-only or read-write.
 *
 * <p><b>Confinement.</b> Nothing outside {@link #root} is ever reached. The guest path walk
 * hands this file system single names only (never "." or "..", never a '/'), each looked up
 * with {@link LinkOption#NOFOLLOW_LINKS} in a directory already known to be a real directory
 * under the root; a host symbolic link is returned as a link whose target the walk interprets
 * as a guest path. So the host's resolver is only ever given paths made of verified real
 * directories, and the VFS namespace lock keeps guest renames and symlink creations from
 * changing them between the walk and the host operation. (A host process changing the
 * directory concurrently is outside what javix defends against.)
 *
 * <p>st_dev is the mount's own; st_ino is the host inode number (so ftok(3) keys are stable),
 * mixed with the host device if the host tree spans several host file systems.
 */
final class HostFs extends FileSystem {
    /** The host directory, as a real path (resolved once, at mount time). */
    final Path root;
    private final boolean writable;
    /** The host device of the root, to tell files on other host file systems apart. */
    final long rootHostDev;
    private final HostNode rootNode;
    private final Supplier<Cleaner> cleaner;

    /**
     * @param cleaner the kernel's Cleaner, which closes host files once the last mapping of
     *                them is unreachable (one per kernel, made on first use)
     */
    HostFs(long dev, Path hostRoot, boolean writable, Supplier<Cleaner> cleaner) throws IOException {
        super(dev);
        this.cleaner = cleaner;
        this.root = hostRoot.toRealPath();
        if (!Files.isDirectory(root)) throw new NotDirectoryException(root.toString());
        this.writable = writable;
        Map<String, Object> a = Files.readAttributes(root, "unix:*", LinkOption.NOFOLLOW_LINKS);
        this.rootHostDev = (Long) a.get("dev");
        this.rootNode = new HostNode(this, "", root, a);
    }

    /** Page caches of mapped host files, by inode number ({@link HostPages}); guarded by this map. */
    private final java.util.Map<Long, HostPages> pageCaches = new java.util.HashMap<>();

    /** Mapping objects alive per inode (guarded by pageCaches): the cache goes with the last. */
    private final java.util.Map<Long, Integer> mappers = new java.util.HashMap<>();

    /** The page cache of the host file ino, made if create; null if there is none. */
    HostPages pages(long ino, boolean create) {
        synchronized (pageCaches) {
            HostPages c = pageCaches.get(ino);
            if (c == null && create) pageCaches.put(ino, c = new HostPages());
            return c;
        }
    }

    /** A mapping object of host file ino was made (mmap). */
    void mapped(long ino) {
        synchronized (pageCaches) {
            mappers.merge(ino, 1, Integer::sum);
        }
    }

    /**
     * A mapping object of ino became unreachable (every mapping of it is gone, and was written
     * back when it went): with the last one, the file's page cache is dropped and its pages
     * given back to the memory account.
     */
    void unmapped(long ino) {
        HostPages drop = null;
        synchronized (pageCaches) {
            Integer n = mappers.merge(ino, -1, Integer::sum);
            if (n != null && n <= 0) {
                mappers.remove(ino);
                drop = pageCaches.remove(ino);
            }
        }
        if (drop != null) drop.discard();
    }

    Cleaner cleaner() {
        return cleaner.get();
    }

    @Override
    HostNode root() {
        return rootNode;
    }

    @Override
    boolean readOnly() {
        return !writable;
    }

    @Override
    String type() {
        return "hostfs";
    }

    @Override
    void statfs(StatFs out) {
        out.type = StatFs.EXT4_SUPER_MAGIC;
        try {
            FileStore s = Files.getFileStore(root);
            long bs = Math.max(1, s.getBlockSize());
            out.bsize = out.frsize = bs;
            out.blocks = s.getTotalSpace() / bs;
            out.bfree = s.getUnallocatedSpace() / bs;
            out.bavail = s.getUsableSpace() / bs;
            out.type = magic(s.type());
        } catch (IOException | UnsupportedOperationException e) {
            out.blocks = out.bfree = out.bavail = 0;
        }
        out.files = out.blocks / 4;
        out.ffree = out.bfree / 4;
        out.fsid0 = (int) dev;
        out.fsid1 = (int) (dev >>> 32);
        out.flags = StatFs.ST_VALID | StatFs.ST_RELATIME | (writable ? 0 : StatFs.ST_RDONLY);
    }

    private static long magic(String type) {
        return switch (type) {
            case "tmpfs" -> StatFs.TMPFS_MAGIC;
            case "btrfs" -> 0x9123683EL;
            case "xfs" -> 0x58465342L;
            case "overlay" -> 0x794c7630L;
            case "zfs" -> 0x2fc12fc1L;
            default -> StatFs.EXT4_SUPER_MAGIC;
        };
    }

    /** The errno Linux would have reported for a failed host operation. */
    static FsException errno(IOException e) {
        int n;
        if (e instanceof NoSuchFileException) n = Errno.ENOENT;
        else if (e instanceof FileAlreadyExistsException) n = Errno.EEXIST;
        else if (e instanceof DirectoryNotEmptyException) n = Errno.ENOTEMPTY;
        else if (e instanceof AccessDeniedException) n = Errno.EACCES;
        else if (e instanceof NotDirectoryException) n = Errno.ENOTDIR;
        else if (e instanceof NotLinkException) n = Errno.EINVAL;
        else if (e instanceof FileSystemException f && f.getReason() != null) n = fromReason(f.getReason());
        else n = Errno.EIO;
        return new FsException(n);
    }

    /** Maps the strerror text the JDK puts in a FileSystemException back to its errno. */
    private static int fromReason(String reason) {
        for (int e : new int[] {Errno.EPERM, Errno.ENOENT, Errno.EACCES, Errno.EEXIST, Errno.EXDEV, Errno.ENOTDIR,
                Errno.EISDIR, Errno.EINVAL, Errno.EMFILE, Errno.ENFILE, Errno.EFBIG, Errno.ENOSPC, Errno.EROFS,
                Errno.EMLINK, Errno.ENAMETOOLONG, Errno.ENOTEMPTY, Errno.ELOOP, Errno.EBUSY, Errno.ETXTBSY,
                Errno.EDQUOT, Errno.EOPNOTSUPP}) {
            if (reason.equals(Errno.message(e))) return e;
        }
        return Errno.EIO;
    }
}
