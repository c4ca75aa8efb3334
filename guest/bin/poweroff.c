/* poweroff: shuts the system down.
 *
 *   poweroff        asks init (pid 1) for an orderly shutdown with SIGUSR2, as BusyBox does:
 *                   init stops every process, then calls reboot(2)
 *   poweroff -f     calls reboot(2) with LINUX_REBOOT_CMD_POWER_OFF at once (no clean-up)
 *
 * Only root may do either: kill(2) of init and reboot(2) answer EPERM otherwise.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int force = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-f") == 0) force = 1;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: poweroff [-f]\n  shut the system down; -f: at once, without stopping processes\n");
            return 0;
        } else {
            fprintf(stderr, "poweroff: unknown option '%s'\nusage: poweroff [-f]\n", argv[i]);
            return 2;
        }
    }
    if (force) {
        reboot(RB_POWER_OFF);
        fprintf(stderr, "poweroff: %s\n", strerror(errno));
        return 1;
    }
    if (kill(1, SIGUSR2) < 0) {
        fprintf(stderr, "poweroff: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
