/* shm_semaphore: two processes add to a counter in System V shared memory, without and with a
 * System V semaphore as the lock. */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "shm_semaphore: shmget() creates a segment of memory that several processes attach with\n"
    "shmat(): a store by one is at once visible to the others, with no copying - the fastest\n"
    "IPC, and just as unsafe as threads sharing a global variable. Here two processes each add\n"
    "1 to a counter in the segment 100000 times. counter = counter + 1 is a load, an add and a\n"
    "store, so without a lock the two interleave and updates are lost (the total falls short\n"
    "of 200000; with one CPU losses are rarer). Then the increment is guarded by a System V\n"
    "semaphore used as a lock: semop(-1) before (P: wait until the value is 1 and take it),\n"
    "semop(+1) after (V: give it back). The total is exact, at the price of two system calls\n"
    "per increment. SEM_UNDO makes the kernel give the lock back if a holder dies. The\n"
    "segment and the semaphore set are removed at the end (shmctl/semctl IPC_RMID).\n";

enum { N = 100000 };

struct shared {
    volatile long counter; /* volatile: really load and store each time */
    atomic_int ready;      /* start gate: both spin until both are running, so they overlap */
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int sem_op(int set, int delta) {
    struct sembuf op = {.sem_num = 0, .sem_op = (short)delta, .sem_flg = SEM_UNDO};
    return semop(set, &op, 1);
}

/* Runs two worker processes over the shared counter; returns its final value. */
static long run(struct shared *sh, int sem, int locked, double *seconds) {
    sh->counter = 0;
    atomic_store(&sh->ready, 0);
    fflush(stdout);
    double t0 = now();
    pid_t pids[2];
    for (int w = 0; w < 2; w++) {
        pids[w] = fork();
        if (pids[w] == 0) {
            atomic_fetch_add(&sh->ready, 1);
            while (atomic_load(&sh->ready) < 2) {
            }
            for (int i = 0; i < N; i++) {
                if (locked && sem_op(sem, -1)) _exit(1); /* P: enter the critical section */
                sh->counter = sh->counter + 1;
                if (locked && sem_op(sem, +1)) _exit(1); /* V: leave it */
            }
            _exit(0);
        }
    }
    int ok = 1, status;
    for (int w = 0; w < 2; w++) {
        waitpid(pids[w], &status, 0);
        ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    *seconds = now() - t0;
    if (!ok) printf("  (a worker failed: %s)\n", locked ? "semop error" : "?");
    return sh->counter;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    int shm = shmget(IPC_PRIVATE, sizeof(struct shared), IPC_CREAT | 0600);
    if (shm < 0) {
        printf("shmget(IPC_PRIVATE) failed: %s\n", strerror(errno));
        return 1;
    }
    struct shared *sh = shmat(shm, NULL, 0);
    if (sh == (void *)-1) {
        printf("shmat failed: %s\n", strerror(errno));
        shmctl(shm, IPC_RMID, NULL);
        return 1;
    }
    int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    if (sem < 0) {
        printf("semget(IPC_PRIVATE) failed: %s\n", strerror(errno));
        shmctl(shm, IPC_RMID, NULL);
        return 1;
    }
    semctl(sem, 0, SETVAL, 1); /* 1 = unlocked: a binary semaphore used as a mutex */
    struct shmid_ds ds;
    shmctl(shm, IPC_STAT, &ds);
    printf("shmget(IPC_PRIVATE, %zu bytes) -> shmid %d; shmat() put it at %p in this process\n"
           "(nattch %lu). fork() children inherit the attachment: the SAME physical memory.\n",
           sizeof(struct shared), shm, (void *)sh, (unsigned long)ds.shm_nattch);
    printf("semget(IPC_PRIVATE, 1 semaphore) -> semid %d, set to 1 with semctl(SETVAL).\n\n", sem);

    printf("Two processes each do counter = counter + 1 %d times. Expected: %d.\n", N, 2 * N);
    long worst = 2L * N, c = 0;
    double s = 0;
    for (int r = 1; r <= 10; r++) {
        c = run(sh, sem, 0, &s);
        printf("without a lock, run %d: counter = %ld (%.0f ms)\n", r, c, s * 1e3);
        if (c < worst) worst = c;
        if (c != 2L * N) break;
    }
    if (worst != 2L * N)
        printf("lost updates: %ld - both processes loaded the same value and both stored value+1.\n",
               2L * N - worst);
    else
        printf("lost updates: none this time (likely one CPU: a switch must fall exactly between the\n"
               "load and the store); the bug is still there, it just did not show.\n");

    printf("\nNow each increment is wrapped in semop(P) ... semop(V) on the semaphore:\n");
    c = run(sh, sem, 1, &s);
    printf("with the semaphore: counter = %ld (%.0f ms) - %s\n", c, s * 1e3,
           c == 2L * N ? "exact: only one process at a time was between P and V." : "WRONG?!");
    printf("It is slower: every increment now costs two semop() system calls, and a process that\n"
           "finds the semaphore at 0 sleeps until the other one's V wakes it.\n");

    shmdt(sh);
    shmctl(shm, IPC_RMID, NULL);
    semctl(sem, 0, IPC_RMID);
    printf("\nshmdt, then shmctl(IPC_RMID) and semctl(IPC_RMID): without them both objects would stay\n"
           "in the kernel after we exit (see them with ipcs, remove them with ipcrm).\n");
    return c == 2L * N ? 0 : 1;
}
