/* thread_create_join: pthread_create of a trivial thread, then pthread_join of it, N times
 * (one thread alive at a time). Portable C: built for RISC-V (run under javix and
 * qemu-riscv64) and natively for the host.
 *
 *   thread_create_join [N]    N pairs (default 4000); prints "thread create+join: X us/pair"
 *
 * Each pair is a clone(CLONE_THREAD|...) with glibc's stack (cached and reused after the
 * first), the new thread's start, its exit with the CLONE_CHILD_CLEARTID futex wake, and the
 * joiner's futex wait.
 *
 * The timed loop follows an untimed warm-up of N/4 iterations and at least one second, so the result is the steady
 * state (javix compiles hot guest code and its own kernel paths as they run; qemu translates
 * guest code on first use); program start-up is never included. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *trivial(void *arg) {
    return (void *)((uintptr_t)arg + 1);
}

/* One pthread_create + pthread_join; returns 0 (after a message) on failure. */
static int once(long i) {
    pthread_t t;
    void *ret;
    int err = pthread_create(&t, NULL, trivial, (void *)(uintptr_t)i);
    if (err) {
        fprintf(stderr, "FAIL: pthread_create (iteration %ld): error %d\n", i, err);
        return 0;
    }
    err = pthread_join(t, &ret);
    if (err || (uintptr_t)ret != (uintptr_t)i + 1) {
        fprintf(stderr, "FAIL: pthread_join (iteration %ld): error %d\n", i, err);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 4000;
    if (n < 1) {
        fprintf(stderr, "usage: %s [N > 0]\n", argv[0]);
        return 2;
    }
    /* Warm-up, untimed: at least n/4 pairs and at least one second (see fork_exit_wait.c). */
    double w0 = now();
    for (long i = 0; i < n / 4 || now() - w0 < 1.0; i++) {
        if (!once(i)) return 1;
    }
    double t0 = now();
    for (long i = 0; i < n; i++) {
        if (!once(i)) return 1;
    }
    double dt = now() - t0;
    printf("thread create+join: %.1f us/pair\n", dt * 1e6 / n);
    return 0;
}
