/* procs.h: helpers for the process, signal and thread tests (with check.h).
 *
 * Only the test's original process prints; children report through exit statuses and pipes,
 * so the output order never depends on scheduling. xfork() flushes stdout first, so a child
 * never inherits (and later flushes a second time) unwritten output of its parent. */
#ifndef JAVIX_PROCS_H
#define JAVIX_PROCS_H

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

/* fork() after flushing stdout; a failed fork ends the test. */
static inline pid_t xfork(void) {
    fflush(stdout);
    pid_t p = fork();
    if (p < 0) {
        printf("FAIL fork: %s\n", strerror(errno));
        exit(1);
    }
    return p;
}

/* waitpid() retried on EINTR; returns the raw status (or -1 - errno on failure). */
static inline int wait_for(pid_t pid, int options) {
    int st = 0;
    pid_t r;
    do r = waitpid(pid, &st, options);
    while (r < 0 && errno == EINTR);
    return r < 0 ? -1 - errno : st;
}

static inline const char *sig_name(int sig) {
    static char buf[4][24];
    static int slot;
    char *b = buf[slot++ & 3];
    if (sig >= SIGRTMIN && sig <= SIGRTMAX)
        snprintf(b, 24, "SIGRTMIN+%d", sig - SIGRTMIN);
    else if (sigabbrev_np(sig))
        snprintf(b, 24, "SIG%s", sigabbrev_np(sig));
    else
        snprintf(b, 24, "signal %d", sig);
    return b;
}

static inline const char *errno_name(int e) {
    return e == 0 ? "0" : strerrorname_np(e) ? strerrorname_np(e) : "?";
}

/* A wait status in words: "exited 3", "killed by SIGTERM", "stopped by SIGSTOP", "continued". */
static inline const char *status_str(int st) {
    static char buf[4][48];
    static int slot;
    char *b = buf[slot++ & 3];
    if (st < 0)
        snprintf(b, 48, "wait failed: %s", errno_name(-1 - st));
    else if (WIFEXITED(st))
        snprintf(b, 48, "exited %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        snprintf(b, 48, "killed by %s%s", sig_name(WTERMSIG(st)), WCOREDUMP(st) ? " (core)" : "");
    else if (WIFSTOPPED(st))
        snprintf(b, 48, "stopped by %s", sig_name(WSTOPSIG(st)));
    else if (WIFCONTINUED(st))
        snprintf(b, 48, "continued");
    else
        snprintf(b, 48, "status 0x%x", st);
    return b;
}

/* Checks that a call failed with the given errno ("-1 ENAME" vs the actual result). */
static inline void check_errno(const char *name, long r, int expected_errno) {
    int e = errno;
    char got[64], want[64];
    snprintf(got, sizeof got, "%ld %s", r, r < 0 ? errno_name(e) : "(no error)");
    snprintf(want, sizeof want, "-1 %s", errno_name(expected_errno));
    check_str(name, got, want);
}

/* A one-byte pipe handshake: one side passes, the other waits for it. */
struct gate {
    int fd[2];
};

static inline void gate_open(struct gate *g) {
    if (pipe(g->fd) != 0) {
        printf("FAIL pipe: %s\n", strerror(errno));
        exit(1);
    }
}

static inline void gate_pass(struct gate *g) {
    char c = 'x';
    while (write(g->fd[1], &c, 1) < 0 && errno == EINTR) {
    }
}

/* Waits for one byte; returns 1 if it came, 0 on end of file (every writer closed). */
static inline int gate_wait(struct gate *g) {
    char c;
    ssize_t r;
    do r = read(g->fd[0], &c, 1);
    while (r < 0 && errno == EINTR);
    return r == 1;
}

static inline void gate_close(struct gate *g) {
    close(g->fd[0]);
    close(g->fd[1]);
}

/* Sends an int through a pipe (a child's report to the test process) and reads it back. */
static inline void report_int(int fd, int v) {
    while (write(fd, &v, sizeof v) < 0 && errno == EINTR) {
    }
}

static inline int read_int(int fd) {
    int v = -12345;
    ssize_t r;
    do r = read(fd, &v, sizeof v);
    while (r < 0 && errno == EINTR);
    return r == (ssize_t)sizeof v ? v : -12345;
}

static inline int64_t mono_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static inline void sleep_ms(int ms) {
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/* Runs body() in a child that leads a new process group (so kill(0, ...) and kill(-pgid, ...)
 * reach only the test's own processes, never the harness) and exits with its result. The
 * child does the printing; the parent only passes the exit status on. */
static inline int run_in_own_group(int (*body)(void)) {
    pid_t p = xfork();
    if (p == 0) {
        setpgid(0, 0);
        int r = body();
        fflush(stdout);
        _exit(r);
    }
    int st = wait_for(p, 0);
    if (!WIFEXITED(st)) {
        printf("FAIL test process %s\n", status_str(st));
        return 1;
    }
    return WEXITSTATUS(st);
}

#endif
