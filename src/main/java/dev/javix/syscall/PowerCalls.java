package dev.javix.syscall;

/** reboot(2): poweroff and halt from the guest (init's shutdown). */
final class PowerCalls {
    private PowerCalls() {}

    static void register(SyscallTable.Builder b) {}
}
