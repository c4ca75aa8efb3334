/*
 * httpd-epoll: I/O multiplexing with epoll, level-triggered (the primer's I/O复用 model,
 * epoll). The interest list lives in the kernel (epoll_ctl once per change), and
 * epoll_wait(2) returns only the ready descriptors: the cost of a round is proportional to
 * the number of ready connections, not of all connections.
 */
#include "http.h"
#include <sys/epoll.h>

static const char help[] =
    "I/O model: I/O multiplexing with epoll, level-triggered (I/O复用, see the primer's\n"
    "网络I/O模型 chapter). Connections are registered once with epoll_ctl(); the kernel\n"
    "keeps the interest list and a ready list, and epoll_wait() returns only the ready\n"
    "sockets, so a round costs O(ready), not O(connections): idle connections are free.\n"
    "Level-triggered: a socket is reported again as long as it stays readable, so one\n"
    "read() per event is enough.\n";

static int ep;

static void added(struct conn *c) {
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) conn_close(c);
}

int main(int argc, char **argv) {
    server_name = "httpd-epoll";
    server_model = "I/O multiplexing with epoll, level-triggered";
    struct options o = parse_options(argc, argv, help);
    int lfd = http_listen(&o, SOCK_NONBLOCK);
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev) < 0) die("epoll_ctl");
    struct epoll_event evs[256];
    int listening = 1;
    while (!all_done(&o)) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (c == NULL) {
                accept_all(lfd, &o, added);
                if (listening && o.max_conns && conns_accepted >= o.max_conns) {
                    epoll_ctl(ep, EPOLL_CTL_DEL, lfd, NULL);
                    listening = 0;
                }
                continue;
            }
            int wanted = c->outlen ? EPOLLOUT : EPOLLIN;
            enum drive d = http_drive(c, 0);
            if (d == CLOSE) {
                conn_close(c); /* close() also drops the registration */
                continue;
            }
            int want = d == WANT_WRITE ? EPOLLOUT : EPOLLIN;
            if (want != wanted) {
                struct epoll_event ev = {.events = (uint32_t) want, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
            }
        }
    }
    return 0;
}
