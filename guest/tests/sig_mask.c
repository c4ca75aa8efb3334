/* sig_mask: blocking, pending, waiting for and queueing signals.
 * sigprocmask SIG_BLOCK/SIG_UNBLOCK/SIG_SETMASK return the old mask, SIGKILL and SIGSTOP are
 * silently left out, bad `how` is EINVAL; a blocked signal is pending (sigpending) and is
 * delivered before sigprocmask returns on unblock; standard signals coalesce within the thread's
 * and within the process's pending set, real-time signals queue with their values in order;
 * pending signals get handler frames lowest number first, so the highest runs first (SIGRTMAX
 * and SIGRTMAX-1, which qemu cannot block, are in guest/linux/sig_rt_all.c); sigsuspend runs a handler, returns EINTR and restores the mask;
 * sigtimedwait/sigwaitinfo/sigwait take a pending signal with its siginfo without running the
 * handler, time out with EAGAIN, and a zero timeout polls (glibc reports a raise() as SI_USER,
 * the raw rt_sigtimedwait as SI_TKILL); a signal sent
 * with pthread_kill to a thread that blocks it stays pending for that thread only and runs the
 * handler in that thread once it unblocks; each thread has its own mask; a process-directed
 * signal goes to the one thread that does not block it. */
#include "procs.h"
#include <pthread.h>
#include <sys/syscall.h>

static volatile sig_atomic_t g_count;
static char g_order[64];
static volatile int g_olen;
static int g_values[16];
static volatile int g_nvalues;
static volatile pid_t g_handler_tid;

static void count_handler(int sig) {
    g_count++;
    g_handler_tid = (pid_t)syscall(SYS_gettid);
}

static void order_handler(int sig, siginfo_t *si, void *uc) {
    if (g_olen < 60) {
        if (sig >= SIGRTMIN)
            g_order[g_olen++] = 'a' + (sig - SIGRTMIN);
        else
            g_order[g_olen++] = sig == SIGUSR1 ? 'U' : sig == SIGUSR2 ? 'V' : sig == SIGHUP ? 'H' : '?';
    }
    if (si->si_code == SI_QUEUE && g_nvalues < 16) g_values[g_nvalues++] = si->si_value.sival_int;
}

static void install(int sig, int info) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    if (info) {
        sa.sa_sigaction = order_handler;
        sa.sa_flags = SA_SIGINFO;
    } else {
        sa.sa_handler = count_handler;
    }
    sigaction(sig, &sa, NULL);
}

static sigset_t one(int sig) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    return s;
}

static int is_blocked(int sig) {
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    return sigismember(&m, sig);
}

static int is_pending(int sig) {
    sigset_t m;
    sigpending(&m);
    return sigismember(&m, sig);
}

/* thread part */
static struct gate g_ready, g_go, g_done;
static volatile int g_thread_saw_pending, g_main_saw_pending;

static void *blocker(void *arg) {
    sigset_t s = one(SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    gate_pass(&g_ready);
    gate_wait(&g_go); /* main has sent SIGUSR1 to this thread */
    g_thread_saw_pending = is_pending(SIGUSR1);
    gate_pass(&g_done);
    gate_wait(&g_go); /* main has checked its own pending set */
    pthread_sigmask(SIG_UNBLOCK, &s, NULL); /* the handler runs here, in this thread */
    return (void *)(long)syscall(SYS_gettid);
}

static void *receiver(void *arg) {
    gate_pass(&g_ready);
    gate_wait(&g_go); /* the handler ran here: this is the only thread not blocking it */
    return (void *)(long)syscall(SYS_gettid);
}

int main(void) {
    sigset_t old, s = one(SIGUSR1), all;
    sigemptyset(&old);
    check_i64("sigprocmask(SIG_BLOCK, {USR1})", sigprocmask(SIG_BLOCK, &s, &old), 0);
    check_true("old mask was empty of USR1", !sigismember(&old, SIGUSR1));
    check_true("USR1 now blocked", is_blocked(SIGUSR1));
    s = one(SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, &old);
    check_true("SIG_BLOCK returns the old mask (USR1 in it)", sigismember(&old, SIGUSR1) && !sigismember(&old, SIGUSR2));
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    check_true("SIG_UNBLOCK USR2: USR1 still blocked, USR2 not", is_blocked(SIGUSR1) && !is_blocked(SIGUSR2));
    sigemptyset(&s);
    sigprocmask(SIG_SETMASK, &s, &old);
    check_true("SIG_SETMASK empty", !is_blocked(SIGUSR1));
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    check_true("a full mask leaves out SIGKILL", !is_blocked(SIGKILL));
    check_true("a full mask leaves out SIGSTOP", !is_blocked(SIGSTOP));
    check_true("a full mask has SIGTERM and SIGRTMIN+20", is_blocked(SIGTERM) && is_blocked(SIGRTMIN + 20));
    sigprocmask(SIG_SETMASK, &s, NULL);
    errno = 0;
    check_errno("sigprocmask with a bad how", syscall(SYS_rt_sigprocmask, 7, &s, NULL, 8), EINVAL);

    /* pending and delivery on unblock */
    install(SIGUSR1, 0);
    s = one(SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    g_count = 0;
    raise(SIGUSR1);
    raise(SIGUSR1);
    check_i64("blocked: handler not run", g_count, 0);
    check_true("blocked: pending", is_pending(SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    check_i64("unblock delivers before sigprocmask returns; 2 raises coalesced to 1", g_count, 1);
    check_true("no longer pending", !is_pending(SIGUSR1));
    /* raise() is tgkill: pending for the thread; kill() is pending for the process. A standard
     * signal coalesces within each of the two sets, not across them. */
    sigprocmask(SIG_BLOCK, &s, NULL);
    g_count = 0;
    raise(SIGUSR1);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    check_i64("2 raises + 2 kills: once per pending set = 2", g_count, 2);

    /* real-time signals queue; order of delivery */
    install(SIGRTMIN, 1);
    install(SIGRTMIN + 1, 1);
    install(SIGRTMIN + 2, 1);
    install(SIGUSR1, 1);
    install(SIGUSR2, 1);
    install(SIGHUP, 1);
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    for (int i = 0; i < 3; i++) {
        union sigval v = {.sival_int = 100 + i};
        sigqueue(getpid(), SIGRTMIN, v);
    }
    union sigval v = {.sival_int = 200};
    sigqueue(getpid(), SIGRTMIN + 2, v);
    v.sival_int = 201;
    sigqueue(getpid(), SIGRTMIN + 1, v);
    raise(SIGUSR2);
    raise(SIGHUP);
    raise(SIGUSR1);
    g_olen = 0;
    g_nvalues = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    g_order[g_olen] = 0;
    /* On the way back to user mode the kernel takes the pending signals lowest number first and
     * pushes one handler frame for each that the handlers' masks leave unblocked, before any
     * handler runs; so the last frame pushed (the highest signal) runs first. The three queued
     * SIGRTMIN are taken one at a time: a handler blocks its own signal, so the 2nd and 3rd are
     * delivered after the 1st handler returns and restores the mask. */
    check_str("handlers ran: highest first (frames stacked lowest first), RT queued", g_order, "cbaaaVUH");
    char vals[64] = {0};
    for (int i = 0; i < g_nvalues; i++) snprintf(vals + strlen(vals), sizeof vals - strlen(vals), "%d ", g_values[i]);
    check_str("queued values, each signal's in order", vals, "200 201 100 101 102 ");

    /* sigsuspend */
    install(SIGUSR1, 0);
    s = one(SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    pid_t p = xfork();
    if (p == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    wait_for(p, 0); /* the signal is now pending */
    g_count = 0;
    sigset_t wait_mask;
    sigemptyset(&wait_mask);
    sigaddset(&wait_mask, SIGUSR2);
    errno = 0;
    check_errno("sigsuspend returns after the handler", sigsuspend(&wait_mask), EINTR);
    check_i64("sigsuspend: handler ran once", g_count, 1);
    check_true("sigsuspend restores the mask", is_blocked(SIGUSR1) && !is_blocked(SIGUSR2));

    /* sigtimedwait and friends (USR1 still blocked) */
    struct timespec zero = {0, 0}, shortt = {0, 20 * 1000 * 1000};
    siginfo_t si;
    errno = 0;
    check_errno("sigtimedwait with nothing pending, zero timeout", sigtimedwait(&s, &si, &zero), EAGAIN);
    int64_t t0 = mono_ns();
    errno = 0;
    check_errno("sigtimedwait 20 ms times out", sigtimedwait(&s, &si, &shortt), EAGAIN);
    check_true("sigtimedwait waited >= 20 ms", mono_ns() - t0 >= 20000000);
    g_count = 0;
    v.sival_int = 77;
    sigqueue(getpid(), SIGUSR1, v);
    memset(&si, 0, sizeof si);
    check_i64("sigtimedwait takes the pending USR1", sigtimedwait(&s, &si, &zero), SIGUSR1);
    check_true("sigtimedwait siginfo: SI_QUEUE, value, pid",
               si.si_signo == SIGUSR1 && si.si_code == SI_QUEUE && si.si_value.sival_int == 77 && si.si_pid == getpid());
    check_i64("the handler did not run", g_count, 0);
    check_true("no longer pending", !is_pending(SIGUSR1));
    raise(SIGUSR1);
    memset(&si, 0, sizeof si);
    check_i64("sigwaitinfo", sigwaitinfo(&s, &si), SIGUSR1);
    check_true("sigwaitinfo si_code SI_USER (glibc folds SI_TKILL into SI_USER)", si.si_code == SI_USER);
    raise(SIGUSR1);
    memset(&si, 0, sizeof si);
    check_i64("raw rt_sigtimedwait", syscall(SYS_rt_sigtimedwait, &s, &si, &zero, 8), SIGUSR1);
    check_true("raw rt_sigtimedwait after raise: si_code SI_TKILL", si.si_code == SI_TKILL);
    sigset_t two = one(SIGUSR1);
    sigaddset(&two, SIGUSR2);
    sigprocmask(SIG_BLOCK, &two, NULL);
    raise(SIGUSR2);
    int got = 0;
    check_i64("sigwait returns 0", sigwait(&two, &got), 0);
    check_str("sigwait got", sig_name(got), "SIGUSR2");
    kill(getpid(), SIGUSR1);
    memset(&si, 0, sizeof si);
    check_i64("raw rt_sigtimedwait", syscall(SYS_rt_sigtimedwait, &two, &si, &zero, 8), SIGUSR1);
    check_true("rt_sigtimedwait si_code SI_USER", si.si_code == SI_USER);
    errno = 0;
    check_errno("rt_sigtimedwait with sigsetsize 4", syscall(SYS_rt_sigtimedwait, &two, &si, &zero, 4), EINVAL);
    sigprocmask(SIG_UNBLOCK, &two, NULL);

    /* threads: directed signals and per-thread masks */
    install(SIGUSR1, 0);
    gate_open(&g_ready);
    gate_open(&g_go);
    gate_open(&g_done);
    pthread_t t;
    pthread_create(&t, NULL, blocker, NULL);
    gate_wait(&g_ready);
    g_count = 0;
    check_i64("pthread_kill(thread, USR1)", pthread_kill(t, SIGUSR1), 0);
    gate_pass(&g_go);
    gate_wait(&g_done);
    check_true("the thread sees USR1 pending", g_thread_saw_pending);
    check_true("main does not see the thread's pending USR1", !is_pending(SIGUSR1));
    check_i64("not delivered while the thread blocks it", g_count, 0);
    gate_pass(&g_go);
    void *tid;
    pthread_join(t, &tid);
    check_i64("delivered once the thread unblocked", g_count, 1);
    check_true("the handler ran in that thread", g_handler_tid == (pid_t)(long)tid);
    check_true("the thread's mask did not change main's", !is_blocked(SIGUSR1));

    /* a process-directed signal goes to a thread that does not block it */
    pthread_create(&t, NULL, receiver, NULL);
    gate_wait(&g_ready);
    s = one(SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    g_count = 0;
    kill(getpid(), SIGUSR1);
    while (g_count == 0) sleep_ms(1);
    gate_pass(&g_go);
    pthread_join(t, &tid);
    check_i64("process-directed USR1 delivered once", g_count, 1);
    check_true("...in the thread that does not block it", g_handler_tid == (pid_t)(long)tid);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    return finish("sig_mask");
}
