package dev.javix.kernel.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.ResourceLimits;
import dev.javix.kernel.proc.SignalActions;
import dev.javix.kernel.sched.Clock;
import dev.javix.mem.MemoryAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A VFS without a kernel, as the kernel sets it up (host root, tmpfs on /tmp, devfs on /dev),
 * and a process to make calls as. Shared by the file system tests.
 */
final class FsFixture {
    final Vfs vfs;
    final MemoryAccount memory;
    Process p;

    /** A read-only host root at root. */
    FsFixture(Path root) {
        this(root, false, 1L << 30);
    }

    FsFixture(Path root, boolean writable, long memoryBytes) {
        try { // @TempDir makes 0700 directories; other users must be able to search the root
            java.nio.file.Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        memory = new MemoryAccount(memoryBytes);
        vfs = new Vfs(Clock.host(), memory, new SecureRandom());
        vfs.mountHost("/", root, writable);
        vfs.mountTmpfs("/tmp");
        vfs.mountDevfs("/dev");
        p = process(0, 0);
    }

    static Process process(int uid, int gid) {
        return new Process(null, 100, null, null, new FdTable(), Credentials.of(uid, gid), ResourceLimits.defaults(),
                new SignalActions());
    }

    /** Runs as another user from now on (cwd kept). */
    void become(int uid, int gid) {
        String cwd = p.cwd();
        p = process(uid, gid);
        p.setCwd(cwd);
    }

    OpenFile open(String path, int flags) throws FsException {
        return vfs.open(p, Vfs.AT_FDCWD, path, flags, 0644);
    }

    OpenFile open(String path, int flags, int mode) throws FsException {
        return vfs.open(p, Vfs.AT_FDCWD, path, flags, mode);
    }

    StatBuf stat(String path) throws FsException {
        return vfs.stat(p, Vfs.AT_FDCWD, path, 0);
    }

    StatBuf lstat(String path) throws FsException {
        return vfs.stat(p, Vfs.AT_FDCWD, path, Vfs.AT_SYMLINK_NOFOLLOW);
    }

    void write(String path, String text) throws FsException {
        OpenFile f = open(path, OpenFile.O_WRONLY | OpenFile.O_CREAT | OpenFile.O_TRUNC);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(b.length, f.write(null, b, 0, b.length));
        f.close();
    }

    String read(String path) throws FsException {
        OpenFile f = open(path, OpenFile.O_RDONLY);
        try {
            return read(f);
        } finally {
            f.close();
        }
    }

    static String read(OpenFile f) {
        byte[] b = new byte[1 << 16];
        long n = f.read(null, b, 0, b.length);
        if (n < 0) throw new AssertionError("read failed: " + n);
        return new String(b, 0, (int) n, StandardCharsets.UTF_8);
    }

    /** Asserts that the call fails with errno. */
    static void fails(int errno, Call c) {
        FsException e = assertThrows(FsException.class, c::run);
        assertEquals(dev.javix.abi.Errno.name(errno), dev.javix.abi.Errno.name(e.errno));
    }

    @FunctionalInterface
    interface Call {
        void run() throws FsException;
    }

    /** Lists a directory through getdents64, as "name:DT" sorted. */
    String list(String path) throws FsException {
        OpenFile d = open(path, OpenFile.O_RDONLY | OpenFile.O_DIRECTORY);
        java.util.List<String> names = new java.util.ArrayList<>();
        try {
            while (true) {
                DirentWriter w = new DirentWriter(256);
                long n = d.getdents(null, w);
                if (n < 0) throw new FsException((int) -n);
                if (n == 0) break;
                byte[] b = w.bytes();
                for (int at = 0; at < n; ) {
                    int reclen = (b[at + 16] & 0xff) | (b[at + 17] & 0xff) << 8;
                    int end = at + 19;
                    while (b[end] != 0) end++;
                    names.add(new String(b, at + 19, end - at - 19, StandardCharsets.UTF_8) + ":" + b[at + 18]);
                    at += reclen;
                }
            }
        } finally {
            d.close();
        }
        java.util.Collections.sort(names);
        return String.join(" ", names);
    }
}
