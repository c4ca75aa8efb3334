/* epoll_basic: epoll_create1, epoll_ctl errors in Linux's order, level-triggered, EPOLLET,
 * EPOLLONESHOT, the 64-bit data returned untouched, maxevents and fairness, timeouts,
 * EPOLLRDHUP/EPOLLHUP, and registrations that live as long as the open file
 * description (epoll(7) Q6), not the fd. epoll_pwait2 is in guest/linux/epoll_pwait2.c:
 * qemu-riscv64 answers it with ENOSYS. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long rc(long r) { return r < 0 ? -errno : r; }

static int ctl(int ep, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev = {.events = events, .data.u64 = data};
    return rc(epoll_ctl(ep, op, fd, &ev));
}

static int wait_n(int ep, struct epoll_event *evs, int max, int timeout) {
    return rc(epoll_wait(ep, evs, max, timeout));
}

int main(void) {
    struct epoll_event evs[8];
    check_i64("sizeof epoll_event (riscv64: not packed)", sizeof(struct epoll_event), 16);
    check_i64("create1 bad flags", rc(epoll_create1(1)), -EINVAL);
    check_i64("create size 0", rc(epoll_create(0)), -EINVAL);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    check_true("create1 cloexec", ep >= 0 && (fcntl(ep, F_GETFD) & FD_CLOEXEC));
    int p[2];
    pipe(p);
    char tmpl[] = "/tmp/epollXXXXXX";
    int reg = mkstemp(tmpl);
    unlink(tmpl);
    int dir = open("/tmp", O_RDONLY | O_DIRECTORY);

    /* errors, in do_epoll_ctl's order */
    check_i64("ctl EBADF epfd", ctl(999, EPOLL_CTL_ADD, p[0], EPOLLIN, 0), -EBADF);
    check_i64("ctl EBADF fd", ctl(ep, EPOLL_CTL_ADD, 999, EPOLLIN, 0), -EBADF);
    check_i64("ctl EPERM regular file", ctl(ep, EPOLL_CTL_ADD, reg, EPOLLIN, 0), -EPERM);
    check_i64("ctl EPERM directory", ctl(ep, EPOLL_CTL_ADD, dir, EPOLLIN, 0), -EPERM);
    int devnull = open("/dev/null", O_RDWR), devzero = open("/dev/zero", O_RDONLY);
    int devrandom = open("/dev/random", O_RDONLY), devurandom = open("/dev/urandom", O_RDONLY);
    check_i64("ctl EPERM /dev/null (no poll operation)", ctl(ep, EPOLL_CTL_ADD, devnull, EPOLLIN, 0), -EPERM);
    check_i64("ctl EPERM /dev/zero", ctl(ep, EPOLL_CTL_ADD, devzero, EPOLLIN, 0), -EPERM);
    check_i64("ctl EPERM /dev/urandom", ctl(ep, EPOLL_CTL_ADD, devurandom, EPOLLIN, 0), -EPERM);
    check_i64("ctl ADD /dev/random (random_poll)", ctl(ep, EPOLL_CTL_ADD, devrandom, EPOLLIN, 0), 0);
    check_i64("ctl DEL /dev/random", ctl(ep, EPOLL_CTL_DEL, devrandom, 0, 0), 0);
    /* an edge-triggered event is not lost to an epoll_wait whose buffer faults */
    {
        int q[2];
        pipe(q);
        check_i64("ctl ADD ET pipe", ctl(ep, EPOLL_CTL_ADD, q[0], EPOLLIN | EPOLLET, 7), 0);
        write(q[1], "e", 1);
        volatile uintptr_t bad = 8; /* an address the compiler cannot see through */
        check_i64("wait into a bad buffer: EFAULT", rc(epoll_wait(ep, (struct epoll_event *)bad, 1, 0)), -EFAULT);
        struct epoll_event got;
        check_i64("the edge is still reported after the fault", rc(epoll_wait(ep, &got, 1, 0)), 1);
        check_i64("...with its data", (long)got.data.u64, 7);
        check_i64("ctl DEL ET pipe", ctl(ep, EPOLL_CTL_DEL, q[0], 0, 0), 0);
        close(q[0]);
        close(q[1]);
    }
    close(devnull);
    close(devzero);
    close(devrandom);
    close(devurandom);
    check_i64("ctl EINVAL epfd not epoll", ctl(p[0], EPOLL_CTL_ADD, p[1], EPOLLIN, 0), -EINVAL);
    check_i64("ctl EINVAL add to itself", ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0), -EINVAL);
    check_i64("ctl EFAULT event", rc(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)8)), -EFAULT);
    check_i64("ctl DEL ignores event ptr", rc(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], (void *)8)), -ENOENT);
    check_i64("ctl bad op", ctl(ep, 7, p[0], EPOLLIN, 0), -EINVAL);
    check_i64("ctl MOD absent", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 0), -ENOENT);
    check_i64("ctl DEL absent", ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0), -ENOENT);
    check_i64("ctl ADD", ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 0xdeadbeefcafebabeull), 0);
    check_i64("ctl ADD again EEXIST", ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 0), -EEXIST);
    check_i64("ctl MOD EXCLUSIVE", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLEXCLUSIVE, 0), -EINVAL);
    check_i64("ctl ADD EXCLUSIVE|ONESHOT", ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT | EPOLLEXCLUSIVE | EPOLLONESHOT, 0), -EINVAL);
    int ep2 = epoll_create1(0);
    check_i64("ctl ADD EXCLUSIVE epoll target", ctl(ep, EPOLL_CTL_ADD, ep2, EPOLLIN | EPOLLEXCLUSIVE, 0), -EINVAL);
    check_i64("ctl ADD EXCLUSIVE ok", ctl(ep2, EPOLL_CTL_ADD, p[1], EPOLLOUT | EPOLLEXCLUSIVE | EPOLLET, 7), 0);
    check_i64("ctl MOD of an EXCLUSIVE item", ctl(ep2, EPOLL_CTL_MOD, p[1], EPOLLOUT, 7), -EINVAL);
    check_i64("EXCLUSIVE item reports", wait_n(ep2, evs, 8, 0), 1);
    check_u32("EXCLUSIVE events", evs[0].events, EPOLLOUT);
    close(ep2);

    /* wait argument errors */
    check_i64("wait maxevents 0", wait_n(ep, evs, 0, 0), -EINVAL);
    check_i64("wait maxevents -1", wait_n(ep, evs, -1, 0), -EINVAL);
    check_i64("wait EBADF", wait_n(999, evs, 1, 0), -EBADF);
    check_i64("wait not epoll", wait_n(p[0], evs, 1, 0), -EINVAL);
    sigset_t ss;
    sigemptyset(&ss);
    check_i64("pwait bad sigsetsize", rc(syscall(SYS_epoll_pwait, ep, evs, 1, 0, &ss, 4)), -EINVAL);

    /* level-triggered */
    check_i64("LT nothing yet", wait_n(ep, evs, 8, 0), 0);
    write(p[1], "ab", 2);
    check_i64("LT ready", wait_n(ep, evs, 8, 0), 1);
    check_u32("LT events", evs[0].events, EPOLLIN);
    check_u64("data untouched", evs[0].data.u64, 0xdeadbeefcafebabeull);
    check_i64("LT reported again", wait_n(ep, evs, 8, 0), 1);
    char buf[64];
    read(p[0], buf, sizeof buf);
    check_i64("LT drained", wait_n(ep, evs, 8, 0), 0);

    /* edge-triggered */
    check_i64("MOD to ET", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET, 42), 0);
    write(p[1], "a", 1);
    check_i64("ET edge", wait_n(ep, evs, 8, 0), 1);
    check_u64("ET data", evs[0].data.u64, 42);
    check_i64("ET no second report", wait_n(ep, evs, 8, 0), 0);
    write(p[1], "b", 1);
    check_i64("ET new data is a new edge", wait_n(ep, evs, 8, 0), 1);
    read(p[0], buf, sizeof buf);

    /* one-shot */
    check_i64("MOD to ONESHOT", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 43), 0);
    write(p[1], "a", 1);
    check_i64("ONESHOT fires", wait_n(ep, evs, 8, 0), 1);
    check_i64("ONESHOT disabled", wait_n(ep, evs, 8, 0), 0);
    write(p[1], "b", 1);
    check_i64("ONESHOT still disabled", wait_n(ep, evs, 8, 0), 0);
    check_i64("ONESHOT re-armed by MOD", ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 44), 0);
    check_i64("ONESHOT fires again", wait_n(ep, evs, 8, 0), 1);
    check_u64("ONESHOT data", evs[0].data.u64, 44);
    read(p[0], buf, sizeof buf);
    check_i64("DEL", ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0), 0);

    /* maxevents and round robin among level-triggered items */
    int q[3][2];
    for (int i = 0; i < 3; i++) {
        pipe(q[i]);
        write(q[i][1], "x", 1);
        ctl(ep, EPOLL_CTL_ADD, q[i][0], EPOLLIN, 100 + i);
    }
    char order[32] = "";
    for (int round = 0; round < 4; round++) {
        int n = wait_n(ep, evs, 2, 0);
        for (int i = 0; i < n; i++) sprintf(order + strlen(order), "%d", (int)evs[i].data.u64 - 100);
        strcat(order, round < 3 ? "," : "");
    }
    check_str("round robin, 2 at a time", order, "01,20,12,01");
    for (int i = 0; i < 3; i++) {
        close(q[i][0]);
        close(q[i][1]);
    }
    check_i64("closed fds left the interest list", wait_n(ep, evs, 8, 0), 0);

    /* Q6: the registration belongs to the open file description */
    int r2[2];
    pipe(r2);
    int dupfd = dup(r2[0]);
    ctl(ep, EPOLL_CTL_ADD, r2[0], EPOLLIN, 77);
    close(r2[0]);
    write(r2[1], "z", 1);
    check_i64("still reported after closing the added fd", wait_n(ep, evs, 8, 0), 1);
    check_u64("with its data", evs[0].data.u64, 77);
    check_i64("DEL by the closed fd number", ctl(ep, EPOLL_CTL_DEL, r2[0], 0, 0), -EBADF);
    check_i64("ADD via the dup is another item", ctl(ep, EPOLL_CTL_ADD, dupfd, EPOLLIN, 78), 0);
    check_i64("both items report", wait_n(ep, evs, 8, 0), 2);
    close(dupfd);
    check_i64("last close drops both", wait_n(ep, evs, 8, 0), 0);

    /* hang-ups: a pipe whose writer is gone, a socket whose peer shut down */
    int h[2];
    pipe(h);
    ctl(ep, EPOLL_CTL_ADD, h[0], EPOLLIN, 5);
    close(h[1]);
    check_i64("pipe writer gone", wait_n(ep, evs, 8, 0), 1);
    check_u32("EPOLLHUP without asking", evs[0].events, EPOLLHUP);
    close(h[0]);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    ctl(ep, EPOLL_CTL_ADD, sv[0], EPOLLIN | EPOLLRDHUP, 6);
    check_i64("socket quiet", wait_n(ep, evs, 8, 0), 0);
    shutdown(sv[1], SHUT_WR);
    check_i64("peer SHUT_WR", wait_n(ep, evs, 8, 0), 1);
    check_u32("EPOLLIN|EPOLLRDHUP", evs[0].events, EPOLLIN | EPOLLRDHUP);
    ctl(ep, EPOLL_CTL_MOD, sv[0], EPOLLOUT, 6);
    check_i64("writable", wait_n(ep, evs, 8, 0), 1);
    check_u32("EPOLLOUT", evs[0].events, EPOLLOUT);
    close(sv[1]);
    check_i64("peer closed", wait_n(ep, evs, 8, 0), 1);
    check_u32("EPOLLOUT|EPOLLHUP", evs[0].events & (EPOLLOUT | EPOLLHUP), EPOLLOUT | EPOLLHUP);
    close(sv[0]);

    /* timeouts */
    int t[2];
    pipe(t);
    ctl(ep, EPOLL_CTL_ADD, t[0], EPOLLIN, 9);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    check_i64("timeout 30ms", wait_n(ep, evs, 8, 30), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    check_true("waited at least 30ms", ms >= 29);
    write(t[1], "k", 1);
    check_i64("timeout ignored when ready", wait_n(ep, evs, 8, 1000), 1);
    close(t[0]);
    close(t[1]);
    close(ep);
    close(reg);
    close(dir);
    return finish("epoll_basic");
}
