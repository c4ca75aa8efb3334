/*
 * httpd-fork: blocking I/O, one process per connection (the primer's 阻塞式 model with the
 * 多进程 remedy). The parent blocks in accept(2); each connection gets a child made by fork(2)
 * that blocks in read(2) and write(2) for that one client and exits when it is done. SIGCHLD
 * tells the parent a child has ended; its handler reaps them all with waitpid(WNOHANG), so no
 * zombies pile up.
 */
#include "http.h"
#include <sys/wait.h>

static const char help[] =
    "I/O model: blocking I/O with a process per connection (阻塞式I/O + 多进程, see the primer's\n"
    "网络I/O模型 chapter). The parent blocks in accept(); every connection is served by a child\n"
    "made with fork() that blocks in read()/write() for that one client, so a slow client\n"
    "blocks only its own process. Children are reaped in a SIGCHLD handler. Simple and robust,\n"
    "but each connection costs a whole process (memory, a fork, scheduling): it does not scale\n"
    "to many concurrent connections.\n";

static volatile sig_atomic_t live_children;

static void on_sigchld(int sig) {
    (void) sig;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) live_children--;
    errno = saved;
}

int main(int argc, char **argv) {
    server_name = "httpd-fork";
    server_model = "blocking, process per connection (fork)";
    struct options o = parse_options(argc, argv, help);
    int lfd = http_listen(&o, 0);
    struct sigaction sa = {.sa_handler = on_sigchld, .sa_flags = SA_RESTART | SA_NOCLDSTOP};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    for (long served = 0; o.max_conns == 0 || served < o.max_conns;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOMEM) { usleep(1000); continue; }
            die("accept");
        }
        served++;
        sigprocmask(SIG_BLOCK, &chld, &old);
        pid_t pid = fork();
        if (pid == 0) {
            sigprocmask(SIG_SETMASK, &old, NULL);
            signal(SIGCHLD, SIG_DFL);
            close(lfd);
            http_serve_blocking(fd);
            _exit(0);
        }
        if (pid > 0) live_children++;
        else if (!o.quiet) fprintf(stderr, "%s: fork: %s\n", server_name, strerror(errno));
        sigprocmask(SIG_SETMASK, &old, NULL);
        close(fd);
    }
    /* -n reached: wait for the children still serving. */
    sigprocmask(SIG_BLOCK, &chld, NULL);
    close(lfd);
    while (live_children > 0) {
        if (waitpid(-1, NULL, 0) > 0) live_children--;
        else if (errno == ECHILD) break;
    }
    return 0;
}
