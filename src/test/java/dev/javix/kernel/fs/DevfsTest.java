package dev.javix.kernel.fs;

import static dev.javix.kernel.fs.FsFixture.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /dev: the memory devices, the console as /dev/tty, the links into /proc, /dev/shm. */
class DevfsTest {
    @TempDir
    Path root;
    FsFixture fs;

    @BeforeEach
    void setUp() {
        fs = new FsFixture(root);
    }

    private void device(String path, int major, int minor) throws FsException {
        StatBuf st = fs.stat(path);
        assertEquals(StatBuf.S_IFCHR | 0666, st.mode, path);
        assertEquals(StatBuf.makedev(major, minor), st.rdev, path);
    }

    @Test
    void numbers() throws Exception {
        device("/dev/null", 1, 3);
        device("/dev/zero", 1, 5);
        device("/dev/full", 1, 7);
        device("/dev/random", 1, 8);
        device("/dev/urandom", 1, 9);
        device("/dev/tty", 5, 0);
        assertEquals("/proc/self/fd/0", fs.vfs.readlink(fs.p, Vfs.AT_FDCWD, "/dev/stdin"));
        assertEquals("/proc/self/fd/2", fs.vfs.readlink(fs.p, Vfs.AT_FDCWD, "/dev/stderr"));
        assertEquals("/proc/self/fd", fs.vfs.readlink(fs.p, Vfs.AT_FDCWD, "/dev/fd"));
        assertTrue(fs.list("/dev").contains("null:2"));
    }

    @Test
    void memoryDevices() throws Exception {
        byte[] b = new byte[32];
        OpenFile n = fs.open("/dev/null", OpenFile.O_RDWR);
        assertEquals(0, n.read(null, b, 0, b.length));
        assertEquals(32, n.write(null, b, 0, b.length));
        assertEquals(0, n.seek(123, RegularFile.SEEK_SET));
        OpenFile z = fs.open("/dev/zero", OpenFile.O_RDONLY);
        java.util.Arrays.fill(b, (byte) 5);
        assertEquals(32, z.read(null, b, 0, b.length));
        assertEquals(0, b[31]);
        assertNotNull(z.mappable());
        OpenFile f = fs.open("/dev/full", OpenFile.O_RDWR);
        assertEquals(-Errno.ENOSPC, f.write(null, b, 0, 1));
        assertEquals(32, f.read(null, b, 0, b.length));
        OpenFile u = fs.open("/dev/urandom", OpenFile.O_RDONLY);
        byte[] r1 = new byte[32], r2 = new byte[32];
        u.read(null, r1, 0, 32);
        u.read(null, r2, 0, 32);
        assertTrue(!java.util.Arrays.equals(r1, r2));
        assertEquals(-Errno.EBADF, u.write(null, b, 0, 1)); // opened read-only
    }

    @Test
    void ttyWithoutConsole() {
        fails(Errno.ENXIO, () -> fs.open("/dev/tty", OpenFile.O_RDWR));
    }

    @Test
    void shmIsItsOwnTmpfs() throws Exception {
        assertEquals(StatBuf.S_IFDIR | 01777, fs.stat("/dev/shm").mode);
        assertTrue(fs.stat("/dev/shm").dev != fs.stat("/dev").dev);
        fs.write("/dev/shm/seg", "shared");
        assertEquals("shared", fs.read("/dev/shm/seg"));
        assertEquals(StatFs.TMPFS_MAGIC, fs.vfs.statfs(fs.p, "/dev/shm").type);
        fails(Errno.EXDEV, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/dev/shm/seg", Vfs.AT_FDCWD, "/tmp/seg", 0));
    }

    @Test
    void ttyNeedsAControllingTerminal() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KernelConfig config = KernelConfig.defaults(root).withStreams(new ByteArrayInputStream("typed".getBytes()),
                out, new ByteArrayOutputStream());
        try (Kernel k = new Kernel(config)) {
            // /dev/tty is the opener's controlling terminal: an opener with none gets ENXIO (tty(4)).
            // What a session with the console as its terminal sees is TtyTest's (kernel.tty).
            FsException none = assertThrows(FsException.class,
                    () -> k.vfs().open(k.init(), Vfs.AT_FDCWD, "/dev/tty", OpenFile.O_RDWR, 0));
            assertEquals(Errno.ENXIO, none.errno);
            assertTrue(k.vfs().console(0) != null && k.vfs().console(1) != null && k.vfs().console(2) != null);
        }
    }
}
