package dev.javix.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.testing.GuestRun;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input never breaks the kernel: guest/programs/syscall_fuzz calls every system call number
 * with hostile arguments (unmapped, misaligned and wrapping pointers and lengths, all ones,
 * descriptors of every kind, buffers of random words), each number in a child process of its
 * own. Whatever the calls answer, no handler may throw (the dispatcher would print "javix:
 * internal error" and answer EIO), the kernel may not hang, and the program must finish. Three
 * seeds of its random words; others can be tried by hand (`syscall_fuzz 0 462 SEED`).
 */
class SyscallFuzzTest {
    private static final Path FUZZ = GuestRun.target().resolve("guest/programs/syscall_fuzz");
    private static final Pattern DONE = Pattern.compile("(?m)^done (\\d+)$");

    @TestFactory
    Stream<DynamicTest> hostileArgumentsGetErrorsNotKernelFailures() {
        return IntStream.rangeClosed(1, 3).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            GuestRun.Result r = GuestRun.javix(FUZZ, List.of("0", "462", String.valueOf(seed)), new byte[0],
                    List.of("PATH=/bin"), false);
            assertFalse(r.stderr().contains("internal error"), "a system call handler failed:\n" + r.stderr());
            assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
            Matcher m = DONE.matcher(r.stdout());
            assertTrue(m.find(), "the program did not finish:\n" + r.stdout());
            assertTrue(Integer.parseInt(m.group(1)) > 400, "it tried " + m.group(1) + " numbers");
        }));
    }
}
