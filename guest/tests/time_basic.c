/* time_basic: clocks and process identity, printing only properties (never the values):
 * clock_gettime MONOTONIC / REALTIME / MONOTONIC_RAW / BOOTTIME / PROCESS_CPUTIME_ID never go
 * backwards over many reads, nanosleep(10 ms) advances the monotonic clock by >= 10 ms,
 * gettimeofday and time() agree with REALTIME and say the year is after 2020, clock_getres,
 * times()/clock() are sane, a busy loop consumes CPU time, uname (sysname and machine only),
 * getpid/getppid/gettid/getuid, and localtime/gmtime/strftime/mktime on a fixed timestamp. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static int64_t ns(struct timespec t) { return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec; }

static void monotonic(clockid_t id, const char *name) {
    struct timespec a, b;
    int ok = clock_gettime(id, &a) == 0, backwards = 0, nsec_ok = 1;
    for (int i = 0; i < 10000 && ok; i++) {
        ok = clock_gettime(id, &b) == 0;
        if (ns(b) < ns(a)) backwards = 1;
        if (b.tv_nsec < 0 || b.tv_nsec >= 1000000000L) nsec_ok = 0;
        a = b;
    }
    char n[80];
    snprintf(n, sizeof n, "%s: clock_gettime works", name);
    check_true(n, ok);
    snprintf(n, sizeof n, "%s: never goes backwards", name);
    check_true(n, !backwards);
    snprintf(n, sizeof n, "%s: tv_nsec in range", name);
    check_true(n, nsec_ok);
}

int main(void) {
    monotonic(CLOCK_MONOTONIC, "CLOCK_MONOTONIC");
    monotonic(CLOCK_REALTIME, "CLOCK_REALTIME");
    monotonic(CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW");
    monotonic(CLOCK_BOOTTIME, "CLOCK_BOOTTIME");
    monotonic(CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID");
    monotonic(CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID");

    struct timespec t0, t1, req = {0, 10 * 1000 * 1000}, rem = {0, 0};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = nanosleep(&req, &rem);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    check_i64("nanosleep returns 0", r, 0);
    int64_t slept = ns(t1) - ns(t0);
    printf("nanosleep(10 ms) advanced monotonic time by >= 10 ms: %s\n", slept >= 10000000 ? "yes" : "no");
    check_true("nanosleep advanced >= 10 ms", slept >= 10000000);
    check_true("nanosleep took < 5 s", slept < 5000000000LL);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec abs = t0;
    abs.tv_nsec += 5000000;
    if (abs.tv_nsec >= 1000000000L) abs.tv_sec++, abs.tv_nsec -= 1000000000L;
    check_i64("clock_nanosleep TIMER_ABSTIME", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    check_true("clock_nanosleep reached the deadline", ns(t1) >= ns(abs));
    struct timespec bad = {0, 1000000000L};
    errno = 0;
    check_i64("nanosleep invalid tv_nsec", nanosleep(&bad, NULL), -1);
    check_i64("errno EINVAL", errno, EINVAL);
    check_i64("usleep(1000)", usleep(1000), 0);

    struct timeval tv;
    check_i64("gettimeofday", gettimeofday(&tv, NULL), 0);
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    printf("year > 2020: %s\n", tmv.tm_year + 1900 > 2020 ? "yes" : "no");
    check_true("year > 2020", tmv.tm_year + 1900 > 2020);
    check_true("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    check_true("gettimeofday ~ CLOCK_REALTIME", llabs((int64_t)tv.tv_sec - (int64_t)rt.tv_sec) <= 2);
    check_true("time() ~ CLOCK_REALTIME", llabs((int64_t)now - (int64_t)rt.tv_sec) <= 2);

    struct timespec res;
    check_i64("clock_getres MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res), 0);
    check_true("MONOTONIC resolution in (0, 1 ms]", ns(res) > 0 && ns(res) <= 1000000);
    check_i64("clock_getres REALTIME", clock_getres(CLOCK_REALTIME, &res), 0);
    check_true("REALTIME resolution in (0, 1 ms]", ns(res) > 0 && ns(res) <= 1000000);
    errno = 0;
    check_i64("clock_gettime invalid clock", clock_gettime((clockid_t)12345, &res), -1);
    check_i64("errno EINVAL for invalid clock", errno, EINVAL);

    struct timespec c0, c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    volatile uint64_t x = 1;
    for (int i = 0; i < 3000000; i++) x = x * 6364136223846793005ULL + 1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    check_true("busy loop consumed CPU time", ns(c1) > ns(c0));
    struct tms tb;
    clock_t ticks = times(&tb);
    check_true("times() works", ticks != (clock_t)-1);
    check_true("clock() >= 0", clock() >= 0);

    struct utsname u;
    check_i64("uname", uname(&u), 0);
    printf("sysname = %s\nmachine = %s\n", u.sysname, u.machine);
    check_str("sysname", u.sysname, "Linux");
    check_str("machine", u.machine, "riscv64");
    check_true("release non-empty", u.release[0] != 0);

    printf("getpid() > 0: %s\n", getpid() > 0 ? "yes" : "no");
    check_true("getpid() > 0", getpid() > 0);
    check_true("getppid() >= 0", getppid() >= 0);
    check_true("gettid() == getpid() in a single-threaded process", gettid() == getpid());
    check_true("getpid() stable", getpid() == getpid());
    check_true("getuid() == geteuid()", getuid() == geteuid());
    check_true("getgid() == getegid()", getgid() == getegid());

    /* Calendar conversions on a fixed timestamp (UTC, TZ-independent). */
    time_t fixed = 1700000000; /* 2023-11-14 22:13:20 UTC */
    struct tm g;
    gmtime_r(&fixed, &g);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &g);
    check_str("gmtime/strftime", buf, "2023-11-14 22:13:20 Tue 318");
    check_i64("timegm", timegm(&g), 1700000000);
    struct tm leap = {.tm_year = 124, .tm_mon = 1, .tm_mday = 29, .tm_hour = 12};
    check_i64("timegm leap day", timegm(&leap), 1709208000);
    return finish("time_basic");
}
