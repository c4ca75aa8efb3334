/* posix_mq_roundtrip: two processes bounce a small message through two POSIX message queues
 * (one each way) N times; each round trip is two mq_send, two mq_receive and two wake-ups of
 * a blocked receiver. Portable C: built for RISC-V (run under javix and qemu-riscv64) and
 * natively for the host.
 *
 *   posix_mq_roundtrip [N]     N round trips (default 50000); prints
 *                              "posix mq roundtrip: X us/round trip"
 *
 * The queues are named /bench_mq_PID_a and _b; they are unlinked right after fork (the open
 * descriptors are inherited and keep them alive). The child adds 1 to the number it receives
 * and the parent checks it. An untimed warm-up of N/4 round trips goes first. */
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
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
    long n = argc > 1 ? atol(argv[1]) : 50000;
    if (n < 1) {
        fprintf(stderr, "usage: %s [N > 0]\n", argv[0]);
        return 2;
    }
    char name_a[64], name_b[64];
    snprintf(name_a, sizeof name_a, "/bench_mq_%d_a", (int)getpid());
    snprintf(name_b, sizeof name_b, "/bench_mq_%d_b", (int)getpid());
    struct mq_attr attr = {.mq_maxmsg = 8, .mq_msgsize = sizeof(long)};
    mqd_t to_child = mq_open(name_a, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
    mqd_t to_parent = mq_open(name_b, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
    if (to_child == (mqd_t)-1 || to_parent == (mqd_t)-1) {
        perror("mq_open");
        mq_unlink(name_a);
        mq_unlink(name_b);
        return 1;
    }
    pid_t pid = fork();
    mq_unlink(name_a);
    mq_unlink(name_b);
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        long v;
        for (;;) {
            if (mq_receive(to_child, (char *)&v, sizeof v, NULL) != sizeof v) _exit(1);
            if (v < 0) _exit(0); /* the parent is done */
            v++;
            if (mq_send(to_parent, (char *)&v, sizeof v, 0)) _exit(1);
        }
    }
    int bad = 0;
    double t0 = 0;
    long v;
    for (long i = -(n / 4); i < n; i++) { /* i < 0: warm-up */
        if (i == 0) t0 = now();
        v = i + n;
        if (mq_send(to_child, (char *)&v, sizeof v, 0) ||
            mq_receive(to_parent, (char *)&v, sizeof v, NULL) != sizeof v) {
            perror("FAIL: mq_send/mq_receive");
            bad = 1;
            break;
        }
        if (v != i + n + 1) bad = 1;
    }
    double dt = now() - t0;
    v = -1;
    if (bad || mq_send(to_child, (char *)&v, sizeof v, 0)) {
        kill(pid, SIGKILL); /* it may be blocked in mq_receive */
        bad = 1;
    }
    int status;
    if (waitpid(pid, &status, 0) != pid ||
        !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bad = 1;
    if (bad) {
        fprintf(stderr, "FAIL: a wrong number came back or the child failed\n");
        return 1;
    }
    printf("posix mq roundtrip: %.2f us/round trip\n", dt * 1e6 / n);
    return 0;
}
