package dev.javix.syscall;

import java.util.List;

/**
 * One row of the system call table: number → name, argument kinds, handler, support status
 * (design decision 6). Dispatch, --trace and docs/syscalls.md are all derived from these rows.
 *
 * @param number the riscv64 system call number (asm-generic/unistd.h)
 * @param name   the name, as strace prints it
 * @param args   how each argument is shown
 * @param ret    how the result is shown (INT, HEX or PTR)
 * @param handler the implementation
 * @param support how complete it is
 * @param note   what is missing or special, "" if nothing
 */
public record Syscall(int number, String name, List<ArgKind> args, ArgKind ret, Handler handler, Support support,
        String note) {

    /** Result meaning "the task sleeps; run the call again when woken". Never a real result. */
    public static final long BLOCK = Long.MIN_VALUE;
    /** Result meaning "registers already set; do not write a0 or advance pc". */
    public static final long NO_RETURN = Long.MIN_VALUE + 1;
}
