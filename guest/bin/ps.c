/* ps: report a snapshot of the processes, from /proc, like procps-ng ps.
 *   ps                    this terminal's processes (with no terminal: this session's) of
 *                         the same effective user: PID TTY TIME CMD
 *   ps -e | -A            every process          ps -f   full: UID PID PPID C STIME TTY TIME CMD
 *   ps -j                 PID PGID SID TTY TIME CMD
 *   ps -p PID[,PID...]    these processes        ps -o KEY[=HEADER][,KEY...]   chosen columns
 *   ps ax | aux | axj     BSD style: a = every user's, x = also without a terminal; u adds
 *                         USER %CPU %MEM VSZ RSS START, j gives PPID PID PGID SID TTY TPGID
 *                         STAT UID TIME COMMAND
 * Keys for -o: pid ppid pgid (pgrp) sid (sess) tpgid tty (tt, tname) stat s time (cputime)
 *   etime stime (start_time) start args (cmd, command) comm (ucmd, ucomm) uid user (euser,
 *   uname) nlwp ni c pcpu (%cpu) pmem (%mem) vsz rss.
 * STAT is the state letter of /proc/PID/stat (R running or runnable, S sleeping, D in an
 *   uninterruptible wait, T stopped, Z zombie) and procps' markers: < high priority, N low,
 *   s session leader, l multithreaded, + in the terminal's foreground process group.
 * Exit status 1 if no process was selected (procps), 1 with a message for a bad option. */
#include "tools.h"
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

static const char USAGE[] =
    "\n"
    "Usage:\n"
    " ps [options]\n"
    "\n"
    "Basic options:\n"
    " -A, -e               all processes\n"
    " a                    all with tty, including other users\n"
    " x                    processes without controlling ttys\n"
    " -p, --pid <PID>      process id\n"
    "\n"
    "Output formats:\n"
    " -f                   full-format\n"
    " -j                   jobs format\n"
    " j                    BSD job control format\n"
    " u                    user-oriented format\n"
    " -o, o <format>       user-defined format\n"
    "     --help           display this help and exit\n";

struct proc {
    struct proc_stat st;
    unsigned uid;
    char cmdline[4096];
};

/* What a column prints: the text of p's field into buf. */
typedef void (*field_fn)(const struct proc *p, char *buf, size_t n);

struct key {
    const char *names; /* space-separated aliases; the first is the canonical one */
    const char *header;
    int width;
    int left;          /* left-aligned (text) rather than right-aligned (numbers) */
    field_fn fn;
};

struct column {
    const struct key *key;
    char header[64];
};

static long hz;
static long page_kb;
static time_t boot_time;
static long mem_total_kb;
static time_t now;

/* ------------------------------------------------------------------ fields */

static void f_pid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->st.pid); }
static void f_ppid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->st.ppid); }
static void f_pgid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->st.pgrp); }
static void f_sid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->st.session); }
static void f_tpgid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->st.tpgid); }
static void f_uid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%u", p->uid); }
static void f_user(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%s", user_name(p->uid)); }
static void f_nlwp(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%ld", p->st.nlwp); }
static void f_ni(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%ld", p->st.nice); }
static void f_vsz(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%lu", p->st.vsize / 1024); }
static void f_rss(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%ld", p->st.rss * page_kb); }
static void f_s(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%c", p->st.state); }

/* The terminal's name from tty_nr (its device number): the well-known majors by rule, any
   other by the character device in /dev or /dev/pts with that number. */
static void tty_name(int tty_nr, char *b, size_t n) {
    unsigned maj = ((unsigned)tty_nr >> 8) & 0xfff, min = ((unsigned)tty_nr & 0xff) | (((unsigned)tty_nr >> 12) & 0xfff00);
    if (tty_nr == 0) { snprintf(b, n, "?"); return; }
    if (maj == 4 && min < 64) { snprintf(b, n, "tty%u", min); return; }
    if (maj == 4) { snprintf(b, n, "ttyS%u", min - 64); return; }
    if (maj >= 136 && maj <= 143) { snprintf(b, n, "pts/%u", (maj - 136) * 256 + min); return; }
    if (maj == 5 && min == 1) { snprintf(b, n, "console"); return; }
    const char *dirs[] = {"/dev", "/dev/pts"};
    for (int i = 0; i < 2; i++) {
        DIR *d = opendir(dirs[i]);
        if (!d) continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            char path[300];
            struct stat st;
            snprintf(path, sizeof path, "%s/%s", dirs[i], e->d_name);
            if (stat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == maj && minor(st.st_rdev) == min) {
                snprintf(b, n, "%s", path + 5);
                closedir(d);
                return;
            }
        }
        closedir(d);
    }
    snprintf(b, n, "%u,%u", maj, min);
}

static void f_tty(const struct proc *p, char *b, size_t n) { tty_name(p->st.tty_nr, b, n); }

/* The state letter and procps' BSD markers. */
static void f_stat(const struct proc *p, char *b, size_t n) {
    size_t k = 0;
    b[k++] = p->st.state;
    if (p->st.state != 'Z') {
        if (p->st.nice < 0) b[k++] = '<';
        else if (p->st.nice > 0) b[k++] = 'N';
        if (p->st.session == p->st.pid) b[k++] = 's';
        if (p->st.nlwp > 1) b[k++] = 'l';
        if (p->st.tpgid != -1 && p->st.tpgid == p->st.pgrp) b[k++] = '+';
    }
    b[k < n ? k : n - 1] = 0;
}

static unsigned long cpu_seconds(const struct proc *p) { return (p->st.utime + p->st.stime) / (unsigned long)hz; }

/* [DD-]HH:MM:SS of CPU time. */
static void f_time(const struct proc *p, char *b, size_t n) {
    unsigned long t = cpu_seconds(p);
    if (t >= 86400) snprintf(b, n, "%lu-%02lu:%02lu:%02lu", t / 86400, t / 3600 % 24, t / 60 % 60, t % 60);
    else snprintf(b, n, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

/* BSD's M:SS of CPU time. */
static void f_bsdtime(const struct proc *p, char *b, size_t n) {
    unsigned long t = cpu_seconds(p);
    snprintf(b, n, "%lu:%02lu", t / 60, t % 60);
}

static time_t start_of(const struct proc *p) { return boot_time + (time_t)(p->st.starttime / (unsigned long long)hz); }

static long elapsed(const struct proc *p) {
    long e = (long)(now - start_of(p));
    return e < 0 ? 0 : e;
}

/* [[DD-]HH:]MM:SS since the process started. */
static void f_etime(const struct proc *p, char *b, size_t n) {
    long t = elapsed(p);
    if (t >= 86400) snprintf(b, n, "%ld-%02ld:%02ld:%02ld", t / 86400, t / 3600 % 24, t / 60 % 60, t % 60);
    else if (t >= 3600) snprintf(b, n, "%02ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else snprintf(b, n, "%02ld:%02ld", t / 60, t % 60);
}

/* The start time as procps' STIME: HH:MM today, MonDD this year, else the year. */
static void f_stime(const struct proc *p, char *b, size_t n) {
    time_t s = start_of(p);
    struct tm tm, tn;
    localtime_r(&s, &tm);
    localtime_r(&now, &tn);
    const char *fmt = now - s < 86400 && tm.tm_yday == tn.tm_yday ? "%H:%M" : tm.tm_year == tn.tm_year ? "%b%d" : "%Y";
    strftime(b, n, fmt, &tm);
}

static void f_c(const struct proc *p, char *b, size_t n) {
    long e = elapsed(p);
    snprintf(b, n, "%lu", e ? cpu_seconds(p) * 100 / (unsigned long)e : 0);
}

static void f_pcpu(const struct proc *p, char *b, size_t n) {
    long e = elapsed(p);
    unsigned long ticks = p->st.utime + p->st.stime;
    unsigned long permille = e ? ticks * 1000 / (unsigned long)hz / (unsigned long)e : 0;
    snprintf(b, n, "%lu.%lu", permille / 10, permille % 10);
}

static void f_pmem(const struct proc *p, char *b, size_t n) {
    unsigned long permille = mem_total_kb ? (unsigned long)(p->st.rss * page_kb) * 1000 / (unsigned long)mem_total_kb : 0;
    snprintf(b, n, "%lu.%lu", permille / 10, permille % 10);
}

/* The command line; [comm] when there is none; " <defunct>" after a zombie's. */
static void f_args(const struct proc *p, char *b, size_t n) {
    if (p->st.state == 'Z') snprintf(b, n, "[%s] <defunct>", p->st.comm);
    else if (p->cmdline[0]) snprintf(b, n, "%s", p->cmdline);
    else snprintf(b, n, "[%s]", p->st.comm);
}

static void f_comm(const struct proc *p, char *b, size_t n) {
    snprintf(b, n, p->st.state == 'Z' ? "%s <defunct>" : "%s", p->st.comm);
}

static const struct key KEYS[] = {
    {"pid", "PID", 7, 0, f_pid},
    {"ppid", "PPID", 7, 0, f_ppid},
    {"pgid pgrp", "PGID", 7, 0, f_pgid},
    {"sid sess session", "SID", 7, 0, f_sid},
    {"tpgid", "TPGID", 7, 0, f_tpgid},
    {"tty tt tname", "TT", 8, 1, f_tty},
    {"stat", "STAT", 4, 1, f_stat},
    {"s state", "S", 1, 1, f_s},
    {"time cputime", "TIME", 8, 0, f_time},
    {"bsdtime", "TIME", 6, 0, f_bsdtime},
    {"etime", "ELAPSED", 11, 0, f_etime},
    {"stime start_time start", "STIME", 5, 1, f_stime},
    {"uid euid", "UID", 5, 0, f_uid},
    {"user euser uname", "USER", 8, 1, f_user},
    {"nlwp thcount", "NLWP", 4, 0, f_nlwp},
    {"ni nice", "NI", 3, 0, f_ni},
    {"c", "C", 2, 0, f_c},
    {"pcpu %cpu", "%CPU", 4, 0, f_pcpu},
    {"pmem %mem", "%MEM", 4, 0, f_pmem},
    {"vsz vsize", "VSZ", 6, 0, f_vsz},
    {"rss rssize", "RSS", 5, 0, f_rss},
    {"args cmd command", "COMMAND", 0, 1, f_args},
    {"comm ucmd ucomm", "COMMAND", 0, 1, f_comm},
};
#define NKEYS ((int)(sizeof KEYS / sizeof KEYS[0]))

static struct column cols[64];
static int ncols;

static const struct key *find_key(const char *name, size_t len) {
    for (int i = 0; i < NKEYS; i++) {
        const char *s = KEYS[i].names;
        while (*s) {
            size_t l = strcspn(s, " ");
            if (l == len && !strncmp(s, name, len)) return &KEYS[i];
            s += l + (s[l] == ' ');
        }
    }
    return NULL;
}

static void add_column(const char *name, const char *header) {
    const struct key *k = find_key(name, strlen(name));
    if (!k || ncols == 64) {
        fprintf(stderr, "error: unknown user-defined format specifier \"%s\"\n", name);
        fputs(USAGE, stderr);
        exit(1);
    }
    cols[ncols].key = k;
    snprintf(cols[ncols].header, sizeof cols[ncols].header, "%s", header ? header : k->header);
    ncols++;
}

/* A -o list: KEY[=HEADER] separated by commas or spaces; a header runs to the end of the
   argument (as procps: "-o pid,comm=NAME OF COMMAND"). */
static void parse_format(char *s) {
    while (*s) {
        while (*s == ',' || *s == ' ') s++;
        if (!*s) break;
        size_t l = strcspn(s, ",= ");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(l < 63 ? l : 63), s);
        s += l;
        if (*s == '=') {
            add_column(name, s + 1);
            return;
        }
        add_column(name, NULL);
    }
}

/* The preset formats. */
static void preset(const char *list) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    parse_format(buf);
}

/* ------------------------------------------------------------------ reading /proc */

static int read_proc(int pid, struct proc *p) {
    char dir[32], path[64], line[256];
    snprintf(dir, sizeof dir, "/proc/%d", pid);
    if (read_proc_stat(dir, &p->st) < 0) return -1;
    p->uid = 0;
    snprintf(path, sizeof path, "%s/status", dir);
    FILE *f = fopen(path, "r");
    if (f) {
        while (fgets(line, sizeof line, f)) {
            unsigned r, e;
            if (sscanf(line, "Uid: %u %u", &r, &e) == 2) {
                p->uid = e;
                break;
            }
        }
        fclose(f);
    }
    read_cmdline(pid, p->cmdline, sizeof p->cmdline);
    return 0;
}

static void read_system(void) {
    hz = sysconf(_SC_CLK_TCK);
    if (hz <= 0) hz = 100;
    page_kb = sysconf(_SC_PAGESIZE) / 1024;
    now = time(NULL);
    char line[256];
    FILE *f = fopen("/proc/stat", "r");
    if (f) {
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "btime %ld", &boot_time) == 1) break;
        fclose(f);
    }
    f = fopen("/proc/meminfo", "r");
    if (f) {
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "MemTotal: %ld", &mem_total_kb) == 1) break;
        fclose(f);
    }
}

/* ------------------------------------------------------------------ main */

static int *wanted;
static int nwanted;

static void add_pids(char *list) {
    for (char *t = strtok(list, ", "); t; t = strtok(NULL, ", ")) {
        char *end;
        long v = strtol(t, &end, 10);
        if (*end || v <= 0) {
            fprintf(stderr, "error: process ID list syntax error\n");
            fputs(USAGE, stderr);
            exit(1);
        }
        wanted = realloc(wanted, (nwanted + 1) * sizeof *wanted);
        wanted[nwanted++] = (int)v;
    }
}

int main(int argc, char **argv) {
    tool_init("ps");
    int all = 0, bsd_a = 0, bsd_x = 0, full = 0, jobs = 0, bsd_u = 0, bsd_j = 0, bsd = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (!strcmp(a, "--help")) { fputs(USAGE + 1, stdout); return 0; }
        if (!strncmp(a, "--pid", 5)) {
            char *v = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) { fprintf(stderr, "error: list of process IDs must follow --pid\n"); fputs(USAGE, stderr); return 1; }
            add_pids(v);
            continue;
        }
        if (a[0] == '-') {
            for (char *o = a + 1; *o; o++) {
                switch (*o) {
                case 'e': case 'A': all = 1; break;
                case 'f': full = 1; break;
                case 'j': jobs = 1; break;
                case 'a': bsd_a = 1; break; /* -a: all with a terminal (session leaders too, here) */
                case 'x': bsd_x = 1; break;
                case 'p': case 'o': {
                    char *v = o[1] ? o + 1 : (i + 1 < argc ? argv[++i] : NULL);
                    if (!v) {
                        fprintf(stderr, *o == 'p' ? "error: list of process IDs must follow -p\n"
                                                  : "error: format specification must follow -o\n");
                        fputs(USAGE, stderr);
                        return 1;
                    }
                    if (*o == 'p') add_pids(v);
                    else parse_format(v);
                    goto next;
                }
                default:
                    fprintf(stderr, "error: unsupported SysV option\n");
                    fputs(USAGE, stderr);
                    return 1;
                }
            }
        } else {
            bsd = 1;
            for (char *o = a; *o; o++) {
                switch (*o) {
                case 'a': bsd_a = 1; break;
                case 'x': bsd_x = 1; break;
                case 'u': bsd_u = 1; break;
                case 'j': bsd_j = 1; break;
                case 'o': {
                    char *v = o[1] ? o + 1 : (i + 1 < argc ? argv[++i] : NULL);
                    if (!v) { fprintf(stderr, "error: format specification must follow o\n"); fputs(USAGE, stderr); return 1; }
                    parse_format(v);
                    goto next;
                }
                default:
                    if (isdigit((unsigned char)*o)) { add_pids(o); goto next; }
                    fprintf(stderr, "error: unsupported option (BSD syntax)\n");
                    fputs(USAGE, stderr);
                    return 1;
                }
            }
        }
    next:;
    }
    if (!ncols) {
        if (bsd_u) preset("user,pid,%cpu,%mem,vsz,rss,tty,stat,start,bsdtime,args");
        else if (bsd_j) preset("ppid,pid,pgid,sid,tty,tpgid,stat,uid,bsdtime,args");
        else if (bsd) preset("pid,tty,stat,bsdtime,args");
        else if (full && jobs) preset("user,pid,ppid,pgid,sid,c,stime,tty,time,args");
        else if (full) preset("user,pid,ppid,c,stime,tty,time,args");
        else if (jobs) preset("pid,pgid,sid,tty,time,comm");
        else preset("pid,tty,time,comm");
        /* procps' names for the preset headers */
        for (int i = 0; i < ncols; i++) {
            const struct key *k = cols[i].key;
            if (k->fn == f_tty) strcpy(cols[i].header, "TTY");
            if (k->fn == f_user && full) strcpy(cols[i].header, "UID");
            if (k->fn == f_comm || (k->fn == f_args && !bsd)) strcpy(cols[i].header, "CMD");
            if (k->fn == f_stime && bsd) strcpy(cols[i].header, "START");
        }
    }
    read_system();
    struct proc self;
    if (read_proc(getpid(), &self) < 0) {
        fprintf(stderr, "Error, do this: mount -t proc proc /proc\n");
        return 1;
    }
    int n;
    int *pids = list_pids(&n);
    uid_t euid = geteuid();

    /* Which processes: -p's, every one, BSD a/x, or the default: this terminal's (no
       terminal: this session's) of this user. */
    struct proc *procs = malloc((size_t)(n > 0 ? n : 1) * sizeof *procs);
    int count = 0;
    for (int i = 0; i < n; i++) {
        struct proc *p = &procs[count];
        if (read_proc(pids[i], p) < 0) continue; /* gone since readdir */
        int take;
        if (nwanted) {
            take = 0;
            for (int k = 0; k < nwanted; k++) take |= wanted[k] == p->st.pid;
        } else if (all || (bsd_a && bsd_x)) {
            take = 1;
        } else if (bsd_a) {
            take = p->st.tty_nr != 0;
        } else if (bsd_x) {
            take = p->uid == euid;
        } else {
            take = p->uid == euid && (self.st.tty_nr ? p->st.tty_nr == self.st.tty_nr : p->st.session == self.st.session);
        }
        if (take) count++;
    }

    /* Widths: at least the key's and the header's, wider if a value needs it (procps widens
       a column rather than cutting a value, except the last). */
    static char cell[4096];
    int width[64];
    for (int c = 0; c < ncols; c++) {
        int w = cols[c].key->width, hl = (int)strlen(cols[c].header);
        width[c] = w > hl ? w : hl;
        if (c == ncols - 1) continue;
        for (int i = 0; i < count; i++) {
            cols[c].key->fn(&procs[i], cell, sizeof cell);
            int l = (int)strlen(cell);
            if (l > width[c]) width[c] = l;
        }
    }
    int limit = 0; /* a terminal cuts lines at its width; a pipe gets them whole */
    struct winsize ws;
    if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) limit = ws.ws_col;
    int any_header = 0;
    for (int c = 0; c < ncols; c++) any_header |= cols[c].header[0] != 0;
    static char line[8192];
    for (int i = any_header ? -1 : 0; i < count; i++) {
        size_t len = 0;
        for (int c = 0; c < ncols; c++) {
            const char *text = cell;
            if (i < 0) text = cols[c].header;
            else cols[c].key->fn(&procs[i], cell, sizeof cell);
            int last = c == ncols - 1;
            int w = width[c];
            if (len) line[len++] = ' ';
            int wrote;
            if (cols[c].key->left) wrote = snprintf(line + len, sizeof line - len, "%-*s", last ? 0 : w, text);
            else wrote = snprintf(line + len, sizeof line - len, "%*s", w, text);
            len += (size_t)wrote < sizeof line - len ? (size_t)wrote : sizeof line - len - 1;
        }
        while (len > 0 && line[len - 1] == ' ') len--;
        if (limit && len > (size_t)limit) len = (size_t)limit;
        line[len] = 0;
        puts(line);
    }
    free(pids);
    free(procs);
    return close_stdout(count ? 0 : 1);
}
