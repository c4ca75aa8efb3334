package dev.javix.syscall;

import dev.javix.trace.Tracer;
import java.util.stream.Collectors;

/**
 * docs/syscalls.md, generated from the system call table (design decision 6), so the published
 * support list can never disagree with what dispatch does. `./javix syscalls` prints it; a test
 * fails when the committed file is stale.
 */
public final class SyscallDoc {
    private SyscallDoc() {}

    public static String markdown() {
        SyscallTable t = Syscalls.table(new Tracer(null));
        StringBuilder b = new StringBuilder();
        b.append("# System calls\n\n");
        b.append("Generated from the system call table by `./javix syscalls`; do not edit by hand.\n");
        b.append("riscv64 numbers (asm-generic). Any number not listed answers ENOSYS, and `--trace` shows it as\n");
        b.append("`syscall_N(...)`.\n\n");
        long full = t.rows().stream().filter(s -> s.support() == Support.FULL).count();
        long partial = t.rows().stream().filter(s -> s.support() == Support.PARTIAL).count();
        long enosys = t.rows().stream().filter(s -> s.support() == Support.ENOSYS).count();
        b.append(t.rows().size()).append(" calls: ").append(full).append(" full, ").append(partial)
                .append(" partial, ").append(enosys).append(" deliberately ENOSYS.\n\n");
        b.append("| nr | name | arguments | support | note |\n|---:|---|---|---|---|\n");
        for (Syscall s : t.rows()) {
            String args = s.args().stream().map(a -> a.name().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
            b.append("| ").append(s.number()).append(" | ").append(s.name()).append(" | ").append(args).append(" | ")
                    .append(s.support().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(s.note().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }
}
