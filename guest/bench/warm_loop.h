/* warm_loop.h: the measuring loop of the benchmarks that repeat one operation (fork_exit_wait,
 * thread_create_join): an untimed warm-up of at least N/4 iterations and at least one second,
 * so that engines that compile as they go (qemu's TCG, javix's JIT and the JVM's) are measured
 * in their steady state, not while compiling; then N timed iterations. Program start-up is
 * never included. */
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Seconds taken by n calls of once(i), or -1 if one failed. */
static double timed(long n, int (*once)(long i)) {
    double t0 = now();
    for (long i = 0; i < n; i++) {
        if (!once(i)) return -1;
    }
    return now() - t0;
}

/* Seconds taken by n timed calls of once(i) after the warm-up, or -1 if a call failed (once
   returns 0 after printing why). */
static double timed_after_warmup(long n, int (*once)(long i)) {
    double w0 = now();
    for (long i = 0; i < n / 4 || now() - w0 < 1.0; i++) {
        if (!once(i)) return -1;
    }
    return timed(n, once);
}
