/* aio_native: Linux native AIO through the raw system calls (io_setup(2), io_submit(2),
 * io_getevents(2), io_pgetevents(2), io_cancel(2), io_destroy(2); static glibc has no libaio).
 * qemu-riscv64 does not implement these calls at all (ENOSYS), so LinuxSemanticsTest compares
 * this program's output under javix with aio_native.expected, which is this same source built
 * for the host and run on a real Linux 6.x kernel.
 * Covers: PREAD, PWRITE, PREADV, PWRITEV, FSYNC, FDSYNC on a tmpfs file (data, obj, res of
 * each io_event, aio_key set to 0), reads at end of file and into an unmapped buffer (res
 * -EFAULT); pipes and AF_UNIX sockets (data already there, data written later by a child);
 * IOCB_FLAG_RESFD (the eventfd counts completions); IOCB_CMD_POLL (one-shot readiness, pending
 * until data comes — asynchronous in Linux too — and cancellable: EINPROGRESS); the errno of every refused argument in
 * the order fs/aio.c checks them; partial submission; io_getevents timeouts, min_nr, EINTR
 * by a signal and EFAULT without losing the event; contexts are per address space (a forked
 * child gets EINVAL) and io_destroy ends them. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <poll.h>
#include <sys/time.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include "../tests/check.h"
#include "../tests/procs.h"

static long io_setup(unsigned nr, aio_context_t *ctx) { return syscall(SYS_io_setup, nr, ctx); }
static long io_destroy(aio_context_t ctx) { return syscall(SYS_io_destroy, ctx); }
static long io_submit(aio_context_t ctx, long n, struct iocb **v) { return syscall(SYS_io_submit, ctx, n, v); }
static long io_cancel(aio_context_t ctx, struct iocb *cb, struct io_event *ev) {
    return syscall(SYS_io_cancel, ctx, cb, ev);
}
static long io_getevents(aio_context_t ctx, long min, long nr, struct io_event *ev, struct timespec *ts) {
    return syscall(SYS_io_getevents, ctx, min, nr, ev, ts);
}

static aio_context_t ctx;
static char tmpdir[64];

static struct iocb make(int op, int fd, void *buf, size_t n, long long off, unsigned long long data) {
    struct iocb cb;
    memset(&cb, 0, sizeof cb);
    cb.aio_lio_opcode = op;
    cb.aio_fildes = fd;
    cb.aio_buf = (unsigned long) buf;
    cb.aio_nbytes = n;
    cb.aio_offset = off;
    cb.aio_data = data;
    cb.aio_key = 0xdead; /* io_submit overwrites it with KIOCB_KEY (0) */
    return cb;
}

/* Submits one iocb: the result of io_submit (1, or -1 with errno). */
static long submit1(struct iocb *cb) {
    struct iocb *v[1] = {cb};
    return io_submit(ctx, 1, v);
}

/* Waits for exactly one event and checks it belongs to cb; returns its res. */
static long long wait1(const char *name, struct iocb *cb) {
    struct io_event ev;
    memset(&ev, 0, sizeof ev);
    struct timespec ts = {5, 0};
    long n = io_getevents(ctx, 1, 1, &ev, &ts);
    char what[96];
    snprintf(what, sizeof what, "%s: one event", name);
    check_i64(what, n, 1);
    snprintf(what, sizeof what, "%s: data and obj", name);
    check_true(what, ev.data == cb->aio_data && ev.obj == (unsigned long) cb);
    return ev.res;
}

static void errors(int fd) {
    struct iocb cb = make(IOCB_CMD_PREAD, fd, tmpdir, 4, 0, 1);
    struct iocb *v[2] = {&cb, &cb};
    aio_context_t other = 0;
    check_errno("io_setup 0 events", io_setup(0, &other), EINVAL);
    other = 1;
    check_errno("io_setup with *ctxp != 0", io_setup(8, &other), EINVAL);
    check_errno("io_setup bad ctxp", io_setup(8, (aio_context_t *) 8), EFAULT);
    other = 0;
    check_errno("io_setup past aio-max-nr", io_setup(65537, &other), EAGAIN);
    check_errno("io_setup absurd count", io_setup(0x7fffffffu, &other), EINVAL);
    check_errno("io_setup count doubling to 0", io_setup(0x80000000u, &other), EAGAIN);
    check_errno("io_submit bad ctx", io_submit(12345, 1, v), EINVAL);
    check_errno("io_submit nr < 0", io_submit(ctx, -1, v), EINVAL);
    check_i64("io_submit nr 0", io_submit(ctx, 0, v), 0);
    check_errno("io_submit bad iocbpp", io_submit(ctx, 1, (struct iocb **) 8), EFAULT);
    struct iocb *bad[1] = {(struct iocb *) 8};
    check_errno("io_submit bad iocb", io_submit(ctx, 1, bad), EFAULT);
    struct iocb c2 = cb;
    c2.aio_reserved2 = 1;
    check_errno("aio_reserved2 != 0", submit1(&c2), EINVAL);
    c2 = cb;
    c2.aio_nbytes = (size_t) -1;
    check_errno("negative aio_nbytes", submit1(&c2), EINVAL);
    c2 = cb;
    c2.aio_fildes = 999;
    check_errno("bad fd", submit1(&c2), EBADF);
    c2 = cb;
    c2.aio_flags = IOCB_FLAG_RESFD;
    c2.aio_resfd = 999;
    check_errno("RESFD bad fd", submit1(&c2), EBADF);
    c2.aio_resfd = fd;
    check_errno("RESFD not an eventfd", submit1(&c2), EINVAL);
    c2 = cb;
    c2.aio_lio_opcode = 99;
    check_errno("unknown opcode", submit1(&c2), EINVAL);
    c2 = cb;
    c2.aio_rw_flags = 0x10000000;
    check_errno("unknown rw flag", submit1(&c2), EOPNOTSUPP);
    c2 = cb;
    c2.aio_offset = -1;
    check_errno("negative offset", submit1(&c2), EINVAL);
    c2 = cb;
    c2.aio_buf = 0xffffffffffff0000ull;
    check_errno("buffer outside user space", submit1(&c2), EFAULT);
    int ro = open("/dev/null", O_RDONLY);
    c2 = make(IOCB_CMD_PWRITE, ro, tmpdir, 4, 0, 1);
    check_errno("PWRITE on a read-only fd", submit1(&c2), EBADF);
    close(ro);
    int dir = open(tmpdir, O_RDONLY | O_DIRECTORY);
    c2 = make(IOCB_CMD_PREAD, dir, tmpdir, 4, 0, 1);
    check_errno("PREAD on a directory", submit1(&c2), EINVAL);
    close(dir);
    c2 = make(IOCB_CMD_FSYNC, fd, NULL, 1, 0, 1);
    check_errno("FSYNC with aio_nbytes", submit1(&c2), EINVAL);
    int p[2];
    pipe(p);
    c2 = make(IOCB_CMD_FSYNC, p[1], NULL, 0, 0, 1);
    check_errno("FSYNC on a pipe", submit1(&c2), EINVAL);
    close(p[0]);
    close(p[1]);
    struct io_event ev[2];
    check_errno("io_getevents min_nr > nr", io_getevents(ctx, 2, 1, ev, NULL), EINVAL);
    check_errno("io_getevents min_nr < 0", io_getevents(ctx, -1, 1, ev, NULL), EINVAL);
    check_errno("io_getevents bad ctx", io_getevents(99, 0, 1, ev, NULL), EINVAL);
    check_errno("io_getevents bad timeout", io_getevents(ctx, 0, 1, ev, (struct timespec *) 8), EFAULT);
    struct timespec zero = {0, 0};
    check_i64("io_getevents nothing, no wait", io_getevents(ctx, 1, 1, ev, &zero), 0);
    check_i64("io_getevents min_nr 0", io_getevents(ctx, 0, 1, ev, NULL), 0);
    struct {
        const sigset_t *mask;
        size_t size;
    } ss = {NULL, 0};
    sigset_t m;
    sigemptyset(&m);
    ss.mask = &m;
    ss.size = 4;
    check_errno("io_pgetevents bad sigsetsize",
            syscall(SYS_io_pgetevents, ctx, 0, 1, ev, &zero, &ss), EINVAL);
    ss.size = 8;
    check_i64("io_pgetevents with a mask", syscall(SYS_io_pgetevents, ctx, 0, 1, ev, &zero, &ss), 0);
    struct iocb never = make(IOCB_CMD_PREAD, fd, tmpdir, 4, 0, 1);
    never.aio_key = 1;
    check_errno("io_cancel key != KIOCB_KEY", io_cancel(ctx, &never, ev), EINVAL);
    never.aio_key = 0;
    check_errno("io_cancel unknown iocb", io_cancel(ctx, &never, ev), EINVAL);
    check_errno("io_cancel bad iocb", io_cancel(ctx, (struct iocb *) 8, ev), EFAULT);
}

static void files(int fd) {
    char buf[64];
    struct iocb w = make(IOCB_CMD_PWRITE, fd, "hello, asynchronous world", 25, 0, 0x1111);
    check_i64("PWRITE submitted", submit1(&w), 1);
    check_i64("aio_key set to 0", w.aio_key, 0);
    check_i64("PWRITE res", wait1("PWRITE", &w), 25);
    memset(buf, 0, sizeof buf);
    struct iocb r = make(IOCB_CMD_PREAD, fd, buf, 12, 7, 0x2222);
    check_i64("PREAD submitted", submit1(&r), 1);
    check_i64("PREAD res", wait1("PREAD", &r), 12);
    check_str("PREAD data", buf, "asynchronous");
    check_i64("file offset untouched", lseek(fd, 0, SEEK_CUR), 0);
    struct iocb e = make(IOCB_CMD_PREAD, fd, buf, 10, 100, 3);
    submit1(&e);
    check_i64("PREAD at end of file", wait1("PREAD eof", &e), 0);
    char a[6] = {0}, b[8] = {0};
    struct iovec iov[2] = {{a, 5}, {b, 7}};
    struct iocb rv = make(IOCB_CMD_PREADV, fd, iov, 2, 0, 4);
    submit1(&rv);
    check_i64("PREADV res", wait1("PREADV", &rv), 12);
    check_str("PREADV first", a, "hello");
    check_str("PREADV second", b, ", async");
    struct iovec wv[2] = {{"ABC", 3}, {"DEFG", 4}};
    struct iocb wvv = make(IOCB_CMD_PWRITEV, fd, wv, 2, 30, 5);
    submit1(&wvv);
    check_i64("PWRITEV res", wait1("PWRITEV", &wvv), 7);
    memset(buf, 0, sizeof buf);
    check_i64("pread after PWRITEV", pread(fd, buf, 12, 25), 12);
    check_true("PWRITEV leaves a hole, then data", !memcmp(buf, "\0\0\0\0\0ABCDEFG", 12));
    struct iocb s = make(IOCB_CMD_FSYNC, fd, NULL, 0, 0, 6), d = make(IOCB_CMD_FDSYNC, fd, NULL, 0, 0, 7);
    struct iocb *v[2] = {&s, &d};
    check_i64("FSYNC+FDSYNC submitted", io_submit(ctx, 2, v), 2);
    struct io_event ev[2];
    struct timespec ts = {5, 0};
    check_i64("two events", io_getevents(ctx, 2, 2, ev, &ts), 2);
    check_true("FSYNC and FDSYNC res 0", ev[0].res == 0 && ev[1].res == 0 && ev[0].data + ev[1].data == 13);
    /* A buffer in user space but not mapped: the read itself faults. */
    char *hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct iocb f = make(IOCB_CMD_PREAD, fd, hole, 8, 0, 8);
    check_i64("PREAD into PROT_NONE submitted", submit1(&f), 1);
    check_i64("PREAD into PROT_NONE res", wait1("PREAD fault", &f), -EFAULT);
    munmap(hole, 4096);
    /* Partial submission: the good one goes, the bad one is reported by count. */
    struct iocb ok = make(IOCB_CMD_PREAD, fd, buf, 5, 0, 9), bad = ok;
    bad.aio_fildes = 999;
    struct iocb *pv[2] = {&ok, &bad};
    check_i64("partial submission returns 1", io_submit(ctx, 2, pv), 1);
    check_i64("the good one completes", wait1("partial", &ok), 5);
    /* Event copy-out fault: EFAULT, and the event is still there. */
    struct iocb k = make(IOCB_CMD_PREAD, fd, buf, 5, 0, 10);
    submit1(&k);
    check_errno("io_getevents into a bad buffer", io_getevents(ctx, 1, 1, (struct io_event *) 8, &ts), EFAULT);
    check_i64("event kept after EFAULT", wait1("kept", &k), 5);
    /* Completed requests cannot be cancelled. */
    check_errno("io_cancel after completion", io_cancel(ctx, &k, ev), EINVAL);
}

static void eventfds(int fd) {
    int efd = eventfd(0, EFD_CLOEXEC);
    char buf[8];
    struct iocb a = make(IOCB_CMD_PREAD, fd, buf, 4, 0, 1), b = make(IOCB_CMD_PREAD, fd, buf + 4, 4, 4, 2);
    a.aio_flags = b.aio_flags = IOCB_FLAG_RESFD;
    a.aio_resfd = b.aio_resfd = efd;
    struct iocb *v[2] = {&a, &b};
    check_i64("RESFD pair submitted", io_submit(ctx, 2, v), 2);
    uint64_t n = 0;
    struct timespec ts = {5, 0};
    struct io_event ev[2];
    check_i64("events", io_getevents(ctx, 2, 2, ev, &ts), 2);
    check_i64("eventfd read", read(efd, &n, 8), 8);
    check_i64("eventfd counts both completions", (long long) n, 2);
    close(efd);
}

static void streams(void) {
    int p[2];
    pipe(p);
    char buf[32] = {0};
    write(p[1], "ready", 5);
    struct iocb r = make(IOCB_CMD_PREAD, p[0], buf, sizeof buf, 0, 1);
    check_i64("pipe read with data there", submit1(&r), 1);
    check_i64("pipe read res", wait1("pipe", &r), 5);
    check_str("pipe read data", buf, "ready");
    /* Data that comes later, from a child (Linux waits in io_submit, javix in io_getevents). */
    memset(buf, 0, sizeof buf);
    pid_t pid = xfork();
    if (pid == 0) {
        sleep_ms(50);
        write(p[1], "later", 5);
        _exit(0);
    }
    struct iocb l = make(IOCB_CMD_PREAD, p[0], buf, sizeof buf, 0, 2);
    check_i64("pipe read before the data", submit1(&l), 1);
    check_i64("pipe read res", wait1("pipe later", &l), 5);
    check_str("pipe read data later", buf, "later");
    wait_for(pid, 0);
    struct iocb w = make(IOCB_CMD_PWRITE, p[1], "through", 7, 0, 3);
    submit1(&w);
    check_i64("pipe write res", wait1("pipe write", &w), 7);
    memset(buf, 0, sizeof buf);
    check_i64("pipe write arrived", read(p[0], buf, sizeof buf), 7);
    close(p[1]);
    struct iocb eof = make(IOCB_CMD_PREAD, p[0], buf, 8, 0, 4);
    submit1(&eof);
    check_i64("pipe read at end of file", wait1("pipe eof", &eof), 0);
    close(p[0]);
    pipe(p);
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    struct iocb broken = make(IOCB_CMD_PWRITE, p[1], "x", 1, 0, 5);
    submit1(&broken);
    check_i64("pipe write without reader", wait1("broken pipe", &broken), -EPIPE);
    close(p[1]);

    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid = xfork();
    if (pid == 0) {
        sleep_ms(50);
        write(sv[1], "ping", 4);
        _exit(0);
    }
    memset(buf, 0, sizeof buf);
    struct iocb sr = make(IOCB_CMD_PREAD, sv[0], buf, sizeof buf, 0, 6);
    submit1(&sr);
    check_i64("socket read res", wait1("socket", &sr), 4);
    check_str("socket read data", buf, "ping");
    wait_for(pid, 0);
    struct iocb sw = make(IOCB_CMD_PWRITE, sv[0], "pong", 4, 0, 7);
    submit1(&sw);
    check_i64("socket write res", wait1("socket write", &sw), 4);
    memset(buf, 0, sizeof buf);
    check_i64("socket write arrived", read(sv[1], buf, sizeof buf), 4);
    close(sv[0]);
    close(sv[1]);
}

static void polls(void) {
    int p[2];
    pipe(p);
    struct io_event ev[2];
    struct timespec zero = {0, 0}, ts = {5, 0};
    struct iocb in = make(IOCB_CMD_POLL, p[0], NULL, 0, 0, 1);
    in.aio_buf = POLLIN;
    check_i64("POLL on an empty pipe submitted", submit1(&in), 1);
    check_i64("no event yet", io_getevents(ctx, 1, 1, ev, &zero), 0);
    write(p[1], "x", 1);
    /* Ready later: res is the wake-up's key, which for a pipe write is EPOLLIN|EPOLLRDNORM. */
    check_i64("POLLIN|POLLRDNORM when data came", wait1("POLL in", &in), POLLIN | POLLRDNORM);
    check_i64("POLLIN at once when data is there", submit1(&in), 1);
    check_i64("POLLIN res", wait1("POLL in again", &in), POLLIN);
    struct iocb out = make(IOCB_CMD_POLL, p[1], NULL, 0, 0, 2);
    out.aio_buf = POLLOUT | POLLIN;
    submit1(&out);
    check_i64("POLLOUT on the write end", wait1("POLL out", &out), POLLOUT);
    char c;
    read(p[0], &c, 1);
    struct iocb pend = make(IOCB_CMD_POLL, p[0], NULL, 0, 0, 3);
    pend.aio_buf = POLLIN;
    int efd = eventfd(0, 0);
    pend.aio_flags = IOCB_FLAG_RESFD;
    pend.aio_resfd = efd;
    submit1(&pend);
    check_errno("io_cancel of a pending POLL", io_cancel(ctx, &pend, ev), EINPROGRESS);
    check_i64("the cancelled POLL's event, res 0", wait1("POLL cancelled", &pend), 0);
    uint64_t n = 0;
    check_i64("and the eventfd counted it", read(efd, &n, 8) == 8 && n == 1, 1);
    close(efd);
    check_errno("io_cancel again", io_cancel(ctx, &pend, ev), EINVAL);
    close(p[1]);
    struct iocb hup = make(IOCB_CMD_POLL, p[0], NULL, 0, 0, 4);
    hup.aio_buf = POLLIN;
    submit1(&hup);
    check_i64("POLLHUP without writers (always reported)", wait1("POLL hup", &hup), POLLHUP);
    struct iocb bad = make(IOCB_CMD_POLL, p[0], NULL, 0, 0, 5);
    bad.aio_buf = 0x10000;
    check_errno("POLL events beyond 16 bits", submit1(&bad), EINVAL);
    bad.aio_buf = POLLIN;
    bad.aio_nbytes = 1;
    check_errno("POLL with aio_nbytes", submit1(&bad), EINVAL);
    close(p[0]);
    (void) ts;
}

static void on_alarm(int sig) { (void) sig; }

static void waits(void) {
    struct io_event ev;
    struct timespec ts = {0, 50 * 1000 * 1000};
    int64_t t0 = mono_ns();
    check_i64("io_getevents times out with 0", io_getevents(ctx, 1, 1, &ev, &ts), 0);
    check_true("and waited the timeout", mono_ns() - t0 >= 45 * 1000 * 1000);
    struct sigaction sa = {.sa_handler = on_alarm, .sa_flags = SA_RESTART};
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 50 * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
    check_errno("io_getevents interrupted (never restarted)", io_getevents(ctx, 1, 1, &ev, NULL), EINTR);
}

static void processes(void) {
    pid_t pid = xfork();
    if (pid == 0) {
        struct io_event ev;
        struct timespec zero = {0, 0};
        long r = io_getevents(ctx, 0, 1, &ev, &zero);
        _exit(r == -1 && errno == EINVAL ? 0 : 1);
    }
    check_str("a forked child cannot use the context", status_str(wait_for(pid, 0)), "exited 0");
    aio_context_t second = 0;
    check_i64("a second context", io_setup(4, &second), 0);
    check_true("with another id", second != 0 && second != ctx);
    check_i64("io_destroy", io_destroy(second), 0);
    check_errno("io_destroy again", io_destroy(second), EINVAL);
    struct iocb cb = make(IOCB_CMD_PREAD, 0, NULL, 0, 0, 1);
    struct iocb *v[1] = {&cb};
    check_errno("io_submit after io_destroy", io_submit(second, 1, v), EINVAL);
}

int main(void) {
    strcpy(tmpdir, "/tmp/aio_native.XXXXXX");
    if (!mkdtemp(tmpdir)) return 1;
    char path[96];
    snprintf(path, sizeof path, "%s/data", tmpdir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    check_i64("io_setup", io_setup(128, &ctx), 0);
    check_true("context id nonzero", ctx != 0);
    errors(fd);
    files(fd);
    eventfds(fd);
    streams();
    polls();
    waits();
    processes();
    check_i64("io_destroy", io_destroy(ctx), 0);
    close(fd);
    unlink(path);
    rmdir(tmpdir);
    return finish("aio_native");
}
