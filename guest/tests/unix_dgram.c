/* unix_dgram: AF_UNIX SOCK_DGRAM sockets (unix(7)): message boundaries, truncation (MSG_TRUNC in
 * msg_flags and as a flag), zero-length datagrams, MSG_PEEK, sendto/recvfrom with bound and
 * unbound senders, connect as default destination and source filter (EPERM), AF_UNSPEC
 * disconnect, ECONNREFUSED then ENOTCONN after the peer's close, EMSGSIZE, a full receive queue
 * (EAGAIN), SO_PASSCRED/SCM_CREDENTIALS, a forked sender, and sendmmsg/recvmmsg. */
#include "procs.h"
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

static char dir[64];

static socklen_t path_addr(struct sockaddr_un *a, const char *name) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    snprintf(a->sun_path, sizeof a->sun_path, "%s/%s", dir, name);
    return offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1;
}

static void boundaries(void) {
    int sv[2];
    check_i64("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
    check_i64("send 3", send(sv[0], "one", 3, 0), 3);
    check_i64("send 5", send(sv[0], "three", 5, 0), 5);
    check_i64("send 0", send(sv[0], "", 0, 0), 0);
    check_i64("send 10", send(sv[0], "0123456789", 10, 0), 10);
    char buf[32];
    check_i64("recv keeps boundary 1", recv(sv[1], buf, sizeof buf, 0), 3);
    check_i64("peek 2", recv(sv[1], buf, sizeof buf, MSG_PEEK), 5);
    check_i64("recv boundary 2", read(sv[1], buf, sizeof buf), 5);
    check_i64("zero-length datagram", recv(sv[1], buf, sizeof buf, 0), 0);
    struct iovec iov = {buf, 4};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    check_i64("truncated to 4", recvmsg(sv[1], &m, 0), 4);
    check_i64("MSG_TRUNC in msg_flags", m.msg_flags & MSG_TRUNC, MSG_TRUNC);
    check_errno("rest discarded", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
    send(sv[0], "0123456789", 10, 0);
    check_i64("MSG_TRUNC flag: real length", recv(sv[1], buf, 2, MSG_TRUNC), 10);
    /* one datagram in two iovecs */
    send(sv[0], "abcdef", 6, 0);
    char x[3] = {0}, y[8] = {0};
    struct iovec two[2] = {{x, 2}, {y, 8}};
    m.msg_iov = two;
    m.msg_iovlen = 2;
    m.msg_flags = 0;
    check_i64("scattered", recvmsg(sv[1], &m, 0), 6);
    check_true("scatter contents", memcmp(x, "ab", 2) == 0 && memcmp(y, "cdef", 4) == 0 && m.msg_flags == 0);
    struct pollfd p = {sv[1], POLLIN | POLLOUT, 0};
    check_i64("poll: writable only", poll(&p, 1, 0) == 1 ? p.revents : -1, POLLOUT);
    send(sv[0], "z", 1, 0);
    check_i64("poll: readable", poll(&p, 1, 0) == 1 ? p.revents : -1, POLLIN | POLLOUT);
    recv(sv[1], buf, 1, 0);
    static char huge[300000];
    check_errno("EMSGSIZE", send(sv[0], huge, sizeof huge, 0), EMSGSIZE);
    int v;
    socklen_t l = sizeof v;
    getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &l);
    check_i64("SO_TYPE", v, SOCK_DGRAM);
    check_errno("accept on dgram", accept(sv[0], NULL, NULL), EOPNOTSUPP);
    /* the peer closes: ECONNREFUSED once, then not connected */
    close(sv[1]);
    check_errno("send to closed peer", send(sv[0], "a", 1, 0), ECONNREFUSED);
    check_errno("then ENOTCONN", send(sv[0], "a", 1, 0), ENOTCONN);
    close(sv[0]);
}

static void addressed(void) {
    int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a, from;
    socklen_t l = path_addr(&a, "srv"), fl;
    check_i64("bind server", bind(srv, (struct sockaddr *)&a, l), 0);
    int anon = socket(AF_UNIX, SOCK_DGRAM, 0);
    check_errno("send without address", send(anon, "x", 1, 0), ENOTCONN);
    check_i64("sendto unbound sender", sendto(anon, "hi", 2, 0, (struct sockaddr *)&a, l), 2);
    char buf[16];
    fl = sizeof from;
    check_i64("recvfrom", recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 2);
    check_i64("unnamed sender: addrlen 0", fl, 0);
    int named = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un na;
    socklen_t nl = path_addr(&na, "cli");
    bind(named, (struct sockaddr *)&na, nl);
    sendto(named, "yo", 2, 0, (struct sockaddr *)&a, l);
    fl = sizeof from;
    recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    check_true("named sender's address", fl == nl && strcmp(from.sun_path, na.sun_path) == 0);
    /* reply to the address received */
    check_i64("reply", sendto(srv, "back", 4, 0, (struct sockaddr *)&from, fl), 4);
    check_i64("reply arrives", recv(named, buf, sizeof buf, 0), 4);
    struct sockaddr_un missing;
    socklen_t ml = path_addr(&missing, "nobody");
    check_errno("sendto missing path", sendto(anon, "x", 1, 0, (struct sockaddr *)&missing, ml), ENOENT);
    struct sockaddr_un abs = {AF_UNIX, ""};
    int n = snprintf(abs.sun_path + 1, sizeof abs.sun_path - 1, "javix-unix-dgram-none-%d", getpid());
    check_errno("sendto unbound abstract", sendto(anon, "x", 1, 0, (struct sockaddr *)&abs,
                                                  offsetof(struct sockaddr_un, sun_path) + 1 + n), ECONNREFUSED);
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa;
    socklen_t sl = path_addr(&sa, "stream");
    bind(st, (struct sockaddr *)&sa, sl);
    check_errno("sendto a stream socket", sendto(anon, "x", 1, 0, (struct sockaddr *)&sa, sl), EPROTOTYPE);
    close(st);
    unlink(sa.sun_path);
    /* connect: default destination, and the server only hears its peer */
    check_i64("connect client", connect(named, (struct sockaddr *)&a, l), 0);
    check_i64("send to default", send(named, "dflt", 4, 0), 4);
    check_i64("server got it", recv(srv, buf, sizeof buf, 0), 4);
    check_i64("server connects to client", connect(srv, (struct sockaddr *)&na, nl), 0);
    check_errno("others refused: EPERM", sendto(anon, "x", 1, 0, (struct sockaddr *)&a, l), EPERM);
    socklen_t pl = sizeof from;
    check_i64("getpeername", getpeername(srv, (struct sockaddr *)&from, &pl), 0);
    check_true("peer is the client", pl == nl && strcmp(from.sun_path, na.sun_path) == 0);
    struct sockaddr unspec = {AF_UNSPEC};
    check_i64("disconnect", connect(srv, &unspec, sizeof unspec), 0);
    check_errno("disconnected: ENOTCONN", send(srv, "x", 1, 0), ENOTCONN);
    check_errno("getpeername disconnected", getpeername(srv, (struct sockaddr *)&from, &pl), ENOTCONN);
    check_i64("others welcome again", sendto(anon, "x", 1, 0, (struct sockaddr *)&a, l), 1);
    recv(srv, buf, sizeof buf, 0);
    /* a full queue: more than max_dgram_qlen datagrams from a socket it is not connected to */
    int flood = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    int sent = 0;
    while (sent < 1000 && sendto(flood, "f", 1, 0, (struct sockaddr *)&a, l) == 1) sent++;
    check_true("queue fills", sent > 0 && sent < 1000 && errno == EAGAIN);
    int got = 0;
    while (recv(srv, buf, sizeof buf, MSG_DONTWAIT) == 1) got++;
    check_true("every queued datagram arrives", got == sent);
    close(flood);
    /* SO_PASSCRED: every datagram brings the sender's credentials */
    int one = 1;
    check_i64("SO_PASSCRED", setsockopt(srv, SOL_SOCKET, SO_PASSCRED, &one, sizeof one), 0);
    sendto(anon, "cred", 4, 0, (struct sockaddr *)&a, l);
    union { char b[CMSG_SPACE(sizeof(struct ucred))]; struct cmsghdr align; } ctl;
    struct iovec iov = {buf, sizeof buf};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.b;
    m.msg_controllen = sizeof ctl.b;
    check_i64("recvmsg with credentials", recvmsg(srv, &m, 0), 4);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    check_true("SCM_CREDENTIALS", c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
                                      c->cmsg_len == CMSG_LEN(sizeof(struct ucred)));
    struct ucred u;
    memcpy(&u, CMSG_DATA(c), sizeof u);
    check_true("credentials are ours", u.pid == getpid() && u.uid == getuid() && u.gid == getgid());
    check_i64("controllen", m.msg_controllen, CMSG_SPACE(sizeof(struct ucred)));
    close(anon);
    close(named);
    close(srv);
    unlink(a.sun_path);
    unlink(na.sun_path);
}

static void forked(void) {
    int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a;
    socklen_t l = path_addr(&a, "fork");
    bind(srv, (struct sockaddr *)&a, l);
    pid_t child = xfork();
    if (child == 0) {
        int s = socket(AF_UNIX, SOCK_DGRAM, 0);
        sleep_ms(20); /* the parent blocks in recv first */
        for (int i = 0; i < 5; i++) {
            char msg[16];
            int n = snprintf(msg, sizeof msg, "msg %d", i);
            if (sendto(s, msg, n, 0, (struct sockaddr *)&a, l) != n) _exit(1);
        }
        _exit(0);
    }
    char buf[16], all[128] = "";
    for (int i = 0; i < 5; i++) {
        ssize_t n = recv(srv, buf, sizeof buf - 1, 0);
        if (n < 0) break;
        buf[n] = 0;
        strcat(all, buf);
        strcat(all, ";");
    }
    check_str("datagrams in order", all, "msg 0;msg 1;msg 2;msg 3;msg 4;");
    check_str("child", status_str(wait_for(child, 0)), "exited 0");
    close(srv);
    unlink(a.sun_path);
}

static void batches(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    struct mmsghdr out[3];
    struct iovec oiov[3] = {{"a", 1}, {"bb", 2}, {"ccc", 3}};
    memset(out, 0, sizeof out);
    for (int i = 0; i < 3; i++) {
        out[i].msg_hdr.msg_iov = &oiov[i];
        out[i].msg_hdr.msg_iovlen = 1;
    }
    check_i64("sendmmsg", sendmmsg(sv[0], out, 3, 0), 3);
    check_true("msg_len of each", out[0].msg_len == 1 && out[1].msg_len == 2 && out[2].msg_len == 3);
    struct mmsghdr in[4];
    char bufs[4][8];
    struct iovec iiov[4];
    memset(in, 0, sizeof in);
    for (int i = 0; i < 4; i++) {
        iiov[i].iov_base = bufs[i];
        iiov[i].iov_len = sizeof bufs[i];
        in[i].msg_hdr.msg_iov = &iiov[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    check_i64("recvmmsg takes the three", recvmmsg(sv[1], in, 4, MSG_DONTWAIT, NULL), 3);
    check_true("lengths and bytes", in[0].msg_len == 1 && in[1].msg_len == 2 && in[2].msg_len == 3 &&
                                       memcmp(bufs[2], "ccc", 3) == 0);
    check_errno("recvmmsg on an empty queue", recvmmsg(sv[1], in, 4, MSG_DONTWAIT, NULL), EAGAIN);
    close(sv[0]);
    close(sv[1]);
}

int main(void) {
    strcpy(dir, "/tmp/unix_dgram.XXXXXX");
    if (!mkdtemp(dir)) return 1;
    boundaries();
    addressed();
    forked();
    batches();
    rmdir(dir);
    return finish("unix_dgram");
}
