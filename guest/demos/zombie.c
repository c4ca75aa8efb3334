/* zombie: a child that has exited but has not been waited for stays a zombie (state Z). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "zombie: when a process exits, the kernel frees its memory and files but keeps a small\n"
    "record - its pid, exit status and resource usage - until the parent collects it with\n"
    "wait() or waitpid(). Until then the dead process is a zombie, shown with state Z in\n"
    "/proc/<pid>/stat and ps. Here the child exits at once with status 7 while the parent\n"
    "sleeps without waiting; the parent reads the child's /proc/<pid>/stat to show the Z, then\n"
    "calls waitpid(), which returns the status and removes the zombie for good. A parent that\n"
    "never waits leaks one zombie per child (the pids stay taken). If /proc is not available\n"
    "the demo says so and still shows the wait.\n";

/* Reads /proc/<pid>/stat; returns the state letter, or 0 (and fills why) if it cannot. */
static char read_state(pid_t pid, char *line, size_t n, const char **why) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        *why = errno == ENOENT ? "no such entry" : strerror(errno);
        return 0;
    }
    if (!fgets(line, (int)n, f)) line[0] = 0;
    fclose(f);
    line[strcspn(line, "\n")] = 0;
    char *close_paren = strrchr(line, ')'); /* "pid (comm) S ..." - comm may contain spaces */
    return close_paren && close_paren[1] == ' ' ? close_paren[2] : '?';
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("Parent %d forks a child that exits immediately with status 7.\n", (int)getpid());
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(7);

    printf("The parent does NOT call wait() yet; it just sleeps a little.\n");
    char line[512];
    const char *why = "";
    char state = 0;
    for (int i = 0; i < 100; i++) { /* give the child time to exit: up to 1 s */
        sleep_ms(10);
        state = read_state(pid, line, sizeof line, &why);
        if (state == 'Z' || state == 0) break;
    }
    if (state == 0) {
        printf("/proc/%d/stat: (no /proc) - %s.\n", (int)pid, why);
        printf("Without /proc we cannot look, but the child is a zombie now all the same.\n");
    } else {
        /* print "pid (comm) state ppid", the first four fields */
        char *end = strrchr(line, ')');
        int fields = 0;
        while (end && *end && fields < 3)
            if (*++end == ' ') fields++;
        if (end) *end = 0;
        printf("/proc/%d/stat begins with \"pid (name) state ppid\":\n  %s ...\n", (int)pid, line);
        printf("The field after the name is the state: '%c'%s\n", state,
               state == 'Z' ? " = zombie: dead, but its exit status is still kept for the parent." : "");
    }

    int status;
    pid_t w = waitpid(pid, &status, 0);
    printf("\nNow the parent calls waitpid(%d): it returns %d with exit status %d.\n", (int)pid, (int)w,
           WEXITSTATUS(status));
    state = read_state(pid, line, sizeof line, &why);
    if (state == 0)
        printf("/proc/%d/stat afterwards: %s - the zombie has been reaped.\n", (int)pid, why);
    else
        printf("/proc/%d/stat afterwards: state '%c'\n", (int)pid, state);
    printf("Lesson: always wait() for your children (or let init adopt them, see fork_twice_trick).\n");
    return 0;
}
