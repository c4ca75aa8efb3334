/*
 * httpd-sigio: signal-driven I/O (the primer's 信号驱动式I/O model). Every socket is
 * O_NONBLOCK|O_ASYNC with F_SETOWN = this process, so the kernel sends a signal when it
 * becomes readable or writable. F_SETSIG chooses a queued real-time signal, whose siginfo
 * carries the descriptor (si_fd) and the event (si_band); the server takes the signals one by
 * one with sigwaitinfo(2) and serves the socket named in each. If the real-time queue
 * overflows the kernel sends plain SIGIO instead, and the server then checks every socket.
 */
#include "http.h"

static const char help[] =
    "I/O model: signal-driven I/O (信号驱动式I/O, see the primer's 网络I/O模型 chapter).\n"
    "Each socket has O_ASYNC set and this process as its owner (F_SETOWN), so the kernel\n"
    "signals when the socket becomes readable or writable; F_SETSIG makes that a queued\n"
    "real-time signal carrying the descriptor in si_fd. The signals stay blocked and are\n"
    "taken synchronously with sigwaitinfo(), which names the socket to serve. Notification\n"
    "is by edge, so every socket is drained to EAGAIN. If the signal queue overflows the\n"
    "kernel sends a plain SIGIO and the server falls back to checking every socket.\n";

static int iosig;

static int make_async(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fcntl(fd, F_SETOWN, getpid()) < 0 || fcntl(fd, F_SETSIG, iosig) < 0 ||
            fcntl(fd, F_SETFL, fl | O_ASYNC | O_NONBLOCK) < 0)
        return -1;
    return 0;
}

static void added(struct conn *c) {
    if (make_async(c->fd) < 0) {
        conn_close(c);
        return;
    }
    /* Data may have arrived before O_ASYNC was set: no signal would tell of it. */
    if (http_drive(c, 1) == CLOSE) conn_close(c);
}

int main(int argc, char **argv) {
    server_name = "httpd-sigio";
    server_model = "signal-driven I/O (O_ASYNC, F_SETSIG)";
    struct options o = parse_options(argc, argv, help);
    iosig = SIGRTMIN + 1;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, iosig);
    sigaddset(&set, SIGIO);
    sigprocmask(SIG_BLOCK, &set, NULL); /* before any socket can signal */
    int lfd = http_listen(&o, SOCK_NONBLOCK);
    if (make_async(lfd) < 0) die("fcntl O_ASYNC");
    accept_all(lfd, &o, added);
    while (!all_done(&o)) {
        siginfo_t si;
        int sig = sigwaitinfo(&set, &si);
        if (sig < 0) {
            if (errno == EINTR) continue;
            die("sigwaitinfo");
        }
        if (sig == iosig && si.si_fd == lfd) {
            accept_all(lfd, &o, added);
        } else if (sig == iosig) {
            if (si.si_fd >= 0 && si.si_fd < conns_cap && conns[si.si_fd] && http_drive(conns[si.si_fd], 1) == CLOSE)
                conn_close(conns[si.si_fd]);
        } else { /* SIGIO: the queue overflowed, events were lost; look at everything */
            accept_all(lfd, &o, added);
            for (int fd = 0; fd < conns_cap; fd++)
                if (conns[fd] && http_drive(conns[fd], 1) == CLOSE) conn_close(conns[fd]);
        }
    }
    return 0;
}
