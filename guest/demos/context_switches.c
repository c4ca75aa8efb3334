/* context_switches: two processes ping-pong a byte over two pipes; each hand-over is a switch. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "context_switches: a context switch is the kernel saving the state of the running process\n"
    "(registers, program counter, stack pointer, and the address space it uses) and loading\n"
    "another's. A process that blocks - for example reading from an empty pipe - gives up the\n"
    "CPU voluntarily; one whose time slice runs out is switched involuntarily. Here a parent and\n"
    "a child pass one byte back and forth over two pipes 10000 times: each side blocks in read()\n"
    "until the other writes, so every round trip costs at least two voluntary switches. The demo\n"
    "reads voluntary_ctxt_switches and nonvoluntary_ctxt_switches from /proc/self/status before\n"
    "and after (if /proc is available) and prints the time per round trip.\n";

enum { ROUNDS = 10000 };

static long status_field(const char *name) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(name);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ':') {
            sscanf(line + n + 1, "%ld", &v);
            break;
        }
    fclose(f);
    return v;
}

static void report(const char *who, long v0, long n0) {
    long v1 = status_field("voluntary_ctxt_switches"), n1 = status_field("nonvoluntary_ctxt_switches");
    if (v0 < 0 || v1 < 0)
        printf("  %s: /proc/self/status not available (no /proc): switches cannot be counted\n", who);
    else
        printf("  %s: voluntary switches %ld -> %ld (+%ld), involuntary %ld -> %ld (+%ld)\n", who, v0, v1, v1 - v0,
               n0, n1, n1 - n0);
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    int ping[2], pong[2], done[2];
    pipe(ping);
    pipe(pong);
    pipe(done);
    printf("Parent and child pass a byte back and forth %d times over two pipes.\n", ROUNDS);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        long v0 = status_field("voluntary_ctxt_switches"), n0 = status_field("nonvoluntary_ctxt_switches");
        char c;
        for (int i = 0; i < ROUNDS; i++) {
            read(ping[0], &c, 1);
            write(pong[1], &c, 1);
        }
        char go;
        read(done[0], &go, 1); /* print after the parent, for a fixed order */
        report("child ", v0, n0);
        _exit(0);
    }
    long v0 = status_field("voluntary_ctxt_switches"), n0 = status_field("nonvoluntary_ctxt_switches");
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    char c = 'x';
    for (int i = 0; i < ROUNDS; i++) {
        write(ping[1], &c, 1);
        read(pong[0], &c, 1);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    report("parent", v0, n0);
    write(done[1], "g", 1);
    waitpid(pid, NULL, 0);
    double us = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / ROUNDS;
    printf("One round trip (two hand-overs, each with a switch) took %.1f us on average.\n", us);
    printf("Each side blocked in read() about %d times: that is where the voluntary switches come\n"
           "from. With two CPUs the two processes can also run at the same time, so some reads find\n"
           "their byte already there and no switch is needed.\n",
           ROUNDS);
    return 0;
}
