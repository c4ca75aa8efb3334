/* memory_limit: javix is a machine with --memory of RAM (1 GiB by default) and no swap. As
 * with Linux's heuristic overcommit, an allocation that cannot fit fails with ENOMEM at once
 * (malloc returns NULL), while memory that fits is given and used normally; the process and
 * the kernel live on. Not compared with qemu: the host has more memory. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "check.h"

int main(void) {
    errno = 0;
    void *huge = malloc(3UL << 30);
    int e = errno;
    check_true("malloc(3 GiB) returns NULL", huge == NULL);
    check_str("with errno", strerrorname_np(e), "ENOMEM");
    void *m = mmap(NULL, 2UL << 30, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    e = errno;
    check_true("mmap(2 GiB) fails", m == MAP_FAILED);
    check_str("mmap errno", strerrorname_np(e), "ENOMEM");
    char *ok = malloc(64UL << 20);
    check_true("malloc(64 MiB) works", ok != NULL);
    memset(ok, 1, 64UL << 20);
    long sum = 0;
    for (long i = 0; i < (64L << 20); i += 4096) sum += ok[i];
    check_i64("and is usable", sum, 16384);
    free(ok);
    void *ro = mmap(NULL, 4UL << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    check_true("reserving 4 GiB of address space without access is fine", ro != MAP_FAILED);
    return finish("memory_limit");
}
