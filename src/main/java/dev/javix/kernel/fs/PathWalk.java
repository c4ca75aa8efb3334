package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One path resolution (path_resolution(7); Linux's nameidata): walks component by component
 * from a start {@link Location}, crossing mounts, resolving ".." (never above the guest root,
 * and from a mounted file system's root back to the directory holding its mount point), and
 * following symbolic links by pushing their target's components in front of what is left —
 * an absolute target restarts at the guest root, so a link's target is always a guest path,
 * whatever file system holds it. At most {@link #MAX_SYMLINKS} links per resolution (ELOOP).
 *
 * <p>A trailing slash is kept as a final "." component, which is exactly its meaning for a
 * lookup: the thing before it must be a directory (ENOTDIR), and a symlink before it is
 * followed. Callers that create or remove the last component use {@link #parent} instead,
 * which reports the trailing slash.
 *
 * <p>Called with the VFS namespace lock held (read or write). Not thread-safe: one per call.
 */
final class PathWalk {
    /** MAXSYMLINKS of Linux's namei. */
    static final int MAX_SYMLINKS = 40;
    /** NAME_MAX: longest component, in bytes. */
    static final int NAME_MAX = 255;

    /** What the last component of a path is (Linux's LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT). */
    enum Last { NORM, DOT, DOTDOT, ROOT }

    /**
     * The directory a path's last component is in, and that component.
     *
     * @param dir           the resolved directory (searchable, unless the path was "/")
     * @param name          the last component ("" for ROOT)
     * @param last          its kind
     * @param trailingSlash whether the path ended with '/'
     */
    record Parent(Location dir, String name, Last last, boolean trailingSlash) {}

    private final Vfs vfs;
    private final Credentials cred;
    private int links;
    /** The directory and name of the last lookup by name (for naming what the walk ends at). */
    private Location lastDir;
    private String lastName;

    PathWalk(Vfs vfs, Credentials cred) {
        this.vfs = vfs;
        this.cred = cred;
    }

    /** Resolves path from start; a final symlink is followed if follow is set. */
    Location resolve(Location start, String path, boolean follow) throws FsException {
        if (path.isEmpty()) throw new FsException(Errno.ENOENT);
        Deque<String> comps = new ArrayDeque<>();
        Location cur = push(start, path, comps);
        while (!comps.isEmpty()) {
            String name = comps.poll();
            cur = step(cur, name, follow || !comps.isEmpty(), comps);
        }
        return cur;
    }

    /** Resolves everything but the last component of path. */
    Parent parent(Location start, String path) throws FsException {
        if (path.isEmpty()) throw new FsException(Errno.ENOENT);
        Deque<String> comps = new ArrayDeque<>();
        Location cur = push(start, path, comps);
        boolean slash = path.endsWith("/");
        if (slash && !comps.isEmpty()) comps.pollLast(); // the "." standing for the slash
        if (comps.isEmpty()) {
            requireDir(cur);
            return new Parent(cur, "", Last.ROOT, slash);
        }
        String last = comps.pollLast();
        while (!comps.isEmpty()) {
            String name = comps.poll();
            cur = step(cur, name, true, comps);
        }
        requireDir(cur);
        Access.check(cred, cur.inode(), Access.X); // may_lookup on the last directory too
        checkName(last);
        Last kind = last.equals(".") ? Last.DOT : last.equals("..") ? Last.DOTDOT : Last.NORM;
        return new Parent(cur, last, kind, slash);
    }

    /**
     * Counts one more symbolic link followed by a caller that follows links itself (open with
     * O_CREAT through a dangling link); ELOOP past the limit.
     */
    void countLink() throws FsException {
        if (++links > MAX_SYMLINKS) throw new FsException(Errno.ELOOP);
    }

    /** Searches dir for name, crossing a mount; ENOENT if absent. dir must be a searchable directory. */
    Location lookup(Location dir, String name) throws FsException {
        Location m = vfs.mountedAt(dir, name);
        return m != null ? m : new Location(dir.mount(), dir.inode().lookup(name));
    }

    /** Like {@link #lookup} but null when absent. */
    Location lookupOrNull(Location dir, String name) throws FsException {
        try {
            return lookup(dir, name);
        } catch (FsException e) {
            if (e.errno == Errno.ENOENT) return null;
            throw e;
        }
    }

    /** The guest path of what {@link #resolve} returned (a directory's own path, or its parent's plus name). */
    String pathOf(Location resolved) throws FsException {
        if (resolved.inode().isDir() || lastDir == null) return vfs.pathOf(resolved);
        return Vfs.join(vfs.pathOf(lastDir), lastName);
    }

    // ------------------------------------------------------------------ internals

    /** Splits path onto the front of comps; returns where the walk starts. */
    private Location push(Location start, String path, Deque<String> comps) {
        Deque<String> mine = new ArrayDeque<>();
        for (String s : path.split("/")) if (!s.isEmpty()) mine.add(s);
        if (path.endsWith("/") && !mine.isEmpty()) mine.add(".");
        while (!mine.isEmpty()) comps.addFirst(mine.pollLast());
        return path.startsWith("/") ? vfs.rootLocation() : start;
    }

    private Location step(Location cur, String name, boolean follow, Deque<String> comps) throws FsException {
        requireDir(cur);
        Access.check(cred, cur.inode(), Access.X);
        if (name.equals(".")) return cur;
        if (name.equals("..")) return vfs.up(cur);
        checkName(name);
        Location child = lookup(cur, name);
        lastDir = cur;
        lastName = name;
        if (!follow || !child.inode().isSymlink()) return child;
        countLink();
        String target = child.inode().readlink();
        if (target.isEmpty()) throw new FsException(Errno.ENOENT);
        return push(cur, target, comps);
    }

    private static void requireDir(Location l) throws FsException {
        if (!l.inode().isDir()) throw new FsException(Errno.ENOTDIR);
    }

    private static void checkName(String name) throws FsException {
        if (name.length() > NAME_MAX / 3 && name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX)
            throw new FsException(Errno.ENAMETOOLONG);
    }
}
