/* proc_fs: /proc as programs read it (proc(5)).
 * Differential part (no arguments), only what qemu-riscv64 shows alike (it fakes
 * /proc/self/{stat,cmdline,exe,maps} for the guest and shows the host's /proc otherwise, where
 * /proc/self/comm is "qemu-riscv64" and qemu has an extra thread): /proc/self and thread-self
 * links; self stat's pid, (comm) and ppid; status keys in Linux's order with Pid/Tgid/PPid/Uid/
 * Gid/Umask/State values; comm matching status Name; cmdline equal to argv; exe an absolute
 * path to this ELF; maps placing a stack variable in [stack], main in this program's r-xp
 * mapping, malloc'd memory in a rw-p one and an mmap'ed file under its path; fd and /dev/fd
 * links, reopening a file and a pipe end through /proc/self/fd, /dev/stdout, fdinfo pos and
 * flags; a thread's task directory and comm (pthread_setname_np writes it); a child seen
 * sleeping (S), stopped (T) and as a zombie (Z, 52 stat fields, exit_code, empty cmdline, exe
 * ENOENT) and gone once reaped; the root listing, meminfo, uptime, loadavg, stat, cpuinfo,
 * version, sys/kernel, limits, mounts, statm, statfs magic; writes (EINVAL/EIO), mkdir (ENOENT),
 * unlink (EPERM).
 * With the argument "linux": Linux behaviour qemu cannot show, checked under javix by
 * ProcfsTest: comm and Name are "proc_fs", 52 stat fields for self, Threads 1, [heap] after
 * malloc, re-exec through /proc/self/exe (the new image's comm is "exe"), /dev/stdin.
 * Runs as root, like the rest of the differential suite. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

/* Reads a whole file into buf (NUL-terminated); returns the length or -errno. */
static long slurp(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -errno;
    size_t n = 0;
    ssize_t r;
    while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0) n += r;
    close(fd);
    buf[n] = 0;
    return (long)n;
}

/* The value after "key:\t" in status-like text, up to the end of the line, or "" if absent. */
static const char *field(const char *text, const char *key, char *out, size_t size) {
    char pat[64];
    snprintf(pat, sizeof pat, "\n%s:\t", key);
    const char *p = strncmp(text, pat + 1, strlen(pat + 1)) == 0 ? text - 1 : strstr(text, pat);
    out[0] = 0;
    if (!p) return out;
    p += strlen(pat);
    size_t i = 0;
    while (p[i] && p[i] != '\n' && i + 1 < size) out[i] = p[i], i++;
    out[i] = 0;
    return out;
}

/* Splits a stat line: fields[0] = pid, fields[1] = comm (without parentheses), then the rest. */
static int stat_fields(char *line, char **fields, int max) {
    char *open = strchr(line, '('), *close = strrchr(line, ')');
    if (!open || !close) return 0;
    *open = 0;
    *close = 0;
    int n = 0;
    fields[n++] = line;
    fields[n++] = open + 1;
    for (char *t = strtok(close + 1, " \n"); t && n < max; t = strtok(NULL, " \n")) fields[n++] = t;
    return n;
}

static char stat_state(pid_t pid) {
    char path[64], buf[1024], *f[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if (slurp(path, buf, sizeof buf) <= 0) return '?';
    return stat_fields(buf, f, 64) > 2 ? f[2][0] : '?';
}

/* Waits (up to ~5 s) until pid's state letter is want. */
static char await_state(pid_t pid, char want) {
    char s = '?';
    for (int i = 0; i < 500 && (s = stat_state(pid)) != want; i++) usleep(10000);
    return s;
}

static int listed(const char *dir, const char *name) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d))) found |= strcmp(e->d_name, name) == 0;
    closedir(d);
    return found;
}

static char *link_of(const char *path, char *buf, size_t size) {
    ssize_t n = readlink(path, buf, size - 1);
    buf[n < 0 ? 0 : n] = 0;
    return buf;
}

static void expect_errno(const char *name, long r, int err) {
    int got = errno;
    char n[128];
    snprintf(n, sizeof n, "%s fails with %s", name, strerrorname_np(err));
    check_true(n, r < 0 && got == err);
}

/* A check of values that differ from run to run (pids, paths): only the name is printed. */
static void same(const char *name, const char *got, const char *want) {
    int ok = strcmp(got, want) == 0;
    check_true(name, ok);
    if (!ok) printf("  got \"%s\" expected \"%s\"\n", got, want);
}

static void same_i(const char *name, long got, long want) {
    check_true(name, got == want);
    if (got != want) printf("  got %ld expected %ld\n", got, want);
}

static char exe_path[4096];

/* ------------------------------------------------------------------ the process itself */

static void self_links(void) {
    char buf[256], want[64];
    snprintf(want, sizeof want, "%d", getpid());
    same("/proc/self -> pid", link_of("/proc/self", buf, sizeof buf), want);
    snprintf(want, sizeof want, "%d/task/%d", getpid(), gettid());
    same("/proc/thread-self -> pid/task/tid", link_of("/proc/thread-self", buf, sizeof buf), want);
    struct stat st;
    check_true("lstat /proc/self is a link", lstat("/proc/self", &st) == 0 && S_ISLNK(st.st_mode));
    snprintf(want, sizeof want, "/proc/%d", getpid());
    check_true("/proc/pid is a directory owned by us",
               stat(want, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid());
    check_true("/proc/self/stat is a regular file of size 0",
               stat("/proc/self/stat", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0);
    getcwd(buf, sizeof buf);
    char cwd[256];
    same("/proc/self/cwd -> getcwd()", link_of("/proc/self/cwd", cwd, sizeof cwd), buf);
    check_str("/proc/self/root -> /", link_of("/proc/self/root", buf, sizeof buf), "/");
}

static void self_stat(void) {
    char buf[2048], *f[64], path[64];
    check_true("read /proc/self/stat", slurp("/proc/self/stat", buf, sizeof buf) > 0);
    int n = stat_fields(buf, f, 64);
    check_true("stat has at least 44 fields", n >= 44);
    same_i("stat pid", atoi(f[0]), getpid());
    check_str("stat comm", f[1], "proc_fs");
    same_i("stat ppid", atoi(f[3]), getppid());
    snprintf(path, sizeof path, "/proc/%d/stat", getpid());
    check_true("read /proc/<pid>/stat", slurp(path, buf, sizeof buf) > 0 && stat_fields(buf, f, 64) > 3);
    same_i("/proc/<pid>/stat pid", atoi(f[0]), getpid());
}

static void self_status(void) {
    static const char *keys[] = {"Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid", "Uid",
                                 "Gid", "FDSize", "Groups", "VmPeak", "VmSize", "VmRSS", "VmStk", "Threads",
                                 "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt",
                                 "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"};
    char buf[8192], v[256], want[128];
    check_true("read /proc/self/status", slurp("/proc/self/status", buf, sizeof buf) > 0);
    const char *at = buf;
    int in_order = 1;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char pat[64];
        snprintf(pat, sizeof pat, "%s:\t", keys[i]);
        const char *p = strstr(at, pat);
        if (!p || (p != buf && p[-1] != '\n')) {
            printf("  key %s missing or out of order\n", keys[i]);
            in_order = 0;
            continue;
        }
        at = p;
    }
    check_true("status keys present in Linux's order", in_order);
    check_str("status State", field(buf, "State", v, sizeof v), "R (running)");
    snprintf(want, sizeof want, "%d", getpid());
    same("status Pid", field(buf, "Pid", v, sizeof v), want);
    same("status Tgid", field(buf, "Tgid", v, sizeof v), want);
    snprintf(want, sizeof want, "%d", getppid());
    same("status PPid", field(buf, "PPid", v, sizeof v), want);
    snprintf(want, sizeof want, "%d\t%d\t%d\t%d", getuid(), geteuid(), geteuid(), geteuid());
    check_str("status Uid (real, effective, saved, fs)", field(buf, "Uid", v, sizeof v), want);
    snprintf(want, sizeof want, "%d\t%d\t%d\t%d", getgid(), getegid(), getegid(), getegid());
    check_str("status Gid", field(buf, "Gid", v, sizeof v), want);
    mode_t old = umask(027);
    slurp("/proc/self/status", buf, sizeof buf);
    check_str("status Umask follows umask(2)", field(buf, "Umask", v, sizeof v), "0027");
    umask(old);
    check_true("status Threads >= 1", atoi(field(buf, "Threads", v, sizeof v)) >= 1);
    check_true("status SigPnd is 16 hex digits", strlen(field(buf, "SigPnd", v, sizeof v)) == 16);
    char name[64], comm[64];
    field(buf, "Name", name, sizeof name);
    slurp("/proc/self/comm", comm, sizeof comm);
    strcat(name, "\n");
    check_true("comm is status Name plus a newline", strcmp(comm, name) == 0);
}

static void self_cmdline(int argc, char **argv) {
    char buf[4096];
    long n = slurp("/proc/self/cmdline", buf, sizeof buf);
    int count = 0, same = 1;
    for (long i = 0; i < n; i += strlen(buf + i) + 1, count++) {
        if (count >= argc || strcmp(buf + i, argv[count]) != 0) same = 0;
    }
    check_i64("cmdline has argc strings", count, argc);
    check_true("cmdline strings are argv", same && n > 0 && buf[n - 1] == 0);
}

static void self_exe(void) {
    link_of("/proc/self/exe", exe_path, sizeof exe_path);
    const char *base = strrchr(exe_path, '/');
    check_true("exe is absolute", exe_path[0] == '/');
    check_str("exe basename", base ? base + 1 : "", "proc_fs");
    unsigned char h[20];
    int fd = open("/proc/self/exe", O_RDONLY);
    check_true("exe opens and reads as a RISC-V ELF", fd >= 0 && read(fd, h, 20) == 20 && memcmp(h, "\177ELF", 4) == 0
               && (h[18] | h[19] << 8) == 243 /* EM_RISCV */);
    close(fd);
}

/* ------------------------------------------------------------------ maps */

struct area {
    unsigned long start, end;
    char perms[8], name[512];
};

/* The mapping containing addr, from /proc/self/maps; 0 if none. */
static int area_of(const void *addr, struct area *a) {
    static char buf[65536];
    slurp("/proc/self/maps", buf, sizeof buf);
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long off, ino;
        unsigned maj, mnr;
        int used = 0;
        a->name[0] = 0;
        if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu %n", &a->start, &a->end, a->perms, &off, &maj, &mnr, &ino, &used) < 7)
            continue;
        if (used) snprintf(a->name, sizeof a->name, "%s", line + used);
        if ((unsigned long)addr >= a->start && (unsigned long)addr < a->end) return 1;
    }
    return 0;
}

static void self_maps(const char *dir) {
    struct area a;
    int local = 0;
    check_true("a stack variable is in [stack]", area_of(&local, &a) && strcmp(a.name, "[stack]") == 0);
    check_true("main is in this program's r-xp mapping",
               area_of((void *)self_maps, &a) && strcmp(a.perms, "r-xp") == 0 && strcmp(a.name, exe_path) == 0);
    char *small = malloc(64);
    check_true("malloc'd memory is in a rw-p mapping", area_of(small, &a) && strcmp(a.perms, "rw-p") == 0);
    free(small);
    char path[256];
    snprintf(path, sizeof path, "%s/mapped", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    ftruncate(fd, 8192);
    char *m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    check_true("an mmap'ed file shows its path, r--s",
               m != MAP_FAILED && area_of(m, &a) && strcmp(a.name, path) == 0 && strcmp(a.perms, "r--s") == 0);
    munmap(m, 8192);
    check_true("gone after munmap", !area_of(m, &a) || strcmp(a.name, path) != 0);
    unlink(path);
    char statm[256];
    unsigned long size, resident;
    check_true("statm: size >= resident > 0", slurp("/proc/self/statm", statm, sizeof statm) > 0
               && sscanf(statm, "%lu %lu", &size, &resident) == 2 && size >= resident && resident > 0);
}

/* ------------------------------------------------------------------ descriptors */

static void self_fds(const char *dir) {
    char path[256], lnk[256], buf[256], name[32];
    snprintf(path, sizeof path, "%s/file", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "hello proc", 10);
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    same("fd link -> the file's path", link_of(name, lnk, sizeof lnk), path);
    snprintf(buf, sizeof buf, "/dev/fd/%d", fd);
    same("/dev/fd link -> the file's path", link_of(buf, lnk, sizeof lnk), path);
    snprintf(buf, sizeof buf, "%d", fd);
    check_true("fd listed in /proc/self/fd", listed("/proc/self/fd", buf));
    check_true("fd listed in /proc/self/fdinfo", listed("/proc/self/fdinfo", buf));
    int again = open(name, O_RDONLY);
    struct stat s1, s2;
    check_true("reopening through /proc/self/fd gives the same file",
               again >= 0 && fstat(fd, &s1) == 0 && fstat(again, &s2) == 0 && s1.st_ino == s2.st_ino
               && read(again, buf, 10) == 10 && memcmp(buf, "hello proc", 10) == 0);
    close(again);
    lseek(fd, 3, SEEK_SET);
    char info[512], v[64];
    snprintf(buf, sizeof buf, "/proc/self/fdinfo/%d", fd);
    slurp(buf, info, sizeof info);
    check_str("fdinfo pos", field(info, "pos", v, sizeof v), "3");
    check_str("fdinfo flags (O_RDWR|O_LARGEFILE)", field(info, "flags", v, sizeof v), "0100002");
    int cloexec = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    snprintf(buf, sizeof buf, "/proc/self/fdinfo/%d", cloexec);
    slurp(buf, info, sizeof info);
    check_str("fdinfo flags of an O_CLOEXEC fd", field(info, "flags", v, sizeof v), "02100002");
    close(cloexec);
    close(fd);
    unlink(path);
    check_true("closed fd's link is gone", readlink(name, lnk, sizeof lnk) < 0 && errno == ENOENT);

    int p[2];
    pipe(p);
    struct stat ps;
    fstat(p[0], &ps);
    snprintf(name, sizeof name, "/proc/self/fd/%d", p[0]);
    snprintf(buf, sizeof buf, "pipe:[%lu]", (unsigned long)ps.st_ino);
    same("pipe fd link -> pipe:[ino]", link_of(name, lnk, sizeof lnk), buf);
    snprintf(name, sizeof name, "/proc/self/fd/%d", p[1]);
    int w = open(name, O_WRONLY);
    check_true("a pipe's write end reopens through /proc/self/fd",
               w >= 0 && write(w, "x", 1) == 1 && read(p[0], buf, 1) == 1 && buf[0] == 'x');
    close(w);
    close(p[0]);
    close(p[1]);

    /* From here on stdout is a reopened /dev/stdout (appending, in case it is a file). */
    fflush(stdout);
    int out = open("/dev/stdout", O_WRONLY | O_APPEND);
    check_true("/dev/stdout opens", out >= 0 && dup2(out, 1) == 1);
    close(out);
    printf("written through /dev/stdout\n");
}

/* ------------------------------------------------------------------ threads */

static int gate[2], release[2];
static pid_t worker_tid;

/* Reports its tid through gate, then waits on release. */
static void *parked_worker(void *arg) {
    (void)arg;
    worker_tid = gettid();
    char c;
    write(gate[1], "r", 1);
    read(release[0], &c, 1);
    return NULL;
}

static void threads(void) {
    pipe(gate);
    pipe(release);
    pthread_t t;
    pthread_create(&t, NULL, parked_worker, NULL);
    char c, dir[64], path[96], buf[1024], *f[64];
    read(gate[0], &c, 1);
    snprintf(dir, sizeof dir, "/proc/self/task");
    snprintf(path, sizeof path, "%d", worker_tid);
    check_true("the thread is listed in /proc/self/task", listed(dir, path));
    snprintf(path, sizeof path, "%d", getpid());
    check_true("the main thread is listed in /proc/self/task", listed(dir, path));
    check_i64("pthread_setname_np", pthread_setname_np(t, "worker"), 0);
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", worker_tid);
    slurp(path, buf, sizeof buf);
    same("the thread's comm is worker", buf, "worker\n");
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", worker_tid);
    char s = '?';
    for (int i = 0; i < 500; i++) {
        slurp(path, buf, sizeof buf);
        if (stat_fields(buf, f, 64) > 2 && (s = f[2][0]) == 'S') break;
        usleep(10000);
    }
    same_i("thread stat pid field is the tid", atoi(f[0]), worker_tid);
    check_str("thread stat comm", f[1], "worker");
    check_true("blocked thread is sleeping (S)", s == 'S');
    write(release[1], "go", 1);
    pthread_join(t, NULL);
    snprintf(path, sizeof path, "%d", worker_tid);
    /* Linux wakes the joiner (CLONE_CHILD_CLEARTID's futex wake, in exit_mm) before it releases
     * the thread's task (exit_notify), so right after pthread_join the entry may still be
     * there for a moment on a loaded machine: give it a second to go. */
    int still = 1;
    for (int i = 0; i < 100 && (still = listed(dir, path)); i++) usleep(10000);
    check_true("a joined thread leaves /proc/self/task", !still);
}

/* ------------------------------------------------------------------ a child's life */

static void child_states(void) {
    int p[2];
    pipe(p);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        char x;
        read(p[0], &x, 1);
        _exit(3);
    }
    char path[64], buf[4096], v[64], want[64], *f[64];
    check_true("blocked child is sleeping (S)", await_state(c, 'S') == 'S');
    snprintf(path, sizeof path, "/proc/%d/status", c);
    slurp(path, buf, sizeof buf);
    check_str("child status State", field(buf, "State", v, sizeof v), "S (sleeping)");
    snprintf(want, sizeof want, "%d", getpid());
    same("child status PPid", field(buf, "PPid", v, sizeof v), want);
    check_true("child voluntary_ctxt_switches >= 1", atoi(field(buf, "voluntary_ctxt_switches", v, sizeof v)) >= 1);
    kill(c, SIGSTOP);
    int st;
    check_true("child stopped", waitpid(c, &st, WUNTRACED) == c && WIFSTOPPED(st));
    check_true("stopped child is T", await_state(c, 'T') == 'T');
    slurp(path, buf, sizeof buf);
    check_str("stopped child status State", field(buf, "State", v, sizeof v), "T (stopped)");
    kill(c, SIGCONT);
    write(p[1], "x", 1);
    siginfo_t si;
    check_true("child exited (not reaped)", waitid(P_PID, c, &si, WEXITED | WNOWAIT) == 0 && si.si_pid == c);
    snprintf(path, sizeof path, "/proc/%d/stat", c);
    slurp(path, buf, sizeof buf);
    int n = stat_fields(buf, f, 64);
    check_i64("zombie stat has 52 fields", n, 52);
    check_str("zombie state", n > 2 ? f[2] : "", "Z");
    same_i("zombie ppid", n > 3 ? atoi(f[3]) : -1, getpid());
    check_i64("zombie exit_code (wait status)", n == 52 ? atoi(f[51]) : -1, 3 << 8);
    snprintf(path, sizeof path, "/proc/%d/status", c);
    slurp(path, buf, sizeof buf);
    check_str("zombie status State", field(buf, "State", v, sizeof v), "Z (zombie)");
    check_true("zombie status has no VmSize", field(buf, "VmSize", v, sizeof v)[0] == 0);
    snprintf(path, sizeof path, "/proc/%d/cmdline", c);
    check_i64("zombie cmdline is empty", slurp(path, buf, sizeof buf), 0);
    snprintf(path, sizeof path, "/proc/%d/exe", c);
    expect_errno("readlink of a zombie's exe", readlink(path, buf, sizeof buf), ENOENT);
    snprintf(want, sizeof want, "%d", c);
    check_true("zombie listed in /proc", listed("/proc", want));
    check_true("reaped", waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 3);
    snprintf(path, sizeof path, "/proc/%d/stat", c);
    expect_errno("open of a reaped child's stat", open(path, O_RDONLY), ENOENT);
    check_true("reaped child not listed in /proc", !listed("/proc", want));
    close(p[0]);
    close(p[1]);
}

/* ------------------------------------------------------------------ the kernel's files */

/* A meminfo value in kB ("Key:   123 kB"), or -1 if the key is missing. */
static long meminfo(const char *text, const char *key) {
    size_t n = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        long v;
        if (strncmp(p, key, n) == 0 && p[n] == ':' && sscanf(p + n + 1, " %ld kB", &v) == 1) return v;
    }
    return -1;
}

static void kernel_files(void) {
    char buf[16384], want[128];
    char pid[32];
    snprintf(pid, sizeof pid, "%d", getpid());
    check_true("/proc lists self, thread-self, sys, meminfo and our pid", listed("/proc", "self")
               && listed("/proc", "thread-self") && listed("/proc", "sys") && listed("/proc", "meminfo")
               && listed("/proc", pid));
    slurp("/proc/meminfo", buf, sizeof buf);
    long total = meminfo(buf, "MemTotal"), free_ = meminfo(buf, "MemFree");
    check_true("meminfo starts with MemTotal", strncmp(buf, "MemTotal:", 9) == 0);
    check_true("meminfo MemTotal > 0 kB, MemFree <= MemTotal", total > 0 && free_ >= 0 && free_ <= total);
    check_true("meminfo has MemAvailable, Buffers, Cached, SwapTotal, SwapFree, Shmem",
               meminfo(buf, "MemAvailable") >= 0 && meminfo(buf, "Buffers") >= 0 && meminfo(buf, "Cached") >= 0
               && meminfo(buf, "SwapTotal") >= 0 && meminfo(buf, "SwapFree") >= 0 && meminfo(buf, "Shmem") >= 0);
    double up, idle;
    slurp("/proc/uptime", buf, sizeof buf);
    check_true("uptime: two numbers, up > 0", sscanf(buf, "%lf %lf", &up, &idle) == 2 && up > 0 && idle >= 0);
    double l1, l5, l15;
    int run, all, last;
    slurp("/proc/loadavg", buf, sizeof buf);
    check_true("loadavg: 3 loads, running/total, last pid",
               sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &all, &last) == 6 && run >= 1 && all >= run);
    slurp("/proc/stat", buf, sizeof buf);
    char *bt = strstr(buf, "\nbtime ");
    check_true("stat starts with the cpu line", strncmp(buf, "cpu  ", 5) == 0);
    check_true("stat btime is in the past", bt && atol(bt + 7) > 0 && atol(bt + 7) <= time(NULL));
    check_true("stat has processes, procs_running >= 1",
               strstr(buf, "\nprocesses ") && strstr(buf, "\nprocs_running ") && atoi(strstr(buf, "\nprocs_running ") + 15) >= 1);
    slurp("/proc/cpuinfo", buf, sizeof buf);
    check_true("cpuinfo starts with processor 0", strncmp(buf, "processor\t: 0\n", 14) == 0);
    slurp("/proc/version", buf, sizeof buf);
    check_true("version starts with \"Linux version \"", strncmp(buf, "Linux version ", 14) == 0);
    struct utsname u;
    uname(&u);
    slurp("/proc/sys/kernel/ostype", buf, sizeof buf);
    same("sys/kernel/ostype is Linux", buf, "Linux\n");
    slurp("/proc/sys/kernel/osrelease", buf, sizeof buf);
    snprintf(want, sizeof want, "%s\n", u.release);
    check_true("sys/kernel/osrelease is uname's release", strcmp(buf, want) == 0);
    slurp("/proc/sys/kernel/hostname", buf, sizeof buf);
    snprintf(want, sizeof want, "%s\n", u.nodename);
    check_true("sys/kernel/hostname is uname's nodename", strcmp(buf, want) == 0);
    slurp("/proc/sys/kernel/pid_max", buf, sizeof buf);
    check_true("sys/kernel/pid_max > 0", atol(buf) > 0);
    slurp("/proc/sys/kernel/threads-max", buf, sizeof buf);
    check_true("sys/kernel/threads-max > 0", atol(buf) > 0);

    slurp("/proc/self/limits", buf, sizeof buf);
    static const char header[] = "Limit                     Soft Limit           Hard Limit           Units     \n";
    check_true("limits header", strncmp(buf, header, strlen(header)) == 0);
    struct rlimit r;
    getrlimit(RLIMIT_NOFILE, &r);
    snprintf(want, sizeof want, "\nMax open files            %-20lu %-20lu files     \n", (unsigned long)r.rlim_cur,
             (unsigned long)r.rlim_max);
    check_true("limits Max open files = getrlimit", strstr(buf, want) != NULL);
    getrlimit(RLIMIT_STACK, &r);
    snprintf(want, sizeof want, "\nMax stack size            %-20lu ", (unsigned long)r.rlim_cur);
    check_true("limits Max stack size = getrlimit", strstr(buf, want) != NULL);
    int lines = 0;
    for (char *q = buf; *q; q++) lines += *q == '\n';
    check_i64("limits has 17 lines", lines, 17);

    slurp("/proc/self/mounts", buf, sizeof buf);
    check_true("self/mounts shows proc on /proc", strstr(buf, " /proc proc ") != NULL);
    slurp("/proc/mounts", buf, sizeof buf);
    check_true("/proc/mounts shows proc on /proc", strstr(buf, " /proc proc ") != NULL);
    struct statfs sf;
    check_true("statfs(/proc) f_type is PROC_SUPER_MAGIC", statfs("/proc", &sf) == 0 && sf.f_type == 0x9fa0);
    check_true("environ opens", slurp("/proc/self/environ", buf, sizeof buf) >= 0);
}

static void refusals(void) {
    int fd = open("/proc/self/status", O_WRONLY); /* not stat: qemu fakes that one with a writable file */
    check_true("root opens /proc/self/status for writing", fd >= 0);
    expect_errno("writing /proc/self/status", write(fd, "x", 1), EINVAL);
    close(fd);
    fd = open("/proc/uptime", O_WRONLY);
    expect_errno("writing /proc/uptime", write(fd, "x", 1), EIO);
    close(fd);
    expect_errno("mkdir in /proc", mkdir("/proc/javix-test", 0755), ENOENT);
    expect_errno("creating a file in /proc", open("/proc/javix-test", O_WRONLY | O_CREAT, 0644), ENOENT);
    expect_errno("unlink in /proc", unlink("/proc/uptime"), EPERM);
    expect_errno("chmod of /proc/self/stat", chmod("/proc/self/stat", 0600), EPERM);
    expect_errno("a pid that is no process", open("/proc/999999/stat", O_RDONLY), ENOENT);
}

/* ------------------------------------------------------------------ Linux only (javix, ProcfsTest) */

static int linux_only(void) {
    char buf[8192], v[128], *f[64];
    slurp("/proc/self/comm", buf, sizeof buf);
    same("comm is proc_fs", buf, "proc_fs\n");
    slurp("/proc/self/status", buf, sizeof buf);
    check_str("status Name", field(buf, "Name", v, sizeof v), "proc_fs");
    check_str("status Threads", field(buf, "Threads", v, sizeof v), "1");
    slurp("/proc/self/stat", buf, sizeof buf);
    int n = stat_fields(buf, f, 64);
    check_i64("self stat has 52 fields", n, 52);
    check_str("self stat state", n > 2 ? f[2] : "", "R");
    char *small = malloc(100);
    struct area a;
    check_true("malloc'd memory is in [heap]", area_of(small, &a) && strcmp(a.name, "[heap]") == 0);
    free(small);
    int in = open("/dev/stdin", O_RDONLY);
    check_true("/dev/stdin opens", in >= 0);
    close(in);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        execl("/proc/self/exe", "renamed", "reexec", (char *)NULL);
        _exit(127);
    }
    int st;
    check_true("re-exec through /proc/self/exe exits 0", waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return finish("proc_fs linux");
}

static int reexec(int argc, char **argv) {
    char buf[256], exe[4096];
    slurp("/proc/self/comm", buf, sizeof buf);
    link_of("/proc/self/exe", exe, sizeof exe);
    const char *base = strrchr(exe, '/');
    printf("reexec: argv0=%s argc=%d comm=%s", argv[0], argc, buf);
    printf("reexec: exe basename=%s\n", base ? base + 1 : "?");
    fflush(stdout);
    return strcmp(buf, "exe\n") == 0 && base && strcmp(base + 1, "proc_fs") == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "reexec") == 0) return reexec(argc, argv);
    if (argc > 1 && strcmp(argv[1], "linux") == 0) return linux_only();
    char dir[] = "/tmp/proc_fs.XXXXXX";
    if (!mkdtemp(dir)) {
        printf("FAIL mkdtemp\n");
        return 1;
    }
    self_links();
    self_stat();
    self_status();
    self_cmdline(argc, argv);
    self_exe();
    self_maps(dir);
    self_fds(dir);
    threads();
    child_states();
    kernel_files();
    refusals();
    rmdir(dir);
    return finish("proc_fs");
}
