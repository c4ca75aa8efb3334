/* proc_wait_options: waitpid/wait4/waitid with every selector and option.
 * waitpid: pid > 0 picks that child although another has already ended, -1 any child, 0 only
 * the caller's process group (ECHILD when the only child is in another group), < -1 a given
 * group; WNOHANG returns 0 while the child runs and a retry loop reaps it later; WUNTRACED
 * reports SIGSTOP and SIGTSTP stops once (raw 0x137f), WCONTINUED a SIGCONT (raw 0xffff), a
 * stopped child is not reported without WUNTRACED and SIGKILL ends it. waitid: P_PID / P_PGID
 * / P_ALL with WEXITED, WSTOPPED, WCONTINUED, WNOWAIT (the state stays waitable), WNOHANG
 * (returns 0 with si_pid and si_signo zeroed), siginfo si_signo/si_code/si_pid/si_uid/
 * si_status, EINVAL without a state option or with a bad idtype, ECHILD. wait4: rusage of the
 * reaped child, EINVAL for WNOWAIT. SIGCHLD: CLD_STOPPED / CLD_CONTINUED (SA_NOCLDSTOP,
 * which qemu ignores, is in guest/linux/nocldstop.c). Runs in its own process group. */
#include "procs.h"
#include <sys/resource.h>

static pid_t parked(void) {
    pid_t p = xfork();
    if (p == 0)
        for (;;) pause();
    return p;
}

static const char *code_name(int code) {
    switch (code) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    case CLD_TRAPPED: return "CLD_TRAPPED";
    default: return "?";
    }
}

static void check_info(const char *what, siginfo_t *si, pid_t pid, int code, int status) {
    char n[96], got[64], want[64];
    snprintf(n, sizeof n, "%s: siginfo", what);
    snprintf(got, sizeof got, "%s %s status %d%s", sig_name(si->si_signo), code_name(si->si_code),
             si->si_status, si->si_pid == pid ? "" : " (other pid)");
    snprintf(want, sizeof want, "SIGCHLD %s status %d", code_name(code), status);
    check_str(n, got, want);
    snprintf(n, sizeof n, "%s: si_uid is ours", what);
    check_true(n, si->si_uid == getuid());
}

static void drain_sigchld(void) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGCHLD);
    struct timespec zero = {0, 0};
    while (sigtimedwait(&s, NULL, &zero) == SIGCHLD) {
    }
}

static int body(void) {
    int st;
    /* pid > 0 and -1 */
    struct gate g;
    gate_open(&g);
    pid_t a = xfork();
    if (a == 0) _exit(1);
    pid_t b = xfork();
    if (b == 0) {
        gate_wait(&g);
        _exit(2);
    }
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, a, &si, WEXITED | WNOWAIT); /* a has ended (and is still waitable) */
    gate_pass(&g);
    check_str("waitpid(b) picks b although a ended first", status_str(wait_for(b, 0)), "exited 2");
    pid_t w = waitpid(-1, &st, 0);
    check_true("waitpid(-1) returns the remaining child", w == a);
    check_str("waitpid(-1) status", status_str(st), "exited 1");
    gate_close(&g);

    /* 0 = my process group, < -1 = the given group */
    gate_open(&g);
    pid_t c = xfork();
    if (c == 0) _exit(3);
    pid_t d = xfork();
    if (d == 0) {
        setpgid(0, 0);
        gate_wait(&g);
        _exit(4);
    }
    setpgid(d, d);
    check_true("getpgid(child in my group) is my group", getpgid(c) == getpgid(0));
    check_true("getpgid(child that made its own group) is its pid", getpgid(d) == d);
    w = waitpid(0, &st, 0);
    check_true("waitpid(0) returns the child in my group", w == c);
    check_str("waitpid(0) status", status_str(st), "exited 3");
    errno = 0;
    check_errno("waitpid(0, WNOHANG) with the only child in another group", waitpid(0, &st, WNOHANG), ECHILD);
    check_i64("waitpid(-pgid, WNOHANG) while it runs", waitpid(-d, &st, WNOHANG), 0);
    gate_pass(&g);
    w = waitpid(-d, &st, 0);
    check_true("waitpid(-pgid) returns the child in that group", w == d);
    check_str("waitpid(-pgid) status", status_str(st), "exited 4");
    gate_close(&g);

    /* WNOHANG polling */
    gate_open(&g);
    c = xfork();
    if (c == 0) {
        gate_wait(&g);
        _exit(6);
    }
    check_i64("WNOHANG while the child runs", waitpid(c, &st, WNOHANG), 0);
    gate_pass(&g);
    int polls = 0;
    while ((w = waitpid(c, &st, WNOHANG)) == 0 && polls < 5000) {
        polls++;
        sleep_ms(1);
    }
    check_true("WNOHANG polling eventually returns the child", w == c);
    check_str("polled status", status_str(st), "exited 6");
    gate_close(&g);

    /* stop / continue with waitpid */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    drain_sigchld();
    struct timespec five = {5, 0};
    c = parked();
    kill(c, SIGSTOP);
    st = wait_for(c, WUNTRACED);
    check_str("WUNTRACED after SIGSTOP", status_str(st), "stopped by SIGSTOP");
    check_i64("stopped raw status", st, 0x137f);
    memset(&si, 0, sizeof si);
    check_i64("stop sends SIGCHLD", sigtimedwait(&chld, &si, &five), SIGCHLD);
    check_info("SIGCHLD for the stop", &si, c, CLD_STOPPED, SIGSTOP);
    check_i64("a stop is reported once", waitpid(c, &st, WUNTRACED | WNOHANG), 0);
    kill(c, SIGCONT);
    st = wait_for(c, WCONTINUED);
    check_str("WCONTINUED after SIGCONT", status_str(st), "continued");
    check_i64("continued raw status", st, 0xffff);
    memset(&si, 0, sizeof si);
    check_i64("continue sends SIGCHLD", sigtimedwait(&chld, &si, &five), SIGCHLD);
    check_info("SIGCHLD for the continue", &si, c, CLD_CONTINUED, SIGCONT);
    check_i64("a continue is reported once", waitpid(c, &st, WCONTINUED | WNOHANG), 0);
    kill(c, SIGTSTP);
    st = wait_for(c, WUNTRACED);
    check_str("WUNTRACED after SIGTSTP", status_str(st), "stopped by SIGTSTP");
    check_i64("SIGTSTP raw status", st, 0x147f);
    kill(c, SIGCONT);
    wait_for(c, WCONTINUED);
    kill(c, SIGSTOP);
    check_i64("without WUNTRACED a stop is not reported", waitpid(c, &st, WNOHANG), 0);
    check_str("...but with it", status_str(wait_for(c, WUNTRACED)), "stopped by SIGSTOP");
    kill(c, SIGKILL);
    check_str("SIGKILL ends a stopped child", status_str(wait_for(c, 0)), "killed by SIGKILL");
    drain_sigchld();

    sigprocmask(SIG_UNBLOCK, &chld, NULL);

    /* waitid */
    c = xfork();
    if (c == 0) _exit(7);
    memset(&si, 0, sizeof si);
    check_i64("waitid(P_PID, WEXITED|WNOWAIT)", waitid(P_PID, c, &si, WEXITED | WNOWAIT), 0);
    check_info("waitid WNOWAIT", &si, c, CLD_EXITED, 7);
    memset(&si, 0, sizeof si);
    check_i64("waitid(P_ALL, WEXITED|WNOWAIT) again", waitid(P_ALL, 0, &si, WEXITED | WNOWAIT), 0);
    check_info("waitid WNOWAIT again", &si, c, CLD_EXITED, 7);
    memset(&si, 0, sizeof si);
    check_i64("waitid(P_PID, WEXITED) reaps", waitid(P_PID, c, &si, WEXITED), 0);
    check_info("waitid reaped", &si, c, CLD_EXITED, 7);
    errno = 0;
    check_errno("waitid after reaping", waitid(P_PID, c, &si, WEXITED), ECHILD);

    c = parked();
    memset(&si, 0xff, sizeof si);
    check_i64("waitid WNOHANG while running", waitid(P_PID, c, &si, WEXITED | WNOHANG), 0);
    check_true("waitid WNOHANG: si_pid zeroed", si.si_pid == 0);
    check_true("waitid WNOHANG: si_signo zeroed", si.si_signo == 0);
    kill(c, SIGSTOP);
    memset(&si, 0, sizeof si);
    check_i64("waitid(WSTOPPED|WNOWAIT)", waitid(P_PID, c, &si, WSTOPPED | WNOWAIT), 0);
    check_info("waitid stopped, not consumed", &si, c, CLD_STOPPED, SIGSTOP);
    memset(&si, 0, sizeof si);
    check_i64("waitid(WSTOPPED)", waitid(P_PID, c, &si, WSTOPPED), 0);
    check_info("waitid stopped", &si, c, CLD_STOPPED, SIGSTOP);
    memset(&si, 0xff, sizeof si);
    check_i64("waitid(WSTOPPED|WNOHANG): consumed", waitid(P_PID, c, &si, WSTOPPED | WNOHANG), 0);
    check_true("consumed stop: si_pid zeroed", si.si_pid == 0);
    kill(c, SIGCONT);
    memset(&si, 0, sizeof si);
    check_i64("waitid(WCONTINUED)", waitid(P_PID, c, &si, WCONTINUED), 0);
    check_info("waitid continued", &si, c, CLD_CONTINUED, SIGCONT);
    kill(c, SIGTERM);
    memset(&si, 0, sizeof si);
    check_i64("waitid(P_ALL, WEXITED) after SIGTERM", waitid(P_ALL, 0, &si, WEXITED), 0);
    check_info("waitid killed", &si, c, CLD_KILLED, SIGTERM);

    c = xfork();
    if (c == 0) {
        setpgid(0, 0);
        _exit(8);
    }
    setpgid(c, c);
    memset(&si, 0, sizeof si);
    check_i64("waitid(P_PGID)", waitid(P_PGID, c, &si, WEXITED), 0);
    check_info("waitid P_PGID", &si, c, CLD_EXITED, 8);

    c = parked();
    errno = 0;
    check_errno("waitid without WEXITED/WSTOPPED/WCONTINUED", waitid(P_PID, c, &si, WNOHANG), EINVAL);
    errno = 0;
    check_errno("waitid with a bad idtype", waitid((idtype_t)42, 0, &si, WEXITED), EINVAL);
    errno = 0;
    check_errno("waitid(P_PID) of a non-child", waitid(P_PID, getpid(), &si, WEXITED), ECHILD);
    errno = 0;
    check_errno("waitpid with WNOWAIT (not a waitpid option)", waitpid(c, &st, WNOWAIT), EINVAL);
    kill(c, SIGKILL);
    wait_for(c, 0);

    /* wait4 rusage */
    c = xfork();
    if (c == 0) {
        struct timespec t;
        do clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        while (t.tv_sec == 0 && t.tv_nsec < 30000000);
        _exit(0);
    }
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    w = wait4(c, &st, 0, &ru);
    check_true("wait4 returns the child", w == c);
    int64_t us = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
    printf("wait4 rusage covers the child's 30 ms of CPU (>= 20 ms): %s\n", us >= 20000 ? "yes" : "no");
    check_true("wait4 rusage >= 20 ms", us >= 20000);
    check_true("wait4 rusage < 10 s", us < 10000000);
    errno = 0;
    check_errno("wait4 with no children", wait4(-1, &st, 0, &ru), ECHILD);
    return finish("proc_wait_options");
}

int main(void) {
    return run_in_own_group(body);
}
