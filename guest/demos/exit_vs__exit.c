/* exit_vs__exit: exit() flushes stdio buffers and runs atexit handlers, _exit() does not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "exit_vs__exit: printf() does not write to the file descriptor at once; the C library keeps\n"
    "the text in a buffer in the process's memory (for a pipe or file: until 4 KiB or so have\n"
    "collected). exit() is the library's way out: it runs the atexit() handlers, flushes every\n"
    "stdio buffer, and then calls _exit(). _exit() is the system call itself: the kernel ends\n"
    "the process at once, closes its descriptors and frees its memory - including the unflushed\n"
    "buffer, which is lost. Returning from main() is the same as calling exit(). Each child\n"
    "here writes through a pipe to the parent, which shows exactly what arrived.\n";

static void bye(void) { printf("(atexit handler ran) "); }

/* Runs a child whose stdout is a pipe and that ends with exit() or _exit(); prints what the
 * parent receives. */
static void run(const char *title, int use__exit) {
    int p[2];
    pipe(p);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1); /* stdout now goes into the pipe: stdio buffers it fully */
        close(p[0]);
        close(p[1]);
        setvbuf(stdout, NULL, _IOFBF, 4096);
        atexit(bye);
        printf("hello from the child, via printf ");
        if (use__exit) _exit(0);
        exit(0);
    }
    close(p[1]);
    char buf[256];
    ssize_t n, total = 0;
    while ((n = read(p[0], buf + total, sizeof buf - 1 - total)) > 0) total += n;
    buf[total] = 0;
    close(p[0]);
    waitpid(pid, NULL, 0);
    printf("%s\n  the parent read %zd bytes: \"%s\"\n", title, total, buf);
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("Each child does printf(\"hello ...\") into a pipe, registers an atexit handler, then ends.\n\n");
    run("1. child ends with exit(0):", 0);
    printf("  exit() ran the atexit handler and flushed the buffer, so the text arrived.\n\n");
    run("2. child ends with _exit(0):", 1);
    printf("  _exit() went straight to the kernel: no handler, no flush - the buffered text was lost.\n\n");
    printf("Rule of thumb: in a forked child that did not exec, end with _exit() so that it does not\n"
           "flush a copy of the parent's buffered output a second time; elsewhere use exit().\n");
    return 0;
}
