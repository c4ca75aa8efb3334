/* init: process 1, the first user process (the primer's 1号用户进程).
 *
 * The kernel runs /sbin/init as pid 1 with the console as fds 0, 1 and 2. init then
 *   1. reads /etc/inittab (lines "id:runlevels:action:command"; without the file it runs
 *      "/sbin/getty /dev/console" as the session) and runs the sysinit entries one by one;
 *   2. starts the session, respawn and once entries: the session is the console login
 *      (getty, which becomes the login shell);
 *   3. reaps every child forever — its own and the orphans the kernel hands it when their
 *      parent dies (the primer: 孤儿进程会自动向上被init进程收养) — so no zombie stays;
 *   4. shuts the system down when the session ends, or on SIGTERM, SIGINT (Ctrl-Alt-Del),
 *      SIGUSR2 (poweroff(8)) or SIGUSR1 (halt): the shutdown entries run, every other process
 *      gets SIGTERM, then after up to 2 seconds SIGKILL, init reaps them all and calls
 *      reboot(2) with LINUX_REBOOT_CMD_POWER_OFF (or HALT).
 *
 * inittab actions: sysinit (run and wait, first), wait (run and wait, after sysinit), once
 * (start), respawn (start again when it exits; at most 10 starts in 5 seconds), session
 * (start; when it exits the system powers off — javix's console login), shutdown (run and
 * wait, at shutdown). Runlevels are ignored. The command is split at blanks (no quoting).
 *
 * Signals: while waiting init blocks the signals it handles and sleeps in sigsuspend(2), so a
 * signal that arrives between two checks is not lost; children get the original mask back.
 * The kernel delivers to pid 1 only the signals it has handlers for (SIGKILL never).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ENTRIES 32
#define MAX_ARGS 16

enum action { SYSINIT, WAIT, ONCE, RESPAWN, SESSION, SHUTDOWN };

static const char *const ACTIONS[] = {"sysinit", "wait", "once", "respawn", "session", "shutdown"};

struct entry {
    enum action action;
    char *argv[MAX_ARGS + 1];
    pid_t pid;             /* running process, or 0 */
    int starts;            /* respawn throttling: starts in the current window */
    struct timespec window; /* start of that window */
};

static struct entry entries[MAX_ENTRIES];
static int nentries;
static sigset_t orig_mask; /* the mask init started with: children get it back */
static volatile sig_atomic_t shutdown_signal;

static void on_shutdown_signal(int sig) { shutdown_signal = sig; }
static void on_sigchld(int sig) { (void)sig; }

/* Adds one inittab line; ignores comments, blank lines and unknown actions (with a warning). */
static void parse_line(char *line, int lineno) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    if (line[0] == '#' || line[strspn(line, " \t")] == 0) return;
    char *id = line, *levels = strchr(id, ':');
    char *action = levels ? strchr(levels + 1, ':') : NULL;
    char *cmd = action ? strchr(action + 1, ':') : NULL;
    if (!cmd) {
        fprintf(stderr, "init: /etc/inittab:%d: expected id:runlevels:action:command\n", lineno);
        return;
    }
    *action++ = 0;
    *cmd++ = 0;
    if (nentries == MAX_ENTRIES) return;
    struct entry *e = &entries[nentries];
    memset(e, 0, sizeof *e);
    int a;
    for (a = 0; a < (int)(sizeof ACTIONS / sizeof ACTIONS[0]); a++) if (strcmp(action, ACTIONS[a]) == 0) break;
    if (a == (int)(sizeof ACTIONS / sizeof ACTIONS[0])) {
        fprintf(stderr, "init: /etc/inittab:%d: unknown action '%s'\n", lineno, action);
        return;
    }
    e->action = (enum action)a;
    int n = 0;
    for (char *w = strtok(strdup(cmd), " \t"); w && n < MAX_ARGS; w = strtok(NULL, " \t")) e->argv[n++] = w;
    if (n == 0) return;
    nentries++;
}

static void read_inittab(void) {
    FILE *f = fopen("/etc/inittab", "r");
    if (!f) {
        static char line[] = "co::session:/sbin/getty /dev/console";
        parse_line(line, 0);
        return;
    }
    char line[512];
    for (int n = 1; fgets(line, sizeof line, f); n++) parse_line(line, n);
    fclose(f);
}

/* fork + exec of an entry, with default signal dispositions and the original mask. */
static pid_t start(struct entry *e) {
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "init: fork: %s\n", strerror(errno));
        return 0;
    }
    if (pid == 0) {
        struct sigaction dfl = {.sa_handler = SIG_DFL};
        int sigs[] = {SIGTERM, SIGINT, SIGUSR1, SIGUSR2, SIGCHLD, SIGHUP};
        for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &dfl, NULL);
        sigprocmask(SIG_SETMASK, &orig_mask, NULL);
        execv(e->argv[0], e->argv);
        fprintf(stderr, "init: %s: %s\n", e->argv[0], strerror(errno));
        _exit(127);
    }
    e->pid = pid;
    return pid;
}

/* Runs an entry to completion, reaping whatever else exits meanwhile. */
static void run_and_wait(struct entry *e) {
    pid_t pid = start(e);
    while (pid > 0) {
        int st;
        pid_t r = waitpid(-1, &st, 0);
        if (r == pid || (r < 0 && errno == ECHILD)) break;
    }
    e->pid = 0;
}

static double seconds_since(const struct timespec *t) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Restarts a respawn entry, unless it has been started 10 times within 5 seconds. */
static void respawn(struct entry *e) {
    if (e->starts == 0 || seconds_since(&e->window) > 5) {
        clock_gettime(CLOCK_MONOTONIC, &e->window);
        e->starts = 0;
    }
    if (++e->starts > 10) {
        fprintf(stderr, "init: '%s' respawning too fast: disabled\n", e->argv[0]);
        return;
    }
    start(e);
}

/* Reaps every child that has exited; returns 1 if the session ended. */
static int reap_children(void) {
    int st, session_over = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
        for (int i = 0; i < nentries; i++) {
            struct entry *e = &entries[i];
            if (e->pid != pid) continue;
            e->pid = 0;
            if (e->action == SESSION) session_over = 1;
            else if (e->action == RESPAWN && !shutdown_signal) respawn(e);
        }
        /* any other pid was an orphan adopted by init: reaping it is all there is to do */
    }
    return session_over;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

/* Reaps children for up to ms milliseconds; returns 1 once no other process is left. */
static int wait_for_all(long ms) {
    for (long waited = 0;; waited += 10) {
        while (waitpid(-1, NULL, WNOHANG) > 0) {}
        if (kill(-1, 0) < 0 && errno == ESRCH) return 1; /* kill(-1) skips init itself */
        if (waited >= ms) return 0;
        sleep_ms(10);
    }
}

static void shut_down(int cmd) {
    for (int i = 0; i < nentries; i++) if (entries[i].action == SHUTDOWN) run_and_wait(&entries[i]);
    kill(-1, SIGTERM);
    kill(-1, SIGCONT); /* a stopped process must run to act on its SIGTERM */
    if (!wait_for_all(2000)) {
        kill(-1, SIGKILL);
        wait_for_all(1000);
    }
    reboot(cmd);
    fprintf(stderr, "init: reboot: %s\n", strerror(errno));
    _exit(1);
}

int main(void) {
    if (getpid() != 1) {
        fprintf(stderr, "init: must run as process 1 (the kernel starts it at boot)\n");
        return 1;
    }
    chdir("/");
    umask(022);
    reboot(RB_DISABLE_CAD); /* Ctrl-Alt-Del (a host SIGINT) becomes SIGINT to init, as with sysvinit */

    sigset_t handled;
    sigemptyset(&handled);
    int sigs[] = {SIGTERM, SIGINT, SIGUSR1, SIGUSR2, SIGCHLD};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaddset(&handled, sigs[i]);
    sigprocmask(SIG_BLOCK, &handled, &orig_mask);
    struct sigaction sa = {0};
    sa.sa_handler = on_shutdown_signal;
    for (unsigned i = 0; i < 4; i++) sigaction(sigs[i], &sa, NULL);
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    struct sigaction ign = {.sa_handler = SIG_IGN};
    sigaction(SIGHUP, &ign, NULL); /* the console hanging up is no reason for init to die */

    read_inittab();
    for (int i = 0; i < nentries; i++) if (entries[i].action == SYSINIT) run_and_wait(&entries[i]);
    for (int i = 0; i < nentries; i++) if (entries[i].action == WAIT) run_and_wait(&entries[i]);
    int running = 0;
    for (int i = 0; i < nentries; i++) {
        enum action a = entries[i].action;
        if (a == ONCE || a == RESPAWN || a == SESSION) running += start(&entries[i]) > 0;
    }
    if (running == 0) fprintf(stderr, "init: nothing to run (see /etc/inittab): powering off\n");

    sigset_t waiting = orig_mask; /* sigsuspend with the handled signals let through */
    for (int i = 0; i < (int)(sizeof sigs / sizeof sigs[0]); i++) sigdelset(&waiting, sigs[i]);
    while (running) {
        if (reap_children()) break;
        if (shutdown_signal) break;
        sigsuspend(&waiting);
    }
    shut_down(shutdown_signal == SIGUSR1 ? RB_HALT_SYSTEM : RB_POWER_OFF);
}
