package dev.javix.kernel.fs;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.ResourceLimits;
import dev.javix.kernel.proc.SignalActions;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.tty.Tty;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The text of the per-process files, in the formats of proc(5) and Linux 6.6's
 * fs/proc/array.c, task_mmu.c, base.c and fd.c: stat, status, statm, maps, limits, cmdline,
 * comm and fdinfo (mounts and mountinfo are {@link ProcfsSystem}'s).
 *
 * <p>Time is counted as javix counts it: one guest instruction is one nanosecond of user time,
 * shown in clock ticks of {@link Procfs#HZ}; system time is 0. What javix does not track
 * (page faults, the initial stack's address, argv's and envp's places) shows as 0, as Linux
 * shows fields a reader may not see.
 */
final class ProcfsPidFiles {
    private ProcfsPidFiles() {}

    /** PF_EXITING of the stat flags field. */
    private static final long PF_EXITING = 0x4;
    /** Capabilities of root in Linux 6.6 (CAP_LAST_CAP = 40): 41 bits. */
    private static final long CAP_FULL = (1L << 41) - 1;

    /** True once p is a zombie or dying: no memory, no files, no exe. */
    static boolean dead(Process p) {
        return p.status() != Process.Status.RUNNING || p.exiting();
    }

    /**
     * What a pid directory describes: the thread group p (thread false, id = pid) or one of its
     * threads (thread true, id = tid).
     */
    record Subject(Procfs fs, Process p, int id, boolean thread) {
        /** The task described: the thread, or the group's leader (else its first thread); null if none is left. */
        Task task() {
            Kernel k = fs.kernel;
            Task t = k == null ? null : k.task(thread ? id : p.pid);
            if (t != null && t.process == p) return t;
            if (thread) return null;
            List<Task> ts = p.threads();
            return ts.isEmpty() ? null : ts.get(0);
        }

        /** The name: the thread's own in a task directory, else the process's (its main thread's). */
        String name() {
            Task t = thread ? task() : null;
            return t != null ? t.comm() : p.comm();
        }

        byte[] comm() {
            return ProcfsNode.bytes(name() + "\n");
        }

        /**
         * Writing comm renames the thread described (the main thread for /proc/[pid]/comm), from
         * within its thread group only (EINVAL otherwise), up to 15 bytes (comm_write).
         */
        long setComm(byte[] data) {
            Task me = fs.current();
            Task t = task();
            if (me == null || me.process != p || t == null) return -Errno.EINVAL;
            int n = Math.min(data.length, 15);
            for (int i = 0; i < n; i++) {
                if (data[i] == 0) {
                    n = i;
                    break;
                }
            }
            t.setComm(new String(data, 0, n, StandardCharsets.UTF_8));
            return data.length;
        }

        ProcfsNode.Source source(ProcfsPid.Entry e) {
            return switch (e) {
                case CMDLINE -> () -> cmdline(p);
                case ENVIRON -> () -> {
                    fs.checkInspect(p);
                    return new byte[0]; // the environment's place in memory is not tracked
                };
                case LIMITS -> () -> limits(p);
                case MAPS -> () -> {
                    fs.checkInspect(p);
                    return maps(fs, p);
                };
                case MOUNTINFO -> () -> ProcfsSystem.mountinfo(fs);
                case MOUNTS -> () -> ProcfsSystem.mounts(fs);
                case STAT -> () -> stat(this);
                case STATM -> () -> statm(p);
                case STATUS -> () -> status(this);
                default -> () -> new byte[0];
            };
        }
    }

    // ------------------------------------------------------------------ state

    /** The state letter of proc(5): R, S, T, Z (and X for a thread that is gone). */
    static char state(Subject s) {
        Process p = s.p();
        if (p.status() != Process.Status.RUNNING) return 'Z';
        Task t = s.task();
        if (t == null) return p.threads().isEmpty() && !p.exiting() ? 'S' : 'Z';
        if (p.stopped()) return 'T';
        return switch (t.state()) {
            case RUNNABLE, RUNNING -> 'R';
            case SLEEPING -> 'S';
            case STOPPED -> 'T';
            case DEAD -> p.exiting() ? 'Z' : 'X';
        };
    }

    static String stateName(char c) {
        return switch (c) {
            case 'R' -> "R (running)";
            case 'S' -> "S (sleeping)";
            case 'T' -> "T (stopped)";
            case 'Z' -> "Z (zombie)";
            default -> "X (dead)";
        };
    }

    // ------------------------------------------------------------------ memory

    /** What /proc tells about an address space: sizes in bytes, rss in pages, and the program's places. */
    record Mem(List<Vma> vmas, long vsize, long rss, long stack, long exe, long lib, long data, long startCode,
            long endCode, long startData, long endData, long startBrk) {
        static final Mem NONE = new Mem(List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The label maps shows for a VMA: its name, or its object's. */
    static String label(Vma v) {
        if (!v.name().isEmpty()) return v.name();
        return v.object() != null ? v.object().label() : "";
    }

    static Mem mem(Process p) {
        AddressSpace mm = dead(p) ? null : p.mm();
        if (mm == null) return Mem.NONE;
        List<Vma> vmas = mm.snapshot();
        String exePath = p.exePath();
        long vsize = 0, stack = 0, exe = 0, lib = 0, data = 0;
        long startCode = 0, endCode = 0, startData = 0, endData = 0, startBrk = 0, exeEnd = 0;
        for (Vma v : vmas) {
            long size = v.end() - v.start();
            vsize += size;
            String name = label(v);
            boolean x = (v.prot() & Vma.EXEC) != 0, w = (v.prot() & Vma.WRITE) != 0;
            boolean isExe = !exePath.isEmpty() && name.equals(exePath);
            if (name.equals("[stack]")) stack += size;
            else if (w && !v.shared()) data += size;
            if (isExe) exeEnd = Math.max(exeEnd, v.end());
            if (x && isExe) {
                exe += size;
                if (startCode == 0) startCode = v.start();
                endCode = v.end();
            } else if (x && name.startsWith("/")) {
                lib += size;
            }
            if (w && isExe) {
                if (startData == 0) startData = v.start();
                endData = v.end();
            }
            if (name.equals("[heap]") && startBrk == 0) startBrk = v.start();
        }
        if (startBrk == 0) startBrk = exeEnd;
        return new Mem(vmas, vsize, mm.residentPages(), stack, exe, lib, data, startCode, endCode, startData, endData,
                startBrk);
    }

    // ------------------------------------------------------------------ stat, statm

    /** /proc/[pid]/stat: the 52 fields of proc(5), one line. */
    static byte[] stat(Subject s) {
        Process p = s.p();
        Task t = s.task();
        char state = state(s);
        boolean dead = dead(p);
        Mem m = mem(p);
        long instr = s.thread() ? (t == null ? 0 : t.hart.instret) : p.instructions();
        long cinstr = s.thread() ? 0 : p.childrenInstructions();
        long[] sig = signalSets(p);
        boolean leader = !s.thread() || s.id() == p.pid;
        StringBuilder b = new StringBuilder(256);
        b.append(s.id()).append(" (").append(s.name()).append(") ").append(state);
        long[] tty = terminal(s.fs(), p);
        put(b, p.ppid(), p.pgid(), p.sid(), tty[0], tty[1],
                dead ? PF_EXITING : 0, 0, 0, 0, 0 /* page faults */, ticks(instr), 0, ticks(cinstr), 0,
                20 + p.nice(), p.nice(), threads(p), 0 /* itrealvalue */, p.startNanos() / Procfs.NS_PER_TICK,
                m.vsize(), m.rss());
        b.append(' ').append(Long.toUnsignedString(p.limits.soft(ResourceLimits.RSS)));
        long blocked = t == null ? 0 : t.signalMask;
        long pending = t == null ? 0 : t.pending.bits();
        put(b, m.startCode(), m.endCode(), 0 /* startstack */, 0, 0 /* kstkesp, kstkeip */,
                pending & 0x7fffffffL, blocked & 0x7fffffffL, sig[0] & 0x7fffffffL, sig[1] & 0x7fffffffL,
                state == 'R' ? 0 : 1 /* wchan */, 0, 0, leader ? p.exitSignal() : -1, 0 /* processor */, 0, 0, 0, 0, 0,
                m.startData(), m.endData(), m.startBrk(), 0, 0, 0, 0 /* arg and env places */,
                p.status() == Process.Status.ZOMBIE ? p.waitStatus() : 0);
        b.append('\n');
        return ProcfsNode.bytes(b);
    }

    /**
     * stat's tty_nr and tpgid: the device number of p's controlling terminal and its
     * foreground process group, or 0 and -1 without one (proc(5)). The console is the only
     * terminal that can be a controlling terminal.
     */
    private static long[] terminal(Procfs fs, Process p) {
        if (fs.kernel == null || !p.hasControllingTty()) return new long[] {0, -1};
        Tty t = Tty.console(fs.kernel);
        if (!t.isControllingTerminalOf(p)) return new long[] {0, -1};
        int fg = t.foregroundPgrp();
        return new long[] {t.rdev(), fg == 0 ? -1 : fg};
    }

    private static void put(StringBuilder b, long... values) {
        for (long v : values) b.append(' ').append(v);
    }

    /** Instructions (1 ns each) in clock ticks. */
    static long ticks(long instructions) {
        return instructions / Procfs.NS_PER_TICK;
    }

    private static int threads(Process p) {
        return dead(p) ? 1 : Math.max(1, p.threads().size());
    }

    /** {ignored, caught} signal sets from the dispositions, bit sig-1 for sig. */
    private static long[] signalSets(Process p) {
        long ign = 0, cgt = 0;
        for (int sig = 1; sig <= SignalActions.NSIG; sig++) {
            long h = p.signalActions.handler(sig);
            if (h == SignalActions.SIG_IGN) ign |= 1L << (sig - 1);
            else if (h != SignalActions.SIG_DFL) cgt |= 1L << (sig - 1);
        }
        return new long[] {ign, cgt};
    }

    /** /proc/[pid]/statm: size resident shared text lib data dt, in pages. */
    static byte[] statm(Process p) {
        Mem m = mem(p);
        return ProcfsNode.bytes(m.vsize() / Page.SIZE + " " + m.rss() + " 0 " + m.exe() / Page.SIZE + " 0 "
                + (m.data() + m.stack()) / Page.SIZE + " 0\n");
    }

    // ------------------------------------------------------------------ status

    /** /proc/[pid]/status: the human-readable summary, Linux 6.6's keys in Linux's order. */
    static byte[] status(Subject s) {
        Process p = s.p();
        Task t = s.task();
        char state = state(s);
        boolean dead = dead(p);
        Credentials c = p.credentials();
        StringBuilder b = new StringBuilder(1024);
        b.append("Name:\t").append(s.name().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        if (!dead) b.append("Umask:\t").append(String.format(Locale.ROOT, "%04o", p.umask())).append('\n');
        b.append("State:\t").append(stateName(state)).append('\n');
        b.append("Tgid:\t").append(p.pid).append('\n');
        b.append("Ngid:\t0\n");
        b.append("Pid:\t").append(s.id()).append('\n');
        b.append("PPid:\t").append(p.ppid()).append('\n');
        b.append("TracerPid:\t0\n");
        b.append("Uid:\t").append(c.uid()).append('\t').append(c.euid()).append('\t').append(c.suid()).append('\t')
                .append(c.euid()).append('\n');
        b.append("Gid:\t").append(c.gid()).append('\t').append(c.egid()).append('\t').append(c.sgid()).append('\t')
                .append(c.egid()).append('\n');
        b.append("FDSize:\t").append(dead ? 0 : fdSize(p.files.size())).append('\n');
        b.append("Groups:\t \n"); // supplementary groups are not modelled; Linux's trailing space
        b.append("NStgid:\t").append(p.pid).append('\n');
        b.append("NSpid:\t").append(s.id()).append('\n');
        b.append("NSpgid:\t").append(p.pgid()).append('\n');
        b.append("NSsid:\t").append(p.sid()).append('\n');
        if (!dead && p.mm() != null) {
            Mem m = mem(p);
            long vmKb = m.vsize() >> 10, rssKb = m.rss() * (Page.SIZE >> 10);
            kb(b, "VmPeak", vmKb);
            kb(b, "VmSize", vmKb);
            kb(b, "VmLck", 0);
            kb(b, "VmPin", 0);
            kb(b, "VmHWM", rssKb);
            kb(b, "VmRSS", rssKb);
            kb(b, "RssAnon", rssKb);
            kb(b, "RssFile", 0);
            kb(b, "RssShmem", 0);
            kb(b, "VmData", m.data() >> 10);
            kb(b, "VmStk", m.stack() >> 10);
            kb(b, "VmExe", m.exe() >> 10);
            kb(b, "VmLib", m.lib() >> 10);
            kb(b, "VmPTE", (m.rss() + 511) / 512 * (Page.SIZE >> 10));
            kb(b, "VmSwap", 0);
            kb(b, "HugetlbPages", 0);
            b.append("CoreDumping:\t0\nTHP_enabled:\t1\n");
        }
        long[] sig = signalSets(p);
        long shared = p.pending.bits();
        long own = t == null ? 0 : t.pending.bits();
        b.append("Threads:\t").append(threads(p)).append('\n');
        b.append("SigQ:\t").append(Long.bitCount(shared | own)).append('/')
                .append(Long.toUnsignedString(p.limits.soft(ResourceLimits.SIGPENDING))).append('\n');
        hex(b, "SigPnd", own);
        hex(b, "ShdPnd", shared);
        hex(b, "SigBlk", t == null ? 0 : t.signalMask);
        hex(b, "SigIgn", sig[0]);
        hex(b, "SigCgt", sig[1]);
        long caps = c.euid() == 0 ? CAP_FULL : 0;
        hex(b, "CapInh", 0);
        hex(b, "CapPrm", caps);
        hex(b, "CapEff", caps);
        hex(b, "CapBnd", CAP_FULL);
        hex(b, "CapAmb", 0);
        b.append("NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
        b.append("Speculation_Store_Bypass:\tunknown\nSpeculationIndirectBranch:\tunknown\n");
        int cpus = s.fs().kernel == null ? 1 : s.fs().kernel.scheduler().cpuCount();
        long allowed = (t == null ? -1L : t.affinity) & (cpus >= 64 ? -1L : (1L << cpus) - 1);
        b.append("Cpus_allowed:\t").append(cpuMask(allowed, cpus)).append('\n');
        b.append("Cpus_allowed_list:\t").append(cpuList(allowed)).append('\n');
        b.append("Mems_allowed:\t1\nMems_allowed_list:\t0\n");
        b.append("voluntary_ctxt_switches:\t").append(t == null ? 0 : t.voluntaryContextSwitches).append('\n');
        b.append("nonvoluntary_ctxt_switches:\t").append(t == null ? 0 : t.nonvoluntaryContextSwitches).append('\n');
        return ProcfsNode.bytes(b);
    }

    private static void kb(StringBuilder b, String key, long kb) {
        b.append(key).append(":\t").append(String.format(Locale.ROOT, "%8d", kb)).append(" kB\n");
    }

    private static void hex(StringBuilder b, String key, long v) {
        b.append(key).append(":\t").append(String.format(Locale.ROOT, "%016x", v)).append('\n');
    }

    /** The fd table's capacity as Linux grows it: 64, then powers of two. */
    static int fdSize(int used) {
        int n = 64;
        while (n < used) n <<= 1;
        return n;
    }

    /**
     * A CPU bitmap of cpus bits as %*pb prints it: hex in 32-bit groups, most significant first,
     * comma-separated, the first group as wide as its bits need. (Affinity masks hold 64 CPUs.)
     */
    static String cpuMask(long bits, int cpus) {
        StringBuilder b = new StringBuilder();
        for (int group = (cpus - 1) / 32; group >= 0; group--) {
            int width = Math.min(32, cpus - group * 32);
            long word = group >= 2 ? 0 : (bits >>> (32 * group)) & 0xffffffffL;
            String h = Long.toHexString(word);
            int digits = b.length() == 0 ? (width + 3) / 4 : 8;
            if (b.length() > 0) b.append(',');
            b.append("0".repeat(Math.max(0, digits - h.length()))).append(h);
        }
        return b.toString();
    }

    /** A CPU set as %*pbl prints it: "0-3,6". */
    static String cpuList(long bits) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            if ((bits & (1L << i)) == 0) continue;
            int j = i;
            while (j + 1 < 64 && (bits & (1L << (j + 1))) != 0) j++;
            if (b.length() > 0) b.append(',');
            b.append(i);
            if (j > i) b.append('-').append(j);
            i = j;
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ maps

    /**
     * /proc/[pid]/maps: {@code start-end perms offset major:minor inode} and, for a named area,
     * the name in column 73 (show_map_vma pads to 25 + 6 * sizeof(void *) - 1 then a space).
     */
    static byte[] maps(Procfs fs, Process p) {
        Mem m = mem(p);
        StringBuilder b = new StringBuilder(m.vmas().size() * 96);
        for (Vma v : m.vmas()) {
            String name = label(v);
            long[] id = name.startsWith("/") ? fileId(fs, name) : null;
            long dev = id == null ? 0 : id[0], ino = id == null ? 0 : id[1];
            int start = b.length();
            b.append(String.format(Locale.ROOT, "%08x-%08x %s %08x %02x:%02x %d ", v.start(), v.end(), v.permString(),
                    v.offset(), major(dev), minor(dev), ino));
            if (!name.isEmpty()) {
                while (b.length() - start < 72) b.append(' ');
                b.append(' ').append(name);
            }
            b.append('\n');
        }
        return ProcfsNode.bytes(b);
    }

    /** {st_dev, st_ino} of the file at a guest path, or null if it is gone. Namespace lock held. */
    private static long[] fileId(Procfs fs, String path) {
        try {
            Location at = new PathWalk(fs.vfs, Vfs.KERNEL).resolve(fs.vfs.rootLocation(), path, true);
            StatBuf st = new StatBuf();
            at.inode().stat(st);
            return new long[] {st.dev, st.ino};
        } catch (FsException | RuntimeException e) {
            return null;
        }
    }

    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    }

    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
    }

    // ------------------------------------------------------------------ the others

    /** /proc/[pid]/cmdline: the arguments, each ending in NUL; empty for a zombie. */
    static byte[] cmdline(Process p) {
        if (dead(p)) return new byte[0];
        StringBuilder b = new StringBuilder();
        for (String a : p.cmdline()) b.append(a).append('\0');
        return ProcfsNode.bytes(b);
    }

    private static final String[][] LIMITS = {
        {"Max cpu time", "seconds"}, {"Max file size", "bytes"}, {"Max data size", "bytes"},
        {"Max stack size", "bytes"}, {"Max core file size", "bytes"}, {"Max resident set", "bytes"},
        {"Max processes", "processes"}, {"Max open files", "files"}, {"Max locked memory", "bytes"},
        {"Max address space", "bytes"}, {"Max file locks", "locks"}, {"Max pending signals", "signals"},
        {"Max msgqueue size", "bytes"}, {"Max nice priority", null}, {"Max realtime priority", null},
        {"Max realtime timeout", "us"}};

    /** /proc/[pid]/limits: the table of proc_pid_limits, in ResourceLimits' (RLIMIT_*) order. */
    static byte[] limits(Process p) {
        StringBuilder b = new StringBuilder(1400);
        b.append(String.format(Locale.ROOT, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units"));
        for (int r = 0; r < LIMITS.length; r++) {
            b.append(String.format(Locale.ROOT, "%-25s %-20s %-20s ", LIMITS[r][0], limit(p.limits.soft(r)),
                    limit(p.limits.hard(r))));
            if (LIMITS[r][1] != null) b.append(String.format(Locale.ROOT, "%-10s", LIMITS[r][1]));
            b.append('\n');
        }
        return ProcfsNode.bytes(b);
    }

    private static String limit(long v) {
        return v == ResourceLimits.INFINITY ? "unlimited" : Long.toUnsignedString(v);
    }

    /**
     * /proc/[pid]/fdinfo/N: pos, flags (octal, with O_CLOEXEC of the fd), mnt_id, ino, then what
     * the file adds ({@link OpenFile#fdinfo}: an epoll's "tfd: … events: … data: …" lines).
     */
    static byte[] fdinfo(Process p, int fd) throws FsException {
        OpenFile f = dead(p) ? null : p.files.get(fd);
        if (f == null) throw new FsException(Errno.ENOENT);
        long pos;
        synchronized (f) {
            pos = f.offset;
        }
        int flags = f.flags();
        int mnt = 0;
        if (f instanceof InodeFile nf) {
            flags |= OpenFile.O_LARGEFILE; // open(2) forces it on 64-bit kernels
            mnt = nf.at.mount().id;
        }
        if (p.files.closeOnExec(fd)) flags |= OpenFile.O_CLOEXEC;
        StatBuf st = new StatBuf();
        long ino = f.stat(st) < 0 ? 0 : st.ino;
        return ProcfsNode.bytes("pos:\t" + pos + "\nflags:\t0" + Integer.toOctalString(flags) + "\nmnt_id:\t" + mnt
                + "\nino:\t" + ino + "\n" + f.fdinfo());
    }
}
