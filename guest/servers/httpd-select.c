/*
 * httpd-select: I/O multiplexing with select(2) (the primer's I/O复用 model, select). Every
 * round rebuilds the fd_sets, hands all of them to the kernel, and then scans every
 * descriptor up to the highest one to find the ready ones: O(n) per round in the number of
 * connections, and no descriptor at or above FD_SETSIZE (1024) can be watched at all.
 */
#include "http.h"
#include <sys/select.h>

static const char help[] =
    "I/O model: I/O multiplexing with select() (I/O复用, see the primer's 网络I/O模型\n"
    "chapter). One thread blocks in select() until some socket is ready, then reads or writes\n"
    "the ready ones without blocking. Each round copies the fd_sets in and out of the kernel\n"
    "and scans every descriptor up to the highest: O(n) in the number of connections, busy\n"
    "or not. Descriptors >= FD_SETSIZE (1024) cannot be watched, so such connections are\n"
    "refused (closed at once).\n";

static int maxfd;
static void added(struct conn *c) {
    if (c->fd >= FD_SETSIZE) { /* select cannot watch it */
        conn_close(c);
        return;
    }
    if (c->fd > maxfd) maxfd = c->fd;
}

int main(int argc, char **argv) {
    server_name = "httpd-select";
    server_model = "I/O multiplexing with select()";
    struct options o = parse_options(argc, argv, help);
    int lfd = http_listen(&o, SOCK_NONBLOCK);
    if (lfd >= FD_SETSIZE) die("listening socket above FD_SETSIZE");
    maxfd = lfd;
    while (!all_done(&o)) {
        fd_set rd, wr;
        FD_ZERO(&rd);
        FD_ZERO(&wr);
        int listening = o.max_conns == 0 || conns_accepted < o.max_conns;
        if (listening) FD_SET(lfd, &rd);
        int top = lfd;
        for (int fd = 0; fd <= maxfd && fd < conns_cap; fd++) {
            struct conn *c = conns[fd];
            if (!c) continue;
            FD_SET(fd, c->outlen ? &wr : &rd);
            top = fd;
        }
        maxfd = top;
        int n = select(top + 1, &rd, &wr, NULL, NULL);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("select");
        }
        if (listening && FD_ISSET(lfd, &rd)) accept_all(lfd, &o, added);
        for (int fd = 0; fd <= top && fd < conns_cap; fd++) {
            struct conn *c = conns[fd];
            if (c && (FD_ISSET(fd, &rd) || FD_ISSET(fd, &wr)) && http_drive(c, 0) == CLOSE) conn_close(c);
        }
    }
    return 0;
}
