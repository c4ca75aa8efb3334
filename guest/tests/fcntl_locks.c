/* fcntl_locks: POSIX advisory record locks (fcntl(2) F_SETLK, F_SETLKW, F_GETLK), OFD locks,
 * and the other fcntl commands (F_DUPFD*, F_GETFD/F_SETFD, F_GETFL/F_SETFL, F_SETOWN*,
 * F_SETSIG), close_range and dup3.
 *
 * Locks are per process, so the checks that see another owner's locks run in a child (which
 * prints its own checks while the parent waits for it; only one process prints at a time).
 * Parent and child meet through pipes, never by sleeping. Covered: conflicts (read/read
 * shares, write excludes), F_GETLK's report (type, range, l_pid), splitting by unlock, merging
 * of adjacent ranges, l_len 0 and negative, F_SETLKW waking on unlock, EDEADLK on a two-process
 * cycle, EINTR from a handler, release on close of any fd of the file and at exit; flock(2). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/close_range.h>
#include "procs.h"

static int fd;
static pid_t parent;

static void check_err(const char *name, long ret, int expected) {
    check_str(name, ret == -1 ? errno_name(errno) : "success", errno_name(expected));
}

static void check_ok(const char *name, long ret) {
    check_str(name, ret >= 0 ? "success" : errno_name(errno), "success");
}

static int lk(int f, int cmd, int type, long start, long len) {
    struct flock l = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    return fcntl(f, cmd, &l);
}

/* F_GETLK for a lock of type on [start, start+len): "unlocked" or "W 0+10 parent". */
static const char *getlk(int f, int cmd, int type, long start, long len) {
    static char buf[4][64];
    static int slot;
    char *b = buf[slot++ & 3];
    struct flock l = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    if (fcntl(f, cmd, &l) < 0) {
        snprintf(b, 64, "error %s", errno_name(errno));
    } else if (l.l_type == F_UNLCK) {
        snprintf(b, 64, "unlocked");
    } else {
        const char *who = l.l_pid == parent ? "parent" : l.l_pid == -1 ? "ofd" : l.l_pid == 0 ? "0" : "other";
        snprintf(b, 64, "%c %ld+%ld %s", l.l_type == F_WRLCK ? 'W' : 'R', (long)l.l_start, (long)l.l_len, who);
    }
    return b;
}

/* Runs body in a child, which prints its own checks; waits and returns its exit status. */
#define IN_CHILD(name, ...)                                      \
    do {                                                         \
        pid_t c_ = xfork();                                      \
        if (c_ == 0) {                                           \
            __VA_ARGS__;                                         \
            fflush(stdout);                                      \
            _exit(g_failures ? 1 : 0);                           \
        }                                                        \
        check_str(name, status_str(wait_for(c_, 0)), "exited 0"); \
    } while (0)

static volatile sig_atomic_t got_usr1;
static void on_usr1(int s) {
    (void)s;
    got_usr1 = 1;
}

int main(void) {
    parent = getpid();
    char dir[] = "/tmp/fcntl_locks.XXXXXX";
    if (!mkdtemp(dir)) {
        printf("FAIL mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    char path[128];
    snprintf(path, sizeof path, "%s/locked.%d", dir, (int)parent);
    fd = open(path, O_RDWR | O_CREAT, 0600);
    check_ok("open", fd);
    char zeros[200] = {0};
    check_i64("write", write(fd, zeros, sizeof zeros), 200);

    /* ---- conflicts and F_GETLK */
    check_ok("lock W [0,10)", lk(fd, F_SETLK, F_WRLCK, 0, 10));
    check_ok("lock R [20,30)", lk(fd, F_SETLK, F_RDLCK, 20, 10));
    check_str("own locks never conflict", getlk(fd, F_GETLK, F_WRLCK, 0, 100), "unlocked");
    IN_CHILD("child sees the locks", {
        check_str("W over all", getlk(fd, F_GETLK, F_WRLCK, 0, 0), "W 0+10 parent");
        check_str("R vs R shares", getlk(fd, F_GETLK, F_RDLCK, 20, 10), "unlocked");
        check_str("W vs R", getlk(fd, F_GETLK, F_WRLCK, 25, 1), "R 20+10 parent");
        check_str("R vs W", getlk(fd, F_GETLK, F_RDLCK, 9, 1), "W 0+10 parent");
        check_str("gap", getlk(fd, F_GETLK, F_WRLCK, 10, 10), "unlocked");
        check_err("F_SETLK W conflict", lk(fd, F_SETLK, F_WRLCK, 5, 1), EAGAIN);
        check_ok("F_SETLK R shares", lk(fd, F_SETLK, F_RDLCK, 22, 2));
        check_ok("F_SETLK W in the gap", lk(fd, F_SETLK, F_WRLCK, 10, 10));
    });
    check_str("the child's locks went with it", getlk(fd, F_GETLK, F_WRLCK, 10, 10), "unlocked");

    /* ---- splitting, merging, l_len 0 and negative, conversion */
    check_ok("unlock [3,6)", lk(fd, F_SETLK, F_UNLCK, 3, 3));
    check_ok("W [10,14) next to [6,10)", lk(fd, F_SETLK, F_WRLCK, 10, 4));
    check_ok("W [100,EOF)", lk(fd, F_SETLK, F_WRLCK, 100, 0));
    check_ok("R [50-10,50)", lk(fd, F_SETLK, F_RDLCK, 50, -10));
    check_ok("R->W [24,26)", lk(fd, F_SETLK, F_WRLCK, 24, 2));
    IN_CHILD("child sees split and merged ranges", {
        check_str("head of the split", getlk(fd, F_GETLK, F_WRLCK, 0, 4), "W 0+3 parent");
        check_str("the hole", getlk(fd, F_GETLK, F_WRLCK, 3, 3), "unlocked");
        check_str("merged tail", getlk(fd, F_GETLK, F_WRLCK, 6, 1), "W 6+8 parent");
        check_str("to EOF", getlk(fd, F_GETLK, F_RDLCK, 150, 1), "W 100+0 parent");
        check_str("negative length", getlk(fd, F_GETLK, F_WRLCK, 45, 1), "R 40+10 parent");
        check_str("converted middle", getlk(fd, F_GETLK, F_RDLCK, 20, 10), "W 24+2 parent");
        check_str("read part left of it", getlk(fd, F_GETLK, F_WRLCK, 20, 4), "R 20+4 parent");
        check_str("read part right of it", getlk(fd, F_GETLK, F_WRLCK, 26, 4), "R 26+4 parent");
        struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_END, .l_start = -50, .l_len = 0};
        check_ok("SEEK_END F_GETLK", fcntl(fd, F_GETLK, &l));
        check_true("SEEK_END reports [100,EOF)", l.l_type == F_WRLCK && l.l_start == 100 && l.l_whence == SEEK_SET);
    });

    /* ---- argument errors */
    int ro = open(path, O_RDONLY);
    check_err("F_WRLCK on O_RDONLY", lk(ro, F_SETLK, F_WRLCK, 0, 1), EBADF);
    check_err("bad l_type", lk(fd, F_SETLK, 7, 0, 1), EINVAL);
    check_err("F_GETLK of F_UNLCK", lk(fd, F_GETLK, F_UNLCK, 0, 1), EINVAL);
    check_err("negative start", lk(fd, F_SETLK, F_RDLCK, -5, 1), EINVAL);

    /* ---- closing any fd of the file drops the process's locks */
    close(ro);
    IN_CHILD("child after the parent closed another fd", {
        check_str("all gone", getlk(fd, F_GETLK, F_WRLCK, 0, 0), "unlocked");
    });

    /* ---- F_SETLKW waits until the holder unlocks */
    int p2c[2], c2p[2];
    char ch;
    check_ok("pipes", pipe(p2c) | pipe(c2p));
    check_ok("W [0,1)", lk(fd, F_SETLK, F_WRLCK, 0, 1));
    pid_t pid = xfork();
    if (pid == 0) {
        if (write(c2p[1], "b", 1) != 1) _exit(3);
        if (lk(fd, F_SETLKW, F_WRLCK, 0, 1) < 0) _exit(4);
        if (write(c2p[1], "g", 1) != 1) _exit(5);
        if (read(p2c[0], &ch, 1) != 1) _exit(6); /* hold it until told */
        _exit(0);
    }
    check_i64("child about to wait", read(c2p[0], &ch, 1), 1);
    check_ok("unlock wakes the waiter", lk(fd, F_SETLK, F_UNLCK, 0, 1));
    check_true("child got the lock", read(c2p[0], &ch, 1) == 1 && ch == 'g');
    check_str("now the child holds it", getlk(fd, F_GETLK, F_RDLCK, 0, 1), "W 0+1 other");
    check_i64("release child", write(p2c[1], "x", 1), 1);
    check_str("waiter child", status_str(wait_for(pid, 0)), "exited 0");
    check_str("and its lock went at exit", getlk(fd, F_GETLK, F_WRLCK, 0, 1), "unlocked");

    /* ---- a two-process cycle: exactly one of the two F_SETLKW calls fails EDEADLK */
    check_ok("A = W [0,1)", lk(fd, F_SETLK, F_WRLCK, 0, 1));
    pid = xfork();
    if (pid == 0) {
        if (lk(fd, F_SETLK, F_WRLCK, 1, 1) < 0) _exit(7); /* B */
        if (write(c2p[1], "B", 1) != 1) _exit(8);
        int r = lk(fd, F_SETLKW, F_WRLCK, 0, 1);
        if (r < 0 && errno == EDEADLK) {
            lk(fd, F_SETLK, F_UNLCK, 1, 1); /* let the parent through */
            _exit(20);
        }
        _exit(r == 0 ? 21 : 22);
    }
    check_i64("child holds B", read(c2p[0], &ch, 1), 1);
    int r = lk(fd, F_SETLKW, F_WRLCK, 1, 1);
    int parent_deadlk = r < 0 && errno == EDEADLK;
    if (parent_deadlk) lk(fd, F_SETLK, F_UNLCK, 0, 1); /* let the child through */
    int st = wait_for(pid, 0);
    int child_deadlk = WIFEXITED(st) && WEXITSTATUS(st) == 20;
    check_true("exactly one saw EDEADLK", parent_deadlk + child_deadlk == 1);
    check_true("the other got its lock", parent_deadlk ? WIFEXITED(st) && WEXITSTATUS(st) == 21 : r == 0);
    check_ok("unlock all", lk(fd, F_SETLK, F_UNLCK, 0, 0));

    /* ---- F_SETLKW interrupted by a handler: EINTR */
    check_ok("W [0,1) again", lk(fd, F_SETLK, F_WRLCK, 0, 1));
    pid = xfork();
    if (pid == 0) {
        struct sigaction sa = {.sa_handler = on_usr1}; /* no SA_RESTART */
        sigaction(SIGUSR1, &sa, NULL);
        if (write(c2p[1], "i", 1) != 1) _exit(9);
        int rr = lk(fd, F_SETLKW, F_WRLCK, 0, 1);
        _exit(rr < 0 && errno == EINTR && got_usr1 ? 0 : 10);
    }
    check_i64("child ready", read(c2p[0], &ch, 1), 1);
    while (waitpid(pid, &st, WNOHANG) == 0) {
        kill(pid, SIGUSR1); /* until the wait is interrupted (the first may come before it) */
        sched_yield();
    }
    check_str("F_SETLKW EINTR", status_str(st), "exited 0");
    check_ok("unlock", lk(fd, F_SETLK, F_UNLCK, 0, 1));

    /* ---- OFD locks: owned by the open file description */
    int a = open(path, O_RDWR), b = open(path, O_RDWR);
    struct flock ol = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
    check_ok("F_OFD_SETLK", fcntl(a, F_OFD_SETLK, &ol));
    check_str("another description conflicts", getlk(b, F_OFD_GETLK, F_RDLCK, 0, 1), "W 0+10 ofd");
    check_err("F_OFD_SETLK conflict", lk(b, F_OFD_SETLK, F_RDLCK, 5, 1), EAGAIN);
    struct flock bad = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1, .l_pid = 1};
    check_err("OFD with l_pid", fcntl(b, F_OFD_SETLK, &bad), EINVAL);
    int a2 = dup(a);
    close(a);
    check_str("a dup keeps it", getlk(b, F_OFD_GETLK, F_RDLCK, 0, 1), "W 0+10 ofd");
    close(a2);
    check_str("last close drops it", getlk(b, F_OFD_GETLK, F_WRLCK, 0, 1), "unlocked");
    close(b);

    /* ---- flock(2): owned by the open description, independent of fcntl locks */
    int f1 = open(path, O_RDWR), f2 = open(path, O_RDONLY);
    check_ok("flock LOCK_EX", flock(f1, LOCK_EX));
    check_err("other description LOCK_SH|LOCK_NB", flock(f2, LOCK_SH | LOCK_NB), EWOULDBLOCK);
    int f1dup = dup(f1);
    check_ok("a dup shares the lock", flock(f1dup, LOCK_EX | LOCK_NB));
    check_ok("fcntl locks do not see it", lk(fd, F_SETLK, F_WRLCK, 0, 0));
    check_ok("fcntl unlock", lk(fd, F_SETLK, F_UNLCK, 0, 0));
    IN_CHILD("a child's own description", {
        int cf = open(path, O_RDWR);
        check_err("child LOCK_EX|LOCK_NB", flock(cf, LOCK_EX | LOCK_NB), EWOULDBLOCK);
        check_ok("child fcntl W", lk(cf, F_SETLK, F_WRLCK, 0, 0));
        check_ok("inherited description shares it", flock(f1, LOCK_EX | LOCK_NB));
    });
    check_ok("LOCK_UN", flock(f1, LOCK_UN));
    check_ok("now shared", flock(f2, LOCK_SH | LOCK_NB));
    check_ok("shared twice", flock(f1, LOCK_SH | LOCK_NB));
    check_err("conversion to LOCK_EX fails", flock(f1, LOCK_EX | LOCK_NB), EWOULDBLOCK);
    check_ok("and dropped f1's shared lock", flock(f2, LOCK_EX | LOCK_NB));
    check_err("bad operation", flock(f1, LOCK_SH | LOCK_EX), EINVAL);
    check_err("closed fd", flock(999, LOCK_SH), EBADF);
    close(f2);
    check_ok("the last close released it", flock(f1, LOCK_EX | LOCK_NB));
    close(f1);
    close(f1dup);

    /* ---- descriptor and status flags, owner and signal */
    int d = fcntl(fd, F_DUPFD, 50);
    check_true("F_DUPFD >= 50", d >= 50);
    check_i64("F_GETFD plain", fcntl(d, F_GETFD), 0);
    int d2 = fcntl(fd, F_DUPFD_CLOEXEC, 50);
    check_true("F_DUPFD_CLOEXEC next", d2 > d);
    check_i64("F_GETFD cloexec", fcntl(d2, F_GETFD), FD_CLOEXEC);
    check_ok("F_SETFD", fcntl(d, F_SETFD, FD_CLOEXEC));
    check_i64("F_GETFD set", fcntl(d, F_GETFD), FD_CLOEXEC);
    check_err("F_DUPFD negative", fcntl(fd, F_DUPFD, -1), EINVAL);
    check_ok("F_SETFL", fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND | O_ASYNC));
    int fl = fcntl(fd, F_GETFL);
    /* setfl leaves FASYNC to the file's fasync operation: a regular file has none, a pipe has */
    check_true("F_GETFL shows them, not O_ASYNC", (fl & (O_NONBLOCK | O_APPEND | O_ASYNC)) == (O_NONBLOCK | O_APPEND));
    int pp[2];
    check_ok("pipe", pipe(pp));
    check_ok("F_SETFL O_ASYNC on a pipe", fcntl(pp[0], F_SETFL, O_ASYNC));
    check_true("F_GETFL shows O_ASYNC on a pipe", (fcntl(pp[0], F_GETFL) & O_ASYNC) != 0);
    close(pp[0]);
    close(pp[1]);
    check_true("shared by the dup", (fcntl(d, F_GETFL) & O_APPEND) != 0);
    check_ok("F_SETFL clear", fcntl(fd, F_SETFL, 0));
    check_i64("access mode kept", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
    check_i64("F_GETOWN default", fcntl(fd, F_GETOWN), 0);
    check_ok("F_SETOWN self", fcntl(fd, F_SETOWN, getpid()));
    check_true("F_GETOWN self", fcntl(fd, F_GETOWN) == getpid());
    check_ok("F_SETOWN group", fcntl(fd, F_SETOWN, -getpgrp()));
    check_true("F_GETOWN group", fcntl(fd, F_GETOWN) == -getpgrp());
    struct f_owner_ex ox = {.type = F_OWNER_TID, .pid = gettid()};
    check_ok("F_SETOWN_EX tid", fcntl(fd, F_SETOWN_EX, &ox));
    struct f_owner_ex oy = {0};
    check_ok("F_GETOWN_EX", fcntl(fd, F_GETOWN_EX, &oy));
    check_true("F_GETOWN_EX tid", oy.type == F_OWNER_TID && oy.pid == gettid());
    ox.type = 7;
    check_err("F_SETOWN_EX bad type", fcntl(fd, F_SETOWN_EX, &ox), EINVAL);
    check_i64("F_GETSIG default", fcntl(fd, F_GETSIG), 0);
    check_ok("F_SETSIG", fcntl(fd, F_SETSIG, SIGRTMIN + 1));
    check_i64("F_GETSIG", fcntl(fd, F_GETSIG), SIGRTMIN + 1);
    check_err("F_SETSIG 65", fcntl(fd, F_SETSIG, 65), EINVAL);
    check_err("unknown command", fcntl(fd, 12345), EINVAL);
    check_err("closed fd", fcntl(1000, F_GETFD), EBADF);

    /* ---- dup3 and close_range */
    check_err("dup3 same fd", dup3(d, d, 0), EINVAL);
    check_err("dup3 bad flags", dup3(d, 60, O_NONBLOCK), EINVAL);
    check_i64("dup3 O_CLOEXEC", dup3(fd, 60, O_CLOEXEC), 60);
    check_i64("dup3 cloexec set", fcntl(60, F_GETFD), FD_CLOEXEC);
    check_i64("dup2 onto itself", dup2(fd, fd), fd);
    check_ok("close_range CLOEXEC", syscall(SYS_close_range, 50, 60, CLOSE_RANGE_CLOEXEC));
    check_i64("now cloexec", fcntl(d, F_GETFD), FD_CLOEXEC);
    check_ok("close_range UNSHARE", syscall(SYS_close_range, 50, 60, CLOSE_RANGE_UNSHARE));
    check_err("closed by it", fcntl(d, F_GETFD), EBADF);
    check_err("close_range first > last", syscall(SYS_close_range, 10, 5, 0), EINVAL);
    check_err("close_range bad flag", syscall(SYS_close_range, 50, 60, 1), EINVAL);

    close(fd);
    unlink(path);
    check_ok("rmdir", rmdir(dir));
    return finish("fcntl_locks");
}
