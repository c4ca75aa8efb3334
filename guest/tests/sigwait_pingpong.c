/* sigwait_pingpong: signals passed back and forth thousands of times, each side waiting for
 * the next one in sigtimedwait with the signal blocked: between two threads (tgkill) and
 * between two processes (kill). Every signal is sent only after the peer waits for it or has
 * it pending, so a lost wake-up (the waiter missing a signal that arrived while it was
 * registering, the race rt_sigtimedwait must close) shows up as a 5-second timeout: the count
 * of round trips then falls short. */
#include "procs.h"
#include <pthread.h>
#include <sys/syscall.h>

enum { ROUNDS = 3000 };

static pid_t g_main_tid, g_peer_tid;
static long g_peer_rounds;

/* Waits up to 5 s for sig (blocked); 1 if it came. */
static int await(int sig) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    struct timespec five = {5, 0};
    int r;
    do r = sigtimedwait(&s, NULL, &five);
    while (r < 0 && errno == EINTR);
    return r == sig;
}

static void tgkill_(pid_t tid, int sig) {
    syscall(SYS_tgkill, getpid(), tid, sig);
}

static void *peer(void *arg) {
    (void)arg;
    g_peer_tid = (pid_t)syscall(SYS_gettid);
    tgkill_(g_main_tid, SIGUSR2); /* ready */
    for (long i = 0; i < ROUNDS; i++) {
        if (!await(SIGUSR1)) break;
        g_peer_rounds++;
        tgkill_(g_main_tid, SIGUSR2);
    }
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    sigset_t both;
    sigemptyset(&both);
    sigaddset(&both, SIGUSR1);
    sigaddset(&both, SIGUSR2);
    sigprocmask(SIG_BLOCK, &both, NULL); /* inherited by the thread and the child */

    /* threads */
    g_main_tid = (pid_t)syscall(SYS_gettid);
    pthread_t t;
    pthread_create(&t, NULL, peer, NULL);
    long rounds = 0;
    if (await(SIGUSR2)) {
        for (; rounds < ROUNDS; rounds++) {
            tgkill_(g_peer_tid, SIGUSR1);
            if (!await(SIGUSR2)) break;
        }
    }
    pthread_join(t, NULL);
    check_i64("round trips between threads", rounds, ROUNDS);
    check_i64("...seen by the peer thread", g_peer_rounds, ROUNDS);

    /* processes */
    pid_t parent = getpid();
    pid_t child = xfork();
    if (child == 0) {
        long n = 0;
        kill(parent, SIGUSR2); /* ready */
        for (; n < ROUNDS; n++) {
            if (!await(SIGUSR1)) break;
            kill(parent, SIGUSR2);
        }
        _exit(n == ROUNDS ? 0 : 1);
    }
    rounds = 0;
    if (await(SIGUSR2)) {
        for (; rounds < ROUNDS; rounds++) {
            kill(child, SIGUSR1);
            if (!await(SIGUSR2)) break;
        }
    }
    int st = wait_for(child, 0);
    check_i64("round trips between processes", rounds, ROUNDS);
    check_true("...seen by the child", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return finish("sigwait_pingpong");
}
