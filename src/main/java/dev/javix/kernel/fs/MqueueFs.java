package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.ipc.Mqueue;
import dev.javix.kernel.ipc.MqueueRegistry;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The mqueue file system (mq_overview(7), "Mounting the message queue file system"), mounted at
 * /dev/mqueue: one flat directory (mode 01777) whose entries are the kernel's POSIX message
 * queues. Reading a queue shows its status line ({@code QSIZE:… NOTIFY:… SIGNO:… NOTIFY_PID:…});
 * open(2) of an entry gives the same kind of description as mq_open(3); O_CREAT makes a queue
 * with the default attributes; unlink(2) is mq_unlink(3). Subdirectories, links and renames are
 * refused (EPERM), as Linux has no such operations there. The queues themselves live in
 * {@link MqueueRegistry}; this class only shows them.
 */
final class MqueueFs extends FileSystem {
    /** statfs(2) f_type (linux/magic.h MQUEUE_MAGIC). */
    static final long MQUEUE_MAGIC = 0x19800202L;

    private final MqueueRegistry registry;
    private final Root root = new Root();

    MqueueFs(MqueueRegistry registry) {
        super(MqueueRegistry.DEV);
        this.registry = registry;
    }

    @Override
    Inode root() {
        return root;
    }

    @Override
    boolean readOnly() {
        return false;
    }

    @Override
    String type() {
        return "mqueue";
    }

    @Override
    void statfs(StatFs out) {
        out.type = MQUEUE_MAGIC;
        out.bsize = out.frsize = 4096;
        out.blocks = out.bfree = out.bavail = 0;
        out.files = out.ffree = 0;
        out.flags = StatFs.ST_VALID | StatFs.ST_NOSUID | StatFs.ST_NODEV | StatFs.ST_NOEXEC | StatFs.ST_RELATIME;
    }

    private static FsException fail(MqueueRegistry.Failure f) {
        return new FsException(f.errno);
    }

    /** The process whose system call is being served (for the creator's limits and umask). */
    private static Process caller() throws FsException {
        Task t = Task.current();
        if (t == null) throw new FsException(Errno.EPERM);
        return t.process;
    }

    /** The one directory. */
    private final class Root extends Inode {
        @Override
        FileSystem fs() {
            return MqueueFs.this;
        }

        @Override
        int mode() {
            return StatBuf.S_IFDIR | 01777;
        }

        @Override
        int uid() {
            return 0;
        }

        @Override
        int gid() {
            return 0;
        }

        @Override
        long ino() {
            return 0x7fffffffL; // distinct from every queue's
        }

        @Override
        void stat(StatBuf st) {
            st.dev = dev;
            st.ino = ino();
            st.mode = mode();
            st.nlink = 2;
            st.blksize = 4096;
        }

        @Override
        Inode lookup(String name) throws FsException {
            Mqueue q = registry.lookup(name);
            if (q == null) throw new FsException(Errno.ENOENT);
            return new Node(q);
        }

        @Override
        Inode parent() {
            return this;
        }

        @Override
        List<DirEntry> list() {
            List<DirEntry> out = new ArrayList<>();
            for (String n : registry.list()) {
                Mqueue q = registry.lookup(n);
                if (q != null) out.add(new DirEntry(n, new Node(q).ino(), DirentWriter.DT_REG));
            }
            return out;
        }

        @Override
        boolean isEmpty() {
            return registry.list().isEmpty();
        }

        @Override
        Inode create(String name, int mode, int uid, int gid) throws FsException {
            if ((mode & StatBuf.S_IFMT) != StatBuf.S_IFREG) throw new FsException(Errno.EPERM);
            try {
                return new Node(registry.create(caller(), name, mode & 07777));
            } catch (MqueueRegistry.Failure f) {
                throw fail(f);
            }
        }

        @Override
        Inode mkdir(String name, int mode, int uid, int gid) throws FsException {
            throw new FsException(Errno.EPERM);
        }

        @Override
        Inode symlink(String name, String target, int uid, int gid) throws FsException {
            throw new FsException(Errno.EPERM);
        }

        @Override
        void link(String name, Inode target) throws FsException {
            throw new FsException(Errno.EPERM);
        }

        @Override
        void remove(String name) throws FsException {
            try {
                registry.remove(name);
            } catch (MqueueRegistry.Failure f) {
                throw fail(f);
            }
        }

        @Override
        void rename(String from, Inode newDir, String to, boolean exchange) throws FsException {
            throw new FsException(Errno.EPERM);
        }

        @Override
        OpenFile open(Location at, int flags, String path) throws FsException {
            throw new FsException(Errno.EISDIR); // directories are opened by the VFS itself
        }

        @Override
        void chmod(int mode) throws FsException {
            throw new FsException(Errno.EPERM);
        }

        @Override
        void chown(int uid, int gid) throws FsException {
            throw new FsException(Errno.EPERM);
        }

        @Override
        void setTimes(long atimeNanos, long mtimeNanos) {}
    }

    /** A queue as a file. */
    private final class Node extends Inode {
        private final Mqueue queue;

        Node(Mqueue queue) {
            this.queue = queue;
        }

        @Override
        FileSystem fs() {
            return MqueueFs.this;
        }

        @Override
        int mode() {
            return StatBuf.S_IFREG | queue.mode();
        }

        @Override
        int uid() {
            return queue.uid();
        }

        @Override
        int gid() {
            return queue.gid();
        }

        @Override
        long ino() {
            StatBuf st = new StatBuf();
            registry.stat(queue, st);
            return st.ino;
        }

        @Override
        void stat(StatBuf st) {
            registry.stat(queue, st);
        }

        @Override
        OpenFile open(Location at, int flags, String path) {
            return registry.openExisting(queue, flags);
        }

        @Override
        void truncate(long size) {
            // O_TRUNC on a queue changes nothing (Linux has no setattr size for it)
        }

        @Override
        void chmod(int mode) {
            registry.chmod(queue, mode);
        }

        @Override
        void chown(int uid, int gid) {
            registry.chown(queue, uid, gid);
        }

        @Override
        void setTimes(long atimeNanos, long mtimeNanos) {}
    }
}
