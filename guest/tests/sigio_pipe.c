/* sigio_pipe: signal-driven I/O on pipes and FIFOs (fcntl(2) O_ASYNC, F_SETOWN, F_SETSIG):
 * SIGIO for each write to a pipe whose read end has O_ASYNC, POLL_OUT for the write end when a
 * full pipe gets room, POLL_IN when the writer goes; F_SETSIG with an SA_SIGINFO handler gets
 * si_code, si_band and si_fd; no owner or no O_ASYNC, no signal; F_SETOWN of a process group
 * signals a child in it too. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static volatile int sigio_count, rt_count, last_code, last_fd;
static volatile long last_band;

static void on_sigio(int s) { (void)s; sigio_count++; }
static void on_rt(int s, siginfo_t *si, void *uc) {
    (void)s;
    (void)uc;
    rt_count++;
    last_code = si->si_code;
    last_band = si->si_band;
    last_fd = si->si_fd;
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_handler = on_sigio;
    sigaction(SIGIO, &sa, NULL);
    struct sigaction rt = {0};
    rt.sa_sigaction = on_rt;
    rt.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 1, &rt, NULL);

    int p[2];
    pipe(p);
    check_i64("F_SETOWN self", fcntl(p[0], F_SETOWN, getpid()), 0);
    check_true("F_GETOWN", fcntl(p[0], F_GETOWN) == getpid());
    write(p[1], "a", 1);
    check_i64("no O_ASYNC: no signal", sigio_count, 0);
    check_i64("F_SETFL O_ASYNC", fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK), 0);
    check_true("F_GETFL shows O_ASYNC", fcntl(p[0], F_GETFL) & O_ASYNC);
    check_i64("setting it sends nothing", sigio_count, 0);
    write(p[1], "b", 1);
    check_i64("a write: SIGIO", sigio_count, 1);
    write(p[1], "c", 1);
    check_i64("another write: another SIGIO", sigio_count, 2);
    char buf[4096];
    read(p[0], buf, 1);
    check_i64("the reader's own read sends it nothing", sigio_count, 2);
    while (read(p[0], buf, sizeof buf) > 0) {}
    check_i64("draining the pipe sends nothing", sigio_count, 2);

    /* F_SETSIG: a real-time signal with siginfo */
    check_i64("F_SETSIG", fcntl(p[0], F_SETSIG, SIGRTMIN + 1), 0);
    check_i64("F_GETSIG", fcntl(p[0], F_GETSIG), SIGRTMIN + 1);
    int dupfd = dup(p[0]);
    fcntl(dupfd, F_SETFL, O_ASYNC | O_NONBLOCK); /* no change of O_ASYNC: si_fd stays the fd that turned it on */
    write(p[1], "d", 1);
    check_i64("F_SETSIG signal", rt_count, 1);
    check_i64("si_code POLL_IN", last_code, POLL_IN);
    check_i64("si_band POLLIN|POLLRDNORM", last_band, POLLIN | POLLRDNORM);
    check_i64("si_fd", last_fd == p[0], 1);
    check_i64("not SIGIO", sigio_count, 2);
    read(p[0], buf, sizeof buf);
    close(dupfd);

    /* the write end: POLL_OUT when a full pipe gets room */
    fcntl(p[1], F_SETOWN, getpid());
    fcntl(p[1], F_SETSIG, SIGRTMIN + 1);
    fcntl(p[1], F_SETFL, O_ASYNC | O_NONBLOCK);
    fcntl(p[0], F_SETFL, O_NONBLOCK); /* read end: no more O_ASYNC */
    int before = rt_count;
    while (write(p[1], buf, sizeof buf) > 0) {}
    check_i64("filling sends nothing to the writer", rt_count, before);
    read(p[0], buf, sizeof buf);
    check_i64("room again: one signal", rt_count, before + 1);
    check_i64("si_code POLL_OUT", last_code, POLL_OUT);
    check_i64("si_band POLLOUT|POLLWRNORM|POLLWRBAND", last_band, POLLOUT | POLLWRNORM | POLLWRBAND);
    check_i64("si_fd write end", last_fd == p[1], 1);
    before = rt_count;
    read(p[0], buf, 100);
    read(p[0], buf, 100);
    check_i64("every read signals the writer (pipe_read)", rt_count, before + 2);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    while (read(p[0], buf, sizeof buf) > 0) {}

    /* the writer goes away: the reader gets POLL_IN (pipe_release) */
    fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK);
    before = rt_count;
    close(p[1]);
    check_true("writer closed: a signal", rt_count == before + 1);
    check_i64("as POLL_IN", last_code, POLL_IN);
    close(p[0]);

    /* no owner: nothing */
    int q[2];
    pipe(q);
    fcntl(q[0], F_SETFL, O_ASYNC);
    write(q[1], "x", 1);
    check_i64("no owner: no signal", sigio_count, 2);
    close(q[0]);
    close(q[1]);

    /* a FIFO, owner a process group with a child in it */
    char dir[] = "/tmp/sigioXXXXXX";
    mkdtemp(dir);
    char path[64];
    snprintf(path, sizeof path, "%s/fifo", dir);
    mkfifo(path, 0600);
    int r = open(path, O_RDONLY | O_NONBLOCK), w = open(path, O_WRONLY);
    setpgid(0, 0);
    int sync[2];
    pipe(sync);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        static volatile int mine;
        struct sigaction c = {0};
        c.sa_handler = on_sigio;
        sigaction(SIGIO, &c, NULL);
        sigio_count = 0;
        write(sync[1], "r", 1);
        for (int i = 0; i < 200 && sigio_count == 0; i++) usleep(5000);
        mine = sigio_count;
        _exit(mine > 0 ? 0 : 1);
    }
    read(sync[0], buf, 1);
    fcntl(r, F_SETOWN, -getpgrp());
    check_true("F_GETOWN of a group", fcntl(r, F_GETOWN) == -getpgrp());
    fcntl(r, F_SETFL, O_ASYNC | O_NONBLOCK);
    write(w, "f", 1);
    check_i64("FIFO write: SIGIO to our group", sigio_count, 3);
    int st;
    waitpid(child, &st, 0);
    check_i64("the child in the group got it too", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
    close(r);
    close(w);
    unlink(path);
    rmdir(dir);
    return finish("sigio_pipe");
}
