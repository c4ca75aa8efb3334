/* epoll_pwait2: epoll_pwait with a struct timespec timeout (Linux 5.11). qemu-riscv64 does not
 * implement it (ENOSYS), so LinuxSemanticsTest compares this program's output under javix with
 * epoll_pwait2.expected, written from epoll_wait(2) and fs/eventpoll.c: a NULL timeout waits
 * forever, the timeout is not written back (unlike select), an invalid timespec is EINVAL, a
 * sigset size other than 8 is EINVAL, and the temporary mask is in force while it sleeps.
 * Also epoll_pwait's mask: a signal that arrives while the mask blocks it stays pending and is
 * delivered when the old mask comes back (qemu-riscv64 loses it). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "../tests/check.h"

static long rc(long r) { return r < 0 ? -errno : r; }
static volatile int got;
static void on_alarm(int s) { (void)s; got++; }

int main(void) {
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull}, evs[4];
    int ep = epoll_create1(0), p[2];
    pipe(p);
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    struct timespec ts = {0, 20 * 1000000}, a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    check_i64("pwait2 timeout", rc(syscall(SYS_epoll_pwait2, ep, evs, 4, &ts, NULL, 8)), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    check_true("waited at least 20ms", ms >= 19);
    check_true("timeout not written back", ts.tv_sec == 0 && ts.tv_nsec == 20 * 1000000);
    struct timespec bad = {0, 1000000000}, neg = {-1, 0};
    check_i64("tv_nsec too big", rc(syscall(SYS_epoll_pwait2, ep, evs, 4, &bad, NULL, 8)), -EINVAL);
    check_i64("negative tv_sec", rc(syscall(SYS_epoll_pwait2, ep, evs, 4, &neg, NULL, 8)), -EINVAL);
    sigset_t ss;
    sigemptyset(&ss);
    check_i64("sigsetsize 4", rc(syscall(SYS_epoll_pwait2, ep, evs, 4, &ts, &ss, 4)), -EINVAL);
    check_i64("maxevents 0", rc(syscall(SYS_epoll_pwait2, ep, evs, 0, &ts, NULL, 8)), -EINVAL);
    write(p[1], "k", 1);
    check_i64("ready", rc(syscall(SYS_epoll_pwait2, ep, evs, 4, &ts, NULL, 8)), 1);
    check_u64("data", evs[0].data.u64, 0x1122334455667788ull);
    check_i64("NULL timeout with data", rc(syscall(SYS_epoll_pwait2, ep, evs, 4, NULL, NULL, 8)), 1);
    char c;
    read(p[0], &c, 1);
    /* a signal unblocked by the temporary mask interrupts the wait: EINTR, even with SA_RESTART */
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    sigset_t block, empty;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigemptyset(&empty);
    ualarm(20000, 0);
    check_i64("EINTR under the temporary mask", rc(syscall(SYS_epoll_pwait2, ep, evs, 4, NULL, &empty, 8)), -EINTR);
    check_i64("handler ran", got, 1);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    check_true("old mask restored", sigismember(&now, SIGALRM));
    ualarm(10000, 0);
    check_i64("epoll_pwait with SIGALRM blocked times out", rc(epoll_pwait(ep, evs, 4, 60, &block)), 0);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    for (int i = 0; i < 200 && got < 2; i++) usleep(5000); /* (a late timer on a loaded host) */
    check_i64("handler ran once the signal was unblocked", got, 2);
    return finish("epoll_pwait2");
}
