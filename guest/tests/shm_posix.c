/* shm_posix: POSIX shared memory and named semaphores, i.e. MAP_SHARED file mappings.
 *
 * shm_open makes a file in the tmpfs at /dev/shm; ftruncate sizes it; mmap(MAP_SHARED) maps
 * its pages. Checked: writes through a mapping reach the file (pread) and every other mapping
 * (a second one in the same process, and the parent's after a fork, and one made by a child
 * that opened the object by name); writes through the fd reach the mappings; MAP_PRIVATE
 * copies on write; the object outlives shm_unlink while mapped; msync's rules; a process-shared
 * unnamed semaphore ping-pong in the shared page; a named semaphore (sem_open, a file
 * "sem.NAME" in /dev/shm) posted by a child and waited for by the parent. Names carry the pid;
 * everything is unlinked at the end. Processes meet through semaphores and wait, never sleep. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "procs.h"

static void check_err(const char *name, long ret, int expected) {
    check_str(name, ret == -1 ? errno_name(errno) : "success", errno_name(expected));
}

static void check_ok(const char *name, long ret) {
    check_str(name, ret >= 0 ? "success" : errno_name(errno), "success");
}

struct shared {
    sem_t ping, pong;
    atomic_long counter;
    long turns[2];
};

int main(void) {
    char name[64], semname[64];
    snprintf(name, sizeof name, "/shm_posix.%d", (int)getpid());
    snprintf(semname, sizeof semname, "/sem_posix.%d", (int)getpid());
    const long size = 3 * 4096;

    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    check_ok("shm_open create", fd);
    check_err("shm_open O_EXCL again", shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600), EEXIST);
    check_ok("ftruncate", ftruncate(fd, size));
    struct stat st;
    check_true("fstat size", fstat(fd, &st) == 0 && st.st_size == size && S_ISREG(st.st_mode));
    char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check_true("mmap MAP_SHARED", p != MAP_FAILED);
    check_true("fresh object is zeros", p[0] == 0 && p[size - 1] == 0);

    /* mapping <-> file <-> second mapping */
    strcpy(p, "written through the mapping");
    char buf[64] = {0};
    check_i64("pread", pread(fd, buf, 27, 0), 27);
    check_str("the file sees the mapping's write", buf, "written through the mapping");
    check_i64("pwrite", pwrite(fd, "through the fd", 15, 100), 15);
    check_str("the mapping sees the fd's write", p + 100, "through the fd");
    char *q = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check_true("second mapping", q != MAP_FAILED && q != p);
    q[200] = 'Q';
    check_true("one page for both mappings", p[200] == 'Q');
    char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    check_true("MAP_PRIVATE sees the file", priv != MAP_FAILED && strcmp(priv, "written through the mapping") == 0);
    priv[0] = 'X';
    check_true("MAP_PRIVATE writes stay private", p[0] == 'w' && priv[0] == 'X');
    check_ok("munmap private", munmap(priv, 4096));

    /* msync */
    check_ok("msync MS_SYNC", msync(p, size, MS_SYNC));
    check_ok("msync MS_ASYNC|MS_INVALIDATE", msync(p, 4096, MS_ASYNC | MS_INVALIDATE));
    check_err("msync unaligned", msync(p + 1, 4096, MS_SYNC), EINVAL);
    check_err("msync both", msync(p, 4096, MS_SYNC | MS_ASYNC), EINVAL);
    check_err("msync bad flag", msync(p, 4096, 8), EINVAL);
    check_ok("munmap q", munmap(q, size));
    check_err("msync unmapped", msync(q, 4096, MS_SYNC), ENOMEM);

    /* across fork, and a child that maps the object by name */
    pid_t pid = xfork();
    if (pid == 0) {
        strcpy(p + 4096, "child wrote this");
        int cfd = shm_open(name, O_RDWR, 0);
        if (cfd < 0) _exit(2);
        char *c = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
        if (c == MAP_FAILED) _exit(3);
        strcpy(c + 8192, "by name");
        _exit(strcmp(c, "written through the mapping") == 0 ? 0 : 4);
    }
    check_str("child", status_str(wait_for(pid, 0)), "exited 0");
    check_str("the parent sees the child's write", p + 4096, "child wrote this");
    check_str("and the write through its own mapping", p + 8192, "by name");
    check_i64("pread the child's bytes", pread(fd, buf, 7, 8192), 7);

    /* process-shared unnamed semaphores in the shared page: strict alternation */
    struct shared *s = (struct shared *)(p + 8192 + 64);
    check_ok("sem_init ping", sem_init(&s->ping, 1, 0));
    check_ok("sem_init pong", sem_init(&s->pong, 1, 0));
    atomic_store(&s->counter, 0);
    enum { ROUNDS = 200 };
    pid = xfork();
    if (pid == 0) {
        for (int i = 0; i < ROUNDS; i++) {
            while (sem_wait(&s->ping) < 0 && errno == EINTR) {}
            s->turns[1] += atomic_fetch_add(&s->counter, 1) % 2 == 1;
            sem_post(&s->pong);
        }
        _exit(0);
    }
    for (int i = 0; i < ROUNDS; i++) {
        s->turns[0] += atomic_fetch_add(&s->counter, 1) % 2 == 0;
        sem_post(&s->ping);
        while (sem_wait(&s->pong) < 0 && errno == EINTR) {}
    }
    check_str("ping-pong child", status_str(wait_for(pid, 0)), "exited 0");
    check_i64("counter", atomic_load(&s->counter), 2 * ROUNDS);
    check_true("strict alternation", s->turns[0] == ROUNDS && s->turns[1] == ROUNDS);
    sem_destroy(&s->ping);
    sem_destroy(&s->pong);

    /* named semaphores */
    sem_t *sem = sem_open(semname, O_CREAT | O_EXCL, 0600, 0);
    check_true("sem_open create", sem != SEM_FAILED);
    check_true("sem_open O_EXCL again", sem_open(semname, O_CREAT | O_EXCL, 0600, 0) == SEM_FAILED && errno == EEXIST);
    char path[96];
    snprintf(path, sizeof path, "/dev/shm/sem.%s", semname + 1);
    check_true("a file in /dev/shm", stat(path, &st) == 0 && S_ISREG(st.st_mode));
    pid = xfork();
    if (pid == 0) {
        sem_t *c = sem_open(semname, 0);
        if (c == SEM_FAILED) _exit(2);
        for (int i = 0; i < 3; i++) sem_post(c);
        sem_close(c);
        _exit(0);
    }
    int ok = 1;
    for (int i = 0; i < 3; i++) ok &= sem_wait(sem) == 0;
    check_true("three posts from the child", ok);
    int v = -1;
    check_true("value 0", sem_getvalue(sem, &v) == 0 && v == 0);
    check_err("sem_trywait", sem_trywait(sem), EAGAIN);
    check_str("poster child", status_str(wait_for(pid, 0)), "exited 0");
    check_ok("sem_post", sem_post(sem));
    check_true("value 1", sem_getvalue(sem, &v) == 0 && v == 1);
    check_ok("sem_close", sem_close(sem));
    check_ok("sem_unlink", sem_unlink(semname));
    check_true("gone", sem_open(semname, 0) == SEM_FAILED && errno == ENOENT);

    /* the object outlives its name while mapped */
    check_ok("close", close(fd));
    check_ok("shm_unlink", shm_unlink(name));
    check_err("shm_open after unlink", shm_open(name, O_RDWR, 0), ENOENT);
    check_str("the mapping keeps the bytes", p, "written through the mapping");
    check_ok("munmap", munmap(p, size));
    return finish("shm_posix");
}
