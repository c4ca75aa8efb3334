/* thread_basics: pthread life cycle.
 * 64 threads created and joined in 4 waves, each returning a value (sum checked); every thread
 * has its own tid (distinct, != getpid() except the main thread) and the same pid; __thread
 * variables start from their initializer in each thread and stay private; pthread_key values
 * are per thread and their destructors run once per exiting thread; pthread_once runs its
 * routine once among 8 racing threads; detached threads finish (counted through a semaphore)
 * and pthread_join on self is EDEADLK; pthread_exit passes a value; stack addresses differ and
 * a 128 KiB requested stack is honoured (pthread_getattr_np); threads share memory and file
 * descriptors; pthread_cancel at a cancellation point (a blocking read) runs the cleanup
 * handlers and joins as PTHREAD_CANCELED, and PTHREAD_CANCEL_DISABLE defers it; pthread_equal;
 * the thread name set with pthread_setname_np / read with pthread_getname_np (own thread). */
#include "procs.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>

static __thread int tls_counter = 7;
static __thread char tls_name[16] = "init";

struct slot {
    int index;
    pid_t tid, pid;
    int tls_start, tls_end;
    char name_start[16];
    uintptr_t stack_addr;
};

static void *worker(void *arg) {
    struct slot *s = arg;
    volatile char here;
    s->tid = (pid_t)syscall(SYS_gettid);
    s->pid = getpid();
    s->tls_start = tls_counter;
    memcpy(s->name_start, tls_name, 16);
    for (int i = 0; i < 1000; i++) tls_counter += s->index;
    snprintf(tls_name, sizeof tls_name, "w%d", s->index);
    sched_yield();
    s->tls_end = tls_counter;
    s->stack_addr = (uintptr_t)&here;
    return (void *)(intptr_t)(s->index * 3 + 1);
}

static pthread_key_t g_key;
static atomic_int g_destructed, g_destructed_value_ok;
static void key_destructor(void *v) {
    atomic_fetch_add(&g_destructed, 1);
    if ((uintptr_t)v >= 1000 && (uintptr_t)v < 1008) atomic_fetch_add(&g_destructed_value_ok, 1);
}

static void *key_worker(void *arg) {
    pthread_setspecific(g_key, arg);
    sched_yield();
    return pthread_getspecific(g_key);
}

static atomic_int g_once_runs;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static void once_init(void) {
    atomic_fetch_add(&g_once_runs, 1);
    sleep_ms(2); /* widen the window for the others */
}
static pthread_barrier_t g_bar;
static void *once_worker(void *arg) {
    pthread_barrier_wait(&g_bar);
    pthread_once(&g_once, once_init);
    return (void *)(intptr_t)atomic_load(&g_once_runs);
}

static sem_t g_detached_done;
static atomic_int g_detached_sum;
static void *detached_worker(void *arg) {
    atomic_fetch_add(&g_detached_sum, (int)(intptr_t)arg);
    sem_post(&g_detached_done);
    return NULL;
}

static void *self_detach(void *arg) {
    int r = pthread_detach(pthread_self());
    atomic_fetch_add(&g_detached_sum, r == 0 ? 1000 : -1000);
    sem_post(&g_detached_done);
    return NULL;
}

static void *join_self(void *arg) { return (void *)(intptr_t)pthread_join(pthread_self(), NULL); }

static void *exiter(void *arg) {
    pthread_exit((void *)(intptr_t)4242);
    return NULL;
}

static void *stack_probe(void *arg) {
    volatile char here;
    pthread_attr_t a;
    void *addr;
    size_t size;
    pthread_getattr_np(pthread_self(), &a);
    pthread_attr_getstack(&a, &addr, &size);
    pthread_attr_destroy(&a);
    int inside = (uintptr_t)&here >= (uintptr_t)addr && (uintptr_t)&here < (uintptr_t)addr + size;
    return (void *)(intptr_t)(inside && size >= 128 * 1024 ? 1 : 0);
}

static int g_shared_value;
static void *writer(void *arg) {
    int *fds = arg;
    g_shared_value = 99;
    write(fds[1], "T", 1);
    return NULL;
}

static atomic_int g_cleanups;
static void cleanup(void *arg) { atomic_fetch_add(&g_cleanups, (int)(intptr_t)arg); }
static struct gate g_started;
static void *cancellable(void *arg) {
    int *fds = arg;
    char c;
    pthread_cleanup_push(cleanup, (void *)1);
    pthread_cleanup_push(cleanup, (void *)10);
    gate_pass(&g_started);
    read(fds[0], &c, 1); /* blocks: nobody writes; a cancellation point */
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    return NULL;
}

static atomic_int g_disabled_progress;
static void *cancel_disabled(void *arg) {
    int old;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
    gate_pass(&g_started);
    gate_wait((struct gate *)arg); /* cancelled while disabled: keeps running */
    atomic_store(&g_disabled_progress, 1);
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
    pthread_testcancel(); /* acted on here */
    atomic_store(&g_disabled_progress, 2);
    return NULL;
}

static void *namer(void *arg) {
    char buf[32] = "";
    pthread_setname_np(pthread_self(), "worker-thread");
    pthread_getname_np(pthread_self(), buf, sizeof buf);
    return (void *)(intptr_t)(strcmp(buf, "worker-thread") == 0);
}

int main(void) {
    enum { N = 64 };
    static struct slot slots[N];
    pthread_t t[N];
    long sum = 0;
    int create_ok = 1;
    for (int wave = 0; wave < 4; wave++) {
        for (int i = wave * 16; i < wave * 16 + 16; i++) {
            slots[i].index = i;
            if (pthread_create(&t[i], NULL, worker, &slots[i]) != 0) create_ok = 0;
        }
        for (int i = wave * 16; i < wave * 16 + 16; i++) {
            void *ret;
            pthread_join(t[i], &ret);
            sum += (intptr_t)ret;
        }
    }
    check_true("64 threads created", create_ok);
    check_i64("sum of the join values", sum, 3 * (N * (N - 1) / 2) + N);
    int same_pid = 1, distinct = 1, tls_ok = 1, names_ok = 1;
    pid_t main_tid = (pid_t)syscall(SYS_gettid);
    for (int i = 0; i < N; i++) {
        if (slots[i].pid != getpid() || slots[i].tid == getpid()) same_pid = 0;
        for (int k = 0; k < i; k++)
            if (slots[k].tid == slots[i].tid && k / 16 == i / 16) distinct = 0;
        if (slots[i].tls_start != 7 || slots[i].tls_end != 7 + 1000 * i) tls_ok = 0;
        if (strcmp(slots[i].name_start, "init") != 0) names_ok = 0;
    }
    check_true("main thread: gettid() == getpid()", main_tid == getpid());
    check_true("all threads: same pid, tid != pid", same_pid);
    check_true("tids distinct among live threads", distinct);
    check_true("__thread int starts at its initializer and stays private", tls_ok);
    check_true("__thread char[] starts at its initializer", names_ok);
    check_i64("main's __thread int untouched", tls_counter, 7);
    check_str("main's __thread char[] untouched", tls_name, "init");
    int stacks_differ = 1;
    for (int i = 1; i < 16; i++)
        if (slots[i].stack_addr == slots[0].stack_addr) stacks_differ = 0;
    check_true("concurrent threads have different stacks", stacks_differ);

    /* keys */
    pthread_key_create(&g_key, key_destructor);
    pthread_setspecific(g_key, (void *)7);
    pthread_t kt[8];
    for (int i = 0; i < 8; i++) pthread_create(&kt[i], NULL, key_worker, (void *)(uintptr_t)(1000 + i));
    int keys_ok = 1;
    for (int i = 0; i < 8; i++) {
        void *ret;
        pthread_join(kt[i], &ret);
        if ((uintptr_t)ret != (uintptr_t)(1000 + i)) keys_ok = 0;
    }
    check_true("pthread_getspecific returns each thread's own value", keys_ok);
    check_true("main's key value untouched", pthread_getspecific(g_key) == (void *)7);
    check_i64("key destructor ran once per exiting thread", atomic_load(&g_destructed), 8);
    check_i64("...with that thread's value", atomic_load(&g_destructed_value_ok), 8);

    /* once */
    pthread_barrier_init(&g_bar, NULL, 8);
    pthread_t ot[8];
    for (int i = 0; i < 8; i++) pthread_create(&ot[i], NULL, once_worker, NULL);
    int once_seen = 1;
    for (int i = 0; i < 8; i++) {
        void *ret;
        pthread_join(ot[i], &ret);
        if ((intptr_t)ret != 1) once_seen = 0;
    }
    check_i64("pthread_once ran the routine once", atomic_load(&g_once_runs), 1);
    check_true("every caller returned after it completed", once_seen);

    /* detached */
    sem_init(&g_detached_done, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int i = 1; i <= 16; i++) {
        pthread_t d;
        pthread_create(&d, &attr, detached_worker, (void *)(intptr_t)i);
    }
    pthread_t d;
    pthread_create(&d, NULL, self_detach, NULL);
    for (int i = 0; i < 17; i++) sem_wait(&g_detached_done);
    check_i64("16 detached threads + 1 self-detached ran", atomic_load(&g_detached_sum), 136 + 1000);
    int ds;
    pthread_attr_getdetachstate(&attr, &ds);
    check_true("attr detach state reads back", ds == PTHREAD_CREATE_DETACHED);
    pthread_attr_destroy(&attr);

    pthread_t j;
    void *ret;
    pthread_create(&j, NULL, join_self, NULL);
    pthread_join(j, &ret);
    check_str("pthread_join(self)", errno_name((int)(intptr_t)ret), "EDEADLK");
    pthread_create(&j, NULL, exiter, NULL);
    pthread_join(j, &ret);
    check_i64("pthread_exit value", (intptr_t)ret, 4242);
    check_true("pthread_equal(self, self)", pthread_equal(pthread_self(), pthread_self()));
    check_true("!pthread_equal(self, other)", !pthread_equal(pthread_self(), j));

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 128 * 1024);
    pthread_create(&j, &attr, stack_probe, NULL);
    pthread_join(j, &ret);
    pthread_attr_destroy(&attr);
    check_true("128 KiB stack: a local lies inside the reported stack", (intptr_t)ret == 1);

    int fds[2];
    pipe(fds);
    pthread_create(&j, NULL, writer, fds);
    pthread_join(j, NULL);
    char c = 0;
    read(fds[0], &c, 1);
    check_true("a thread's write to a global is visible", g_shared_value == 99);
    check_true("threads share file descriptors", c == 'T');

    /* cancellation */
    gate_open(&g_started);
    pthread_create(&j, NULL, cancellable, fds);
    gate_wait(&g_started);
    check_i64("pthread_cancel", pthread_cancel(j), 0);
    pthread_join(j, &ret);
    check_true("cancelled thread joins as PTHREAD_CANCELED", ret == PTHREAD_CANCELED);
    check_i64("cleanup handlers ran (both)", atomic_load(&g_cleanups), 11);
    struct gate release;
    gate_open(&release);
    pthread_create(&j, NULL, cancel_disabled, &release);
    gate_wait(&g_started);
    pthread_cancel(j);
    gate_pass(&release);
    pthread_join(j, &ret);
    check_true("cancel while disabled: acted on at the next cancellation point",
               ret == PTHREAD_CANCELED && atomic_load(&g_disabled_progress) == 1);
    gate_close(&release);
    gate_close(&g_started);
    close(fds[0]);
    close(fds[1]);

    pthread_setname_np(pthread_self(), "main-thread");
    char nm[32] = "";
    pthread_getname_np(pthread_self(), nm, sizeof nm);
    check_str("pthread_getname_np(self)", nm, "main-thread");
    pthread_create(&j, NULL, namer, NULL);
    pthread_join(j, &ret);
    check_true("a thread names itself", (intptr_t)ret == 1);
    pthread_getname_np(pthread_self(), nm, sizeof nm);
    check_str("main's name unchanged", nm, "main-thread");
    check_i64("a 16-char name is ERANGE", pthread_setname_np(pthread_self(), "0123456789abcdef"), ERANGE);
    return finish("thread_basics");
}
