package dev.javix.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.javix.testing.GuestRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The image's tools (guest/bin) against themselves under qemu-riscv64: where a tool's output
 * does not depend on the kernel (cat, echo, printf, head, tail, wc, grep, the file tools, …)
 * javix must give the same stdout, exit status and resulting files as qemu, which runs the
 * same binary on the host's Linux. Each case runs in a fresh copy of one fixture directory.
 * The tools that read /proc have their own javix-only checks in {@link ProcToolsTest}.
 */
class ToolsTest {
    /** One case: the tool, its arguments, and its standard input. */
    record Case(String tool, List<String> args, String stdin) {
        @Override
        public String toString() {
            return tool + (args.isEmpty() ? "" : " " + String.join(" ", args)) + (stdin.isEmpty() ? "" : " <stdin");
        }
    }

    static Case c(String tool, String... args) {
        return new Case(tool, List.of(args), "");
    }

    static Case in(String stdin, String tool, String... args) {
        return new Case(tool, List.of(args), stdin);
    }

    static final String A = "alpha\nbeta\n\n\ngamma delta\nHello World\nhello_world\n\tTabbed line\nlast line without newline";

    static final List<Case> CASES = List.of(
            c("cat", "a.txt"), c("cat", "a.txt", "nums.txt"), c("cat", "-n", "a.txt"), c("cat", "-bsE", "a.txt"),
            c("cat", "a.txt", "nosuch", "nums.txt"), c("cat", "dir"), in("from stdin\n", "cat", "-", "a.txt"),
            c("echo", "hello", "world"), c("echo", "-n", "no newline"), c("echo", "-e", "a\\tb\\n\\x41\\0102\\c never"),
            c("echo", "-x", "--", "-n"), c("echo", "-E", "a\\tb"),
            c("printf", "%s|%5d|%-4x|%c|%%\\n", "word", "42", "255", "xyz"), c("printf", "%s\\n", "a", "b", "c"),
            c("printf", "%d\\n", "12abc"), c("printf", "%b|%o|%#X|%.2f\\n", "t\\tb", "8", "255", "3.14159"),
            c("printf", "%*d|%.*s|\\n", "6", "7", "2", "hello"), c("printf", "%q"), c("printf"),
            c("head", "nums.txt"), c("head", "-n", "3", "a.txt", "nums.txt"), c("head", "-5", "nums.txt"),
            c("head", "-n", "-27", "nums.txt"), c("head", "-c", "7", "a.txt"), c("head", "-c", "-80", "a.txt"),
            c("head", "-n", "x", "a.txt"), in("1\n2\n3\n", "head", "-n", "2"),
            c("tail", "nums.txt"), c("tail", "-n", "2", "a.txt"), c("tail", "-n", "+28", "nums.txt"),
            c("tail", "-c", "9", "a.txt"), c("tail", "-3", "a.txt", "nums.txt"), c("tail", "nosuch"),
            in("x\ny\nz\n", "tail", "-n", "1"),
            c("wc", "a.txt"), c("wc", "-l", "a.txt"), c("wc", "-w", "-c", "a.txt", "nums.txt"), c("wc", "-L", "a.txt"),
            c("wc", "a.txt", "nosuch"), in("one two\nthree\n", "wc"), in("one two\nthree\n", "wc", "-l"),
            c("grep", "hello", "a.txt"), c("grep", "-i", "hello", "a.txt"), c("grep", "-v", "a", "a.txt"),
            c("grep", "-n", "-c", "l", "a.txt", "nums.txt"), c("grep", "-c", "1", "nums.txt"), c("grep", "-q", "beta", "a.txt"),
            c("grep", "-q", "zzz", "a.txt"), c("grep", "zzz", "a.txt"), c("grep", "beta", "nosuch"),
            c("grep", "-s", "beta", "nosuch", "a.txt"), c("grep", "-w", "hello", "a.txt"), c("grep", "-x", "beta", "a.txt"),
            c("grep", "-E", "^(alpha|gamma)", "a.txt"), c("grep", "^[0-9]\\{2\\}$", "nums.txt"), c("grep", "-F", ".", "a.txt"),
            c("grep", "-l", "a", "a.txt", "nums.txt"), c("grep", "-L", "a", "a.txt", "nums.txt"), c("grep", "-r", "deep", "dir"),
            c("grep", "-e", "alpha", "-e", "3", "a.txt", "nums.txt"), c("grep", "a["), c("grep"),
            in("foo\nbar\n", "grep", "-n", "bar"),
            c("ls"), c("ls", "-1", "-a", "dir"), c("ls", "-A", "dir"), c("ls", "-R", "dir"), c("ls", "-d", "dir", "a.txt"),
            c("ls", "-F", "dir"), c("ls", "-r", "dir"), c("ls", "-C", "many"), c("ls", "-CF", "dir", "many"),
            c("ls", "nosuch", "a.txt"), c("ls", "-S", "."),
            // -d: no "total" line, which sums st_blocks, and javix's host mounts report blocks from the size
            c("ls", "-ld", "dir", "dir/sub", "a.txt", "dir/link", "dir/big.txt", "nums.txt"),
            c("ls", "-ldnh", "dir", "a.txt", "dir/big.txt"),
            c("true"), c("false"), c("env", "-i", "A=1", "B=two words"), c("env", "-i"), c("env", "-i", "/bin/nosuch"),
            c("uname"), c("uname", "-m"), c("uname", "-x"), c("kill", "-l"), c("kill", "-L"), c("kill", "-l", "15"),
            c("kill", "-l", "137"), c("kill", "-l", "USR1"), c("kill", "-NOSUCH", "1"), c("kill"), c("sleep", "0.05"),
            c("sleep", "1x"),
            c("mkdir", "-p", "new/a/b"), c("mkdir", "dir"), c("mkdir", "-m", "700", "m"), c("mkdir", "no/parent"),
            c("rmdir", "dir/sub/deep"), c("rmdir", "dir"), c("rmdir", "-p", "dir/empty"),
            c("rm", "a.txt"), c("rm", "dir"), c("rm", "-r", "dir"), c("rm", "-f", "nosuch"), c("rm", "nosuch"), c("rm", "-rv", "dir/sub"),
            c("cp", "a.txt", "copy.txt"), c("cp", "a.txt", "nums.txt", "dir"), c("cp", "dir", "d2"), c("cp", "-r", "dir", "d2"),
            c("cp", "nosuch", "x"), c("cp", "a.txt", "a.txt"), c("cp", "a.txt"),
            c("mv", "a.txt", "moved.txt"), c("mv", "a.txt", "dir"), c("mv", "dir", "renamed"), c("mv", "nosuch", "x"),
            c("mv", "dir", "dir/sub"),
            c("ln", "-s", "a.txt", "sym"), c("ln", "a.txt", "hard"), c("ln", "-s", "a.txt", "nums.txt"), c("ln", "-sf", "a.txt", "nums.txt"),
            c("ln", "nosuch", "x"), c("ln", "-s", "a.txt", "nums.txt", "dir"),
            c("touch", "new.txt"), c("touch", "-c", "none.txt"), c("touch", "no/such"), c("touch", "-t", "bad", "x"));

    /** The fixture every case starts from. */
    static void fixture(Path d) throws IOException {
        Files.writeString(d.resolve("a.txt"), A);
        StringBuilder nums = new StringBuilder();
        for (int i = 1; i <= 30; i++) nums.append(i).append('\n');
        Files.writeString(d.resolve("nums.txt"), nums);
        Path dir = Files.createDirectories(d.resolve("dir"));
        Files.createDirectories(dir.resolve("sub/deep"));
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("sub/x.txt"), "x in sub\n");
        Files.writeString(dir.resolve("sub/deep/y.txt"), "deep y\n");
        Files.writeString(dir.resolve(".hidden"), "hidden\n");
        Files.writeString(dir.resolve("big.txt"), "b".repeat(5000));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("big.txt"));
        Path many = Files.createDirectories(d.resolve("many")); // enough names for several columns
        for (int i = 1; i <= 37; i++) Files.writeString(many.resolve("file" + i * i * 7 + (i % 3 == 0 ? ".txt" : ".c")), "");
        Files.writeString(many.resolve("a_rather_longer_name.data"), "");
    }

    @TestFactory
    Stream<DynamicTest> toolsMatchQemu() throws IOException {
        assumeTrue(GuestRun.qemuAvailable(), "qemu-riscv64 is needed: run scripts/ensure-tools qemu");
        assumeTrue(Files.isExecutable(ToolRun.tool("cat")), "the image's tools are not built");
        Path base = Files.createDirectories(GuestRun.target().resolve("tools-test"));
        return CASES.stream().map(k -> DynamicTest.dynamicTest(k.toString(), () -> compare(base, k)));
    }

    private static void compare(Path base, Case k) throws Exception {
        Path jdir = Files.createTempDirectory(base, "javix"), qdir = Files.createTempDirectory(base, "qemu");
        try {
            fixture(jdir);
            fixture(qdir);
            byte[] stdin = k.stdin().getBytes(StandardCharsets.UTF_8);
            GuestRun.Result q = ToolRun.qemu(qdir, ToolRun.tool(k.tool()), k.args(), stdin);
            GuestRun.Result j = ToolRun.javix(jdir, "/bin/" + k.tool(), k.args(), stdin,
                    dev.javix.kernel.KernelConfig.defaults(GuestRun.image()).withCpus(2));
            String where = k + " (javix stderr: " + j.stderr() + "; qemu stderr: " + q.stderr() + ")";
            assertEquals(q.stdout(), j.stdout(), "stdout differs: " + where);
            assertEquals(q.exitCode(), j.exitCode(), "exit status differs: " + where);
            assertEquals(messages(q.stderr()), messages(j.stderr()), "stderr differs: " + where);
            assertEquals(tree(qdir), tree(jdir), "the files left differ: " + where);
        } finally {
            delete(jdir);
            delete(qdir);
        }
    }

    /** stderr with the run-specific directory names out of the way (they are the same length). */
    private static String messages(String err) {
        return err.replaceAll("(javix|qemu)\\d+", "DIR");
    }

    /** What a directory holds: each path, its type, and a file's bytes or a link's target. */
    static String tree(Path d) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted().toList()) {
                String rel = d.relativize(p).toString();
                if (Files.isSymbolicLink(p)) b.append(rel).append(" -> ").append(Files.readSymbolicLink(p));
                else if (Files.isDirectory(p)) b.append(rel).append("/");
                else b.append(rel).append(": ").append(Files.readString(p, StandardCharsets.ISO_8859_1));
                b.append('\n');
            }
        }
        return b.toString();
    }

    static void delete(Path d) throws IOException {
        if (!Files.exists(d)) return;
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Arguments as a list (for readability at call sites in the other tests). */
    static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
