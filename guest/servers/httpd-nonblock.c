/*
 * httpd-nonblock: non-blocking I/O in a polling loop (the primer's 非阻塞I/O model). Every
 * descriptor is O_NONBLOCK; one thread walks all of them over and over, trying accept(2),
 * read(2) and write(2) on each and taking EAGAIN as "not yet". Nothing ever waits, so the
 * loop burns a CPU even when no client sends anything.
 */
#include "http.h"
#include <sched.h>

static const char help[] =
    "I/O model: non-blocking I/O with a busy polling loop (非阻塞I/O, see the primer's\n"
    "网络I/O模型 chapter). All sockets are O_NONBLOCK; one thread keeps asking every socket\n"
    "in turn (accept/read/write) whether it is ready, and EAGAIN means \"not yet\". It never\n"
    "blocks, but it never sleeps either: it uses a whole CPU even when idle, and each round\n"
    "costs a system call per connection, so many idle connections slow down the busy ones.\n"
    "(After a round with no progress it calls sched_yield() so others may run.)\n";

static void added(struct conn *c) { (void) c; }

int main(int argc, char **argv) {
    server_name = "httpd-nonblock";
    server_model = "non-blocking, busy polling loop";
    struct options o = parse_options(argc, argv, help);
    int lfd = http_listen(&o, SOCK_NONBLOCK);
    while (!all_done(&o)) {
        long before = conns_accepted;
        int progress = 0;
        accept_all(lfd, &o, added);
        if (conns_accepted != before) progress = 1;
        for (int fd = 0; fd < conns_cap; fd++) {
            struct conn *c = conns[fd];
            if (!c) continue;
            size_t in = c->inlen, out = c->outlen;
            if (http_drive(c, 0) == CLOSE) {
                conn_close(c);
                progress = 1;
            } else if (c->inlen != in || c->outlen != out) {
                progress = 1;
            }
        }
        if (!progress) sched_yield();
    }
    return 0;
}
