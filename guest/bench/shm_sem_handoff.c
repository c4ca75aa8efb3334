/* shm_sem_handoff: two processes take turns on a counter in System V shared memory, passing
 * the turn through two System V semaphores (sem 0: the parent's turn, sem 1: the child's).
 * Each hand-off is one semop V on the other's semaphore, one semop P on one's own and one
 * wake-up of a blocked process. Portable C: built for RISC-V (run under javix and
 * qemu-riscv64) and natively for the host.
 *
 *   shm_sem_handoff [N]     N round trips = 2N hand-offs (default 100000); prints
 *                           "shm sem handoff: X us/handoff"
 *
 * Both add 1 to the shared counter in their turn; at the end it must be exactly 2 * (N +
 * warm-up), which checks that the turns really alternated. The segment and semaphore set are
 * private (IPC_PRIVATE) and removed at the end. An untimed warm-up of N/4 round trips goes
 * first. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int sem_add(int set, int num, int delta) {
    struct sembuf op = {.sem_num = (unsigned short)num, .sem_op = (short)delta, .sem_flg = 0};
    return semop(set, &op, 1);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    if (n < 1) {
        fprintf(stderr, "usage: %s [N > 0]\n", argv[0]);
        return 2;
    }
    long total = n + n / 4;
    int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    int sem = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600); /* a new set starts at 0, 0 */
    if (shm < 0 || sem < 0) {
        perror(shm < 0 ? "shmget" : "semget");
        if (shm >= 0) shmctl(shm, IPC_RMID, NULL);
        return 1;
    }
    volatile long *counter = shmat(shm, NULL, 0);
    shmctl(shm, IPC_RMID, NULL); /* freed when both have detached (at exit) */
    if (counter == (void *)-1) {
        perror("shmat");
        semctl(sem, 0, IPC_RMID);
        return 1;
    }
    *counter = 0;
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        semctl(sem, 0, IPC_RMID);
        return 1;
    }
    if (pid == 0) {
        for (long i = 0; i < total; i++) {
            if (sem_add(sem, 1, -1)) _exit(1); /* wait for my turn */
            ++*counter;
            if (sem_add(sem, 0, 1)) _exit(1); /* give the turn back */
        }
        _exit(0);
    }
    int bad = 0;
    double t0 = 0;
    for (long i = -(n / 4); i < n; i++) { /* i < 0: warm-up */
        if (i == 0) t0 = now();
        ++*counter;
        if (sem_add(sem, 1, 1) || sem_add(sem, 0, -1)) {
            perror("FAIL: semop");
            bad = 1;
            break;
        }
    }
    double dt = now() - t0;
    if (bad) kill(pid, SIGKILL); /* it may be blocked for a turn that never comes */
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) bad = 1;
    if (!bad && *counter != 2 * total) {
        fprintf(stderr, "FAIL: counter is %ld, expected %ld\n", *counter, 2 * total);
        bad = 1;
    }
    semctl(sem, 0, IPC_RMID);
    if (bad) return 1;
    printf("shm sem handoff: %.2f us/handoff\n", dt * 1e6 / (2.0 * n));
    return 0;
}
