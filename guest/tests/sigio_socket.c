/* sigio_socket: signal-driven I/O on AF_INET sockets (the socket(7) "Signals" rules, fcntl(2)
 * O_ASYNC/F_SETOWN/F_SETSIG): a UDP socket signals when a datagram arrives, a TCP listener when
 * a connection is queued, a connected TCP socket when data arrives; F_SETSIG gives si_code
 * POLL_IN and si_fd. The server loop of the primer's signal-driven model: wait in sigsuspend,
 * then drain with non-blocking calls until EAGAIN. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "check.h"

static volatile int ios, last_code, last_fd;
static void on_io(int s, siginfo_t *si, void *uc) {
    (void)s;
    (void)uc;
    ios++;
    last_code = si->si_code;
    last_fd = si->si_fd;
}

static int async_on(int fd, int sig) {
    fcntl(fd, F_SETOWN, getpid());
    if (sig) fcntl(fd, F_SETSIG, sig);
    return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC | O_NONBLOCK);
}

/* Waits (sigsuspend with the signal unblocked) until the handler has run n times. */
static int wait_for(int sig, int n) {
    sigset_t none;
    sigprocmask(SIG_SETMASK, NULL, &none);
    sigdelset(&none, sig);
    for (int i = 0; i < 50 && ios < n; i++) {
        alarm(2);
        sigsuspend(&none);
        alarm(0);
    }
    return ios >= n;
}

static void on_alarm(int s) { (void)s; }

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = on_io;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGIO, &sa, NULL);
    sigaction(SIGRTMIN, &sa, NULL);
    struct sigaction al = {0};
    al.sa_handler = on_alarm;
    sigaction(SIGALRM, &al, NULL);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGIO);
    sigaddset(&block, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &block, NULL);

    /* UDP */
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    bind(u, (struct sockaddr *)&a, sizeof a);
    getsockname(u, (struct sockaddr *)&a, &len);
    check_i64("UDP O_ASYNC", async_on(u, 0), 0);
    check_true("F_GETFL shows O_ASYNC", fcntl(u, F_GETFL) & O_ASYNC);
    int c = socket(AF_INET, SOCK_DGRAM, 0);
    sendto(c, "ping", 4, 0, (struct sockaddr *)&a, sizeof a);
    check_true("a datagram: SIGIO", wait_for(SIGIO, 1));
    char buf[64];
    int got = 0;
    while (recv(u, buf, sizeof buf, 0) > 0) got++;
    check_i64("drained until EAGAIN", errno == EAGAIN ? got : -1, 1);
    close(c);
    close(u);

    /* TCP listener and connection, with F_SETSIG */
    int l = socket(AF_INET, SOCK_STREAM, 0);
    a.sin_port = 0;
    bind(l, (struct sockaddr *)&a, sizeof a);
    len = sizeof a;
    getsockname(l, (struct sockaddr *)&a, &len);
    listen(l, 4);
    async_on(l, SIGRTMIN);
    int before = ios;
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    check_true("a connection queued: signal", wait_for(SIGRTMIN, before + 1));
    check_i64("si_code POLL_IN", last_code, POLL_IN);
    check_true("si_fd the listener", last_fd == l);
    int s = accept(l, NULL, NULL);
    check_true("accepted", s >= 0);
    async_on(s, SIGRTMIN);
    before = ios;
    write(c, "hello", 5);
    check_true("data: signal", wait_for(SIGRTMIN, before + 1));
    check_true("si_fd the connection", last_fd == s);
    check_i64("read it", read(s, buf, sizeof buf), 5);
    close(c);
    close(s);
    close(l);
    return finish("sigio_socket");
}
