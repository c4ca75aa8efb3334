/* race: two threads each do the primer's non-atomic i = i + 1 a million times, then the process
 * sleeps 2 s and reports how long the sleep took on CLOCK_MONOTONIC. Used by
 * DeterminismTest: under --deterministic the lost updates repeat exactly for one seed, and the
 * sleep advances virtual time by exactly 2 s. Not a differential test: the count is a race. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static volatile long counter;

static void *work(void *arg) {
    for (int k = 0; k < 1000000; k++) counter = counter + 1;
    return arg;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, work, NULL);
    pthread_create(&b, NULL, work, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sleep(2);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ns = (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec);
    printf("counter = %ld (lost %ld)\nslept %ld ns\n", counter, 2000000 - counter, ns);
    return 0;
}
