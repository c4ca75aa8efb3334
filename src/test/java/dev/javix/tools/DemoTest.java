package dev.javix.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.javix.testing.GuestRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guided demos: the catalogue guest/image/usr/share/demo/INDEX and the programs agree
 * (every guest/demos/NAME.c has an entry and every entry a program), each entry is complete,
 * and the demo command lists the chapters and runs a demo with its explanation.
 */
class DemoTest {
    static final Path INDEX = Path.of("guest/image/usr/share/demo/INDEX");

    /** An entry: its keys and values, "explain" holding the explanation's lines. */
    record Entry(String name, Map<String, String> keys) {}

    static List<String> chapters = new ArrayList<>();

    static List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        chapters.clear();
        Entry e = null;
        boolean explain = false;
        for (String line : Files.readAllLines(INDEX, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) continue;
            if (explain && e != null && line.startsWith("  ")) {
                e.keys().merge("explain", line.substring(2) + "\n", String::concat);
                continue;
            }
            explain = false;
            if (line.isBlank()) {
                e = null;
            } else if (line.startsWith("chapter ") && e == null) {
                chapters.add(line.substring(8).split("\\|")[0].trim());
            } else if (line.startsWith("demo ")) {
                e = new Entry(line.substring(5).trim(), new LinkedHashMap<>());
                out.add(e);
            } else {
                int colon = line.indexOf(':');
                assertTrue(e != null && colon > 0, "INDEX: stray line '" + line + "'");
                String key = line.substring(0, colon).trim();
                if (key.equals("explain")) explain = true;
                else e.keys().put(key, line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    static Set<String> names(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everyDemoHasAnEntryAndEveryEntryAProgram() throws IOException {
        List<Entry> entries = entries();
        Set<String> demos = names(Path.of("guest/demos"), ".c");
        Set<String> servers = names(Path.of("guest/servers"), ".c");
        Set<String> inDemoDir = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        for (Entry e : entries) {
            assertTrue(seen.add(e.name()), "two entries named " + e.name());
            String path = e.keys().getOrDefault("path", "/usr/share/demo/" + e.name());
            if (path.startsWith("/usr/share/demo/")) {
                inDemoDir.add(path.substring("/usr/share/demo/".length()));
            } else {
                assertTrue(path.startsWith("/usr/bin/") && servers.contains(path.substring("/usr/bin/".length())),
                        e.name() + ": no program for " + path + " in guest/demos or guest/servers");
            }
            assertTrue(chapters.contains(e.keys().get("chapter")), e.name() + ": unknown chapter " + e.keys().get("chapter"));
            assertFalse(e.keys().getOrDefault("summary", "").isBlank(), e.name() + ": no summary");
            assertFalse(e.keys().getOrDefault("section", "").isBlank(), e.name() + ": no section");
            assertTrue(e.keys().getOrDefault("explain", "").lines().count() >= 2, e.name() + ": no explanation");
        }
        assertEquals(demos, inDemoDir, "guest/demos/*.c and the INDEX entries under /usr/share/demo");
        assertEquals(List.of("process", "ipc", "netio"), chapters, "the primer's three chapters, in order");
    }

    @Test
    void demoListsTheChaptersAndRunsOneWithItsExplanation() throws Exception {
        assumeTrue(Files.isExecutable(ToolRun.tool("demo")), "the image's tools are not built");
        Path dir = GuestRun.target().resolve("guest/programs");
        GuestRun.Result list = ToolRun.javix(dir, "/bin/demo", List.of());
        assertEquals(0, list.exitCode(), list.stderr());
        for (String title : List.of("1. 进程线程模型 · The process and thread model", "2. 进程间通信 · Inter-process communication",
                "3. 网络I/O模型 · Network I/O models")) {
            assertTrue(list.stdout().contains("\n" + title + "\n"), "missing chapter " + title + ":\n" + list.stdout());
        }
        for (Entry e : entries()) {
            assertTrue(list.stdout().contains("     " + e.name() + " "), "demo does not list " + e.name());
        }
        GuestRun.Result run = ToolRun.javix(dir, "/bin/demo", List.of("zombie"));
        assertEquals(0, run.exitCode(), run.stderr());
        String out = run.stdout();
        assertTrue(out.startsWith("=== demo zombie: "), out);
        assertTrue(out.contains(" Z "), "the demo's own output passes through: " + out);
        assertTrue(out.contains("--- /usr/share/demo/zombie (pid "), out);
        assertTrue(out.contains(") exited with status 0 ---\n\nWhat happened (zombie):\n  The child exited"), out);
        GuestRun.Result unknown = ToolRun.javix(dir, "/bin/demo", List.of("nosuch"));
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.stderr().contains("no demo named 'nosuch'"), unknown.stderr());
    }

    @Test
    void demoIsTheClientOfAServerDemo() throws Exception {
        assumeTrue(Files.isExecutable(ToolRun.tool("demo")), "the image's tools are not built");
        assumeTrue(Files.isExecutable(GuestRun.image().resolve("usr/bin/httpd-poll")), "the servers are not built");
        GuestRun.Result run = ToolRun.javix(GuestRun.target().resolve("guest/programs"), "/bin/demo", List.of("httpd-poll"));
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().matches("(?s).*server \\(pid \\d+\\): listening on 127\\.0\\.0\\.1:\\d+\n.*"), run.stdout());
        for (int k = 1; k <= 3; k++) {
            assertTrue(run.stdout().contains("client: connection " + k + " got \"HTTP/1.1 200 OK\""), run.stdout());
        }
        assertTrue(run.stdout().contains("--- /usr/bin/httpd-poll (pid "), run.stdout());
        assertTrue(run.stdout().contains("What happened (httpd-poll):"), run.stdout());
    }
}
