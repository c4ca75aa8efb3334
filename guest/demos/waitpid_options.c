/* waitpid_options: which children waitpid() waits for (pid > 0, -1, 0, < -1), its options
 * (WNOHANG, WUNTRACED, WCONTINUED) and how to decode the status. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "waitpid_options: waitpid(pid, &status, options) collects a child's state change. The pid\n"
    "argument selects the children: > 0 that one child, -1 any child, 0 any child in the\n"
    "caller's process group, < -1 any child in process group -pid. The options: WNOHANG returns\n"
    "0 at once instead of blocking when no chosen child has changed state (so a program can\n"
    "poll); WUNTRACED also reports children stopped by a signal such as SIGSTOP; WCONTINUED\n"
    "reports children resumed by SIGCONT. The status is decoded with macros: WIFEXITED /\n"
    "WEXITSTATUS for a normal exit, WIFSIGNALED / WTERMSIG for death by a signal, WIFSTOPPED /\n"
    "WSTOPSIG for a stop and WIFCONTINUED for a resume. The demo walks through each case with\n"
    "small children that exit, get killed, stopped and continued on cue.\n";

static void decode(pid_t who, int st) {
    printf("    -> pid %d, raw status 0x%04x: ", (int)who, st);
    if (WIFEXITED(st))
        printf("WIFEXITED, WEXITSTATUS = %d\n", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("WIFSIGNALED, WTERMSIG = %d (%s)%s\n", WTERMSIG(st), strsignal(WTERMSIG(st)),
               WCOREDUMP(st) ? ", core dumped" : "");
    else if (WIFSTOPPED(st))
        printf("WIFSTOPPED, WSTOPSIG = %d (%s)\n", WSTOPSIG(st), strsignal(WSTOPSIG(st)));
    else if (WIFCONTINUED(st))
        printf("WIFCONTINUED\n");
}

/* a child that waits for a byte on fd, then exits with code */
static pid_t child_waiting(int fd, int code, int own_group) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        if (own_group) setpgid(0, 0);
        char c;
        read(fd, &c, 1);
        _exit(code);
    }
    if (own_group) setpgid(p, p); /* both sides call it: whichever runs first wins the race */
    return p;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    setpgid(0, 0); /* lead our own process group, so that pid 0 means just us and our children */
    int st;
    pid_t w;
    int go[2];
    pipe(go);

    printf("1. pid > 0: wait for one particular child.\n");
    pid_t a = child_waiting(go[0], 11, 0), b = child_waiting(go[0], 22, 0);
    write(go[1], "xx", 2);
    w = waitpid(b, &st, 0);
    printf("  waitpid(%d, &st, 0) returns that child even if the other one ended first\n", (int)b);
    decode(w, st);

    printf("2. pid = -1: wait for any child.\n");
    w = waitpid(-1, &st, 0);
    printf("  waitpid(-1, &st, 0) returns whichever child is ready (here the only one left, %d)\n", (int)a);
    decode(w, st);

    printf("3. pid = 0 and pid < -1: process groups.\n");
    pid_t same = child_waiting(go[0], 33, 0), other = child_waiting(go[0], 44, 1);
    printf("  child %d stays in my group %d, child %d made its own group %d\n", (int)same, (int)getpgrp(), (int)other,
           (int)getpgid(other));
    write(go[1], "xx", 2);
    w = waitpid(0, &st, 0);
    printf("  waitpid(0, ...) only considers children in my group:\n");
    decode(w, st);
    errno = 0;
    w = waitpid(0, &st, WNOHANG);
    printf("  waitpid(0, ..., WNOHANG) again: %d (%s): the other child is not in my group\n", (int)w, strerror(errno));
    w = waitpid(-other, &st, 0);
    printf("  waitpid(-%d, ...) waits for group %d:\n", (int)other, (int)other);
    decode(w, st);

    printf("4. WNOHANG: poll instead of blocking.\n");
    pid_t slow = fork();
    if (slow == 0) {
        sleep_ms(50);
        _exit(55);
    }
    int polls = 0;
    while ((w = waitpid(slow, &st, WNOHANG)) == 0) {
        polls++;
        sleep_ms(10);
    }
    printf("  waitpid(%d, &st, WNOHANG) returned 0 (\"still running\") %d time%s while the parent did\n"
           "  other work, then the pid once the child had exited:\n",
           (int)slow, polls, polls == 1 ? "" : "s");
    decode(w, st);

    printf("5. WUNTRACED and WCONTINUED: stops and resumes.\n");
    fflush(stdout);
    pid_t sleeper = fork();
    if (sleeper == 0)
        for (;;) pause();
    kill(sleeper, SIGSTOP);
    w = waitpid(sleeper, &st, WUNTRACED);
    printf("  kill(SIGSTOP), then waitpid(..., WUNTRACED):\n");
    decode(w, st);
    printf("  (without WUNTRACED, waitpid would have kept waiting: a stop is not an exit)\n");
    kill(sleeper, SIGCONT);
    w = waitpid(sleeper, &st, WCONTINUED);
    printf("  kill(SIGCONT), then waitpid(..., WCONTINUED):\n");
    decode(w, st);

    printf("6. Death by a signal.\n");
    kill(sleeper, SIGTERM);
    w = waitpid(sleeper, &st, 0);
    printf("  kill(SIGTERM), then waitpid:\n");
    decode(w, st);
    fflush(stdout);
    pid_t crasher = fork();
    if (crasher == 0) {
        volatile int *volatile bad = NULL;
        *bad = 1;
        _exit(0);
    }
    w = waitpid(crasher, &st, 0);
    printf("  a child that writes through a NULL pointer:\n");
    decode(w, st);

    errno = 0;
    w = waitpid(-1, &st, 0);
    printf("7. No children left: waitpid(-1) = %d, errno %s.\n", (int)w, strerror(errno));
    return 0;
}
