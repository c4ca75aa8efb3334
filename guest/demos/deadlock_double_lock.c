/* deadlock_double_lock: one thread locking the same non-recursive mutex twice. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "demo.h"

static const char HELP[] =
    "deadlock_double_lock: the simplest deadlock needs only one thread: it locks a mutex and\n"
    "then, maybe deep inside a helper function, tries to lock the same mutex again. A default\n"
    "(PTHREAD_MUTEX_NORMAL) mutex does not remember its owner, so the second lock waits for the\n"
    "mutex to be released - by the very thread that is waiting - forever. An ERRORCHECK mutex\n"
    "records its owner and answers EDEADLK instead of hanging, which turns the hang into a bug\n"
    "report; it also refuses unlocking by a thread that does not own it (EPERM). A RECURSIVE\n"
    "mutex counts: the owner may lock it again and must unlock it as many times. To show the\n"
    "default behaviour without hanging, the demo relocks a default mutex with\n"
    "pthread_mutex_timedlock and a 200 ms deadline: it gives up with ETIMEDOUT.\n";

static const char *err(int r) { return r == 0 ? "0 (success)" : strerrorname_np(r); }

static struct timespec in_ms(int ms) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += ms * 1000000L;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}

static pthread_mutex_t errorcheck;
static void *other_thread_unlocks(void *arg) { return (void *)(long)pthread_mutex_unlock(&errorcheck); }

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);

    printf("1. PTHREAD_MUTEX_ERRORCHECK\n");
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&errorcheck, &a);
    printf("   lock   -> %s\n", err(pthread_mutex_lock(&errorcheck)));
    printf("   lock again from the same thread -> %s: \"resource deadlock would occur\", no hang\n",
           err(pthread_mutex_lock(&errorcheck)));
    pthread_t t;
    void *r;
    pthread_create(&t, NULL, other_thread_unlocks, NULL);
    pthread_join(t, &r);
    printf("   unlock from another thread -> %s: only the owner may unlock\n", err((int)(long)r));
    printf("   unlock -> %s\n\n", err(pthread_mutex_unlock(&errorcheck)));

    printf("2. the default mutex (PTHREAD_MUTEX_NORMAL)\n");
    pthread_mutex_t normal = PTHREAD_MUTEX_INITIALIZER;
    printf("   lock   -> %s\n", err(pthread_mutex_lock(&normal)));
    printf("   a second pthread_mutex_lock() here would never return: this thread would wait for\n"
           "   itself. Trying with pthread_mutex_timedlock() and a 200 ms deadline instead...\n");
    struct timespec dl = in_ms(200);
    printf("   timedlock from the same thread -> %s after 200 ms: it really was waiting for itself\n",
           err(pthread_mutex_timedlock(&normal, &dl)));
    pthread_mutex_unlock(&normal);

    printf("\n3. PTHREAD_MUTEX_RECURSIVE\n");
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_t rec;
    pthread_mutex_init(&rec, &a);
    int r1 = pthread_mutex_lock(&rec), r2 = pthread_mutex_lock(&rec), r3 = pthread_mutex_lock(&rec);
    printf("   lock, lock, lock -> %s, %s, %s: the owner may re-enter\n", err(r1), err(r2), err(r3));
    r1 = pthread_mutex_unlock(&rec);
    r2 = pthread_mutex_unlock(&rec);
    r3 = pthread_mutex_unlock(&rec);
    int r4 = pthread_mutex_unlock(&rec);
    printf("   unlock x3 -> %s, %s, %s; a 4th unlock -> %s\n", err(r1), err(r2), err(r3), err(r4));
    printf("\nUse ERRORCHECK while developing to catch double locking; design so that no path\n"
           "locks a mutex it already holds (or, sparingly, use a recursive one).\n");
    return 0;
}
