/* sleep: pause for the sum of the given times, like coreutils sleep.
 *   sleep NUMBER[SUFFIX]...     NUMBER may have a fraction (0.25); SUFFIX s (default), m, h, d
 * nanosleep(2) is restarted after a handled signal with the time that remains. */
#include "tools.h"
#include <math.h>
#include <time.h>

int main(int argc, char **argv) {
    tool_init("sleep");
    if (argc > 1 && !strcmp(argv[1], "--help")) {
        puts("Usage: sleep NUMBER[SUFFIX]...\n"
             "Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),\n"
             "'m' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an\n"
             "integer.  Given two or more arguments, pause for the amount of time\n"
             "specified by the sum of their values.");
        return 0;
    }
    if (argc < 2) {
        warnx_("missing operand");
        try_help(1);
    }
    double total = 0;
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--") && i == 1) continue;
        char *end;
        double v = strtod(a, &end);
        double mult = 1;
        if (end != a && *end && !end[1]) {
            switch (*end) {
            case 's': mult = 1; end++; break;
            case 'm': mult = 60; end++; break;
            case 'h': mult = 3600; end++; break;
            case 'd': mult = 86400; end++; break;
            }
        }
        if (end == a || *end || v < 0 || isnan(v)) {
            warnx_("invalid time interval '%s'", a);
            bad = 1;
            continue;
        }
        total += v * mult;
    }
    if (bad) try_help(1);
    struct timespec ts;
    if (total >= 1e18) {
        ts.tv_sec = (time_t)1e18;
        ts.tv_nsec = 0;
    } else {
        ts.tv_sec = (time_t)total;
        ts.tv_nsec = (long)ceil((total - (double)ts.tv_sec) * 1e9);
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
    }
    while (nanosleep(&ts, &ts) < 0) {
        if (errno != EINTR) {
            warn_("cannot read realtime clock");
            return 1;
        }
    }
    return 0;
}
