/* sig_altstack: sigaltstack and SA_ONSTACK.
 * Initially SS_DISABLE; a stack smaller than MINSIGSTKSZ is ENOMEM, bad flags EINVAL; the query
 * returns what was set; an SA_ONSTACK handler runs on the alternate stack (a local's address
 * lies inside it) and sees SS_ONSTACK there, changing the stack from on it is EPERM; a nested
 * SA_ONSTACK handler stays on it, below the first; a handler without SA_ONSTACK runs on the
 * normal stack; SS_DISABLE switches it off; a fork child inherits the setting; and a stack
 * overflow (unbounded recursion) is caught by a SIGSEGV handler on the alternate stack that
 * siglongjmps out, while without an alternate stack the same overflow kills the child with
 * SIGSEGV. */
#include "procs.h"
#include <setjmp.h>
#include <stdint.h>

static char g_alt[65536] __attribute__((aligned(16)));
static volatile uintptr_t g_local, g_nested_local;
static volatile int g_flags_in_handler, g_eperm, g_nested_flags;
static volatile int g_nest;

static int on_alt(uintptr_t a) { return a >= (uintptr_t)g_alt && a < (uintptr_t)g_alt + sizeof g_alt; }

static void handler(int sig) {
    volatile char here;
    stack_t cur;
    sigaltstack(NULL, &cur);
    if (sig == SIGUSR2) {
        g_nested_local = (uintptr_t)&here;
        g_nested_flags = cur.ss_flags;
        return;
    }
    g_local = (uintptr_t)&here;
    g_flags_in_handler = cur.ss_flags;
    stack_t other = {.ss_sp = g_alt, .ss_size = sizeof g_alt, .ss_flags = 0};
    errno = 0;
    g_eperm = sigaltstack(&other, NULL) < 0 ? errno : 0;
    if (g_nest) raise(SIGUSR2);
}

static void set(int sig, int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static sigjmp_buf g_jb;
static volatile uintptr_t g_segv_local;
static void on_segv(int sig) {
    volatile char here;
    g_segv_local = (uintptr_t)&here;
    siglongjmp(g_jb, 1);
}

static int recurse(int depth) {
    volatile char pad[16384];
    memset((char *)pad, depth & 0xff, sizeof pad);
    if (depth > (1 << 20)) return pad[100];
    return recurse(depth + 1) + pad[depth & 1023];
}

/* in a child: overflow the stack; exit 0 if caught on the alternate stack */
static int overflow_child(int with_altstack) {
    pid_t p = xfork();
    if (p == 0) {
        if (with_altstack) {
            stack_t ss = {.ss_sp = g_alt, .ss_size = sizeof g_alt, .ss_flags = 0};
            sigaltstack(&ss, NULL);
        }
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_segv;
        sa.sa_flags = SA_ONSTACK;
        sigaction(SIGSEGV, &sa, NULL);
        if (sigsetjmp(g_jb, 1) == 0) {
            recurse(0);
            _exit(3);
        }
        _exit(on_alt(g_segv_local) ? 0 : 4);
    }
    return wait_for(p, 0);
}

int main(void) {
    stack_t ss;
    memset(&ss, 0xff, sizeof ss);
    check_i64("sigaltstack(NULL, &old)", sigaltstack(NULL, &ss), 0);
    check_true("initially SS_DISABLE", ss.ss_flags == SS_DISABLE);

    stack_t small = {.ss_sp = g_alt, .ss_size = 1024, .ss_flags = 0};
    errno = 0;
    check_errno("a 1024-byte stack (< MINSIGSTKSZ)", sigaltstack(&small, NULL), ENOMEM);
    stack_t bad = {.ss_sp = g_alt, .ss_size = sizeof g_alt, .ss_flags = 0x10};
    errno = 0;
    check_errno("bad ss_flags", sigaltstack(&bad, NULL), EINVAL);

    ss.ss_sp = g_alt;
    ss.ss_size = sizeof g_alt;
    ss.ss_flags = 0;
    check_i64("sigaltstack(64 KiB)", sigaltstack(&ss, NULL), 0);
    stack_t q;
    memset(&q, 0, sizeof q);
    sigaltstack(NULL, &q);
    check_true("query returns it", q.ss_sp == g_alt && q.ss_size == sizeof g_alt && q.ss_flags == 0);

    set(SIGUSR1, SA_ONSTACK);
    raise(SIGUSR1);
    check_true("SA_ONSTACK handler runs on the alternate stack", on_alt(g_local));
    check_true("...and sees SS_ONSTACK", g_flags_in_handler == SS_ONSTACK);
    check_str("...changing the stack from on it", errno_name(g_eperm), "EPERM");
    sigaltstack(NULL, &q);
    check_true("back on the normal stack: flags 0", q.ss_flags == 0);

    set(SIGUSR2, SA_ONSTACK);
    g_nest = 1;
    raise(SIGUSR1);
    g_nest = 0;
    check_true("nested SA_ONSTACK handler also on the alternate stack", on_alt(g_nested_local));
    check_true("...below the outer handler's frame", g_nested_local < g_local);
    check_true("...and sees SS_ONSTACK", g_nested_flags == SS_ONSTACK);

    set(SIGUSR1, 0);
    raise(SIGUSR1);
    check_true("handler without SA_ONSTACK runs on the normal stack", !on_alt(g_local));
    check_true("...and sees flags 0", g_flags_in_handler == 0);
    check_str("...and may change the alternate stack", errno_name(g_eperm), "0");

    int rep[2];
    pipe(rep);
    pid_t p = xfork();
    if (p == 0) {
        stack_t c;
        sigaltstack(NULL, &c);
        report_int(rep[1], c.ss_sp == g_alt && c.ss_size == sizeof g_alt && c.ss_flags == 0);
        _exit(0);
    }
    check_i64("a fork child inherits the alternate stack", read_int(rep[0]), 1);
    wait_for(p, 0);

    stack_t off = {.ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE};
    check_i64("SS_DISABLE", sigaltstack(&off, NULL), 0);
    sigaltstack(NULL, &q);
    check_true("query: SS_DISABLE", q.ss_flags == SS_DISABLE);
    set(SIGUSR1, SA_ONSTACK);
    raise(SIGUSR1);
    check_true("disabled: SA_ONSTACK handler runs on the normal stack", !on_alt(g_local));

    check_str("stack overflow with an alternate stack: caught, siglongjmp out", status_str(overflow_child(1)),
              "exited 0");
    check_str("stack overflow without one: the handler cannot run", status_str(overflow_child(0)),
              "killed by SIGSEGV");
    return finish("sig_altstack");
}
