package dev.javix.kernel.fs;

import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.Page;
import java.util.List;
import java.util.Locale;

/**
 * The kernel-wide files of /proc, in Linux 6.6's formats: meminfo (from the kernel's
 * MemoryAccount: --memory is the machine's RAM, no swap), uptime, loadavg, stat, cpuinfo
 * (RISC-V style, one entry per virtual CPU), version, filesystems, the sysctl values under
 * /proc/sys/kernel, and the mount table as /proc/[pid]/mounts and mountinfo show it.
 *
 * <p>CPU time is javix's: user time is instructions retired at one nanosecond each, system and
 * I/O wait time 0, idle the rest of each virtual CPU's uptime. Load averages are the
 * scheduler's ({@code LoadAverage}: Linux's calc_load every 5 seconds).
 */
final class ProcfsSystem {
    private ProcfsSystem() {}

    /** The files of /proc/sys/kernel. */
    static final List<String> SYS_KERNEL = List.of("domainname", "hostname", "ngroups_max", "osrelease", "ostype",
            "pid_max", "threads-max", "version", "msgmax", "msgmnb", "msgmni", "sem", "shmall", "shmmax", "shmmni");

    /** Linux's PID_MAX_LIMIT on 64-bit machines, the default pid_max of large systems. */
    static final int PID_MAX = 4194304;

    /** The generator of a file in /proc's root (cpuinfo, meminfo, …). */
    static ProcfsNode.Source generator(Procfs fs, String name) {
        return switch (name) {
            case "cpuinfo" -> () -> ProcfsNode.bytes(cpuinfo(fs));
            case "filesystems" -> () -> ProcfsNode.bytes("nodev\ttmpfs\nnodev\tdevtmpfs\nnodev\tproc\nnodev\tpipefs\n"
                    + "\thostfs\n");
            case "loadavg" -> () -> ProcfsNode.bytes(loadavg(fs));
            case "meminfo" -> () -> ProcfsNode.bytes(meminfo(fs));
            case "stat" -> () -> ProcfsNode.bytes(stat(fs));
            case "uptime" -> () -> ProcfsNode.bytes(uptime(fs));
            case "version" -> () -> ProcfsNode.bytes("Linux version " + Procfs.RELEASE + " (javix@javix) (javix) "
                    + Procfs.VERSION + "\n");
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The generator of /proc/sys/kernel/name. */
    static ProcfsNode.Source sysKernel(Procfs fs, String name) {
        String value = switch (name) {
            case "domainname" -> "(none)";
            case "hostname" -> Procfs.HOSTNAME;
            case "ngroups_max" -> "65536";
            case "osrelease" -> Procfs.RELEASE;
            case "ostype" -> Procfs.OSTYPE;
            case "pid_max" -> Integer.toString(PID_MAX);
            case "threads-max" -> fs.kernel == null ? "0" : Integer.toString(fs.kernel.config().maxTasks());
            case "version" -> Procfs.VERSION;
            default -> { // the System V IPC limits (msgmax, sem, shmmax, …)
                String ipc = dev.javix.kernel.ipc.IpcLimits.sysctl(name);
                if (ipc == null) throw new IllegalArgumentException(name);
                yield ipc.substring(0, ipc.length() - 1);
            }
        };
        byte[] text = ProcfsNode.bytes(value + "\n");
        return () -> text;
    }

    private static int cpus(Procfs fs) {
        return fs.kernel == null ? 1 : fs.kernel.scheduler().cpuCount();
    }

    /** Every task of every live process. */
    private static int[] taskCounts(Procfs fs) {
        int running = 0, total = 0;
        for (Process p : fs.processes()) {
            for (Task t : p.threads()) {
                total++;
                Task.State s = t.state();
                if (s == Task.State.RUNNING || s == Task.State.RUNNABLE) running++;
            }
        }
        return new int[] {running, total};
    }

    /** The highest pid or tid in use: loadavg's "last pid" and stat's "processes" (forks since boot). */
    private static int lastPid(Procfs fs) {
        int last = 0;
        for (Process p : fs.processes()) {
            last = Math.max(last, p.pid);
            for (Task t : p.threads()) last = Math.max(last, t.tid);
        }
        return last;
    }

    /** User CPU time of everything ever run, in instructions: live processes plus what reaped ones left their parents. */
    private static long totalInstructions(Procfs fs) {
        long n = 0;
        for (Process p : fs.processes()) n += p.instructions() + p.childrenInstructions();
        return n;
    }

    // ------------------------------------------------------------------ the files

    static String uptime(Procfs fs) {
        long up = fs.clock.monotonicNanos();
        long idle = Math.max(0, up * cpus(fs) - totalInstructions(fs));
        return centis(up) + " " + centis(idle) + "\n";
    }

    /** Seconds with two decimals, truncated as Linux's uptime_proc_show does. */
    private static String centis(long nanos) {
        long c = nanos / 10_000_000L;
        return c / 100 + "." + String.format(Locale.ROOT, "%02d", c % 100);
    }

    static String loadavg(Procfs fs) {
        int[] n = taskCounts(fs);
        String averages = fs.kernel == null ? "0.00 0.00 0.00" : fs.kernel.scheduler().loadAverage().format();
        return averages + " " + n[0] + "/" + n[1] + " " + lastPid(fs) + "\n";
    }

    static String meminfo(Procfs fs) {
        long kbPerPage = Page.SIZE >> 10;
        long total = fs.memory.limitPages() * kbPerPage;
        long used = Math.min(total, fs.memory.usedPages() * kbPerPage);
        long free = total - used;
        StringBuilder b = new StringBuilder(1600);
        Object[][] rows = {
            {"MemTotal", total}, {"MemFree", free}, {"MemAvailable", free}, {"Buffers", 0L}, {"Cached", 0L},
            {"SwapCached", 0L}, {"Active", used}, {"Inactive", 0L}, {"Active(anon)", used}, {"Inactive(anon)", 0L},
            {"Active(file)", 0L}, {"Inactive(file)", 0L}, {"Unevictable", 0L}, {"Mlocked", 0L}, {"SwapTotal", 0L},
            {"SwapFree", 0L}, {"Zswap", 0L}, {"Zswapped", 0L}, {"Dirty", 0L}, {"Writeback", 0L}, {"AnonPages", used},
            {"Mapped", 0L}, {"Shmem", 0L}, {"KReclaimable", 0L}, {"Slab", 0L}, {"SReclaimable", 0L},
            {"SUnreclaim", 0L}, {"KernelStack", 0L}, {"PageTables", 0L}, {"SecPageTables", 0L},
            {"NFS_Unstable", 0L}, {"Bounce", 0L}, {"WritebackTmp", 0L}, {"CommitLimit", total},
            {"Committed_AS", used}, {"VmallocTotal", 67108863L}, {"VmallocUsed", 0L}, {"VmallocChunk", 0L},
            {"Percpu", 0L}};
        for (Object[] r : rows) b.append(String.format(Locale.ROOT, "%-16s%8d kB\n", r[0] + ":", (Long) r[1]));
        b.append("HugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\n"
                + "HugePages_Surp:        0\nHugepagesize:       2048 kB\nHugetlb:               0 kB\n");
        return b.toString();
    }

    /** /proc/stat: CPU time per CPU in ticks (user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice). */
    static String stat(Procfs fs) {
        int cpus = cpus(fs);
        long upTicks = fs.clock.monotonicNanos() / Procfs.NS_PER_TICK;
        long user = ProcfsPidFiles.ticks(totalInstructions(fs));
        long userEach = user / cpus;
        long idleEach = Math.max(0, upTicks - userEach);
        StringBuilder b = new StringBuilder();
        b.append("cpu  ").append(user).append(" 0 0 ").append(idleEach * cpus).append(" 0 0 0 0 0 0\n");
        for (int i = 0; i < cpus; i++) {
            b.append("cpu").append(i).append(' ').append(userEach).append(" 0 0 ").append(idleEach)
                    .append(" 0 0 0 0 0 0\n");
        }
        long switches = 0;
        for (Process p : fs.processes()) {
            for (Task t : p.threads()) switches += t.voluntaryContextSwitches + t.nonvoluntaryContextSwitches;
        }
        int[] n = taskCounts(fs);
        b.append("intr 0\nctxt ").append(switches).append('\n');
        b.append("btime ").append(Math.floorDiv(fs.bootRealtime, 1_000_000_000L)).append('\n');
        b.append("processes ").append(lastPid(fs)).append('\n');
        b.append("procs_running ").append(n[0]).append('\n');
        b.append("procs_blocked 0\n");
        b.append("softirq 0 0 0 0 0 0 0 0 0 0 0\n");
        return b.toString();
    }

    /** /proc/cpuinfo as arch/riscv/kernel/cpu.c prints it, one hart per virtual CPU. */
    static String cpuinfo(Procfs fs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cpus(fs); i++) {
            b.append("processor\t: ").append(i).append('\n');
            b.append("hart\t\t: ").append(i).append('\n');
            b.append("isa\t\t: rv64imafdc_zicsr_zifencei\n");
            b.append("mmu\t\t: sv39\n");
            b.append("mvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n");
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ the mount table

    /** /proc/[pid]/mounts (and /proc/mounts): fstab(5) lines from the mount table. */
    static byte[] mounts(Procfs fs) {
        StringBuilder b = new StringBuilder();
        for (Mount m : fs.vfs.mountList()) {
            b.append(m.fs.type()).append(' ').append(escape(m.path)).append(' ').append(m.fs.type()).append(' ')
                    .append(options(m)).append(" 0 0\n");
        }
        return ProcfsNode.bytes(b);
    }

    /** /proc/[pid]/mountinfo: id, parent id, device, root, mount point, options, "-", type, source, super options. */
    static byte[] mountinfo(Procfs fs) {
        StringBuilder b = new StringBuilder();
        for (Mount m : fs.vfs.mountList()) {
            int parent = m.parent == null ? m.id : m.parent.id;
            b.append(m.id).append(' ').append(parent).append(' ').append(ProcfsPidFiles.major(m.fs.dev)).append(':')
                    .append(ProcfsPidFiles.minor(m.fs.dev)).append(" / ").append(escape(m.path)).append(' ').append(options(m))
                    .append(" - ").append(m.fs.type()).append(' ').append(m.fs.type()).append(' ')
                    .append(m.fs.readOnly() ? "ro" : "rw").append('\n');
        }
        return ProcfsNode.bytes(b);
    }

    private static String options(Mount m) {
        if (m.fs instanceof Procfs) return "rw,nosuid,nodev,noexec,relatime";
        return (m.fs.readOnly() ? "ro" : "rw") + ",relatime";
    }

    /** Mount paths with space, tab, newline and backslash as octal escapes (mangle in proc_namespace.c). */
    static String escape(String path) {
        StringBuilder b = new StringBuilder(path.length());
        for (char ch : path.toCharArray()) {
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\\') b.append(String.format(Locale.ROOT, "\\%03o", (int) ch));
            else b.append(ch);
        }
        return b.toString();
    }
}
