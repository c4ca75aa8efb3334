package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.PTR;

import dev.javix.abi.Errno;
import dev.javix.kernel.Shutdown;

/**
 * reboot(2): power-off, halt and restart from the guest — the last call of init's shutdown
 * (guest/sbin/init.c), or of {@code poweroff -f}.
 */
final class PowerCalls {
    private PowerCalls() {}

    /** The magic numbers of reboot(2) (linux/reboot.h). */
    static final int MAGIC1 = 0xfee1dead, MAGIC2 = 672274793, MAGIC2A = 85072278, MAGIC2B = 369367448,
            MAGIC2C = 537993216;
    /** The commands of reboot(2) (linux/reboot.h). */
    static final int CMD_RESTART = 0x01234567, CMD_HALT = 0xCDEF0123, CMD_CAD_ON = 0x89ABCDEF, CMD_CAD_OFF = 0,
            CMD_POWER_OFF = 0x4321FEDC, CMD_RESTART2 = 0xA1B2C3D4, CMD_SW_SUSPEND = 0xD000FCE2, CMD_KEXEC = 0x45584543;

    static void register(SyscallTable.Builder b) {
        b.add(142, "reboot", ArgKind.INT, PowerCalls::reboot, Support.PARTIAL,
                "POWER_OFF and HALT end the machine (javix exits 0); RESTART and RESTART2 end it too rather than "
                        + "booting again; CAD_ON/CAD_OFF choose what a host SIGINT (the machine's Ctrl-Alt-Del) does: stop at once, or SIGINT to init; SW_SUSPEND and KEXEC answer EINVAL (not configured)",
                HEX, HEX, HEX, PTR);
    }

    /**
     * Implements reboot(2). The order of the checks is Linux's (kernel/reboot.c): without
     * CAP_SYS_BOOT (euid 0 here) EPERM, then a bad magic pair EINVAL, then the command. A
     * successful POWER_OFF, HALT or RESTART does not return: the machine stops, so the caller
     * sleeps (BLOCK, on no wait queue) until the kernel has shut its virtual CPUs down.
     */
    static long reboot(SyscallContext c) {
        int magic1 = c.argInt(0), magic2 = c.argInt(1), cmd = c.argInt(2);
        if (c.process().credentials().euid() != 0) return -Errno.EPERM;
        if (magic1 != MAGIC1 || (magic2 != MAGIC2 && magic2 != MAGIC2A && magic2 != MAGIC2B && magic2 != MAGIC2C)) {
            return -Errno.EINVAL;
        }
        Shutdown.Kind kind;
        switch (cmd) {
            case CMD_CAD_ON, CMD_CAD_OFF -> {
                c.kernel().setCtrlAltDel(cmd == CMD_CAD_ON);
                return 0;
            }
            case CMD_POWER_OFF -> kind = Shutdown.Kind.POWER_OFF;
            case CMD_HALT -> kind = Shutdown.Kind.HALT;
            case CMD_RESTART, CMD_RESTART2 -> kind = Shutdown.Kind.RESTART;
            default -> {
                return -Errno.EINVAL; // SW_SUSPEND and KEXEC too: no hibernation, no kexec image loaded
            }
        }
        c.kernel().powerOff(new Shutdown(kind, 0));
        return Syscall.BLOCK;
    }
}
