/* epoll_nested: an epoll fd is itself pollable (poll, select, another epoll), loops and nesting
 * deeper than EP_MAX_NESTS are ELOOP, and blocking waits are woken by another process, a
 * thread, a timeout or a signal (EINTR even under SA_RESTART, signal(7)). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static long rc(long r) { return r < 0 ? -errno : r; }

static int add(int ep, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev = {.events = events, .data.u64 = data};
    return rc(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
}

static int wfd;
static void *writer(void *arg) {
    (void)arg;
    usleep(20000);
    write(wfd, "t", 1);
    return NULL;
}

static volatile int alarms;
static void on_alarm(int s) { (void)s; alarms++; }

int main(void) {
    struct epoll_event evs[4];
    int inner = epoll_create1(0), outer = epoll_create1(0), p[2];
    pipe(p);
    add(inner, p[0], EPOLLIN, 1);
    check_i64("nest inner in outer", add(outer, inner, EPOLLIN, 2), 0);
    check_i64("outer quiet", rc(epoll_wait(outer, evs, 4, 0)), 0);
    struct pollfd pf = {.fd = inner, .events = POLLIN | POLLOUT};
    check_i64("poll(epoll) quiet", rc(poll(&pf, 1, 0)), 0);
    write(p[1], "x", 1);
    check_i64("outer sees inner ready", rc(epoll_wait(outer, evs, 4, 0)), 1);
    check_u32("as EPOLLIN", evs[0].events, EPOLLIN);
    check_u64("outer data", evs[0].data.u64, 2);
    check_i64("poll(epoll) ready", rc(poll(&pf, 1, 0)), 1);
    check_u32("poll revents", pf.revents, POLLIN);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(inner, &rs);
    struct timeval tv = {0, 0};
    check_i64("select(epoll) ready", rc(select(inner + 1, &rs, NULL, NULL, &tv)), 1);
    check_i64("inner still has the event", rc(epoll_wait(inner, evs, 4, 0)), 1);
    char c;
    read(p[0], &c, 1);
    check_i64("drained: outer quiet", rc(epoll_wait(outer, evs, 4, 0)), 0);

    /* loops */
    check_i64("cycle outer into inner", add(inner, outer, EPOLLIN, 3), -ELOOP);
    int e[7];
    for (int i = 0; i < 7; i++) e[i] = epoll_create1(0);
    int depth_ok = 0;
    for (int i = 1; i < 7; i++) {
        int r = add(e[i], e[i - 1], EPOLLIN, i);
        if (r == 0) depth_ok = i;
        else {
            check_i64("too deep", r, -ELOOP);
            break;
        }
    }
    check_i64("chain length accepted", depth_ok, 4);
    check_i64("deep cycle", add(e[0], e[4], EPOLLIN, 9), -ELOOP);
    int top = epoll_create1(0);
    check_i64("on top of a full chain", add(top, e[4], EPOLLIN, 9), -ELOOP);
    check_i64("below the chain's bottom", add(e[0], top, EPOLLIN, 9), -ELOOP);
    for (int i = 0; i < 7; i++) close(e[i]);
    close(top);

    /* blocking: woken by a child process */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(20000);
        write(p[1], "c", 1);
        _exit(0);
    }
    check_i64("woken by a child's write", rc(epoll_wait(outer, evs, 4, 5000)), 1);
    waitpid(pid, NULL, 0);
    read(p[0], &c, 1);
    /* woken by a thread, in the inner epoll directly */
    wfd = p[1];
    pthread_t th;
    pthread_create(&th, NULL, writer, NULL);
    check_i64("woken by a thread", rc(epoll_wait(inner, evs, 4, 5000)), 1);
    check_u64("inner data", evs[0].data.u64, 1);
    pthread_join(th, NULL);
    read(p[0], &c, 1);

    /* a signal interrupts even with SA_RESTART; SIGALRM stays blocked until epoll_pwait's mask
     * opens it, so a slow start cannot let it arrive before the wait */
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    sigset_t alrm, open_mask;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, &open_mask);
    ualarm(20000, 0);
    check_i64("EINTR", rc(epoll_pwait(outer, evs, 4, -1, &open_mask)), -EINTR);
    sigprocmask(SIG_SETMASK, &open_mask, NULL);
    check_i64("handler ran", alarms, 1);
    /* epoll_pwait's temporary mask and a signal that arrives under it: guest/linux/epoll_pwait2.c
     * (qemu-riscv64 loses such a signal) */
    /* a message queue descriptor is a regular file with a poll operation: epoll takes it */
    struct mq_attr at = {.mq_maxmsg = 2, .mq_msgsize = 16};
    mqd_t mq = mq_open("/epoll_nested_mq", O_RDWR | O_CREAT, 0600, &at);
    check_i64("epoll takes an mqueue", add(inner, mq, EPOLLIN, 12), 0);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        usleep(20000);
        mq_send(mq, "m", 1, 0);
        _exit(0);
    }
    check_i64("woken by mq_send in a child", rc(epoll_wait(inner, evs, 4, 5000)), 1);
    check_u64("mqueue data", evs[0].data.u64, 12);
    waitpid(pid, NULL, 0);
    mq_close(mq);
    mq_unlink("/epoll_nested_mq");

    close(outer);
    write(p[1], "y", 1);
    check_i64("inner unaffected by closing outer", rc(epoll_wait(inner, evs, 4, 0)), 1);
    close(inner);
    return finish("epoll_nested");
}
