/*
 * httpd-poll: I/O multiplexing with poll(2) (the primer's I/O复用 model, poll). Like select
 * but with an array of struct pollfd: no FD_SETSIZE limit, yet still the whole array goes to
 * the kernel and back every round and is scanned in O(n).
 */
#include "http.h"
#include <poll.h>

static const char help[] =
    "I/O model: I/O multiplexing with poll() (I/O复用, see the primer's 网络I/O模型 chapter).\n"
    "One thread blocks in poll() on an array of struct pollfd (one per connection plus the\n"
    "listening socket), then serves the entries whose revents are set. No FD_SETSIZE limit\n"
    "as with select(), but every round still copies the whole array into the kernel, which\n"
    "checks every entry, and back: O(n) in the number of connections.\n";

static struct pollfd *pfd;
static int npfd, cap;

static void added(struct conn *c) {
    if (npfd == cap) {
        cap = cap ? cap * 2 : 1024;
        pfd = realloc(pfd, (size_t) cap * sizeof *pfd);
        if (!pfd) die("realloc");
    }
    pfd[npfd++] = (struct pollfd) {.fd = c->fd, .events = POLLIN};
}

int main(int argc, char **argv) {
    server_name = "httpd-poll";
    server_model = "I/O multiplexing with poll()";
    struct options o = parse_options(argc, argv, help);
    int lfd = http_listen(&o, SOCK_NONBLOCK);
    cap = 1024;
    pfd = malloc((size_t) cap * sizeof *pfd);
    pfd[npfd++] = (struct pollfd) {.fd = lfd, .events = POLLIN};
    while (!all_done(&o)) {
        /* -n reached: stop watching the listening socket (a negative fd is ignored). */
        if (o.max_conns && conns_accepted >= o.max_conns) pfd[0].fd = -1;
        int n = poll(pfd, (nfds_t) npfd, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("poll");
        }
        int end = npfd; /* entries added while accepting are polled next round */
        for (int i = 1; i < end; i++) {
            if (!pfd[i].revents) continue;
            struct conn *c = conns[pfd[i].fd];
            enum drive d = http_drive(c, 0);
            if (d == CLOSE) {
                conn_close(c);
                pfd[i].fd = -1;
            } else {
                pfd[i].events = d == WANT_WRITE ? POLLOUT : POLLIN;
            }
        }
        if (pfd[0].revents & POLLIN) accept_all(lfd, &o, added);
        /* compact the array: closed entries (fd -1) go */
        int k = 1;
        for (int i = 1; i < npfd; i++)
            if (pfd[i].fd >= 0) pfd[k++] = pfd[i];
        npfd = k;
    }
    return 0;
}
