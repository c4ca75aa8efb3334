/* demo.h: what every demo of /usr/share/demo shares: `NAME --help` prints the demo's
 * explanation (its HELP text), and the demos that stage events in order sleep in milliseconds. */
#include <stdio.h>
#include <string.h>
#include <time.h>

/* If the demo was asked for --help: prints help and returns 1 (main then exits with 0). */
static int asked_for_help(int argc, char **argv, const char *help) {
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        fputs(help, stdout);
        return 1;
    }
    return 0;
}

static inline void sleep_ms(int ms) {
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}
