/* condvar: producer/consumer with a bounded buffer, a mutex and two condition variables. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "demo.h"

static const char HELP[] =
    "condvar: a condition variable lets a thread sleep until some condition on shared data\n"
    "becomes true, instead of checking it in a busy loop. It is always used with a mutex: lock,\n"
    "check the condition in a while loop, and if it does not hold call pthread_cond_wait(),\n"
    "which atomically unlocks the mutex and sleeps, and locks it again before returning. Whoever\n"
    "changes the data signals the condition. Here a producer puts 12 numbered items into a\n"
    "buffer with room for 4 and a consumer takes them out, more slowly. When the buffer is full\n"
    "the producer waits on 'not_full'; each item taken signals it. When the buffer is empty the\n"
    "consumer waits on 'not_empty'; each item put signals it. The exact interleaving depends on\n"
    "the scheduler; the totals at the end do not.\n";

enum { CAP = 4, ITEMS = 12 };
static int buf[CAP], head, count;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static int producer_waits, consumer_waits;

static void show(const char *who, const char *what, int item) {
    if (item)
        printf("  %-8s %-30s item %2d   buffer [", who, what, item);
    else
        printf("  %-8s %-30s           buffer [", who, what);
    for (int i = 0; i < CAP; i++) {
        if (i < count)
            printf("%3d", buf[(head + i) % CAP]);
        else
            printf("  .");
    }
    printf(" ]\n");
}

static void *producer(void *arg) {
    for (int item = 1; item <= ITEMS; item++) {
        pthread_mutex_lock(&m);
        while (count == CAP) {
            show("producer", "buffer full: wait(not_full)", item);
            producer_waits++;
            pthread_cond_wait(&not_full, &m);
        }
        buf[(head + count) % CAP] = item;
        count++;
        show("producer", "put, signal(not_empty)", item);
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

static void *consumer(void *arg) {
    long sum = 0;
    for (int n = 0; n < ITEMS; n++) {
        pthread_mutex_lock(&m);
        while (count == 0) {
            show("consumer", "buffer empty: wait(not_empty)", 0);
            consumer_waits++;
            pthread_cond_wait(&not_empty, &m);
        }
        int item = buf[head];
        head = (head + 1) % CAP;
        count--;
        show("consumer", "took, signal(not_full)", item);
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&m);
        sum += item;
        sleep_ms(5); /* "processing": slower than the producer, so the buffer fills up */
    }
    return (void *)sum;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("A producer and a slower consumer share a buffer of %d slots; %d items go through.\n", CAP, ITEMS);
    pthread_t p, c;
    void *sum;
    pthread_create(&c, NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, &sum);
    printf("\nThe consumer received items summing to %ld (expected %d): none lost, none twice.\n", (long)sum,
           ITEMS * (ITEMS + 1) / 2);
    printf("The producer slept %d time(s) on a full buffer, the consumer %d time(s) on an empty one,\n"
           "without spending any CPU time while waiting.\n",
           producer_waits, consumer_waits);
    return 0;
}
