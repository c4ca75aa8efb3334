/* syscall_fuzz: calls every riscv64 system call number with hostile arguments — zeros, all
 * ones, unmapped and misaligned pointers, small numbers, a zeroed buffer, pseudo-random words —
 * each number in a child process of its own, so that whatever a call does to its caller
 * (unmaps its memory, closes its descriptors, stops it, blocks forever) stays there. It checks
 * the kernel, not the calls: a bad argument must get an error (EFAULT, EINVAL, EBADF, ...) and
 * never a failure of the kernel itself. The small numbers among the arguments are descriptors
 * of every kind the child opens first: /dev/null, a pipe, UNIX, TCP and UDP sockets, epoll,
 * eventfd, timerfd and signalfd, a tmpfs file, a directory, a /proc file and a FIFO.
 * SyscallFuzzTest runs this under javix and fails on any "internal error" line on javix's
 * stderr (a handler that threw), a hang, or a crash.
 *
 *   syscall_fuzz [FIRST [LAST [SEED [mixed]]]]
 *
 * Numbers FIRST..LAST (default 0..462); SEED (a number, default fixed) varies the random words.
 * "mixed" (by hand: it is slow) runs LAST-FIRST+1 children instead, each making 300 random calls
 * of every number from each of 3 threads at once, on shared descriptors and memory, with a
 * 5 ms SIGALRM to interrupt what blocks; set_tid_address is left out there (pthread_join would
 * wait for a thread whose exit clears another word, as on Linux).
 *
 * Its TCP and UDP sockets are real host sockets under javix's --net rule (loopback by default),
 * so a random address could in principle reach a local port: with the seeds the tests use, no
 * connect, bind, sendto or sendmsg succeeds (checked with --trace); run other seeds with
 * --net none where that matters.
 *
 * Prints one line per number whose child did not end normally within its time (informational:
 * a child stopped or killed by what it called is fine), then "done N". The calls that could
 * reach outside the child are left out: the kill family (pid 0 or -1 would signal this
 * process and its parents), reboot, clone/clone3/execve/execveat (new programs or fork bombs),
 * rt_sigreturn (restores a garbage frame), and prlimit64/setpriority (may target pid 1). */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LAST_NR 462
#define TIME_PER_CALL_US 20000 /* an ITIMER_REAL per call: a blocking call ends in SIGALRM */
#define TIME_PER_CHILD_MS 3000 /* then SIGKILL: the child may have ignored SIGALRM */

static int skipped(long nr) {
    switch (nr) {
    case 93: case 94:            /* exit, exit_group: nothing to check */
    case 129: case 130: case 131: /* kill, tkill, tgkill */
    case 138: case 240: case 424: /* rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal */
    case 139:                     /* rt_sigreturn */
    case 142:                     /* reboot */
    case 220: case 435:           /* clone, clone3 */
    case 221: case 281:           /* execve, execveat */
    case 140: case 261:           /* setpriority, prlimit64 */
        return 1;
    default:
        return 0;
    }
}

static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static uint64_t next_random(void) { /* xorshift64: the same words on every run */
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static void arm_timer(void) {
    struct itimerval t = {{0, 0}, {0, TIME_PER_CALL_US}};
    setitimer(ITIMER_REAL, &t, NULL);
}

/* Descriptors of every kind at 3..18, where the small numbers among the arguments land. */
static void open_kinds(void) {
    int p[2], sv[2];
    pipe(p);                                            /* 4, 5 */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);            /* 6, 7 */
    socket(AF_INET, SOCK_STREAM, 0);                    /* 8 */
    socket(AF_INET6, SOCK_DGRAM, 0);                    /* 9 */
    epoll_create1(0);                                   /* 10 */
    eventfd(1, 0);                                      /* 11 */
    timerfd_create(CLOCK_MONOTONIC, 0);                 /* 12 */
    sigset_t all;
    sigfillset(&all);
    signalfd(-1, &all, 0);                              /* 13 */
    char path[64];
    snprintf(path, sizeof path, "/tmp/syscall_fuzz.%d", getpid());
    open(path, O_RDWR | O_CREAT, 0600);                 /* 14 */
    open("/", O_RDONLY | O_DIRECTORY);                  /* 15 */
    open("/proc/self/stat", O_RDONLY);                  /* 16 */
    socket(AF_UNIX, SOCK_DGRAM, 0);                     /* 17 */
    mkfifo("/tmp/syscall_fuzz.fifo", 0600);
    open("/tmp/syscall_fuzz.fifo", O_RDWR);             /* 18 */
}

/* The child: every argument pattern for nr, each call bounded by the timer. */
static void fuzz(long nr, long *buf) {
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    open_kinds();
    long patterns[][6] = {
        {0, 0, 0, 0, 0, 0},
        {-1, -1, -1, -1, -1, -1},
        {1, 1, 1, 1, 1, 1},
        {8, 3, 2, 1, 0, 0},
        {0xdeadbeef000L, 0xdeadbeef000L, 64, 0xdeadbeef000L, 64, 0},
        {0x7ffffffff000L, 4096, 0x7ffffffff000L, 4096, 0, 0},
        {(long)buf + 1, (long)buf + 3, 7, (long)buf + 5, 9, 0},
        {(long)buf, 64, (long)buf, 64, (long)buf, 64},
        {3, (long)buf, 64, 0, (long)buf, 0},
        {-100 /* AT_FDCWD */, (long)buf, 0, 0, 0, 0},
        {0, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff},
        {(long)0x8000000000000000UL, 1L << 62, 1L << 40, 1L << 31, 1L << 32, 65},
    };
    for (unsigned i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        memset(buf, 0, 4096);
        arm_timer();
        syscall(nr, patterns[i][0], patterns[i][1], patterns[i][2], patterns[i][3], patterns[i][4],
                patterns[i][5]);
    }
    for (int i = 0; i < 16; i++) {
        long a[6];
        for (int j = 0; j < 6; j++) {
            uint64_t r = next_random();
            /* now small numbers, now pointers into the buffer, now anything */
            a[j] = (r & 3) == 0 ? (long)(r >> 60) : (r & 3) == 1 ? (long)buf + (long)((r >> 8) & 4095) : (long)r;
        }
        /* the buffer: zeros, or words that are now small, now pointers into it, now anything
           (structures such as iovecs, msghdrs and sigsets read from it) */
        for (int k = 0; k < 512; k++) {
            uint64_t r = i < 8 ? 0 : next_random();
            buf[k] = (r & 3) == 0 ? (long)(r >> 56) : (r & 3) == 1 ? (long)buf + (long)((r >> 8) & 4095) : (long)r;
        }
        arm_timer();
        syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    _exit(0);
}

/* ------------------------------------------------------------------ mixed: threads at once */

#define MIXED_THREADS 3
#define MIXED_CALLS 300

static void on_alarm(int sig) { (void)sig; } /* only to interrupt blocking calls (EINTR) */

static void *mixed_thread(void *arg) {
    long *buf = arg;
    uint64_t r = seed ^ (uint64_t)(long)&r; /* each thread its own words */
    for (int i = 0; i < MIXED_CALLS; i++) {
        long nr, a[6];
        do {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            nr = (long)(r % (LAST_NR + 1));
        } while (skipped(nr) || nr == 96 /* set_tid_address: pthread_join would wait forever */);
        for (int j = 0; j < 6; j++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            a[j] = (r & 3) == 0 ? (long)(r >> 60) : (r & 3) == 1 ? (long)buf + (long)((r >> 8) & 4095) : (long)r;
        }
        syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    return NULL;
}

/* The child of the mixed mode: random calls from several threads at once, on shared
   descriptors and memory (a close racing a read, an munmap racing a copy). */
static void mixed(long *buf) {
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    open_kinds();
    for (int k = 0; k < 512; k++) buf[k] = (long)next_random();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval t = {{0, 5000}, {0, 5000}};
    setitimer(ITIMER_REAL, &t, NULL);
    pthread_t th[MIXED_THREADS];
    for (int i = 0; i < MIXED_THREADS; i++) pthread_create(&th[i], NULL, mixed_thread, buf);
    for (int i = 0; i < MIXED_THREADS; i++) pthread_join(th[i], NULL);
    _exit(0);
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
    int mixed_mode = argc > 4 && strcmp(argv[4], "mixed") == 0;
    long first = argc > 1 ? atol(argv[1]) : 0, last = argc > 2 ? atol(argv[2]) : LAST_NR;
    if (argc > 3) seed ^= strtoull(argv[3], NULL, 0) * 0x2545f4914f6cdd1dULL;
    if (seed == 0) seed = 1;
    static long buf[512]; /* one page of zeros for the calls that take a pointer */
    long tried = 0;
    for (long nr = first; nr <= last; nr++) {
        if (skipped(nr) && !mixed_mode) continue;
        for (int j = 0; j < 16 * 6 + 8 * 512; j++) next_random(); /* each number its own words */
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            if (mixed_mode) mixed(buf);
            fuzz(nr, buf);
        }
        tried++;
        int status = 0;
        long deadline = now_ms() + TIME_PER_CHILD_MS;
        pid_t r;
        while ((r = waitpid(pid, &status, WNOHANG | WUNTRACED)) == 0 && now_ms() < deadline) usleep(1000);
        if (r == pid && WIFSTOPPED(status)) {
            kill(pid, SIGKILL); /* stopped itself (a SIGSTOP-like signal it asked for) */
            waitpid(pid, &status, 0);
            printf("%ld: the child stopped\n", nr);
        } else if (r == 0) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            printf("%ld: the child was still running after %d ms\n", nr, TIME_PER_CHILD_MS);
        } else if (WIFSIGNALED(status) && WTERMSIG(status) != SIGALRM) {
            printf("%ld: the child was killed by signal %d\n", nr, WTERMSIG(status));
        }
    }
    printf("done %ld\n", tried);
    return 0;
}
