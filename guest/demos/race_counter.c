/* race_counter: i = i + 1 from two threads without a lock loses updates; with a mutex it does not. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "demo.h"

static const char HELP[] =
    "race_counter: i = i + 1 looks like one step but is three machine instructions: load i into\n"
    "a register, add 1, store it back. Two threads doing it at the same time can interleave:\n"
    "both load 5, both store 6, and one increment is lost. Here two threads each add 1 to a\n"
    "shared counter a million times. Without a lock the total usually falls short of 2000000\n"
    "by a different amount on every run (on a single CPU losses are rarer: they need a thread\n"
    "switch exactly between the load and the store). With a pthread mutex around the increment\n"
    "- a critical section only one thread can be in at a time - the total is always exact, at\n"
    "the price of the locking work.\n";

enum { N = 1000000 };
static volatile long counter; /* volatile: really load and store each time, as in the primer */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int ready; /* both threads spin until both are running, so they really overlap */

static void start_together(void) {
    atomic_fetch_add(&ready, 1);
    while (atomic_load(&ready) < 2) {
    }
}

static void *unlocked(void *arg) {
    start_together();
    for (int i = 0; i < N; i++) counter = counter + 1;
    return NULL;
}

static void *locked(void *arg) {
    start_together();
    for (int i = 0; i < N; i++) {
        pthread_mutex_lock(&lock);
        counter = counter + 1;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static double run(void *(*fn)(void *)) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    counter = 0;
    atomic_store(&ready, 0);
    pthread_t t1, t2;
    pthread_create(&t1, NULL, fn, NULL);
    pthread_create(&t2, NULL, fn, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("Two threads, each doing counter = counter + 1 one million times. Expected: %d.\n", 2 * N);
    printf("On RISC-V the statement compiles to three instructions, e.g.\n"
           "    ld   a5, 0(a3)     # load counter\n"
           "    addi a5, a5, 1     # add one (in a register, private to the thread)\n"
           "    sd   a5, 0(a3)     # store it back\n"
           "and another thread can run between the load and the store.\n\n");

    long worst = 2L * N;
    int runs = 0;
    double ms = 0;
    for (runs = 1; runs <= 10; runs++) {
        ms = run(unlocked);
        printf("without a lock, run %d: counter = %ld (%.0f ms)\n", runs, counter, ms);
        if (counter < worst) worst = counter;
        if (counter != 2L * N) break;
    }
    printf("lost updates: %s", worst != 2L * N ? "yes" : "no");
    if (worst != 2L * N)
        printf(" - %ld increments vanished because the threads overwrote each other.\n", 2L * N - worst);
    else
        printf(" - this time the threads never interleaved inside the three instructions\n"
               "  (likely with one CPU); the bug is still there, it just did not show.\n");

    ms = run(locked);
    printf("\nwith a pthread mutex: counter = %ld (%.0f ms) - exact, every time.\n", counter, ms);
    printf("The mutex makes load-add-store a critical section: a thread that finds it locked\n"
           "sleeps until the holder unlocks, so the two threads take turns.\n");
    return 0;
}
