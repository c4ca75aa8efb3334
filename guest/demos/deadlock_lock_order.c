/* deadlock_lock_order: two threads take two mutexes in opposite orders; then the fix. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "demo.h"

static const char HELP[] =
    "deadlock_lock_order: thread 1 locks A then B, thread 2 locks B then A. If each gets its\n"
    "first mutex before the other gets its second, each waits for a mutex the other holds and\n"
    "neither can ever continue: a deadlock. All four conditions hold: the mutexes are exclusive,\n"
    "a thread holds one while waiting for another, nobody takes a mutex away, and the waits form\n"
    "a cycle (1 waits for 2, 2 waits for 1). The demo forces the unlucky timing with a barrier\n"
    "after the first lock, and uses pthread_mutex_timedlock with a 200 ms deadline for the second\n"
    "lock so that it can detect the deadlock instead of hanging. The fix breaks the cycle: give\n"
    "the locks a global order (A before B) and have every thread take them in that order; then\n"
    "the same two threads always finish.\n";

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER, B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_first;
static pthread_mutex_t print = PTHREAD_MUTEX_INITIALIZER;

static void say(int id, const char *what) {
    pthread_mutex_lock(&print);
    printf("  thread %d: %s\n", id, what);
    pthread_mutex_unlock(&print);
}

static struct timespec in_ms(int ms) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += ms * 1000000L;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}

struct plan {
    int id;
    pthread_mutex_t *first, *second;
    const char *first_name, *second_name;
    int use_barrier;
};

static void *worker(void *arg) {
    struct plan *p = arg;
    char msg[128];
    pthread_mutex_lock(p->first);
    snprintf(msg, sizeof msg, "locked %s", p->first_name);
    say(p->id, msg);
    if (p->use_barrier) pthread_barrier_wait(&both_hold_first); /* both now hold their first lock */
    snprintf(msg, sizeof msg, "waiting for %s ...", p->second_name);
    say(p->id, msg);
    struct timespec dl = in_ms(200);
    int r = pthread_mutex_timedlock(p->second, &dl);
    if (r == ETIMEDOUT) {
        snprintf(msg, sizeof msg, "gave up on %s after 200 ms (ETIMEDOUT): deadlock - the holder waits for me",
                 p->second_name);
        say(p->id, msg);
    } else {
        snprintf(msg, sizeof msg, "locked %s, did the work, unlocking both", p->second_name);
        say(p->id, msg);
        pthread_mutex_unlock(p->second);
    }
    pthread_mutex_unlock(p->first);
    return (void *)(long)r;
}

static int run(struct plan *p1, struct plan *p2) {
    pthread_t t1, t2;
    void *r1, *r2;
    pthread_create(&t1, NULL, worker, p1);
    pthread_create(&t2, NULL, worker, p2);
    pthread_join(t1, &r1);
    pthread_join(t2, &r2);
    return (r1 != 0) + (r2 != 0);
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_barrier_init(&both_hold_first, NULL, 2);

    printf("1. Opposite orders: thread 1 takes A then B, thread 2 takes B then A.\n");
    struct plan p1 = {1, &A, &B, "A", "B", 1}, p2 = {2, &B, &A, "B", "A", 1};
    int stuck = run(&p1, &p2);
    printf("  -> %d thread(s) detected the deadlock. With plain pthread_mutex_lock both would hang\n"
           "     forever (the timeout of one lets the other finish, which is why one may succeed).\n\n",
           stuck);

    printf("2. The fix, a global lock order: everybody takes A before B.\n");
    struct plan q1 = {1, &A, &B, "A", "B", 0}, q2 = {2, &A, &B, "A", "B", 0};
    stuck = run(&q1, &q2);
    printf("  -> %d deadlock(s). Whoever gets A first also gets B; the other waits for A, never\n"
           "     while holding B, so the wait can not turn into a cycle.\n",
           stuck);
    return 0;
}
