/* proc_wait_status: fork + wait and the wait status encoding.
 * Exit codes (0, 1, 42, 255, exit(256) -> 0, exit(-1) -> 255, _exit, return from a thread's
 * exit(), the last thread ending after the main thread's pthread_exit) are reported as
 * WIFEXITED with WEXITSTATUS and raw value code << 8; death by a signal (SIGKILL, SIGTERM,
 * SIGUSR1, SIGHUP, a real SIGSEGV, abort's SIGABRT, SIGQUIT and SIGBUS raised) as WIFSIGNALED
 * with WTERMSIG and raw value = signal, with the core-dump bit absent because RLIMIT_CORE is set
 * to 0 first. Also: wait() returns the forked pid, an ignored SIGTERM does not kill, a blocked
 * SIGCHLD is accepted with sigtimedwait carrying CLD_EXITED / CLD_KILLED, si_pid and si_status,
 * SIGCHLD set to SIG_IGN makes children vanish (wait -> ECHILD), and ECHILD with no children. */
#include "procs.h"
#include <pthread.h>
#include <sys/resource.h>

static void check_status(const char *what, int st, int raw, const char *text) {
    char n[96];
    snprintf(n, sizeof n, "%s: status", what);
    check_str(n, status_str(st), text);
    snprintf(n, sizeof n, "%s: raw status", what);
    check_i64(n, st, raw);
}

static void exit_code(int code, int expected) {
    pid_t p = xfork();
    if (p == 0) exit(code);
    int st = 0;
    pid_t w = wait(&st);
    char n[64], text[32];
    snprintf(n, sizeof n, "exit(%d): wait returns the child", code);
    check_true(n, w == p);
    snprintf(n, sizeof n, "exit(%d)", code);
    snprintf(text, sizeof text, "exited %d", expected);
    check_status(n, st, expected << 8, text);
    snprintf(n, sizeof n, "exit(%d): WIFSIGNALED false", code);
    check_true(n, !WIFSIGNALED(st) && !WIFSTOPPED(st));
}

static void killed(const char *what, int sig, int how) {
    pid_t p = xfork();
    if (p == 0) {
        switch (how) {
        case 0: /* the parent sends it */
            for (;;) pause();
        case 1:
            raise(sig);
            break;
        case 2: {
            volatile int *volatile bad = (int *)16;
            *bad = 1; /* a real fault */
            break;
        }
        case 3:
            abort();
        }
        _exit(99);
    }
    if (how == 0) kill(p, sig);
    int st = wait_for(p, 0);
    char text[48];
    snprintf(text, sizeof text, "killed by %s", sig_name(sig));
    check_status(what, st, sig, text);
    char n[96];
    snprintf(n, sizeof n, "%s: WCOREDUMP false with RLIMIT_CORE 0", what);
    check_true(n, WIFSIGNALED(st) && !WCOREDUMP(st));
}

static void *exit_from_thread(void *arg) {
    exit(*(int *)arg);
}

static void *outlive_main(void *arg) {
    struct gate *g = arg;
    gate_wait(g);
    return NULL; /* the last thread returning ends the process with status 0 */
}

int main(void) {
    struct rlimit rl = {0, 0};
    check_i64("setrlimit(RLIMIT_CORE, 0)", setrlimit(RLIMIT_CORE, &rl), 0);

    exit_code(0, 0);
    exit_code(1, 1);
    exit_code(42, 42);
    exit_code(255, 255);
    exit_code(256, 0);
    exit_code(-1, 255);
    exit_code(1000, 232);

    pid_t p = xfork();
    if (p == 0) _exit(7);
    check_status("_exit(7)", wait_for(p, 0), 7 << 8, "exited 7");

    /* exit() in a second thread ends the whole process (exit_group). */
    p = xfork();
    if (p == 0) {
        static int code = 33;
        pthread_t t;
        pthread_create(&t, NULL, exit_from_thread, &code);
        for (;;) pause();
    }
    check_status("exit(33) from a second thread", wait_for(p, 0), 33 << 8, "exited 33");

    /* pthread_exit in main: the process lives on until its last thread ends. */
    struct gate g;
    gate_open(&g);
    p = xfork();
    if (p == 0) {
        pthread_t t;
        pthread_create(&t, NULL, outlive_main, &g);
        pthread_exit(NULL);
    }
    int st = 0;
    check_i64("after the child's main thread exited, WNOHANG finds it running", waitpid(p, &st, WNOHANG), 0);
    gate_pass(&g);
    check_status("last thread returns after main's pthread_exit", wait_for(p, 0), 0, "exited 0");
    gate_close(&g);

    killed("SIGKILL from the parent", SIGKILL, 0);
    killed("SIGTERM from the parent", SIGTERM, 0);
    killed("SIGUSR1 from the parent", SIGUSR1, 0);
    killed("SIGHUP from the parent", SIGHUP, 0);
    killed("raise(SIGQUIT)", SIGQUIT, 1);
    killed("raise(SIGBUS)", SIGBUS, 1);
    killed("store to an unmapped address", SIGSEGV, 2);
    killed("abort()", SIGABRT, 3);

    /* An ignored SIGTERM does nothing; the child then exits normally. */
    struct gate ready, go;
    gate_open(&ready);
    gate_open(&go);
    p = xfork();
    if (p == 0) {
        signal(SIGTERM, SIG_IGN);
        gate_pass(&ready);
        gate_wait(&go);
        _exit(5);
    }
    gate_wait(&ready);
    kill(p, SIGTERM);
    gate_pass(&go);
    check_status("ignored SIGTERM, then exit(5)", wait_for(p, 0), 5 << 8, "exited 5");
    gate_close(&ready);
    gate_close(&go);

    /* SIGCHLD carries who ended and how. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    struct timespec five = {5, 0};
    siginfo_t si;
    p = xfork();
    if (p == 0) _exit(9);
    memset(&si, 0, sizeof si);
    check_i64("sigtimedwait gets SIGCHLD", sigtimedwait(&chld, &si, &five), SIGCHLD);
    check_str("SIGCHLD si_code (exit)", si.si_code == CLD_EXITED ? "CLD_EXITED" : "other", "CLD_EXITED");
    check_true("SIGCHLD si_pid is the child", si.si_pid == p);
    check_i64("SIGCHLD si_status is the exit code", si.si_status, 9);
    check_status("child reaped after SIGCHLD", wait_for(p, 0), 9 << 8, "exited 9");
    p = xfork();
    if (p == 0)
        for (;;) pause();
    kill(p, SIGKILL);
    memset(&si, 0, sizeof si);
    check_i64("sigtimedwait gets SIGCHLD (killed)", sigtimedwait(&chld, &si, &five), SIGCHLD);
    check_str("SIGCHLD si_code (signal)", si.si_code == CLD_KILLED ? "CLD_KILLED" : "other", "CLD_KILLED");
    check_true("SIGCHLD si_pid is the killed child", si.si_pid == p);
    check_i64("SIGCHLD si_status is the signal", si.si_status, SIGKILL);
    wait_for(p, 0);
    sigprocmask(SIG_UNBLOCK, &chld, NULL);

    /* With SIGCHLD ignored, children are reaped automatically: wait blocks until they have
     * all ended, then fails with ECHILD. */
    signal(SIGCHLD, SIG_IGN);
    p = xfork();
    if (p == 0) _exit(3);
    errno = 0;
    check_errno("SIGCHLD ignored: wait finds no zombie", wait(&st), ECHILD);
    signal(SIGCHLD, SIG_DFL);

    errno = 0;
    check_errno("wait with no children", wait(&st), ECHILD);
    errno = 0;
    check_errno("waitpid(-1, WNOHANG) with no children", waitpid(-1, &st, WNOHANG), ECHILD);
    errno = 0;
    check_errno("waitpid of a pid that is not a child", waitpid(getpid(), &st, 0), ECHILD);
    return finish("proc_wait_status");
}
