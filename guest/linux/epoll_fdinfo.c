/* epoll_fdinfo: /proc/self/fdinfo of an epoll fd lists its interest list the way Linux's
 * ep_show_fdinfo prints it, "tfd: %8d events: %8x data: %16llx  pos:%lli ino:%lx sdev:%x"
 * (events include the EPOLLERR|EPOLLHUP epoll_ctl adds and the control bits such as EPOLLET;
 * data is the caller's 64 bits untouched); eventfd, timerfd and signalfd add their own lines.
 * Under qemu-riscv64 these files show the host kernel's view of qemu's own descriptors, so
 * LinuxSemanticsTest compares javix with epoll_fdinfo.expected, written from fs/eventpoll.c,
 * fs/eventfd.c, fs/timerfd.c and fs/signalfd.c. ino and sdev are host-specific and cut off;
 * Linux orders the lines by its red-black tree (file address, then fd), javix by fd, so the
 * fds are added in increasing order here. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

static void show(int fd, const char *keep) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("cannot open fdinfo of fd %d\n", fd);
        return;
    }
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, keep, strlen(keep)) != 0) continue;
        char *ino = strstr(line, " ino:");
        if (ino) strcpy(ino, "\n");
        fputs(line, stdout);
    }
    fclose(f);
}

int main(void) {
    int ep = epoll_create1(0), p[2];
    pipe(p);
    int efd = eventfd(5, EFD_SEMAPHORE);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 0x1122334455667788ull};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    ev = (struct epoll_event){.events = EPOLLOUT | EPOLLONESHOT, .data.u64 = 0xffffffffffffffffull};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev);
    ev = (struct epoll_event){.events = EPOLLIN | EPOLLRDHUP, .data.u64 = 7};
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
    printf("epoll fd %d, pipe %d %d, eventfd %d\n", ep, p[0], p[1], efd);
    show(ep, "tfd:");
    epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
    printf("after DEL of %d:\n", p[1]);
    show(ep, "tfd:");
    close(p[0]);
    printf("after close of %d:\n", p[0]);
    show(ep, "tfd:");
    printf("eventfd:\n");
    show(efd, "eventfd-count:");
    show(efd, "eventfd-semaphore:");
    int t = timerfd_create(CLOCK_MONOTONIC, 0);
    printf("timerfd:\n");
    show(t, "clockid:");
    show(t, "ticks:");
    show(t, "it_interval:");
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGINT);
    int s = signalfd(-1, &m, 0);
    printf("signalfd:\n");
    show(s, "sigmask:");
    return 0;
}
