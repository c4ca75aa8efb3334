/* pie_nolibc: a static position-independent executable (ET_DYN, no PT_INTERP) without libc:
 * Debian's cross glibc ships no rcrt1.o, so static-PIE programs here are freestanding. Checks
 * that the loader places it, that pc-relative data is reachable and writable, that its bss is
 * zero, and that the auxv tells its real entry point. Built by its own rule in guest/Makefile. */
typedef unsigned long u64;
static long sys(long n, long a, long b, long c) {
    register long a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c, a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}
static const char msg[] = "static-PIE: loaded and running\n";
static char bss[64];
static int counter = 41;
static void put(const char *s) { long n = 0; while (s[n]) n++; sys(64, 1, (long)s, n); }
void _start_c(u64 *sp) {
    u64 argc = sp[0];
    char **envp = (char **)(sp + 1 + argc + 1);
    while (*envp) envp++;
    u64 *auxv = (u64 *)(envp + 1);
    u64 entry = 0;
    for (; auxv[0]; auxv += 2) if (auxv[0] == 9) entry = auxv[1];
    u64 start;
    __asm__("lla %0, _start" : "=r"(start)); /* pc-relative: needs no relocation */
    put(msg);
    put(entry == start ? "AT_ENTRY is the loaded entry point\n" : "FAIL AT_ENTRY\n");
    put(bss[10] == 0 ? "bss is zero\n" : "FAIL bss\n");
    counter++;
    put(counter == 42 ? "data is writable\n" : "FAIL data\n");
    sys(94, argc == 1 ? 0 : 3, 0, 0);
}
__asm__(".globl _start\n_start:\n mv a0, sp\n call _start_c\n");
