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
 * The timed loop follows an untimed warm-up (see warm_loop.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "warm_loop.h"


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
    double dt = timed_after_warmup(n, once);
    if (dt < 0) return 1;
    printf("thread create+join: %.1f us/pair\n", dt * 1e6 / n);
    return 0;
}
