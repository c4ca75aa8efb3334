/* rwlock: many readers at once, or one writer alone. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "demo.h"

static const char HELP[] =
    "rwlock: a read-write lock (pthread_rwlock_t) protects data that is read often and written\n"
    "rarely. Any number of threads may hold it for reading at the same time, because readers do\n"
    "not disturb each other; a writer needs it alone, so it waits until every reader has left,\n"
    "and while it writes no reader can enter. A mutex would make the readers queue up one by\n"
    "one for no reason. The demo first shows the rules step by step with trylock calls, then\n"
    "lets 4 reader threads and 1 writer thread share a small 'configuration' whose two fields\n"
    "must always agree: the readers never see a half-written update.\n";

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static sem_t step_done, next_step;

static const char *res(int r) { return r == 0 ? "got it" : r == EBUSY ? "EBUSY (would have to wait)" : strerror(r); }

static void *reader_a(void *arg) {
    pthread_rwlock_rdlock(&rw);
    printf("  reader A: rdlock -> got it; A now holds the lock for reading\n");
    sem_post(&step_done);
    sem_wait(&next_step);
    pthread_rwlock_unlock(&rw);
    printf("  reader A: unlock\n");
    sem_post(&step_done);
    return NULL;
}

static struct {
    int version;
    int copy_of_version; /* always equal to version, except in the middle of an update */
} config;
static int torn, reads, writes;
static pthread_mutex_t stats = PTHREAD_MUTEX_INITIALIZER;

static void *reader(void *arg) {
    int mine_torn = 0, mine_reads = 0;
    for (int i = 0; i < 20000; i++) {
        pthread_rwlock_rdlock(&rw);
        if (config.version != config.copy_of_version) mine_torn++;
        mine_reads++;
        pthread_rwlock_unlock(&rw);
    }
    pthread_mutex_lock(&stats);
    torn += mine_torn;
    reads += mine_reads;
    pthread_mutex_unlock(&stats);
    return NULL;
}

static void *writer(void *arg) {
    for (int i = 0; i < 2000; i++) {
        pthread_rwlock_wrlock(&rw);
        config.version++;
        for (volatile int k = 0; k < 50; k++) {
        } /* a slow update: readers would catch it half-done without the lock */
        config.copy_of_version = config.version;
        writes++;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    sem_init(&step_done, 0, 0);
    sem_init(&next_step, 0, 0);
    printf("Part 1: the rules.\n");
    pthread_t a;
    pthread_create(&a, NULL, reader_a, NULL);
    sem_wait(&step_done);
    int r = pthread_rwlock_tryrdlock(&rw);
    printf("  main    : tryrdlock while A reads -> %s: readers share the lock\n", res(r));
    if (r == 0) pthread_rwlock_unlock(&rw);
    r = pthread_rwlock_trywrlock(&rw);
    printf("  main    : trywrlock while A reads -> %s: a writer must wait for all readers\n", res(r));
    if (r == 0) pthread_rwlock_unlock(&rw);
    sem_post(&next_step);
    sem_wait(&step_done);
    pthread_join(a, NULL);
    r = pthread_rwlock_wrlock(&rw);
    printf("  main    : wrlock once A has left -> %s: main now writes, alone\n", res(r));
    r = pthread_rwlock_tryrdlock(&rw);
    printf("  main    : tryrdlock while a writer holds it -> %s: nobody reads during a write\n", res(r));
    pthread_rwlock_unlock(&rw);
    printf("  main    : unlock\n");

    printf("\nPart 2: 4 readers x 20000 reads and 1 writer x 2000 updates of {version, copy_of_version}.\n");
    pthread_t t[5];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, reader, NULL);
    pthread_create(&t[4], NULL, writer, NULL);
    for (int i = 0; i < 5; i++) pthread_join(t[i], NULL);
    printf("  reads: %d, writes: %d, final version: %d\n", reads, writes, config.version);
    printf("  reads that saw version != copy_of_version (a half-done update): %d\n", torn);
    printf("  The write lock kept every update whole; the read lock let the readers run side by side.\n");
    return 0;
}
