/* futex_ops: the futex system call, raw.
 * FUTEX_WAIT with a value that does not match: EAGAIN; with a 20 ms relative timeout:
 * ETIMEDOUT after >= 20 ms; interrupted by a handler: EINTR; FUTEX_WAKE with no waiters: 0.
 * Waiter counts are made exact without sleeps: each waiter thread does one FUTEX_WAIT on A, and
 * the main thread repeats FUTEX_CMP_REQUEUE(A -> B, wake 0) until it has moved all of them
 * (the sum of its results), so they are known to be asleep on B. Then FUTEX_WAKE(B, 1) = 1,
 * (B, 2) = 2, (B, 10) = the rest; FUTEX_REQUEUE wakes 1 and moves 2 (returns 3); CMP_REQUEUE
 * with a stale value: EAGAIN; FUTEX_WAKE_OP: the operation on the second word (SET, ADD, OR,
 * ANDN, XOR, OPARG_SHIFT) happens always, the second wake only if the comparison of the old
 * value holds (EQ, NE, LT, LE, GT, GE); FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET: a wake with bits
 * 0x2 wakes only the 0x2 waiter, bitset 0 is EINVAL, an absolute CLOCK_MONOTONIC and a
 * FUTEX_CLOCK_REALTIME deadline time out; a shared (non-private) futex in MAP_SHARED memory
 * works across fork; a misaligned address is EINVAL, an unmapped one EFAULT, an unknown
 * operation ENOSYS. Every woken waiter's FUTEX_WAIT returned 0. */
#include "procs.h"
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>

static long futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout_or_val2, uint32_t *uaddr2,
                  uint32_t val3) {
    return syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
}

static uint32_t A, B, C;
static atomic_int g_ok_returns, g_done_mask;

struct waiter {
    uint32_t *addr;
    int op;
    uint32_t bitset;
    int id;
};

static void *wait_thread(void *arg) {
    struct waiter *w = arg;
    long r = futex(w->addr, w->op, 0, NULL, NULL, w->bitset);
    if (r == 0) atomic_fetch_add(&g_ok_returns, 1);
    atomic_fetch_or(&g_done_mask, 1 << w->id);
    return NULL;
}

/* moves waiters from *from to *to until n have been moved */
static void gather(uint32_t *from, uint32_t *to, int n, int private_op) {
    int moved = 0;
    for (int spins = 0; moved < n && spins < 20000; spins++) {
        long r = futex(from, (private_op ? FUTEX_CMP_REQUEUE_PRIVATE : FUTEX_CMP_REQUEUE), 0, (void *)(uintptr_t)INT_MAX,
                       to, 0);
        if (r > 0) moved += (int)r;
        if (moved < n) sleep_ms(1);
    }
}

static volatile sig_atomic_t g_alrm;
static void on_alrm(int sig) { g_alrm++; }

static void wake_op_case(const char *name, int op, int oparg, int cmp, int cmparg, uint32_t start, uint32_t expect_word,
                         int expect_second) {
    /* one waiter on B (gathered from A), nobody on C; FUTEX_WAKE_OP(C, 0 wakes, B, 1 wake) */
    pthread_t t;
    struct waiter w = {&A, FUTEX_WAIT_PRIVATE, 0, 20};
    atomic_store(&g_done_mask, 0);
    pthread_create(&t, NULL, wait_thread, &w);
    gather(&A, &B, 1, 1);
    B = start;
    long r = futex(&C, FUTEX_WAKE_OP_PRIVATE, 1, (void *)(uintptr_t)1, &B, FUTEX_OP(op, oparg, cmp, cmparg));
    char n[96], got[48], want[48];
    snprintf(n, sizeof n, "FUTEX_WAKE_OP %s", name);
    snprintf(got, sizeof got, "woke %ld, word 0x%x", r, B);
    snprintf(want, sizeof want, "woke %d, word 0x%x", expect_second, expect_word);
    check_str(n, got, want);
    if (r == 0) futex(&B, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    pthread_join(t, NULL);
    B = 0;
}

int main(void) {
    uint32_t word = 5;
    errno = 0;
    check_errno("FUTEX_WAIT with a wrong value", futex(&word, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0), EAGAIN);
    struct timespec to = {0, 20000000};
    int64_t t0 = mono_ns();
    errno = 0;
    check_errno("FUTEX_WAIT with a 20 ms timeout", futex(&word, FUTEX_WAIT_PRIVATE, 5, &to, NULL, 0), ETIMEDOUT);
    check_true("...after >= 20 ms", mono_ns() - t0 >= 20000000);
    check_i64("FUTEX_WAKE with no waiters", futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0), 0);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alrm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    errno = 0;
    check_errno("FUTEX_WAIT interrupted by a handler", futex(&word, FUTEX_WAIT_PRIVATE, 5, NULL, NULL, 0), EINTR);
    check_i64("...the handler ran", g_alrm, 1);

    /* exact wake counts */
    enum { N = 5 };
    pthread_t t[N];
    struct waiter w[N];
    atomic_store(&g_ok_returns, 0);
    for (int i = 0; i < N; i++) {
        w[i] = (struct waiter){&A, FUTEX_WAIT_PRIVATE, 0, i};
        pthread_create(&t[i], NULL, wait_thread, &w[i]);
    }
    int moved = 0;
    for (int spins = 0; moved < N && spins < 20000; spins++) {
        long r = futex(&A, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(uintptr_t)INT_MAX, &B, 0);
        if (r > 0) moved += (int)r;
        if (moved < N) sleep_ms(1);
    }
    check_i64("FUTEX_CMP_REQUEUE moved all 5 waiters from A to B", moved, N);
    check_i64("FUTEX_WAKE(A) finds nobody left on A", futex(&A, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
    check_i64("FUTEX_WAKE(B, 1)", futex(&B, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 1);
    check_i64("FUTEX_WAKE(B, 2)", futex(&B, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0), 2);
    check_i64("FUTEX_REQUEUE(B -> C, wake 0, move 1) returns woken + moved", futex(&B, FUTEX_REQUEUE_PRIVATE, 0, (void *)(uintptr_t)1, &C, 0), 1);
    check_i64("FUTEX_WAKE(B, 10): the last one on B", futex(&B, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0), 1);
    check_i64("FUTEX_WAKE(C, 10): the one moved to C", futex(&C, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0), 1);
    for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
    check_i64("every woken FUTEX_WAIT returned 0", atomic_load(&g_ok_returns), N);

    for (int i = 0; i < 3; i++) {
        w[i] = (struct waiter){&A, FUTEX_WAIT_PRIVATE, 0, i};
        pthread_create(&t[i], NULL, wait_thread, &w[i]);
    }
    gather(&A, &B, 3, 1);
    check_i64("FUTEX_REQUEUE(B -> C, wake 1, move 2)", futex(&B, FUTEX_REQUEUE_PRIVATE, 1, (void *)(uintptr_t)2, &C, 0), 3);
    errno = 0;
    check_errno("FUTEX_CMP_REQUEUE with a stale value", futex(&C, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)(uintptr_t)1, &A, 7), EAGAIN);
    check_i64("FUTEX_WAKE(C) wakes the 2 moved", futex(&C, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 2);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);

    /* FUTEX_WAKE_OP: word ops and comparisons */
    wake_op_case("SET 3, old EQ 0", FUTEX_OP_SET, 3, FUTEX_OP_CMP_EQ, 0, 0, 3, 1);
    wake_op_case("ADD 5, old EQ 1 (false)", FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 1, 10, 15, 0);
    wake_op_case("OR 0xf0, old NE 0", FUTEX_OP_OR, 0xf0, FUTEX_OP_CMP_NE, 0, 0x0f, 0xff, 1);
    wake_op_case("ANDN 0x0f, old LT 5 (false)", FUTEX_OP_ANDN, 0x0f, FUTEX_OP_CMP_LT, 5, 0xff, 0xf0, 0);
    wake_op_case("XOR 0xff, old LE 0xaa", FUTEX_OP_XOR, 0xff, FUTEX_OP_CMP_LE, 0xaa, 0xaa, 0x55, 1);
    wake_op_case("SET 1<<4 (OPARG_SHIFT), old GT 2", FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_GT, 2, 3, 16, 1);
    wake_op_case("ADD 1, old GE 9 (false)", FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GE, 9, 8, 9, 0);

    /* bitsets */
    atomic_store(&g_done_mask, 0);
    atomic_store(&g_ok_returns, 0);
    uint32_t bits[3] = {0x1, 0x2, 0x4};
    for (int i = 0; i < 3; i++) {
        w[i] = (struct waiter){&A, FUTEX_WAIT_BITSET_PRIVATE, bits[i], i};
        pthread_create(&t[i], NULL, wait_thread, &w[i]);
    }
    int woke = 0;
    for (int spins = 0; woke < 1 && spins < 20000; spins++) {
        long r = futex(&A, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x2);
        if (r > 0) woke += (int)r;
        if (woke < 1) sleep_ms(1);
    }
    pthread_join(t[1], NULL);
    check_i64("FUTEX_WAKE_BITSET 0x2 woke one waiter", woke, 1);
    check_i64("...the 0x2 waiter alone", atomic_load(&g_done_mask), 0x2);
    woke = 0;
    for (int spins = 0; woke < 2 && spins < 20000; spins++) {
        long r = futex(&A, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x5);
        if (r > 0) woke += (int)r;
        if (woke < 2) sleep_ms(1);
    }
    pthread_join(t[0], NULL);
    pthread_join(t[2], NULL);
    check_i64("FUTEX_WAKE_BITSET 0x5 woke the other two", woke, 2);
    check_i64("all three returned 0", atomic_load(&g_ok_returns), 3);
    errno = 0;
    check_errno("FUTEX_WAIT_BITSET with bitset 0", futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, NULL, NULL, 0), EINVAL);
    errno = 0;
    check_errno("FUTEX_WAKE_BITSET with bitset 0", futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0), EINVAL);
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 20000000;
    if (abs.tv_nsec >= 1000000000L) abs.tv_sec++, abs.tv_nsec -= 1000000000L;
    errno = 0;
    check_errno("FUTEX_WAIT_BITSET, absolute CLOCK_MONOTONIC deadline",
                futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, &abs, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    check_true("...reached the deadline", now.tv_sec > abs.tv_sec || (now.tv_sec == abs.tv_sec && now.tv_nsec >= abs.tv_nsec));
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += 20000000;
    if (abs.tv_nsec >= 1000000000L) abs.tv_sec++, abs.tv_nsec -= 1000000000L;
    errno = 0;
    check_errno("FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME deadline",
                futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 5, &abs, NULL, FUTEX_BITSET_MATCH_ANY),
                ETIMEDOUT);

    /* shared futex across fork */
    uint32_t *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t p = xfork();
    if (p == 0) {
        long r = futex(&sh[0], FUTEX_WAIT, 0, NULL, NULL, 0);
        _exit(r == 0 ? 0 : 1);
    }
    moved = 0;
    for (int spins = 0; moved < 1 && spins < 20000; spins++) {
        long r = futex(&sh[0], FUTEX_CMP_REQUEUE, 0, (void *)(uintptr_t)INT_MAX, &sh[1], 0);
        if (r > 0) moved += (int)r;
        if (moved < 1) sleep_ms(1);
    }
    check_i64("shared futex: the child's waiter was requeued", moved, 1);
    check_i64("shared futex: FUTEX_WAKE from the parent", futex(&sh[1], FUTEX_WAKE, 1, NULL, NULL, 0), 1);
    check_str("shared futex: the child's FUTEX_WAIT returned 0", status_str(wait_for(p, 0)), "exited 0");

    errno = 0;
    check_errno("misaligned address", futex((uint32_t *)((char *)&word + 1), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), EINVAL);
    errno = 0;
    check_errno("unmapped address (FUTEX_WAIT)", futex((uint32_t *)16, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EFAULT);
    errno = 0;
    check_errno("unknown operation", futex(&word, 99, 0, NULL, NULL, 0), ENOSYS);
    return finish("futex_ops");
}
