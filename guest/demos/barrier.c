/* barrier: threads wait for each other at the end of each phase. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "demo.h"

static const char HELP[] =
    "barrier: a barrier (pthread_barrier_t) makes a group of threads meet: each thread calling\n"
    "pthread_barrier_wait() sleeps until all N have arrived, then all go on together. It suits\n"
    "work in phases where phase k+1 needs everything computed in phase k - like the rows of a\n"
    "simulation step. Here 4 threads compute, in each of 3 phases, a value from all the values of\n"
    "the previous phase. Exactly one thread per barrier gets PTHREAD_BARRIER_SERIAL_THREAD back;\n"
    "that one prints the phase's results, so the output is in order although the threads finish\n"
    "their work in a different order (their arrivals are listed) every time.\n";

enum { T = 4, PHASES = 3 };
static pthread_barrier_t bar;
static long value[PHASES + 1][T];
static int arrival[T], arrived;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
    int me = (int)(long)arg;
    for (int p = 1; p <= PHASES; p++) {
        long sum = 0;
        for (int k = 0; k < T; k++) sum += value[p - 1][k]; /* needs the whole previous phase */
        sleep_ms((me * 7 + p * 3) % 10);                   /* uneven work */
        value[p][me] = sum + me;
        pthread_mutex_lock(&m);
        arrival[arrived++] = me;
        pthread_mutex_unlock(&m);
        if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD) {
            printf("phase %d: threads arrived in the order", p);
            for (int i = 0; i < T; i++) printf(" %d", arrival[i]);
            printf("; thread %d was the serial thread and reports:\n  values", me);
            for (int k = 0; k < T; k++) printf(" %ld", value[p][k]);
            printf("\n");
            arrived = 0;
        }
        pthread_barrier_wait(&bar); /* nobody starts the next phase before the report is done */
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("%d threads, %d phases; value[p][i] = sum of all value[p-1][*] + i, value[0][*] = 1.\n", T, PHASES);
    for (int k = 0; k < T; k++) value[0][k] = 1;
    pthread_barrier_init(&bar, NULL, T);
    pthread_t t[T];
    for (int i = 0; i < T; i++) pthread_create(&t[i], NULL, worker, (void *)(long)i);
    for (int i = 0; i < T; i++) pthread_join(t[i], NULL);
    printf("Without the barrier a fast thread could read value[p-1] before a slow one wrote it.\n");
    return 0;
}
