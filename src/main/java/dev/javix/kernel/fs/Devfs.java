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
 *   tty     5,0   the caller's controlling terminal (ENXIO without one)   console 5,1  the console terminal
 *   stdin stdout stderr → /proc/self/fd/0..2        fd → /proc/self/fd
 * </pre>
 *
 * The console ({@link dev.javix.kernel.tty.Tty}) reads the kernel's stdin through its line
 * discipline and writes its stdout. Opening either terminal device gives a
 * {@link dev.javix.kernel.tty.TtyFile}; /dev/tty is the same terminal as /dev/console when that
 * is the caller's controlling terminal, the only one javix has.
 *
 * random and urandom read the kernel's {@link Random} (a SecureRandom now; a seeded generator
 * in deterministic mode later), so they never block.
 */
final class Devfs {
    private Devfs() {}

    /** The devices, with their numbers (Documentation/admin-guide/devices.txt). */
    enum Kind {
        NULL(1, 3), ZERO(1, 5), FULL(1, 7), RANDOM(1, 8), URANDOM(1, 9), TTY(5, 0), CONSOLE(5, 1);

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
                Device d = (at, flags, path) -> k == Kind.TTY || k == Kind.CONSOLE
                        ? openTerminal(at, flags, path, k, console)
                        : new DeviceFile(at, flags, path, k, random);
                // /dev/console is root's alone (crw------- on Linux); everything else is for all
                int perm = k == Kind.CONSOLE ? 0600 : 0666;
                root.addDevice(k.name().toLowerCase(java.util.Locale.ROOT), StatBuf.S_IFCHR | perm,
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

    /**
     * open(2) of /dev/console or /dev/tty (tty_open): /dev/tty is the caller's controlling
     * terminal, ENXIO without one (tty(4)); /dev/console never becomes a controlling terminal
     * by being opened (Linux's tty_open treats device 5,1 as O_NOCTTY): TIOCSCTTY does that.
     */
    private static OpenFile openTerminal(Location at, int flags, String path, Kind k, IntFunction<OpenFile> console)
            throws FsException {
        Task current = Task.current();
        if (console == null || current == null || !(console.apply(0) instanceof ConsoleFile in)) {
            throw new FsException(Errno.ENXIO);
        }
        dev.javix.kernel.proc.Process p = current.process;
        dev.javix.kernel.tty.Tty tty = in.terminal(p.kernel());
        if (k == Kind.TTY && !tty.isControllingTerminalOf(p)) throw new FsException(Errno.ENXIO);
        tty.acquireOnOpen(p, flags, k == Kind.CONSOLE);
        return tty.open(flags, path, st -> {
            try {
                at.inode().stat(st);
                return 0;
            } catch (FsException e) {
                return -e.errno;
            }
        });
    }

    /** An open device of {@link Kind}. */
    static final class DeviceFile extends InodeFile {
        private final Kind kind;
        private final Random random;

        DeviceFile(Location at, int flags, String path, Kind kind, Random random) {
            super(at, flags, path);
            this.kind = kind;
            this.random = random;
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
                default -> throw new IllegalStateException("terminals are TtyFiles");
            }
            return len;
        }

        @Override
        public long write(Task t, byte[] src, int off, int len) {
            if (!writable()) return -Errno.EBADF;
            return switch (kind) {
                case FULL -> -Errno.ENOSPC;
                default -> len;
            };
        }

        @Override
        public long pread(Task t, byte[] dst, int off, int len, long pos) {
            return read(t, dst, off, len);
        }

        @Override
        public long pwrite(Task t, byte[] src, int off, int len, long pos) {
            return write(t, src, off, len);
        }

        /** The memory devices ignore seeks and report offset 0 (null_lseek, zero_lseek). */
        @Override
        public long seek(long off, int whence) {
            return 0;
        }

        @Override
        public int pollMask() {
            return POLLIN | POLLOUT;
        }

        /** Of these only random has a poll operation (random_fops); the memory devices and urandom have none. */
        @Override
        public boolean hasPollOperation() {
            return kind == Kind.RANDOM;
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

        /** The memory devices know no ioctl requests (isatty(3) is false for them). */
        @Override
        public long ioctl(Task t, long request, long arg, dev.javix.syscall.SyscallContext c) {
            return -Errno.ENOTTY;
        }
    }
}
