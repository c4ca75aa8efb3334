package dev.javix.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.javix.kernel.KernelConfig;
import dev.javix.testing.GuestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tools whose output comes from javix's /proc and process model, which qemu-riscv64
 * cannot judge (it shows the host's processes): ps, pstree, kill, free, uptime, id, uname,
 * tail -f and the ls -l of the image. guest/programs/tools_scene sets up the processes to look at.
 */
class ProcToolsTest {
    static Path dir;
    static Path scene;

    @BeforeAll
    static void built() {
        assumeTrue(Files.isExecutable(ToolRun.tool("ps")), "the image's tools are not built");
        dir = GuestRun.target().resolve("guest/programs");
        scene = dir.resolve("tools_scene");
        assumeTrue(Files.isExecutable(scene), "guest/programs/tools_scene is not built");
    }

    static GuestRun.Result run(String guestPath, String... args) throws Exception {
        return ToolRun.javix(dir, guestPath, List.of(args));
    }

    static int number(String out, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + " (\\d+)$").matcher(out);
        assertTrue(m.find(), "no '" + key + " N' line in:\n" + out);
        return Integer.parseInt(m.group(1));
    }

    /** The line of ps output for pid (the first column). */
    static String[] psLine(String out, int pid) {
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+", 4);
            if (f[0].equals(Integer.toString(pid))) return f;
        }
        throw new AssertionError("pid " + pid + " is not in:\n" + out);
    }

    @Test
    void psShowsTheZombieAsZAndTheOrphanAdoptedByInit() throws Exception {
        GuestRun.Result r = run(scene.toString(), "scene", "/bin/ps", "-e", "-o", "pid,ppid,stat,cmd");
        assertEquals(0, r.exitCode(), r.stderr());
        int zombie = number(r.stdout(), "zombie"), orphan = number(r.stdout(), "orphan"), me = number(r.stdout(), "scene");
        assertTrue(r.stdout().contains("    PID    PPID STAT COMMAND\n"), r.stdout());
        String[] z = psLine(r.stdout(), zombie);
        assertEquals(Integer.toString(me), z[1], "the zombie's parent");
        assertEquals("Z", z[2], "the zombie's STAT");
        assertEquals("[tools_scene] <defunct>", z[3]);
        String[] o = psLine(r.stdout(), orphan);
        assertEquals("1", o[1], "the orphan's PPID:\n" + r.stdout());
        assertTrue(o[2].startsWith("S"), "the orphan sleeps: " + o[2]);
        String[] init = psLine(r.stdout(), 1);
        assertEquals("0", init[1]);
        assertTrue(init[2].contains("s"), "init leads its session: " + init[2]);
    }

    @Test
    void pstreeDrawsInitsChildren() throws Exception {
        GuestRun.Result r = run(scene.toString(), "scene", "/bin/pstree", "-p");
        assertEquals(0, r.exitCode(), r.stderr());
        int zombie = number(r.stdout(), "zombie"), orphan = number(r.stdout(), "orphan"), me = number(r.stdout(), "scene");
        String tree = r.stdout().substring(r.stdout().indexOf("init(1)"));
        String expected = "init(1)-+-tools_scene(" + me + ")-+-pstree(" + (tree.replaceAll("(?s).*pstree\\((\\d+)\\).*", "$1"))
                + ")\n";
        assertTrue(tree.startsWith(expected), "first line: " + tree);
        assertTrue(tree.contains("`-tools_scene(" + zombie + ")\n"), tree);
        assertTrue(tree.contains("        `-tools_scene(" + orphan + ")\n"), "the orphan hangs off init:\n" + tree);
    }

    @Test
    void killSignalsAProcessGroup() throws Exception {
        GuestRun.Result r = run(scene.toString(), "group", "/bin/kill", "--", "-%G");
        assertEquals("command: exited 0\nfirst: killed by signal 15\nsecond: killed by signal 15\n", r.stdout(), r.stderr());
        r = run(scene.toString(), "group", "/bin/kill", "-s", "HUP", "--", "-%G");
        assertEquals("command: exited 0\nfirst: killed by signal 1\nsecond: killed by signal 1\n", r.stdout(), r.stderr());
        r = run(scene.toString(), "group", "/bin/kill", "-KILL", "-%G");
        assertEquals("command: exited 0\nfirst: killed by signal 9\nsecond: killed by signal 9\n", r.stdout(), r.stderr());
    }

    @Test
    void killStopsAndContinuesAndPsShowsT() throws Exception {
        GuestRun.Result r = run(scene.toString(), "stop");
        assertEquals("after kill -STOP: stopped by signal 19\nT\nafter kill -s CONT: continued\n"
                + "after kill: killed by signal 15\n", r.stdout(), r.stderr());
    }

    @Test
    void psMarksAMultithreadedForegroundProcess() throws Exception {
        GuestRun.Result r = run(scene.toString(), "threads");
        assertEquals("   3 Sl+\n", r.stdout(), "NLWP 3, sleeping, multithreaded, in the foreground: " + r.stderr());
    }

    @Test
    void tailFollowsAGrowingFile() throws Exception {
        GuestRun.Result r = run(scene.toString(), "follow");
        assertEquals("two\nthree\nfour\ntail: killed by signal 15\n", r.stdout(), r.stderr());
    }

    @Test
    void killReportsAMissingProcess() throws Exception {
        GuestRun.Result r = run("/bin/kill", "-0", "99999");
        assertEquals(1, r.exitCode());
        assertEquals("kill: (99999): No such process\n", r.stderr());
        assertEquals(0, run("/bin/kill", "-0", "1").exitCode());
    }

    @Test
    void psDefaultShowsThisTerminalsProcesses() throws Exception {
        GuestRun.Result r = run("/bin/ps");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().matches("    PID TTY          TIME CMD\n(?s).*\\d+ console  00:00:00 ps\n"), r.stdout());
        r = run("/bin/ps", "j");
        assertTrue(r.stdout().contains(" console "), r.stdout());
        assertTrue(r.stdout().matches("(?s).* R\\+ .*/bin/ps j\n"), "ps is in the foreground group: " + r.stdout());
        r = run("/bin/ps", "-p", "99999");
        assertEquals(1, r.exitCode(), "no process selected");
        assertEquals("    PID TTY          TIME CMD\n", r.stdout());
        r = run("/bin/ps", "-o", "nosuchkey");
        assertEquals(1, r.exitCode());
    }

    @Test
    void freeReadsTheMemoryLimit() throws Exception {
        GuestRun.Result r = run("/bin/free");
        assertEquals(0, r.exitCode(), r.stderr());
        String[] lines = r.stdout().split("\n");
        assertEquals("               total        used        free      shared  buff/cache   available", lines[0]);
        String[] mem = lines[1].trim().split("\\s+");
        assertEquals("Mem:", mem[0]);
        assertEquals(Long.toString(KernelConfig.DEFAULT_MEMORY >> 10), mem[1], r.stdout());
        long used = Long.parseLong(mem[2]), free = Long.parseLong(mem[3]);
        assertTrue(used > 0, "some memory is in use: " + r.stdout());
        assertEquals(KernelConfig.DEFAULT_MEMORY >> 10, used + free, "used + free = total when nothing is cached");
        assertEquals("Swap:              0           0           0", lines[2]);
        GuestRun.Result small = ToolRun.javix(dir, "/bin/free", List.of("-m"), new byte[0],
                KernelConfig.defaults(GuestRun.image()).withMemory(256L << 20));
        assertTrue(small.stdout().split("\n")[1].startsWith("Mem:             256 "), small.stdout());
    }

    @Test
    void uptimeAndUnameAndId() throws Exception {
        GuestRun.Result r = run("/bin/uptime");
        assertTrue(r.stdout().matches(" \\d\\d:\\d\\d:\\d\\d up \\d+ min,  \\d users?,  load average: \\d+\\.\\d\\d, \\d+\\.\\d\\d, \\d+\\.\\d\\d\n"),
                r.stdout());
        assertTrue(run("/bin/uptime", "-p").stdout().matches("up \\d+ minutes?\n"));
        assertEquals("Linux javix 6.6.0-javix #1 SMP javix riscv64 GNU/Linux\n", run("/bin/uname", "-a").stdout());
        assertEquals("uid=0(root) gid=0(root) groups=0(root)\n", run("/bin/id").stdout());
        GuestRun.Result user = ToolRun.javix(dir, "/bin/id", List.of(), new byte[0],
                KernelConfig.defaults(GuestRun.image()).withUser(1000, 1000));
        assertEquals("uid=1000(user) gid=1000(user) groups=1000(user)\n", user.stdout(), user.stderr());
        assertEquals("user\n", ToolRun.javix(dir, "/bin/id", List.of("-un"), new byte[0],
                KernelConfig.defaults(GuestRun.image()).withUser(1000, 1000)).stdout());
    }

    @Test
    void lsLongListsTheImagesEtc() throws Exception {
        GuestRun.Result r = run("/bin/ls", "-l", "/etc/passwd", "/proc/self/exe", "/dev/null");
        assertEquals(0, r.exitCode(), r.stderr());
        String[] lines = r.stdout().split("\n");
        assertTrue(lines[0].matches("crw-rw-rw- 1 root root 1, 3 \\w{3} [ \\d]\\d (\\d\\d:\\d\\d| \\d{4}) /dev/null"), lines[0]);
        assertTrue(lines[1].matches("-rw-r--r-- 1 root root +\\d+ .* /etc/passwd"), lines[1]);
        assertTrue(lines[2].matches("lrwxrwxrwx 1 root root +0 .* /proc/self/exe -> /bin/ls"), lines[2]);
    }

    @Test
    void sleepTakesItsTime() throws Exception {
        long t0 = System.nanoTime();
        assertEquals(0, run("/bin/sleep", "0.3").exitCode());
        assertTrue(System.nanoTime() - t0 >= 300_000_000L, "slept less than 0.3 s");
    }
}
