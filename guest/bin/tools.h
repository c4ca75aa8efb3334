/* tools.h: what the image's tools (guest/bin/NAME.c) share: the program name in messages,
 * coreutils-style error reports, user and group names from /etc/passwd and /etc/group (these
 * are static programs: no NSS), backslash escapes (echo -e, printf), signal names (kill, ps)
 * and /proc/[pid]/stat parsing (ps, pstree). Header-only: every tool is one static binary. */
#ifndef JAVIX_TOOLS_H
#define JAVIX_TOOLS_H

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The name messages start with, as coreutils' program_name: set by tool_init. */
static const char *tool_name = "tool";

static __attribute__((unused)) void tool_init(const char *name) {
    tool_name = name;
}

/* "NAME: message" on stderr. */
__attribute__((format(printf, 1, 2), unused)) static void warnx_(const char *fmt, ...) {
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: ", tool_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* "NAME: message: strerror(errno)" on stderr. */
__attribute__((format(printf, 1, 2), unused)) static void warn_(const char *fmt, ...) {
    int e = errno;
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: ", tool_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, ": %s\n", strerror(e));
}

/* The "Try 'NAME --help'" line coreutils prints after a usage error; exits with status. */
static __attribute__((unused)) void try_help(int status) {
    fprintf(stderr, "Try '%s --help' for more information.\n", tool_name);
    exit(status);
}

/* Writes stdout's buffer and reports a write error (EPIPE, ENOSPC) as coreutils' close_stdout. */
static __attribute__((unused)) int close_stdout(int status) {
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno != EPIPE) warn_("write error");
        return 1;
    }
    return status;
}

/* ------------------------------------------------------------------ users and groups */

/* Reads fd to its end into a malloc'd buffer (its length in *len), for tools that must hold
   the whole input before cutting it (head -n -K, tail). NULL on a read error. */
static __attribute__((unused)) char *read_whole(int fd, size_t *len) {
    size_t n = 0, cap = 65536;
    char *data = malloc(cap);
    ssize_t r;
    while ((r = read(fd, data + n, cap - n)) > 0) {
        n += (size_t)r;
        if (n == cap) data = realloc(data, cap *= 2);
    }
    if (r < 0) {
        free(data);
        return NULL;
    }
    *len = n;
    return data;
}

/* Field 0 of the line in FILE (/etc/passwd or /etc/group) whose field 2 is id, into buf;
   NULL if there is none. */
static __attribute__((unused)) const char *id_to_name(const char *file, unsigned long id, char *buf, size_t n) {
    FILE *f = fopen(file, "r");
    if (!f) return NULL;
    char line[1024];
    const char *found = NULL;
    while (!found && fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2) continue;
        char *end;
        unsigned long v = strtoul(c2 + 1, &end, 10);
        if (end == c2 + 1 || *end != ':' || v != id) continue;
        size_t len = (size_t)(c1 - line) < n - 1 ? (size_t)(c1 - line) : n - 1;
        memcpy(buf, line, len);
        buf[len] = 0;
        found = buf;
    }
    fclose(f);
    return found;
}

/* The id of name in FILE, or -1. */
static __attribute__((unused)) long name_to_id(const char *file, const char *name) {
    FILE *f = fopen(file, "r");
    if (!f) return -1;
    char line[1024];
    long id = -1;
    size_t len = strlen(name);
    while (id < 0 && fgets(line, sizeof line, f)) {
        if (strncmp(line, name, len) || line[len] != ':') continue;
        char *c2 = strchr(line + len + 1, ':');
        if (c2) id = strtol(c2 + 1, NULL, 10);
    }
    fclose(f);
    return id;
}

/* A small cache, because ls -l and ps ask for the same few ids again and again. */
struct id_cache {
    unsigned long id[16];
    char name[16][33];
    int n;
};

/* The name of id in FILE, else the number, as ls and ps print owners. */
static __attribute__((unused)) const char *cached_name(struct id_cache *c, const char *file, unsigned long id) {
    for (int i = 0; i < c->n; i++)
        if (c->id[i] == id) return c->name[i];
    int slot = c->n < 16 ? c->n++ : (int)(id % 16);
    c->id[slot] = id;
    if (!id_to_name(file, id, c->name[slot], sizeof c->name[slot]))
        snprintf(c->name[slot], sizeof c->name[slot], "%lu", id);
    return c->name[slot];
}

static __attribute__((unused)) const char *user_name(unsigned long uid) {
    static struct id_cache users;
    return cached_name(&users, "/etc/passwd", uid);
}

static __attribute__((unused)) const char *group_name(unsigned long gid) {
    static struct id_cache groups;
    return cached_name(&groups, "/etc/group", gid);
}

/* ------------------------------------------------------------------ escapes */

/* Interprets the backslash escape at *s (just after the backslash) as echo -e and printf do:
   \a \b \e \f \n \r \t \v \\ \0NNN (echo) or \NNN (printf) \xHH. Writes the byte to *out and
   returns the characters consumed; returns 0 for \c (stop output). octal0 selects echo's
   form, where an octal escape starts with 0. */
static __attribute__((unused)) int unescape(const char *s, char *out, int octal0) {
    const char *p = s;
    switch (*p) {
    case 'a': *out = '\a'; return 1;
    case 'b': *out = '\b'; return 1;
    case 'e': *out = 27; return 1;
    case 'f': *out = '\f'; return 1;
    case 'n': *out = '\n'; return 1;
    case 'r': *out = '\r'; return 1;
    case 't': *out = '\t'; return 1;
    case 'v': *out = '\v'; return 1;
    case '\\': *out = '\\'; return 1;
    case 'c': return 0;
    case 'x':
        if (isxdigit((unsigned char)p[1])) {
            int v = 0, i = 1;
            for (; i <= 2 && isxdigit((unsigned char)p[i]); i++)
                v = v * 16 + (isdigit((unsigned char)p[i]) ? p[i] - '0' : (tolower((unsigned char)p[i]) - 'a' + 10));
            *out = (char)v;
            return i;
        }
        break;
    default:
        if (octal0 ? *p == '0' : (*p >= '0' && *p <= '7')) {
            int v = 0, i = octal0 ? 1 : 0, max = i + 3;
            for (; i < max && p[i] >= '0' && p[i] <= '7'; i++) v = v * 8 + (p[i] - '0');
            *out = (char)v;
            return i;
        }
    }
    /* Not an escape: the backslash stands for itself and the next character is read again. */
    *out = '\\';
    return -1;
}

/* ------------------------------------------------------------------ signals */

static const char *const SIGNAMES[] = {
    [SIGHUP] = "HUP",   [SIGINT] = "INT",   [SIGQUIT] = "QUIT", [SIGILL] = "ILL",     [SIGTRAP] = "TRAP",
    [SIGABRT] = "ABRT", [SIGBUS] = "BUS",   [SIGFPE] = "FPE",   [SIGKILL] = "KILL",   [SIGUSR1] = "USR1",
    [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2", [SIGPIPE] = "PIPE", [SIGALRM] = "ALRM",   [SIGTERM] = "TERM",
    [SIGSTKFLT] = "STKFLT", [SIGCHLD] = "CHLD", [SIGCONT] = "CONT", [SIGSTOP] = "STOP", [SIGTSTP] = "TSTP",
    [SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU", [SIGURG] = "URG",   [SIGXCPU] = "XCPU",   [SIGXFSZ] = "XFSZ",
    [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF", [SIGWINCH] = "WINCH", [SIGIO] = "POLL", [SIGPWR] = "PWR",
    [SIGSYS] = "SYS",
};
#define NSIGNAMES ((int)(sizeof SIGNAMES / sizeof SIGNAMES[0]))

/* The number of a signal name (with or without "SIG", any case, also IO, IOT, CLD, RTMIN+N,
   RTMAX-N) or a decimal number; -1 if it is neither. */
static __attribute__((unused)) int signal_number(const char *s) {
    char *end;
    if (isdigit((unsigned char)*s)) {
        long v = strtol(s, &end, 10);
        return *end || v < 0 || v > 64 ? -1 : (int)v;
    }
    if (!strncasecmp(s, "SIG", 3)) s += 3;
    for (int i = 1; i < NSIGNAMES; i++)
        if (SIGNAMES[i] && !strcasecmp(s, SIGNAMES[i])) return i;
    if (!strcasecmp(s, "IO")) return SIGIO;
    if (!strcasecmp(s, "IOT")) return SIGABRT;
    if (!strcasecmp(s, "CLD")) return SIGCHLD;
    if (!strncasecmp(s, "RTMIN", 5)) {
        long off = s[5] == '+' ? strtol(s + 6, &end, 10) : (end = (char *)s + 5, 0);
        return *end || SIGRTMIN + off > SIGRTMAX ? -1 : (int)(SIGRTMIN + off);
    }
    if (!strncasecmp(s, "RTMAX", 5)) {
        long off = s[5] == '-' ? strtol(s + 6, &end, 10) : (end = (char *)s + 5, 0);
        return *end || SIGRTMAX - off < SIGRTMIN ? -1 : (int)(SIGRTMAX - off);
    }
    return -1;
}

/* The name of signal n without "SIG" (RTMIN+N for real-time ones) into buf. */
static __attribute__((unused)) const char *signal_name(int n, char *buf, size_t len) {
    if (n > 0 && n < NSIGNAMES && SIGNAMES[n]) snprintf(buf, len, "%s", SIGNAMES[n]);
    else if (n == SIGRTMIN) snprintf(buf, len, "RTMIN");
    else if (n == SIGRTMAX) snprintf(buf, len, "RTMAX");
    /* The lower half counts up from RTMIN, the upper down from RTMAX, as bash and util-linux. */
    else if (n > SIGRTMIN && n <= (SIGRTMIN + SIGRTMAX) / 2) snprintf(buf, len, "RTMIN+%d", (n - SIGRTMIN) & 63);
    else if (n > SIGRTMIN && n < SIGRTMAX) snprintf(buf, len, "RTMAX-%d", (SIGRTMAX - n) & 63);
    else snprintf(buf, len, "%d", n);
    return buf;
}

/* ------------------------------------------------------------------ /proc */

/* What ps and pstree read of /proc/[pid]/stat (proc(5) field numbers in comments). */
struct proc_stat {
    int pid;                 /* 1 */
    char comm[64];           /* 2, without the parentheses */
    char state;              /* 3 */
    int ppid, pgrp, session; /* 4, 5, 6 */
    int tty_nr, tpgid;       /* 7, 8 */
    unsigned long utime, stime;  /* 14, 15, in clock ticks */
    long nice, nlwp;         /* 19, 20 */
    unsigned long long starttime; /* 22, ticks after boot */
    unsigned long vsize;     /* 23, bytes */
    long rss;                /* 24, pages */
};

/* Reads /proc/PID/stat (or /proc/PID/task/TID/stat when dir is given); 0 on success. comm may
   hold spaces and parentheses, so the fields after it start at the last ')'. */
static __attribute__((unused)) int read_proc_stat(const char *dir, struct proc_stat *ps) {
    char path[96], buf[1024];
    snprintf(path, sizeof path, "%s/stat", dir);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *open = strchr(buf, '('), *close = strrchr(buf, ')');
    if (!open || !close || close < open) return -1;
    memset(ps, 0, sizeof *ps);
    ps->pid = atoi(buf);
    size_t len = (size_t)(close - open - 1);
    if (len >= sizeof ps->comm) len = sizeof ps->comm - 1;
    memcpy(ps->comm, open + 1, len);
    ps->comm[len] = 0;
    unsigned long skip;
    int got = sscanf(close + 2,
        "%c %d %d %d %d %d %lu %lu %lu %lu %lu %lu %lu %lu %lu %ld %ld %ld %lu %llu %lu %ld",
        &ps->state, &ps->ppid, &ps->pgrp, &ps->session, &ps->tty_nr, &ps->tpgid, &skip, &skip, &skip,
        &skip, &skip, &ps->utime, &ps->stime, &skip, &skip, &skip, &ps->nice, &ps->nlwp, &skip,
        &ps->starttime, &ps->vsize, &ps->rss);
    return got >= 20 ? 0 : -1;
}

/* Whether name is all digits (a pid directory of /proc). */
static __attribute__((unused)) int is_pid_name(const char *name) {
    if (!*name) return 0;
    for (; *name; name++)
        if (!isdigit((unsigned char)*name)) return 0;
    return 1;
}

/* The pids in /proc, ascending, in a malloc'd array; *count gets their number. */
static __attribute__((unused)) int *list_pids(int *count) {
    DIR *d = opendir("/proc");
    int n = 0, cap = 64;
    int *pids = malloc(cap * sizeof *pids);
    if (!d) {
        *count = -1;
        return pids;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!is_pid_name(e->d_name)) continue;
        if (n == cap) pids = realloc(pids, (cap *= 2) * sizeof *pids);
        pids[n++] = atoi(e->d_name);
    }
    closedir(d);
    for (int i = 1; i < n; i++) { /* insertion sort: readdir's order is the kernel's */
        int v = pids[i], j = i;
        for (; j > 0 && pids[j - 1] > v; j--) pids[j] = pids[j - 1];
        pids[j] = v;
    }
    *count = n;
    return pids;
}

/* The command line of /proc/PID/cmdline with NULs as spaces into buf; its length (0 for a
   zombie or a kernel thread). */
static __attribute__((unused)) size_t read_cmdline(int pid, char *buf, size_t len) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        buf[0] = 0;
        return 0;
    }
    size_t n = fread(buf, 1, len - 1, f);
    fclose(f);
    while (n > 0 && buf[n - 1] == 0) n--;
    for (size_t i = 0; i < n; i++)
        if (buf[i] == 0 || buf[i] == '\n') buf[i] = ' ';
    buf[n] = 0;
    return n;
}

#endif
