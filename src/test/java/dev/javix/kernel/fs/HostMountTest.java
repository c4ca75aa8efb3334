package dev.javix.kernel.fs;

import static dev.javix.kernel.fs.FsFixture.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host-directory mounts: confinement (no way out through "..", host symlinks or absolute
 * paths), read-only and read-write behaviour, inode numbers, listings.
 *
 * <pre>
 *   host:  base/secret.txt                    (outside the mount)
 *          base/root/etc/passwd               guest root
 *          base/root/escape    -> ../../..    relative link climbing out
 *          base/root/abs       -> /etc/passwd absolute: means the guest's /etc/passwd
 *          base/root/hostabs   -> base/secret.txt (absolute host path of a file outside)
 *          base/root/etc/up    -> ../..
 * </pre>
 */
class HostMountTest {
    @TempDir
    Path base;
    Path root;
    FsFixture fs;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("root"));
        Files.writeString(base.resolve("secret.txt"), "SECRET");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../.."));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("hostabs"), base.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of("../.."));
        fs = new FsFixture(root);
    }

    @Test
    void dotDotStaysInside() throws Exception {
        assertEquals(fs.stat("/").ino, fs.stat("/..").ino);
        fails(Errno.ENOENT, () -> fs.read("/../secret.txt"));
        fails(Errno.ENOENT, () -> fs.read("/etc/../../secret.txt"));
        fails(Errno.ENOENT, () -> fs.read("../../secret.txt"));
        fs.vfs.chdir(fs.p, "/etc");
        fails(Errno.ENOENT, () -> fs.read("../../../secret.txt"));
    }

    @Test
    void hostSymlinksAreGuestPaths() throws Exception {
        // "../../.." from the root is the root
        assertEquals(fs.stat("/").ino, fs.stat("/escape").ino);
        fails(Errno.ENOENT, () -> fs.read("/escape/secret.txt"));
        assertEquals("root:x:0:0::/root:/bin/sh\n", fs.read("/escape/etc/passwd"));
        assertEquals("root:x:0:0::/root:/bin/sh\n", fs.read("/etc/up/etc/up/etc/passwd"));
        // an absolute target is resolved in the guest's tree, never the host's
        assertEquals("root:x:0:0::/root:/bin/sh\n", fs.read("/abs"));
        fails(Errno.ENOENT, () -> fs.read("/hostabs"));
        assertEquals(base.resolve("secret.txt").toString(), fs.vfs.readlink(fs.p, Vfs.AT_FDCWD, "/hostabs"));
        // ... and when the guest path the link names exists, it is the guest's file that is read
        fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp" + "/x", 0755); // some tmpfs content, unrelated
        String hostPath = base.resolve("secret.txt").toString();
        if (hostPath.startsWith("/tmp/")) {
            mkdirs(hostPath.substring(0, hostPath.lastIndexOf('/')));
            fs.write(hostPath, "guest copy");
            assertEquals("guest copy", fs.read("/hostabs"));
        }
    }

    private void mkdirs(String path) throws FsException {
        StringBuilder at = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            at.append('/').append(part);
            try {
                fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, at.toString(), 0755);
            } catch (FsException e) {
                if (e.errno != Errno.EEXIST) throw e;
            }
        }
    }

    @Test
    void readOnlyMount() throws Exception {
        fails(Errno.EROFS, () -> fs.open("/etc/passwd", OpenFile.O_WRONLY));
        fails(Errno.EROFS, () -> fs.open("/etc/new", OpenFile.O_WRONLY | OpenFile.O_CREAT));
        fails(Errno.EROFS, () -> fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/newdir", 0755));
        fails(Errno.EEXIST, () -> fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/etc", 0755)); // EEXIST before EROFS
        fails(Errno.EROFS, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/etc/passwd", 0));
        fails(Errno.EROFS, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/missing", 0));
        fails(Errno.EROFS, () -> fs.vfs.truncate(fs.p, "/etc/passwd", 0));
        fails(Errno.EROFS, () -> fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/etc/passwd", 0600, 0));
        fails(Errno.EROFS, () -> fs.vfs.access(fs.p, Vfs.AT_FDCWD, "/etc/passwd", Vfs.W_OK, 0));
        fs.vfs.access(fs.p, Vfs.AT_FDCWD, "/etc/passwd", Vfs.R_OK, 0);
        OpenFile f = fs.open("/etc/passwd", OpenFile.O_RDONLY | OpenFile.O_CREAT); // exists: no creation needed
        assertEquals(-Errno.EBADF, f.write(null, new byte[1], 0, 1));
        f.close();
        assertTrue(Files.exists(root.resolve("etc/passwd")));
    }

    @Test
    void readWriteMountWritesThrough() throws Exception {
        FsFixture rw = new FsFixture(root, true, 1L << 30);
        rw.vfs.mkdir(rw.p, Vfs.AT_FDCWD, "/data", 0750);
        rw.write("/data/f", "hello");
        assertEquals("hello", Files.readString(root.resolve("data/f")));
        assertEquals(0750, rw.stat("/data").mode & 07777);
        assertEquals(0644, rw.stat("/data/f").mode & 07777); // umask 022 of the process
        OpenFile f = rw.open("/data/f", OpenFile.O_RDWR | OpenFile.O_APPEND);
        f.write(null, " world".getBytes(), 0, 6);
        assertEquals(0, f.seek(0, RegularFile.SEEK_SET));
        assertEquals("hello world", FsFixture.read(f));
        rw.vfs.truncate(f, 20);
        assertEquals(20, Files.size(root.resolve("data/f")));
        rw.vfs.truncate(f, 5);
        assertEquals("hello", Files.readString(root.resolve("data/f")));
        rw.vfs.rename(rw.p, Vfs.AT_FDCWD, "/data/f", Vfs.AT_FDCWD, "/data/g", 0);
        assertTrue(Files.exists(root.resolve("data/g")));
        // the open description follows the file, not the name
        assertEquals(0, f.seek(0, RegularFile.SEEK_SET));
        assertEquals("hello", FsFixture.read(f));
        rw.vfs.unlink(rw.p, Vfs.AT_FDCWD, "/data/g", 0);
        assertEquals("hello", readAt(f, 0));
        StatBuf st = new StatBuf();
        assertEquals(0, f.stat(st));
        assertEquals(0, st.nlink);
        f.close();
        // a guest symlink on the host mount still means a guest path
        rw.vfs.symlink(rw.p, "/", Vfs.AT_FDCWD, "/data/toroot");
        assertEquals("/", Files.readSymbolicLink(root.resolve("data/toroot")).toString());
        assertEquals("root:x:0:0::/root:/bin/sh\n", rw.read("/data/toroot/etc/passwd"));
        fails(Errno.ENOENT, () -> rw.read("/data/toroot/secret.txt"));
        rw.vfs.link(rw.p, Vfs.AT_FDCWD, "/etc/passwd", Vfs.AT_FDCWD, "/data/hard", 0);
        assertEquals(2, rw.stat("/etc/passwd").nlink);
        fails(Errno.ENOTEMPTY, () -> rw.vfs.unlink(rw.p, Vfs.AT_FDCWD, "/data", Vfs.AT_REMOVEDIR));
        fails(Errno.EINVAL, () -> rw.vfs.rename(rw.p, Vfs.AT_FDCWD, "/data", Vfs.AT_FDCWD, "/data/sub", 0));
    }

    private static String readAt(OpenFile f, long pos) {
        byte[] b = new byte[64];
        long n = f.pread(null, b, 0, b.length, pos);
        return new String(b, 0, (int) n);
    }

    @Test
    void inodeNumbersAreTheHostsAndDevIsStable() throws Exception {
        long hostIno = (Long) Files.getAttribute(root.resolve("etc/passwd"), "unix:ino");
        assertEquals(hostIno, fs.stat("/etc/passwd").ino);
        assertEquals(fs.stat("/").dev, fs.stat("/etc/passwd").dev);
        assertFalse(fs.stat("/").dev == fs.stat("/tmp").dev);
        FsFixture again = new FsFixture(root);
        assertEquals(fs.stat("/etc").dev, again.stat("/etc").dev); // same mount order, same st_dev
    }

    @Test
    void listingHasDotsAndTypes() throws Exception {
        String list = fs.list("/");
        for (String e : new String[] {".:4", "..:4", "etc:4", "escape:10", "abs:10", "hostabs:10", "tmp:4", "dev:4"})
            assertTrue(list.contains(e), e + " in " + list);
        assertEquals("..:4 .:4 passwd:8 up:10", fs.list("/etc"));
        fails(Errno.ENOTDIR, () -> fs.list("/etc/passwd"));
    }

    @Test
    void hostSpecialFilesAreNotOpened() throws Exception {
        Path fifo = root.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mk.waitFor() != 0) return; // no mkfifo on this host: nothing to check
        assertEquals(StatBuf.S_IFIFO, fs.stat("/fifo").mode & StatBuf.S_IFMT);
        fails(Errno.ENXIO, () -> fs.open("/fifo", OpenFile.O_RDONLY | OpenFile.O_NONBLOCK));
    }
}
