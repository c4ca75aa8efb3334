/* fork_twice_returns: fork() is called once and returns twice, once in each process. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "fork_twice_returns: fork() is called once but returns twice. The kernel copies the calling\n"
    "process (its memory, open files and registers) into a new child process and both continue\n"
    "from the same point, just after fork(). The only difference is the return value: the\n"
    "parent gets the child's pid (> 0), the child gets 0, and -1 means no child was made. That\n"
    "is how one program text can take two different paths. The demo also shows that a variable\n"
    "changed by the child keeps its old value in the parent: after fork each process has its\n"
    "own copy of memory (shared copy-on-write until one of them writes).\n";

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    int x = 10;
    printf("Before fork: one process, pid %d, x = %d.\n", (int)getpid(), x);
    printf("Calling fork() once...\n\n");
    fflush(stdout); /* otherwise unwritten output would be copied into the child too */

    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        /* only the child gets here */
        printf("[child ] fork() returned 0, so I am the child.\n");
        printf("[child ] My pid is %d; getppid() says my parent is %d.\n", (int)getpid(), (int)getppid());
        x = x + 1;
        printf("[child ] I changed x to %d in my copy of the memory.\n", x);
        printf("[child ] Exiting with status 0.\n\n");
        return 0;
    }
    /* only the parent gets here. It waits first so that the output order is fixed: without
     * the wait either process could print first, the scheduler decides. */
    int status;
    waitpid(pid, &status, 0);
    printf("[parent] fork() returned %d: that is the pid of my child, so I am the parent.\n", (int)pid);
    printf("[parent] My pid is still %d.\n", (int)getpid());
    printf("[parent] x is still %d here: the child's change happened in its own copy.\n", x);
    printf("[parent] waitpid() collected the child (exit status %d).\n\n", WEXITSTATUS(status));
    printf("So: one call, two returns - 0 in the child, the child's pid in the parent.\n");
    return 0;
}
