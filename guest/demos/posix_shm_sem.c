/* posix_shm_sem: producer and consumer processes share a ring buffer in POSIX shared memory
 * (shm_open + ftruncate + mmap) and coordinate with named POSIX semaphores (sem_open). */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "posix_shm_sem: the POSIX way to share memory between processes. shm_open(\"/name\") opens\n"
    "(or creates) a shared memory object - on Linux a file in the tmpfs /dev/shm - ftruncate()\n"
    "gives it a size and mmap(MAP_SHARED) maps it, so stores by one process are seen by every\n"
    "other process that mapped it. sem_open(\"/name\") opens a named semaphore the same way\n"
    "(glibc keeps it in /dev/shm/sem.name). Here a producer process puts 10 items into a ring\n"
    "buffer of 4 slots in the shared memory, and a consumer process takes them out. Two\n"
    "counting semaphores do the coordination: \"slots\" (starts at 4) counts free slots, the\n"
    "producer waits on it before writing; \"items\" (starts at 0) counts full slots, the consumer\n"
    "waits on it before reading. A full buffer makes the producer sleep, an empty one the\n"
    "consumer; with one producer and one consumer no further lock is needed. The consumer is a\n"
    "forked child, but it opens everything again BY NAME, exactly as an unrelated program would.\n"
    "At the end shm_unlink() and sem_unlink() remove the names.\n";

enum { SLOTS = 4, ITEMS = 10 };

struct ring {
    char slot[SLOTS][32];
    int done; /* set by the consumer, read by the parent at the end */
};

static char shm_name[64], slots_name[64], items_name[64];

static void show_dev_shm(void) {
    char path[96];
    const char *names[] = {shm_name, slots_name, items_name};
    for (int i = 0; i < 3; i++) {
        struct stat st;
        /* a named semaphore "/x" lives in /dev/shm/sem.x; a shared memory object "/x" in /dev/shm/x */
        snprintf(path, sizeof path, "/dev/shm/%s%s", i ? "sem." : "", names[i] + 1);
        if (stat(path, &st) == 0)
            printf("  %-32s %lld bytes\n", path, (long long)st.st_size);
        else
            printf("  %-32s %s\n", path, strerror(errno));
    }
}

static int consumer(void) {
    int fd = shm_open(shm_name, O_RDWR, 0);
    struct ring *r = fd < 0 ? MAP_FAILED : mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    sem_t *slots = sem_open(slots_name, 0), *items = sem_open(items_name, 0);
    if (r == MAP_FAILED || slots == SEM_FAILED || items == SEM_FAILED) {
        printf("  consumer: opening by name failed: %s\n", strerror(errno));
        return 1;
    }
    close(fd); /* the mapping stays */
    printf("  consumer %d: shm_open + mmap put the object at %p here (the address may differ,\n"
           "  the memory is the same); sem_open found both semaphores by name.\n", (int)getpid(), (void *)r);
    for (int i = 0; i < ITEMS; i++) {
        sem_wait(items); /* sleeps while the buffer is empty */
        printf("  consumer: slot %d holds \"%s\"\n", i % SLOTS, r->slot[i % SLOTS]);
        sem_post(slots); /* one more free slot: may wake the producer */
    }
    r->done = ITEMS;
    munmap(r, sizeof *r);
    sem_close(slots);
    sem_close(items);
    return 0;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    snprintf(shm_name, sizeof shm_name, "/demo_ring_%d", (int)getpid());
    snprintf(slots_name, sizeof slots_name, "/demo_slots_%d", (int)getpid());
    snprintf(items_name, sizeof items_name, "/demo_items_%d", (int)getpid());

    int fd = shm_open(shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        printf("shm_open(\"%s\") failed: %s (it needs /dev/shm)\n", shm_name, strerror(errno));
        return 1;
    }
    struct stat st;
    fstat(fd, &st);
    printf("shm_open(\"%s\", O_CREAT | O_EXCL | O_RDWR) -> fd %d, size %lld: a new object is empty.\n",
           shm_name, fd, (long long)st.st_size);
    ftruncate(fd, sizeof(struct ring));
    fstat(fd, &st);
    printf("ftruncate(fd, %zu) -> size %lld.\n", sizeof(struct ring), (long long)st.st_size);
    struct ring *r = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (r == MAP_FAILED) {
        printf("mmap failed: %s\n", strerror(errno));
        shm_unlink(shm_name);
        return 1;
    }
    close(fd);
    printf("mmap(MAP_SHARED) -> %p (the descriptor can be closed now; the mapping stays).\n", (void *)r);
    sem_t *slots = sem_open(slots_name, O_CREAT | O_EXCL, 0600, SLOTS);
    sem_t *items = sem_open(items_name, O_CREAT | O_EXCL, 0600, 0);
    if (slots == SEM_FAILED || items == SEM_FAILED) {
        printf("sem_open failed: %s\n", strerror(errno));
        shm_unlink(shm_name);
        sem_unlink(slots_name);
        return 1;
    }
    printf("sem_open(\"%s\", value %d) and sem_open(\"%s\", value 0).\n", slots_name, SLOTS, items_name);
    printf("In /dev/shm:\n");
    show_dev_shm();

    printf("\nThe parent produces %d items into %d slots; a child consumes them:\n", ITEMS, SLOTS);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(consumer());
    /* the producer stays quiet while the consumer prints, so the output has one order */
    for (int i = 0; i < ITEMS; i++) {
        sem_wait(slots); /* sleeps while all 4 slots are full */
        snprintf(r->slot[i % SLOTS], sizeof r->slot[0], "item %d from pid %d", i + 1, (int)getpid());
        sem_post(items); /* one more full slot: may wake the consumer */
    }
    int status;
    waitpid(pid, &status, 0);
    int v;
    sem_getvalue(slots, &v);
    printf("\nThe consumer is done (it took %d items); \"slots\" is back at %d.\n", r->done, v);
    printf("The producer was at most %d items ahead: with all slots full, sem_wait(slots) made it sleep.\n",
           SLOTS);
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && r->done == ITEMS;
    munmap(r, sizeof *r);
    sem_close(slots);
    sem_close(items);
    shm_unlink(shm_name);
    sem_unlink(slots_name);
    sem_unlink(items_name);
    printf("\nshm_unlink and sem_unlink remove the names:\n");
    show_dev_shm();
    return ok ? 0 : 1;
}
