/* sig_restart: system calls interrupted by a signal handler (SIGALRM from a 20 ms one-shot
 * ITIMER_REAL), with and without SA_RESTART.
 * A blocking pipe read and a blocking waitpid fail with EINTR without SA_RESTART and are
 * restarted with it (the handler itself writes the byte / releases the child, so the restarted
 * call then succeeds); nanosleep and clock_nanosleep are never restarted: EINTR with the
 * remaining time (0 < rem < requested), and no rem for TIMER_ABSTIME; sleep() returns the
 * unslept seconds (truncated by glibc); pause, poll and select fail with EINTR even with
 * SA_RESTART. If the signal comes before the call has blocked (a heavily loaded host), the
 * round is repeated. */
#include "procs.h"
#include <poll.h>
#include <sys/select.h>
#include <sys/time.h>

static volatile sig_atomic_t g_alrm;
static volatile int g_write_fd = -1;

static void on_alrm(int sig) {
    if (g_alrm++ == 0 && g_write_fd >= 0) {
        char c = 'h';
        write(g_write_fd, &c, 1);
    }
}

static void arm(int restart) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alrm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    g_alrm = 0;
    struct itimerval it = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static void read_case(int restart) {
    const char *what = restart ? "read with SA_RESTART" : "read without SA_RESTART";
    char got[64] = "";
    for (int attempt = 0; attempt < 5; attempt++) {
        int p[2];
        pipe(p);
        g_write_fd = p[1];
        arm(restart);
        char c = 0;
        ssize_t r = read(p[0], &c, 1);
        int e = errno;
        g_write_fd = -1;
        int early = 0;
        if (restart)
            snprintf(got, sizeof got, "%zd '%c', handler ran %d", r, r == 1 ? c : '-', (int)g_alrm);
        else if (r == 1)
            early = 1;
        else {
            char c2 = 0;
            ssize_t r2 = read(p[0], &c2, 1);
            snprintf(got, sizeof got, "%zd %s, handler ran %d, then read %zd '%c'", r, errno_name(e), (int)g_alrm,
                     r2, c2);
        }
        close(p[0]);
        close(p[1]);
        if (!early) break;
    }
    check_str(what, got,
              restart ? "1 'h', handler ran 1" : "-1 EINTR, handler ran 1, then read 1 'h'");
}

static void waitpid_case(int restart) {
    const char *what = restart ? "waitpid with SA_RESTART" : "waitpid without SA_RESTART";
    char got[80] = "";
    for (int attempt = 0; attempt < 5; attempt++) {
        struct gate g;
        gate_open(&g);
        pid_t c = xfork();
        if (c == 0) {
            close(g.fd[1]);
            gate_wait(&g);
            _exit(4);
        }
        g_write_fd = g.fd[1];
        arm(restart);
        int st = 0;
        pid_t r = waitpid(c, &st, 0);
        int e = errno;
        g_write_fd = -1;
        int early = 0;
        if (restart)
            snprintf(got, sizeof got, "%s, %s", r == c ? "child" : "?", status_str(st));
        else if (r == c)
            early = 1;
        else
            snprintf(got, sizeof got, "%d %s, then %s", r, errno_name(e), status_str(wait_for(c, 0)));
        if (early) wait_for(c, 0);
        gate_close(&g);
        if (!early) break;
    }
    check_str(what, got, restart ? "child, exited 4" : "-1 EINTR, then exited 4");
}

static void sleep_case(int restart) {
    char n[80];
    arm(restart);
    struct timespec req = {2, 0}, rem = {-1, -1};
    int64_t t0 = mono_ns();
    int r = nanosleep(&req, &rem);
    int e = errno;
    int64_t took = mono_ns() - t0;
    snprintf(n, sizeof n, "nanosleep(2 s) %s SA_RESTART", restart ? "with" : "without");
    check_errno(n, r, EINTR);
    int64_t left = (int64_t)rem.tv_sec * 1000000000LL + rem.tv_nsec;
    snprintf(n, sizeof n, "nanosleep %s SA_RESTART: 0 < rem < 2 s", restart ? "with" : "without");
    check_true(n, left > 0 && left < 2000000000LL && rem.tv_nsec < 1000000000L);
    snprintf(n, sizeof n, "nanosleep %s SA_RESTART: rem + time slept ~ 2 s", restart ? "with" : "without");
    check_true(n, left + took > 1900000000LL && left + took < 2100000000LL);
    (void)e;
}

int main(void) {
    read_case(0);
    read_case(1);
    waitpid_case(0);
    waitpid_case(1);
    sleep_case(0);
    sleep_case(1);

    arm(1);
    struct timespec req = {2, 0}, rem = {0, 0};
    int r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
    check_str("clock_nanosleep (relative) returns EINTR itself", errno_name(r), "EINTR");
    check_true("clock_nanosleep: 0 < rem < 2 s", rem.tv_sec * 1000000000LL + rem.tv_nsec > 0 && rem.tv_sec < 2);
    arm(1);
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_sec += 2;
    rem.tv_sec = 77;
    rem.tv_nsec = 77;
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, &rem);
    check_str("clock_nanosleep (TIMER_ABSTIME) returns EINTR", errno_name(r), "EINTR");
    check_true("clock_nanosleep TIMER_ABSTIME leaves rem alone", rem.tv_sec == 77 && rem.tv_nsec == 77);

    arm(1);
    unsigned left = sleep(2);
    check_i64("sleep(2) interrupted after 20 ms returns the unslept seconds, truncated", left, 1);

    arm(1);
    errno = 0;
    check_errno("pause() with SA_RESTART", pause(), EINTR);
    check_i64("pause: handler ran", g_alrm, 1);

    int p[2];
    pipe(p);
    struct pollfd pf = {.fd = p[0], .events = POLLIN};
    arm(1);
    errno = 0;
    check_errno("poll(2 s) with SA_RESTART", poll(&pf, 1, 2000), EINTR);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    struct timeval tv = {2, 0};
    arm(1);
    errno = 0;
    check_errno("select(2 s) with SA_RESTART", select(p[0] + 1, &rd, NULL, NULL, &tv), EINTR);
    close(p[0]);
    close(p[1]);
    return finish("sig_restart");
}
