package dev.javix.kernel.fs;

import static dev.javix.kernel.fs.FsFixture.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.MemoryObject;
import dev.javix.mem.Page;
import dev.javix.syscall.Syscall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The file side of IPC: FIFO open rules (fifo(7)), pipe sizes, record-lock ranges and
 * conflicts (fcntl(2)), and the coherence of MAP_SHARED pages with read/write (tmpfs files
 * and host files with their page cache).
 */
class IpcFilesTest {
    @TempDir
    Path root;
    Kernel k;
    Vfs vfs;
    Process p;
    Task t;

    @BeforeEach
    void setUp() {
        k = new Kernel(KernelConfig.defaults(root).withCpus(1).withMemory(64L << 20));
        vfs = k.vfs();
        p = k.newProcess(k.init(), new AddressSpace(k.memory()), new FdTable());
        t = k.newTask(p, true);
    }

    @AfterEach
    void tearDown() {
        k.close();
    }

    private OpenFile open(String path, int flags) throws FsException {
        return vfs.open(p, Vfs.AT_FDCWD, path, flags, 0);
    }

    // ------------------------------------------------------------------ FIFOs

    @Test
    void fifoOpenRules() throws Exception {
        vfs.mknod(p, Vfs.AT_FDCWD, "/tmp/f", StatBuf.S_IFIFO | 0644, 0);
        assertEquals(StatBuf.S_IFIFO | 0644, vfs.stat(p, Vfs.AT_FDCWD, "/tmp/f", 0).mode);
        fails(Errno.ENXIO, () -> open("/tmp/f", OpenFile.O_WRONLY | OpenFile.O_NONBLOCK));
        OpenFile nbReader = open("/tmp/f", OpenFile.O_RDONLY | OpenFile.O_NONBLOCK);
        assertEquals(0, nbReader.awaitOpen(t)); // O_NONBLOCK read-open: at once
        nbReader.close();

        OpenFile reader = open("/tmp/f", OpenFile.O_RDONLY);
        assertEquals(Syscall.BLOCK, reader.awaitOpen(t)); // waits for a writer
        assertEquals(Syscall.BLOCK, reader.awaitOpen(t));
        OpenFile writer = open("/tmp/f", OpenFile.O_WRONLY);
        assertEquals(0, writer.awaitOpen(t)); // a reader is there
        assertEquals(0, reader.awaitOpen(t)); // and the writer came
        byte[] b = "data".getBytes(StandardCharsets.UTF_8);
        assertEquals(4, writer.write(t, b, 0, 4));
        byte[] in = new byte[16];
        assertEquals(4, reader.read(t, in, 0, 16));
        writer.close();
        assertEquals(0, reader.read(t, in, 0, 16)); // EOF: no writer left
        reader.close();

        OpenFile rw = open("/tmp/f", OpenFile.O_RDWR);
        assertEquals(0, rw.awaitOpen(t));
        assertNotNull(rw.pipe());
        assertEquals(StatBuf.S_IFIFO, fstatMode(rw) & StatBuf.S_IFMT);
        rw.close();
    }

    @Test
    void writerThatCameAndWentReleasesAWaitingReader() throws Exception {
        vfs.mknod(p, Vfs.AT_FDCWD, "/tmp/g", StatBuf.S_IFIFO | 0600, 0);
        OpenFile reader = open("/tmp/g", OpenFile.O_RDONLY);
        assertEquals(Syscall.BLOCK, reader.awaitOpen(t));
        open("/tmp/g", OpenFile.O_WRONLY).close();
        assertEquals(0, reader.awaitOpen(t)); // the counter moved (wait_for_partner)
        reader.close();
    }

    @Test
    void mknodTypes() throws Exception {
        vfs.mknod(p, Vfs.AT_FDCWD, "/tmp/r", 0600, 0); // type 0 means a regular file
        assertEquals(StatBuf.S_IFREG, vfs.stat(p, Vfs.AT_FDCWD, "/tmp/r", 0).mode & StatBuf.S_IFMT);
        vfs.mknod(p, Vfs.AT_FDCWD, "/tmp/s", StatBuf.S_IFSOCK | 0600, 0);
        assertEquals(StatBuf.S_IFSOCK, vfs.stat(p, Vfs.AT_FDCWD, "/tmp/s", 0).mode & StatBuf.S_IFMT);
        fails(Errno.ENXIO, () -> open("/tmp/s", OpenFile.O_RDONLY));
        fails(Errno.EPERM, () -> vfs.mknod(p, Vfs.AT_FDCWD, "/tmp/d", StatBuf.S_IFDIR | 0700, 0));
        fails(Errno.EINVAL, () -> vfs.mknod(p, Vfs.AT_FDCWD, "/tmp/x", 0170000, 0));
        fails(Errno.EPERM, () -> vfs.mknod(p, Vfs.AT_FDCWD, "/tmp/c", StatBuf.S_IFCHR | 0600, StatBuf.makedev(1, 3)));
        fails(Errno.EEXIST, () -> vfs.mknod(p, Vfs.AT_FDCWD, "/tmp/r", StatBuf.S_IFIFO | 0600, 0));
    }

    @Test
    void mknodOnAHostMount() throws Exception {
        Path host = Files.createDirectories(root.resolve("h"));
        FsFixture fs = new FsFixture(host, true, 64L << 20);
        fs.vfs.mknod(fs.p, Vfs.AT_FDCWD, "/plain", StatBuf.S_IFREG | 0600, 0);
        assertEquals(true, Files.isRegularFile(host.resolve("plain")));
        fails(Errno.EPERM, () -> fs.vfs.mknod(fs.p, Vfs.AT_FDCWD, "/fifo", StatBuf.S_IFIFO | 0600, 0));
        fs.vfs.mknod(fs.p, Vfs.AT_FDCWD, "/tmp/fifo", StatBuf.S_IFIFO | 0600, 0); // the tmpfs holds FIFOs
    }

    private static int fstatMode(OpenFile f) {
        StatBuf st = new StatBuf();
        assertEquals(0, f.stat(st));
        return st.mode;
    }

    // ------------------------------------------------------------------ pipe sizes

    @ParameterizedTest
    @CsvSource({"0, 4096", "1, 4096", "4096, 4096", "4097, 8192", "5000, 8192", "65536, 65536", "65537, 131072",
            "1048576, 1048576"})
    void pipeSizesRoundToPowerOfTwoPages(long want, long got) {
        assertEquals(got, Pipe.roundSize(want));
    }

    @Test
    void pipeResize() {
        Pipe pipe = new Pipe(k, 1, OpenFile.O_NONBLOCK);
        assertEquals(Pipe.DEFAULT_CAPACITY, pipe.capacity());
        assertEquals(-Errno.EPERM, pipe.resize(2 << 20, false));
        assertEquals(2 << 20, pipe.resize(2 << 20, true));
        assertEquals(4096, pipe.resize(1, false));
        byte[] b = new byte[4096];
        assertEquals(4096, pipe.writeEnd().write(t, b, 0, 4096));
        assertEquals(-Errno.EAGAIN, pipe.writeEnd().write(t, b, 0, 1));
        assertEquals(8192, pipe.resize(8192, false));
        assertEquals(100, pipe.writeEnd().write(t, b, 0, 100));
        assertEquals(-Errno.EBUSY, pipe.resize(4096, false));
        assertEquals(4196, pipe.available());
        assertEquals(4196, pipe.readEnd().read(t, new byte[8192], 0, 8192));
    }

    // ------------------------------------------------------------------ record locks

    private static final FileLocks.Key F = new FileLocks.Key(1, 2);

    @Test
    void locksSplitMergeAndConflict() {
        FileLocks l = new FileLocks();
        Object a = "A", b = "B";
        assertEquals(0, l.set(null, F, a, 10, FileLocks.F_WRLCK, 0, 99, false));
        assertEquals(0, l.set(null, F, a, 10, FileLocks.F_UNLCK, 40, 59, false)); // split
        assertEquals(2, l.locks(F).size());
        assertEquals(new FileLocks.Range(a, 10, FileLocks.F_WRLCK, 0, 39), l.locks(F).get(0));
        assertEquals(new FileLocks.Range(a, 10, FileLocks.F_WRLCK, 60, 99), l.locks(F).get(1));
        assertEquals(0, l.set(null, F, a, 10, FileLocks.F_WRLCK, 40, 59, false)); // merge all three
        assertEquals(1, l.locks(F).size());
        assertEquals(0, l.set(null, F, a, 10, FileLocks.F_RDLCK, 20, 29, false)); // convert the middle
        assertEquals(3, l.locks(F).size());
        assertEquals(FileLocks.F_RDLCK, l.conflict(F, b, FileLocks.F_WRLCK, 25, 25).type());
        assertNull(l.conflict(F, b, FileLocks.F_RDLCK, 25, 25)); // readers share
        assertEquals(FileLocks.F_WRLCK, l.conflict(F, b, FileLocks.F_RDLCK, 30, 30).type());
        assertNull(l.conflict(F, a, FileLocks.F_WRLCK, 0, FileLocks.EOF)); // own locks never conflict
        assertEquals(-Errno.EAGAIN, l.set(null, F, b, 11, FileLocks.F_RDLCK, 35, 35, false));
        assertEquals(0, l.set(null, F, b, 11, FileLocks.F_RDLCK, 100, FileLocks.EOF, false));
        l.release(a, F);
        assertEquals(1, l.locks(F).size());
        l.releaseAll(b);
        assertEquals(0, l.locks(F).size());
    }

    @Test
    void lockWaitAndDeadlock() {
        FileLocks l = new FileLocks();
        Object a = "A", b = "B";
        assertEquals(0, l.set(t, F, a, 10, FileLocks.F_WRLCK, 0, 0, false));
        assertEquals(0, l.set(t, F, b, 11, FileLocks.F_WRLCK, 1, 1, false));
        assertEquals(Syscall.BLOCK, l.set(t, F, a, 10, FileLocks.F_WRLCK, 1, 1, true)); // a waits for b
        assertEquals(-Errno.EDEADLK, l.set(t, F, b, 11, FileLocks.F_WRLCK, 0, 0, true)); // b waiting for a: a cycle
        assertEquals(0, l.set(t, F, b, 11, FileLocks.F_UNLCK, 1, 1, false));
        assertEquals(0, l.set(t, F, a, 10, FileLocks.F_WRLCK, 1, 1, true)); // a gets it, merged with [0,0]
        assertEquals(new FileLocks.Range(a, 10, FileLocks.F_WRLCK, 0, 1), l.locks(F).get(0));
    }

    /**
     * A random sweep against a per-byte model: three owners set, convert and remove locks on
     * [0, 64); after each step every byte's holders must match, each owner's ranges must be
     * disjoint and fully merged, and conflict() must agree with the model.
     */
    @Test
    void locksAgreeWithAByteModel() {
        FileLocks l = new FileLocks();
        Object[] owners = {"A", "B", "C"};
        int[][] model = new int[3][64]; // F_UNLCK or the owner's lock type per byte
        for (int[] m : model) java.util.Arrays.fill(m, FileLocks.F_UNLCK);
        java.util.Random r = new java.util.Random(7);
        for (int step = 0; step < 3000; step++) {
            int o = r.nextInt(3), type = r.nextInt(3), s = r.nextInt(64), e = Math.min(63, s + r.nextInt(12));
            boolean conflict = false;
            for (int q = 0; q < 3; q++)
                for (int i = s; i <= e && q != o; i++)
                    if (model[q][i] != FileLocks.F_UNLCK && (type == FileLocks.F_WRLCK || model[q][i] == FileLocks.F_WRLCK))
                        conflict |= type != FileLocks.F_UNLCK;
            assertEquals(conflict, type != FileLocks.F_UNLCK && l.conflict(F, owners[o], type, s, e) != null);
            long got = l.set(null, F, owners[o], o, type, s, e, false);
            assertEquals(conflict ? -Errno.EAGAIN : 0, got);
            if (!conflict) for (int i = s; i <= e; i++) model[o][i] = type;
            int[][] seen = new int[3][64];
            for (int[] m : seen) java.util.Arrays.fill(m, FileLocks.F_UNLCK);
            java.util.List<FileLocks.Range> ranges = l.locks(F);
            for (int q = 0; q < 3; q++) {
                FileLocks.Range prev = null;
                for (FileLocks.Range x : ranges) {
                    if (x.owner() != owners[q]) continue;
                    for (long i = x.start(); i <= x.end(); i++) {
                        assertEquals(FileLocks.F_UNLCK, seen[q][(int) i], "overlap");
                        seen[q][(int) i] = x.type();
                    }
                    if (prev != null) // sorted, disjoint, and never two touching ranges of one type
                        assertEquals(true, prev.end() + 1 < x.start() || prev.type() != x.type() && prev.end() < x.start());
                    prev = x;
                }
                assertEquals(java.util.Arrays.toString(model[q]), java.util.Arrays.toString(seen[q]), "step " + step);
            }
        }
    }

    // ------------------------------------------------------------------ page-cache coherence

    @Test
    void tmpfsMappingSharesTheFilesPages() throws Exception {
        OpenFile f = vfs.open(p, Vfs.AT_FDCWD, "/tmp/m", OpenFile.O_RDWR | OpenFile.O_CREAT, 0600);
        vfs.truncate(f, 8192);
        MemoryObject m1 = f.mappable(), m2 = f.mappable();
        Page a = m1.sharedPage(1, k.memory()), b = m2.sharedPage(1, k.memory());
        assertSame(a, b); // every mapping maps the one page
        a.put(10, "mapped".getBytes(StandardCharsets.UTF_8), 0, 6);
        byte[] in = new byte[6];
        assertEquals(6, f.pread(t, in, 0, 6, 4096 + 10));
        assertEquals("mapped", new String(in, StandardCharsets.UTF_8));
        assertEquals(3, f.pwrite(t, "fd!".getBytes(StandardCharsets.UTF_8), 0, 3, 4096 + 100));
        assertEquals('f', a.getByte(100));
    }

    @Test
    void hostMappingIsCoherentAndWrittenBack() throws Exception {
        Path host = Files.createDirectories(root.resolve("host"));
        Files.writeString(host.resolve("data"), "0123456789");
        FsFixture fs = new FsFixture(host, true, 64L << 20);
        OpenFile f = fs.open("/data", OpenFile.O_RDWR), g = fs.open("/data", OpenFile.O_RDWR);
        MemoryObject m = f.mappable();
        Page page = m.sharedPage(0, fs.memory);
        assertEquals('3', page.getByte(3));
        assertSame(page, g.mappable().sharedPage(0, fs.memory)); // one cache per host file
        page.put(0, "AB".getBytes(StandardCharsets.UTF_8), 0, 2); // a store through the mapping
        byte[] in = new byte[10];
        assertEquals(10, g.pread(t, in, 0, 10, 0));
        assertEquals("AB23456789", new String(in, StandardCharsets.UTF_8)); // read(2) sees it at once
        assertEquals("0123456789", Files.readString(host.resolve("data"))); // the host not yet
        assertEquals(1, g.pwrite(t, "z".getBytes(StandardCharsets.UTF_8), 0, 1, 9));
        assertEquals('z', page.getByte(9)); // write(2) reaches the mapping
        m.writeBack(0, Page.SIZE); // msync / munmap / exit
        assertEquals("AB2345678z", Files.readString(host.resolve("data"))); // and never past the end
        f.close();
        g.close();
    }

    @Test
    void unmappingASharedHostMappingWritesItBack() throws Exception {
        Path host = Files.createDirectories(root.resolve("host2"));
        Files.writeString(host.resolve("data"), "0123456789");
        FsFixture fs = new FsFixture(host, true, 64L << 20);
        OpenFile f = fs.open("/data", OpenFile.O_RDWR);
        AddressSpace as = new AddressSpace(fs.memory);
        long at = 0x100000;
        as.map(at, Page.SIZE, dev.javix.mem.Vma.READ | dev.javix.mem.Vma.WRITE, dev.javix.mem.Vma.SHARED, f.mappable(), 0,
                "/data");
        as.resolve(at, dev.javix.mem.Vma.WRITE).put(0, "XY".getBytes(StandardCharsets.UTF_8), 0, 2);
        assertEquals("0123456789", Files.readString(host.resolve("data")));
        as.unmap(at, Page.SIZE);
        assertEquals("XY23456789", Files.readString(host.resolve("data")));
        f.close();
    }
}
