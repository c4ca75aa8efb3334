/* kill: send a signal to processes, like procps-ng/util-linux kill.
 *   kill [-s SIGNAL | -SIGNAL | -N] PID...    default SIGTERM; a PID of -N means process
 *                                               group N (write "kill -- -N" or "kill -TERM -N")
 *   kill -l [N | NAME]                          list the signal names, or translate one
 *   kill -L                                     the names with their numbers, in a table
 * Signal 0 checks that the processes exist. Exit status 0 if every signal was sent, else 1. */
#include "tools.h"

static const char USAGE[] =
    "\n"
    "Usage:\n"
    " kill [options] <pid> [...]\n"
    "\n"
    "Options:\n"
    " <pid> [...]            send signal to every <pid> listed\n"
    " -<signal>, -s, --signal <signal>\n"
    "                        specify the <signal> to be sent\n"
    " -l, --list=[<signal>]  list all signal names, or convert one to a name\n"
    " -L, --table            list all signal names in a nice table\n"
    "\n"
    " -h, --help     display this help and exit\n";

static void list(void) {
    char name[16];
    for (int i = 1; i <= SIGRTMAX; i++) {
        if (i > SIGSYS && i < SIGRTMIN) continue;
        printf("%s%c", signal_name(i, name, sizeof name), i == SIGRTMAX ? '\n' : ' ');
    }
}

static void table(void) {
    char name[16];
    int k = 0;
    for (int i = 1; i <= SIGRTMAX; i++) {
        if (i > SIGSYS && i < SIGRTMIN) continue;
        signal_name(i, name, sizeof name);
        if (++k % 7) printf("%2d %-8s ", i, name);
        else printf("%2d %s\n", i, name);
    }
    if (k % 7) putchar('\n');
}

/* kill -l ARG: a number (or an exit status 128+N) to its name, a name to its number. */
static int translate(const char *arg) {
    char name[16];
    if (isdigit((unsigned char)*arg)) {
        int n = atoi(arg);
        if (n > 128) n -= 128;
        if (n <= 0 || n > SIGRTMAX || (n > SIGSYS && n < SIGRTMIN)) {
            warnx_("unknown signal: %s", arg);
            return 1;
        }
        puts(signal_name(n, name, sizeof name));
        return 0;
    }
    int n = signal_number(arg);
    if (n <= 0) {
        warnx_("unknown signal: %s", arg);
        return 1;
    }
    printf("%d\n", n);
    return 0;
}

int main(int argc, char **argv) {
    tool_init("kill");
    int sig = SIGTERM, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(USAGE + 1, stdout); return 0; }
        if (!strcmp(a, "-l") || !strcmp(a, "--list")) {
            if (i + 1 < argc) return translate(argv[i + 1]);
            list();
            return close_stdout(0);
        }
        if (!strncmp(a, "--list=", 7)) return translate(a + 7);
        if (!strcmp(a, "-L") || !strcmp(a, "--table")) {
            table();
            return close_stdout(0);
        }
        if (!strcmp(a, "-s") || !strcmp(a, "--signal")) {
            if (i + 1 >= argc) {
                warnx_("option requires an argument -- 's'");
                fputs(USAGE, stderr);
                return 1;
            }
            a = argv[++i];
            sig = signal_number(a);
            if (sig < 0) {
                warnx_("unknown signal: %s", a);
                return 1;
            }
            continue;
        }
        if (isdigit((unsigned char)a[1]) && i > 1) break; /* after -s SIGNAL: a process group */
        sig = signal_number(a + 1);
        if (sig < 0) {
            warnx_("unknown signal: %s", a + 1);
            return 1;
        }
        i++;
        if (i < argc && !strcmp(argv[i], "--")) i++;
        break;
    }
    if (i >= argc) {
        warnx_("not enough arguments");
        fputs(USAGE, stderr);
        return 1;
    }
    int status = 0;
    for (; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (!*argv[i] || *end) {
            warnx_("failed to parse argument: '%s'", argv[i]);
            status = 1;
            continue;
        }
        if (kill((pid_t)pid, sig) < 0) {
            warnx_("(%ld): %s", pid, strerror(errno));
            status = 1;
        }
    }
    return status;
}
