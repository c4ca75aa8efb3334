/* posix_mq: POSIX message queues (mq_overview(7)) as glibc drives them: mq_open flags, names
 * and attributes, priority order (highest first, FIFO within a priority), the limits and their
 * errors, O_NONBLOCK through mq_setattr, absolute timeouts, blocking senders and receivers
 * across fork, interruption by signals with and without SA_RESTART, poll, the status line a
 * read(2) shows, and mq_unlink while the queue is open. mq_notify is in guest/linux/mq_notify.c
 * (qemu-riscv64 does not implement it). Queue names carry the pid; every queue is unlinked. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <sys/stat.h>
#include "procs.h"

static char qname[64];

static const char *name_of(const char *suffix) {
    snprintf(qname, sizeof qname, "/javix_mq_%d_%s", (int)getpid(), suffix);
    return qname;
}

static mqd_t make(const char *suffix, int flags, long maxmsg, long msgsize) {
    struct mq_attr a = {0, maxmsg, msgsize, 0, {0}};
    mqd_t q = mq_open(name_of(suffix), flags | O_CREAT | O_EXCL, 0600, &a);
    if (q < 0) printf("FAIL mq_open %s: %s\n", suffix, errno_name(errno));
    return q;
}

static void names_and_flags(void) {
    mqd_t q = make("a", O_RDWR, 4, 32);
    struct mq_attr a;
    check_i64("mq_getattr", mq_getattr(q, &a), 0);
    check_i64("mq_maxmsg", a.mq_maxmsg, 4);
    check_i64("mq_msgsize", a.mq_msgsize, 32);
    check_i64("mq_curmsgs", a.mq_curmsgs, 0);
    check_i64("mq_flags", a.mq_flags, 0);
    check_errno("O_CREAT|O_EXCL again", mq_open(qname, O_RDWR | O_CREAT | O_EXCL, 0600, NULL), EEXIST);
    mqd_t q2 = mq_open(qname, O_RDONLY | O_CREAT, 0600, NULL);
    check_true("O_CREAT on an existing queue opens it", q2 >= 0 && q2 != q);
    check_i64("mq_getattr of the second open", mq_getattr(q2, &a), 0);
    check_i64("the second open sees maxmsg 4 (its attr ignored)", a.mq_maxmsg, 4);
    check_i64("close", mq_close(q2), 0);
    check_true("mqd_t is an fd: fcntl works", fcntl(q, F_GETFL) >= 0);
    check_i64("F_GETFL access mode", fcntl(q, F_GETFL) & O_ACCMODE, O_RDWR);
    check_i64("close-on-exec even without O_CLOEXEC (Linux)", fcntl(q, F_GETFD), FD_CLOEXEC);
    mqd_t q3 = mq_open(qname, O_WRONLY | O_CLOEXEC | O_NONBLOCK);
    check_i64("O_CLOEXEC sets FD_CLOEXEC", fcntl(q3, F_GETFD), FD_CLOEXEC);
    check_i64("O_NONBLOCK shows in mq_flags", mq_getattr(q3, &a) == 0 ? a.mq_flags : -1, O_NONBLOCK);
    mq_close(q3);

    char missing[64];
    snprintf(missing, sizeof missing, "/javix_mq_%d_missing", (int)getpid());
    check_errno("missing name without O_CREAT", mq_open(missing, O_RDWR), ENOENT);
    check_errno("mq_unlink of a missing name", mq_unlink(missing), ENOENT);
    check_errno("name without a leading slash", mq_open("javix_mq", O_RDWR | O_CREAT, 0600, NULL), EINVAL);
    check_errno("name with another slash", mq_open("/javix/mq", O_RDWR | O_CREAT, 0600, NULL), EACCES);
    check_errno("name \"/..\"", mq_open("/..", O_RDWR | O_CREAT, 0600, NULL), EACCES);
    check_errno("name \"/\"", mq_open("/", O_RDWR | O_CREAT, 0600, NULL), ENOENT);
    char longname[300];
    longname[0] = '/';
    memset(longname + 1, 'n', 270);
    longname[271] = 0;
    check_errno("name longer than NAME_MAX", mq_open(longname, O_RDWR | O_CREAT, 0600, NULL), ENAMETOOLONG);
    struct mq_attr bad = {0, 0, 16, 0, {0}};
    check_errno("mq_maxmsg 0", mq_open(missing, O_RDWR | O_CREAT, 0600, &bad), EINVAL);
    bad.mq_maxmsg = 2;
    bad.mq_msgsize = -1;
    check_errno("mq_msgsize -1", mq_open(missing, O_RDWR | O_CREAT, 0600, &bad), EINVAL);
    check_errno("nothing was created by the failures", mq_unlink(missing), ENOENT);

    mqd_t d = mq_open(missing, O_RDWR | O_CREAT | O_EXCL, 0600, NULL);
    check_i64("default attributes: maxmsg", mq_getattr(d, &a) == 0 ? a.mq_maxmsg : -1, 10);
    check_i64("default attributes: msgsize", a.mq_msgsize, 8192);
    mq_close(d);
    mq_unlink(missing);
    mq_close(q);
    check_i64("mq_unlink", mq_unlink(name_of("a")), 0);
}

static void priorities(void) {
    mqd_t q = make("prio", O_RDWR, 8, 16);
    const char *msgs[] = {"a1", "b5", "c1", "d5", "e0", "f32767", "g5"};
    unsigned prios[] = {1, 5, 1, 5, 0, 32767, 5};
    for (int i = 0; i < 7; i++) mq_send(q, msgs[i], strlen(msgs[i]), prios[i]);
    struct mq_attr a;
    mq_getattr(q, &a);
    check_i64("curmsgs after 7 sends", a.mq_curmsgs, 7);
    char order[128] = "", buf[16];
    for (int i = 0; i < 7; i++) {
        unsigned p = 99;
        ssize_t n = mq_receive(q, buf, sizeof buf, &p);
        char item[40];
        snprintf(item, sizeof item, "%s%.*s/%u", i ? " " : "", (int)(n > 0 ? n : 0), buf, p);
        strcat(order, item);
    }
    check_str("received highest priority first, FIFO within one", order,
              "f32767/32767 b5/5 d5/5 g5/5 a1/1 c1/1 e0/0");
    check_i64("mq_receive with a NULL priority pointer",
              mq_send(q, "zz", 2, 3) == 0 ? mq_receive(q, buf, sizeof buf, NULL) : -1, 2);
    check_i64("a zero-length message", mq_send(q, "", 0, 0) == 0 ? mq_receive(q, buf, sizeof buf, NULL) : -1, 0);
    check_errno("priority MQ_PRIO_MAX", mq_send(q, "x", 1, 32768), EINVAL);
    check_errno("message longer than mq_msgsize", mq_send(q, "0123456789abcdefX", 17, 0), EMSGSIZE);
    check_i64("message of exactly mq_msgsize", mq_send(q, "0123456789abcdef", 16, 0), 0);
    check_errno("receive buffer smaller than mq_msgsize", mq_receive(q, buf, 15, NULL), EMSGSIZE);
    check_i64("the message is still there", mq_receive(q, buf, 16, NULL), 16);
    mq_close(q);
    mq_unlink(name_of("prio"));
}

static void limits_and_modes(void) {
    mqd_t q = make("full", O_RDWR, 2, 8);
    struct mq_attr na = {O_NONBLOCK, 99, 99, 99, {0}}, old;
    check_i64("mq_setattr O_NONBLOCK", mq_setattr(q, &na, &old), 0);
    check_i64("old mq_flags", old.mq_flags, 0);
    struct mq_attr a;
    mq_getattr(q, &a);
    check_i64("mq_setattr changes only the flags: maxmsg", a.mq_maxmsg, 2);
    check_i64("mq_setattr changes only the flags: flags", a.mq_flags, O_NONBLOCK);
    char buf[8];
    check_errno("empty queue, O_NONBLOCK receive", mq_receive(q, buf, 8, NULL), EAGAIN);
    mq_send(q, "1", 1, 0);
    mq_send(q, "2", 1, 0);
    check_errno("full queue, O_NONBLOCK send", mq_send(q, "3", 1, 0), EAGAIN);
    na.mq_flags = O_NONBLOCK | O_APPEND;
    check_errno("mq_setattr with another flag", mq_setattr(q, &na, NULL), EINVAL);
    struct pollfd p = {q, POLLIN | POLLOUT, 0};
    check_i64("poll on a full queue", poll(&p, 1, 0) == 1 ? p.revents : -1, POLLIN);
    mq_receive(q, buf, 8, NULL);
    check_i64("poll on a half-full queue", poll(&p, 1, 0) == 1 ? p.revents : -1, POLLIN | POLLOUT);
    mq_receive(q, buf, 8, NULL);
    check_i64("poll on an empty queue", poll(&p, 1, 0) == 1 ? p.revents : -1, POLLOUT);
    na.mq_flags = 0;
    mq_setattr(q, &na, NULL);

    struct timespec past = {1, 0}, bad = {0, 1000000000L}, soon;
    check_errno("timed receive, empty, deadline passed", mq_timedreceive(q, buf, 8, NULL, &past), ETIMEDOUT);
    check_errno("timed receive, bad timespec", mq_timedreceive(q, buf, 8, NULL, &bad), EINVAL);
    clock_gettime(CLOCK_REALTIME, &soon);
    soon.tv_nsec += 50000000;
    if (soon.tv_nsec >= 1000000000) soon.tv_sec++, soon.tv_nsec -= 1000000000;
    int64_t t0 = mono_ns();
    check_errno("timed receive, empty, 50 ms", mq_timedreceive(q, buf, 8, NULL, &soon), ETIMEDOUT);
    check_true("it waited about 50 ms", mono_ns() - t0 >= 30000000);
    mq_send(q, "1", 1, 0);
    mq_send(q, "2", 1, 0);
    check_errno("timed send, full, deadline passed", mq_timedsend(q, "3", 1, 0, &past), ETIMEDOUT);
    check_i64("timed receive with a message there", mq_timedreceive(q, buf, 8, NULL, &past), 1);

    /* the status line: QSIZE is the bytes queued */
    char line[128] = "";
    lseek(q, 0, SEEK_SET);
    ssize_t n = read(q, line, sizeof line - 1);
    line[n > 0 ? n : 0] = 0;
    check_str("read(2) of the queue", line, "QSIZE:1          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n");
    check_errno("write(2) to the queue", write(q, "x", 1), EINVAL);
    struct stat st;
    check_i64("fstat", fstat(q, &st), 0);
    check_true("a regular file", S_ISREG(st.st_mode));
    check_i64("its mode", st.st_mode & 07777, 0600);
    char link[64], want[80];
    snprintf(want, sizeof want, "%s", name_of("full"));
    char fdpath[64];
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", q);
    n = readlink(fdpath, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    check_true("/proc/self/fd shows the name", strcmp(link, want) == 0);

    mqd_t ro = mq_open(qname, O_RDONLY), wo = mq_open(qname, O_WRONLY);
    check_errno("mq_send on O_RDONLY", mq_send(ro, "x", 1, 0), EBADF);
    check_errno("mq_receive on O_WRONLY", mq_receive(wo, buf, 8, NULL), EBADF);
    check_errno("mq_send on a bad fd", mq_send(999, "x", 1, 0), EBADF);
    check_errno("mq_getattr on a pipe", mq_getattr(0, &a), EBADF);
    mq_close(ro);
    mq_close(wo);

    check_i64("mq_unlink while open", mq_unlink(qname), 0);
    check_errno("the name is gone", mq_open(qname, O_RDWR), ENOENT);
    check_i64("the open queue still works", mq_send(q, "z", 1, 7), 0);
    unsigned pr = 0;
    check_i64("and delivers", mq_receive(q, buf, 8, &pr), 1);
    check_i64("its priority", pr, 7);
    mq_close(q);
}

/* a receiver blocked on an empty queue gets the message a later sender sends */
static void blocking(void) {
    mqd_t q = make("block", O_RDWR, 1, 16);
    int rep[2];
    pipe(rep);
    struct gate g;
    gate_open(&g);
    pid_t c = xfork();
    if (c == 0) {
        char buf[16];
        unsigned p;
        ssize_t n = mq_receive(q, buf, sizeof buf, &p); /* blocks */
        report_int(rep[1], n == 5 && memcmp(buf, "hello", 5) == 0 ? (int)p : -1);
        gate_wait(&g);
        n = mq_send(q, "x", 1, 0); /* the parent filled the queue again: blocks */
        report_int(rep[1], (int)n);
        _exit(0);
    }
    sleep_ms(50);
    check_i64("send to a waiting receiver", mq_send(q, "hello", 5, 9), 0);
    check_i64("the receiver got it, priority 9", read_int(rep[0]), 9);
    mq_send(q, "full", 4, 0);
    gate_pass(&g);
    sleep_ms(50);
    struct mq_attr a;
    mq_getattr(q, &a);
    check_i64("still one message while the sender waits", a.mq_curmsgs, 1);
    char buf[16];
    check_i64("receive frees room", mq_receive(q, buf, sizeof buf, NULL), 4);
    check_i64("the blocked sender completed", read_int(rep[0]), 0);
    check_i64("its message arrived", mq_receive(q, buf, sizeof buf, NULL), 1);
    check_str("child", status_str(wait_for(c, 0)), "exited 0");
    close(rep[0]);
    close(rep[1]);
    gate_close(&g);
    mq_close(q);
    mq_unlink(name_of("block"));
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int s) {
    (void)s;
    got_usr1 = 1;
}

/* a signal handler interrupts a blocked mq_receive: EINTR, or a restart under SA_RESTART */
static void interruption(int restart) {
    mqd_t q = make(restart ? "restart" : "eintr", O_RDWR, 2, 16);
    int rep[2];
    pipe(rep);
    pid_t c = xfork();
    if (c == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1;
        sa.sa_flags = restart ? SA_RESTART : 0;
        sigaction(SIGUSR1, &sa, NULL);
        report_int(rep[1], 1);
        char buf[16];
        ssize_t n = mq_receive(q, buf, sizeof buf, NULL);
        report_int(rep[1], n < 0 ? -errno : (int)n);
        report_int(rep[1], got_usr1);
        _exit(0);
    }
    read_int(rep[0]);
    sleep_ms(50);
    kill(c, SIGUSR1);
    if (restart) {
        sleep_ms(50);
        mq_send(q, "abc", 3, 0);
    }
    int r = read_int(rep[0]);
    check_i64(restart ? "SA_RESTART: the receive restarted and got 3 bytes" : "no SA_RESTART: EINTR", r,
              restart ? 3 : -EINTR);
    check_i64("the handler ran", read_int(rep[0]), 1);
    wait_for(c, 0);
    struct mq_attr a;
    mq_getattr(q, &a);
    check_i64("nothing left over", a.mq_curmsgs, 0);
    close(rep[0]);
    close(rep[1]);
    mq_close(q);
    mq_unlink(name_of(restart ? "restart" : "eintr"));
}

/* a signal handler interrupts a blocked mq_send: EINTR, and nothing was queued */
static void send_interrupted(void) {
    mqd_t q = make("sendintr", O_RDWR, 1, 16);
    mq_send(q, "full", 4, 0);
    int rep[2];
    pipe(rep);
    pid_t c = xfork();
    if (c == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1;
        sigaction(SIGUSR1, &sa, NULL);
        report_int(rep[1], 1);
        int r = mq_send(q, "more", 4, 0);
        report_int(rep[1], r < 0 ? -errno : r);
        _exit(0);
    }
    read_int(rep[0]);
    sleep_ms(50);
    kill(c, SIGUSR1);
    check_i64("a blocked mq_send interrupted: EINTR", read_int(rep[0]), -EINTR);
    wait_for(c, 0);
    struct mq_attr a;
    mq_getattr(q, &a);
    check_i64("only the first message is there", a.mq_curmsgs, 1);
    close(rep[0]);
    close(rep[1]);
    mq_close(q);
    mq_unlink(name_of("sendintr"));
}

/* a queue opened before fork is shared: what the child sends, the parent receives */
static void across_fork(void) {
    mqd_t q = make("fork", O_RDWR, 10, 64);
    pid_t c = xfork();
    if (c == 0) {
        for (int i = 0; i < 5; i++) {
            char m[16];
            int len = snprintf(m, sizeof m, "msg%d", i);
            mq_send(q, m, len, i % 2);
        }
        _exit(0);
    }
    wait_for(c, 0);
    char got[128] = "", buf[64];
    unsigned p;
    ssize_t n;
    struct mq_attr na = {O_NONBLOCK, 0, 0, 0, {0}};
    mq_setattr(q, &na, NULL);
    while ((n = mq_receive(q, buf, sizeof buf, &p)) >= 0) {
        char item[32];
        snprintf(item, sizeof item, "%.*s/%u ", (int)n, buf, p);
        strcat(got, item);
    }
    check_errno("drained", n, EAGAIN);
    check_str("the child's messages", got, "msg1/1 msg3/1 msg0/0 msg2/0 msg4/0 ");
    mq_close(q);
    mq_unlink(name_of("fork"));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    umask(022);
    names_and_flags();
    priorities();
    limits_and_modes();
    blocking();
    interruption(0);
    interruption(1);
    send_interrupted();
    across_fork();
    return finish("posix_mq");
}
