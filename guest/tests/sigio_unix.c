/* sigio_unix: signal-driven I/O on AF_UNIX sockets (socket(7) "Signals", fcntl(2) O_ASYNC,
 * F_SETOWN, F_SETSIG): O_ASYNC sticks on a stream and a datagram socket, data written to the
 * peer raises the F_SETSIG signal at the owner with si_code POLL_IN and si_fd, and without
 * F_SETSIG plain SIGIO arrives. The model of the primer's 信号驱动式I/O on a local socket. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile int rt_count, io_count, last_code, last_fd;

static void on_rt(int s, siginfo_t *si, void *uc) {
    (void)s;
    (void)uc;
    rt_count++;
    last_code = si->si_code;
    last_fd = si->si_fd;
}

static void on_io(int s) {
    (void)s;
    io_count++;
}

/* Waits (signals unblocked) until counter moves, at most ~1 s. */
static int wait_for(volatile int *counter, int before, sigset_t *waitmask) {
    for (int i = 0; i < 100 && *counter == before; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        sigprocmask(SIG_SETMASK, waitmask, NULL);
        nanosleep(&ts, NULL);
    }
    return *counter != before;
}

static void check_type(int type, const char *name) {
    int sv[2];
    check_true("socketpair", socketpair(AF_UNIX, type, 0, sv) == 0);
    int rt = SIGRTMIN + 1;
    check_true("F_SETOWN", fcntl(sv[1], F_SETOWN, getpid()) == 0);
    check_true("F_SETSIG", fcntl(sv[1], F_SETSIG, rt) == 0);
    check_true("F_SETFL O_ASYNC", fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_ASYNC | O_NONBLOCK) == 0);
    printf("%s: O_ASYNC set: %s\n", name, (fcntl(sv[1], F_GETFL) & O_ASYNC) ? "yes" : "no");

    sigset_t block, none;
    sigemptyset(&block);
    sigaddset(&block, rt);
    sigaddset(&block, SIGIO);
    sigemptyset(&none);
    sigprocmask(SIG_BLOCK, &block, NULL);
    int before = rt_count;
    check_true("write ping", write(sv[0], "ping", 4) == 4);
    int got = wait_for(&rt_count, before, &none);
    printf("%s: signal on data: %s, si_code POLL_IN: %s, si_fd right: %s\n", name, got ? "yes" : "no",
           last_code == POLL_IN ? "yes" : "no", last_fd == sv[1] ? "yes" : "no");
    char buf[8];
    printf("%s: read %zd\n", name, read(sv[1], buf, sizeof buf));
    errno = 0;
    printf("%s: drained: %s\n", name, read(sv[1], buf, sizeof buf) < 0 && errno == EAGAIN ? "EAGAIN" : "?");

    /* Without F_SETSIG the owner gets plain SIGIO. */
    check_true("F_SETSIG 0", fcntl(sv[1], F_SETSIG, 0) == 0);
    sigprocmask(SIG_BLOCK, &block, NULL);
    before = io_count;
    check_true("write pong", write(sv[0], "pong", 4) == 4);
    printf("%s: SIGIO without F_SETSIG: %s\n", name, wait_for(&io_count, before, &none) ? "yes" : "no");
    close(sv[0]);
    close(sv[1]);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    check_true("sigaction", sigaction(SIGRTMIN + 1, &sa, NULL) == 0);
    signal(SIGIO, on_io);
    check_type(SOCK_STREAM, "stream");
    check_type(SOCK_DGRAM, "dgram");
    check_type(SOCK_SEQPACKET, "seqpacket");
    return finish("sigio_unix");
}
