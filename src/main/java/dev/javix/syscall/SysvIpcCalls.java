package dev.javix.syscall;

/** Placeholder: filled in by the IPC work (issue 4). Registers nothing yet. */
final class SysvIpcCalls {
    private SysvIpcCalls() {}

    static void register(SyscallTable.Builder b) {}
}
