package dev.javix.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.testing.GuestRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The command line's side of a boot, in a separate JVM as a user runs it ({@code javix --root
 * IMAGE}): the exit status after a shutdown from inside (0, whatever the shell's status) and
 * after SIGTERM or SIGINT from the host (128+N, after init's orderly shutdown), and that the
 * JVM ends promptly once the system is down.
 */
class BootCliTest {
    private static final String PROMPT = "root@javix:~# ";

    /** A javix JVM booting the built image; stderr joins stdout, as on a terminal. */
    private static Process javix() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path image = GuestRun.image();
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.javix.cli.Main", "--root", image.toString()).redirectErrorStream(true).start();
    }

    /** Everything the process writes, collected by a thread of its own. */
    private static ByteArrayOutputStream drain(Process p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return out;
    }

    private static void awaitPrompt(Process p, ByteArrayOutputStream out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString(StandardCharsets.UTF_8).contains(PROMPT)) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "no prompt; output:\n" + out);
            Thread.sleep(20);
        }
    }

    private static int awaitExit(Process p, ByteArrayOutputStream out, int seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("javix did not exit within " + seconds + " s; output:\n" + out);
        }
        return p.exitValue();
    }

    @Test
    void shutdownFromInsideExitsZero() throws Exception {
        Process p = javix();
        ByteArrayOutputStream out = drain(p);
        p.getOutputStream().write("echo from-the-shell\nexit 3\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertEquals(0, awaitExit(p, out, 60), out.toString());
        assertTrue(out.toString().contains("from-the-shell\n"), out.toString());
    }

    @Test
    void hostSigtermShutsDownGracefullyWith143() throws Exception {
        Process p = javix();
        ByteArrayOutputStream out = drain(p);
        awaitPrompt(p, out);
        p.getOutputStream().write("sleep 60 &\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        Thread.sleep(300);
        p.destroy(); // SIGTERM
        assertEquals(128 + 15, awaitExit(p, out, 20), out.toString());
    }

    @Test
    void hostSigintShutsDownGracefullyWith130() throws Exception {
        Process p = javix();
        ByteArrayOutputStream out = drain(p);
        awaitPrompt(p, out);
        Process kill = new ProcessBuilder(List.of("kill", "-INT", Long.toString(p.pid()))).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertEquals(128 + 2, awaitExit(p, out, 20), out.toString());
    }
}
