/* nocldstop: SA_NOCLDSTOP. qemu-riscv64 7.2 ignores the flag (the parent gets SIGCHLD with
 * CLD_STOPPED and CLD_CONTINUED anyway), so this runs only under javix. Expected output from
 * sigaction(2): "SA_NOCLDSTOP: if signum is SIGCHLD, do not receive notification when child
 * processes stop (i.e., when they receive one of SIGSTOP, SIGTSTP, SIGTTIN, or SIGTTOU) or
 * resume (i.e., they receive SIGCONT)". The death of the child is still notified (CLD_KILLED).
 * With SIGCHLD blocked, the child is stopped, continued and killed; after each step (and the
 * matching waitpid) the test takes a pending SIGCHLD with sigtimedwait, waiting up to 100 ms
 * (the continue notification is sent by the child once it runs again, so it may come just
 * after waitpid(WCONTINUED) returns): without the flag all three steps notify, with it only
 * the death does. */
#define _GNU_SOURCE
#include "procs.h"

static void on_chld(int sig) {}

static const char *take(void) {
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    struct timespec t = {0, 100000000};
    siginfo_t si;
    if (sigtimedwait(&chld, &si, &t) != SIGCHLD) return "none";
    int c = si.si_code;
    return c == CLD_STOPPED ? "CLD_STOPPED" : c == CLD_CONTINUED ? "CLD_CONTINUED" : c == CLD_KILLED ? "CLD_KILLED"
         : c == CLD_EXITED ? "CLD_EXITED" : "?";
}

static void run(int flags, const char *what, const char *expected) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_RESTART | flags;
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    pid_t c = xfork();
    if (c == 0)
        for (;;) pause();
    char got[128];
    kill(c, SIGSTOP);
    wait_for(c, WUNTRACED);
    snprintf(got, sizeof got, "stop: %s", take());
    kill(c, SIGCONT);
    wait_for(c, WCONTINUED);
    snprintf(got + strlen(got), sizeof got - strlen(got), ", continue: %s", take());
    kill(c, SIGKILL);
    wait_for(c, 0);
    snprintf(got + strlen(got), sizeof got - strlen(got), ", death: %s", take());
    sigprocmask(SIG_UNBLOCK, &chld, NULL);
    check_str(what, got, expected);
}

int main(void) {
    run(0, "without SA_NOCLDSTOP", "stop: CLD_STOPPED, continue: CLD_CONTINUED, death: CLD_KILLED");
    run(SA_NOCLDSTOP, "with SA_NOCLDSTOP", "stop: none, continue: none, death: CLD_KILLED");
    return finish("nocldstop");
}
