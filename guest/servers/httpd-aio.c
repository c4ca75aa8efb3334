/*
 * httpd-aio: asynchronous I/O with POSIX aio (the primer's 异步I/O model). The server never
 * calls read(2) or write(2) itself: it hands each connection an aio_read(3) or aio_write(3)
 * and is told when the transfer has *completed* — by a queued real-time signal whose
 * si_value points at the connection (SIGEV_SIGNAL), taken with sigwaitinfo(2). The data is
 * already in the buffer when the notification comes; compare httpd-sigio, which is told only
 * that it *may* now read.
 *
 * glibc implements POSIX aio in user space with a pool of helper threads doing blocking
 * pread/pwrite (falling back to read/write on sockets), so an outstanding aio_read on an idle
 * connection holds one helper thread: aio_init raises the pool so that every connection can
 * have its request in flight. Accepting is not an aio operation; a separate thread blocks in
 * accept(2) and starts the first aio_read of each connection.
 */
#include "http.h"
#include <aio.h>
#include <pthread.h>
#include <time.h>

static const char help[] =
    "I/O model: asynchronous I/O with POSIX aio (异步I/O, see the primer's 网络I/O模型\n"
    "chapter). Every read and write is an aio_read()/aio_write() that returns at once; the\n"
    "process is notified when the transfer has completed, by a real-time signal\n"
    "(SIGEV_SIGNAL) whose value points at the connection, taken with sigwaitinfo(). The data\n"
    "is already in the buffer when the notification arrives. A separate thread accepts.\n"
    "glibc implements POSIX aio with helper threads doing blocking I/O, so each request in\n"
    "flight costs a thread: asynchronous to the program, thread-per-request underneath.\n";

enum stage { READING, WRITING };

struct aconn {
    struct conn c;
    struct aiocb cb;
    enum stage stage;
};

static int donesig;
static long accepted, open_conns; /* __atomic */
static struct options opts;

/* Starts the next transfer of a connection; returns -1 if it could not be submitted. */
static int submit(struct aconn *a) {
    struct conn *c = &a->c;
    memset(&a->cb, 0, sizeof a->cb);
    a->cb.aio_fildes = c->fd;
    a->cb.aio_sigevent.sigev_notify = SIGEV_SIGNAL;
    a->cb.aio_sigevent.sigev_signo = donesig;
    a->cb.aio_sigevent.sigev_value.sival_ptr = a;
    if (c->outlen) {
        a->stage = WRITING;
        a->cb.aio_buf = c->out + c->outoff;
        a->cb.aio_nbytes = c->outlen - c->outoff;
        return aio_write(&a->cb);
    }
    a->stage = READING;
    a->cb.aio_buf = c->in + c->inlen;
    a->cb.aio_nbytes = IN_MAX - c->inlen;
    return aio_read(&a->cb);
}

static void finish(struct aconn *a) {
    close(a->c.fd);
    free(a);
    __atomic_sub_fetch(&open_conns, 1, __ATOMIC_SEQ_CST);
}

/* A transfer of a has completed: account for it and start the next one (or close). */
static void completed(struct aconn *a) {
    int err = aio_error(&a->cb);
    if (err == EINPROGRESS) return; /* a stale notification: cannot happen, one request at a time */
    ssize_t n = aio_return(&a->cb);
    struct conn *c = &a->c;
    if (err || n < 0 || (a->stage == READING && n == 0)) {
        finish(a);
        return;
    }
    if (a->stage == READING) {
        c->inlen += (size_t) n;
        http_process(c);
    } else {
        c->outoff += (size_t) n;
        if (c->outoff == c->outlen) {
            c->outlen = c->outoff = 0;
            if (c->closing) {
                finish(a);
                return;
            }
            http_process(c); /* pipelined requests left in the input */
        }
    }
    if (submit(a) < 0) finish(a);
}

static void *acceptor(void *arg) {
    int lfd = (int) (long) arg;
    while (opts.max_conns == 0 || accepted < opts.max_conns) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOMEM) { usleep(1000); continue; }
            die("accept");
        }
        struct aconn *a = malloc(sizeof *a);
        if (!a) { close(fd); continue; }
        conn_init(&a->c, fd);
        tune_connection(fd);
        __atomic_add_fetch(&open_conns, 1, __ATOMIC_SEQ_CST);
        __atomic_add_fetch(&accepted, 1, __ATOMIC_SEQ_CST);
        if (submit(a) < 0) finish(a);
    }
    return NULL;
}

int main(int argc, char **argv) {
    server_name = "httpd-aio";
    server_model = "asynchronous I/O (POSIX aio, SIGEV_SIGNAL)";
    opts = parse_options(argc, argv, help);
    /* One helper thread per request in flight, up to 4096; idle helpers linger 1 s. */
    struct aioinit init = {.aio_threads = 4096, .aio_num = 4096, .aio_idle_time = 1};
    aio_init(&init);
    donesig = SIGRTMIN + 2;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, donesig);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* inherited by the acceptor */
    int lfd = http_listen(&opts, 0);
    pthread_t t;
    if (pthread_create(&t, NULL, acceptor, (void *) (long) lfd)) die("pthread_create");
    pthread_detach(t);
    for (;;) {
        if (opts.max_conns && __atomic_load_n(&accepted, __ATOMIC_SEQ_CST) >= opts.max_conns &&
                __atomic_load_n(&open_conns, __ATOMIC_SEQ_CST) == 0)
            break;
        siginfo_t si;
        struct timespec tick = {1, 0}; /* only to notice the end of a -n run */
        int sig = sigtimedwait(&set, &si, &tick);
        if (sig == donesig) completed(si.si_value.sival_ptr);
        else if (sig < 0 && errno != EAGAIN && errno != EINTR) die("sigtimedwait");
    }
    return 0;
}
