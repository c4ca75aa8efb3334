/* tty_winsize: the terminal's window size (TIOCGWINSZ, ioctl_tty(2)) and, with the argument
 * "wait", the size after the next SIGWINCH. The console's size is the host terminal's in
 * terminal mode (PtySessionTest resizes the tmux window and waits for the change); with stdin a
 * pipe, as LinuxSemanticsTest runs it, it is that of a fresh Linux tty: 0 rows, 0 columns.
 * qemu-riscv64's console is the host's own terminal (or none), so this compares with
 * tty_winsize.expected instead. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static volatile sig_atomic_t winched;

static void on_winch(int sig) {
    (void)sig;
    winched = 1;
}

static void show(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) {
        perror("TIOCGWINSZ");
        return;
    }
    printf("rows %d cols %d\n", ws.ws_row, ws.ws_col);
    fflush(stdout);
}

int main(int argc, char **argv) {
    int fd = open("/dev/tty", O_RDONLY);
    if (fd < 0) {
        perror("/dev/tty");
        return 1;
    }
    signal(SIGWINCH, on_winch);
    show(fd);
    if (argc > 1 && strcmp(argv[1], "wait") == 0) {
        sigset_t none;
        sigemptyset(&none);
        while (!winched) sigsuspend(&none);
        show(fd);
    }
    return 0;
}
