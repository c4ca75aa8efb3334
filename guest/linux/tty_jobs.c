/* tty_jobs: job control on the controlling terminal (credentials(7), termios(3) "TOSTOP",
 * tcsetpgrp(3), drivers/tty/tty_jobctrl.c). qemu-riscv64's console is the host's terminal (or
 * none, under a test harness), so LinuxSemanticsTest compares this program's output under
 * javix with tty_jobs.expected, written from those pages:
 *  - a background process group reading its terminal gets SIGTTIN (and stops); one that
 *    ignores or blocks SIGTTIN gets EIO, as does one in an orphaned process group;
 *  - with TOSTOP a background write gets SIGTTOU; ignoring SIGTTOU lets the write through;
 *  - tcsetpgrp from a background group gets SIGTTOU unless SIGTTOU is ignored or blocked;
 *  - a stopped job whose group its parent's exit orphans gets SIGHUP, then SIGCONT.
 * The test leads its own process group and makes it the terminal's foreground group, so the
 * harness is never signalled. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include "../tests/procs.h"

static int tty;

/* Forks a child in a new background process group that runs body and exits with its result. */
static pid_t background(int (*body)(void)) {
    pid_t c = xfork();
    if (c == 0) {
        setpgid(0, 0);
        int r = body();
        fflush(stdout);
        _exit(r);
    }
    setpgid(c, c);
    return c;
}

static int read_tty(void) {
    char b[8];
    ssize_t r = read(tty, b, sizeof b);
    printf("read returned %zd %s\n", r, r < 0 ? errno_name(errno) : "");
    return 3;
}

static int read_ignoring(void) {
    signal(SIGTTIN, SIG_IGN);
    return read_tty();
}

static int read_blocking(void) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTTIN);
    sigprocmask(SIG_BLOCK, &s, NULL);
    return read_tty();
}

static int write_tty(void) {
    ssize_t r = write(tty, "background write\n", 17);
    printf("write returned %zd %s\n", r, r < 0 ? errno_name(errno) : "");
    return 4;
}

static int write_ignoring(void) {
    signal(SIGTTOU, SIG_IGN);
    return write_tty();
}

static int setpgrp_tty(void) {
    int r = tcsetpgrp(tty, getpgrp());
    printf("tcsetpgrp returned %d %s\n", r, r < 0 ? errno_name(errno) : "");
    return 5;
}

static int setpgrp_blocking(void) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTTOU);
    sigprocmask(SIG_BLOCK, &s, NULL);
    return setpgrp_tty();
}

static int pipefd[2];

/* In an orphaned group: the child's parent exits, so nobody in the session could continue it. */
static int orphan_read(void) {
    pid_t g = fork();
    if (g == 0) {
        setpgid(0, 0);
        while (getppid() != 1) sleep_ms(5);
        char b[8];
        ssize_t r = read(tty, b, sizeof b);
        report_int(pipefd[1], r < 0 ? errno : 0);
        _exit(0);
    }
    return 0;
}

static int hup_pipe[2];

static void note(int sig) {
    char c = sig == SIGHUP ? 'H' : 'C';
    write(hup_pipe[1], &c, 1);
}

/* A stopped process in a group its parent's exit orphans: SIGHUP, then SIGCONT (exit(3)). */
static int stop_then_orphan(void) {
    pid_t g = fork();
    if (g == 0) {
        setpgid(0, 0);
        signal(SIGHUP, note);
        signal(SIGCONT, note);
        raise(SIGSTOP);
        _exit(0); /* both handlers ran before raise returned */
    }
    setpgid(g, g);
    wait_for(g, WUNTRACED);
    return 0; /* exiting orphans g's group */
}

static void expect(const char *what, pid_t c, const char *status) {
    int st = wait_for(c, WUNTRACED);
    check_str(what, status_str(st), status);
    if (WIFSTOPPED(st)) {
        kill(c, SIGKILL);
        wait_for(c, 0);
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    tty = open("/dev/tty", O_RDWR);
    if (tty < 0) {
        printf("FAIL open /dev/tty: %s\n", errno_name(errno));
        return 1;
    }
    /* our own group in the foreground; SIGTTOU ignored here, so we may take it back */
    signal(SIGTTOU, SIG_IGN);
    pid_t me = xfork();
    if (me != 0) {
        int st = wait_for(me, 0);
        tcsetpgrp(tty, getpgrp());
        return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
    }
    setpgid(0, 0);
    check_i64("tcsetpgrp to our group", tcsetpgrp(tty, getpgrp()), 0);
    signal(SIGTTOU, SIG_DFL);

    expect("background read", background(read_tty), "stopped by SIGTTIN");
    expect("background read ignoring SIGTTIN", background(read_ignoring), "exited 3");
    expect("background read blocking SIGTTIN", background(read_blocking), "exited 3");

    expect("background write without TOSTOP", background(write_tty), "exited 4");
    struct termios t;
    tcgetattr(tty, &t);
    t.c_lflag |= TOSTOP;
    check_i64("set TOSTOP", tcsetattr(tty, TCSANOW, &t), 0);
    expect("background write with TOSTOP", background(write_tty), "stopped by SIGTTOU");
    expect("background write ignoring SIGTTOU", background(write_ignoring), "exited 4");
    t.c_lflag &= ~TOSTOP;
    tcsetattr(tty, TCSANOW, &t);

    expect("background tcsetpgrp", background(setpgrp_tty), "stopped by SIGTTOU");
    expect("background tcsetpgrp blocking SIGTTOU", background(setpgrp_blocking), "exited 5");
    check_true("it took the foreground", tcgetpgrp(tty) != getpgrp());
    signal(SIGTTOU, SIG_IGN);
    check_i64("take it back", tcsetpgrp(tty, getpgrp()), 0);
    signal(SIGTTOU, SIG_DFL);

    pipe(pipefd);
    expect("orphaning parent", background(orphan_read), "exited 0");
    check_str("orphaned group's read", errno_name(read_int(pipefd[0])), "EIO");

    pipe(hup_pipe);
    expect("parent of a stopped job", background(stop_then_orphan), "exited 0");
    char got[3] = {0};
    for (int i = 0; i < 2; i++) {
        while (read(hup_pipe[0], &got[i], 1) < 0 && errno == EINTR) {
        }
    }
    if (got[0] > got[1]) { /* the order the handlers ran in is not the point */
        char c = got[0];
        got[0] = got[1];
        got[1] = c;
    }
    check_str("the orphaned stopped job got SIGCONT and SIGHUP", got, "CH");

    printf("%d checks, %d failures\n", g_checks, g_failures);
    return g_failures != 0;
}
