/* exit_status: exits with the status given as argv[1] (0 without arguments; exit_status.args
 * holds 42). Also checks that atexit handlers run in reverse order of registration and that
 * buffered stdout is flushed by exit. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit handler registered first runs last\n"); }
static void second(void) { printf("atexit handler registered second runs first\n"); }

int main(int argc, char **argv) {
    int status = argc > 1 ? atoi(argv[1]) : 0;
    atexit(first);
    atexit(second);
    printf("exiting with status %d (buffered, flushed by exit)\n", status);
    exit(status);
}
