package dev.javix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.javix.testing.GuestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Where qemu-riscv64 deviates from Linux, the differential suite cannot be the oracle; these
 * programs (guest/linux/*.c) run under javix only and their stdout must equal NAME.expected,
 * written from the man pages and the kernel's behaviour. Each program's header comment names
 * the deviation it covers.
 */
class LinuxSemanticsTest {
    @TestFactory
    Stream<DynamicTest> followsLinuxWhereQemuDoesNot() throws IOException {
        Path built = GuestRun.target().resolve("guest/linux");
        Path sources = Path.of("guest/linux").toAbsolutePath();
        List<Path> programs;
        try (Stream<Path> s = Files.list(built)) {
            programs = s.filter(Files::isExecutable).sorted().toList();
        }
        assertFalse(programs.isEmpty(), "no programs built in " + built);
        return programs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String expected = Files.readString(sources.resolve(p.getFileName() + ".expected"));
            GuestRun.Result r = GuestRun.javix(p, List.of(), new byte[0], DifferentialTest.ENV, false);
            assertEquals(expected, r.stdout(), p.getFileName() + " (stderr: " + r.stderr() + ")");
            assertEquals(0, r.exitCode());
        }));
    }
}
