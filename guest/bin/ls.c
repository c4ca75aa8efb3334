/* ls: list directory contents, like coreutils ls.
 *   ls [-1aAdFhilnRrSt] [FILE]...     no FILE: the current directory
 *   -l long format: mode string, links, owner and group (names from /etc/passwd, /etc/group;
 *      -n numbers), size (major, minor for devices), mtime ("Nov 27 13:06", or the year for a
 *      time over six months away), name and "-> target" for symbolic links; "total" in 1K blocks
 *   -a also names starting with '.', -A the same without . and .., -d directories themselves,
 *   -R recursively, -1 one per line, -F type marks (/ * @ | =), -h sizes as 1.5K, 23M,
 *   -i inode numbers, -t newest first, -S largest first, -r reversed.
 * Names sort bytewise (the C locale). Output to a terminal (or -C) is in columns padded with
 * tabs as coreutils does, else one per line.
 * Exit status: 0; 1 for a subdirectory that could not be listed; 2 for a FILE that cannot be
 * accessed (coreutils' "serious trouble"). */
#include "tools.h"
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

static const char USAGE[] =
    "Usage: ls [OPTION]... [FILE]...\n"
    "List information about the FILEs (the current directory by default).\n"
    "Sort entries alphabetically if none of -tS is specified.\n"
    "\n"
    "  -a, --all                  do not ignore entries starting with .\n"
    "  -A, --almost-all           do not list implied . and ..\n"
    "  -d, --directory            list directories themselves, not their contents\n"
    "  -F, --classify             append indicator (one of */=@|) to entries\n"
    "  -h, --human-readable       with -l, print sizes like 1K 234M 2G etc.\n"
    "  -i, --inode                print the index number of each file\n"
    "  -l                         use a long listing format\n"
    "  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs\n"
    "  -r, --reverse              reverse order while sorting\n"
    "  -R, --recursive            list subdirectories recursively\n"
    "  -S                         sort by file size, largest first\n"
    "  -t                         sort by time, newest first\n"
    "  -C                         list entries by columns\n"
    "  -1                         list one file per line\n"
    "      --help                 display this help and exit\n"
    "\n"
    "Exit status:\n"
    " 0  if OK,\n"
    " 1  if minor problems (e.g., cannot access subdirectory),\n"
    " 2  if serious trouble (e.g., cannot access command-line argument).\n";

static int opt_all, opt_almost, opt_dir, opt_classify, opt_human, opt_inode, opt_long, opt_numeric,
    opt_reverse, opt_recursive, opt_size_sort, opt_time_sort, opt_one, opt_columns;
static int status;
static time_t now;

struct entry {
    char *name;  /* as shown */
    char *path;  /* as opened */
    struct stat st;
    char *link;  /* symbolic link target, -l only */
};

struct list {
    struct entry *v;
    int n, cap;
};

static void add(struct list *l, const char *name, const char *path, const struct stat *st) {
    if (l->n == l->cap) l->v = realloc(l->v, (l->cap = l->cap ? l->cap * 2 : 32) * sizeof *l->v);
    struct entry *e = &l->v[l->n++];
    e->name = strdup(name);
    e->path = strdup(path);
    e->st = *st;
    e->link = NULL;
    if (opt_long && S_ISLNK(st->st_mode)) {
        char buf[4096];
        ssize_t n = readlink(path, buf, sizeof buf - 1);
        if (n >= 0) {
            buf[n] = 0;
            e->link = strdup(buf);
        }
    }
}

static void free_list(struct list *l) {
    for (int i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].path);
        free(l->v[i].link);
    }
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static int compare(const void *a, const void *b) {
    const struct entry *x = a, *y = b;
    int c = 0;
    if (opt_time_sort) {
        if (x->st.st_mtim.tv_sec != y->st.st_mtim.tv_sec) c = x->st.st_mtim.tv_sec < y->st.st_mtim.tv_sec ? 1 : -1;
        else if (x->st.st_mtim.tv_nsec != y->st.st_mtim.tv_nsec) c = x->st.st_mtim.tv_nsec < y->st.st_mtim.tv_nsec ? 1 : -1;
    } else if (opt_size_sort && x->st.st_size != y->st.st_size) {
        c = x->st.st_size < y->st.st_size ? 1 : -1;
    }
    if (!c) c = strcmp(x->name, y->name);
    return opt_reverse ? -c : c;
}

/* The 10-character mode string of ls -l: type, then rwx for user, group, other with s/S, t/T. */
static void mode_string(mode_t m, char out[11]) {
    out[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
           : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) out[1 + i] = m & (0400 >> i) ? rwx[i] : '-';
    if (m & S_ISUID) out[3] = m & S_IXUSR ? 's' : 'S';
    if (m & S_ISGID) out[6] = m & S_IXGRP ? 's' : 'S';
    if (m & S_ISVTX) out[9] = m & S_IXOTH ? 't' : 'T';
    out[10] = 0;
}

/* A size as -h prints it: 1023, 1.0K, 9.9K, 10K, 1.5M (rounded up, as coreutils). */
static void human(unsigned long long v, char *buf, size_t n) {
    const char *units = "KMGTPE";
    if (v < 1024) {
        snprintf(buf, n, "%llu", v);
        return;
    }
    double d = (double)v;
    int u = -1;
    while (d >= 1024 && u < 5) {
        d /= 1024;
        u++;
    }
    if (d < 10) {
        double up = __builtin_ceil(d * 10) / 10;
        if (up >= 10) snprintf(buf, n, "%.0f%c", up, units[u]);
        else snprintf(buf, n, "%.1f%c", up, units[u]);
    } else {
        double up = __builtin_ceil(d);
        if (up >= 1024 && u < 5) snprintf(buf, n, "1.0%c", units[u + 1]);
        else snprintf(buf, n, "%.0f%c", up, units[u]);
    }
}

static char type_mark(mode_t m) {
    if (S_ISDIR(m)) return '/';
    if (S_ISLNK(m)) return '@';
    if (S_ISFIFO(m)) return '|';
    if (S_ISSOCK(m)) return '=';
    if (S_ISREG(m) && (m & 0111)) return '*';
    return 0;
}

static int digits(unsigned long long v) {
    int d = 1;
    while (v >= 10) {
        v /= 10;
        d++;
    }
    return d;
}

static void size_field(const struct entry *e, char *buf, size_t n) {
    if (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode))
        snprintf(buf, n, "%u, %u", major(e->st.st_rdev), minor(e->st.st_rdev));
    else if (opt_human) human((unsigned long long)e->st.st_size, buf, n);
    else snprintf(buf, n, "%lld", (long long)e->st.st_size);
}

static void print_long(struct list *l) {
    int wl = 1, wu = 1, wg = 1, ws = 1, wi = 1;
    char buf[64];
    for (int i = 0; i < l->n; i++) {
        struct stat *s = &l->v[i].st;
        int d = digits(s->st_nlink);
        if (d > wl) wl = d;
        if (opt_numeric) snprintf(buf, sizeof buf, "%u", s->st_uid);
        int len = (int)strlen(opt_numeric ? buf : user_name(s->st_uid));
        if (len > wu) wu = len;
        if (opt_numeric) snprintf(buf, sizeof buf, "%u", s->st_gid);
        len = (int)strlen(opt_numeric ? buf : group_name(s->st_gid));
        if (len > wg) wg = len;
        size_field(&l->v[i], buf, sizeof buf);
        len = (int)strlen(buf);
        if (len > ws) ws = len;
        d = digits(s->st_ino);
        if (d > wi) wi = d;
    }
    for (int i = 0; i < l->n; i++) {
        struct entry *e = &l->v[i];
        char mode[11], when[32], size[64], uid[16], gid[16];
        mode_string(e->st.st_mode, mode);
        size_field(e, size, sizeof size);
        time_t t = e->st.st_mtim.tv_sec;
        struct tm tm;
        localtime_r(&t, &tm);
        /* Six months, as coreutils: a time further back, or in the future, shows its year. */
        int recent = t <= now + 1 && now - t < 31556952 / 2;
        strftime(when, sizeof when, recent ? "%b %e %H:%M" : "%b %e  %Y", &tm);
        snprintf(uid, sizeof uid, "%u", e->st.st_uid);
        snprintf(gid, sizeof gid, "%u", e->st.st_gid);
        if (opt_inode) printf("%*lu ", wi, (unsigned long)e->st.st_ino);
        printf("%s %*lu %-*s %-*s %*s %s %s", mode, wl, (unsigned long)e->st.st_nlink, wu,
               opt_numeric ? uid : user_name(e->st.st_uid), wg, opt_numeric ? gid : group_name(e->st.st_gid), ws,
               size, when, e->name);
        if (e->link) printf(" -> %s", e->link);
        else if (opt_classify && type_mark(e->st.st_mode)) putchar(type_mark(e->st.st_mode));
        putchar('\n');
    }
}

/* The width ls lays columns out in: $COLUMNS, else the terminal's, else 80. */
static int terminal_width(void) {
    const char *c = getenv("COLUMNS");
    if (c && atoi(c) > 0) return atoi(c);
    struct winsize ws;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

/* The width of -i's numbers in the listing being printed (right-aligned, as coreutils). */
static int inode_width;

/* The name with its -i and -F decorations into buf. */
static int decorated(const struct entry *e, char *buf, size_t n) {
    int len = 0;
    if (opt_inode) len = snprintf(buf, n, "%*lu ", inode_width, (unsigned long)e->st.st_ino);
    len += snprintf(buf + len, n - (size_t)len, "%s", e->name);
    char mark = opt_classify ? type_mark(e->st.st_mode) : 0;
    if (mark && (size_t)len + 1 < n) {
        buf[len++] = mark;
        buf[len] = 0;
    }
    return len;
}

/* Columns, filled top to bottom, as few rows as fit the width (two spaces between columns). */
static void print_columns(struct list *l) {
    int n = l->n, width = terminal_width();
    if (!n) return;
    int *len = malloc(n * sizeof *len);
    char buf[4200];
    for (int i = 0; i < n; i++) len[i] = decorated(&l->v[i], buf, sizeof buf);
    int cols = 1, rows = n;
    for (int c = n; c > 1; c--) {
        int r = (n + c - 1) / c;
        if ((r - 1) * c >= n) continue; /* this many columns would leave one empty */
        int total = 0;
        for (int k = 0; k < c; k++) {
            int w = 0;
            for (int j = k * r; j < n && j < (k + 1) * r; j++)
                if (len[j] > w) w = len[j];
            total += w + (k < c - 1 ? 2 : 0);
        }
        if (total <= width) {
            cols = c;
            rows = r;
            break;
        }
    }
    int *colw = calloc(cols, sizeof *colw);
    for (int j = 0; j < n; j++)
        if (len[j] > colw[j / rows]) colw[j / rows] = len[j];
    for (int r = 0; r < rows; r++) {
        int pos = 0, target = 0;
        for (int c = 0; c < cols; c++) {
            int j = c * rows + r;
            if (j >= n) break;
            /* Pad to the column with tabs where a whole tab fits, as coreutils (tab size 8). */
            while (pos < target) {
                if (target / 8 > (pos + 1) / 8) {
                    putchar('\t');
                    pos += 8 - pos % 8;
                } else {
                    putchar(' ');
                    pos++;
                }
            }
            pos += decorated(&l->v[j], buf, sizeof buf);
            fputs(buf, stdout);
            target += colw[c] + 2;
        }
        putchar('\n');
    }
    free(colw);
    free(len);
}

static void print_list(struct list *l) {
    qsort(l->v, l->n, sizeof *l->v, compare);
    inode_width = 1;
    for (int i = 0; i < l->n; i++)
        if (digits(l->v[i].st.st_ino) > inode_width) inode_width = digits(l->v[i].st.st_ino);
    if (opt_long) {
        print_long(l);
    } else if (opt_columns) {
        print_columns(l);
    } else {
        char buf[4200];
        for (int i = 0; i < l->n; i++) {
            decorated(&l->v[i], buf, sizeof buf);
            puts(buf);
        }
    }
}

/* Lists the contents of directory path, then (-R) its subdirectories. */
static void list_dir(const char *path, const char *shown, int header, int top) {
    DIR *d = opendir(path);
    if (!d) {
        warn_("cannot open directory '%s'", shown);
        status = top ? 2 : (status > 1 ? status : 1);
        return;
    }
    if (header) printf("%s:\n", shown);
    struct list l = {0};
    struct dirent *de;
    unsigned long long blocks = 0;
    while ((de = readdir(d))) {
        const char *n = de->d_name;
        if (n[0] == '.' && !opt_all && !opt_almost) continue;
        if (opt_almost && !opt_all && (!strcmp(n, ".") || !strcmp(n, ".."))) continue;
        size_t plen = strlen(path) + strlen(n) + 2;
        char *p = malloc(plen);
        snprintf(p, plen, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", n);
        struct stat st;
        if (lstat(p, &st) < 0) {
            warn_("cannot access '%s'", p);
            status = status > 1 ? status : 1;
            free(p);
            continue;
        }
        blocks += (unsigned long long)st.st_blocks;
        add(&l, n, p, &st);
        free(p);
    }
    closedir(d);
    if (opt_long) {
        if (opt_human) {
            char h[32];
            human(blocks * 512, h, sizeof h);
            printf("total %s\n", h);
        } else {
            printf("total %llu\n", blocks / 2);
        }
    }
    print_list(&l);
    if (opt_recursive) {
        for (int i = 0; i < l.n; i++) {
            struct entry *e = &l.v[i];
            if (!S_ISDIR(e->st.st_mode) || !strcmp(e->name, ".") || !strcmp(e->name, "..")) continue;
            size_t slen = strlen(shown) + strlen(e->name) + 2;
            char *s = malloc(slen);
            snprintf(s, slen, "%s%s%s", shown, shown[strlen(shown) - 1] == '/' ? "" : "/", e->name);
            putchar('\n');
            list_dir(e->path, s, 1, 0);
            free(s);
        }
    }
    free_list(&l);
}

int main(int argc, char **argv) {
    tool_init("ls");
    int i = 1;
    opt_columns = isatty(1);
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (a[1] == '-') {
            if (!strcmp(a, "--help")) { fputs(USAGE, stdout); return 0; }
            else if (!strcmp(a, "--all")) opt_all = 1;
            else if (!strcmp(a, "--almost-all")) opt_almost = 1;
            else if (!strcmp(a, "--directory")) opt_dir = 1;
            else if (!strcmp(a, "--classify")) opt_classify = 1;
            else if (!strcmp(a, "--human-readable")) opt_human = 1;
            else if (!strcmp(a, "--inode")) opt_inode = 1;
            else if (!strcmp(a, "--numeric-uid-gid")) opt_long = opt_numeric = 1;
            else if (!strcmp(a, "--reverse")) opt_reverse = 1;
            else if (!strcmp(a, "--recursive")) opt_recursive = 1;
            else { warnx_("unrecognized option '%s'", a); try_help(2); }
            continue;
        }
        for (a++; *a; a++) {
            switch (*a) {
            case 'a': opt_all = 1; break;
            case 'A': opt_almost = 1; break;
            case 'd': opt_dir = 1; break;
            case 'F': opt_classify = 1; break;
            case 'h': opt_human = 1; break;
            case 'i': opt_inode = 1; break;
            case 'l': opt_long = 1; break;
            case 'n': opt_long = opt_numeric = 1; break;
            case 'r': opt_reverse = 1; break;
            case 'R': opt_recursive = 1; break;
            case 'S': opt_size_sort = 1; opt_time_sort = 0; break;
            case 't': opt_time_sort = 1; opt_size_sort = 0; break;
            case '1': opt_one = 1; opt_columns = 0; break;
            case 'C': opt_columns = 1; break;
            default: warnx_("invalid option -- '%c'", *a); try_help(2);
            }
        }
    }
    now = time(NULL);
    char *dot[] = {"."};
    char **args = i < argc ? argv + i : dot;
    int nargs = i < argc ? argc - i : 1;
    struct list files = {0}, dirs = {0};
    for (int k = 0; k < nargs; k++) {
        struct stat st;
        /* Command-line symbolic links are followed unless -l, -d or -F look at the link itself. */
        int follow = !opt_long && !opt_dir && !opt_classify;
        if ((follow ? stat(args[k], &st) : lstat(args[k], &st)) < 0 && (!follow || lstat(args[k], &st) < 0)) {
            warn_("cannot access '%s'", args[k]);
            status = 2;
            continue;
        }
        add(S_ISDIR(st.st_mode) && !opt_dir ? &dirs : &files, args[k], args[k], &st);
    }
    print_list(&files);
    qsort(dirs.v, dirs.n, sizeof *dirs.v, compare);
    int header = nargs > 1 || opt_recursive;
    for (int k = 0; k < dirs.n; k++) {
        if (k > 0 || files.n > 0) putchar('\n');
        list_dir(dirs.v[k].path, dirs.v[k].name, header, 1);
    }
    free_list(&files);
    free_list(&dirs);
    return close_stdout(status);
}
