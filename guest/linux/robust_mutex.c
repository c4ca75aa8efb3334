/* robust_mutex: robust mutexes (pthread_mutexattr_setrobust(3)) whose owner dies holding them.
 * The kernel walks the dead thread's robust list (set_robust_list(2), Documentation/locking/
 * robust-futex-ABI.rst), marks each held lock FUTEX_OWNER_DIED and wakes a waiter, so the next
 * locker gets EOWNERDEAD instead of hanging; pthread_mutex_consistent makes the lock usable
 * again. qemu-riscv64 7.2 does not implement set_robust_list (ENOSYS), so nobody releases the
 * dead owner's lock there and the first waiter hangs: this runs only under javix. Covered: a thread that exits holding a
 * private robust mutex, with the main thread already waiting for it; and a child process that
 * exits holding a process-shared one in MAP_SHARED memory, locked afterwards by the parent. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static pthread_mutex_t *m;
static int gate[2];

static void *holder(void *arg) {
    (void)arg;
    pthread_mutex_lock(m);
    write(gate[1], "x", 1);
    usleep(100000); /* the main thread is blocked in pthread_mutex_lock by now */
    return NULL;    /* exits holding the lock */
}

static void init_robust(pthread_mutex_t *mx, int pshared) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_setpshared(&a, pshared);
    check_i64("pthread_mutex_init(robust)", pthread_mutex_init(mx, &a), 0);
}

int main(void) {
    static pthread_mutex_t priv;
    m = &priv;
    init_robust(m, PTHREAD_PROCESS_PRIVATE);
    pipe(gate);
    pthread_t t;
    pthread_create(&t, NULL, holder, NULL);
    char c;
    read(gate[0], &c, 1);
    check_str("a waiter wakes when the holder thread dies", strerrorname_np(pthread_mutex_lock(m)), "EOWNERDEAD");
    check_i64("pthread_mutex_consistent", pthread_mutex_consistent(m), 0);
    check_i64("unlock after consistent", pthread_mutex_unlock(m), 0);
    check_i64("the lock is usable again", pthread_mutex_lock(m), 0);
    check_i64("and unlocks", pthread_mutex_unlock(m), 0);
    pthread_join(t, NULL);

    pthread_mutex_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    init_robust(shared, PTHREAD_PROCESS_SHARED);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_mutex_lock(shared);
        _exit(0); /* dies holding the process-shared lock */
    }
    int status;
    waitpid(pid, &status, 0);
    check_str("a dead process's shared robust lock", strerrorname_np(pthread_mutex_lock(shared)), "EOWNERDEAD");
    check_i64("pthread_mutex_consistent (shared)", pthread_mutex_consistent(shared), 0);
    check_i64("unlock (shared)", pthread_mutex_unlock(shared), 0);
    check_i64("a second lock is clean", pthread_mutex_trylock(shared), 0);
    return finish("robust_mutex");
}
