package dev.javix.kernel.tty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.javix.testing.GuestRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive sessions through a real pseudo-terminal: tmux runs {@link PtyHarness} (the
 * command line's handling of a host terminal around a kernel) in a pane, the test types with
 * {@code send-keys} and reads the screen with {@code capture-pane}. Checked: the guest's echo
 * is what appears, backspace edits the line, ^C kills only the foreground job, ^Z stops it and
 * {@code fg} resumes it, and at the end the host terminal's settings ({@code stty -g}) are
 * exactly what they were before. Skipped only when tmux is not installed.
 */
class PtySessionTest {
    private static final long WAIT_MS = 30_000;

    @TempDir
    Path dir;
    private final String socket = "javix-tty-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @BeforeAll
    static void needTmux() {
        Assumptions.assumeTrue(onPath("tmux"), "tmux is not installed");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    @AfterEach
    void killServer() throws Exception {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** Starts the harness in a 100x40 pane, with stty -g saved before and after it runs. */
    private void start(String... harnessArgs) throws Exception {
        StringBuilder main = new StringBuilder(PtyHarness.class.getName()).append(' ').append(GuestRun.image());
        for (String a : harnessArgs) main.append(' ').append(a);
        startJava(main.toString());
        String s = awaitScreen(x -> x.contains("[harness ready, raw true, pid "), "the harness in raw mode");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid (\\d+)\\]").matcher(s);
        assertTrue(m.find(), s);
        harnessPid = Long.parseLong(m.group(1));
    }

    private long harnessPid;

    /** Runs java with the test class path and the given arguments in a 100x40 pane, stty -g saved around it. */
    private void startJava(String javaArgs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cmd = new StringBuilder();
        cmd.append("stty -g > ").append(dir.resolve("before")).append("; ");
        cmd.append(java).append(" -cp '").append(System.getProperty("java.class.path")).append("' ").append(javaArgs);
        cmd.append("; echo \"[shell saw $?]\"; stty -g > ").append(dir.resolve("after.tmp"))
                .append("; mv ").append(dir.resolve("after.tmp")).append(' ').append(dir.resolve("after"))
                .append("; sleep 600");
        tmux("new-session", "-d", "-x", "100", "-y", "40", "-s", "t", "sh", "-c", cmd.toString());
    }

    private void type(String text) throws Exception {
        tmux("send-keys", "-t", "t", "-l", text);
    }

    private void key(String name) throws Exception {
        tmux("send-keys", "-t", "t", name);
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "t");
    }

    private String awaitScreen(Predicate<String> done, String what) throws Exception {
        long giveUp = System.currentTimeMillis() + WAIT_MS;
        String s = "";
        while (System.currentTimeMillis() < giveUp) {
            s = screen();
            if (done.test(s)) return s;
            Thread.sleep(50);
        }
        fail("waited for " + what + "; the screen:\n" + s);
        return s;
    }

    private static long count(String screen, String line) {
        return screen.lines().filter(l -> l.strip().equals(line)).count();
    }

    private void assertTerminalRestored() throws Exception {
        Path after = dir.resolve("after");
        long giveUp = System.currentTimeMillis() + WAIT_MS;
        while (!Files.exists(after) && System.currentTimeMillis() < giveUp) Thread.sleep(50);
        assertEquals(Files.readString(dir.resolve("before")), Files.readString(after), "stty -g before and after");
    }

    @Test
    void runEchoesEditsIgnoresZAndInterruptsTheProgramThenRestoresTheTerminal() throws Exception {
        start("run", "/bin/cat");
        type("helx");
        key("BSpace");
        type("lo");
        awaitScreen(s -> count(s, "hello") == 1, "the echo of the edited line");
        key("Enter");
        String s = awaitScreen(x -> count(x, "hello") == 2, "cat's copy of the line");
        assertFalse(s.contains("helx"), "backspace erased the x on the screen too:\n" + s);
        // ^Z: the program's group is orphaned (its parent is init), so the stop is discarded
        // as Linux does, rather than freezing a session nobody could continue
        key("C-z");
        type("again");
        key("Enter");
        awaitScreen(x -> x.contains("^Zagain\nagain"), "cat still running after ^Z");
        key("C-c");
        s = awaitScreen(x -> x.contains("[shell saw 130]"), "cat killed by SIGINT (status 130)");
        assertTrue(s.contains("^C[harness exit 130]"), "^C echoed as ECHOCTL shows it:\n" + s);
        assertTerminalRestored();
    }

    @Test
    void aBootedSessionHasJobControl() throws Exception {
        start("boot");
        String prompt = "root@javix:~#"; // capture-pane drops the trailing blank
        awaitScreen(s -> s.contains(prompt), "the shell's prompt");
        type("echo abcx");
        key("BSpace");
        type("d");
        key("Enter");
        awaitScreen(s -> count(s, "abcd") == 1 && s.contains(prompt + " echo abcd"), "echo's output after editing");

        type("sleep 100 &");
        key("Enter");
        awaitScreen(s -> s.contains("[1] "), "the background job");
        type("sleep 200");
        key("Enter");
        Thread.sleep(700); // let it start
        key("C-c");
        awaitScreen(s -> s.contains("sleep 200\n^C\n" + prompt), "^C back at the prompt");
        type("jobs");
        key("Enter");
        awaitScreen(s -> s.contains("Running") && s.contains("sleep 100 &"), "the background job untouched by ^C");

        type("sleep 2; echo slept");
        key("Enter");
        Thread.sleep(700);
        key("C-z");
        // like bash, the shell reports the stop and goes on with the rest of the list; wait
        // for its prompt before typing, or the typed-ahead "fg" is echoed before the prompt
        awaitScreen(s -> s.contains("Stopped") && s.contains("slept\n" + prompt), "the job stopped by ^Z");
        type("fg");
        key("Enter");
        awaitScreen(s -> s.contains(prompt + " fg\nsleep 2\n" + prompt), "the job resumed by fg, finished");

        type("kill %1; exit");
        key("Enter");
        awaitScreen(s -> s.contains("[shell saw 0]"), "a clean shutdown");
        assertTerminalRestored();
    }
    @Test
    void theCommandLineBootsOnTheTerminalAndLeavesItAsItWas() throws Exception {
        // javix with no arguments, as a person types it: the image under javix.home/target/image
        Path home = GuestRun.target().getParent();
        startJava("-Djavix.home=" + home + " dev.javix.cli.Main");
        String prompt = "root@javix:~#";
        awaitScreen(s -> s.contains(prompt), "the shell's prompt");
        type("echo visible");
        key("Enter");
        awaitScreen(s -> s.contains(prompt + " echo visible\nvisible"), "the echo and the output");
        type("exit");
        key("Enter");
        awaitScreen(s -> s.contains("[shell saw 0]"), "javix ending with status 0");
        assertTerminalRestored();
    }
    @Test
    void theConsoleHasTheHostWindowSizeAndHearsItChange() throws Exception {
        start("host", GuestRun.target().resolve("guest/linux/tty_winsize").toString(), "wait");
        awaitScreen(s -> s.contains("rows 40 cols 100"), "the pane's size through TIOCGWINSZ");
        tmux("resize-window", "-t", "t", "-x", "120", "-y", "30");
        awaitScreen(s -> s.contains("rows 30 cols 120"), "the new size after the host's SIGWINCH");
        awaitScreen(s -> s.contains("[shell saw 0]"), "the program's exit");
        assertTerminalRestored();
    }
    @Test
    void sigtermToTheJvmStillRestoresTheTerminal() throws Exception {
        start("run", "/bin/cat");
        type("x");
        awaitScreen(s -> s.contains("]\nx"), "the guest's echo (raw mode on)");
        assertTrue(ProcessHandle.of(harnessPid).orElseThrow().destroy(), "SIGTERM sent");
        awaitScreen(s -> s.contains("[shell saw 143]"), "the JVM ended by SIGTERM");
        assertTerminalRestored();
    }
}
