/* proc_sched: scheduler-facing calls and accounting, printing only relations.
 * sched_yield; sched_getaffinity (at least one CPU, agrees with sysconf), sched_setaffinity to
 * one allowed CPU reads back and is inherited by a thread and a fork child, an empty mask is
 * EINVAL; sched_getscheduler = SCHED_OTHER, priority ranges (OTHER 0..0, FIFO/RR 1..99),
 * sched_getparam = 0, sched_rr_get_interval; prctl PR_SET_NAME / PR_GET_NAME (16-byte buffer,
 * longer names truncated to 15 characters), per thread, inherited by fork; nice() and
 * get/setpriority in a child (raising the nice value, clamped at 19; PRIO_PROCESS of another
 * process; bad `which` EINVAL; no such process ESRCH); getrusage SELF/THREAD/CHILDREN and
 * times() after CPU-bound work in the process and in a reaped child (>= 20 ms, before <= after),
 * clock() agrees with the process CPU clock. */
#include "procs.h"
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>

static int64_t tv_us(struct timeval t) { return (int64_t)t.tv_sec * 1000000 + t.tv_usec; }
static int64_t ru_cpu_us(struct rusage *r) { return tv_us(r->ru_utime) + tv_us(r->ru_stime); }

/* spends ms of this thread's CPU time */
static void burn_ms(int ms) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    int64_t end = t.tv_sec * 1000000000LL + t.tv_nsec + ms * 1000000LL;
    volatile unsigned long x = 1;
    do {
        for (int i = 0; i < 10000; i++) x = x * 6364136223846793005UL + 1;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    } while (t.tv_sec * 1000000000LL + t.tv_nsec < end);
}

static int g_only_cpu;
static void *affinity_thread(void *arg) {
    cpu_set_t s;
    CPU_ZERO(&s);
    sched_getaffinity(0, sizeof s, &s);
    return (void *)(intptr_t)(CPU_COUNT(&s) == 1 && CPU_ISSET(g_only_cpu, &s));
}

static void *name_thread(void *arg) {
    char buf[16] = "";
    prctl(PR_GET_NAME, buf);
    int inherited = strcmp(buf, "proc-sched") == 0;
    prctl(PR_SET_NAME, "other-thread");
    prctl(PR_GET_NAME, buf);
    return (void *)(intptr_t)(inherited && strcmp(buf, "other-thread") == 0);
}

static void *burn_thread(void *arg) {
    burn_ms(30);
    struct rusage r;
    getrusage(RUSAGE_THREAD, &r);
    return (void *)(intptr_t)(ru_cpu_us(&r) >= 20000);
}

int main(void) {
    check_i64("sched_yield", sched_yield(), 0);

    cpu_set_t set, orig;
    CPU_ZERO(&orig);
    check_i64("sched_getaffinity", sched_getaffinity(0, sizeof orig, &orig), 0);
    int n = CPU_COUNT(&orig);
    check_true("at least one CPU allowed", n >= 1);
    check_true("sysconf(_SC_NPROCESSORS_ONLN) >= allowed CPUs", sysconf(_SC_NPROCESSORS_ONLN) >= n);
    int raw = (int)syscall(SYS_sched_getaffinity, 0, sizeof orig, &set);
    check_true("raw sched_getaffinity returns a size in bytes (multiple of 8)", raw > 0 && raw % 8 == 0);
    for (g_only_cpu = 0; !CPU_ISSET(g_only_cpu, &orig); g_only_cpu++) {
    }
    CPU_ZERO(&set);
    CPU_SET(g_only_cpu, &set);
    check_i64("sched_setaffinity to one allowed CPU", sched_setaffinity(0, sizeof set, &set), 0);
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    check_true("reads back as that one CPU", CPU_COUNT(&set) == 1 && CPU_ISSET(g_only_cpu, &set));
    pthread_t t;
    void *ret;
    pthread_create(&t, NULL, affinity_thread, NULL);
    pthread_join(t, &ret);
    check_true("a new thread inherits the affinity", (intptr_t)ret == 1);
    int rep[2];
    pipe(rep);
    pid_t p = xfork();
    if (p == 0) {
        report_int(rep[1], (int)(intptr_t)affinity_thread(NULL));
        _exit(0);
    }
    check_i64("a fork child inherits the affinity", read_int(rep[0]), 1);
    wait_for(p, 0);
    CPU_ZERO(&set);
    errno = 0;
    check_errno("sched_setaffinity with an empty mask", sched_setaffinity(0, sizeof set, &set), EINVAL);
    sched_setaffinity(0, sizeof orig, &orig);
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    check_true("restored", CPU_EQUAL(&set, &orig));

    check_str("sched_getscheduler", sched_getscheduler(0) == SCHED_OTHER ? "SCHED_OTHER" : "other", "SCHED_OTHER");
    check_i64("SCHED_OTHER min priority", sched_get_priority_min(SCHED_OTHER), 0);
    check_i64("SCHED_OTHER max priority", sched_get_priority_max(SCHED_OTHER), 0);
    check_i64("SCHED_FIFO min priority", sched_get_priority_min(SCHED_FIFO), 1);
    check_i64("SCHED_FIFO max priority", sched_get_priority_max(SCHED_FIFO), 99);
    check_i64("SCHED_RR max priority", sched_get_priority_max(SCHED_RR), 99);
    errno = 0;
    check_errno("sched_get_priority_max(42)", sched_get_priority_max(42), EINVAL);
    struct sched_param sp = {.sched_priority = -1};
    check_i64("sched_getparam", sched_getparam(0, &sp), 0);
    check_i64("sched_priority", sp.sched_priority, 0);
    struct timespec rr;
    check_i64("sched_rr_get_interval", sched_rr_get_interval(0, &rr), 0);

    /* names */
    check_i64("prctl(PR_SET_NAME)", prctl(PR_SET_NAME, "proc-sched"), 0);
    char name[16] = "";
    prctl(PR_GET_NAME, name);
    check_str("prctl(PR_GET_NAME)", name, "proc-sched");
    prctl(PR_SET_NAME, "a-much-longer-name-than-fifteen");
    memset(name, 'x', sizeof name);
    prctl(PR_GET_NAME, name);
    check_str("long name truncated to 15 characters", name, "a-much-longer-n");
    prctl(PR_SET_NAME, "proc-sched");
    pthread_create(&t, NULL, name_thread, NULL);
    pthread_join(t, &ret);
    check_true("a thread inherits the name and renames only itself", (intptr_t)ret == 1);
    prctl(PR_GET_NAME, name);
    check_str("main thread's name unchanged", name, "proc-sched");
    p = xfork();
    if (p == 0) {
        char b[16] = "";
        prctl(PR_GET_NAME, b);
        report_int(rep[1], strcmp(b, "proc-sched") == 0);
        _exit(0);
    }
    check_i64("a fork child inherits the name", read_int(rep[0]), 1);
    wait_for(p, 0);

    /* nice and priorities, in a child (raising a nice value cannot be undone unprivileged) */
    p = xfork();
    if (p == 0) {
        errno = 0;
        int base = getpriority(PRIO_PROCESS, 0);
        report_int(rep[1], errno == 0 && base >= -20 && base <= 19);
        errno = 0;
        int r = nice(2);
        report_int(rep[1], errno == 0 && r == base + 2 && getpriority(PRIO_PROCESS, 0) == base + 2);
        report_int(rep[1], setpriority(PRIO_PROCESS, 0, base + 5) == 0 && getpriority(PRIO_PROCESS, getpid()) == base + 5);
        setpriority(PRIO_PROCESS, 0, 40);
        report_int(rep[1], getpriority(PRIO_PROCESS, 0));
        errno = 0;
        report_int(rep[1], nice(5) == 19 && errno == 0);
        _exit(0);
    }
    check_i64("getpriority(PRIO_PROCESS, 0) in -20..19", read_int(rep[0]), 1);
    check_i64("nice(2) returns and sets base + 2", read_int(rep[0]), 1);
    check_i64("setpriority(base + 5)", read_int(rep[0]), 1);
    check_i64("setpriority(40) clamps to 19", read_int(rep[0]), 19);
    check_i64("nice(5) at 19 stays 19", read_int(rep[0]), 1);
    wait_for(p, 0);
    struct gate g;
    gate_open(&g);
    p = xfork();
    if (p == 0) {
        gate_wait(&g);
        _exit(0);
    }
    errno = 0;
    int mine = getpriority(PRIO_PROCESS, 0);
    check_i64("setpriority of a child", setpriority(PRIO_PROCESS, p, mine < 19 ? mine + 1 : 19), 0);
    check_i64("getpriority of that child", getpriority(PRIO_PROCESS, p), mine < 19 ? mine + 1 : 19);
    check_i64("...mine unchanged", getpriority(PRIO_PROCESS, 0), mine);
    gate_pass(&g);
    wait_for(p, 0);
    gate_close(&g);
    errno = 0;
    check_errno("getpriority(42, 0)", getpriority(42, 0), EINVAL);
    errno = 0;
    check_errno("getpriority of a reaped child", getpriority(PRIO_PROCESS, p), ESRCH);

    /* accounting */
    struct rusage before, after, kids0, kids1;
    struct tms tm0, tm1;
    getrusage(RUSAGE_SELF, &before);
    getrusage(RUSAGE_CHILDREN, &kids0);
    clock_t c0 = clock();
    clock_t wall0 = times(&tm0);
    burn_ms(30);
    getrusage(RUSAGE_SELF, &after);
    clock_t c1 = clock();
    check_true("getrusage(SELF) grew by >= 20 ms after 30 ms of CPU", ru_cpu_us(&after) - ru_cpu_us(&before) >= 20000);
    check_true("getrusage(SELF) ru_utime never decreases", tv_us(after.ru_utime) >= tv_us(before.ru_utime));
    check_true("clock() grew by >= 20 ms", (c1 - c0) >= 20 * (CLOCKS_PER_SEC / 1000));
    pthread_create(&t, NULL, burn_thread, NULL);
    pthread_join(t, &ret);
    check_true("getrusage(THREAD) in a thread counts its own 30 ms", (intptr_t)ret == 1);
    p = xfork();
    if (p == 0) {
        burn_ms(40);
        _exit(0);
    }
    wait_for(p, 0);
    getrusage(RUSAGE_CHILDREN, &kids1);
    check_true("getrusage(CHILDREN) grew by >= 30 ms after a reaped child's 40 ms",
               ru_cpu_us(&kids1) - ru_cpu_us(&kids0) >= 30000);
    clock_t wall1 = times(&tm1);
    long tck = sysconf(_SC_CLK_TCK);
    check_true("_SC_CLK_TCK is 100", tck == 100);
    check_true("times(): user + system grew by >= 2 ticks", (tm1.tms_utime + tm1.tms_stime) - (tm0.tms_utime + tm0.tms_stime) >= 2);
    check_true("times(): children user + system >= 3 ticks", (tm1.tms_cutime + tm1.tms_cstime) - (tm0.tms_cutime + tm0.tms_cstime) >= 3);
    check_true("times(): elapsed ticks never go backwards", wall1 >= wall0);
    check_true("ru_maxrss > 0", after.ru_maxrss > 0);
    errno = 0;
    check_errno("getrusage(42)", getrusage(42, &after), EINVAL);
    return finish("proc_sched");
}
