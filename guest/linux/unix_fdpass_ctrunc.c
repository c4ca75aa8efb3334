/* unix_fdpass_ctrunc: SCM_RIGHTS with a control buffer too short, and malformed control data.
 * qemu-riscv64 converts control messages itself: it gives the host a control buffer twice the
 * guest's (so the host installs every passed fd and reports no MSG_CTRUNC), copies only what
 * fits back, and leaves the other fds open; it also repairs a cmsg_len longer than the buffer.
 * Expected output from Linux (net/core/scm.c scm_detach_fds, __scm_send; cmsg(3), unix(7)):
 * the receiver gets as many fds as fit, MSG_CTRUNC is set, and the files that did not fit are
 * released; a cmsg_len beyond msg_controllen fails with EINVAL and sends nothing. */
#include "procs.h"
#include <sys/socket.h>
#include <sys/uio.h>

int main(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    int p[3][2];
    for (int i = 0; i < 3; i++) pipe(p[i]);
    union { char b[CMSG_SPACE(3 * sizeof(int))]; struct cmsghdr align; } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct iovec iov = {"y", 1};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.b;
    m.msg_controllen = CMSG_SPACE(3 * sizeof(int));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(3 * sizeof(int));
    int pass[3] = {p[0][1], p[1][1], p[2][1]};
    memcpy(CMSG_DATA(c), pass, sizeof pass);
    check_i64("send 3 fds", sendmsg(sv[0], &m, 0), 1);
    for (int i = 0; i < 3; i++) close(p[i][1]);

    char b[4];
    union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } small;
    struct iovec riov = {b, sizeof b};
    struct msghdr r = {0};
    r.msg_iov = &riov;
    r.msg_iovlen = 1;
    r.msg_control = small.b;
    r.msg_controllen = sizeof small.b;
    check_i64("recvmsg", recvmsg(sv[1], &r, 0), 1);
    check_i64("MSG_CTRUNC", r.msg_flags & MSG_CTRUNC, MSG_CTRUNC);
    c = CMSG_FIRSTHDR(&r);
    /* CMSG_SPACE(sizeof(int)) is 24 bytes: room for two ints after the 16-byte header */
    check_true("two SCM_RIGHTS fds", c && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(2 * sizeof(int)));
    check_i64("msg_controllen", r.msg_controllen, CMSG_SPACE(sizeof(int)));
    int fd[2];
    memcpy(fd, CMSG_DATA(c), sizeof fd);
    char ch;
    for (int i = 0; i < 2; i++) {
        check_i64("a received fd works", write(fd[i], "k", 1), 1);
        check_i64("its pipe has the byte", read(p[i][0], &ch, 1), 1);
        close(fd[i]);
        check_i64("EOF after closing it", read(p[i][0], &ch, 1), 0);
    }
    check_i64("p2 EOF: cut off and released", read(p[2][0], &ch, 1), 0);

    /* a control buffer of exactly one header: no fd fits */
    int q[2];
    pipe(q);
    c = CMSG_FIRSTHDR(&m);
    memcpy(ctl.b + CMSG_LEN(0), &q[1], sizeof(int));
    c->cmsg_len = CMSG_LEN(sizeof(int));
    m.msg_controllen = CMSG_SPACE(sizeof(int));
    sendmsg(sv[0], &m, 0);
    close(q[1]);
    r.msg_controllen = sizeof(struct cmsghdr);
    r.msg_flags = 0;
    check_i64("recvmsg, header-sized control", recvmsg(sv[1], &r, 0), 1);
    check_true("nothing installed, MSG_CTRUNC", r.msg_controllen == 0 && (r.msg_flags & MSG_CTRUNC));
    check_i64("q EOF", read(q[0], &ch, 1), 0);

    c->cmsg_len = 1000;
    check_errno("cmsg_len beyond msg_controllen", sendmsg(sv[0], &m, 0), EINVAL);
    check_errno("nothing was sent", recv(sv[1], b, sizeof b, MSG_DONTWAIT), EAGAIN);
    return finish("unix_fdpass_ctrunc");
}
