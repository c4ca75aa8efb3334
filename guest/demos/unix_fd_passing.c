/* unix_fd_passing: pass an open file descriptor to another process over a UNIX socket
 * (SCM_RIGHTS); both then share one open file, offset included. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "unix_fd_passing: a UNIX domain socket can carry open file descriptors, not just bytes:\n"
    "sendmsg() with a control message of type SCM_RIGHTS hands the receiver a new descriptor\n"
    "for the SAME open file - like dup() across processes. Here the child is forked before the\n"
    "file is even opened, so it cannot have inherited it. The parent creates a file in /tmp,\n"
    "opens it, reads the first line, and then deletes the file's name, so nobody can open it by\n"
    "path any more. It sends the descriptor over a socketpair. The child gets a descriptor\n"
    "(maybe with a different number) and reads the SECOND line: the file offset is part of the\n"
    "open file, which both processes now share. When the child has read, the parent's offset\n"
    "has moved too, and the parent reads the third line. This is how a privileged process can\n"
    "open something and hand it to an unprivileged one, or a server pass a connection on.\n";

/* Sends one byte and, if fd >= 0, the descriptor fd with it (SCM_RIGHTS). */
static int send_fd(int sock, int fd) {
    char byte = 'F';
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (fd >= 0) {
        memset(&u, 0, sizeof u);
        msg.msg_control = u.buf;
        msg.msg_controllen = sizeof u.buf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof(int));
    }
    return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

/* Receives one byte; returns the descriptor that came with it, or -1. */
static int recv_fd(int sock) {
    char byte;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    if (recvmsg(sock, &msg, 0) != 1) return -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int fd;
            memcpy(&fd, CMSG_DATA(c), sizeof fd);
            return fd;
        }
    return -1;
}

/* Reads one line (up to '\n') byte by byte, so the offset stops right after it. */
static void read_line(int fd, char *out, size_t n) {
    size_t i = 0;
    char c;
    while (i + 1 < n && read(fd, &c, 1) == 1 && c != '\n') out[i++] = c;
    out[i] = 0;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
        printf("socketpair(AF_UNIX) failed: %s - no UNIX sockets in this kernel?\n", strerror(errno));
        return 1;
    }
    printf("socketpair(AF_UNIX, SOCK_STREAM) -> %d and %d, a connected pair of UNIX sockets.\n", sv[0], sv[1]);
    printf("fork() now, BEFORE any file is opened: the child cannot inherit the file.\n\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        int fd = recv_fd(sv[1]); /* sleeps until the parent sends */
        if (fd < 0) {
            printf("  child: no descriptor arrived\n");
            _exit(1);
        }
        struct stat st;
        fstat(fd, &st);
        printf("  child %d: recvmsg() gave me descriptor %d (a new number in MY table).\n", (int)getpid(), fd);
        printf("  child: fstat: %lld bytes, %lu links - the file has no name any more, yet I can read it.\n",
               (long long)st.st_size, (unsigned long)st.st_nlink);
        printf("  child: lseek(fd, 0, SEEK_CUR) = %lld - the parent's offset, not 0: the offset is shared.\n",
               (long long)lseek(fd, 0, SEEK_CUR));
        char line[64];
        read_line(fd, line, sizeof line);
        printf("  child: read a line: \"%s\"; my offset is now %lld.\n", line, (long long)lseek(fd, 0, SEEK_CUR));
        close(fd);
        send_fd(sv[1], -1); /* "done", a plain byte */
        _exit(0);
    }
    close(sv[1]);

    char path[64];
    snprintf(path, sizeof path, "/tmp/fd_passing_demo.%d", (int)getpid());
    int w = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const char *text = "first line\nsecond line\nthird line\n";
    if (w < 0 || write(w, text, strlen(text)) != (ssize_t)strlen(text)) {
        printf("cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    close(w);
    int fd = open(path, O_RDONLY);
    printf("parent %d: wrote 3 lines to %s and opened it read-only as descriptor %d.\n", (int)getpid(), path, fd);
    char line[64];
    read_line(fd, line, sizeof line);
    printf("parent: read a line: \"%s\"; offset now %lld.\n", line, (long long)lseek(fd, 0, SEEK_CUR));
    unlink(path);
    printf("parent: unlink(\"%s\"): the name is gone; the open file lives on.\n", path);
    printf("parent: sendmsg() with SCM_RIGHTS carrying descriptor %d...\n", fd);
    fflush(stdout);
    if (send_fd(sv[0], fd)) {
        printf("sendmsg failed: %s\n", strerror(errno));
        return 1;
    }
    char ack;
    read(sv[0], &ack, 1); /* the child is done (it printed first, so the order is fixed) */
    waitpid(pid, NULL, 0);

    printf("parent: the child is done. My offset is now %lld - the child's read moved it.\n",
           (long long)lseek(fd, 0, SEEK_CUR));
    read_line(fd, line, sizeof line);
    printf("parent: read a line: \"%s\".\n", line);
    printf("One open file, one offset, two descriptors in two processes - as after dup() or fork().\n");
    close(fd);
    return 0;
}
