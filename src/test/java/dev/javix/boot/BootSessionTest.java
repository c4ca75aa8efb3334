package dev.javix.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.cli.Main;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.Shutdown;
import dev.javix.testing.GuestRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripted sessions: the built image is booted (the kernel runs /sbin/init as pid 1, init
 * starts getty, getty the login shell) with a script as the console's input — javix's stdin
 * a pipe, which the session reads line by line — and the transcript (stdout and stderr, as on
 * a terminal) is checked: the motd and the prompt, commands, pipelines, redirections, $?, a
 * background job, a zombie and an orphan that init adopted, and the ways the system ends.
 */
class BootSessionTest {
    private static final String PROMPT = "root@javix:~# ";
    private static final List<String> INIT_ENV = List.of("HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", "TERM=vt100");

    /** What a booted session produced. */
    record Session(String transcript, Shutdown end, long millis) {}

    /** Boots the built image with script as the console's input and waits until the system ends. */
    static Session boot(String script) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(); // one stream: the transcript a terminal shows
        KernelConfig config = KernelConfig.defaults(GuestRun.image()).withCpus(2)
                .withStreams(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, out);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        long start = System.nanoTime();
        try (Kernel k = new Kernel(config)) {
            Future<Shutdown> f = ex.submit(() -> k.boot("/sbin/init", List.of("/sbin/init"), INIT_ENV));
            Shutdown end;
            try {
                end = f.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the session did not end; transcript so far:\n" + out);
            }
            return new Session(out.toString(StandardCharsets.UTF_8), end, (System.nanoTime() - start) / 1_000_000);
        } finally {
            ex.shutdownNow();
        }
    }

    private static void assertPoweredOff(Session s) {
        assertEquals(Shutdown.Kind.POWER_OFF, s.end().kind(), s.transcript());
    }

    private static void assertContains(Session s, String expected) {
        assertTrue(s.transcript().contains(expected), "expected '" + expected + "' in:\n" + s.transcript());
    }

    @Test
    void motdPromptAndEcho() throws Exception {
        Session s = boot("echo hello\nexit\n");
        assertContains(s, "Welcome to javix");
        assertContains(s, "demo ");
        assertContains(s, PROMPT + "hello\n");
        assertPoweredOff(s);
    }

    @Test
    void pipelinesRedirectionsAndStatus() throws Exception {
        Session s = boot("""
                echo one two three | wc -w
                echo a b | cat | cat | cat | wc -c
                echo saved > /tmp/f; echo more >> /tmp/f; cat < /tmp/f
                ls /nonexistent 2> /tmp/err; echo "ls said $?"; cat /tmp/err
                false; echo "status $?"
                true && echo and-ok; false || echo or-ok
                exit
                """);
        assertContains(s, PROMPT + "3\n");
        assertContains(s, PROMPT + "4\n");
        assertContains(s, "saved\nmore\n");
        assertContains(s, "ls said 2\n");
        assertContains(s, "nonexistent");
        assertContains(s, "status 1\n");
        assertContains(s, "and-ok\n");
        assertContains(s, "or-ok\n");
        assertPoweredOff(s);
    }

    @Test
    void backgroundJobShowsInJobs() throws Exception {
        Session s = boot("sleep 2 &\njobs\nwait\necho waited\nexit\n");
        assertTrue(Pattern.compile("\\[1\\] \\d+").matcher(s.transcript()).find(), s.transcript());
        assertContains(s, "Running");
        assertContains(s, "sleep 2");
        assertContains(s, "waited\n");
        assertPoweredOff(s);
    }

    /**
     * The primer's two cases: a child whose parent does not wait stays a zombie (Z) until the
     * parent goes; a child whose parent exits first is adopted by init, pid 1.
     */
    @Test
    void zombieAndOrphanAdoptedByInit() throws Exception {
        Session s = boot("""
                sh -c 'sleep 1 & exec sleep 5' &
                sh -c 'sleep 5 & exit 0'
                sleep 2
                ps -o pid,ppid,stat,comm
                exit
                """);
        String t = s.transcript();
        Matcher zombie = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)\\s+Z\\S*\\s+sleep").matcher(t);
        assertTrue(zombie.find(), "no zombie sleep in:\n" + t);
        Matcher parent = Pattern.compile("(?m)^\\s*" + zombie.group(2) + "\\s+\\d+\\s+S\\S*\\s+sleep").matcher(t);
        assertTrue(parent.find(), "the zombie's parent is the sleeping 'sleep 5':\n" + t);
        assertTrue(Pattern.compile("(?m)^\\s*\\d+\\s+1\\s+S\\S*\\s+sleep").matcher(t).find(),
                "no orphan sleep with parent 1 in:\n" + t);
        assertPoweredOff(s);
    }

    /** init is unkillable (SIGKILL and SIGSTOP never reach it) and reaps the orphans it adopts. */
    @Test
    void initSurvivesSigkillAndReapsAdoptedOrphans() throws Exception {
        Session s = boot("""
                kill -9 1; kill -STOP 1; echo "kill status $?"
                sh -c 'sleep 1 & exit 0'
                sleep 2
                ps -o pid,ppid,stat,comm
                exit
                """);
        String t = s.transcript();
        assertContains(s, "kill status 0\n");
        assertTrue(!Pattern.compile("(?m)^\\s*\\d+\\s+1\\s+Z").matcher(t).find(), "init left a zombie:\n" + t);
        assertPoweredOff(s); // only a live init powers off
    }

    @Test
    void initIsPidOneAndTheShellItsGrandchildByExec() throws Exception {
        Session s = boot("cat /proc/$$/stat\ncat /proc/1/cmdline; echo\nexit\n");
        assertContains(s, PROMPT + "2 (sh) S 1 "); // getty (pid 2, init's child) became the shell
        assertContains(s, "/sbin/init");
        assertPoweredOff(s);
    }

    @Test
    void exitStatusDoesNotMatterEndOfInputShutsDownToo() throws Exception {
        assertPoweredOff(boot("exit 3\n"));
        Session eof = boot("echo last\n");
        assertContains(eof, "last\n");
        assertPoweredOff(eof);
    }

    @Test
    void poweroffAsksInitWhichStopsEverything() throws Exception {
        Session s = boot("sleep 30 &\npoweroff\nsleep 30\n");
        assertPoweredOff(s);
        assertTrue(s.millis() < 20_000, "poweroff took " + s.millis() + " ms");
    }

    @Test
    void poweroffForceCallsRebootAtOnce() throws Exception {
        Session s = boot("poweroff -f\nsleep 30\n");
        assertPoweredOff(s);
        assertTrue(s.millis() < 20_000, "poweroff -f took " + s.millis() + " ms");
    }

    @Test
    void hostShutdownRequestGoesThroughInit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
        java.io.PipedInputStream console = new java.io.PipedInputStream(keys);
        KernelConfig config = KernelConfig.defaults(GuestRun.image()).withCpus(2).withStreams(console, out, out);
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (Kernel k = new Kernel(config)) {
            Future<Shutdown> f = ex.submit(() -> k.boot("/sbin/init", List.of("/sbin/init"), INIT_ENV));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!out.toString(StandardCharsets.UTF_8).contains(PROMPT) && System.nanoTime() < deadline) Thread.sleep(20);
            k.requestShutdown(dev.javix.abi.Signal.SIGTERM, 5000, 2000);
            // init handles SIGTERM: an orderly power-off, not the kernel's forced one
            assertEquals(Shutdown.Kind.POWER_OFF, f.get(30, TimeUnit.SECONDS).kind(), out.toString());
        } finally {
            ex.shutdownNow();
            keys.close();
        }
    }

    @Test
    void rebootAnswersLinuxErrors() throws Exception {
        Path prog = GuestRun.target().resolve("guest/programs/reboot_errors");
        GuestRun.Result r = GuestRun.javix(prog, List.of(), new byte[0], List.of(), false);
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("user power off: ok"), r.stdout());
        assertTrue(!r.stdout().contains("WRONG"), r.stdout());
        // javix run: a power-off ends the run cleanly (status 0) and reboot never returns
        GuestRun.Result off = GuestRun.javix(prog, List.of("off"), new byte[0], List.of(), false);
        assertEquals(0, off.exitCode(), off.stdout() + off.stderr());
        assertTrue(off.stdout().contains("powering off") && !off.stdout().contains("returned"), off.stdout());
    }

    /** Boots a small image made of a few programs of the built one and the given /etc/inittab (null: none). */
    static Session bootImage(Path root, String inittab, String script) throws Exception {
        for (String f : List.of("sbin/init", "sbin/getty", "bin/sh", "bin/echo", "bin/sleep", "etc/passwd")) {
            Path to = root.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(GuestRun.image().resolve(f), to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createDirectories(root.resolve("root"));
        Files.createDirectories(root.resolve("tmp"));
        if (inittab != null) Files.writeString(root.resolve("etc/inittab"), inittab);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KernelConfig config = KernelConfig.defaults(root).withCpus(2)
                .withStreams(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out, out);
        try (Kernel k = new Kernel(config)) {
            Shutdown end = k.boot("/sbin/init", List.of("/sbin/init"), INIT_ENV);
            return new Session(out.toString(StandardCharsets.UTF_8), end, 0);
        }
    }

    /** init's /etc/inittab: sysinit and wait entries first, in order; respawn; shutdown entries at the end. */
    @Test
    void inittabActions(@TempDir Path root) throws Exception {
        Session s = bootImage(root, """
                # comment
                si::sysinit:/bin/echo one-sysinit
                wa::wait:/bin/echo two-wait
                rs::respawn:/bin/echo respawned
                co::session:/bin/sleep 1
                sd::shutdown:/bin/echo at-shutdown
                """, "");
        String t = s.transcript();
        assertTrue(t.indexOf("one-sysinit") >= 0 && t.indexOf("one-sysinit") < t.indexOf("two-wait"), t);
        assertTrue(t.indexOf("two-wait") < t.indexOf("respawned"), t);
        assertTrue(t.split("respawned", -1).length - 1 >= 2, "respawned more than once:\n" + t);
        assertTrue(t.endsWith("at-shutdown\n"), t);
        assertPoweredOff(s);
    }

    /** Without /etc/inittab init runs getty on the console, which starts the login shell. */
    @Test
    void noInittabMeansAConsoleLogin(@TempDir Path root) throws Exception {
        Session s = bootImage(root, null, "echo via-default-session\n");
        assertContains(s, PROMPT + "via-default-session\n");
        assertPoweredOff(s);
    }

    @Test
    void badRootIsAClearError(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "--root", dir.toString());
        assertEquals(1, code);
        assertTrue(err.toString().contains("cannot be booted") && err.toString().contains("sbin/init"), err.toString());
        StringWriter err2 = new StringWriter();
        Path missing = dir.resolve("missing");
        assertEquals(1, Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err2, true),
                "boot", "--root", missing.toString()));
        assertTrue(err2.toString().contains("not a directory"), err2.toString());
        Files.writeString(Files.createDirectories(dir.resolve("sbin")).resolve("init"), "not an ELF file\n");
        StringWriter err3 = new StringWriter();
        assertEquals(1, Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err3, true),
                "--root", dir.toString()));
        assertTrue(err3.toString().contains("sbin/init:"), err3.toString());
    }
}
