package dev.javix.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.trace.Tracer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The table is data: numbers are unique, the core calls are there, and the published doc is current. */
class SyscallTableTest {
    private final SyscallTable table = Syscalls.table(new Tracer(null));

    @Test
    void issueTwoCallsAreAllPresentWithTheirRiscv64Numbers() {
        Object[][] expected = {{63, "read"}, {64, "write"}, {65, "readv"}, {66, "writev"}, {56, "openat"}, {57, "close"},
            {62, "lseek"}, {67, "pread64"}, {68, "pwrite64"}, {79, "newfstatat"}, {80, "fstat"}, {291, "statx"},
            {78, "readlinkat"}, {61, "getdents64"}, {29, "ioctl"}, {160, "uname"}, {278, "getrandom"},
            {261, "prlimit64"}, {113, "clock_gettime"}, {114, "clock_getres"}, {169, "gettimeofday"},
            {101, "nanosleep"}, {115, "clock_nanosleep"}, {172, "getpid"}, {173, "getppid"}, {178, "gettid"},
            {174, "getuid"}, {175, "geteuid"}, {176, "getgid"}, {177, "getegid"}, {96, "set_tid_address"},
            {99, "set_robust_list"}, {293, "rseq"}, {134, "rt_sigaction"}, {135, "rt_sigprocmask"}, {93, "exit"},
            {94, "exit_group"}, {123, "sched_getaffinity"}, {179, "sysinfo"}, {214, "brk"}, {222, "mmap"},
            {215, "munmap"}, {226, "mprotect"}, {216, "mremap"}, {233, "madvise"}};
        for (Object[] e : expected) {
            Syscall s = table.lookup((Integer) e[0]);
            assertNotNull(s, "syscall " + e[0] + " (" + e[1] + ") missing");
            assertEquals(e[1], s.name());
        }
        assertEquals(Support.ENOSYS, table.lookup(293).support());
    }

    @Test
    void unknownNumbersHaveNoRow() {
        assertNull(table.lookup(-1));
        assertNull(table.lookup(100000));
        assertNull(table.lookup(350)); // asm-generic leaves 295–423 unassigned
    }

    @Test
    void aNumberCannotBeRegisteredTwice() {
        SyscallTable.Builder b = new SyscallTable.Builder();
        b.add(1, "a", c -> 0);
        assertThrows(IllegalStateException.class, () -> b.add(1, "b", c -> 0));
    }

    @Test
    void publishedDocMatchesTheTable() throws Exception {
        Path doc = Path.of("docs/syscalls.md");
        String generated = SyscallDoc.markdown();
        if (Boolean.getBoolean("javix.regenerate")) Files.writeString(doc, generated);
        assertTrue(Files.exists(doc), "docs/syscalls.md missing: run ./javix syscalls > docs/syscalls.md");
        assertEquals(generated, Files.readString(doc), "docs/syscalls.md is stale: run ./javix syscalls > docs/syscalls.md");
    }
}
