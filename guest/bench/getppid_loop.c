/* getppid_loop: the cost of the cheapest system call, getppid(), called N times in a loop.
 * Portable C: built for RISC-V (run under javix and qemu-riscv64) and natively for the host.
 *
 *   getppid_loop [N]      N calls (default 3000000); prints "getppid: X ns/call"
 *
 * Under qemu-riscv64 every call leaves the translated code, goes through qemu's syscall layer
 * and makes a real host system call; under javix it is a method call inside the JVM.
 *
 * The timed loop follows an untimed warm-up of N/4 iterations, so the result is the steady
 * state (javix compiles hot guest code and its own kernel paths as they run; qemu translates
 * guest code on first use); program start-up is never included. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 3000000;
    if (n < 1) {
        fprintf(stderr, "usage: %s [N > 0]\n", argv[0]);
        return 2;
    }
    pid_t expected = getppid();
    long bad = 0;
    double t0 = 0;
    /* One loop for the warm-up (i < 0) and the timed calls, so that the warm-up runs the very
     * code that is timed (two loops would be two copies of it). */
    for (long i = -(n / 4); i < n; i++) {
        if (i == 0) t0 = now();
        bad += getppid() != expected; /* uses every result, so no call can be dropped */
    }
    double dt = now() - t0;
    if (bad) fprintf(stderr, "FAIL: getppid changed %ld times\n", bad);
    printf("getppid: %.1f ns/call\n", dt * 1e9 / n);
    return bad != 0;
}
