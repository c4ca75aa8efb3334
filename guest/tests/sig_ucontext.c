/* sig_ucontext: what a SA_SIGINFO handler for a hardware fault sees in its siginfo and
 * ucontext, and resuming through a modified ucontext.
 * Small assembly probes fault at a known instruction with known register contents:
 *  - a load from an unmapped page: SIGSEGV SEGV_MAPERR, si_addr = the address; uc_mcontext
 *    __gregs[REG_PC] = the faulting ld, t1 (x6) = a marker, a0 = the address, sp = the probe's
 *    sp, __fpregs.__d.__f[0] = the marker's bits; uc_sigmask = the mask at the fault (SIGUSR2
 *    blocked, SIGSEGV not). The handler sets t2 (the load's destination) and f0, adds SIGHUP to
 *    uc_sigmask and advances the pc by 4: the probe resumes after the ld with those values and
 *    SIGHUP stays blocked after the handler.
 *  - a store to a read-only page: SEGV_ACCERR; an access past the end of a file mapping: SIGBUS
 *    BUS_ADRERR; `unimp`: SIGILL ILL_ILLOPC with si_addr = pc; `ebreak`: SIGTRAP TRAP_BRKPT.
 *  - a SIGSEGV handler that siglongjmps out (twice; the mask is restored each time).
 * The pc inside the faulting function is checked exactly against the probe's label. */
#include "procs.h"
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <ucontext.h>

/* long probe_load(long *addr, long marker, double *fout): t1 = marker, f0 = marker bits,
 * t2 = *addr (the faulting instruction), *fout = f0, returns t2. */
asm(".text\n"
    ".option push\n"
    ".option norvc\n"
    ".globl probe_load\n"
    ".type probe_load, @function\n"
    "probe_load:\n"
    "  mv t1, a1\n"
    "  li t2, 0\n"
    "  fmv.d.x ft0, a1\n"
    "  la t3, probe_sp\n"
    "  sd sp, 0(t3)\n"
    ".globl probe_load_insn\n"
    "probe_load_insn:\n"
    "  ld t2, 0(a0)\n"
    "  fsd ft0, 0(a2)\n"
    "  mv a0, t2\n"
    "  ret\n"
    ".size probe_load, .-probe_load\n"
    ".globl probe_store\n"
    ".type probe_store, @function\n"
    "probe_store:\n"
    ".globl probe_store_insn\n"
    "probe_store_insn:\n"
    "  sd a1, 0(a0)\n"
    "  ret\n"
    ".size probe_store, .-probe_store\n"
    ".globl probe_ill\n"
    ".type probe_ill, @function\n"
    "probe_ill:\n"
    "  li a0, 1\n"
    ".globl probe_ill_insn\n"
    "probe_ill_insn:\n"
    "  unimp\n"
    "  li a0, 2\n"
    "  ret\n"
    ".size probe_ill, .-probe_ill\n"
    ".globl probe_brk\n"
    ".type probe_brk, @function\n"
    "probe_brk:\n"
    "  li a0, 1\n"
    ".globl probe_brk_insn\n"
    "probe_brk_insn:\n"
    "  ebreak\n"
    "  li a0, 3\n"
    "  ret\n"
    ".size probe_brk, .-probe_brk\n"
    ".option pop\n");

long probe_load(long *addr, long marker, double *fout);
void probe_store(long *addr, long value);
long probe_ill(void);
long probe_brk(void);
extern char probe_load_insn[], probe_store_insn[], probe_ill_insn[], probe_brk_insn[];
uint64_t probe_sp;

static struct {
    int signo, code;
    void *addr;
    uintptr_t pc, t1, a0, sp;
    uint64_t f0;
    int usr2_in_uc_mask, segv_in_uc_mask;
    int count;
} g;
static int g_mode; /* 0 = record and resume at pc + 4, 1 = siglongjmp */
static sigjmp_buf g_jb;
static const double g_new_f0 = 2.5;

static void handler(int sig, siginfo_t *si, void *ucv) {
    ucontext_t *uc = ucv;
    g.count++;
    g.signo = si->si_signo;
    g.code = si->si_code;
    g.addr = si->si_addr;
    g.pc = uc->uc_mcontext.__gregs[REG_PC];
    g.t1 = uc->uc_mcontext.__gregs[6];
    g.a0 = uc->uc_mcontext.__gregs[REG_A0];
    g.sp = uc->uc_mcontext.__gregs[REG_SP];
    g.f0 = uc->uc_mcontext.__fpregs.__d.__f[0];
    g.usr2_in_uc_mask = sigismember(&uc->uc_sigmask, SIGUSR2);
    g.segv_in_uc_mask = sigismember(&uc->uc_sigmask, sig);
    if (g_mode == 1) siglongjmp(g_jb, 1);
    uc->uc_mcontext.__gregs[7] = 0x5a5a5a5a;                 /* t2: the load "returns" this */
    memcpy(&uc->uc_mcontext.__fpregs.__d.__f[0], &g_new_f0, 8); /* f0 after the return */
    sigaddset(&uc->uc_sigmask, SIGHUP);
    uc->uc_mcontext.__gregs[REG_PC] += 4;
}

static void install(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, NULL);
}

static int is_blocked(int sig) {
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    return sigismember(&m, sig);
}

static const char *code_name(int sig, int code) {
    if (sig == SIGSEGV) return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "?";
    if (sig == SIGBUS) return code == BUS_ADRERR ? "BUS_ADRERR" : code == BUS_ADRALN ? "BUS_ADRALN" : "?";
    if (sig == SIGILL) return code == ILL_ILLOPC ? "ILL_ILLOPC" : "?";
    if (sig == SIGTRAP) return code == TRAP_BRKPT ? "TRAP_BRKPT" : "?";
    return "?";
}

static void check_fault(const char *what, int sig, int code, void *addr, void *pc) {
    char n[96], got[64], want[64];
    snprintf(n, sizeof n, "%s: signal and si_code", what);
    snprintf(got, sizeof got, "%s %s", sig_name(g.signo), code_name(g.signo, g.code));
    snprintf(want, sizeof want, "%s %s", sig_name(sig), code_name(sig, code));
    check_str(n, got, want);
    snprintf(n, sizeof n, "%s: si_addr", what);
    check_true(n, g.addr == addr);
    snprintf(n, sizeof n, "%s: pc is the faulting instruction", what);
    check_true(n, g.pc == (uintptr_t)pc);
}

int main(void) {
    install(SIGSEGV);
    install(SIGBUS);
    install(SIGILL);
    install(SIGTRAP);
    long page = sysconf(_SC_PAGESIZE);
    char *area = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(area + page, page); /* a hole */
    long *hole = (long *)(area + page + 8);

    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, NULL);
    double f0 = 0;
    long marker = 0x1234567890abcdefL;
    long r = probe_load(hole, marker, &f0);
    check_i64("load fault: handler ran once", g.count, 1);
    check_fault("load from a hole", SIGSEGV, SEGV_MAPERR, hole, probe_load_insn);
    check_u64("uc_mcontext t1 (x6) = the marker", g.t1, (uint64_t)marker);
    check_true("uc_mcontext a0 = the address", g.a0 == (uintptr_t)hole);
    check_true("uc_mcontext sp = the probe's sp", g.sp == probe_sp);
    check_u64("uc_mcontext __fpregs f0 = the marker's bits", g.f0, (uint64_t)marker);
    check_true("uc_sigmask: SIGUSR2 (blocked at the fault)", g.usr2_in_uc_mask);
    check_true("uc_sigmask: not SIGSEGV", !g.segv_in_uc_mask);
    check_u64("resumed at pc + 4 with t2 set by the handler", (uint64_t)r, 0x5a5a5a5a);
    check_true("f0 set by the handler", f0 == 2.5);
    check_true("SIGHUP added to uc_sigmask is blocked after the handler", is_blocked(SIGHUP));
    check_true("SIGSEGV is not blocked after the handler", !is_blocked(SIGSEGV));
    sigemptyset(&s);
    sigprocmask(SIG_SETMASK, &s, NULL);

    /* store to a read-only page */
    mprotect(area, page, PROT_READ);
    g.count = 0;
    probe_store((long *)(area + 16), 99);
    check_i64("store fault: handler ran once", g.count, 1);
    check_fault("store to a read-only page", SIGSEGV, SEGV_ACCERR, area + 16, probe_store_insn);
    check_i64("the store did not happen", ((long *)area)[2], 0);

    /* SIGBUS past the end of a file */
    char dir[] = "/tmp/sig_ucontext.XXXXXX", path[64];
    mkdtemp(dir);
    snprintf(path, sizeof path, "%s/f", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    ftruncate(fd, page);
    char *map = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, 0);
    g.count = 0;
    r = probe_load((long *)(map + page + 64), 1, &f0);
    check_i64("SIGBUS: handler ran once", g.count, 1);
    check_fault("load past the end of a file mapping", SIGBUS, BUS_ADRERR, map + page + 64, probe_load_insn);
    munmap(map, 2 * page);
    close(fd);
    unlink(path);
    rmdir(dir);

    g.count = 0;
    r = probe_ill();
    check_i64("SIGILL: handler ran once", g.count, 1);
    check_fault("unimp", SIGILL, ILL_ILLOPC, probe_ill_insn, probe_ill_insn);
    check_i64("resumed after unimp", r, 2);

    g.count = 0;
    r = probe_brk();
    check_i64("SIGTRAP: handler ran once", g.count, 1);
    check_fault("ebreak", SIGTRAP, TRAP_BRKPT, probe_brk_insn, probe_brk_insn);
    check_i64("resumed after ebreak", r, 3);

    /* siglongjmp out of a SIGSEGV handler */
    g_mode = 1;
    for (int i = 0; i < 2; i++) {
        g.count = 0;
        volatile int came_back = 0;
        if (sigsetjmp(g_jb, 1) == 0) {
            probe_load(hole, 5, &f0);
        } else {
            came_back = 1;
        }
        char n[80];
        snprintf(n, sizeof n, "siglongjmp out of the handler, round %d", i + 1);
        check_true(n, came_back && g.count == 1 && g.pc == (uintptr_t)probe_load_insn);
        snprintf(n, sizeof n, "SIGSEGV unblocked again after round %d", i + 1);
        check_true(n, !is_blocked(SIGSEGV));
    }
    return finish("sig_ucontext");
}
