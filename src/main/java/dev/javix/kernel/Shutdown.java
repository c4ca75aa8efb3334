package dev.javix.kernel;

/**
 * How a booted system ended ({@link Kernel#boot}).
 *
 * @param kind   what ended it
 * @param status for {@link Kind#INIT_EXITED}, init's wait status (wait(2) encoding); else 0
 */
public record Shutdown(Kind kind, int status) {
    /** What ended the system. */
    public enum Kind {
        /** reboot(2) LINUX_REBOOT_CMD_POWER_OFF: the normal end (init's shutdown, poweroff -f). */
        POWER_OFF,
        /** reboot(2) LINUX_REBOOT_CMD_HALT. */
        HALT,
        /** reboot(2) LINUX_REBOOT_CMD_RESTART or RESTART2: javix stops rather than booting again. */
        RESTART,
        /** init itself exited or was killed; Linux panics ("Attempted to kill init!"). */
        INIT_EXITED,
        /** A host shutdown request's grace period ran out: the kernel killed every process itself. */
        FORCED,
        /** An unrecoverable kernel failure ({@link Kernel#panic}). */
        PANIC
    }
}
