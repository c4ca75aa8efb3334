/* fork_exit_wait: the cost of a process's whole life: fork(), the child _exit(0)s at once,
 * the parent waitpid()s for it. Portable C: built for RISC-V (run under javix and
 * qemu-riscv64) and natively for the host.
 *
 *   fork_exit_wait [N]    N forks (default 800); prints "fork+exit+wait: X us/iter"
 *
 * qemu-riscv64 forks the whole emulator (a host fork of a large process, page tables and
 * all); javix forks inside its own JVM: a new guest process sharing the host process.
 *
 * The timed loop follows an untimed warm-up (see warm_loop.h). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "warm_loop.h"
#include <unistd.h>


/* One fork + _exit + waitpid; returns 0 (after a message) on failure. */
static int once(long i) {
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 0;
    }
    if (pid == 0) _exit(0);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "FAIL: waitpid for child %ld (iteration %ld): status 0x%x\n", (long)pid, i, status);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 800;
    if (n < 1) {
        fprintf(stderr, "usage: %s [N > 0]\n", argv[0]);
        return 2;
    }
    double dt = timed_after_warmup(n, once);
    if (dt < 0) return 1;
    printf("fork+exit+wait: %.1f us/iter\n", dt * 1e6 / n);
    return 0;
}
