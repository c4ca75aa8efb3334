/* signalfd: signalfd4 flags and errors, reading blocked signals as 128-byte signalfd_siginfo
 * (kill's pid/uid, sigqueue's value, a thread-directed signal, real-time queueing), the mask
 * update of an existing fd, EAGAIN/EINVAL, and readiness in poll and epoll (signalfd(2)). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static long rc(long r) { return r < 0 ? -errno : r; }

int main(void) {
    check_i64("sizeof signalfd_siginfo", sizeof(struct signalfd_siginfo), 128);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGUSR2);
    sigaddset(&m, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &m, NULL);
    check_i64("bad flags", rc(syscall(SYS_signalfd4, -1, &m, 8, 1)), -EINVAL);
    /* sizemask != 8 is EINVAL in Linux but accepted by qemu-riscv64: see guest/linux/signalfd_sizemask.c */
    check_i64("fault mask", rc(syscall(SYS_signalfd4, -1, (void *)8, 8, 0)), -EFAULT);
    check_i64("EBADF", rc(signalfd(99, &m, 0)), -EBADF);
    check_i64("not a signalfd", rc(signalfd(0, &m, 0)), -EINVAL);
    int fd = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC);
    check_true("cloexec", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    struct signalfd_siginfo si[4];
    check_i64("nothing pending", rc(read(fd, si, sizeof si)), -EAGAIN);
    check_i64("short buffer", rc(read(fd, si, 100)), -EINVAL);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    check_i64("poll quiet", rc(poll(&p, 1, 0)), 0);

    kill(getpid(), SIGUSR1);
    check_i64("poll ready", rc(poll(&p, 1, 0)), 1);
    check_i64("read one", rc(read(fd, si, sizeof si)), 128);
    check_i64("ssi_signo", si[0].ssi_signo, SIGUSR1);
    check_i64("ssi_code SI_USER", si[0].ssi_code, SI_USER);
    check_true("ssi_pid", si[0].ssi_pid == (uint32_t)getpid());
    check_true("ssi_uid", si[0].ssi_uid == getuid());
    check_i64("dequeued", rc(read(fd, si, sizeof si)), -EAGAIN);

    union sigval v = {.sival_int = 1234};
    sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 5678;
    sigqueue(getpid(), SIGRTMIN, v);
    kill(getpid(), SIGUSR2);
    check_i64("three at once", rc(read(fd, si, sizeof si)), 3 * 128);
    check_i64("lowest first: SIGUSR2", si[0].ssi_signo, SIGUSR2);
    check_i64("then SIGRTMIN", si[1].ssi_signo, SIGRTMIN);
    check_i64("SI_QUEUE", si[1].ssi_code, SI_QUEUE);
    check_i64("ssi_int", si[1].ssi_int, 1234);
    check_i64("queued in order", si[2].ssi_int, 5678);
    check_u64("ssi_ptr", si[2].ssi_ptr, 5678);

    syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
    check_i64("thread-directed", rc(read(fd, si, sizeof si)), 128);
    check_i64("SI_TKILL", si[0].ssi_code, SI_TKILL);

    /* mask update of the existing fd */
    sigset_t only2;
    sigemptyset(&only2);
    sigaddset(&only2, SIGUSR2);
    check_i64("update returns the fd", rc(signalfd(fd, &only2, 0)), fd);
    kill(getpid(), SIGUSR1);
    check_i64("SIGUSR1 no longer read", rc(read(fd, si, sizeof si)), -EAGAIN);
    sigset_t pend;
    sigpending(&pend);
    check_true("still pending", sigismember(&pend, SIGUSR1));
    signalfd(fd, &m, 0);
    check_i64("read after widening", rc(read(fd, si, sizeof si)), 128);

    /* epoll, and a blocking read woken by a child's kill */
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 11}, out[1];
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    check_i64("epoll quiet", rc(epoll_wait(ep, out, 1, 0)), 0);
    int bfd = signalfd(-1, &m, 0);
    fflush(stdout);
    pid_t parent = getpid(), c = fork();
    if (c == 0) {
        usleep(20000);
        kill(parent, SIGUSR2);
        _exit(0);
    }
    check_i64("epoll woken by the signal", rc(epoll_wait(ep, out, 1, 5000)), 1);
    check_u64("epoll data", out[0].data.u64, 11);
    check_i64("blocking read", rc(read(bfd, si, sizeof si)), 128);
    check_i64("from the child", si[0].ssi_pid == (uint32_t)c, 1);
    waitpid(c, NULL, 0);
    close(bfd);
    close(ep);
    close(fd);
    return finish("signalfd");
}
