package dev.javix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.elf.ElfFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers to bad input: one specific line, a non-zero status, no stack trace. */
class CliTest {
    @TempDir
    Path dir;

    record Outcome(int status, String out, String err) {}

    static Outcome javix(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(status, out.toString(), err.toString());
    }

    private static void assertOneLine(Outcome o, String expected) {
        assertEquals(expected + System.lineSeparator(), o.err(), "stderr");
        assertFalse(o.err().contains("Exception"), "no stack trace");
    }

    private Path file(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static byte[] elf(int elfClass, int data, int machine, String interp) {
        ByteBuffer b = ByteBuffer.allocate(256).order(data == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) data, 1});
        b.putShort(16, (short) (interp == null ? ElfFile.ET_EXEC : ElfFile.ET_DYN));
        b.putShort(18, (short) machine);
        b.putLong(32, 64);
        b.putShort(54, (short) 56);
        b.putShort(56, (short) 1);
        b.putInt(64, interp == null ? ElfFile.PT_LOAD : ElfFile.PT_INTERP);
        b.putLong(64 + 8, 200);
        b.putLong(64 + 16, 0x10000);
        b.putLong(64 + 32, interp == null ? 10 : interp.length() + 1);
        b.putLong(64 + 40, 10);
        if (interp != null) b.put(200, interp.getBytes());
        return b.array();
    }

    @Test
    void missingProgram() {
        Outcome o = javix("run", dir.resolve("nope").toString());
        assertEquals(127, o.status());
        assertOneLine(o, "javix: " + dir.resolve("nope") + ": No such file or directory");
    }

    @Test
    void directory() {
        Outcome o = javix("run", dir.toString());
        assertEquals(126, o.status());
        assertOneLine(o, "javix: " + dir + ": Is a directory");
    }

    @Test
    void notElf() throws Exception {
        Path p = file("text", "just text\n".getBytes());
        Outcome o = javix("run", p.toString());
        assertEquals(126, o.status());
        assertOneLine(o, "javix: " + p + ": not an ELF executable (no ELF magic number)");
    }

    @Test
    void wrongArchitectures() throws Exception {
        Path x86 = file("x86", elf(2, 1, 62, null));
        assertOneLine(javix("run", x86.toString()),
                "javix: " + x86 + ": x86-64 executable; javix runs RISC-V 64 (riscv64) executables");
        Path rv32 = file("rv32", elf(1, 1, 243, null));
        assertOneLine(javix("run", rv32.toString()),
                "javix: " + rv32 + ": 32-bit RISC-V executable; javix runs 64-bit RISC-V (riscv64) executables");
        Path be = file("be", elf(2, 2, 243, null));
        assertOneLine(javix("run", be.toString()), "javix: " + be
                + ": big-endian RISC-V executable; javix runs little-endian RISC-V 64 (riscv64) executables");
    }

    @Test
    void dynamicallyLinked() throws Exception {
        Path dyn = file("dyn", elf(2, 1, 243, "/lib/ld-linux-riscv64-lp64d.so.1"));
        Outcome o = javix("run", dyn.toString());
        assertEquals(126, o.status());
        assertOneLine(o, "javix: " + dyn + ": dynamically linked executable (interpreter "
                + "/lib/ld-linux-riscv64-lp64d.so.1); javix runs statically linked executables: build with -static");
    }

    @Test
    void hostBinaryIsRejectedByArchitecture() {
        Path ls = Path.of("/bin/ls");
        if (!Files.exists(ls)) return;
        Outcome o = javix("run", ls.toString());
        assertEquals(126, o.status());
        assertTrue(o.err().contains("executable; javix runs RISC-V 64 (riscv64) executables"), o.err());
    }

    @Test
    void badOptionsAreExplained() {
        Outcome o = javix("run", "--cpus", "zero", "x");
        assertEquals(2, o.status());
        assertTrue(o.err().startsWith("javix: Invalid value for option '--cpus'"), o.err());
        Outcome m = javix("run", "--memory", "lots", "x");
        assertEquals(2, m.status());
        assertTrue(m.err().contains("'lots' is not a size"), m.err());
        Outcome user = javix("run", "--user", "root", "x");
        assertEquals(2, user.status());
        assertTrue(user.err().contains("--user needs UID or UID:GID"), user.err());
        Outcome u = javix("frobnicate");
        assertEquals(2, u.status());
        assertTrue(u.err().startsWith("javix: Unmatched argument"), u.err());
        Outcome none = javix("run");
        assertEquals(2, none.status());
        assertTrue(none.err().contains("Missing required parameter: 'PROGRAM'"), none.err());
    }

    @Test
    void helpDocumentsTheOptions() {
        Outcome o = javix("run", "--help");
        assertEquals(0, o.status());
        for (String opt : new String[] {"--trace", "--root", "--cpus", "--memory", "--env", "--clear-env",
            "--deterministic", "--seed", "--user", "--wait-all"}) {
            assertTrue(o.out().contains(opt), "run --help mentions " + opt);
        }
        assertTrue(javix("--help").out().contains("run"));
    }

    @Test
    void signalDeathIsReportedLikeAShell() {
        StringWriter err = new StringWriter();
        assertEquals(139, RunCommand.exitCode(11, new PrintWriter(err, true)));
        assertEquals("Segmentation fault" + System.lineSeparator(), err.toString());
        assertEquals(3, RunCommand.exitCode(3 << 8, new PrintWriter(new StringWriter(), true)));
    }
}
