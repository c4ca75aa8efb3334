/* sysv_msg_roundtrip: two processes bounce a small message through one System V message
 * queue N times; the message type says who it is for (1: the child, 2: the parent). Each round
 * trip is two msgsnd, two msgrcv and two wake-ups of a blocked receiver. Portable C: built for
 * RISC-V (run under javix and qemu-riscv64) and natively for the host.
 *
 *   sysv_msg_roundtrip [N]     N round trips (default 50000); prints
 *                              "sysv msg roundtrip: X us/round trip"
 *
 * The child adds 1 to the number it receives and the parent checks it. The queue is private
 * (IPC_PRIVATE) and removed at the end. An untimed warm-up of N/4 round trips goes first. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct message {
    long mtype;
    long value;
};

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
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    if (q < 0) {
        perror("msgget");
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        msgctl(q, IPC_RMID, NULL);
        return 1;
    }
    if (pid == 0) {
        struct message m;
        for (;;) {
            if (msgrcv(q, &m, sizeof m.value, 1, 0) != sizeof m.value) _exit(1);
            if (m.value < 0) _exit(0); /* the parent is done */
            m.mtype = 2;
            m.value++;
            if (msgsnd(q, &m, sizeof m.value, 0)) _exit(1);
        }
    }
    int bad = 0;
    double t0 = 0;
    struct message m;
    for (long i = -(n / 4); i < n; i++) { /* i < 0: warm-up */
        if (i == 0) t0 = now();
        m.mtype = 1;
        m.value = i + n;
        if (msgsnd(q, &m, sizeof m.value, 0) || msgrcv(q, &m, sizeof m.value, 2, 0) != sizeof m.value) {
            perror("FAIL: msgsnd/msgrcv");
            bad = 1;
            break;
        }
        if (m.value != i + n + 1) bad = 1;
    }
    double dt = now() - t0;
    m.mtype = 1;
    m.value = -1;
    if (bad || msgsnd(q, &m, sizeof m.value, 0)) {
        msgctl(q, IPC_RMID, NULL); /* wakes the child's msgrcv with EIDRM */
        bad = 1;
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        bad = 1;
    msgctl(q, IPC_RMID, NULL);
    if (bad) {
        fprintf(stderr, "FAIL: a wrong number came back or the child failed\n");
        return 1;
    }
    printf("sysv msg roundtrip: %.2f us/round trip\n", dt * 1e6 / n);
    return 0;
}
