/* sh_trap.h: traps (trap(1p)) and leaving the shell: the EXIT action, caught signals that run
 * their action between commands, SIGINT in an interactive shell, and do_exit(). */
#ifndef SH_TRAP_H
#define SH_TRAP_H
#include "sh_state.h"

/* trap(1p): trap_cmd[0] is the EXIT action, trap_cmd[SIG] the others; NULL = default,
 * "" = ignored. A caught signal only marks itself pending: the action runs between commands. */
#define TRAP_SLOTS 65
static char *trap_cmd[TRAP_SLOTS];
static volatile sig_atomic_t trap_pending[TRAP_SLOTS], any_trap_pending;
static int in_trap;

static void trap_handler(int sig) {
    trap_pending[sig] = 1;
    any_trap_pending = 1;
}
/* The disposition a signal has without a trap: what an interactive shell ignores stays ignored. */
static void on_interactive_sigint(int sig) {
    (void)sig;
    sig_interrupted = 1;
}
/* An interactive shell catches SIGINT (SA_RESTART): Ctrl-C then stops a running loop or list
 * of builtins, which ignoring it could not. */
static void catch_interactive_sigint(void) {
    struct sigaction sa = {0};
    sa.sa_handler = on_interactive_sigint;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}
static void on_blocking_sigint(int sig) {
    (void)sig;
    wait_interrupted = 1;
    sig_interrupted = 1;
}
/* on: while a builtin blocks (wait, read) in an interactive shell, Ctrl-C interrupts the system
 * call (a handler without SA_RESTART: EINTR) and sets wait_interrupted; off: back as before. */
static void sigint_interrupts(int on) {
    static struct sigaction saved;
    if (on) {
        struct sigaction sa = {0};
        sa.sa_handler = on_blocking_sigint;
        sigemptyset(&sa.sa_mask);
        wait_interrupted = 0;
        sigaction(SIGINT, &sa, &saved);
    } else sigaction(SIGINT, &saved, NULL);
}
static void trap_default(int sig) {
    if (sig == SIGINT && sigs_changed && interactive) {
        catch_interactive_sigint();
        return;
    }
    int ignored = sigs_changed && (sig == SIGQUIT || (jobctl && (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)));
    signal(sig, ignored ? SIG_IGN : SIG_DFL);
}
static void traps_run(void) {
    if (!any_trap_pending || in_trap) return;
    any_trap_pending = 0;
    for (int sig = 1; sig < TRAP_SLOTS; sig++) {
        if (!trap_pending[sig]) continue;
        trap_pending[sig] = 0;
        if (!trap_cmd[sig] || !*trap_cmd[sig]) continue;
        int saved = last_status;
        in_trap = 1;
        run_string(trap_cmd[sig]);
        in_trap = 0;
        last_status = saved;
    }
}
/* In a subshell: caught signals go back to their defaults (ignored ones stay ignored). */
static void traps_reset(void) {
    for (int sig = 0; sig < TRAP_SLOTS; sig++) {
        if (!trap_cmd[sig] || !*trap_cmd[sig]) continue;
        if (sig) signal(sig, SIG_DFL);
        free(trap_cmd[sig]);
        trap_cmd[sig] = NULL;
    }
}

static void do_exit(int status) {
    if (trap_cmd[0] && *trap_cmd[0] && !in_trap) { /* the EXIT trap, once */
        char *action = trap_cmd[0];
        trap_cmd[0] = NULL;
        last_status = status;
        in_trap = 1;
        run_string(action);
    }
    if (jobctl) /* stopped jobs would stay stopped forever: hang them up and let them act on it */
        for (int i = 0; i < njobs; i++)
            if (job_state(jobs[i]) == PS_STOPPED) job_signal(jobs[i], SIGHUP), job_signal(jobs[i], SIGCONT);
    tty_reclaim();
    _exit(status & 0xff);
}
#endif
