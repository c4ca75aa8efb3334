/* select_poll: select/pselect6 and poll/ppoll as Linux has them (select(2), poll(2)): EINVAL and
 * EBADF, the time left written back, the temporary signal mask, POLLNVAL/POLLHUP/POLLERR/POLLRDHUP, regular files always
 * ready; and non-blocking I/O (O_NONBLOCK, SOCK_NONBLOCK, MSG_DONTWAIT -> EAGAIN) on pipes,
 * FIFOs, UNIX sockets and message queues. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long rc(long r) { return r < 0 ? -errno : r; }
static volatile int alarms;
static void on_alarm(int s) { (void)s; alarms++; }

int main(void) {
    int p[2];
    pipe(p);
    fd_set rs, ws;
    struct timeval tv;

    /* select errors */
    FD_ZERO(&rs);
    tv = (struct timeval){0, 0};
    check_i64("select nfds -1", rc(select(-1, &rs, NULL, NULL, &tv)), -EINVAL);
    FD_SET(50, &rs);
    check_i64("select closed fd", rc(select(51, &rs, NULL, NULL, &tv)), -EBADF);
    tv = (struct timeval){0, -1};
    FD_ZERO(&rs);
    check_i64("select bad timeval", rc(select(1, &rs, NULL, NULL, &tv)), -EINVAL);

    /* nfds beyond FD_SETSIZE: guest/linux/select_nfds.c (qemu-riscv64 aborts on it) */

    /* readiness */
    FD_ZERO(&rs);
    FD_ZERO(&ws);
    FD_SET(p[0], &rs);
    FD_SET(p[1], &ws);
    tv = (struct timeval){0, 0};
    check_i64("pipe: writable only", rc(select(p[1] + 1, &rs, &ws, NULL, &tv)), 1);
    check_true("read end not set", !FD_ISSET(p[0], &rs) && FD_ISSET(p[1], &ws));

    /* timeout written back */
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    tv = (struct timeval){0, 30000};
    check_i64("select times out", rc(select(p[0] + 1, &rs, NULL, NULL, &tv)), 0);
    check_true("time left 0", tv.tv_sec == 0 && tv.tv_usec == 0);
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    /* the time left after EINTR: guest/linux/select_linux.c (qemu-riscv64 does not write it back) */
    /* pselect's mask */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    ualarm(10000, 0);
    sigset_t empty;
    sigemptyset(&empty);
    struct timespec ts = {5, 0};
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    check_i64("pselect unblocks SIGALRM: EINTR", rc(pselect(p[0] + 1, &rs, NULL, NULL, &ts, &empty)), -EINTR);
    check_i64("handler ran", alarms, 1);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    check_true("mask back", sigismember(&now, SIGALRM));
    sigprocmask(SIG_SETMASK, &old, NULL);
    struct { const sigset_t *ss; size_t len; } pack = {&empty, 4};
    ts = (struct timespec){0, 0};
    check_i64("pselect6 bad sigset size", rc(syscall(SYS_pselect6, 1, NULL, NULL, NULL, &ts, &pack)), -EINVAL);

    /* regular files are always ready */
    char dir[] = "/tmp/selpollXXXXXX";
    mkdtemp(dir);
    char path[64];
    snprintf(path, sizeof path, "%s/f", dir);
    int reg = open(path, O_RDWR | O_CREAT, 0600);
    struct pollfd pf[4];
    pf[0] = (struct pollfd){.fd = reg, .events = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM | POLLPRI};
    check_i64("poll regular file", rc(poll(pf, 1, 0)), 1);
    check_u32("DEFAULT_POLLMASK", pf[0].revents, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);

    /* poll: POLLNVAL, negative fds, hang-ups and errors */
    int q[2];
    pipe(q);
    close(q[1]);
    int r[2];
    pipe(r);
    close(r[0]);
    pf[0] = (struct pollfd){.fd = 77, .events = POLLIN};
    pf[1] = (struct pollfd){.fd = -1, .events = POLLIN};
    pf[2] = (struct pollfd){.fd = q[0], .events = POLLIN};
    pf[3] = (struct pollfd){.fd = r[1], .events = POLLOUT};
    check_i64("poll", rc(poll(pf, 4, 0)), 3);
    check_u32("closed fd: POLLNVAL", pf[0].revents, POLLNVAL);
    check_u32("negative fd ignored", pf[1].revents, 0);
    check_u32("no writer: POLLHUP", pf[2].revents, POLLHUP);
    check_u32("no reader: POLLOUT|POLLERR", pf[3].revents, POLLOUT | POLLERR);
    pf[0] = (struct pollfd){.fd = q[0], .events = 0};
    check_i64("POLLHUP even when not asked", rc(poll(pf, 1, 0)), 1);
    close(q[0]);
    signal(SIGPIPE, SIG_IGN);
    check_i64("write with no reader: EPIPE", rc(write(r[1], "x", 1)), -EPIPE);
    close(r[1]);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    shutdown(sv[1], SHUT_WR);
    pf[0] = (struct pollfd){.fd = sv[0], .events = POLLIN | POLLRDHUP};
    check_i64("peer shut down writing", rc(poll(pf, 1, 0)), 1);
    check_u32("POLLIN|POLLRDHUP", pf[0].revents, POLLIN | POLLRDHUP);
    close(sv[0]);
    close(sv[1]);

    /* ppoll errors and the time left */
    struct rlimit rl, lowered;
    getrlimit(RLIMIT_NOFILE, &rl);
    lowered = rl;
    lowered.rlim_cur = 64;
    setrlimit(RLIMIT_NOFILE, &lowered);
    static struct pollfd many[128];
    for (int i = 0; i < 128; i++) many[i] = (struct pollfd){.fd = -1};
    check_i64("nfds = RLIMIT_NOFILE", rc(poll(many, 64, 0)), 0);
    check_i64("nfds above RLIMIT_NOFILE", rc(poll(many, 65, 0)), -EINVAL);
    setrlimit(RLIMIT_NOFILE, &rl);
    struct timespec bad = {0, 1000000000};
    check_i64("ppoll bad timespec", rc(ppoll(pf, 1, &bad, NULL)), -EINVAL);
    check_i64("ppoll bad sigset size", rc(syscall(SYS_ppoll, pf, 1, NULL, &empty, 4)), -EINVAL);
    pf[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
    /* the system call writes the time left back; glibc's ppoll hides it behind a copy */
    ts = (struct timespec){0, 20000000};
    check_i64("ppoll times out", rc(ppoll(pf, 1, &ts, NULL)), 0);
    check_true("glibc ppoll leaves the timeout alone", ts.tv_sec == 0 && ts.tv_nsec == 20000000);
    check_i64("SYS_ppoll times out", rc(syscall(SYS_ppoll, pf, 1, &ts, NULL, 8)), 0);
    check_true("SYS_ppoll time left 0", ts.tv_sec == 0 && ts.tv_nsec == 0);
    write(p[1], "d", 1);
    ts = (struct timespec){5, 0};
    check_i64("SYS_ppoll ready", rc(syscall(SYS_ppoll, pf, 1, &ts, NULL, 8)), 1);
    check_true("SYS_ppoll time left written back", ts.tv_sec == 4 && ts.tv_nsec > 0);
    char c;
    read(p[0], &c, 1);

    /* non-blocking I/O everywhere */
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    check_i64("empty pipe: EAGAIN", rc(read(p[0], &c, 1)), -EAGAIN);
    static char buf[65536];
    long total = 0, n;
    while ((n = write(p[1], buf, sizeof buf)) > 0) total += n;
    check_i64("full pipe: EAGAIN", n < 0 ? -errno : n, -EAGAIN);
    check_i64("pipe capacity", total, 65536);
    snprintf(path, sizeof path, "%s/fifo", dir);
    mkfifo(path, 0600);
    check_i64("FIFO O_WRONLY|O_NONBLOCK without reader: ENXIO", rc(open(path, O_WRONLY | O_NONBLOCK)), -ENXIO);
    int fr = open(path, O_RDONLY | O_NONBLOCK);
    check_true("FIFO O_RDONLY|O_NONBLOCK opens at once", fr >= 0);
    check_i64("FIFO without writer: EOF", rc(read(fr, &c, 1)), 0);
    int fw = open(path, O_WRONLY | O_NONBLOCK);
    check_i64("FIFO empty with writer: EAGAIN", rc(read(fr, &c, 1)), -EAGAIN);
    close(fr);
    close(fw);
    unlink(path);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    check_i64("MSG_DONTWAIT: EAGAIN", rc(recv(sv[0], &c, 1, MSG_DONTWAIT)), -EAGAIN);
    check_true("a blocking socket stays blocking", !(fcntl(sv[0], F_GETFL) & O_NONBLOCK));
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    while ((n = send(sv[1], buf, sizeof buf, 0)) > 0) {}
    check_i64("full socket: EAGAIN", n < 0 ? -errno : n, -EAGAIN);
    close(sv[0]);
    close(sv[1]);
    int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    snprintf(un.sun_path, sizeof un.sun_path, "%s/sock", dir);
    bind(ls, (struct sockaddr *)&un, sizeof un);
    listen(ls, 4);
    check_i64("accept with nobody: EAGAIN", rc(accept(ls, NULL, NULL)), -EAGAIN);
    close(ls);
    unlink(un.sun_path);
    struct mq_attr at = {.mq_maxmsg = 2, .mq_msgsize = 16};
    mqd_t mq = mq_open("/selpoll_mq", O_RDWR | O_CREAT | O_NONBLOCK, 0600, &at);
    if (mq != (mqd_t)-1) {
        check_i64("empty mqueue: EAGAIN", rc(mq_receive(mq, buf, 16, NULL)), -EAGAIN);
        mq_send(mq, "a", 1, 0);
        mq_send(mq, "b", 1, 0);
        check_i64("full mqueue: EAGAIN", rc(mq_send(mq, "c", 1, 0)), -EAGAIN);
        pf[0] = (struct pollfd){.fd = mq, .events = POLLIN | POLLOUT};
        poll(pf, 1, 0);
        check_u32("full mqueue polls POLLIN only", pf[0].revents, POLLIN);
        mq_receive(mq, buf, 16, NULL);
        mq_receive(mq, buf, 16, NULL);
        poll(pf, 1, 0);
        check_u32("empty mqueue polls POLLOUT only", pf[0].revents, POLLOUT);
        mq_close(mq);
        mq_unlink("/selpoll_mq");
    } else {
        printf("mq_open: %s\n", strerror(errno));
    }
    close(reg);
    unlink(dir[0] ? (snprintf(path, sizeof path, "%s/f", dir), path) : path);
    rmdir(dir);
    return finish("select_poll");
}
