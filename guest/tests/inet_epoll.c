/* inet_epoll: epoll(7) over TCP sockets: a listener reported readable when a connection
 * arrives, EPOLLIN for data (level-triggered: again while unread; edge-triggered: once per
 * arrival), EPOLLOUT on a writable connection, EPOLLRDHUP after the peer's shutdown(SHUT_WR),
 * EPOLLHUP|EPOLLERR after a reset of an open connection, and EPOLLONESHOT disarming. */
#include "procs.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include "inet.h"

static int wait1(int ep, int timeout, struct epoll_event *ev) {
    return epoll_wait(ep, ev, 1, timeout);
}

int main(void) {
    struct sockaddr_in a;
    int s = listen_lo(&a, 4);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = s}, out;
    check_i64("add listener", epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev), 0);
    check_i64("idle listener", wait1(ep, 0, &out), 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    check_i64("listener ready", wait1(ep, 10000, &out), 1);
    check_true("listener EPOLLIN", out.data.fd == s && out.events == EPOLLIN);
    int x = accept(s, NULL, NULL);
    epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL);

    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    ev.data.fd = x;
    epoll_ctl(ep, EPOLL_CTL_ADD, x, &ev);
    check_i64("writable", wait1(ep, 10000, &out), 1);
    check_i64("EPOLLOUT only", out.events, EPOLLOUT);
    ev.events = EPOLLIN | EPOLLRDHUP;
    epoll_ctl(ep, EPOLL_CTL_MOD, x, &ev);
    check_i64("nothing to read", wait1(ep, 0, &out), 0);
    write(c, "12", 2);
    check_i64("data", wait1(ep, 10000, &out), 1);
    check_i64("EPOLLIN", out.events, EPOLLIN);
    check_i64("level-triggered: again", wait1(ep, 0, &out), 1);
    char b[8];
    read(x, b, 1);
    check_i64("still one byte", wait1(ep, 0, &out), 1);
    read(x, b, 1);
    check_i64("drained", wait1(ep, 0, &out), 0);

    ev.events = EPOLLIN | EPOLLET;
    epoll_ctl(ep, EPOLL_CTL_MOD, x, &ev);
    write(c, "3", 1);
    check_i64("edge", wait1(ep, 10000, &out), 1);
    check_i64("edge reported once", wait1(ep, 100, &out), 0);
    write(c, "4", 1);
    check_i64("a new arrival is a new edge", wait1(ep, 10000, &out), 1);
    check_i64("read both", read(x, b, sizeof b), 2);

    ev.events = EPOLLIN | EPOLLONESHOT;
    epoll_ctl(ep, EPOLL_CTL_MOD, x, &ev);
    write(c, "5", 1);
    check_i64("oneshot", wait1(ep, 10000, &out), 1);
    write(c, "6", 1);
    check_i64("disarmed", wait1(ep, 100, &out), 0);
    read(x, b, sizeof b);

    ev.events = EPOLLIN | EPOLLRDHUP;
    epoll_ctl(ep, EPOLL_CTL_MOD, x, &ev);
    shutdown(c, SHUT_WR);
    check_i64("peer shut down", wait1(ep, 10000, &out), 1);
    check_i64("EPOLLIN|EPOLLRDHUP", out.events, EPOLLIN | EPOLLRDHUP);
    check_i64("EOF", read(x, b, sizeof b), 0);
    close(x);
    close(c);

    /* A reset of an open connection: the peer closes with SO_LINGER 0. */
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    x = accept(s, NULL, NULL);
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = x;
    epoll_ctl(ep, EPOLL_CTL_ADD, x, &ev);
    struct linger lg = {1, 0};
    setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(c);
    check_i64("reset wakes", wait1(ep, 10000, &out), 1);
    check_i64("reset: EPOLLHUP|EPOLLERR", out.events & (EPOLLHUP | EPOLLERR), EPOLLHUP | EPOLLERR);
    close(x);
    close(s);
    close(ep);
    return finish("inet_epoll");
}
