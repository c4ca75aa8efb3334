/* select_linux: where qemu-riscv64's select deviates from Linux's.
 * 1. nfds above FD_SETSIZE. The kernel does not refuse it: core_sys_select
 * clamps nfds to the size of the process's fd table (fdt->max_fds, at least 64) and looks only at
 * those bits, so a set naming a high, never-opened fd beyond the table is ignored, not EBADF.
 * qemu-riscv64 copies the sets into host fd_sets of FD_SETSIZE bits and aborts (glibc's fortify
 * check inside qemu).
 * 2. The time left is written back to the timeout even when the call fails with EINTR
 * (poll_select_finish runs for every result); qemu copies it back only on success.
 * LinuxSemanticsTest compares javix's output with select_linux.expected. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "../tests/check.h"

static long rc(long r) { return r < 0 ? -errno : r; }
static void on_alarm(int s) { (void)s; }

int main(void) {
    int p[2];
    pipe(p);
    static unsigned long big[4096 / 64];
    memset(big, 0, sizeof big);
    big[p[1] / 64] |= 1UL << (p[1] % 64);
    struct timeval tv = {0, 0};
    check_i64("nfds 4096, a pipe's write end", rc(select(4096, NULL, (fd_set *)big, NULL, &tv)), 1);
    check_true("its bit stays set", (big[p[1] / 64] >> (p[1] % 64)) & 1);
    memset(big, 0, sizeof big);
    big[3000 / 64] |= 1UL << (3000 % 64);
    tv = (struct timeval){0, 0};
    check_i64("fd 3000 beyond the fd table is ignored", rc(select(4096, (fd_set *)big, NULL, NULL, &tv)), 0);
    memset(big, 0, sizeof big);
    big[0] |= 1UL << 40;
    tv = (struct timeval){0, 0};
    check_i64("fd 40 inside the table but closed: EBADF", rc(select(4096, (fd_set *)big, NULL, NULL, &tv)), -EBADF);
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    /* SIGALRM blocked until pselect6's mask opens it, so it cannot arrive before the wait;
     * the raw system call, since glibc's pselect hides the written-back timeout */
    sigset_t alrm, open_mask;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, &open_mask);
    ualarm(20000, 0);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timespec ts = {5, 0};
    struct { const sigset_t *ss; size_t len; } pack = {&open_mask, 8};
    check_i64("EINTR despite SA_RESTART", rc(syscall(SYS_pselect6, p[0] + 1, &rs, NULL, NULL, &ts, &pack)), -EINTR);
    check_true("time left written back after EINTR", ts.tv_sec == 4 && ts.tv_nsec > 0);
    sigprocmask(SIG_SETMASK, &open_mask, NULL);
    return finish("select_linux");
}
