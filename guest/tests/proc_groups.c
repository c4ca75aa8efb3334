/* proc_groups: process groups and sessions, printing only relations (never the numbers).
 * setpgid(0, 0) makes a group leader (getpgid == pid, from the child and the parent), children
 * inherit the group, setpgid moves a child into another group of the same session, setsid in a
 * group leader fails with EPERM, setsid in a child creates a session (getsid == getpgid == pid,
 * seen from both sides), no controlling terminal after setsid (/dev/tty: ENXIO), setpgid into
 * another session's group or of a session leader: EPERM, of a non-child: ESRCH, negative pgid:
 * EINVAL, getpgid/getsid of a dead pid: ESRCH, kill(-pgid) reaches exactly that group,
 * kill(0) the caller's group (itself included), kill(pid, 0) probes existence. Runs in its own
 * process group, so its group signals never reach the harness. */
#include "procs.h"
#include <fcntl.h>

static volatile sig_atomic_t g_usr2;
static void on_usr2(int sig) { g_usr2++; }

static int body(void) {
    pid_t me = getpid();
    check_true("test process leads its group", getpgid(0) == me);
    check_true("getpgrp() == getpgid(0)", getpgrp() == getpgid(0));
    pid_t sid = getsid(0);
    check_true("getsid(0) == getsid(my pid)", getsid(me) == sid);

    /* a child inherits the group and session */
    struct gate g, r;
    gate_open(&g);
    int rep[2];
    pipe(rep);
    pid_t c = xfork();
    if (c == 0) {
        report_int(rep[1], getpgid(0) == me && getsid(0) == sid);
        report_int(rep[1], getppid() == me);
        gate_wait(&g);
        _exit(0);
    }
    check_i64("child: in my group and session", read_int(rep[0]), 1);
    check_i64("child: getppid() is me", read_int(rep[0]), 1);
    check_true("getpgid(child) == my group", getpgid(c) == me);
    check_true("getsid(child) == my session", getsid(c) == sid);

    /* move it into a new group, then back */
    check_i64("setpgid(child, child)", setpgid(c, c), 0);
    check_true("getpgid(child) == child", getpgid(c) == c);
    check_true("still my session", getsid(c) == sid);
    check_i64("setpgid(child, my group)", setpgid(c, me), 0);
    check_true("getpgid(child) == my group again", getpgid(c) == me);
    errno = 0;
    check_errno("setpgid into a group that does not exist", setpgid(c, c + 100000), EPERM);
    errno = 0;
    check_errno("setpgid with a negative pgid", setpgid(c, -5), EINVAL);
    gate_pass(&g);
    wait_for(c, 0);
    gate_close(&g);

    errno = 0;
    check_errno("setsid() in a group leader", setsid(), EPERM);
    errno = 0;
    check_errno("getpgid of a reaped child", getpgid(c), ESRCH);
    errno = 0;
    check_errno("getsid of a reaped child", getsid(c), ESRCH);
    errno = 0;
    check_errno("setpgid of a reaped child", setpgid(c, c), ESRCH);
    errno = 0;
    check_errno("kill(reaped child, 0)", kill(c, 0), ESRCH);
    check_i64("kill(me, 0)", kill(me, 0), 0);
    errno = 0;
    check_errno("setpgid of a process that is not my child", setpgid(getppid(), me), ESRCH);

    /* a new session */
    gate_open(&g);
    gate_open(&r);
    c = xfork();
    if (c == 0) {
        pid_t s = setsid();
        report_int(rep[1], s == getpid());
        report_int(rep[1], getsid(0) == getpid() && getpgid(0) == getpid());
        int fd = open("/dev/tty", O_RDWR);
        report_int(rep[1], fd < 0 ? errno : 0);
        errno = 0;
        report_int(rep[1], setsid() < 0 ? errno : 0);
        report_int(rep[1], setpgid(0, me) < 0 ? errno : 0); /* a group in the old session */
        /* a grandchild in the new session cannot join the old session's group either */
        pid_t gc = fork();
        if (gc == 0) {
            report_int(rep[1], setpgid(0, me) < 0 ? errno : 0);
            report_int(rep[1], getsid(0) == getppid());
            _exit(0);
        }
        waitpid(gc, NULL, 0);
        gate_pass(&r);
        gate_wait(&g);
        _exit(0);
    }
    check_i64("setsid() in a child returns its pid", read_int(rep[0]), 1);
    check_i64("new session: getsid == getpgid == pid", read_int(rep[0]), 1);
    check_str("new session has no controlling tty", errno_name(read_int(rep[0])), "ENXIO");
    check_str("setsid() again: session leader", errno_name(read_int(rep[0])), "EPERM");
    check_str("session leader: setpgid into the old session", errno_name(read_int(rep[0])), "EPERM");
    check_str("grandchild: setpgid into another session", errno_name(read_int(rep[0])), "EPERM");
    check_i64("grandchild inherits the new session", read_int(rep[0]), 1);
    gate_wait(&r);
    check_true("getsid(child) == child", getsid(c) == c);
    check_true("getpgid(child) == child", getpgid(c) == c);
    errno = 0;
    check_errno("setpgid of a child in another session", setpgid(c, me), EPERM);
    errno = 0;
    check_errno("setpgid of a session leader", setpgid(c, c), EPERM);
    gate_pass(&g);
    wait_for(c, 0);
    gate_close(&g);
    gate_close(&r);

    /* kill(-pgid): two children in group A, one in my group */
    gate_open(&g);
    gate_open(&r);
    pid_t a = xfork();
    if (a == 0) {
        setpgid(0, 0);
        gate_pass(&r);
        for (;;) pause();
    }
    setpgid(a, a);
    gate_wait(&r);
    pid_t b = xfork();
    if (b == 0) {
        setpgid(0, a);
        gate_pass(&r);
        for (;;) pause();
    }
    setpgid(b, a);
    gate_wait(&r);
    c = xfork();
    if (c == 0) {
        gate_wait(&g);
        _exit(0);
    }
    check_true("b joined a's group", getpgid(b) == a);
    check_i64("kill(-a, SIGUSR1)", kill(-a, SIGUSR1), 0);
    int st;
    pid_t w1 = waitpid(-a, &st, 0);
    check_str("first of group a", status_str(st), "killed by SIGUSR1");
    pid_t w2 = waitpid(-a, &st, 0);
    check_str("second of group a", status_str(st), "killed by SIGUSR1");
    check_true("both members of a were reaped", (w1 == a && w2 == b) || (w1 == b && w2 == a));
    errno = 0;
    check_errno("kill(-a) once the group is gone", kill(-a, SIGUSR1), ESRCH);
    check_i64("the child in my group is untouched", waitpid(c, &st, WNOHANG), 0);

    /* kill(0): my whole group, me included */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    check_i64("kill(0, SIGUSR2)", kill(0, SIGUSR2), 0);
    check_i64("kill(0) reached me (handler ran)", g_usr2, 1);
    check_str("kill(0) reached the child in my group", status_str(wait_for(c, 0)), "killed by SIGUSR2");
    check_i64("killpg(my group, SIGUSR2)", killpg(getpgrp(), SIGUSR2), 0);
    check_i64("killpg reached me", g_usr2, 2);
    gate_close(&g);
    gate_close(&r);
    return finish("proc_groups");
}

int main(void) {
    return run_in_own_group(body);
}
