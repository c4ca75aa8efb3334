/*
 * httpd-epoll-et: I/O multiplexing with epoll, edge-triggered (EPOLLET). Each connection is
 * registered once for both directions; epoll_wait(2) reports a socket only when its state
 * changes, so the server must read and write until EAGAIN every time, or it would never hear
 * about that socket again.
 */
#include "http.h"
#include <sys/epoll.h>

static const char help[] =
    "I/O model: I/O multiplexing with epoll, edge-triggered (I/O复用, see the primer's\n"
    "网络I/O模型 chapter). Each socket is registered once with EPOLLIN|EPOLLOUT|EPOLLET and\n"
    "never modified again. epoll_wait() reports a socket only when it *becomes* readable or\n"
    "writable, so on every event the server reads (and accepts) until EAGAIN: data left\n"
    "unread would never be reported again. Fewer epoll_ctl() calls and wake-ups than\n"
    "level-triggered, at the price of that discipline.\n";

static int ep;

static void added(struct conn *c) {
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) conn_close(c);
}

int main(int argc, char **argv) {
    server_name = "httpd-epoll-et";
    server_model = "I/O multiplexing with epoll, edge-triggered";
    struct options o = parse_options(argc, argv, help);
    int lfd = http_listen(&o, SOCK_NONBLOCK);
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    struct epoll_event lev = {.events = EPOLLIN | EPOLLET, .data.ptr = NULL};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev) < 0) die("epoll_ctl");
    struct epoll_event evs[256];
    while (!all_done(&o)) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (c == NULL) accept_all(lfd, &o, added);
            else if (http_drive(c, 1) == CLOSE) conn_close(c);
        }
    }
    return 0;
}
