package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.Clock;
import dev.javix.mem.MemoryAccount;
import dev.javix.mem.MemoryObject;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The guest's /dev: a tmpfs ("devtmpfs") holding the character devices javix provides, the
 * conventional links into /proc/self/fd, and a "shm" directory on which the VFS mounts a
 * separate tmpfs for POSIX shared memory.
 *
 * <pre>
 *   null    1,3   reads EOF, swallows writes        zero  1,5  reads zeros, swallows writes
 *   full    1,7   reads zeros, writes fail ENOSPC   random 1,8 / urandom 1,9  the kernel's random source
 *   tty     5,0   the console: reads the kernel's stdin, writes its stdout
 *   stdin stdout stderr → /proc/self/fd/0..2        fd → /proc/self/fd
 * </pre>
 *
 * random and urandom read the kernel's {@link Random} (a SecureRandom now; a seeded generator
 * in deterministic mode later), so they never block.
 */
final class Devfs {
    private Devfs() {}

    /** The devices, with their numbers (Documentation/admin-guide/devices.txt). */
    enum Kind {
        NULL(1, 3), ZERO(1, 5), FULL(1, 7), RANDOM(1, 8), URANDOM(1, 9), TTY(5, 0);

        final int major, minor;

        Kind(int major, int minor) {
            this.major = major;
            this.minor = minor;
        }
    }

    /**
     * Builds the device tree.
     *
     * @param console the console's standard streams by fd (0 = input, 1 = output), or null when
     *                there is none: /dev/tty then answers ENXIO, as Linux does without a
     *                controlling terminal
     */
    static Tmpfs create(long dev, Clock clock, MemoryAccount account, Random random,
            IntFunction<OpenFile> console) {
        Tmpfs fs = new Tmpfs(dev, "devtmpfs", clock, account, 0755);
        TmpDir root = fs.root();
        try {
            for (Kind k : Kind.values()) {
                Device d = (at, flags, path) -> {
                    if (k == Kind.TTY && (console == null || console.apply(0) == null)) throw new FsException(Errno.ENXIO);
                    return new DeviceFile(at, flags, path, k, random, console);
                };
                root.addDevice(k.name().toLowerCase(java.util.Locale.ROOT), StatBuf.S_IFCHR | 0666,
                        StatBuf.makedev(k.major, k.minor), d);
            }
            root.symlink("fd", "/proc/self/fd", 0, 0);
            root.symlink("stdin", "/proc/self/fd/0", 0, 0);
            root.symlink("stdout", "/proc/self/fd/1", 0, 0);
            root.symlink("stderr", "/proc/self/fd/2", 0, 0);
            root.mkdir("shm", 01777, 0, 0);
        } catch (FsException e) {
            throw new IllegalStateException("building /dev", e);
        }
        return fs;
    }

    /** An open device of {@link Kind}. */
    static final class DeviceFile extends InodeFile {
        private final Kind kind;
        private final Random random;
        private final IntFunction<OpenFile> console;

        DeviceFile(Location at, int flags, String path, Kind kind, Random random, IntFunction<OpenFile> console) {
            super(at, flags, path);
            this.kind = kind;
            this.random = random;
            this.console = console;
        }

        @Override
        public long read(Task t, byte[] dst, int off, int len) {
            if (!readable()) return -Errno.EBADF;
            switch (kind) {
                case NULL -> {
                    return 0;
                }
                case ZERO, FULL -> java.util.Arrays.fill(dst, off, off + len, (byte) 0);
                case RANDOM, URANDOM -> {
                    byte[] b = new byte[len];
                    random.nextBytes(b);
                    System.arraycopy(b, 0, dst, off, len);
                }
                case TTY -> {
                    return console.apply(0).read(t, dst, off, len);
                }
            }
            return len;
        }

        @Override
        public long write(Task t, byte[] src, int off, int len) {
            if (!writable()) return -Errno.EBADF;
            return switch (kind) {
                case FULL -> -Errno.ENOSPC;
                case TTY -> console.apply(1).write(t, src, off, len);
                default -> len;
            };
        }

        @Override
        public long pread(Task t, byte[] dst, int off, int len, long pos) {
            return kind == Kind.TTY ? -Errno.ESPIPE : read(t, dst, off, len);
        }

        @Override
        public long pwrite(Task t, byte[] src, int off, int len, long pos) {
            return kind == Kind.TTY ? -Errno.ESPIPE : write(t, src, off, len);
        }

        /** The memory devices ignore seeks and report offset 0 (null_lseek, zero_lseek); a tty cannot seek. */
        @Override
        public long seek(long off, int whence) {
            return kind == Kind.TTY ? -Errno.ESPIPE : 0;
        }

        @Override
        public int pollMask() {
            if (kind != Kind.TTY) return POLLIN | POLLOUT;
            int in = (flags() & O_ACCMODE) != O_WRONLY ? console.apply(0).pollMask() : 0;
            return in | POLLOUT;
        }

        /** mmap of /dev/zero gives zero-filled memory (the traditional way to get anonymous memory). */
        @Override
        public MemoryObject mappable() {
            if (kind != Kind.ZERO) return null;
            return new MemoryObject() {
                @Override
                public void read(long offset, byte[] dst, int length) {
                    java.util.Arrays.fill(dst, 0, length, (byte) 0);
                }

                @Override
                public String label() {
                    return "/dev/zero (deleted)";
                }
            };
        }

        /**
         * Terminal ioctls (TCGETS, TIOCGWINSZ, …) answer ENOTTY: javix's console is the host's
         * streams, treated as pipes even when they are a terminal, so isatty(3) is false.
         */
        @Override
        public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
            return -Errno.ENOTTY;
        }
    }
}
