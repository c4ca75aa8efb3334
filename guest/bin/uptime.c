/* uptime: tell how long the system has been running, from /proc/uptime and /proc/loadavg,
 * like procps-ng uptime.
 *   uptime        " 13:06:32 up  1:02,  1 user,  load average: 0.00, 0.00, 0.00"
 *   uptime -p     "up 1 hour, 2 minutes"        uptime -s    the boot time, "YYYY-MM-DD HH:MM:SS"
 * There is no utmp in javix: "users" counts the sessions whose leader has a controlling
 * terminal (a login shell each). Exit status 1 if /proc cannot be read. */
#include "tools.h"
#include <time.h>

static int count_users(void) {
    int n, users = 0;
    int *pids = list_pids(&n);
    for (int i = 0; i < n; i++) {
        char dir[32];
        struct proc_stat st;
        snprintf(dir, sizeof dir, "/proc/%d", pids[i]);
        if (read_proc_stat(dir, &st) == 0 && st.session == st.pid && st.tty_nr != 0 && st.state != 'Z') users++;
    }
    free(pids);
    return users;
}

int main(int argc, char **argv) {
    tool_init("uptime");
    int pretty = 0, since = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            puts("\nUsage:\n uptime [options]\n\nOptions:\n"
                 " -p, --pretty   show uptime in pretty format\n"
                 " -h, --help     display this help and exit\n"
                 " -s, --since    system up since");
            return 0;
        }
        if (!strcmp(a, "-p") || !strcmp(a, "--pretty")) pretty = 1;
        else if (!strcmp(a, "-s") || !strcmp(a, "--since")) since = 1;
        else {
            fprintf(stderr, "uptime: invalid option -- '%s'\n\nUsage:\n uptime [options]\n", a + (a[0] == '-'));
            return 1;
        }
    }
    double up = 0, l1 = 0, l5 = 0, l15 = 0;
    FILE *f = fopen("/proc/uptime", "r");
    if (!f || fscanf(f, "%lf", &up) != 1) {
        warn_("cannot read /proc/uptime");
        return 1;
    }
    fclose(f);
    f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf %lf %lf", &l1, &l5, &l15) != 3) l1 = l5 = l15 = 0;
        fclose(f);
    }
    time_t now = time(NULL);
    long secs = (long)up;
    int days = (int)(secs / 86400), hours = (int)(secs / 3600 % 24), minutes = (int)(secs / 60 % 60);
    if (since) {
        time_t boot = now - secs;
        struct tm tm;
        localtime_r(&boot, &tm);
        char buf[64];
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
        puts(buf);
        return close_stdout(0);
    }
    if (pretty) {
        int weeks = days / 7;
        days %= 7;
        printf("up");
        const char *sep = " ";
        if (weeks) { printf("%s%d week%s", sep, weeks, weeks != 1 ? "s" : ""); sep = ", "; }
        if (days) { printf("%s%d day%s", sep, days, days != 1 ? "s" : ""); sep = ", "; }
        if (hours) { printf("%s%d hour%s", sep, hours, hours != 1 ? "s" : ""); sep = ", "; }
        if (minutes || !strcmp(sep, " ")) printf("%s%d minute%s", sep, minutes, minutes != 1 ? "s" : "");
        putchar('\n');
        return close_stdout(0);
    }
    struct tm tm;
    localtime_r(&now, &tm);
    printf(" %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (days) printf("%d day%s, ", days, days != 1 ? "s" : "");
    if (hours) printf("%2d:%02d, ", hours, minutes);
    else printf("%d min, ", minutes);
    int users = count_users();
    printf("%2d user%s,  load average: %.2f, %.2f, %.2f\n", users, users != 1 ? "s" : "", l1, l5, l15);
    return close_stdout(0);
}
