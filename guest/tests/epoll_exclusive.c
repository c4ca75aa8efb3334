/* epoll_exclusive: EPOLLEXCLUSIVE against the thundering herd (epoll_ctl(2)): three threads, each
 * sleeping in epoll_wait on its own epoll that watches one eventfd with EPOLLEXCLUSIVE; one write
 * wakes exactly one of them, and the others time out although the eventfd stays readable. Without
 * EPOLLEXCLUSIVE all three wake. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "check.h"

#define N 3
static int eps[N];
static int results[N];

static void *waiter(void *arg) {
    int i = (int)(intptr_t)arg;
    struct epoll_event ev;
    results[i] = epoll_wait(eps[i], &ev, 1, 400);
    return NULL;
}

static int run(uint32_t extra) {
    int efd = eventfd(0, EFD_NONBLOCK);
    for (int i = 0; i < N; i++) {
        eps[i] = epoll_create1(0);
        struct epoll_event ev = {.events = EPOLLIN | extra, .data.u64 = i};
        epoll_ctl(eps[i], EPOLL_CTL_ADD, efd, &ev);
    }
    pthread_t th[N];
    for (int i = 0; i < N; i++) pthread_create(&th[i], NULL, waiter, (void *)(intptr_t)i);
    usleep(150000); /* all three asleep in epoll_wait */
    uint64_t one = 1;
    write(efd, &one, 8);
    int woken = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        woken += results[i] == 1;
    }
    for (int i = 0; i < N; i++) close(eps[i]);
    close(efd);
    return woken;
}

int main(void) {
    check_i64("EPOLLEXCLUSIVE: one of three woken", run(EPOLLEXCLUSIVE), 1);
    check_i64("without it: all three", run(0), N);
    return finish("epoll_exclusive");
}
