/* rlimit_nproc: RLIMIT_NPROC makes fork fail with EAGAIN, except for root. Not a differential
 * test because the answer depends on the user running it (the harness may or may not be
 * root); javix runs its guest as root (uid 0) by default, and this program expects that.
 * Expected output from getrlimit(2) and fork(2): "RLIMIT_NPROC: a limit on the number of
 * extant process (or, more precisely on Linux, threads) for the real user ID of the calling
 * process. ... the limit is not enforced for processes that have either the CAP_SYS_ADMIN or
 * the CAP_SYS_RESOURCE capability, or run with real user ID 0"; fork: "EAGAIN: the
 * RLIMIT_NPROC soft resource limit was reached".
 *  - as root with RLIMIT_NPROC = 1 (soft and hard), fork succeeds;
 *  - a child sets the soft limit to 1 (keeping the hard limit) and drops to uid/gid 65534
 *    (setresgid/setresuid, which also drops every capability); it counts as one process of
 *    that user, so fork fails with EAGAIN; after raising the soft limit to the hard limit
 *    (allowed unprivileged), fork succeeds. */
#define _GNU_SOURCE
#include <sys/resource.h>
#include "procs.h"

int main(void) {
    check_true("running as root (javix's default guest user)", geteuid() == 0 && getuid() == 0);
    int rep[2];
    pipe(rep);

    pid_t p = xfork();
    if (p == 0) {
        struct rlimit one = {1, 1};
        report_int(rep[1], setrlimit(RLIMIT_NPROC, &one));
        pid_t c = fork();
        if (c == 0) _exit(0);
        report_int(rep[1], c > 0);
        if (c > 0) waitpid(c, NULL, 0);
        _exit(0);
    }
    check_i64("root: setrlimit(RLIMIT_NPROC, 1)", read_int(rep[0]), 0);
    check_i64("root: fork succeeds anyway", read_int(rep[0]), 1);
    wait_for(p, 0);

    p = xfork();
    if (p == 0) {
        struct rlimit lim;
        getrlimit(RLIMIT_NPROC, &lim);
        lim.rlim_cur = 1; /* the hard limit stays as it is */
        report_int(rep[1], setrlimit(RLIMIT_NPROC, &lim));
        report_int(rep[1], setresgid(65534, 65534, 65534) == 0 && setresuid(65534, 65534, 65534) == 0);
        report_int(rep[1], getuid() == 65534 && geteuid() == 65534);
        errno = 0;
        pid_t c = fork();
        if (c == 0) _exit(0);
        report_int(rep[1], c < 0 ? errno : 0);
        if (c > 0) waitpid(c, NULL, 0);
        lim.rlim_cur = lim.rlim_max;
        report_int(rep[1], setrlimit(RLIMIT_NPROC, &lim));
        c = fork();
        if (c == 0) _exit(0);
        report_int(rep[1], c > 0);
        if (c > 0) waitpid(c, NULL, 0);
        _exit(0);
    }
    check_i64("child: setrlimit(RLIMIT_NPROC, soft 1)", read_int(rep[0]), 0);
    check_i64("child: dropped to uid/gid 65534", read_int(rep[0]), 1);
    check_i64("child: getuid() == geteuid() == 65534", read_int(rep[0]), 1);
    check_str("child: fork at the limit", errno_name(read_int(rep[0])), "EAGAIN");
    check_i64("child: raise the soft limit to the hard one", read_int(rep[0]), 0);
    check_i64("child: fork succeeds again", read_int(rep[0]), 1);
    check_str("child status", status_str(wait_for(p, 0)), "exited 0");
    return finish("rlimit_nproc");
}
