/* inet_async: signal-driven I/O on TCP sockets (fcntl(2) O_ASYNC, F_SETOWN, F_SETSIG): SIGIO
 * when a connection arrives at a listener and when data arrives on a connection, none while
 * O_ASYNC is off, and a real-time F_SETSIG signal with si_fd and si_code POLL_IN. The bridge's
 * event thread wakes the socket's wait queue on every readiness change; this checks that the
 * wake-up reaches the signal. */
#include "procs.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "inet.h"

static volatile sig_atomic_t sigio_count, rt_fd = -1, rt_code;

static void on_sigio(int s) { (void)s; sigio_count++; }

static void on_rt(int s, siginfo_t *si, void *u) {
    (void)s;
    (void)u;
    rt_fd = si->si_fd;
    rt_code = si->si_code;
}

/* Waits up to 10 s for *flag to reach want (signals interrupt the pause). */
static int await(volatile sig_atomic_t *flag, int want) {
    for (int i = 0; i < 1000 && *flag != want; i++) usleep(10000);
    return *flag == want;
}

int main(void) {
    signal(SIGIO, on_sigio);
    struct sockaddr_in a;
    int s = listen_lo(&a, 4);
    check_i64("F_SETOWN listener", fcntl(s, F_SETOWN, getpid()), 0);
    check_i64("O_ASYNC listener", fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_ASYNC), 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    check_i64("connect", connect(c, (struct sockaddr *)&a, sizeof a), 0);
    check_true("SIGIO for a connection to accept", await(&sigio_count, 1));
    int x = accept(s, NULL, NULL);
    check_true("accept", x >= 0);

    /* Data on the accepted connection: nothing without O_ASYNC, SIGIO with it. */
    sigio_count = 0;
    fcntl(x, F_SETOWN, getpid());
    write(c, "a", 1);
    usleep(200000);
    check_i64("no SIGIO without O_ASYNC", sigio_count, 0);
    char b[8];
    read(x, b, sizeof b);
    fcntl(x, F_SETFL, fcntl(x, F_GETFL) | O_ASYNC);
    write(c, "b", 1);
    check_true("SIGIO for data", await(&sigio_count, 1));
    read(x, b, sizeof b);

    /* F_SETSIG: a real-time signal that says which fd and why. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    check_i64("F_SETSIG", fcntl(x, F_SETSIG, SIGRTMIN + 1), 0);
    write(c, "c", 1);
    check_true("F_SETSIG signal", await(&rt_fd, x));
    check_i64("si_code POLL_IN", rt_code, POLL_IN);
    close(x);
    close(c);
    close(s);
    return finish("inet_async");
}
