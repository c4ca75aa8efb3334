/* mutex_contended: T threads (default 4) increment one shared counter under one pthread
 * mutex, N increments in all (N/T each, the remainder to the first); measures throughput.
 * Portable C: built for RISC-V (run under javix and qemu-riscv64) and natively for the host.
 *
 *   mutex_contended [N [T [W]]]   N increments (default 8000000), T threads (1..64, default 4),
 *                                 at least W seconds of warm-up (default 1); prints
 *                                 "mutex contended (T threads): X ops/s"
 *
 * Before the timed round the same threads run an untimed warm-up round of N/4 increments, and
 * go on with more until W seconds have passed, so that the result is the steady state, not
 * javix's or qemu's code translation (javix compiles hot guest code to JVM bytecode, which the
 * JVM compiles again; on a 2-core machine that took longer than N/4 increments). Program
 * start-up is never included. The final count must be exactly N plus the warm-up's
 * increments; otherwise "FAIL" goes to stderr and the exit status is 1 (the result line is
 * still printed). Contention makes the lock fall back to futex waits and wakes, so this
 * measures the atomics (LR/SC or AMOs) and futex together. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;
static volatile long counter;
static long total, threads;
static double warm_until;    /* the warm-up goes on until this time (CLOCK_MONOTONIC) */
static long warm_done[64];   /* increments of each thread's warm-up */

/* noinline: the warm-up and the timed round must run the same code, or the warm-up warms a
 * copy of the loop that the timed round never uses (gcc -O2 inlines this into both places). */
__attribute__((noinline)) static void increments(long n) {
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
}

static long share(long n, long i) { /* thread i's part of n */
    return n / threads + (i == 0 ? n % threads : 0);
}

static void *worker(void *arg) {
    long i = (long)arg;
    pthread_barrier_wait(&start);
    /* warm-up round: N/4 in all, then more in steps until the warm-up time has passed */
    long step = share(total / 4, i);
    do {
        increments(step);
        warm_done[i] += step;
        step = 1024;
    } while (now() < warm_until);
    pthread_barrier_wait(&start);
    increments(share(total, i)); /* timed round */
    return NULL;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 8000000;
    int t = argc > 2 ? atoi(argv[2]) : 4;
    double w = argc > 3 ? atof(argv[3]) : 1.0;
    if (n < 1 || t < 1 || t > 64 || w < 0) {
        fprintf(stderr, "usage: %s [N > 0 [THREADS 1..64 [WARMUP_SECONDS >= 0]]]\n", argv[0]);
        return 2;
    }
    pthread_t th[64];
    total = n;
    threads = t;
    pthread_barrier_init(&start, NULL, t + 1);
    for (long i = 0; i < t; i++) {
        int err = pthread_create(&th[i], NULL, worker, (void *)i);
        if (err) {
            fprintf(stderr, "FAIL: pthread_create: error %d\n", err);
            return 1;
        }
    }
    warm_until = now() + w;
    pthread_barrier_wait(&start); /* the warm-up round starts */
    pthread_barrier_wait(&start); /* all workers start the timed round together */
    double t0 = now();
    for (int i = 0; i < t; i++) pthread_join(th[i], NULL);
    double dt = now() - t0;
    long expected = n;
    for (int i = 0; i < t; i++) expected += warm_done[i];
    int bad = counter != expected;
    if (bad) fprintf(stderr, "FAIL: counter is %ld, expected %ld\n", counter, expected);
    printf("mutex contended (%d threads): %.0f ops/s\n", t, n / dt);
    return bad;
}
