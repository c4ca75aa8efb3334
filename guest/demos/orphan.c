/* orphan: the parent exits first; the child is adopted (by init, pid 1, or a subreaper). */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "orphan: a parent and its child run independently, so the parent may exit first. Its\n"
    "children then become orphans, and the kernel gives them a new parent: init (pid 1), or the\n"
    "nearest ancestor that declared itself a 'child subreaper' (service managers and container\n"
    "runtimes do). The new parent will collect the orphan's exit status when it ends, so orphans\n"
    "do no harm - unlike zombies. Here a parent forks a child and exits; the child prints\n"
    "getppid() before and after and sees it change from its parent's pid to its adopter's. The\n"
    "demo's own first process only stays around to print everything in order.\n";

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    int done[2], parent_gone[2];
    pipe(done);        /* the demo reads until the child closes it: then everything is printed */
    pipe(parent_gone); /* lets the child print its "before" line before the parent exits */
    fflush(stdout);
    pid_t parent = fork();
    if (parent == 0) {
        pid_t me = getpid();
        printf("[parent %d] forking a child, then exiting without waiting for it.\n", (int)me);
        fflush(stdout);
        pid_t child = fork();
        if (child == 0) {
            close(done[0]);
            printf("[child  %d] my parent is %d (getppid).\n", (int)getpid(), (int)getppid());
            fflush(stdout);
            close(parent_gone[1]); /* hand over to the parent: it may exit now */
            while (getppid() == me) sleep_ms(5);
            pid_t adopter = getppid();
            printf("[child  %d] my parent exited; getppid() is now %d.\n", (int)getpid(), (int)adopter);
            if (adopter == 1)
                printf("[child  %d] pid 1 is init: it adopted me and will reap me when I exit.\n", (int)getpid());
            else
                printf("[child  %d] %d is a 'child subreaper' (an ancestor that adopts orphans instead of init).\n",
                       (int)getpid(), (int)adopter);
            printf("[child  %d] exiting; my adopter, not my dead parent, collects my status.\n", (int)getpid());
            return 0; /* closing done[1] on exit tells the demo we are finished */
        }
        char c;
        close(parent_gone[1]);
        read(parent_gone[0], &c, 1); /* returns 0 once the child closed its end */
        printf("[parent %d] exiting now; child %d becomes an orphan.\n", (int)me, (int)child);
        _exit(0);
    }
    close(done[1]);
    close(parent_gone[0]);
    close(parent_gone[1]);
    waitpid(parent, NULL, 0);
    char c;
    while (read(done[0], &c, 1) > 0) {
    }
    return 0;
}
