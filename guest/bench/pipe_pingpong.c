/* pipe_pingpong: two processes bounce one byte over two pipes N times; each round trip is
 * two writes, two reads and two wake-ups of a blocked reader. Portable C: built for RISC-V
 * (run under javix and qemu-riscv64) and natively for the host.
 *
 *   pipe_pingpong [N]     N round trips (default 100000); prints "pipe pingpong: X us/round trip"
 *
 * The child increments the byte before sending it back, and the parent checks it, so a lost
 * or duplicated byte is noticed (reported on stderr, exit status 1).
 *
 * The timed loop follows an untimed warm-up of N/4 iterations, so the result is the steady
 * state (javix compiles hot guest code and its own kernel paths as they run; qemu translates
 * guest code on first use); program start-up is never included. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    if (n < 1) {
        fprintf(stderr, "usage: %s [N > 0]\n", argv[0]);
        return 2;
    }
    int to_child[2], to_parent[2];
    if (pipe(to_child) || pipe(to_parent)) {
        perror("pipe");
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        close(to_child[1]);
        close(to_parent[0]);
        unsigned char c;
        while (read(to_child[0], &c, 1) == 1) {
            c++;
            if (write(to_parent[1], &c, 1) != 1) _exit(1);
        }
        _exit(0); /* EOF: the parent is done */
    }
    close(to_child[0]);
    close(to_parent[1]);
    unsigned char c = 0;
    int bad = 0;
    double t0 = 0;
    for (long i = -(n / 4); i < n; i++) { /* i < 0: warm-up */
        if (i == 0) t0 = now();
        unsigned char sent = c, got;
        if (write(to_child[1], &sent, 1) != 1 || read(to_parent[0], &got, 1) != 1) {
            fprintf(stderr, "FAIL: pipe I/O broke off at round trip %ld\n", i);
            return 1;
        }
        if (got != (unsigned char)(sent + 1)) bad = 1;
        c = got;
    }
    double dt = now() - t0;
    close(to_child[1]);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bad = 1;
    if (bad) fprintf(stderr, "FAIL: wrong byte came back or the child failed\n");
    printf("pipe pingpong: %.2f us/round trip\n", dt * 1e6 / n);
    return bad;
}
