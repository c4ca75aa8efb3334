/* fork_bomb: forks until the kernel says no. javix answers EAGAIN at its task limit (Linux's
 * threads-max; RLIMIT_NPROC does not apply to root) and stays up; the children then all exit
 * when the pipe they wait on closes, and every one is reaped. Not run under qemu-riscv64: there
 * it would be a real fork bomb on the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

int main(void) {
    int gate[2];
    if (pipe(gate) != 0) return 1;
    long forked = 0;
    int err = 0;
    for (;;) {
        pid_t p = fork();
        if (p == 0) {
            char c;
            close(gate[1]);
            while (read(gate[0], &c, 1) < 0 && errno == EINTR) {
            }
            _exit(0);
        }
        if (p < 0) {
            err = errno;
            break;
        }
        forked++;
    }
    check_str("fork finally fails with", strerrorname_np(err), "EAGAIN");
    check_true("after more than a thousand children", forked > 1000);
    close(gate[1]);
    long reaped = 0;
    while (wait(NULL) > 0) reaped++;
    check_true("every child was reaped", reaped == forked);
    check_str("then wait says", strerrorname_np(errno), "ECHILD");
    pid_t again = fork();
    if (again == 0) _exit(7);
    int st = 0;
    waitpid(again, &st, 0);
    check_i64("and fork works again", WEXITSTATUS(st), 7);
    return finish("fork_bomb");
}
