/* tools_scene: sets up process states for ToolsTest to look at with the image's ps, pstree
 * and kill (they read /proc, so there is no qemu oracle for them).
 *   tools_scene scene CMD...   a zombie child (exited, not waited for) and an orphan
 *                              (grandchild whose parent exited, so init adopted it); prints
 *                              "zombie PID" and "orphan PID", runs CMD, then cleans up
 *   tools_scene group CMD...   two sleeping children in a new process group; runs CMD with
 *                              %G replaced by the group id and %P by the first child's pid,
 *                              then prints how each child ended
 *   tools_scene stop           a sleeping child: /bin/kill -STOP, ps -o pid,stat shows T,
 *                              /bin/kill -CONT, /bin/kill (TERM); prints each step's result
 *   tools_scene threads        two more threads, then /bin/ps -o nlwp= -o stat= -p SELF
 *   tools_scene follow         /bin/tail -n 1 -f on a file in /tmp that grows twice, then
 *                              SIGTERM to tail
 * Exit status 0, or 1 with a message if the scene could not be set up. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(int ms) {
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* The state letter and ppid of pid from /proc/PID/stat; 0 if it is gone. */
static char state_of(pid_t pid, int *ppid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *close = strrchr(buf, ')');
    char st = 0;
    if (!close || sscanf(close + 2, "%c %d", &st, ppid) != 2) return 0;
    return st;
}

/* Runs argv (with %G and %P replaced) to completion, its output passing through. */
static int run(char **argv, pid_t group, pid_t first) {
    char **args = calloc(64, sizeof *args);
    for (int i = 0; argv[i] && i < 63; i++) {
        char *a = argv[i], *out = malloc(strlen(a) + 32), *o = out;
        for (; *a; a++) {
            if (a[0] == '%' && (a[1] == 'G' || a[1] == 'P')) {
                o += sprintf(o, "%d", (int)(a[1] == 'G' ? group : first));
                a++;
            } else {
                *o++ = *a;
            }
        }
        *o = 0;
        args[i] = out;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execv(args[0], args);
        fprintf(stderr, "tools_scene: exec %s: %s\n", args[0], strerror(errno));
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void describe(const char *what, int status) {
    if (WIFEXITED(status)) printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else if (WIFSTOPPED(status)) printf("%s: stopped by signal %d\n", what, WSTOPSIG(status));
    else if (WIFCONTINUED(status)) printf("%s: continued\n", what);
}

static int scene(char **cmd) {
    pid_t zombie = fork();
    if (zombie == 0) _exit(0);
    int pipefd[2];
    pipe(pipefd);
    pid_t middle = fork();
    if (middle == 0) {
        pid_t orphan = fork();
        if (orphan == 0) {
            close(pipefd[0]);
            close(pipefd[1]);
            for (;;) pause();
        }
        write(pipefd[1], &orphan, sizeof orphan);
        _exit(0);
    }
    pid_t orphan = 0;
    close(pipefd[1]);
    read(pipefd[0], &orphan, sizeof orphan);
    close(pipefd[0]);
    waitpid(middle, NULL, 0);
    int ppid = 0, ok = 0;
    for (int i = 0; i < 200 && !ok; i++) {
        int zp;
        ok = state_of(zombie, &zp) == 'Z' && state_of(orphan, &ppid) && ppid != middle;
        if (!ok) sleep_ms(10);
    }
    if (!ok) {
        fprintf(stderr, "tools_scene: the zombie or the orphan did not appear\n");
        return 1;
    }
    printf("zombie %d\norphan %d\nscene %d\n", (int)zombie, (int)orphan, (int)getpid());
    int rc = run(cmd, 0, 0);
    kill(orphan, SIGKILL);
    waitpid(zombie, NULL, 0);
    return rc;
}

static pid_t sleeper(pid_t group) {
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, group);
        for (;;) pause();
    }
    setpgid(pid, group); /* both sides, so the group exists before either goes on */
    return pid;
}

static int group(char **cmd) {
    pid_t a = sleeper(0);
    pid_t b = sleeper(a);
    sleep_ms(50);
    int rc = run(cmd, a, a);
    printf("command: exited %d\n", rc);
    int status;
    waitpid(a, &status, 0);
    describe("first", status);
    waitpid(b, &status, 0);
    describe("second", status);
    return 0;
}

static int stop(void) {
    pid_t p = sleeper(0);
    char pid[16];
    snprintf(pid, sizeof pid, "%d", (int)p);
    int status;
    run((char *[]){"/bin/kill", "-STOP", pid, NULL}, 0, 0);
    waitpid(p, &status, WUNTRACED);
    describe("after kill -STOP", status);
    run((char *[]){"/bin/ps", "-o", "stat=", "-p", pid, NULL}, 0, 0);
    run((char *[]){"/bin/kill", "-s", "CONT", pid, NULL}, 0, 0);
    waitpid(p, &status, WCONTINUED);
    describe("after kill -s CONT", status);
    run((char *[]){"/bin/kill", pid, NULL}, 0, 0);
    waitpid(p, &status, 0);
    describe("after kill", status);
    return 0;
}

static void *idle(void *arg) {
    (void)arg;
    for (;;) pause();
    return NULL;
}

static int threads(void) {
    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, idle, NULL);
    char pid[16];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    return run((char *[]){"/bin/ps", "-o", "nlwp=", "-o", "stat=", "-p", pid, NULL}, 0, 0);
}

static void append(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

static int follow(void) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/tools_follow.%d", (int)getpid());
    append(path, "one\ntwo\n");
    fflush(stdout);
    pid_t tail = fork();
    if (tail == 0) {
        execv("/bin/tail", (char *[]){"/bin/tail", "-n", "1", "-f", path, NULL});
        _exit(127);
    }
    sleep_ms(500);
    append(path, "three\n");
    sleep_ms(700);
    append(path, "four\n");
    sleep_ms(1000);
    kill(tail, SIGTERM);
    int status;
    waitpid(tail, &status, 0);
    unlink(path);
    describe("tail", status);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "scene")) return scene(argv + 2);
    if (argc >= 3 && !strcmp(argv[1], "group")) return group(argv + 2);
    if (argc == 2 && !strcmp(argv[1], "stop")) return stop();
    if (argc == 2 && !strcmp(argv[1], "threads")) return threads();
    if (argc == 2 && !strcmp(argv[1], "follow")) return follow();
    fprintf(stderr, "usage: tools_scene scene CMD... | group CMD... | stop | threads | follow\n");
    return 2;
}
