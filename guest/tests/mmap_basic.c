/* mmap_basic: anonymous mappings, MAP_FIXED, partial munmap, mprotect, mremap (grow in place,
 * move, shrink) keeping contents, MADV_DONTNEED zeroing, brk/sbrk, and a read-only private file
 * mapping of the program itself. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

static uint64_t sum(const unsigned char *p, size_t n) {
    uint64_t s = 0;
    for (size_t i = 0; i < n; i++) s = s * 31 + p[i];
    return s;
}

int main(int argc, char **argv) {
    (void)argc;
    const size_t page = 4096;
    unsigned char *a = mmap(NULL, 16 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check_i64("mmap ok", a != MAP_FAILED, 1);
    check_i64("page aligned", ((uintptr_t)a & (page - 1)) == 0, 1);
    check_i64("zero filled", a[0] == 0 && a[16 * page - 1] == 0, 1);
    for (size_t i = 0; i < 16 * page; i++) a[i] = (unsigned char)(i * 7);
    uint64_t before = sum(a, 16 * page);

    check_i64("munmap middle", munmap(a + 4 * page, 4 * page), 0);
    unsigned char *fixed = mmap(a + 4 * page, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check_i64("MAP_FIXED at the hole", fixed == a + 4 * page, 1);
    check_i64("refilled with zeros", fixed[0] == 0 && fixed[4 * page - 1] == 0, 1);
    check_i64("neighbours kept", a[4 * page - 1] == (unsigned char)((4 * page - 1) * 7) && a[8 * page] == (unsigned char)(8 * page * 7), 1);
    for (size_t i = 4 * page; i < 8 * page; i++) a[i] = (unsigned char)(i * 7);
    check_i64("contents restored", sum(a, 16 * page) == before, 1);

    check_i64("mprotect read-only", mprotect(a, page, PROT_READ), 0);
    check_i64("still readable", a[1] == 7, 1);
    check_i64("mprotect back", mprotect(a, page, PROT_READ | PROT_WRITE), 0);
    a[1] = 8;
    check_i64("writable again", a[1] == 8, 1);
    a[1] = 7;
    check_i64("mprotect of a hole fails", mprotect(a + 64 * page, page, PROT_READ) == -1 && errno == ENOMEM, 1);

    unsigned char *b = mremap(a, 16 * page, 64 * page, MREMAP_MAYMOVE);
    check_i64("mremap grow", b != MAP_FAILED, 1);
    check_i64("mremap keeps contents", sum(b, 16 * page) == before, 1);
    check_i64("grown part is zero", b[63 * page] == 0, 1);
    unsigned char *c = mremap(b, 64 * page, 8 * page, 0);
    check_i64("mremap shrink in place", c == b, 1);
    check_i64("shrunk keeps head", sum(c, 8 * page) == sum(b, 8 * page), 1);
    unsigned char *d = mremap(c, 8 * page, 4096 * page, 0);
    check_i64("mremap grow without MAYMOVE: in place or ENOMEM", d == c || (d == MAP_FAILED && errno == ENOMEM), 1);
    if (d == MAP_FAILED) d = c;

    check_i64("madvise DONTNEED", madvise(d, page, MADV_DONTNEED), 0);
    check_i64("private anonymous page reads zero after DONTNEED", d[1], 0);
    check_i64("other pages untouched", d[page + 1] == (unsigned char)((page + 1) * 7), 1);
    check_i64("munmap all", munmap(d, 8 * page), 0);

    void *brk0 = sbrk(0);
    check_i64("sbrk grow", sbrk(100000) == brk0, 1);
    memset(brk0, 0x5a, 100000);
    check_i64("heap writable", ((unsigned char *)brk0)[99999], 0x5a);
    check_i64("sbrk shrink", sbrk(-100000) != (void *)-1, 1);
    check_i64("break back", sbrk(0) == brk0, 1);

    int fd = open(argv[0], O_RDONLY);
    check_i64("open self", fd >= 0, 1);
    unsigned char *f = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
    check_i64("mmap self", f != MAP_FAILED, 1);
    if (fd < 0 || f == MAP_FAILED) return finish("mmap_basic");
    check_i64("ELF magic through the mapping", f[0] == 0x7f && f[1] == 'E' && f[2] == 'L' && f[3] == 'F', 1);
    unsigned char *g = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    g[0] = 0;
    check_i64("private file mapping is copy-on-write", f[0] == 0x7f && g[0] == 0, 1);
    close(fd);
    check_i64("mapping survives close", f[1], 'E');
    return finish("mmap_basic");
}
