/* touch: change file timestamps, making the files if they do not exist, like coreutils touch.
 *   touch [-a] [-m] [-c] [-r REF | -t [[CC]YY]MMDDhhmm[.ss] | -d DATE] FILE...
 *   -a only the access time, -m only the modification time, -c do not create; the time is
 *   now, REF's, -t's, or -d's ("@SECONDS" or "YYYY-MM-DD[ HH:MM[:SS]]", local time).
 * Exit status 1 if any file could not be touched. */
#include "tools.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

/* -t's [[CC]YY]MMDDhhmm[.ss] in local time; -1 if it does not parse. */
static time_t parse_t(const char *s) {
    char digits[16];
    int sec = 0;
    const char *dot = strchr(s, '.');
    size_t n = dot ? (size_t)(dot - s) : strlen(s);
    if (dot && (strlen(dot + 1) != 2 || !isdigit((unsigned char)dot[1]) || !isdigit((unsigned char)dot[2]))) return -1;
    if (dot) sec = atoi(dot + 1);
    if (n != 8 && n != 10 && n != 12) return -1;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return -1;
    memcpy(digits, s, n);
    digits[n] = 0;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    const char *p = digits;
    if (n == 12) {
        tm.tm_year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0') - 1900;
        p += 4;
    } else if (n == 10) {
        int yy = (p[0] - '0') * 10 + (p[1] - '0');
        tm.tm_year = yy < 69 ? yy + 100 : yy; /* POSIX: 69-99 are 19xx, 00-68 20xx */
        p += 2;
    }
    tm.tm_mon = (p[0] - '0') * 10 + (p[1] - '0') - 1;
    tm.tm_mday = (p[2] - '0') * 10 + (p[3] - '0');
    tm.tm_hour = (p[4] - '0') * 10 + (p[5] - '0');
    tm.tm_min = (p[6] - '0') * 10 + (p[7] - '0');
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || sec > 60) return -1;
    return mktime(&tm);
}

/* -d's "@SECONDS" or "YYYY-MM-DD[ HH:MM[:SS]]"; 0 and the time, or -1. */
static int parse_d(const char *s, struct timespec *ts) {
    if (*s == '@') {
        char *end;
        double v = strtod(s + 1, &end);
        if (end == s + 1 || *end) return -1;
        ts->tv_sec = (time_t)v;
        ts->tv_nsec = (long)((v - (double)ts->tv_sec) * 1e9);
        return 0;
    }
    struct tm tm = {0};
    int y, mo, d, h = 0, mi = 0, sec = 0;
    char rest;
    int got = sscanf(s, "%d-%d-%d%*[ T]%d:%d:%d%c", &y, &mo, &d, &h, &mi, &sec, &rest);
    if (got != 3 && got != 5 && got != 6) return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    ts->tv_sec = mktime(&tm);
    ts->tv_nsec = 0;
    return 0;
}

int main(int argc, char **argv) {
    tool_init("touch");
    int i = 1, status = 0, only_a = 0, only_m = 0, no_create = 0;
    struct timespec t[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: touch [OPTION]... FILE...\n"
                 "Update the access and modification times of each FILE to the current time.\n\n"
                 "  -a                     change only the access time\n"
                 "  -c, --no-create        do not create any files\n"
                 "  -d, --date=STRING      parse STRING and use it instead of current time\n"
                 "  -m                     change only the modification time\n"
                 "  -r, --reference=FILE   use this file's times instead of current time\n"
                 "  -t STAMP               use [[CC]YY]MMDDhhmm[.ss] instead of current time\n"
                 "      --help             display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--no-create")) { no_create = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        for (a++; *a; a++) {
            if (*a == 'a') { only_a = 1; continue; }
            if (*a == 'm') { only_m = 1; continue; }
            if (*a == 'c') { no_create = 1; continue; }
            if (*a == 'f') continue; /* ignored, as coreutils */
            if (*a != 'r' && *a != 't' && *a != 'd') { warnx_("invalid option -- '%c'", *a); try_help(1); }
            const char *v = a[1] ? a + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) { warnx_("option requires an argument -- '%c'", *a); try_help(1); }
            if (*a == 'r') {
                struct stat st;
                if (stat(v, &st) < 0) { warn_("failed to get attributes of '%s'", v); return 1; }
                t[0] = st.st_atim;
                t[1] = st.st_mtim;
            } else if (*a == 't') {
                time_t s = parse_t(v);
                if (s == (time_t)-1) { warnx_("invalid date format '%s'", v); return 1; }
                t[0].tv_sec = t[1].tv_sec = s;
                t[0].tv_nsec = t[1].tv_nsec = 0;
            } else if (parse_d(v, &t[0]) < 0) {
                warnx_("invalid date format '%s'", v);
                return 1;
            } else {
                t[1] = t[0];
            }
            break;
        }
    }
    if (only_a && !only_m) t[1].tv_nsec = UTIME_OMIT;
    if (only_m && !only_a) t[0].tv_nsec = UTIME_OMIT;
    if (i >= argc) {
        warnx_("missing file operand");
        try_help(1);
    }
    for (; i < argc; i++) {
        const char *f = argv[i];
        if (!strcmp(f, "-")) {
            if (futimens(1, t) < 0) { warn_("setting times of '-'"); status = 1; }
            continue;
        }
        if (!no_create) {
            int fd = open(f, O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY, 0666);
            if (fd >= 0) close(fd);
            else if (errno != EISDIR && errno != EACCES && errno != ETXTBSY) {
                warn_("cannot touch '%s'", f);
                status = 1;
                continue;
            }
        }
        if (utimensat(AT_FDCWD, f, t, 0) < 0) {
            if (no_create && errno == ENOENT) continue;
            warn_(errno == ENOENT ? "cannot touch '%s'" : "setting times of '%s'", f);
            status = 1;
        }
    }
    return close_stdout(status);
}
