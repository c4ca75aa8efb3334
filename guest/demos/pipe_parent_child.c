/* pipe_parent_child: an unnamed pipe between a parent and its child; EOF, capacity, EPIPE. */
#define _GNU_SOURCE /* F_GETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "pipe_parent_child: pipe(fd) makes a one-way channel inside the kernel: bytes written to\n"
    "fd[1] come out of fd[0] in order. It has no name, so only processes that inherit the two\n"
    "descriptors through fork() can use it - a parent and its child, or two siblings. Here the\n"
    "parent writes three lines and closes its write end; the child, which closed its own copy\n"
    "of the write end first, reads until read() returns 0. That 0 is end-of-file, and it comes\n"
    "only when EVERY write end is closed - the demo also shows a reader that forgot to close\n"
    "its own write end and so never sees EOF. Then it measures the pipe's buffer by filling a\n"
    "non-blocking pipe until write() fails with EAGAIN (Linux: 65536 bytes; a blocking writer\n"
    "would sleep there until the reader makes room), and shows that writing to a pipe nobody\n"
    "can read any more raises SIGPIPE, or fails with EPIPE when SIGPIPE is ignored.\n";

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);

    int fd[2];
    if (pipe(fd)) {
        perror("pipe");
        return 1;
    }
    printf("1. pipe(fd) gave fd[0] = %d (the read end) and fd[1] = %d (the write end).\n", fd[0], fd[1]);
    printf("   The parent forks; the child inherits both descriptors, so each side closes the end\n"
           "   it does not use: the child closes fd[1], the parent closes fd[0].\n");
    printf("   The parent writes three lines, then closes fd[1]. The child reads:\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        close(fd[1]);
        char buf[256];
        size_t have = 0;
        ssize_t r;
        /* a pipe is a byte stream: print whole lines, however the bytes arrive */
        while ((r = read(fd[0], buf + have, sizeof buf - 1 - have)) > 0) {
            have += (size_t)r;
            char *nl;
            while ((nl = memchr(buf, '\n', have)) != NULL) {
                *nl = 0;
                printf("   child %d: got the line \"%s\"\n", (int)getpid(), buf);
                have -= (size_t)(nl + 1 - buf);
                memmove(buf, nl + 1, have);
            }
        }
        printf("   child %d: read() returned %zd: end of file - no write end is open any more.\n",
               (int)getpid(), r);
        close(fd[0]);
        _exit(0);
    }
    close(fd[0]);
    const char *lines[] = {"hello from the parent\n", "pipes keep the order of bytes\n", "goodbye\n"};
    for (int i = 0; i < 3; i++) write(fd[1], lines[i], strlen(lines[i]));
    close(fd[1]);
    waitpid(pid, NULL, 0);
    printf("   (A pipe is a byte stream, not a message queue: the child may get the three lines in\n"
           "   one read() or in several; the boundaries between writes are not kept.)\n");

    printf("\n2. A reader that forgets to close its own write end never sees EOF:\n");
    if (pipe(fd)) return 1;
    write(fd[1], "last words\n", 11);
    /* we ARE the forgetful reader: we keep fd[1] open and read everything there is */
    char buf[64];
    ssize_t r = read(fd[0], buf, sizeof buf);
    printf("   read() -> %zd bytes; the writer is done, but fd[1] is still open in this very process.\n", r);
    struct pollfd p = {.fd = fd[0], .events = POLLIN};
    int ready = poll(&p, 1, 300);
    printf("   poll(read end, 300 ms) -> %d: no data and no EOF - a blocking read() would wait forever.\n",
           ready);
    close(fd[1]);
    ready = poll(&p, 1, 300);
    r = read(fd[0], buf, sizeof buf);
    printf("   after close(fd[1]): poll -> %d (%s), read() -> %zd = EOF.\n", ready,
           p.revents & POLLHUP ? "POLLHUP" : "readable", r);
    close(fd[0]);

    printf("\n3. How much does a pipe hold? Fill one in non-blocking mode until write() refuses:\n");
    if (pipe(fd)) return 1;
#ifdef F_GETPIPE_SZ
    printf("   fcntl(F_GETPIPE_SZ) says %d bytes.\n", fcntl(fd[1], F_GETPIPE_SZ));
#endif
    fcntl(fd[1], F_SETFL, O_NONBLOCK);
    static char block[4096];
    memset(block, 'x', sizeof block);
    long total = 0;
    ssize_t w;
    while ((w = write(fd[1], block, sizeof block)) > 0) total += w;
    printf("   wrote %ld bytes, then write() -> -1 with %s (%s).\n", total,
           errno == EAGAIN ? "EAGAIN" : "errno", strerror(errno));
    printf("   A blocking writer would sleep at that point until the reader makes room: a full pipe\n"
           "   slows a fast producer down to the speed of its consumer.\n");
    close(fd[0]);

    printf("\n4. Writing when no read end is open any more (fd[0] was just closed):\n");
    signal(SIGPIPE, SIG_IGN);
    w = write(fd[1], "x", 1);
    printf("   with SIGPIPE ignored: write() -> %zd, errno %s (%s).\n", w, errno == EPIPE ? "EPIPE" : "?",
           strerror(errno));
    close(fd[1]);
    signal(SIGPIPE, SIG_DFL);
    if (pipe(fd)) return 1;
    close(fd[0]);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        write(fd[1], "x", 1); /* killed here by SIGPIPE */
        _exit(0);
    }
    close(fd[1]);
    int status;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        printf("   by default: a child that tried it was killed by signal %d (%s) - that is how\n"
               "   `yes | head -1` stops `yes`.\n", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        printf("   by default: the child was not killed (exit status %d) - unexpected.\n", WEXITSTATUS(status));
    return 0;
}
