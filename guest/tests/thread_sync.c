/* thread_sync: synchronisation primitives under contention, with exact final counts.
 * Mutex (4 threads x 20000 increments), spinlock, semaphore used as a lock, C11 atomics,
 * a bounded buffer with two condition variables (2 producers, 2 consumers, 20000 items, sum
 * and count exact), pthread_cond_broadcast waking 6 waiters, a rwlock whose writers keep two
 * counters equal while readers check it, a barrier (6 threads x 50 rounds: every round sees all
 * the previous round's writes, PTHREAD_BARRIER_SERIAL_THREAD exactly once per round), a
 * process-shared mutex and semaphore in MAP_SHARED memory between two processes. Error cases:
 * trylock EBUSY, ERRORCHECK relock EDEADLK and foreign unlock EPERM, RECURSIVE depth 3,
 * timedlock / cond_timedwait / sem_timedwait ETIMEDOUT after >= 20 ms, sem_trywait EAGAIN,
 * rwlock tryrdlock/trywrlock EBUSY, spin_trylock EBUSY, sem_getvalue. */
#include "procs.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>

enum { THREADS = 4, ITERS = 20000 };

static pthread_mutex_t g_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t g_spin;
static sem_t g_sem;
static long g_counter;
static atomic_long g_atomic;

static void *mutex_worker(void *arg) {
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&g_mutex);
        long v = g_counter;
        if ((i & 255) == 0) sched_yield(); /* invite a switch inside the critical section */
        g_counter = v + 1;
        pthread_mutex_unlock(&g_mutex);
    }
    return NULL;
}

static void *spin_worker(void *arg) {
    for (int i = 0; i < ITERS; i++) {
        pthread_spin_lock(&g_spin);
        g_counter = g_counter + 1;
        pthread_spin_unlock(&g_spin);
    }
    return NULL;
}

static void *sem_worker(void *arg) {
    for (int i = 0; i < ITERS / 4; i++) {
        while (sem_wait(&g_sem) != 0) {
        }
        g_counter = g_counter + 1;
        sem_post(&g_sem);
    }
    return NULL;
}

static void *atomic_worker(void *arg) {
    for (int i = 0; i < ITERS; i++) atomic_fetch_add(&g_atomic, 1);
    return NULL;
}

static long run(void *(*fn)(void *)) {
    pthread_t t[THREADS];
    g_counter = 0;
    for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, fn, NULL);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    return g_counter;
}

/* bounded buffer */
enum { CAP = 8, ITEMS = 10000 };
static struct {
    pthread_mutex_t m;
    pthread_cond_t not_full, not_empty;
    int buf[CAP], head, count, producers_left;
    long sum, taken;
} q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER};

static void *producer(void *arg) {
    int base = (int)(intptr_t)arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&q.m);
        while (q.count == CAP) pthread_cond_wait(&q.not_full, &q.m);
        q.buf[(q.head + q.count) % CAP] = base + i;
        q.count++;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.m);
    }
    pthread_mutex_lock(&q.m);
    q.producers_left--;
    pthread_cond_broadcast(&q.not_empty);
    pthread_mutex_unlock(&q.m);
    return NULL;
}

static void *consumer(void *arg) {
    for (;;) {
        pthread_mutex_lock(&q.m);
        while (q.count == 0 && q.producers_left > 0) pthread_cond_wait(&q.not_empty, &q.m);
        if (q.count == 0) {
            pthread_mutex_unlock(&q.m);
            return NULL;
        }
        int v = q.buf[q.head];
        q.head = (q.head + 1) % CAP;
        q.count--;
        q.sum += v;
        q.taken++;
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.m);
    }
}

/* broadcast */
static pthread_mutex_t g_bm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_bc = PTHREAD_COND_INITIALIZER;
static int g_go, g_waiting, g_woken;
static void *bwaiter(void *arg) {
    pthread_mutex_lock(&g_bm);
    g_waiting++;
    while (!g_go) pthread_cond_wait(&g_bc, &g_bm);
    g_woken++;
    pthread_mutex_unlock(&g_bm);
    return NULL;
}

/* rwlock */
static pthread_rwlock_t g_rw = PTHREAD_RWLOCK_INITIALIZER;
static long g_a, g_b;
static atomic_int g_torn, g_reads;
static void *rw_writer(void *arg) {
    for (int i = 0; i < 5000; i++) {
        pthread_rwlock_wrlock(&g_rw);
        g_a++;
        if ((i & 127) == 0) sched_yield();
        g_b++;
        pthread_rwlock_unlock(&g_rw);
    }
    return NULL;
}
static void *rw_reader(void *arg) {
    for (int i = 0; i < 5000; i++) {
        pthread_rwlock_rdlock(&g_rw);
        if (g_a != g_b) atomic_fetch_add(&g_torn, 1);
        atomic_fetch_add(&g_reads, 1);
        pthread_rwlock_unlock(&g_rw);
    }
    return NULL;
}

/* barrier */
enum { BT = 6, ROUNDS = 50 };
static pthread_barrier_t g_barrier;
static int g_slots[BT];
static atomic_int g_serial, g_mismatch;
static void *barrier_worker(void *arg) {
    int me = (int)(intptr_t)arg;
    for (int r = 1; r <= ROUNDS; r++) {
        g_slots[me] = r;
        if (pthread_barrier_wait(&g_barrier) == PTHREAD_BARRIER_SERIAL_THREAD) atomic_fetch_add(&g_serial, 1);
        for (int k = 0; k < BT; k++)
            if (g_slots[k] != r) atomic_fetch_add(&g_mismatch, 1);
        pthread_barrier_wait(&g_barrier); /* nobody starts round r+1 before all have checked */
    }
    return NULL;
}

/* helpers for the error cases: hold a lock in another thread */
static pthread_mutex_t g_held = PTHREAD_MUTEX_INITIALIZER;
static struct gate g_locked, g_release;
static void *holder(void *arg) {
    pthread_mutex_lock(&g_held);
    gate_pass(&g_locked);
    gate_wait(&g_release);
    pthread_mutex_unlock(&g_held);
    return NULL;
}
static void *rd_holder(void *arg) {
    pthread_rwlock_rdlock(&g_rw);
    gate_pass(&g_locked);
    gate_wait(&g_release);
    pthread_rwlock_unlock(&g_rw);
    return NULL;
}
static pthread_mutex_t g_ec;
static void *foreign_unlock(void *arg) { return (void *)(intptr_t)pthread_mutex_unlock(&g_ec); }

static struct timespec in_ms(int ms) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += (long)ms * 1000000L;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}

int main(void) {
    check_i64("mutex: 4 x 20000 increments", run(mutex_worker), THREADS * ITERS);
    pthread_spin_init(&g_spin, PTHREAD_PROCESS_PRIVATE);
    check_i64("spinlock: 4 x 20000 increments", run(spin_worker), THREADS * ITERS);
    sem_init(&g_sem, 0, 1);
    check_i64("semaphore as a lock: 4 x 5000 increments", run(sem_worker), THREADS * ITERS / 4);
    run(atomic_worker);
    check_i64("atomic_fetch_add: 4 x 20000", atomic_load(&g_atomic), THREADS * ITERS);

    pthread_t pc[4];
    q.producers_left = 2;
    pthread_create(&pc[0], NULL, producer, (void *)0);
    pthread_create(&pc[1], NULL, producer, (void *)100000);
    pthread_create(&pc[2], NULL, consumer, NULL);
    pthread_create(&pc[3], NULL, consumer, NULL);
    for (int i = 0; i < 4; i++) pthread_join(pc[i], NULL);
    check_i64("bounded buffer: items taken", q.taken, 2 * ITEMS);
    check_i64("bounded buffer: sum of items", q.sum, 2L * ITEMS * (ITEMS + 1) / 2 + 100000L * ITEMS);

    pthread_t bw[6];
    for (int i = 0; i < 6; i++) pthread_create(&bw[i], NULL, bwaiter, NULL);
    for (;;) {
        pthread_mutex_lock(&g_bm);
        int w = g_waiting;
        pthread_mutex_unlock(&g_bm);
        if (w == 6) break;
        sleep_ms(1);
    }
    pthread_mutex_lock(&g_bm);
    g_go = 1;
    pthread_cond_broadcast(&g_bc);
    pthread_mutex_unlock(&g_bm);
    for (int i = 0; i < 6; i++) pthread_join(bw[i], NULL);
    check_i64("broadcast woke all 6 waiters", g_woken, 6);

    pthread_t rw[6];
    for (int i = 0; i < 2; i++) pthread_create(&rw[i], NULL, rw_writer, NULL);
    for (int i = 2; i < 6; i++) pthread_create(&rw[i], NULL, rw_reader, NULL);
    for (int i = 0; i < 6; i++) pthread_join(rw[i], NULL);
    check_i64("rwlock: writes", g_a, 10000);
    check_true("rwlock: writers kept both counters equal", g_a == g_b);
    check_i64("rwlock: readers never saw a half-done write", atomic_load(&g_torn), 0);
    check_i64("rwlock: reads", atomic_load(&g_reads), 20000);

    pthread_barrier_init(&g_barrier, NULL, BT);
    pthread_t bt[BT];
    for (int i = 0; i < BT; i++) pthread_create(&bt[i], NULL, barrier_worker, (void *)(intptr_t)i);
    for (int i = 0; i < BT; i++) pthread_join(bt[i], NULL);
    check_i64("barrier: every round saw all writes", atomic_load(&g_mismatch), 0);
    check_i64("barrier: one serial thread per wait", atomic_load(&g_serial), ROUNDS);
    pthread_barrier_destroy(&g_barrier);

    /* error cases */
    gate_open(&g_locked);
    gate_open(&g_release);
    pthread_t h;
    pthread_create(&h, NULL, holder, NULL);
    gate_wait(&g_locked);
    check_str("trylock of a held mutex", errno_name(pthread_mutex_trylock(&g_held)), "EBUSY");
    int64_t t0 = mono_ns(); /* before the deadline is read: a pause in between must not shorten the wait we measure */
    struct timespec dl = in_ms(20);
    check_str("timedlock of a held mutex", errno_name(pthread_mutex_timedlock(&g_held, &dl)), "ETIMEDOUT");
    check_true("timedlock waited >= 20 ms", mono_ns() - t0 >= 19000000);
    gate_pass(&g_release);
    pthread_join(h, NULL);
    check_i64("trylock once released", pthread_mutex_trylock(&g_held), 0);
    pthread_mutex_unlock(&g_held);

    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&g_ec, &ma);
    pthread_mutex_lock(&g_ec);
    check_str("ERRORCHECK: relock by the owner", errno_name(pthread_mutex_lock(&g_ec)), "EDEADLK");
    pthread_t fu;
    void *ret;
    pthread_create(&fu, NULL, foreign_unlock, NULL);
    pthread_join(fu, &ret);
    check_str("ERRORCHECK: unlock by another thread", errno_name((int)(intptr_t)ret), "EPERM");
    pthread_mutex_unlock(&g_ec);
    check_str("ERRORCHECK: unlock when unlocked", errno_name(pthread_mutex_unlock(&g_ec)), "EPERM");
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_t rec;
    pthread_mutex_init(&rec, &ma);
    int rok = pthread_mutex_lock(&rec) == 0 && pthread_mutex_lock(&rec) == 0 && pthread_mutex_trylock(&rec) == 0;
    check_true("RECURSIVE: locked 3 times by the owner", rok);
    pthread_mutex_unlock(&rec);
    pthread_mutex_unlock(&rec);
    pthread_mutex_unlock(&rec);
    check_str("RECURSIVE: unlocked 3 times, then unlock", errno_name(pthread_mutex_unlock(&rec)), "EPERM");

    pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
    pthread_mutex_lock(&cm);
    t0 = mono_ns();
    dl = in_ms(20);
    check_str("cond_timedwait with no signal", errno_name(pthread_cond_timedwait(&cv, &cm, &dl)), "ETIMEDOUT");
    check_true("cond_timedwait waited >= 20 ms", mono_ns() - t0 >= 19000000);
    check_str("cond_timedwait returns with the mutex held", errno_name(pthread_mutex_trylock(&cm)), "EBUSY");
    pthread_mutex_unlock(&cm);

    sem_t s;
    sem_init(&s, 0, 2);
    int v = -1;
    sem_getvalue(&s, &v);
    check_i64("sem_getvalue", v, 2);
    sem_wait(&s);
    sem_wait(&s);
    errno = 0;
    check_errno("sem_trywait at 0", sem_trywait(&s), EAGAIN);
    dl = in_ms(20);
    errno = 0;
    check_errno("sem_timedwait at 0", sem_timedwait(&s, &dl), ETIMEDOUT);
    sem_post(&s);
    check_i64("sem_trywait after a post", sem_trywait(&s), 0);

    pthread_create(&h, NULL, rd_holder, NULL);
    gate_wait(&g_locked);
    check_i64("rwlock: a second reader gets in", pthread_rwlock_tryrdlock(&g_rw), 0);
    pthread_rwlock_unlock(&g_rw);
    check_str("rwlock: trywrlock while read-held", errno_name(pthread_rwlock_trywrlock(&g_rw)), "EBUSY");
    gate_pass(&g_release);
    pthread_join(h, NULL);
    pthread_rwlock_wrlock(&g_rw);
    check_str("rwlock: tryrdlock while write-held", errno_name(pthread_rwlock_tryrdlock(&g_rw)), "EBUSY");
    pthread_rwlock_unlock(&g_rw);

    pthread_spin_lock(&g_spin);
    check_str("spin_trylock of a held spinlock", errno_name(pthread_spin_trylock(&g_spin)), "EBUSY");
    pthread_spin_unlock(&g_spin);

    /* process-shared mutex and semaphore */
    struct shared {
        pthread_mutex_t m;
        sem_t done;
        long counter;
    } *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pthread_mutexattr_t pa;
    pthread_mutexattr_init(&pa);
    pthread_mutexattr_setpshared(&pa, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&sh->m, &pa);
    sem_init(&sh->done, 1, 0);
    pid_t p = xfork();
    if (p == 0) {
        for (int i = 0; i < ITERS; i++) {
            pthread_mutex_lock(&sh->m);
            sh->counter++;
            pthread_mutex_unlock(&sh->m);
        }
        sem_post(&sh->done);
        _exit(0);
    }
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&sh->m);
        sh->counter++;
        pthread_mutex_unlock(&sh->m);
    }
    sem_wait(&sh->done);
    check_i64("process-shared mutex: 2 processes x 20000", sh->counter, 2 * ITERS);
    check_str("the child", status_str(wait_for(p, 0)), "exited 0");
    gate_close(&g_locked);
    gate_close(&g_release);
    return finish("thread_sync");
}
