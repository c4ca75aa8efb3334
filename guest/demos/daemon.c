/* daemon: the classic steps that turn a process into a daemon, which then logs to a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "daemon: a daemon is a background process detached from any terminal, so that closing the\n"
    "terminal (or a Ctrl-C there) cannot stop it and it cannot write to it by accident. The\n"
    "classic recipe: (1) fork and let the parent exit - the shell gets its prompt back and the\n"
    "child is surely not a process group leader; (2) setsid() - a new session and process group\n"
    "with no controlling terminal; (3) fork again and let the session leader exit - the daemon\n"
    "is not a session leader, so it can never acquire a terminal by opening one; (4) chdir(\"/\")\n"
    "- do not keep a directory (or a mounted file system) busy; (5) umask(0) - files get exactly\n"
    "the permissions the daemon asks for; (6) close every inherited descriptor and open\n"
    "/dev/null as 0, 1 and 2. After that the daemon cannot print; it logs to a file. Here the\n"
    "demo's first process plays 'the shell': it reads the daemon's log file back and shows it.\n";

static void ids(const char *when) {
    pid_t pid = getpid();
    printf("    %-28s pid %d, ppid %d, process group %d, session %d%s\n", when, (int)pid, (int)getppid(),
           (int)getpgid(0), (int)getsid(0), getsid(0) == pid ? " (session leader)" : "");
}

static void become_daemon(const char *log_path) {
    ids("the program at the start:");
    printf("[1] fork(): the parent exits, the child carries on.\n");
    fflush(stdout);
    pid_t parent = getpid();
    pid_t p = fork();
    if (p > 0) _exit(0);
    while (getppid() == parent) sleep_ms(2); /* only so that the printed ppid is the adopter's */
    ids("child after fork #1:");

    printf("[2] setsid(): a new session and process group, without a controlling terminal.\n");
    if (setsid() < 0) printf("    setsid failed: %s\n", strerror(errno));
    ids("after setsid:");

    printf("[3] fork() again: the session leader exits, the grandchild is the daemon.\n");
    fflush(stdout);
    pid_t leader = getpid();
    p = fork();
    if (p > 0) _exit(0);
    while (getppid() == leader) sleep_ms(2); /* only so that the printed ppid is the adopter's */
    ids("daemon after fork #2:");

    printf("[4] chdir(\"/\"): keep no directory busy.\n");
    chdir("/");
    printf("[5] umask(0): the old mask was %03o.\n", (unsigned)umask(0));
    printf("[6] close all descriptors, then open /dev/null as 0, 1 and 2. Not a word more to the terminal.\n");
    fflush(stdout);
    struct rlimit rl;
    long maxfd = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (long)rl.rlim_cur : 1024;
    if (maxfd > 65536) maxfd = 65536;
    for (long fd = 0; fd < maxfd; fd++) close((int)fd);
    int null = open("/dev/null", O_RDWR); /* lowest free descriptor: 0 */
    if (null < 0) null = open("/", O_RDONLY); /* keep 0..2 taken even without /dev/null */
    dup2(null, 1);
    dup2(null, 2);

    FILE *log = fopen(log_path, "w");
    if (!log) _exit(1);
    setvbuf(log, NULL, _IOLBF, 0);
    char cwd[256] = "?";
    getcwd(cwd, sizeof cwd);
    fprintf(log, "daemon %d started: session %d, parent %d, cwd %s\n", (int)getpid(), (int)getsid(0), (int)getppid(),
            cwd);
    fprintf(log, "printf() now goes to /dev/null: %s\n", printf("you will never see this\n") > 0 ? "written, and gone" : "?");
    fflush(stdout);
    for (int i = 1; i <= 3; i++) {
        fprintf(log, "tick %d: still running in the background\n", i);
        sleep_ms(100);
    }
    fprintf(log, "daemon %d exiting\n", (int)getpid());
    fclose(log);
    _exit(0);
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    char log_path[64];
    snprintf(log_path, sizeof log_path, "/tmp/daemon-demo.%d.log", (int)getpid());
    unlink(log_path);
    printf("The demo (pid %d) starts a program that turns itself into a daemon:\n", (int)getpid());
    fflush(stdout);
    pid_t prog = fork();
    if (prog == 0) become_daemon(log_path);
    waitpid(prog, NULL, 0);

    /* The daemon is not our child: we can only watch its log file. */
    char last[256] = "";
    for (int i = 0; i < 500 && !strstr(last, "exiting"); i++) {
        sleep_ms(10);
        FILE *f = fopen(log_path, "r");
        if (!f) continue;
        while (fgets(last, sizeof last, f)) {
        }
        fclose(f);
    }
    printf("\nThe demo reads the daemon's log, %s:\n", log_path);
    FILE *f = fopen(log_path, "r");
    if (!f) {
        printf("  (no log file: %s)\n", strerror(errno));
        return 1;
    }
    char line[256];
    while (fgets(line, sizeof line, f)) printf("  | %s", line);
    fclose(f);
    unlink(log_path);
    return 0;
}
