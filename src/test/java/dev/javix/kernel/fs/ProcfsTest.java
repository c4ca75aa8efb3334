package dev.javix.kernel.fs;

import static dev.javix.kernel.fs.FsFixture.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.proc.Exit;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.Vma;
import dev.javix.testing.GuestRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /proc: formats as proc(5) gives them, driven through a kernel's VFS with processes made by
 * hand (no guest code runs), and a guest program's Linux-only checks under javix.
 */
class ProcfsTest {
    @TempDir
    Path root;
    Kernel k;
    Vfs vfs;
    Process p;
    Task t;

    @BeforeEach
    void setUp() {
        k = new Kernel(KernelConfig.defaults(root).withCpus(2).withMemory(64L << 20));
        vfs = k.vfs();
        p = k.newProcess(k.init(), new AddressSpace(k.memory()), new FdTable());
        t = k.newTask(p, true);
        p.setExe("/bin/prog", List.of("prog", "-x", "two words"));
        p.setComm("prog");
        Task.setCurrent(t); // what a virtual CPU does while t runs: /proc/self is p
    }

    @AfterEach
    void tearDown() {
        Task.setCurrent(null);
        k.close();
    }

    private String read(String path) throws FsException {
        OpenFile f = vfs.open(p, Vfs.AT_FDCWD, path, OpenFile.O_RDONLY, 0);
        try {
            StringBuilder b = new StringBuilder();
            byte[] buf = new byte[7]; // small reads: the snapshot must read back whole
            long n;
            while ((n = f.read(null, buf, 0, buf.length)) > 0) b.append(new String(buf, 0, (int) n, StandardCharsets.ISO_8859_1));
            assertEquals(0, n);
            return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        } finally {
            f.close();
        }
    }

    private List<String> list(String path) throws FsException {
        Location at = new PathWalk(vfs, Vfs.KERNEL).resolve(vfs.rootLocation(), path, true);
        List<String> out = new ArrayList<>();
        for (DirEntry e : vfs.listing(at)) out.add(e.name());
        return out;
    }

    /** The stat fields, comm (field 2) without its parentheses. */
    private static List<String> statFields(String line) {
        int open = line.indexOf('('), close = line.lastIndexOf(')');
        List<String> f = new ArrayList<>();
        f.add(line.substring(0, open - 1));
        f.add(line.substring(open + 1, close));
        f.addAll(Arrays.asList(line.substring(close + 2).strip().split(" ")));
        return f;
    }

    @Test
    void selfIsTheCaller() throws Exception {
        assertEquals(Integer.toString(p.pid), vfs.readlink(p, Vfs.AT_FDCWD, "/proc/self"));
        assertEquals(p.pid + "/task/" + t.tid, vfs.readlink(p, Vfs.AT_FDCWD, "/proc/thread-self"));
        assertEquals("/bin/prog", vfs.readlink(p, Vfs.AT_FDCWD, "/proc/self/exe"));
        assertEquals("/", vfs.readlink(p, Vfs.AT_FDCWD, "/proc/self/cwd"));
        assertEquals("self/mounts", vfs.readlink(p, Vfs.AT_FDCWD, "/proc/mounts"));
        Task.setCurrent(null);
        fails(Errno.ENOENT, () -> vfs.readlink(p, Vfs.AT_FDCWD, "/proc/self/exe")); // no current task
    }

    @Test
    void statHasTheFiftyTwoFields() throws Exception {
        String line = read("/proc/self/stat");
        assertTrue(line.endsWith("\n"));
        List<String> f = statFields(line.strip());
        assertEquals(52, f.size(), line);
        assertEquals(Integer.toString(p.pid), f.get(0));
        assertEquals("prog", f.get(1));
        assertEquals("R", f.get(2));
        assertEquals("1", f.get(3)); // ppid: init
        assertEquals("20", f.get(17)); // priority at nice 0
        assertEquals("1", f.get(19)); // threads
        assertEquals("18446744073709551615", f.get(24)); // rsslim: RLIM_INFINITY
        assertEquals("17", f.get(37)); // exit_signal SIGCHLD
        t.setState(Task.State.SLEEPING);
        assertEquals("S", statFields(read("/proc/" + p.pid + "/stat")).get(2));
        p.setStopped(true);
        assertEquals("T", statFields(read("/proc/" + p.pid + "/stat")).get(2));
        p.setStopped(false);
        t.hart.instret = 25_000_000; // 25 ms at 1 ns an instruction: utime 2 ticks
        assertEquals("2", statFields(read("/proc/self/stat")).get(13));
    }

    @Test
    void statusKeysInLinuxOrder() throws Exception {
        String status = read("/proc/self/status");
        List<String> keys = new ArrayList<>();
        for (String l : status.split("\n")) keys.add(l.substring(0, l.indexOf(':')));
        assertEquals(List.of("Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid", "Uid", "Gid",
                "FDSize", "Groups", "NStgid", "NSpid", "NSpgid", "NSsid", "VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM",
                "VmRSS", "RssAnon", "RssFile", "RssShmem", "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap",
                "HugetlbPages", "CoreDumping", "THP_enabled", "Threads", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn",
                "SigCgt", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp", "Seccomp_filters",
                "Speculation_Store_Bypass", "SpeculationIndirectBranch", "Cpus_allowed", "Cpus_allowed_list",
                "Mems_allowed", "Mems_allowed_list", "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"), keys);
        assertTrue(status.contains("\nState:\tR (running)\n"));
        assertTrue(status.contains("\nUid:\t0\t0\t0\t0\n"));
        assertTrue(status.contains("\nGroups:\t \n"));
        assertTrue(status.contains("\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n"));
        t.signalMask = 1L << 9; // SIGUSR1 blocked
        p.signalActions.set(2, 0x1234, 0, 0, 0); // SIGINT caught
        p.signalActions.set(13, 1, 0, 0, 0); // SIGPIPE ignored
        t.voluntaryContextSwitches = 5;
        t.affinity = 2;
        status = read("/proc/self/status");
        assertTrue(status.contains("\nSigBlk:\t0000000000000200\nSigIgn:\t0000000000001000\nSigCgt:\t0000000000000002\n"),
                status);
        assertTrue(status.contains("\nvoluntary_ctxt_switches:\t5\n"));
        assertTrue(status.contains("\nCpus_allowed:\t2\nCpus_allowed_list:\t1\n"));
        assertEquals("2", ProcfsPidFiles.cpuMask(2, 2));
        assertEquals("ff,ffffffff", ProcfsPidFiles.cpuMask(0xffffffffffL, 40));
        assertEquals("0-3,6", ProcfsPidFiles.cpuList(0x4f));
    }

    private static final Pattern MAPS_LINE = Pattern.compile(
            "([0-9a-f]{8,})-([0-9a-f]{8,}) ([r-][w-][x-][sp]) ([0-9a-f]{8}) ([0-9a-f]{2}):([0-9a-f]{2}) (\\d+) ?( +(.*))?");

    @Test
    void mapsParseBack() throws Exception {
        AddressSpace mm = p.mm();
        mm.map(0x10000, 0x3000, Vma.READ | Vma.EXEC, 0, null, 0, "/bin/prog");
        mm.map(0x13000, 0x1000, Vma.READ | Vma.WRITE, 0, null, 0, "/bin/prog");
        mm.initBrk(0x14000);
        mm.brk(0x20000);
        long stackTop = AddressSpace.STACK_TOP;
        mm.map(stackTop - 0x20000, 0x20000, Vma.READ | Vma.WRITE, Vma.GROWSDOWN, null, 0, "[stack]");
        long anon = mm.findFree(0x2000, 0);
        mm.map(anon, 0x2000, Vma.READ, 0, null, 0, "");
        String maps = read("/proc/self/maps");
        List<Vma> vmas = mm.snapshot();
        String[] lines = maps.split("\n");
        assertEquals(vmas.size(), lines.length, maps);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MAPS_LINE.matcher(lines[i]);
            assertTrue(m.matches(), lines[i]);
            Vma v = vmas.get(i);
            assertEquals(v.start(), Long.parseLong(m.group(1), 16));
            assertEquals(v.end(), Long.parseLong(m.group(2), 16));
            assertEquals(v.permString(), m.group(3));
            assertEquals(v.name(), m.group(9) == null ? "" : m.group(9));
            if (!v.name().isEmpty()) assertEquals(73, lines[i].indexOf(v.name()), "name column: " + lines[i]);
        }
        assertTrue(maps.contains(" [heap]\n") && maps.contains(" [stack]\n"));
        List<String> stat = statFields(read("/proc/self/stat"));
        assertEquals(Long.toString(0x10000), stat.get(25)); // startcode
        assertEquals(Long.toString(0x13000), stat.get(26)); // endcode
        assertEquals(Long.toString(0x14000), stat.get(46)); // start_brk
        String[] statm = read("/proc/self/statm").strip().split(" ");
        assertEquals(7, statm.length);
        long pages = 0;
        for (Vma v : vmas) pages += (v.end() - v.start()) >> 12;
        assertEquals(Long.toString(pages), statm[0]);
        assertEquals("3", statm[3]); // text
    }

    @Test
    void zombieThenGone() throws Exception {
        Process c = k.newProcess(p, new AddressSpace(k.memory()), new FdTable());
        k.newTask(c, true);
        String dir = "/proc/" + c.pid;
        assertTrue(list("/proc").contains(Integer.toString(c.pid)));
        assertEquals("prog\0-x\0two words\0", read(dir + "/cmdline"));
        Exit.exitGroup(c, Exit.exited(3));
        assertEquals(Process.Status.ZOMBIE, c.status());
        List<String> f = statFields(read(dir + "/stat").strip());
        assertEquals(52, f.size());
        assertEquals("Z", f.get(2));
        assertEquals(Integer.toString(p.pid), f.get(3));
        assertEquals(Integer.toString(3 << 8), f.get(51)); // exit_code
        assertEquals("", read(dir + "/cmdline"));
        assertEquals("", read(dir + "/maps"));
        assertTrue(read(dir + "/status").contains("\nState:\tZ (zombie)\n"));
        assertFalse(read(dir + "/status").contains("VmSize"));
        fails(Errno.ENOENT, () -> vfs.readlink(p, Vfs.AT_FDCWD, dir + "/exe"));
        assertEquals(List.of(".", ".."), list(dir + "/fd"));
        Exit.reap(p, c);
        fails(Errno.ENOENT, () -> read(dir + "/stat"));
        assertFalse(list("/proc").contains(Integer.toString(c.pid)));
    }

    @Test
    void fdLinksReopen() throws Exception {
        vfs.mkdir(p, Vfs.AT_FDCWD, "/tmp/d", 0755);
        OpenFile file = vfs.open(p, Vfs.AT_FDCWD, "/tmp/d/f", OpenFile.O_RDWR | OpenFile.O_CREAT, 0644);
        file.write(null, "content".getBytes(), 0, 7);
        int fd = p.files.install(file, 3, true, 1024);
        assertEquals("/tmp/d/f", vfs.readlink(p, Vfs.AT_FDCWD, "/proc/self/fd/" + fd));
        assertEquals("/tmp/d/f", vfs.readlink(p, Vfs.AT_FDCWD, "/dev/fd/" + fd));
        assertEquals("content", read("/proc/self/fd/" + fd));
        assertEquals("pos:\t7\nflags:\t02100002\nmnt_id:\t" + ((InodeFile) file).at.mount().id + "\nino:\t"
                + vfs.stat(p, Vfs.AT_FDCWD, "/tmp/d/f", 0).ino + "\n", read("/proc/self/fdinfo/" + fd));
        assertEquals(StatBuf.S_IFLNK | 0700, vfs.stat(p, Vfs.AT_FDCWD, "/proc/self/fd/" + fd, Vfs.AT_SYMLINK_NOFOLLOW).mode);
        Pipe pipe = new Pipe(k, 77, 0);
        int r = p.files.install(pipe.readEnd(), 0, false, 1024), w = p.files.install(pipe.writeEnd(), 0, false, 1024);
        assertEquals("pipe:[77]", vfs.readlink(p, Vfs.AT_FDCWD, "/proc/self/fd/" + w));
        assertEquals(List.of(".", "..", "0", "1", "3"), list("/proc/self/fd")); // no hidden names listed
        assertSame(pipe.writeEnd(), vfs.open(p, Vfs.AT_FDCWD, "/proc/self/fd/" + w, OpenFile.O_WRONLY, 0));
        assertSame(pipe.readEnd(), vfs.open(p, Vfs.AT_FDCWD, "/dev/fd/" + w, OpenFile.O_RDONLY, 0));
        assertEquals(StatBuf.S_IFIFO, vfs.stat(p, Vfs.AT_FDCWD, "/proc/self/fd/" + r, 0).mode & StatBuf.S_IFMT);
        p.files.close(fd);
        fails(Errno.ENOENT, () -> vfs.readlink(p, Vfs.AT_FDCWD, "/proc/self/fd/" + fd));
    }

    @Test
    void inodeNumbersAreStable() throws Exception {
        StatBuf a = vfs.stat(p, Vfs.AT_FDCWD, "/proc/self/status", 0);
        StatBuf b = vfs.stat(p, Vfs.AT_FDCWD, "/proc/" + p.pid + "/status", 0);
        StatBuf c = vfs.stat(p, Vfs.AT_FDCWD, "/proc/self/stat", 0);
        assertEquals(a.ino, b.ino);
        assertNotEquals(a.ino, c.ino);
        assertEquals(0, a.size);
        assertEquals(StatBuf.S_IFREG | 0444, a.mode);
        assertEquals(StatBuf.S_IFDIR | 0555, vfs.stat(p, Vfs.AT_FDCWD, "/proc/self", 0).mode);
        assertEquals(StatBuf.S_IFLNK | 0777, vfs.stat(p, Vfs.AT_FDCWD, "/proc/self", Vfs.AT_SYMLINK_NOFOLLOW).mode);
        assertEquals(Procfs.PROC_SUPER_MAGIC, vfs.statfs(p, "/proc/uptime").type);
    }

    @Test
    void writesAndNames() throws Exception {
        OpenFile f = vfs.open(p, Vfs.AT_FDCWD, "/proc/self/stat", OpenFile.O_WRONLY, 0); // root may open
        assertEquals(-Errno.EINVAL, f.write(null, new byte[1], 0, 1));
        OpenFile u = vfs.open(p, Vfs.AT_FDCWD, "/proc/uptime", OpenFile.O_RDWR, 0);
        assertEquals(-Errno.EIO, u.write(null, new byte[1], 0, 1));
        assertEquals(-Errno.EINVAL, u.seek(0, RegularFile.SEEK_END));
        OpenFile comm = vfs.open(p, Vfs.AT_FDCWD, "/proc/self/comm", OpenFile.O_WRONLY, 0);
        assertEquals(7, comm.write(null, "renamed".getBytes(), 0, 7));
        assertEquals("renamed\n", read("/proc/self/comm"));
        assertEquals("renamed", statFields(read("/proc/self/stat")).get(1));
        fails(Errno.ENOENT, () -> vfs.mkdir(p, Vfs.AT_FDCWD, "/proc/x", 0755));
        fails(Errno.ENOENT, () -> vfs.open(p, Vfs.AT_FDCWD, "/proc/x", OpenFile.O_CREAT | OpenFile.O_WRONLY, 0644));
        fails(Errno.EPERM, () -> vfs.unlink(p, Vfs.AT_FDCWD, "/proc/meminfo", 0));
        fails(Errno.EPERM, () -> vfs.chmod(p, Vfs.AT_FDCWD, "/proc/meminfo", 0600, 0));
        fails(Errno.ENOENT, () -> read("/proc/0/stat"));
        fails(Errno.ENOENT, () -> read("/proc/0" + p.pid + "/stat")); // no leading zeros
        // Another user may read stat but not maps, environ or the exe link (ptrace access).
        Process other = k.newProcess(k.init(), new AddressSpace(k.memory()), new FdTable());
        other.setCredentials(dev.javix.kernel.proc.Credentials.of(1000, 1000));
        Task.setCurrent(k.newTask(other, true));
        read("/proc/" + p.pid + "/stat");
        fails(Errno.EACCES, () -> vfs.open(other, Vfs.AT_FDCWD, "/proc/" + p.pid + "/maps", OpenFile.O_RDONLY, 0));
        fails(Errno.EACCES, () -> vfs.open(other, Vfs.AT_FDCWD, "/proc/" + p.pid + "/environ", OpenFile.O_RDONLY, 0));
        fails(Errno.EACCES, () -> vfs.readlink(other, Vfs.AT_FDCWD, "/proc/" + p.pid + "/exe"));
    }

    @Test
    void kernelFiles() throws Exception {
        List<String> names = list("/proc");
        assertTrue(names.containsAll(List.of("self", "thread-self", "meminfo", "uptime", "loadavg", "stat", "cpuinfo",
                "version", "filesystems", "mounts", "sys", "1", Integer.toString(p.pid))), names.toString());
        String meminfo = read("/proc/meminfo");
        assertTrue(meminfo.startsWith("MemTotal:          65536 kB\nMemFree:  "), meminfo);
        assertTrue(read("/proc/uptime").matches("\\d+\\.\\d\\d \\d+\\.\\d\\d\n"));
        assertTrue(read("/proc/loadavg").matches("0\\.00 0\\.00 0\\.00 1/1 \\d+\n"), read("/proc/loadavg"));
        String stat = read("/proc/stat");
        assertTrue(stat.startsWith("cpu  ") && stat.contains("\ncpu1 ") && stat.contains("\nbtime ")
                && stat.contains("\nprocesses ") && stat.contains("\nprocs_running "), stat);
        String cpuinfo = read("/proc/cpuinfo");
        assertTrue(cpuinfo.startsWith("processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc") && cpuinfo.contains("processor\t: 1\n")
                && cpuinfo.contains("mmu\t\t: sv39\n"), cpuinfo);
        assertTrue(read("/proc/version").startsWith("Linux version 6.6.0-javix "));
        assertEquals("Linux\n", read("/proc/sys/kernel/ostype"));
        assertEquals("6.6.0-javix\n", read("/proc/sys/kernel/osrelease"));
        assertEquals("javix\n", read("/proc/sys/kernel/hostname"));
        assertEquals("4194304\n", read("/proc/sys/kernel/pid_max"));
        assertEquals(k.config().maxTasks() + "\n", read("/proc/sys/kernel/threads-max"));
        String mounts = read("/proc/mounts");
        assertTrue(mounts.startsWith("hostfs / hostfs ro,relatime 0 0\n") && mounts.contains("\ntmpfs /tmp tmpfs rw,relatime 0 0\n")
                && mounts.contains("\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"), mounts);
        String limits = read("/proc/self/limits");
        assertTrue(limits.startsWith("Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max cpu time              unlimited            unlimited            seconds   \n"), limits);
        assertTrue(limits.contains("\nMax open files            1024                 1048576              files     \n"));
        assertTrue(limits.contains("\nMax nice priority         0                    0                    \n"));
        assertTrue(read("/proc/filesystems").contains("nodev\tproc\n"));
        assertEquals(List.of(".", "..", Integer.toString(t.tid)), list("/proc/self/task"));
        assertEquals(52, statFields(read("/proc/self/task/" + t.tid + "/stat").strip()).size());
    }

    /** The guest test's Linux-only part (what qemu cannot show) under javix: see guest/tests/proc_fs.c. */
    @Test
    void guestLinuxOnlyChecks() throws Exception {
        Path program = GuestRun.target().resolve("guest/tests/proc_fs");
        assumeTrue(Files.isExecutable(program), "guest/tests/proc_fs not built");
        GuestRun.Result r = GuestRun.javix(program, List.of("linux"), new byte[0], List.of("JAVIX_TEST=1"), false);
        assertFalse(r.stdout().contains("FAIL"), r.stdout());
        assertTrue(r.stdout().contains("reexec: argv0=renamed argc=2 comm=exe\nreexec: exe basename=proc_fs\n"), r.stdout());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    }
}
