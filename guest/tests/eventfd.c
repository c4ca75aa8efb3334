/* eventfd: eventfd2 flags, 8-byte reads and writes (EINVAL for short buffers and for
 * 0xffffffffffffffff), counter vs EFD_SEMAPHORE reads, EAGAIN under EFD_NONBLOCK at 0 and at
 * the 0xfffffffffffffffe ceiling, blocking reads and writes woken by another thread, and
 * readiness through poll and epoll (eventfd(2)). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static long rc(long r) { return r < 0 ? -errno : r; }
static int efd;

static long wr(int fd, uint64_t v) { return rc(write(fd, &v, 8)); }
static uint64_t rd(int fd) {
    uint64_t v = 0;
    if (read(fd, &v, 8) != 8) return (uint64_t)-errno;
    return v;
}

static void *later_write(void *arg) {
    usleep(20000);
    wr(efd, (uintptr_t)arg);
    return NULL;
}

static void *later_read(void *arg) {
    (void)arg;
    usleep(20000);
    rd(efd);
    return NULL;
}

static int revents(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
    poll(&p, 1, 0);
    return p.revents;
}

int main(void) {
    check_i64("bad flags", rc(syscall(SYS_eventfd2, 0, 1 << 20)), -EINVAL);
    int fd = eventfd(3, EFD_CLOEXEC | EFD_NONBLOCK);
    check_true("cloexec", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    check_i64("F_GETFL", fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDWR | O_NONBLOCK);
    struct stat st;
    fstat(fd, &st);
    check_i64("anon inode mode", st.st_mode, 0600);
    uint32_t small = 0;
    check_i64("short read", rc(read(fd, &small, 4)), -EINVAL);
    check_i64("short write", rc(write(fd, &small, 4)), -EINVAL);
    char big[16] = {0};
    check_i64("initval read with a 16-byte buffer", rc(read(fd, big, 16)), 8);
    check_u64("initval", *(uint64_t *)big, 3);
    check_u64("empty nonblocking read", rd(fd), (uint64_t)-EAGAIN);
    check_i64("write 0xffff...ffff", wr(fd, UINT64_MAX), -EINVAL);
    check_i64("write 5", wr(fd, 5), 8);
    check_i64("write 7", wr(fd, 7), 8);
    check_u32("poll: in and out", revents(fd), POLLIN | POLLOUT);
    check_u64("read sums", rd(fd), 12);
    check_u32("poll: out only", revents(fd), POLLOUT);
    check_i64("fill to the ceiling", wr(fd, 0xfffffffffffffffeull), 8);
    check_u32("poll: full is not writable", revents(fd), POLLIN);
    check_i64("write 1 more: EAGAIN", wr(fd, 1), -EAGAIN);
    check_i64("write 0 at the ceiling: fine", wr(fd, 0), 8);
    check_u64("read the ceiling", rd(fd), 0xfffffffffffffffeull);
    close(fd);

    int s = eventfd(0, EFD_SEMAPHORE | EFD_NONBLOCK);
    wr(s, 3);
    check_u64("semaphore read 1", rd(s), 1);
    check_u64("semaphore read 2", rd(s), 1);
    check_u64("semaphore read 3", rd(s), 1);
    check_u64("semaphore empty", rd(s), (uint64_t)-EAGAIN);
    close(s);

    /* blocking read woken by a writer thread */
    efd = eventfd(0, 0);
    pthread_t th;
    pthread_create(&th, NULL, later_write, (void *)(uintptr_t)9);
    check_u64("blocking read", rd(efd), 9);
    pthread_join(th, NULL);
    /* blocking write woken by a reader */
    wr(efd, 0xfffffffffffffff0ull);
    pthread_create(&th, NULL, later_read, NULL);
    check_i64("blocking write waits for room", wr(efd, 0x20), 8);
    pthread_join(th, NULL);
    check_u64("the blocked write landed", rd(efd), 0x20);

    /* epoll: level-triggered EPOLLIN, and an edge for every write, even of 0 */
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.u64 = 1}, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
    check_i64("ET first report", rc(epoll_wait(ep, out, 2, 0)), 1);
    check_u32("ET writable", out[0].events, EPOLLOUT);
    check_i64("ET quiet", rc(epoll_wait(ep, out, 2, 0)), 0);
    wr(efd, 0);
    check_i64("writing 0 is an edge", rc(epoll_wait(ep, out, 2, 0)), 1);
    check_u32("still just writable", out[0].events, EPOLLOUT);
    wr(efd, 2);
    check_i64("writing 2", rc(epoll_wait(ep, out, 2, 0)), 1);
    check_u32("readable and writable", out[0].events, EPOLLIN | EPOLLOUT);
    close(ep);
    close(efd);
    return finish("eventfd");
}
