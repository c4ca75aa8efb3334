/* sig_timers: alarm, interval timers and POSIX timers.
 * alarm(5) returns 0, a second alarm returns the old one's remaining seconds (5, rounded),
 * alarm(0) cancels and returns the remainder; getitimer(ITIMER_REAL) shows an alarm's time
 * counting down; setitimer returns the old value; a 10 ms periodic ITIMER_REAL delivers
 * SIGALRM (si_code SI_KERNEL) repeatedly until cancelled, after which getitimer reads zero;
 * ITIMER_VIRTUAL and ITIMER_PROF fire SIGVTALRM / SIGPROF after CPU time is spent; tv_usec
 * >= 1000000 and a bad `which` are EINVAL; an unhandled SIGALRM kills a child; timer_create
 * (CLOCK_MONOTONIC, SIGEV_SIGNAL with a value) delivers SI_TIMER with si_value,
 * timer_gettime/settime/delete, a periodic POSIX timer fires repeatedly, and a deleted timer id
 * is EINVAL. */
#include "procs.h"
#include <sys/syscall.h>
#include <sys/time.h>

static volatile sig_atomic_t g_alrm, g_vt, g_prof, g_rt;
static volatile int g_code, g_value, g_overrun;

static void on_sig(int sig, siginfo_t *si, void *uc) {
    if (sig == SIGALRM) {
        g_alrm++;
        g_code = si->si_code;
    } else if (sig == SIGVTALRM) {
        g_vt++;
    } else if (sig == SIGPROF) {
        g_prof++;
    } else {
        g_rt++;
        g_code = si->si_code;
        g_value = si->si_value.sival_int;
    }
}

static void install(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sig;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(sig, &sa, NULL);
}

static int64_t tv_us(struct timeval t) { return (int64_t)t.tv_sec * 1000000 + t.tv_usec; }

/* burns CPU until `flag` is set (at most 3 s of wall time) */
static int spin_until(volatile sig_atomic_t *flag) {
    int64_t end = mono_ns() + 3000000000LL;
    volatile unsigned long x = 1;
    while (!*flag && mono_ns() < end)
        for (int i = 0; i < 10000; i++) x = x * 6364136223846793005UL + 1;
    return *flag != 0;
}

int main(void) {
    install(SIGALRM);
    install(SIGVTALRM);
    install(SIGPROF);
    install(SIGRTMIN + 1);

    check_i64("alarm(5) with none pending", alarm(5), 0);
    struct itimerval it;
    getitimer(ITIMER_REAL, &it);
    check_true("getitimer: an alarm's value is in (4 s, 5 s]", tv_us(it.it_value) > 4000000 && tv_us(it.it_value) <= 5000000);
    check_true("getitimer: an alarm has no interval", tv_us(it.it_interval) == 0);
    check_i64("alarm(3) returns the remaining 5", alarm(3), 5);
    check_i64("alarm(0) returns the remaining 3", alarm(0), 3);
    getitimer(ITIMER_REAL, &it);
    check_true("cancelled: getitimer reads zero", tv_us(it.it_value) == 0);

    struct itimerval set = {{0, 10000}, {0, 10000}}, old;
    check_i64("setitimer(ITIMER_REAL, 10 ms periodic)", setitimer(ITIMER_REAL, &set, &old), 0);
    check_true("old value was zero", tv_us(old.it_value) == 0 && tv_us(old.it_interval) == 0);
    sigset_t none;
    sigemptyset(&none);
    while (g_alrm < 5) sigsuspend(&none);
    check_true("the periodic timer fired 5 times", g_alrm >= 5);
    check_str("SIGALRM si_code", g_code == SI_KERNEL ? "SI_KERNEL" : "other", "SI_KERNEL");
    struct itimerval zero = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &zero, &old);
    check_true("setitimer returns the old interval (10 ms)", tv_us(old.it_interval) == 10000);
    check_true("...and a value in (0, 10 ms]", tv_us(old.it_value) > 0 && tv_us(old.it_value) <= 10000);
    getitimer(ITIMER_REAL, &it);
    check_true("after cancelling, getitimer reads zero", tv_us(it.it_value) == 0 && tv_us(it.it_interval) == 0);
    int before = g_alrm;
    sleep_ms(30);
    check_true("no SIGALRM after cancelling", g_alrm == before);

    struct itimerval vt = {{0, 0}, {0, 20000}};
    check_i64("setitimer(ITIMER_VIRTUAL, 20 ms)", setitimer(ITIMER_VIRTUAL, &vt, NULL), 0);
    getitimer(ITIMER_VIRTUAL, &it);
    /* Linux may round a CPU-time timer up to its tick (24 ms with HZ=250) */
    check_true("getitimer(ITIMER_VIRTUAL) in (0, 50 ms]", tv_us(it.it_value) > 0 && tv_us(it.it_value) <= 50000);
    check_true("SIGVTALRM after 20 ms of user CPU", spin_until(&g_vt));
    check_i64("setitimer(ITIMER_PROF, 20 ms)", setitimer(ITIMER_PROF, &vt, NULL), 0);
    check_true("SIGPROF after 20 ms of CPU", spin_until(&g_prof));

    struct itimerval badv = {{0, 0}, {0, 1000000}};
    errno = 0;
    check_errno("setitimer with tv_usec = 1000000", setitimer(ITIMER_REAL, &badv, NULL), EINVAL);
    errno = 0;
    check_errno("getitimer(7)", syscall(SYS_getitimer, 7, &it), EINVAL);

    pid_t p = xfork();
    if (p == 0) {
        signal(SIGALRM, SIG_DFL);
        struct itimerval one = {{0, 0}, {0, 10000}};
        setitimer(ITIMER_REAL, &one, NULL);
        for (;;) pause();
    }
    check_str("an unhandled SIGALRM kills", status_str(wait_for(p, 0)), "killed by SIGALRM");

    /* POSIX timers */
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN + 1;
    sev.sigev_value.sival_int = 31337;
    timer_t tid;
    check_i64("timer_create(CLOCK_MONOTONIC)", timer_create(CLOCK_MONOTONIC, &sev, &tid), 0);
    struct itimerspec ts = {{0, 0}, {0, 20000000}}, cur;
    check_i64("timer_settime(20 ms)", timer_settime(tid, 0, &ts, NULL), 0);
    timer_gettime(tid, &cur);
    check_true("timer_gettime in (0, 20 ms]", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 20000000);
    while (g_rt < 1) sigsuspend(&none);
    check_str("POSIX timer si_code", g_code == SI_TIMER ? "SI_TIMER" : "other", "SI_TIMER");
    check_i64("POSIX timer si_value", g_value, 31337);
    timer_gettime(tid, &cur);
    check_true("one-shot timer disarmed after firing", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    struct itimerspec per = {{0, 5000000}, {0, 5000000}};
    timer_settime(tid, 0, &per, NULL);
    while (g_rt < 4) sigsuspend(&none);
    check_true("periodic POSIX timer fired 3 more times", g_rt >= 4);
    check_true("timer_getoverrun >= 0", timer_getoverrun(tid) >= 0);
    check_i64("timer_delete", timer_delete(tid), 0);
    errno = 0;
    check_errno("timer_gettime of a deleted timer", timer_gettime(tid, &cur), EINVAL);
    return finish("sig_timers");
}
