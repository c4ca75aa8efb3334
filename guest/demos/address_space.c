/* address_space: the regions of a process's virtual address space, and how they change. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "address_space: every process sees its own virtual address space, laid out in regions:\n"
    "text (the program's machine code, read-only and executable), read-only data, data and bss\n"
    "(initialized and zeroed global variables, writable), the heap (grows upward with brk/sbrk,\n"
    "where malloc gets small blocks), memory mappings (mmap: big malloc blocks, files, thread\n"
    "stacks) and the stack (local variables, grows downward). /proc/self/maps lists the regions\n"
    "with their addresses and permissions. The demo prints the address of one variable of each\n"
    "kind, then the region list, then grows the heap by 1 MiB with sbrk and maps 4 MiB with mmap\n"
    "and shows what changed, and finally forks: the child has the very same layout, because fork\n"
    "copies the address space (pages are shared copy-on-write until one side writes).\n";

static const char rodata[] = "a constant string";
static int data_var = 42; /* .data */
static int bss_var;       /* .bss */

struct region {
    unsigned long start, end;
    char perms[5];
    char name[160];
};

static char exe[256];
static unsigned long brk_now;

static int snapshot(struct region *r, int max) {
    brk_now = (unsigned long)sbrk(0);
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return -1;
    char line[512];
    int n = 0;
    while (n < max && fgets(line, sizeof line, f)) {
        r[n].name[0] = 0;
        if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %159[^\n]", &r[n].start, &r[n].end, r[n].perms, r[n].name) >= 3) n++;
    }
    fclose(f);
    return n;
}

static const char *kind(const struct region *r, const struct region *prev) {
    if (strcmp(r->name, "[heap]") == 0) return "heap";
    if (strcmp(r->name, "[stack]") == 0) return "stack";
    if (r->name[0] == '[') return "kernel-provided (vdso)";
    if (exe[0] && strcmp(r->name, exe) == 0) {
        if (r->perms[2] == 'x') return "text (code)";
        if (r->perms[1] == 'w') return "data (globals)";
        return "read-only data";
    }
    if (r->name[0] == 0) {
        int after_data = prev && exe[0] && strcmp(prev->name, exe) == 0 && prev->end == r->start && r->perms[1] == 'w';
        int has_brk = brk_now > r->start && brk_now <= r->end;
        if (after_data && has_brk) return "bss + heap (brk)";
        if (has_brk) return "heap (brk)";
        if (after_data) return "bss (zeroed globals)";
        if (strcmp(r->perms, "---p") == 0) return "guard (no access)";
        return "mmap (anonymous)";
    }
    return "mmap (file)";
}

static void print_region(const struct region *r, const struct region *prev, const char *mark) {
    printf("  %s%012lx-%012lx %6lu KiB %s  %-22s %s\n", mark, r->start, r->end, (r->end - r->start) / 1024, r->perms,
           kind(r, prev), r->name);
}

static void print_all(struct region *r, int n) {
    for (int i = 0; i < n; i++) print_region(&r[i], i ? &r[i - 1] : NULL, "");
}

/* prints the regions of b that are not exactly in a */
static void print_changes(struct region *a, int na, struct region *b, int nb) {
    int any = 0;
    for (int i = 0; i < nb; i++) {
        int same = 0;
        for (int k = 0; k < na; k++)
            if (a[k].start == b[i].start && a[k].end == b[i].end && strcmp(a[k].perms, b[i].perms) == 0) same = 1;
        if (!same) {
            print_region(&b[i], i ? &b[i - 1] : NULL, "+ ");
            any = 1;
        }
    }
    if (!any) printf("  (no region changed)\n");
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[len > 0 ? len : 0] = 0;
    int local = 1;
    char *small = malloc(32);
    void *map = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("Addresses of a few things in this process:\n");
    printf("  %-34s %p\n", "main() (text)", (void *)main);
    printf("  %-34s %p\n", "a string constant (read-only data)", (void *)rodata);
    printf("  %-34s %p\n", "an initialized global (data)", (void *)&data_var);
    printf("  %-34s %p\n", "a zero global (bss)", (void *)&bss_var);
    printf("  %-34s %p   (program break: %p)\n", "malloc(32) (heap)", (void *)small, sbrk(0));
    printf("  %-34s %p\n", "mmap(64 KiB)", map);
    printf("  %-34s %p\n\n", "a local variable (stack)", (void *)&local);

    static struct region before[256], after[256];
    int nb = snapshot(before, 256);
    if (nb < 0) {
        printf("/proc/self/maps: (no /proc) - the region list is not available, but the addresses\n"
               "above show the same layout: text low, then data, bss and heap, mappings and the\n"
               "stack high up.\n");
    } else {
        printf("/proc/self/maps, %d regions (low addresses first):\n", nb);
        print_all(before, nb);
    }

    void *old_brk = sbrk(0);
    sbrk(1 << 20);
    printf("\nsbrk(1 MiB): the program break moved from %p to %p; the heap grew upward.\n", old_brk, sbrk(0));
    int na = snapshot(after, 256);
    if (na >= 0) print_changes(before, nb, after, na);
    memcpy(before, after, sizeof after);
    nb = na;

    char *big = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    big[0] = 'p';
    printf("\nmmap(4 MiB) returned %p: a new region among the mappings (or an existing one grown).\n",
           (void *)big);
    na = snapshot(after, 256);
    if (na >= 0) print_changes(before, nb, after, na);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct region child[256];
        int nc = snapshot(child, 256);
        printf("\nIn a forked child (pid %d):\n", (int)getpid());
        if (nc >= 0) {
            printf("  compared with the parent's list:\n");
            print_changes(after, na, child, nc);
        }
        big[0] = 'c';
        printf("  the child wrote 'c' at %p, where the parent had written 'p'\n", (void *)big);
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("  back in the parent, %p still holds '%c': copy-on-write gave the child its own copy\n"
           "  of that page when it wrote; same virtual address, different physical memory.\n",
           (void *)big, big[0]);
    return 0;
}
