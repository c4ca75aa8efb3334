/* mq_notify: POSIX message queue notification (mq_notify(3), mq_overview(7)) and the open
 * rules qemu-riscv64 gets wrong. qemu-riscv64 does not implement mq_notify at all (ENOSYS) and
 * maps an access mode of 3 to O_RDONLY, so LinuxSemanticsTest compares this program's output
 * under javix with mq_notify.expected, written from the man pages and ipc/mqueue.c:
 *  - SIGEV_SIGNAL: the signal comes when a message arrives on an EMPTY queue and no receiver is
 *    blocked in mq_receive; si_code SI_MESGQ, si_pid/si_uid of the sender, si_value as
 *    registered; then the registration is gone. One registration per queue (EBUSY); a NULL
 *    sevp unregisters (a no-op for anyone but the owner); closing a descriptor of the queue, or
 *    exiting, drops the owner's registration. SIGEV_NONE registers without notifying.
 *  - SIGEV_THREAD: glibc's helper thread (an AF_NETLINK socket the kernel writes a cookie to)
 *    runs the function with sigev_value.
 *  - The status line read(2) shows: NOTIFY (sigev_notify), SIGNO and NOTIFY_PID.
 *  - mq_open of an existing queue with access mode 3: EINVAL (prepare_open). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include "../tests/procs.h"

static char qname[64];

/* The status line with the pid replaced by "self", "none" or "other". */
static const char *status(mqd_t q) {
    static char line[160], out[200];
    lseek(q, 0, SEEK_SET);
    ssize_t n = read(q, line, sizeof line - 1);
    line[n > 0 ? n : 0] = 0;
    char *p = strstr(line, "NOTIFY_PID:");
    if (!p) return line;
    int pid = atoi(p + 11);
    p[0] = 0;
    snprintf(out, sizeof out, "%sNOTIFY_PID:%s", line, pid == 0 ? "none" : pid == getpid() ? "self" : "other");
    return out;
}

static int register_signal(mqd_t q, int sig, int value) {
    struct sigevent se;
    memset(&se, 0, sizeof se);
    se.sigev_notify = SIGEV_SIGNAL;
    se.sigev_signo = sig;
    se.sigev_value.sival_int = value;
    return mq_notify(q, &se);
}

/* Waits up to 1 s for SIGUSR1 (blocked); returns its siginfo's si_code, or 0 if none came. */
static siginfo_t pending_usr1(int ms) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (sigtimedwait(&s, &si, &t) < 0) si.si_signo = 0;
    return si;
}

static void drain(mqd_t q) {
    char buf[64];
    struct mq_attr a;
    while (mq_getattr(q, &a) == 0 && a.mq_curmsgs > 0) mq_receive(q, buf, sizeof buf, NULL);
}

static int thread_pipe[2];
static void on_message(union sigval v) {
    int x = v.sival_int;
    write(thread_pipe[1], &x, sizeof x);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    snprintf(qname, sizeof qname, "/javix_mqn_%d", (int)getpid());
    struct mq_attr attr = {0, 4, 64, 0, {0}};
    mqd_t q = mq_open(qname, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
    check_true("mq_open", q >= 0);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);

    /* errors */
    struct sigevent se;
    memset(&se, 0, sizeof se);
    se.sigev_notify = 99;
    check_errno("sigev_notify 99", mq_notify(q, &se), EINVAL);
    check_errno("SIGEV_SIGNAL with signal 65", register_signal(q, 65, 0), EINVAL);
    check_errno("a bad descriptor", register_signal(99, SIGUSR1, 0), EBADF);
    check_errno("a pipe", register_signal(0, SIGUSR1, 0), EBADF);
    check_str("status before", status(q), "QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:none");

    /* SIGEV_SIGNAL fires once, with the sender's identity */
    check_i64("register SIGUSR1", register_signal(q, SIGUSR1, 42), 0);
    check_str("status registered", status(q), "QSIZE:0          NOTIFY:0     SIGNO:10    NOTIFY_PID:self");
    check_errno("a second registration", register_signal(q, SIGUSR2, 1), EBUSY);
    pid_t c = xfork();
    if (c == 0) {
        int r1 = register_signal(q, SIGUSR1, 1) < 0 ? errno : 0;
        int r2 = mq_notify(q, NULL); /* not the owner: nothing happens */
        _exit(r1 == EBUSY && r2 == 0 ? 0 : 1);
    }
    check_str("another process: EBUSY, and NULL is a no-op for it", status_str(wait_for(c, 0)), "exited 0");
    check_str("still registered", status(q), "QSIZE:0          NOTIFY:0     SIGNO:10    NOTIFY_PID:self");
    c = xfork();
    if (c == 0) _exit(mq_send(q, "hello", 5, 3) == 0 ? 0 : 1);
    wait_for(c, 0);
    siginfo_t si = pending_usr1(1000);
    check_i64("the signal came", si.si_signo, SIGUSR1);
    check_i64("si_code SI_MESGQ", si.si_code, SI_MESGQ);
    check_true("si_pid is the sender's", si.si_pid == c);
    check_true("si_uid is the sender's", si.si_uid == getuid());
    check_i64("si_value", si.si_value.sival_int, 42);
    check_str("the registration is gone", status(q), "QSIZE:5          NOTIFY:0     SIGNO:0     NOTIFY_PID:none");

    /* only the empty → non-empty transition notifies */
    check_i64("register on a non-empty queue", register_signal(q, SIGUSR1, 7), 0);
    mq_send(q, "more", 4, 0);
    check_i64("a message on a non-empty queue: no signal", pending_usr1(100).si_signo, 0);
    drain(q);
    mq_send(q, "x", 1, 0);
    si = pending_usr1(1000);
    check_i64("after draining, the next message notifies", si.si_signo, SIGUSR1);
    check_true("si_pid is ours", si.si_pid == getpid());
    check_i64("si_value 7", si.si_value.sival_int, 7);
    drain(q);

    /* no notification while a receiver is blocked: the message goes to it */
    check_i64("register again", register_signal(q, SIGUSR1, 8), 0);
    int rep[2];
    pipe(rep);
    c = xfork();
    if (c == 0) {
        char buf[64];
        ssize_t n = mq_receive(q, buf, sizeof buf, NULL);
        report_int(rep[1], (int)n);
        _exit(0);
    }
    sleep_ms(100);
    mq_send(q, "direct", 6, 0);
    check_i64("the blocked receiver got the message", read_int(rep[0]), 6);
    wait_for(c, 0);
    check_i64("and no signal came", pending_usr1(100).si_signo, 0);
    check_str("the registration stays", status(q), "QSIZE:0          NOTIFY:0     SIGNO:10    NOTIFY_PID:self");

    /* NULL unregisters */
    check_i64("mq_notify(NULL)", mq_notify(q, NULL), 0);
    check_str("unregistered", status(q), "QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:none");
    mq_send(q, "x", 1, 0);
    check_i64("no signal after unregistering", pending_usr1(100).si_signo, 0);
    drain(q);

    /* closing any descriptor of the queue drops the owner's registration */
    mqd_t q2 = mq_open(qname, O_RDONLY);
    check_i64("register through a second descriptor", register_signal(q2, SIGUSR1, 9), 0);
    mq_close(q2);
    check_str("closed: the registration is gone", status(q), "QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:none");

    /* a registration ends with its process */
    c = xfork();
    if (c == 0) _exit(register_signal(q, SIGUSR2, 1) == 0 ? 0 : 1);
    check_str("a child registered and exited", status_str(wait_for(c, 0)), "exited 0");
    check_i64("its registration went with it", register_signal(q, SIGUSR1, 10), 0);
    mq_notify(q, NULL);

    /* SIGEV_NONE: registered, never notified */
    memset(&se, 0, sizeof se);
    se.sigev_notify = SIGEV_NONE;
    check_i64("SIGEV_NONE", mq_notify(q, &se), 0);
    check_str("status SIGEV_NONE", status(q), "QSIZE:0          NOTIFY:1     SIGNO:0     NOTIFY_PID:self");
    check_errno("it occupies the queue", register_signal(q, SIGUSR1, 0), EBUSY);
    mq_send(q, "x", 1, 0);
    check_i64("no signal", pending_usr1(100).si_signo, 0);
    check_str("and it is used up", status(q), "QSIZE:1          NOTIFY:0     SIGNO:0     NOTIFY_PID:none");
    drain(q);

    /* SIGEV_THREAD: glibc's helper thread runs the function */
    pipe(thread_pipe);
    memset(&se, 0, sizeof se);
    se.sigev_notify = SIGEV_THREAD;
    se.sigev_notify_function = on_message;
    se.sigev_value.sival_int = 77;
    check_i64("SIGEV_THREAD", mq_notify(q, &se), 0);
    check_str("status SIGEV_THREAD", status(q), "QSIZE:0          NOTIFY:2     SIGNO:0     NOTIFY_PID:self");
    mq_send(q, "t", 1, 0);
    check_i64("the function ran with sigev_value", read_int(thread_pipe[0]), 77);
    drain(q);
    se.sigev_value.sival_int = 78;
    check_i64("SIGEV_THREAD again", mq_notify(q, &se), 0);
    mq_send(q, "t", 1, 0);
    check_i64("and ran again", read_int(thread_pipe[0]), 78);
    drain(q);

    check_errno("access mode 3 on an existing queue", mq_open(qname, O_ACCMODE), EINVAL);
    mq_close(q);
    check_i64("mq_unlink", mq_unlink(qname), 0);
    return finish("mq_notify");
}
