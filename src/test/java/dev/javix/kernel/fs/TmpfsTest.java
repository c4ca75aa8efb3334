package dev.javix.kernel.fs;

import static dev.javix.kernel.fs.FsFixture.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.mem.MemoryObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tmpfs: files, directories, links, open-file semantics, memory accounting. */
class TmpfsTest {
    static final int RDWR_CREAT = OpenFile.O_RDWR | OpenFile.O_CREAT;

    @TempDir
    Path root;
    FsFixture fs;

    @BeforeEach
    void setUp() {
        fs = new FsFixture(root);
    }

    @Test
    void createExclTruncAppend() throws Exception {
        OpenFile f = fs.open("/tmp/f", RDWR_CREAT | OpenFile.O_EXCL, 0666);
        assertEquals(StatBuf.S_IFREG | 0644, fs.stat("/tmp/f").mode); // umask 022
        assertEquals(5, f.write(null, "hello".getBytes(), 0, 5));
        fails(Errno.EEXIST, () -> fs.open("/tmp/f", RDWR_CREAT | OpenFile.O_EXCL));
        OpenFile a = fs.open("/tmp/f", OpenFile.O_WRONLY | OpenFile.O_APPEND);
        assertEquals(1, a.write(null, "!".getBytes(), 0, 1));
        assertEquals(6, a.seek(0, RegularFile.SEEK_CUR));
        assertEquals(3, f.write(null, "xyz".getBytes(), 0, 3)); // f's offset is its own: 5
        assertEquals("helloxyz", fs.read("/tmp/f"));
        assertEquals(1, a.pwrite(null, "?".getBytes(), 0, 1, 0)); // pwrite with O_APPEND appends (Linux)
        assertEquals("helloxyz?", fs.read("/tmp/f"));
        fs.open("/tmp/f", OpenFile.O_WRONLY | OpenFile.O_TRUNC).close();
        assertEquals(0, fs.stat("/tmp/f").size);
        assertEquals(-Errno.EBADF, a.read(null, new byte[1], 0, 1));
        OpenFile r = fs.open("/tmp/f", OpenFile.O_RDONLY);
        assertEquals(-Errno.EBADF, r.write(null, new byte[1], 0, 1));
    }

    @Test
    void sparseFilesAndTruncate() throws Exception {
        OpenFile f = fs.open("/tmp/s", RDWR_CREAT);
        assertEquals(1, f.pwrite(null, new byte[] {7}, 0, 1, 100_000));
        StatBuf st = fs.stat("/tmp/s");
        assertEquals(100_001, st.size);
        assertEquals(8, st.blocks); // one 4 KiB chunk allocated
        byte[] b = new byte[10];
        java.util.Arrays.fill(b, (byte) 1);
        assertEquals(10, f.pread(null, b, 0, 10, 50_000));
        assertArrayEquals(new byte[10], b);
        fs.vfs.truncate(f, 3);
        assertEquals(3, fs.stat("/tmp/s").size);
        fs.vfs.truncate(f, 1L << 40); // sparse: costs nothing
        assertEquals(1L << 40, fs.stat("/tmp/s").size);
        fs.vfs.truncate(fs.p, "/tmp/s", 0);
        assertEquals(0, fs.stat("/tmp/s").size);
        // shrinking then growing reads zeros where the old bytes were
        f.pwrite(null, "abcdef".getBytes(), 0, 6, 0);
        fs.vfs.truncate(f, 2);
        fs.vfs.truncate(f, 6);
        assertEquals(6, f.pread(null, b, 0, 6, 0));
        assertArrayEquals(new byte[] {'a', 'b', 0, 0, 0, 0}, java.util.Arrays.copyOf(b, 6));
        fails(Errno.EINVAL, () -> fs.vfs.truncate(f, -1));
        fails(Errno.EISDIR, () -> fs.vfs.truncate(fs.p, "/tmp", 0));
        OpenFile ro = fs.open("/tmp/s", OpenFile.O_RDONLY);
        fails(Errno.EINVAL, () -> fs.vfs.truncate(ro, 0));
    }

    @Test
    void seek() throws Exception {
        OpenFile f = fs.open("/tmp/f", RDWR_CREAT);
        f.write(null, "0123456789".getBytes(), 0, 10);
        assertEquals(7, f.seek(-3, RegularFile.SEEK_END));
        assertEquals(-Errno.EINVAL, f.seek(-8, RegularFile.SEEK_CUR));
        assertEquals(7, f.seek(0, RegularFile.SEEK_CUR));
        assertEquals(4, f.seek(4, RegularFile.SEEK_DATA));
        assertEquals(10, f.seek(4, RegularFile.SEEK_HOLE));
        assertEquals(-Errno.ENXIO, f.seek(10, RegularFile.SEEK_DATA));
        assertEquals(-Errno.EINVAL, f.seek(0, 7));
        assertEquals(1000, f.seek(1000, RegularFile.SEEK_SET)); // past the end is fine
        assertEquals(-Errno.EINVAL, f.seek(Long.MAX_VALUE, RegularFile.SEEK_CUR)); // overflow
    }

    @Test
    void unlinkWhileOpenKeepsData() throws Exception {
        OpenFile f = fs.open("/tmp/gone", RDWR_CREAT);
        byte[] page = new byte[8192];
        java.util.Arrays.fill(page, (byte) 'x');
        f.write(null, page, 0, page.length);
        long used = fs.memory.usedPages();
        fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/gone", 0);
        fails(Errno.ENOENT, () -> fs.stat("/tmp/gone"));
        StatBuf st = new StatBuf();
        f.stat(st);
        assertEquals(0, st.nlink);
        byte[] b = new byte[4];
        assertEquals(4, f.pread(null, b, 0, 4, 8000));
        assertEquals("xxxx", new String(b));
        assertEquals(used, fs.memory.usedPages()); // still charged while open
        MemoryObject m = f.mappable();
        f.close();
        assertEquals(used - 2, fs.memory.usedPages()); // given back at the last close
        byte[] pageOut = new byte[4096];
        m.read(4096, pageOut, 4096); // a mapping still reads the bytes
        assertEquals('x', pageOut[4095]);
    }

    @Test
    void mappableReadsZerosPastEnd() throws Exception {
        OpenFile f = fs.open("/tmp/m", RDWR_CREAT);
        f.write(null, "abc".getBytes(), 0, 3);
        byte[] b = new byte[4096];
        java.util.Arrays.fill(b, (byte) 9);
        f.mappable().read(0, b, 4096);
        assertEquals('c', b[2]);
        assertEquals(0, b[3]);
        assertEquals(0, b[4095]);
    }

    @Test
    void memoryLimitGivesEnospc() throws Exception {
        FsFixture small = new FsFixture(root, false, 16 * 4096);
        OpenFile f = small.open("/tmp/big", RDWR_CREAT);
        byte[] b = new byte[128 * 1024];
        assertEquals(-Errno.ENOSPC, f.write(null, b, 0, b.length));
        assertTrue(small.stat("/tmp/big").size > 0); // the part that fitted was written
        small.vfs.unlink(small.p, Vfs.AT_FDCWD, "/tmp/big", 0);
        f.close();
        assertEquals(0, small.memory.usedPages());
    }

    @Test
    void directories() throws Exception {
        fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/d", 0777);
        assertEquals(StatBuf.S_IFDIR | 0755, fs.stat("/tmp/d").mode);
        assertEquals(2, fs.stat("/tmp/d").nlink);
        fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/d/sub/", 0755); // trailing slash allowed for mkdir
        assertEquals(3, fs.stat("/tmp/d").nlink);
        fs.write("/tmp/d/f", "x");
        fs.vfs.symlink(fs.p, "f", Vfs.AT_FDCWD, "/tmp/d/l");
        assertEquals("..:4 .:4 f:8 l:10 sub:4", fs.list("/tmp/d"));
        fails(Errno.EEXIST, () -> fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/d", 0755));
        fails(Errno.EEXIST, () -> fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/d/l", 0755));
        fails(Errno.ENOTEMPTY, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d", Vfs.AT_REMOVEDIR));
        fails(Errno.EISDIR, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d", 0));
        fails(Errno.ENOTDIR, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d/f", Vfs.AT_REMOVEDIR));
        fails(Errno.ENOTDIR, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d/f/", 0));
        fails(Errno.EINVAL, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d/.", Vfs.AT_REMOVEDIR));
        fails(Errno.ENOTEMPTY, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d/..", Vfs.AT_REMOVEDIR));
        fails(Errno.EBUSY, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/", Vfs.AT_REMOVEDIR));
        fails(Errno.EINVAL, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d/f", 0x8000));
        fails(Errno.EISDIR, () -> fs.open("/tmp/d", OpenFile.O_WRONLY));
        fails(Errno.EISDIR, () -> fs.open("/tmp/d", OpenFile.O_RDONLY | OpenFile.O_CREAT));
        fails(Errno.EISDIR, () -> fs.open("/tmp/new/", OpenFile.O_RDONLY | OpenFile.O_CREAT));
        fails(Errno.ENOTDIR, () -> fs.open("/tmp/d/f", OpenFile.O_RDONLY | OpenFile.O_DIRECTORY));
        fails(Errno.EINVAL, () -> fs.open("/tmp/x", OpenFile.O_RDONLY | OpenFile.O_CREAT | OpenFile.O_DIRECTORY));
        OpenFile dir = fs.open("/tmp/d", OpenFile.O_RDONLY);
        assertEquals(-Errno.EISDIR, dir.read(null, new byte[4], 0, 4));
        fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d/f", 0);
        fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d/l", 0);
        fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d/sub", Vfs.AT_REMOVEDIR);
        assertEquals(2, fs.stat("/tmp/d").nlink);
        fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/d", Vfs.AT_REMOVEDIR);
        assertEquals(-Errno.ENOENT, dir.getdents(null, new DirentWriter(4096))); // a removed directory
        fails(Errno.ENOENT, () -> fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/d/again", 0755));
    }

    @Test
    void getdentsInSmallPiecesAndRewind() throws Exception {
        for (int i = 0; i < 50; i++) fs.write("/tmp/file" + i, "");
        assertEquals(52, fs.list("/tmp").split(" ").length); // FsFixture.list reads 256 bytes at a time
        OpenFile d = fs.open("/tmp", OpenFile.O_RDONLY | OpenFile.O_DIRECTORY);
        assertEquals(-Errno.EINVAL, d.getdents(null, new DirentWriter(10))); // no record fits
        DirentWriter w = new DirentWriter(4096);
        assertTrue(d.getdents(null, w) > 0);
        while (d.getdents(null, new DirentWriter(4096)) > 0) { }
        assertEquals(0, d.getdents(null, new DirentWriter(4096))); // end of directory
        fs.write("/tmp/late", "");
        assertEquals(0, d.getdents(null, new DirentWriter(4096)));
        assertEquals(0, d.seek(0, RegularFile.SEEK_SET)); // rewinddir sees the new entry
        DirentWriter all = new DirentWriter(1 << 16);
        d.getdents(null, all);
        assertTrue(new String(all.bytes(), 0, all.length(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("late"));
        assertEquals(-Errno.EINVAL, d.seek(0, RegularFile.SEEK_END));
    }

    @Test
    void renameRules() throws Exception {
        fs.write("/tmp/a", "A");
        fs.write("/tmp/b", "B");
        fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/d", 0755);
        fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/d/e", 0755);
        fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/empty", 0755);
        fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/a", Vfs.AT_FDCWD, "/tmp/b", 0);
        assertEquals("A", fs.read("/tmp/b"));
        fails(Errno.ENOENT, () -> fs.stat("/tmp/a"));
        fails(Errno.EISDIR, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/b", Vfs.AT_FDCWD, "/tmp/d", 0));
        fails(Errno.ENOTDIR, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/d", Vfs.AT_FDCWD, "/tmp/b", 0));
        fails(Errno.ENOTEMPTY, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/empty", Vfs.AT_FDCWD, "/tmp/d", 0));
        fails(Errno.EINVAL, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/d", Vfs.AT_FDCWD, "/tmp/d/e/x", 0));
        fails(Errno.ENOTEMPTY, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/d/e", Vfs.AT_FDCWD, "/tmp/d", 0)
        );
        fails(Errno.EBUSY, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/d/.", Vfs.AT_FDCWD, "/tmp/z", 0));
        fails(Errno.ENOTDIR, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/b/", Vfs.AT_FDCWD, "/tmp/z", 0));
        fails(Errno.EEXIST, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/b", Vfs.AT_FDCWD, "/tmp/d/e", Vfs.RENAME_NOREPLACE));
        fails(Errno.EINVAL, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/b", Vfs.AT_FDCWD, "/tmp/c", 3));
        // a directory moved to another parent: link counts of both parents follow
        fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/d/e", Vfs.AT_FDCWD, "/tmp/empty/e", 0);
        assertEquals(2, fs.stat("/tmp/d").nlink);
        assertEquals(3, fs.stat("/tmp/empty").nlink);
        fs.vfs.chdir(fs.p, "/tmp/empty/e");
        fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/empty", Vfs.AT_FDCWD, "/tmp/moved", 0);
        OpenFile here = fs.open("/tmp/moved/e", OpenFile.O_RDONLY | OpenFile.O_DIRECTORY);
        fs.vfs.fchdir(fs.p, here);
        assertEquals("/tmp/moved/e", fs.p.cwd()); // names come from the tree as it is now
        // exchange swaps
        fs.write("/tmp/x", "X");
        fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/x", Vfs.AT_FDCWD, "/tmp/b", Vfs.RENAME_EXCHANGE);
        assertEquals("A", fs.read("/tmp/x"));
        assertEquals("X", fs.read("/tmp/b"));
        // renaming a name onto another name of the same file does nothing
        fs.vfs.link(fs.p, Vfs.AT_FDCWD, "/tmp/b", Vfs.AT_FDCWD, "/tmp/b2", 0);
        fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/b", Vfs.AT_FDCWD, "/tmp/b2", 0);
        assertEquals("X", fs.read("/tmp/b"));
    }

    @Test
    void hardLinksAndInodes() throws Exception {
        fs.write("/tmp/a", "A");
        fs.vfs.link(fs.p, Vfs.AT_FDCWD, "/tmp/a", Vfs.AT_FDCWD, "/tmp/b", 0);
        assertEquals(2, fs.stat("/tmp/a").nlink);
        assertEquals(fs.stat("/tmp/a").ino, fs.stat("/tmp/b").ino);
        assertNotEquals(fs.stat("/tmp/a").ino, fs.stat("/tmp").ino);
        fails(Errno.EPERM, () -> fs.vfs.link(fs.p, Vfs.AT_FDCWD, "/tmp", Vfs.AT_FDCWD, "/tmp/dl", 0));
        fails(Errno.EEXIST, () -> fs.vfs.link(fs.p, Vfs.AT_FDCWD, "/tmp/a", Vfs.AT_FDCWD, "/tmp/b", 0));
        fs.vfs.symlink(fs.p, "a", Vfs.AT_FDCWD, "/tmp/s");
        fs.vfs.link(fs.p, Vfs.AT_FDCWD, "/tmp/s", Vfs.AT_FDCWD, "/tmp/s2", 0); // the link itself
        assertEquals(StatBuf.S_IFLNK, fs.lstat("/tmp/s2").mode & StatBuf.S_IFMT);
        fs.vfs.link(fs.p, Vfs.AT_FDCWD, "/tmp/s", Vfs.AT_FDCWD, "/tmp/a3", Vfs.AT_SYMLINK_FOLLOW);
        assertEquals(3, fs.stat("/tmp/a").nlink);
        fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/a", 0);
        assertEquals("A", fs.read("/tmp/b"));
        assertEquals(2, fs.stat("/tmp/b").nlink);
    }

    @Test
    void createThroughDanglingSymlink() throws Exception {
        fs.vfs.symlink(fs.p, "target", Vfs.AT_FDCWD, "/tmp/dang");
        fails(Errno.EEXIST, () -> fs.open("/tmp/dang", RDWR_CREAT | OpenFile.O_EXCL));
        fails(Errno.ELOOP, () -> fs.open("/tmp/dang", RDWR_CREAT | OpenFile.O_NOFOLLOW));
        fs.open("/tmp/dang", RDWR_CREAT).close();
        assertEquals(StatBuf.S_IFREG, fs.stat("/tmp/target").mode & StatBuf.S_IFMT);
    }

    @Test
    void attributes() throws Exception {
        fs.write("/tmp/f", "x");
        fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/tmp/f", 04755, 0);
        assertEquals(04755, fs.stat("/tmp/f").mode & 07777);
        fs.vfs.chown(fs.p, Vfs.AT_FDCWD, "/tmp/f", 1000, 100, 0);
        StatBuf st = fs.stat("/tmp/f");
        assertEquals(1000, st.uid);
        assertEquals(100, st.gid);
        assertEquals(0755, st.mode & 07777); // chown clears set-user-ID
        fs.vfs.utimes(fs.p, Vfs.AT_FDCWD, "/tmp/f", 1_000_000_000_000_000_005L, Vfs.UTIME_OMIT, 0);
        st = fs.stat("/tmp/f");
        assertEquals(1_000_000_000L, st.atimeSec);
        assertEquals(5, st.atimeNsec);
        fs.vfs.symlink(fs.p, "f", Vfs.AT_FDCWD, "/tmp/l");
        fails(Errno.EOPNOTSUPP, () -> fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/tmp/l", 0600, Vfs.AT_SYMLINK_NOFOLLOW));
        fs.become(1000, 100);
        fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/tmp/f", 0600, 0); // the owner may
        fails(Errno.EPERM, () -> fs.vfs.chown(fs.p, Vfs.AT_FDCWD, "/tmp/f", 0, -1, 0));
        fails(Errno.EPERM, () -> fs.vfs.utimes(fs.p, Vfs.AT_FDCWD, "/tmp/l", 5, 5, Vfs.AT_SYMLINK_NOFOLLOW));
        fs.vfs.utimes(fs.p, Vfs.AT_FDCWD, "/tmp/f", Vfs.UTIME_NOW, Vfs.UTIME_NOW, 0);
    }

    @Test
    void oTmpfile() throws Exception {
        OpenFile f = fs.open("/tmp", OpenFile.O_TMPFILE | OpenFile.O_RDWR, 0600);
        f.write(null, "anon".getBytes(), 0, 4);
        assertEquals("..:4 .:4", fs.list("/tmp")); // no name
        int fd = fs.p.files.install(f, 0, false, 1024);
        fs.vfs.link(fs.p, fd, "", Vfs.AT_FDCWD, "/tmp/named", Vfs.AT_EMPTY_PATH);
        assertEquals("anon", fs.read("/tmp/named"));
        fails(Errno.EINVAL, () -> fs.open("/tmp", OpenFile.O_TMPFILE | OpenFile.O_RDONLY));
        fails(Errno.EROFS, () -> fs.open("/", OpenFile.O_TMPFILE | OpenFile.O_RDWR)); // read-only host root
    }
}
