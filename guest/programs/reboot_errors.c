/* reboot_errors: reboot(2)'s answers, for BootSessionTest (not a differential test: under
 * qemu-riscv64 the call would reach the host kernel).
 *   reboot_errors          the errors: EPERM first for an unprivileged caller (even with bad
 *                          magic), then EINVAL for bad magic and for commands this kernel has
 *                          not configured (SW_SUSPEND, KEXEC without an image) or does not know;
 *                          CAD_OFF and CAD_ON succeed
 *   reboot_errors off      then LINUX_REBOOT_CMD_POWER_OFF, which must not return */
#include <errno.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void check(const char *what, long magic, long magic2, long cmd, int want_errno) {
    errno = 0;
    long r = syscall(SYS_reboot, magic, magic2, cmd, 0);
    int e = r < 0 ? errno : 0;
    printf("%s: %s\n", what, e == want_errno ? "ok" : "WRONG");
    if (e != want_errno) printf("  got %ld (%s), wanted errno %d\n", r, strerror(e), want_errno);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t pid = fork();
    if (pid == 0) {
        if (setuid(1000) < 0) return 1;
        check("user power off", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, EPERM);
        check("user bad magic", 1, 2, LINUX_REBOOT_CMD_POWER_OFF, EPERM);
        return 0;
    }
    waitpid(pid, NULL, 0);
    check("bad magic1", 1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, EINVAL);
    check("bad magic2", LINUX_REBOOT_MAGIC1, 12345, LINUX_REBOOT_CMD_POWER_OFF, EINVAL);
    check("unknown command", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2C, 0x12345678, EINVAL);
    check("sw suspend", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2A, LINUX_REBOOT_CMD_SW_SUSPEND, EINVAL);
    check("kexec", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2B, LINUX_REBOOT_CMD_KEXEC, EINVAL);
    check("cad off", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, 0);
    check("cad on", LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_ON, 0);
    if (argc > 1 && strcmp(argv[1], "off") == 0) {
        printf("powering off\n");
        syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0);
        printf("reboot returned: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
