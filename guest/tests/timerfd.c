/* timerfd: timerfd_create clocks and flags, settime/gettime (relative, TFD_TIMER_ABSTIME on
 * CLOCK_MONOTONIC and CLOCK_REALTIME, intervals, disarming, the old value), expiration counts
 * read as a u64 (EINVAL under 8 bytes, EAGAIN when none), and readiness in poll/epoll
 * (timerfd_create(2)). Times are checked as ranges, never printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long rc(long r) { return r < 0 ? -errno : r; }
static uint64_t rd(int fd) {
    uint64_t v = 0;
    if (read(fd, &v, 8) != 8) return (uint64_t)-errno;
    return v;
}
static long ms(struct timespec t) { return t.tv_sec * 1000 + t.tv_nsec / 1000000; }

int main(void) {
    check_i64("bad clock", rc(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0)), -EINVAL);
    check_i64("bad flags", rc(timerfd_create(CLOCK_MONOTONIC, 1)), -EINVAL);
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    check_true("cloexec", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    int b7 = timerfd_create(CLOCK_BOOTTIME, 0);
    check_true("CLOCK_BOOTTIME", b7 >= 0);
    close(b7);
    struct itimerspec it = {0}, old;
    check_i64("settime bad flags", rc(timerfd_settime(fd, 4, &it, NULL)), -EINVAL);
    it.it_value.tv_nsec = 1000000000;
    check_i64("settime bad nsec", rc(timerfd_settime(fd, 0, &it, NULL)), -EINVAL);
    it.it_value.tv_nsec = 0;
    check_i64("settime EBADF", rc(timerfd_settime(99, 0, &it, NULL)), -EBADF);
    check_i64("settime on a pipe", rc(timerfd_settime(0, 0, &it, NULL)), -EINVAL);
    check_i64("gettime on a pipe", rc(timerfd_gettime(0, &old)), -EINVAL);
    uint32_t small;
    check_i64("short read", rc(read(fd, &small, 4)), -EINVAL);
    check_u64("unarmed: EAGAIN", rd(fd), (uint64_t)-EAGAIN);
    check_i64("gettime unarmed", rc(timerfd_gettime(fd, &old)), 0);
    check_true("unarmed value 0", old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);

    /* one-shot, relative (long enough that "not yet" holds on a loaded machine) */
    it.it_value.tv_nsec = 300 * 1000000;
    timerfd_settime(fd, 0, &it, NULL);
    timerfd_gettime(fd, &old);
    check_true("gettime counts down", ms(old.it_value) <= 300 && (old.it_value.tv_sec | old.it_value.tv_nsec) != 0);
    check_u64("not yet", rd(fd), (uint64_t)-EAGAIN);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    check_i64("poll until it fires", rc(poll(&p, 1, 1000)), 1);
    check_u64("one expiration", rd(fd), 1);
    check_u64("reset by the read", rd(fd), (uint64_t)-EAGAIN);
    timerfd_gettime(fd, &old);
    check_true("expired one-shot is disarmed", old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);

    /* periodic: 10 ms, counted while nobody reads */
    it.it_value.tv_nsec = 10 * 1000000;
    it.it_interval.tv_nsec = 10 * 1000000;
    timerfd_settime(fd, 0, &it, NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    usleep(55000);
    uint64_t n = rd(fd);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long elapsed = ms(t1) - ms(t0);
    check_true("one expiration per 10ms slept, missed ones counted", n >= 5 && (long)n <= elapsed / 10 + 1);
    timerfd_gettime(fd, &old);
    check_true("interval reported", old.it_interval.tv_nsec == 10 * 1000000 && old.it_interval.tv_sec == 0);
    struct itimerspec off = {0};
    check_i64("disarm", rc(timerfd_settime(fd, 0, &off, &old)), 0);
    check_true("old value returned", old.it_interval.tv_nsec == 10 * 1000000);
    usleep(20000);
    check_u64("disarmed: nothing", rd(fd), (uint64_t)-EAGAIN);

    /* absolute on CLOCK_MONOTONIC, and one already past */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    it = (struct itimerspec){0};
    it.it_value = now;
    it.it_value.tv_nsec += 20 * 1000000;
    if (it.it_value.tv_nsec >= 1000000000) it.it_value.tv_sec++, it.it_value.tv_nsec -= 1000000000;
    timerfd_settime(fd, TFD_TIMER_ABSTIME, &it, NULL);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 3}, out[1];
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    check_i64("epoll wakes on expiry", rc(epoll_wait(ep, out, 1, 1000)), 1);
    check_u64("abs expiration", rd(fd), 1);
    /* CLOCK_MONOTONIC counts from boot, and javix "boots" when the program starts: make sure
     * it has run for a second, so "a second ago" exists on both */
    do {
        usleep(50000);
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (now.tv_sec < 1);
    it.it_value = now; /* already past when settime runs */
    timerfd_settime(fd, TFD_TIMER_ABSTIME, &it, NULL);
    check_u64("absolute time in the past fires at once", rd(fd), 1);
    clock_gettime(CLOCK_MONOTONIC, &now);
    it.it_value.tv_sec = now.tv_sec - 1; /* one second ago, every 100ms: about 10 missed */
    it.it_value.tv_nsec = now.tv_nsec;
    it.it_interval.tv_nsec = 100 * 1000000;
    timerfd_settime(fd, TFD_TIMER_ABSTIME, &it, NULL);
    n = rd(fd);
    check_true("periods missed since a past start are counted", n >= 10 && n <= 12);
    it = (struct itimerspec){0};
    timerfd_settime(fd, 0, &it, NULL);
    close(fd);

    /* CLOCK_REALTIME absolute */
    int r = timerfd_create(CLOCK_REALTIME, 0);
    clock_gettime(CLOCK_REALTIME, &now);
    it = (struct itimerspec){0};
    it.it_value.tv_sec = now.tv_sec + 1;
    it.it_value.tv_nsec = now.tv_nsec;
    timerfd_settime(r, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &it, NULL);
    timerfd_gettime(r, &old);
    check_true("realtime abs: about 1s left", ms(old.it_value) > 900 && ms(old.it_value) <= 1000);
    it.it_value.tv_sec = now.tv_sec;
    it.it_value.tv_nsec = 0;
    timerfd_settime(r, TFD_TIMER_ABSTIME, &it, NULL);
    check_u64("realtime abs in the past: blocking read returns", rd(r), 1);
    close(r);
    close(ep);
    return finish("timerfd");
}
