package dev.javix.syscall;

/** Linux native AIO: io_setup, io_destroy, io_submit, io_cancel, io_getevents, io_pgetevents. */
final class AioCalls {
    private AioCalls() {}

    static void register(SyscallTable.Builder b) {}
}
