/* sig_sa_mask: the sa_mask of sigaction is blocked while the handler runs. qemu-riscv64 7.2
 * reads sa_mask back correctly but does not block it during the handler, so this runs only
 * under javix. Expected output from sigaction(2): "sa_mask specifies a mask of signals which
 * should be blocked (i.e., added to the signal mask of the thread in which the signal handler
 * is invoked) during execution of the signal handler. In addition, the signal which triggered
 * the handler will be blocked, unless the SA_NODEFER flag is used."
 *  - inside a SIGUSR1 handler whose sa_mask is {SIGHUP, SIGUSR2, SIGRTMIN+1}, sigprocmask
 *    shows those three and SIGUSR1 blocked; afterwards none of them is;
 *  - the handler (trace "<" ... ">") raises SIGUSR1 again and SIGUSR2 (in sa_mask, trace
 *    "(" ... ")"): both wait until it returns. Then the kernel takes the lowest pending signal,
 *    SIGUSR1, whose handler again blocks SIGUSR2 through sa_mask, so SIGUSR2 runs last:
 *    "<><>()".
 *  - with SA_NODEFER the nested SIGUSR1 runs at once, SIGUSR2 still waits: "<<>>()". */
#define _GNU_SOURCE
#include "procs.h"

static sigset_t g_in;
static char g_trace[32];
static volatile int g_len, g_depth;

static void record_mask(int sig) { sigprocmask(SIG_BLOCK, NULL, &g_in); }

static void nesting(int sig) {
    g_trace[g_len++] = sig == SIGUSR1 ? '<' : '(';
    if (sig == SIGUSR1 && g_depth++ == 0) {
        raise(SIGUSR1);
        raise(SIGUSR2);
    }
    g_trace[g_len++] = sig == SIGUSR1 ? '>' : ')';
}

static void set(int sig, void (*h)(int), int flags, int m1, int m2, int m3) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (m1) sigaddset(&sa.sa_mask, m1);
    if (m2) sigaddset(&sa.sa_mask, m2);
    if (m3) sigaddset(&sa.sa_mask, m3);
    sigaction(sig, &sa, NULL);
}

int main(void) {
    set(SIGUSR1, record_mask, 0, SIGHUP, SIGUSR2, SIGRTMIN + 1);
    raise(SIGUSR1);
    check_true("in the handler: its own signal blocked", sigismember(&g_in, SIGUSR1));
    check_true("in the handler: SIGHUP (sa_mask) blocked", sigismember(&g_in, SIGHUP));
    check_true("in the handler: SIGUSR2 (sa_mask) blocked", sigismember(&g_in, SIGUSR2));
    check_true("in the handler: SIGRTMIN+1 (sa_mask) blocked", sigismember(&g_in, SIGRTMIN + 1));
    check_true("in the handler: SIGTERM (not in sa_mask) not blocked", !sigismember(&g_in, SIGTERM));
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    check_true("afterwards: none of them blocked", !sigismember(&now, SIGUSR1) && !sigismember(&now, SIGHUP) &&
                                                     !sigismember(&now, SIGUSR2) && !sigismember(&now, SIGRTMIN + 1));

    set(SIGUSR1, nesting, 0, SIGUSR2, 0, 0);
    set(SIGUSR2, nesting, 0, 0, 0, 0);
    g_len = 0;
    g_depth = 0;
    memset(g_trace, 0, sizeof g_trace);
    raise(SIGUSR1);
    check_str("own signal and sa_mask deferred", g_trace, "<><>()");
    set(SIGUSR1, nesting, SA_NODEFER, SIGUSR2, 0, 0);
    g_len = 0;
    g_depth = 0;
    memset(g_trace, 0, sizeof g_trace);
    raise(SIGUSR1);
    check_str("SA_NODEFER: own signal nests, sa_mask still deferred", g_trace, "<<>>()");
    return finish("sig_sa_mask");
}
