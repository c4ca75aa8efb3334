package dev.javix.syscall;

/** How completely javix implements a system call; published in docs/syscalls.md. */
public enum Support {
    /** Implemented with Linux semantics for every documented flag and case we know of. */
    FULL,
    /** Implemented for the common cases; the table's note says what is missing. */
    PARTIAL,
    /** Deliberately answers ENOSYS (glibc falls back); the note says why. */
    ENOSYS
}
