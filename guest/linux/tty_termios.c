/* tty_termios: the console terminal as `javix run` gives it — the program's controlling
 * terminal, reached through /dev/tty and /dev/console (tty(4), termios(3), ioctl_tty(2)).
 * qemu-riscv64's console is the host's own terminal (or none, under a test harness), so
 * LinuxSemanticsTest compares this program's output under javix with tty_termios.expected,
 * written from the man pages and drivers/tty: isatty(3) through TCGETS, Linux's default
 * control characters, a TCSETS/TCGETS round trip, TIOCGWINSZ/TIOCSWINSZ with SIGWINCH to the
 * foreground group, tcgetpgrp/tcgetsid, FIONREAD, TCFLSH's argument check, and /dev/tty
 * answering ENXIO in a new session that has no controlling terminal. It expects javix's stdin
 * to be a pipe (as LinuxSemanticsTest gives it): fds 0-2 are then plain streams. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include "../tests/procs.h"

static volatile sig_atomic_t winched;

static void on_winch(int sig) {
    (void)sig;
    winched++;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    int fd = open("/dev/tty", O_RDWR);
    check_true("open /dev/tty", fd >= 0);
    check_i64("isatty(/dev/tty)", isatty(fd), 1);
    int dn = open("/dev/null", O_RDWR);
    errno = 0;
    check_i64("isatty(/dev/null)", isatty(dn), 0);
    check_str("isatty(/dev/null) errno", errno_name(errno), "ENOTTY");

    struct termios t;
    check_i64("tcgetattr", tcgetattr(fd, &t), 0);
    check_true("ICANON on", (t.c_lflag & ICANON) != 0);
    check_true("ISIG on", (t.c_lflag & ISIG) != 0);
    check_true("ICRNL on", (t.c_iflag & ICRNL) != 0);
    check_i64("VINTR ^C", t.c_cc[VINTR], 3);
    check_i64("VQUIT ^\\", t.c_cc[VQUIT], 034);
    check_i64("VERASE DEL", t.c_cc[VERASE], 0177);
    check_i64("VKILL ^U", t.c_cc[VKILL], 025);
    check_i64("VEOF ^D", t.c_cc[VEOF], 4);
    check_i64("VSUSP ^Z", t.c_cc[VSUSP], 032);
    check_i64("VWERASE ^W", t.c_cc[VWERASE], 027);
    check_i64("VMIN 1", t.c_cc[VMIN], 1);
    check_i64("VTIME 0", t.c_cc[VTIME], 0);
    check_i64("speed B38400", cfgetospeed(&t), B38400);

    struct termios raw = t;
    cfmakeraw(&raw);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 3;
    check_i64("tcsetattr raw", tcsetattr(fd, TCSANOW, &raw), 0);
    struct termios back;
    check_i64("tcgetattr again", tcgetattr(fd, &back), 0);
    check_i64("raw lflag", back.c_lflag, raw.c_lflag);
    check_i64("raw iflag", back.c_iflag, raw.c_iflag);
    check_i64("raw oflag", back.c_oflag, raw.c_oflag);
    check_i64("raw VTIME", back.c_cc[VTIME], 3);
    check_i64("raw VMIN", back.c_cc[VMIN], 0);
    check_i64("tcsetattr TCSAFLUSH back", tcsetattr(fd, TCSAFLUSH, &t), 0);
    check_i64("tcsetattr TCSADRAIN", tcsetattr(fd, TCSADRAIN, &t), 0);
    check_i64("tcgetattr restored", tcgetattr(fd, &back), 0);
    check_true("lflag restored", back.c_lflag == t.c_lflag);
    errno = 0;
    check_errno("tcsetattr bad action", tcsetattr(fd, 42, &t), EINVAL);

    check_true("tcgetpgrp is our group", tcgetpgrp(fd) == getpgrp());
    check_true("tcgetsid is our session", tcgetsid(fd) == getsid(0));
    int n = -1;
    check_i64("FIONREAD", ioctl(fd, FIONREAD, &n), 0);
    check_i64("FIONREAD count", n, 0);
    /* stdin is a pipe here (the test feeds it): fd 0 answers as a pipe does */
    check_i64("isatty(0) with stdin a pipe", isatty(0), 0);
    n = -1;
    check_i64("FIONREAD on the piped stdin", ioctl(0, FIONREAD, &n), 0);
    check_i64("nothing buffered", n, 0);
    check_i64("tcflush TCIFLUSH", tcflush(fd, TCIFLUSH), 0);
    check_errno("tcflush 7", tcflush(fd, 7), EINVAL);
    check_i64("tcflow TCOON", tcflow(fd, TCOON), 0);
    check_i64("tcdrain", tcdrain(fd), 0);
    check_errno("lseek", lseek(fd, 0, SEEK_SET), ESPIPE);
    struct stat st;
    check_i64("fstat", fstat(fd, &st), 0);
    check_true("a character device", S_ISCHR(st.st_mode));
    check_i64("major 5", major(st.st_rdev), 5);
    check_i64("minor 0", minor(st.st_rdev), 0);

    signal(SIGWINCH, on_winch);
    struct winsize ws = {0}, ws2 = {0};
    check_i64("TIOCGWINSZ", ioctl(fd, TIOCGWINSZ, &ws), 0);
    ws2.ws_row = 42;
    ws2.ws_col = 132;
    check_i64("TIOCSWINSZ", ioctl(fd, TIOCSWINSZ, &ws2), 0);
    check_i64("SIGWINCH to the foreground group", winched, 1);
    check_i64("TIOCSWINSZ same size", ioctl(fd, TIOCSWINSZ, &ws2), 0);
    check_i64("no SIGWINCH for no change", winched, 1);
    struct winsize ws3 = {0};
    check_i64("TIOCGWINSZ again", ioctl(fd, TIOCGWINSZ, &ws3), 0);
    check_i64("rows", ws3.ws_row, 42);
    check_i64("cols", ws3.ws_col, 132);
    check_errno("TCGETS on /dev/null", ioctl(dn, TCGETS, &t), ENOTTY);

    /* A new session has no controlling terminal: /dev/tty is ENXIO there, and the console,
     * which belongs to our session, cannot be taken with TIOCSCTTY. */
    pid_t c = xfork();
    if (c == 0) {
        check_true("setsid", setsid() > 0);
        check_errno("open /dev/tty without one", open("/dev/tty", O_RDWR), ENXIO);
        int con = open("/dev/console", O_RDWR);
        check_true("open /dev/console", con >= 0);
        check_i64("the console is a tty", isatty(con), 1);
        check_errno("tcgetpgrp: not our terminal", tcgetpgrp(con), ENOTTY);
        check_errno("tcgetsid: not our terminal", tcgetsid(con), ENOTTY);
        check_errno("opening did not make it ours", open("/dev/tty", O_RDWR), ENXIO);
        check_errno("TIOCSCTTY: another session's", ioctl(con, TIOCSCTTY, 0), EPERM);
        check_errno("TIOCNOTTY: none to give up", ioctl(con, TIOCNOTTY), ENOTTY);
        fflush(stdout);
        _exit(g_failures != 0);
    }
    check_str("child", status_str(wait_for(c, 0)), "exited 0");

    /* tcsetpgrp: a group of another session is EPERM, no such group ESRCH. */
    c = xfork();
    if (c == 0) {
        setsid();
        pause();
        _exit(0);
    }
    sleep_ms(50);
    check_errno("tcsetpgrp other session", tcsetpgrp(fd, c), EPERM);
    kill(c, SIGKILL);
    wait_for(c, 0);
    check_errno("tcsetpgrp no such group", tcsetpgrp(fd, 999999), ESRCH);
    check_i64("tcsetpgrp own group", tcsetpgrp(fd, getpgrp()), 0);

    /* A process that is not the leader gives up its terminal alone. */
    c = xfork();
    if (c == 0) {
        check_i64("TIOCNOTTY", ioctl(fd, TIOCNOTTY), 0);
        check_errno("then /dev/tty is ENXIO", open("/dev/tty", O_RDWR), ENXIO);
        fflush(stdout);
        _exit(g_failures != 0);
    }
    check_str("child 2", status_str(wait_for(c, 0)), "exited 0");
    check_true("still ours", open("/dev/tty", O_RDWR) >= 0);
    printf("%d checks, %d failures\n", g_checks, g_failures);
    return g_failures != 0;
}
