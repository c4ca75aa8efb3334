/* fork_twice_trick: fork twice so that the worker is adopted by init and never becomes a zombie. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "fork_twice_trick: a long-running parent that starts workers must wait() for each of them,\n"
    "or every finished worker stays a zombie. If it does not want to wait, it can fork twice:\n"
    "the parent forks a first child, which forks the real worker (the second child) and exits\n"
    "at once. The parent waits for the first child - that takes no time - and is done. The\n"
    "worker has become an orphan and is adopted by init (pid 1), which reaps it whenever it\n"
    "ends, so no zombie is ever left behind and the parent never blocks. This is the pattern\n"
    "from the primer (利用fork两次防止僵尸进程).\n";

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    int done[2];
    pipe(done); /* the worker holds the write end; EOF means it has finished printing */
    printf("[parent %d] fork #1\n", (int)getpid());
    fflush(stdout);
    pid_t first = fork();
    if (first == 0) {
        pid_t me = getpid();
        printf("[first  %d] fork #2 (the real worker), then exit at once\n", (int)me);
        fflush(stdout);
        pid_t worker = fork();
        if (worker == 0) {
            close(done[0]);
            while (getppid() == me) sleep_ms(5); /* until the first child is gone */
            printf("[worker %d] my parent (the first child) is gone; getppid() = %d\n", (int)getpid(), (int)getppid());
            printf("[worker %d] working for a while, like a server would...\n", (int)getpid());
            sleep_ms(200);
            printf("[worker %d] done; my adopter reaps me, so I never stay a zombie\n", (int)getpid());
            return 0;
        }
        _exit(0);
    }
    close(done[1]);
    int status;
    pid_t w = waitpid(first, &status, 0);
    printf("[parent %d] waitpid(first child %d) returned %d at once (status %d): nothing left to reap\n",
           (int)getpid(), (int)first, (int)w, WEXITSTATUS(status));
    errno = 0;
    w = waitpid(-1, &status, WNOHANG);
    printf("[parent %d] waitpid(-1, WNOHANG) = %d (%s): the worker is not my child\n", (int)getpid(), (int)w,
           w < 0 ? strerror(errno) : "?");
    printf("[parent %d] free to do other work while the worker runs\n", (int)getpid());
    char c;
    while (read(done[0], &c, 1) > 0) {
    }
    printf("[parent %d] the worker has finished; no zombie was left anywhere\n", (int)getpid());
    return 0;
}
