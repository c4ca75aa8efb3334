/* unix_fdpass: SCM_RIGHTS descriptor passing (unix(7), cmsg(3)): the receiver gets new fds that
 * share the open file descriptions (offsets, status flags), across fork; several fds in one
 * message; no control buffer (MSG_CTRUNC, files released);
 * files in flight released when the receiving socket closes unread; MSG_PEEK duplicates;
 * MSG_CMSG_CLOEXEC; errors (EBADF, EINVAL); fds passed over stream and datagram sockets;
 * SO_PASSCRED credentials ahead of the descriptors.
 * MSG_CTRUNC and malformed control data are checked in guest/linux/unix_fdpass_ctrunc (qemu-user
 * converts control messages itself and differs from Linux there). */
#include "procs.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

static char dir[64];

/* Sends one byte with n descriptors. */
static ssize_t send_fds(int s, const int *fds, int n, const char *byte) {
    union { char b[CMSG_SPACE(8 * sizeof(int))]; struct cmsghdr align; } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct iovec iov = {(void *)byte, strlen(byte)};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    if (n > 0) {
        m.msg_control = ctl.b;
        m.msg_controllen = CMSG_SPACE(n * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(n * sizeof(int));
        memcpy(CMSG_DATA(c), fds, n * sizeof(int));
    }
    return sendmsg(s, &m, 0);
}

/* Receives into buf with a control buffer of ctl_len bytes; fds out, count in *nfds; returns msg_flags or -1. */
static int recv_fds(int s, char *buf, size_t len, size_t ctl_len, int flags, int *fds, int *nfds, ssize_t *got) {
    union { char b[CMSG_SPACE(8 * sizeof(int))]; struct cmsghdr align; } ctl;
    struct iovec iov = {buf, len};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl_len ? ctl.b : NULL;
    m.msg_controllen = ctl_len;
    *got = recvmsg(s, &m, flags);
    *nfds = 0;
    if (*got < 0) return -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            memcpy(fds + *nfds, CMSG_DATA(c), k * sizeof(int));
            *nfds += k;
        }
    }
    return m.msg_flags;
}

static void across_fork(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t child = xfork();
    if (child == 0) {
        close(sv[0]);
        int fds[4], n;
        char b[4];
        ssize_t got;
        recv_fds(sv[1], b, 1, CMSG_SPACE(4 * sizeof(int)), 0, fds, &n, &got);
        if (got != 1 || n != 2) _exit(1);
        /* fds[0]: a pipe's write end; fds[1]: a scratch file */
        if (write(fds[0], "through the pipe", 16) != 16) _exit(2);
        if (write(fds[1], "child", 5) != 5) _exit(3);
        _exit(0);
    }
    close(sv[1]);
    int p[2];
    pipe(p);
    char path[128];
    snprintf(path, sizeof path, "%s/file", dir);
    int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    write(f, "parent ", 7);
    int pass[2] = {p[1], f};
    check_i64("sendmsg 2 fds", send_fds(sv[0], pass, 2, "x"), 1);
    close(p[1]);
    char buf[32] = {0};
    ssize_t n = read(p[0], buf, sizeof buf);
    check_true("child wrote through the passed pipe", n == 16 && memcmp(buf, "through the pipe", 16) == 0);
    check_str("child", status_str(wait_for(child, 0)), "exited 0");
    check_i64("shared file offset", lseek(f, 0, SEEK_CUR), 12);
    check_i64("pipe EOF: the child's copy is gone", read(p[0], buf, sizeof buf), 0);
    close(p[0]);
    close(f);
    unlink(path);
    close(sv[0]);
}

static void truncation_and_release(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    int p1[2], p2[2], p3[2];
    pipe(p1);
    pipe(p2);
    pipe(p3);
    int pass[3] = {p1[1], p2[1], p3[1]};
    check_i64("send 3 fds (dgram)", send_fds(sv[0], pass, 3, "y"), 1);
    close(p1[1]);
    close(p2[1]);
    close(p3[1]);
    int fds[8], n;
    char b[4];
    ssize_t got;
    int fl = recv_fds(sv[1], b, sizeof b, CMSG_SPACE(3 * sizeof(int)), 0, fds, &n, &got);
    check_true("three fds, no MSG_CTRUNC", n == 3 && got == 1 && !(fl & MSG_CTRUNC));
    for (int i = 0; i < 3; i++) check_i64("received write end works", write(fds[i], "k", 1), 1);
    char c;
    check_i64("read p1", read(p1[0], &c, 1), 1);
    check_i64("read p3", read(p3[0], &c, 1), 1);
    for (int i = 0; i < 3; i++) close(fds[i]);
    check_i64("p1 EOF after closing the received fd", read(p1[0], &c, 1), 0);
    check_i64("p2: the byte, then EOF", read(p2[0], &c, 1) + read(p2[0], &c, 1), 1);
    /* A control buffer too short for every fd (MSG_CTRUNC, cut-off files released) is checked by
     * guest/linux/unix_fdpass_ctrunc: qemu-user lets the host install them all and copies what fits. */
    /* no control buffer at all */
    int q[2];
    pipe(q);
    send_fds(sv[0], &q[1], 1, "z");
    close(q[1]);
    fl = recv_fds(sv[1], b, sizeof b, 0, 0, fds, &n, &got);
    check_true("no control buffer: MSG_CTRUNC, nothing installed", got == 1 && n == 0 && (fl & MSG_CTRUNC));
    check_i64("and released", read(q[0], &c, 1), 0);
    /* in flight when the receiver closes */
    int r[2];
    pipe(r);
    send_fds(sv[0], &r[1], 1, "w");
    close(r[1]);
    close(sv[1]);
    check_i64("in-flight fd released with the socket", read(r[0], &c, 1), 0);
    close(sv[0]);
    close(p1[0]);
    close(p2[0]);
    close(p3[0]);
    close(q[0]);
    close(r[0]);
}

static void peek_cloexec_errors(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int p[2];
    pipe(p);
    send_fds(sv[0], &p[1], 1, "a");
    send(sv[0], "bc", 2, 0);
    int fds[8], n;
    char b[8];
    ssize_t got;
    recv_fds(sv[1], b, sizeof b, CMSG_SPACE(sizeof(int)), MSG_PEEK, fds, &n, &got);
    check_true("peek installs a duplicate", n == 1 && fds[0] != p[1]);
    int peeked = fds[0];
    int fl = recv_fds(sv[1], b, sizeof b, CMSG_SPACE(sizeof(int)), MSG_CMSG_CLOEXEC, fds, &n, &got);
    check_i64("read stops after the bytes sent with fds", got, 1);
    check_true("received again", n == 1 && fds[0] != peeked);
    check_i64("msg_flags keeps MSG_CMSG_CLOEXEC", fl, MSG_CMSG_CLOEXEC);
    check_i64("MSG_CMSG_CLOEXEC", fcntl(fds[0], F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    check_i64("peeked fd has no FD_CLOEXEC", fcntl(peeked, F_GETFD) & FD_CLOEXEC, 0);
    /* the received fd shares the description: O_NONBLOCK set through it shows on ours */
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    check_i64("shared status flags", fcntl(p[1], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
    check_i64("then the rest", recv(sv[1], b, sizeof b, 0), 2);
    close(fds[0]);
    close(peeked);
    int bad = 99;
    check_errno("EBADF", send_fds(sv[0], &bad, 1, "e"), EBADF);
    union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
    struct iovec iov = {"e", 1};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.b;
    m.msg_controllen = sizeof ctl.b;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = 77;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    check_errno("unknown SOL_SOCKET type", sendmsg(sv[0], &m, 0), EINVAL);
    check_errno("nothing was sent", recv(sv[1], b, sizeof b, MSG_DONTWAIT), EAGAIN);
    /* explicit SCM_CREDENTIALS of our own */
    union { char b[CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr align; } cc;
    m.msg_control = cc.b;
    m.msg_controllen = sizeof cc.b;
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    struct ucred u = {getpid(), getuid(), getgid()};
    memcpy(CMSG_DATA(c), &u, sizeof u);
    check_i64("send own credentials", sendmsg(sv[0], &m, 0), 1);
    check_i64("arrives", recv(sv[1], b, sizeof b, 0), 1);
    close(p[0]);
    close(p[1]);
    close(sv[0]);
    close(sv[1]);
}

static void pass_a_socket(void) {
    /* a connected socket passed over another: the receiver talks on it */
    int carrier[2], conv[2];
    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, carrier);
    socketpair(AF_UNIX, SOCK_STREAM, 0, conv);
    pid_t child = xfork();
    if (child == 0) {
        int fds[2], n;
        char b[4];
        ssize_t got;
        recv_fds(carrier[1], b, 1, CMSG_SPACE(sizeof(int)), 0, fds, &n, &got);
        if (n != 1) _exit(1);
        if (send(fds[0], "from child", 10, 0) != 10) _exit(2);
        _exit(0);
    }
    send_fds(carrier[0], &conv[1], 1, "s");
    close(conv[1]);
    char buf[16] = {0};
    check_i64("message on the passed socket", recv(conv[0], buf, sizeof buf, MSG_WAITALL), 10);
    check_str("child", status_str(wait_for(child, 0)), "exited 0");
    check_i64("EOF once every copy is closed", recv(conv[0], buf, sizeof buf, 0), 0);
    close(conv[0]);
    close(carrier[0]);
    close(carrier[1]);
}

/* SO_PASSCRED on a stream: credentials come first, then the descriptors */
static void credentials_and_rights(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int one = 1;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    int p[2];
    pipe(p);
    send_fds(sv[0], &p[1], 1, "c");
    union { char b[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
    char b[4];
    struct iovec iov = {b, sizeof b};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.b;
    m.msg_controllen = sizeof ctl.b;
    check_i64("recvmsg", recvmsg(sv[1], &m, 0), 1);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    check_true("first SCM_CREDENTIALS", c && c->cmsg_type == SCM_CREDENTIALS);
    struct ucred u;
    memcpy(&u, CMSG_DATA(c), sizeof u);
    check_true("our pid and ids", u.pid == getpid() && u.uid == getuid() && u.gid == getgid());
    c = CMSG_NXTHDR(&m, c);
    check_true("then SCM_RIGHTS", c && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int)));
    check_i64("msg_controllen", m.msg_controllen, sizeof ctl.b);
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    close(fd);
    close(p[0]);
    close(p[1]);
    close(sv[0]);
    close(sv[1]);
}

int main(void) {
    strcpy(dir, "/tmp/unix_fdpass.XXXXXX");
    if (!mkdtemp(dir)) return 1;
    across_fork();
    truncation_and_release();
    peek_cloexec_errors();
    pass_a_socket();
    credentials_and_rights();
    rmdir(dir);
    return finish("unix_fdpass");
}
