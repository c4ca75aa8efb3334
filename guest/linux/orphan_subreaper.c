/* orphan_subreaper: prctl(PR_SET_CHILD_SUBREAPER). qemu-riscv64 7.2 rejects the option with
 * EINVAL, so this runs only under javix. Expected output from prctl(2): "a subreaper fulfills
 * the role of init(1) for its descendant processes: when a process becomes orphaned, it is
 * reparented to the nearest still living ancestor subreaper", which receives its SIGCHLD and
 * can wait(2) for it; PR_GET_CHILD_SUBREAPER reads the flag back; the flag is not inherited by
 * fork children.
 * Here the test process becomes a subreaper, a child forks a grandchild and exits; the
 * grandchild sees its getppid() change from the child to the test process, and the test
 * process reaps both with their exit statuses. */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include "procs.h"

int main(void) {
    check_i64("prctl(PR_SET_CHILD_SUBREAPER, 1)", prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
    int flag = -1;
    check_i64("prctl(PR_GET_CHILD_SUBREAPER)", prctl(PR_GET_CHILD_SUBREAPER, &flag, 0, 0, 0), 0);
    check_i64("flag reads back", flag, 1);

    int rep[2];
    pipe(rep);
    pid_t me = getpid();
    struct gate g;
    gate_open(&g);
    pid_t mid = xfork();
    if (mid == 0) {
        int f = -1;
        prctl(PR_GET_CHILD_SUBREAPER, &f, 0, 0, 0);
        report_int(rep[1], f);
        pid_t self = getpid();
        pid_t gc = fork();
        if (gc == 0) {
            pid_t first = getppid();
            gate_pass(&g); /* the middle process exits only after this */
            while (getppid() == first) sleep_ms(1);
            report_int(rep[1], first == self);
            report_int(rep[1], getppid() == me);
            _exit(6);
        }
        report_int(rep[1], gc);
        gate_wait(&g);
        _exit(0);
    }
    check_i64("a fork child does not inherit the subreaper flag", read_int(rep[0]), 0);
    pid_t gc = read_int(rep[0]);
    check_str("the middle process exits", status_str(wait_for(mid, 0)), "exited 0");
    check_i64("grandchild: first parent was the middle process", read_int(rep[0]), 1);
    check_i64("grandchild: re-parented to the subreaper (us)", read_int(rep[0]), 1);
    int st = 0;
    pid_t w = waitpid(-1, &st, 0);
    check_true("the subreaper reaps the orphan", w == gc);
    check_str("orphan's status", status_str(st), "exited 6");
    errno = 0;
    check_errno("no children left", wait(&st), ECHILD);
    check_i64("PR_SET_CHILD_SUBREAPER 0", prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0), 0);
    prctl(PR_GET_CHILD_SUBREAPER, &flag, 0, 0, 0);
    check_i64("flag cleared", flag, 0);
    return finish("orphan_subreaper");
}
