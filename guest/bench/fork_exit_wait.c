/* fork_exit_wait: the cost of a process's whole life: fork(), the child _exit(0)s at once,
 * the parent waitpid()s for it. Portable C: built for RISC-V (run under javix and
 * qemu-riscv64) and natively for the host.
 *
 *   fork_exit_wait [N]    N forks (default 800); prints "fork+exit+wait: X us/iter"
 *
 * qemu-riscv64 forks the whole emulator (a host fork of a large process, page tables and
 * all); javix forks inside its own JVM: a new guest process sharing the host process.
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
    long n = argc > 1 ? atol(argv[1]) : 800;
    if (n < 1) {
        fprintf(stderr, "usage: %s [N > 0]\n", argv[0]);
        return 2;
    }
    double t0 = 0;
    for (long i = -(n / 4); i < n; i++) { /* i < 0: warm-up */
        if (i == 0) t0 = now();
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) _exit(0);
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "FAIL: waitpid for child %ld (iteration %ld): status 0x%x\n",
                    (long)pid, i, status);
            return 1;
        }
    }
    double dt = now() - t0;
    printf("fork+exit+wait: %.1f us/iter\n", dt * 1e6 / n);
    return 0;
}
