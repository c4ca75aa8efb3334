/* aio_posix: glibc's POSIX asynchronous I/O (aio(7)) on files, pipes and sockets. glibc runs
 * each request on a helper thread with pread/pwrite (read/write for pipes and sockets), so this
 * exercises threads, futexes, blocking I/O and signal queueing underneath: aio_read,
 * aio_write, aio_error (EINPROGRESS while pending), aio_return, aio_suspend (with and without
 * a timeout), aio_cancel (AIO_CANCELED for a queued request, AIO_NOTCANCELED for a running
 * one, AIO_ALLDONE), aio_fsync, lio_listio (LIO_WAIT, LIO_NOWAIT with a signal for the whole
 * list), and notification by signal (SIGEV_SIGNAL: si_code SI_ASYNCIO, si_value) and by thread
 * (SIGEV_THREAD). */
#define _GNU_SOURCE
#include <aio.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/socket.h>
#include "check.h"
#include "procs.h"

static char tmpdir[64];

static struct aiocb cb_of(int fd, void *buf, size_t n, off_t off) {
    struct aiocb cb;
    memset(&cb, 0, sizeof cb);
    cb.aio_fildes = fd;
    cb.aio_buf = buf;
    cb.aio_nbytes = n;
    cb.aio_offset = off;
    cb.aio_sigevent.sigev_notify = SIGEV_NONE;
    return cb;
}

/* Waits for one request with aio_suspend; returns aio_return after checking aio_error. */
static ssize_t wait_done(const char *name, struct aiocb *cb, int expected_error) {
    const struct aiocb *list[1] = {cb};
    while (aio_error(cb) == EINPROGRESS) aio_suspend(list, 1, NULL);
    char what[96];
    snprintf(what, sizeof what, "%s: aio_error", name);
    check_str(what, errno_name(aio_error(cb)), errno_name(expected_error));
    return aio_return(cb);
}

static void files(void) {
    char path[96];
    snprintf(path, sizeof path, "%s/data", tmpdir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    struct aiocb w = cb_of(fd, "the quick brown fox", 19, 0);
    check_i64("aio_write", aio_write(&w), 0);
    check_i64("aio_write result", wait_done("aio_write", &w, 0), 19);
    char buf[32] = {0};
    struct aiocb r = cb_of(fd, buf, 5, 10);
    check_i64("aio_read", aio_read(&r), 0);
    check_i64("aio_read result", wait_done("aio_read", &r, 0), 5);
    check_str("aio_read data", buf, "brown");
    struct aiocb e = cb_of(fd, buf, 5, 100);
    aio_read(&e);
    check_i64("aio_read at end of file", wait_done("eof", &e, 0), 0);
    struct aiocb s = cb_of(fd, NULL, 0, 0);
    check_i64("aio_fsync", aio_fsync(O_SYNC, &s), 0);
    check_i64("aio_fsync result", wait_done("aio_fsync", &s, 0), 0);
    struct aiocb bad = cb_of(999, buf, 5, 0);
    check_i64("aio_read of a bad fd is accepted", aio_read(&bad), 0);
    check_i64("and fails", wait_done("bad fd", &bad, EBADF), -1);
    check_i64("aio_cancel of a finished request", aio_cancel(fd, &r), AIO_ALLDONE);
    /* lio_listio LIO_WAIT: returns when both are done. */
    char a[4] = {0}, b[6] = {0};
    struct aiocb l1 = cb_of(fd, a, 3, 0), l2 = cb_of(fd, b, 5, 4);
    l1.aio_lio_opcode = l2.aio_lio_opcode = LIO_READ;
    struct aiocb nop = cb_of(fd, NULL, 0, 0);
    nop.aio_lio_opcode = LIO_NOP;
    struct aiocb *list[3] = {&l1, &nop, &l2};
    check_i64("lio_listio LIO_WAIT", lio_listio(LIO_WAIT, list, 3, NULL), 0);
    check_i64("first done", aio_error(&l1) == 0 && aio_return(&l1) == 3, 1);
    check_i64("second done", aio_error(&l2) == 0 && aio_return(&l2) == 5, 1);
    check_str("lio data", a, "the");
    check_str("lio data 2", b, "quick");
    close(fd);
    unlink(path);
}

static void pipes(void) {
    int p[2];
    pipe(p);
    char buf[32] = {0};
    struct aiocb r = cb_of(p[0], buf, sizeof buf, 0);
    check_i64("aio_read on an empty pipe", aio_read(&r), 0);
    check_str("pending", errno_name(aio_error(&r)), "EINPROGRESS");
    const struct aiocb *list[1] = {&r};
    struct timespec ts = {0, 20 * 1000 * 1000};
    check_errno("aio_suspend times out", aio_suspend(list, 1, &ts), EAGAIN);
    /* A second request on the same descriptor waits in glibc's queue behind the first. */
    char buf2[8];
    struct aiocb q = cb_of(p[0], buf2, sizeof buf2, 0);
    aio_read(&q);
    check_i64("aio_cancel of the queued one", aio_cancel(p[0], &q), AIO_CANCELED);
    check_str("cancelled", errno_name(aio_error(&q)), "ECANCELED");
    check_i64("cancelled return", aio_return(&q), -1);
    check_i64("aio_cancel of the running one", aio_cancel(p[0], &r), AIO_NOTCANCELED);
    write(p[1], "data!", 5);
    check_i64("pipe read completes", wait_done("pipe", &r, 0), 5);
    check_str("pipe data", buf, "data!");
    struct aiocb w = cb_of(p[1], "back", 4, 0);
    aio_write(&w);
    check_i64("pipe write", wait_done("pipe write", &w, 0), 4);
    memset(buf, 0, sizeof buf);
    check_i64("written data arrives", read(p[0], buf, sizeof buf), 4);
    close(p[0]);
    close(p[1]);
}

static void sockets(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    char buf[16] = {0};
    struct aiocb r = cb_of(sv[0], buf, sizeof buf, 0);
    aio_read(&r);
    pid_t pid = xfork();
    if (pid == 0) {
        sleep_ms(30);
        write(sv[1], "hello", 5);
        _exit(0);
    }
    check_i64("socket read", wait_done("socket", &r, 0), 5);
    check_str("socket data", buf, "hello");
    wait_for(pid, 0);
    struct aiocb w = cb_of(sv[0], "world", 5, 0);
    aio_write(&w);
    check_i64("socket write", wait_done("socket write", &w, 0), 5);
    memset(buf, 0, sizeof buf);
    check_i64("socket data arrives", read(sv[1], buf, sizeof buf), 5);
    close(sv[0]);
    close(sv[1]);
}

static void signals(void) {
    int sig = SIGRTMIN + 3;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    int p[2];
    pipe(p);
    char buf[8] = {0};
    struct aiocb r = cb_of(p[0], buf, sizeof buf, 0);
    r.aio_sigevent.sigev_notify = SIGEV_SIGNAL;
    r.aio_sigevent.sigev_signo = sig;
    r.aio_sigevent.sigev_value.sival_int = 4242;
    aio_read(&r);
    write(p[1], "sig", 3);
    siginfo_t si;
    struct timespec ts = {5, 0};
    check_i64("completion signal", sigtimedwait(&set, &si, &ts), sig);
    check_i64("si_code SI_ASYNCIO", si.si_code, SI_ASYNCIO);
    check_i64("si_value", si.si_value.sival_int, 4242);
    check_i64("done when signalled", aio_error(&r) == 0 && aio_return(&r) == 3, 1);
    /* lio_listio LIO_NOWAIT: one signal when the whole list is done. */
    char a[4] = {0}, b[4] = {0};
    struct aiocb l1 = cb_of(p[0], a, 2, 0), l2 = cb_of(p[1], "xyz", 3, 0);
    l1.aio_lio_opcode = LIO_READ;
    l2.aio_lio_opcode = LIO_WRITE;
    struct aiocb *list[2] = {&l1, &l2};
    struct sigevent all = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = sig};
    all.sigev_value.sival_int = 7;
    check_i64("lio_listio LIO_NOWAIT", lio_listio(LIO_NOWAIT, list, 2, &all), 0);
    check_i64("list signal", sigtimedwait(&set, &si, &ts), sig);
    check_i64("list si_value", si.si_value.sival_int, 7);
    check_i64("list done", aio_return(&l1) == 2 && aio_return(&l2) == 3, 1);
    check_str("list read data", a, "xy");
    check_i64("rest of the list's write", read(p[0], b, sizeof b), 1);
    close(p[0]);
    close(p[1]);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

static sem_t notified;
static int notified_value;
static pthread_t notify_thread;

static void on_done(union sigval v) {
    notified_value = v.sival_int;
    notify_thread = pthread_self();
    sem_post(&notified);
}

static void threads(void) {
    sem_init(&notified, 0, 0);
    int p[2];
    pipe(p);
    char buf[8] = {0};
    struct aiocb r = cb_of(p[0], buf, sizeof buf, 0);
    r.aio_sigevent.sigev_notify = SIGEV_THREAD;
    r.aio_sigevent.sigev_notify_function = on_done;
    r.aio_sigevent.sigev_value.sival_int = 99;
    aio_read(&r);
    write(p[1], "thr", 3);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 5;
    check_i64("notification thread ran", sem_timedwait(&notified, &ts), 0);
    check_i64("with the value", notified_value, 99);
    check_i64("on another thread", pthread_equal(notify_thread, pthread_self()), 0);
    check_i64("request done", aio_error(&r) == 0 && aio_return(&r) == 3, 1);
    close(p[0]);
    close(p[1]);
}

int main(void) {
    strcpy(tmpdir, "/tmp/aio_posix.XXXXXX");
    if (!mkdtemp(tmpdir)) return 1;
    files();
    pipes();
    sockets();
    signals();
    threads();
    rmdir(tmpdir);
    return finish("aio_posix");
}
