/* fork_in_threads: fork() in a multi-threaded process copies only the calling thread. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "fork_in_threads: when a thread of a multi-threaded process calls fork(), the child gets a\n"
    "copy of the whole address space - every thread's stack and every lock included - but only\n"
    "one thread: the one that called fork. The other threads simply do not exist in the child.\n"
    "So a mutex that another thread held at the moment of the fork is copied in its locked state,\n"
    "and nobody in the child will ever unlock it: the child deadlocks as soon as it needs it\n"
    "(malloc's and stdio's internal locks are the classic victims). That is why a child of a\n"
    "threaded program should only call async-signal-safe functions until it calls exec, and why\n"
    "pthread_atfork() exists. The demo counts threads in /proc/self/task (when /proc exists) and\n"
    "tries the inherited mutex with a 200 ms timedlock instead of hanging.\n";

static pthread_mutex_t resource = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t ready;

static void *holder(void *arg) {
    pthread_mutex_lock(&resource);
    pthread_barrier_wait(&ready); /* holds the mutex while main forks */
    pthread_barrier_wait(&ready);
    pthread_mutex_unlock(&resource);
    return NULL;
}

static void *idler(void *arg) {
    pthread_barrier_wait(&ready);
    pthread_barrier_wait(&ready);
    return NULL;
}

static int count_threads(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static void show_threads(const char *who, int expected) {
    int n = count_threads();
    if (n < 0)
        printf("  %s: /proc/self/task is not available (no /proc), so the threads cannot be counted\n", who);
    else if (n == expected)
        printf("  %s: /proc/self/task lists %d thread%s\n", who, n, n == 1 ? "" : "s");
    else
        printf("  %s: /proc/self/task lists %d threads, not %d: an emulator such as qemu-user adds a\n"
               "          helper thread of its own (and its /proc is the host's)\n",
               who, n, expected);
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_barrier_init(&ready, NULL, 3);
    pthread_t t1, t2;
    pthread_create(&t1, NULL, holder, NULL);
    pthread_create(&t2, NULL, idler, NULL);
    pthread_barrier_wait(&ready);
    printf("The parent has 3 threads: main, one that holds the mutex 'resource', and an idle one.\n");
    show_threads("parent", 3);
    printf("main forks now, while the other thread holds 'resource'.\n\n");
    fflush(stdout);

    pid_t pid = fork();
    if (pid == 0) {
        show_threads("child ", 1);
        printf("  child : only the thread that called fork was copied; the holder thread is gone.\n");
        int r = pthread_mutex_trylock(&resource);
        printf("  child : trylock(resource) -> %s: the copy of the mutex is still locked\n",
               r == EBUSY ? "EBUSY" : strerror(r));
        struct timespec dl;
        clock_gettime(CLOCK_REALTIME, &dl);
        dl.tv_nsec += 200000000L;
        if (dl.tv_nsec >= 1000000000L) dl.tv_sec++, dl.tv_nsec -= 1000000000L;
        r = pthread_mutex_timedlock(&resource, &dl);
        printf("  child : timedlock(resource, 200 ms) -> %s: its owner does not exist here, a plain\n"
               "          lock() would wait forever\n",
               r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    pthread_barrier_wait(&ready);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("\n  parent: the holder unlocked 'resource' in the parent - that never reaches the child.\n");
    printf("  parent: trylock(resource) -> %s\n", pthread_mutex_trylock(&resource) == 0 ? "got it" : "busy");
    printf("Advice: after fork in a threaded program, exec soon; use pthread_atfork to take and\n"
           "release your locks around fork if the child must go on without exec.\n");
    return 0;
}
