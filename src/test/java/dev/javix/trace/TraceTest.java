package dev.javix.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.testing.GuestRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --trace prints one strace-style line per system call, decoded from the table. */
class TraceTest {
    private static String trace(Path p) throws Exception {
        GuestRun.Result r = GuestRun.javix(p, List.of(), new byte[0], List.of("A=1"), true);
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stderr();
    }

    private static String trace(String program) throws Exception {
        return trace(GuestRun.image().resolve(program));
    }

    @Test
    void showsWritesWithTheirBuffersAndResults() throws Exception {
        String t = trace("bin/hello");
        // stdout is a pipe, so glibc buffers fully: one write, shown cut after 32 bytes as strace does.
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\] write\\(1, \"Hello from RISC-V 64 on javix!\\\\ni\"\\.\\.\\., (\\d+)\\) = (\\d+)\n").matcher(t);
        assertTrue(m.find(), t);
        assertEquals(m.group(1), m.group(2), "a write to a pipe is complete");
        assertTrue(t.contains("] exit_group(0) = ?\n"), t);
        assertTrue(t.lines().allMatch(l -> l.matches("\\[\\d+] [a-z_0-9]+\\(.*\\) = .*")), t);
    }

    @Test
    void showsErrorsByNameAndMessage() throws Exception {
        String t = trace(GuestRun.target().resolve("guest/tests/bad_args"));
        assertTrue(t.contains("] openat(AT_FDCWD, 0x10, O_RDONLY) = -1 EFAULT (Bad address)\n"), t);
        assertTrue(t.contains("] syscall_999(0x"), t);
        assertTrue(t.contains("= -1 ENOSYS (Function not implemented)\n"), t);
        assertTrue(t.contains("] clock_gettime(999, 0x"), t);
    }

    @Test
    void decodesSocketAndDescriptorFlagsAsStraceDoes() {
        assertEquals("0", Flags.fdFlags(0));
        assertEquals("O_NONBLOCK|O_CLOEXEC", Flags.fdFlags(04000 | 02000000));
        assertEquals("O_DIRECT|0x1", Flags.fdFlags(040000 | 1));
        assertEquals("AF_INET6", Flags.domain(10));
        assertEquals("99", Flags.domain(99));
        assertEquals("SOCK_STREAM", Flags.socketType(1));
        assertEquals("SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC", Flags.socketType(2 | 04000 | 02000000));
        assertEquals("SOCK_SEQPACKET|0x10", Flags.socketType(5 | 0x10));
    }

    @Test
    void decodesProcessThreadAndSignalArgumentsAsStraceDoes() {
        assertEquals("FUTEX_WAIT_PRIVATE", Flags.futexOp(128));
        assertEquals("FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME", Flags.futexOp(9 | 128 | 256));
        assertEquals("0x1f", Flags.futexOp(31));
        assertEquals("0xffffffff", Flags.futexOp(-1)); // every bit set (the fuzzer's): no such command
        assertEquals("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD", Flags.cloneFlags(0x01200011));
        assertEquals("CLONE_VM|CLONE_VFORK|SIGCHLD", Flags.cloneFlags(0x4111));
        assertEquals("0", Flags.cloneFlags(0));
        assertEquals("WNOHANG|WUNTRACED", Flags.waitOptions(3));
        assertEquals("0", Flags.waitOptions(0));
        assertEquals("F_SETFL", Flags.fcntlCmd(4));
        assertEquals("F_DUPFD_CLOEXEC", Flags.fcntlCmd(1030));
        assertEquals("12", Flags.fcntlCmd(12));
        assertEquals("-1", Flags.fcntlCmd(-1));
        assertEquals("SIG_SETMASK", Flags.named(2, "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"));
        assertEquals("0", Flags.named(0, null, "EPOLL_CTL_ADD"));
        assertEquals("SOCK_CLOEXEC", Flags.socketFlags(02000000));
        assertEquals("EFD_SEMAPHORE|EFD_CLOEXEC", Flags.eventfdFlags(02000001));
        assertEquals("0", Flags.epollFlags(0));
        assertEquals("TIMER_ABSTIME", Flags.timerFlags(1));
        assertEquals("R_OK|X_OK", Flags.accessMode(5));
        assertEquals("F_OK", Flags.accessMode(0));
        assertEquals("SOL_SOCKET", Flags.sockoptLevel(1));
        assertEquals("SOL_TCP", Flags.sockoptLevel(6));
        assertEquals("PR_SET_NAME", Flags.prctlOption(15));
        assertEquals("PR_SET_CHILD_SUBREAPER", Flags.prctlOption(36));
        assertEquals("0", Flags.prctlOption(0));
        assertEquals("MADV_DONTNEED", Flags.madvise(4));
        assertEquals("MADV_FREE", Flags.madvise(8));
        assertEquals("MADV_HWPOISON", Flags.madvise(100));
        assertEquals("-3", Flags.madvise(-3));
    }

    @Test
    void decodesFlagsAndSpecialValues() throws Exception {
        String t = trace("bin/hello");
        assertTrue(t.matches("(?s).*\\] mprotect\\(0x[0-9a-f]+, \\d+, PROT_READ\\) = 0\n.*"), t);
        assertTrue(t.contains("] set_robust_list(0x"), t);
        assertTrue(t.contains("] brk(NULL) = 0x"), t);
    }
}
