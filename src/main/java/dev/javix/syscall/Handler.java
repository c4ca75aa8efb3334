package dev.javix.syscall;

/**
 * The Java side of one system call. Returns the result (a value, or {@code -errno}), or
 * {@link Syscall#BLOCK} to sleep and be called again when woken (design decision 2), or
 * {@link Syscall#NO_RETURN} when the call replaced the registers itself (execve, exit,
 * rt_sigreturn). Handlers never write a0: the dispatcher alone does (design decision 6).
 */
@FunctionalInterface
public interface Handler {
    long call(SyscallContext c);
}
