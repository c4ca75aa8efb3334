package dev.javix.kernel.fs;

import static dev.javix.kernel.fs.FsFixture.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path resolution (path_resolution(7)): ".", "..", symlinks, trailing slashes, limits, mounts, permissions. */
class PathWalkTest {
    @TempDir
    Path root;
    FsFixture fs;

    @BeforeEach
    void setUp() throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("etc"));
        java.nio.file.Files.writeString(root.resolve("etc/hostname"), "javix\n");
        fs = new FsFixture(root);
        fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/a", 0755);
        fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/a/b", 0755);
        fs.write("/tmp/a/b/file", "data");
    }

    @Test
    void dotAndDotDot() throws Exception {
        assertEquals("data", fs.read("/tmp/a/./b/../b/file"));
        assertEquals("data", fs.read("//tmp///a/b//file"));
        // ".." never goes above the root, and leaves a mount through its mount point
        assertEquals(fs.stat("/").ino, fs.stat("/../../..").ino);
        assertEquals(fs.stat("/").ino, fs.stat("/tmp/..").ino);
        assertEquals(fs.stat("/").dev, fs.stat("/tmp/..").dev);
        assertEquals("javix\n", fs.read("/tmp/../etc/hostname"));
        assertEquals("javix\n", fs.read("/dev/shm/../../etc/hostname"));
    }

    @Test
    void relativeToCwdAndDirfd() throws Exception {
        fs.vfs.chdir(fs.p, "/tmp/a");
        assertEquals("/tmp/a", fs.p.cwd());
        assertEquals("data", fs.read("b/file"));
        fs.vfs.chdir(fs.p, "b/../../a/b");
        assertEquals("/tmp/a/b", fs.p.cwd());
        fs.vfs.chdir(fs.p, "../../..");
        assertEquals("/", fs.p.cwd());
        OpenFile dir = fs.open("/tmp/a", OpenFile.O_RDONLY | OpenFile.O_DIRECTORY);
        int fd = fs.p.files.install(dir, 0, false, 1024);
        assertEquals(4, fs.vfs.stat(fs.p, fd, "b/file", 0).size);
        fails(Errno.EBADF, () -> fs.vfs.stat(fs.p, 77, "b/file", 0));
        fails(Errno.ENOENT, () -> fs.vfs.stat(fs.p, 77, "", 0)); // empty path first
        assertEquals(4, fs.vfs.stat(fs.p, 77, "/tmp/a/b/file", 0).size); // absolute ignores dirfd
        OpenFile file = fs.open("/tmp/a/b/file", OpenFile.O_RDONLY);
        int ffd = fs.p.files.install(file, 0, false, 1024);
        fails(Errno.ENOTDIR, () -> fs.vfs.stat(fs.p, ffd, "x", 0));
        assertEquals(4, fs.vfs.stat(fs.p, ffd, "", Vfs.AT_EMPTY_PATH).size);
        fs.vfs.fchdir(fs.p, dir);
        assertEquals("/tmp/a", fs.p.cwd());
    }

    @Test
    void symlinks() throws Exception {
        fs.vfs.symlink(fs.p, "b/file", Vfs.AT_FDCWD, "/tmp/a/rel");
        fs.vfs.symlink(fs.p, "/tmp/a/b", Vfs.AT_FDCWD, "/tmp/abs");
        fs.vfs.symlink(fs.p, "..", Vfs.AT_FDCWD, "/tmp/a/b/up");
        assertEquals("data", fs.read("/tmp/a/rel"));
        assertEquals("data", fs.read("/tmp/abs/file"));
        assertEquals("data", fs.read("/tmp/abs/up/b/up/rel"));
        assertEquals(StatBuf.S_IFLNK, fs.lstat("/tmp/a/rel").mode & StatBuf.S_IFMT);
        assertEquals(StatBuf.S_IFREG, fs.stat("/tmp/a/rel").mode & StatBuf.S_IFMT);
        assertEquals("b/file", fs.vfs.readlink(fs.p, Vfs.AT_FDCWD, "/tmp/a/rel"));
        fails(Errno.EINVAL, () -> fs.vfs.readlink(fs.p, Vfs.AT_FDCWD, "/tmp/a"));
        // ".." after a symlink is taken in the link target's directory, not lexically
        assertEquals(fs.stat("/tmp/a").ino, fs.stat("/tmp/abs/..").ino);
        // the trailing slash follows a final symlink and demands a directory
        assertEquals(StatBuf.S_IFDIR, fs.lstat("/tmp/abs/").mode & StatBuf.S_IFMT);
        fails(Errno.ENOTDIR, () -> fs.stat("/tmp/a/rel/"));
        fails(Errno.ENOTDIR, () -> fs.stat("/tmp/a/b/file/"));
        fails(Errno.ELOOP, () -> fs.open("/tmp/a/rel", OpenFile.O_RDONLY | OpenFile.O_NOFOLLOW));
        OpenFile link = fs.open("/tmp/a/rel", OpenFile.O_PATH | OpenFile.O_NOFOLLOW);
        StatBuf st = new StatBuf();
        link.stat(st);
        assertEquals(StatBuf.S_IFLNK, st.mode & StatBuf.S_IFMT);
        int fd = fs.p.files.install(link, 0, false, 1024);
        assertEquals("b/file", fs.vfs.readlink(fs.p, fd, ""));
    }

    @Test
    void symlinkLoopsAndLimit() throws Exception {
        fs.vfs.symlink(fs.p, "l2", Vfs.AT_FDCWD, "/tmp/l1");
        fs.vfs.symlink(fs.p, "l1", Vfs.AT_FDCWD, "/tmp/l2");
        fails(Errno.ELOOP, () -> fs.stat("/tmp/l1"));
        fails(Errno.ELOOP, () -> fs.stat("/tmp/l1/x"));
        assertEquals(StatBuf.S_IFLNK, fs.lstat("/tmp/l1").mode & StatBuf.S_IFMT);
        // a chain of 40 links resolves, 41 does not (MAXSYMLINKS)
        fs.vfs.symlink(fs.p, "/tmp/a/b/file", Vfs.AT_FDCWD, "/tmp/c0");
        for (int i = 1; i <= 40; i++) fs.vfs.symlink(fs.p, "c" + (i - 1), Vfs.AT_FDCWD, "/tmp/c" + i);
        assertEquals("data", fs.read("/tmp/c39"));
        fails(Errno.ELOOP, () -> fs.read("/tmp/c40"));
    }

    @Test
    void namesAndErrors() throws Exception {
        fails(Errno.ENOENT, () -> fs.stat(""));
        fails(Errno.ENOENT, () -> fs.stat("/tmp/missing"));
        fails(Errno.ENOENT, () -> fs.stat("/tmp/missing/x"));
        fails(Errno.ENOTDIR, () -> fs.stat("/tmp/a/b/file/x"));
        String longName = "n".repeat(256);
        fails(Errno.ENAMETOOLONG, () -> fs.stat("/tmp/" + longName));
        fails(Errno.ENOENT, () -> fs.stat("/tmp/" + "n".repeat(255)));
        fails(Errno.ENOENT, () -> fs.vfs.symlink(fs.p, "", Vfs.AT_FDCWD, "/tmp/e"));
    }

    @Test
    void searchPermissionForOthers() throws Exception {
        fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/tmp/a", 0700, 0);
        assertEquals(4, fs.stat("/tmp/a/b/file").size); // root searches anything
        fs.become(1000, 1000);
        fails(Errno.EACCES, () -> fs.stat("/tmp/a/b/file"));
        fails(Errno.EACCES, () -> fs.vfs.chdir(fs.p, "/tmp/a"));
        assertEquals(StatBuf.S_IFDIR | 0700, fs.stat("/tmp/a").mode); // the directory itself is visible
        fs.become(0, 0);
        fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/tmp/a", 0711, 0);
        fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/tmp/a/b/file", 0600, 0);
        fs.become(1000, 1000);
        assertEquals(4, fs.stat("/tmp/a/b/file").size);
        fails(Errno.EACCES, () -> fs.open("/tmp/a/b/file", OpenFile.O_RDONLY));
        fails(Errno.EACCES, () -> fs.vfs.access(fs.p, Vfs.AT_FDCWD, "/tmp/a/b/file", Vfs.R_OK, 0));
        fails(Errno.EACCES, () -> fs.vfs.mkdir(fs.p, Vfs.AT_FDCWD, "/tmp/a/new", 0755));
        fails(Errno.EPERM, () -> fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/tmp/a/b/file", 0666, 0));
    }

    @Test
    void stickyTmp() throws Exception {
        fs.write("/tmp/roots", "x");
        fs.become(1000, 1000);
        fs.write("/tmp/mine", "y"); // /tmp is 1777: anyone may create
        assertEquals(1000, fs.stat("/tmp/mine").uid);
        fails(Errno.EPERM, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/roots", 0));
        fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/tmp/mine", 0);
    }

    @Test
    void rootExecNeedsAnXBit() throws Exception {
        fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/tmp/a/b/file", 0644, 0);
        fails(Errno.EACCES, () -> fs.vfs.access(fs.p, Vfs.AT_FDCWD, "/tmp/a/b/file", Vfs.X_OK, 0));
        fs.vfs.chmod(fs.p, Vfs.AT_FDCWD, "/tmp/a/b/file", 0654, 0);
        fs.vfs.access(fs.p, Vfs.AT_FDCWD, "/tmp/a/b/file", Vfs.X_OK | Vfs.W_OK, 0);
    }

    @Test
    void mountsAppearInListings() throws Exception {
        // the host root has no tmp or dev directories: the mounts make them visible
        String rootList = fs.list("/");
        assertTrue(rootList.contains("tmp:4") && rootList.contains("dev:4") && rootList.contains("etc:4"), rootList);
        assertTrue(rootList.contains(".:4") && rootList.contains("..:4"), rootList);
        fails(Errno.EBUSY, () -> fs.vfs.unlink(fs.p, Vfs.AT_FDCWD, "/dev/shm", Vfs.AT_REMOVEDIR));
        fails(Errno.EXDEV, () -> fs.vfs.rename(fs.p, Vfs.AT_FDCWD, "/tmp/a", Vfs.AT_FDCWD, "/dev/shm/a", 0));
        fails(Errno.EXDEV, () -> fs.vfs.link(fs.p, Vfs.AT_FDCWD, "/tmp/a/b/file", Vfs.AT_FDCWD, "/dev/shm/f", 0));
    }

    @Test
    void mountOrderDoesNotMatter() throws Exception {
        // a mount below /tmp made before /tmp is mounted stays visible on top of the new /tmp
        Path extra = java.nio.file.Files.createDirectories(root.resolve("extra"));
        java.nio.file.Files.writeString(extra.resolve("prog"), "elf");
        Vfs v = new Vfs(dev.javix.kernel.sched.Clock.host(), null, new java.security.SecureRandom());
        v.mountHost("/", root, false);
        v.mountHost("/tmp/build/out", extra, true);
        v.mountHost("/work/deep/dir", extra, false);
        v.mountTmpfs("/tmp");
        OpenFile f = v.open(fs.p, Vfs.AT_FDCWD, "/tmp/build/out/prog", OpenFile.O_RDONLY, 0);
        assertEquals("elf", FsFixture.read(f));
        OpenFile g = v.open(fs.p, Vfs.AT_FDCWD, "/work/deep/dir/prog", OpenFile.O_RDONLY, 0);
        assertEquals("elf", FsFixture.read(g));
    }
}
