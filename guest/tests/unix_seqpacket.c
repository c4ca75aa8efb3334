/* unix_seqpacket: AF_UNIX SOCK_SEQPACKET sockets (unix(7)): connection-oriented like a stream,
 * with message boundaries like datagrams: socketpair and listen/connect/accept on a path,
 * truncation, MSG_WAITALL not gluing messages, EOF after shutdown and close, EPIPE, poll
 * readiness, the errors of unconnected sockets, and a forked echo server. */
#include "procs.h"
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static char dir[64];
static volatile sig_atomic_t got_pipe;
static void on_pipe(int s) { (void)s; got_pipe++; }

static socklen_t path_addr(struct sockaddr_un *a, const char *name) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    snprintf(a->sun_path, sizeof a->sun_path, "%s/%s", dir, name);
    return offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1;
}

static void pair(void) {
    int sv[2];
    check_i64("socketpair seqpacket", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
    send(sv[0], "first", 5, 0);
    send(sv[0], "second!", 7, 0);
    char buf[32];
    check_i64("WAITALL stops at the boundary", recv(sv[1], buf, sizeof buf, MSG_WAITALL), 5);
    struct iovec iov = {buf, 3};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    check_i64("truncated", recvmsg(sv[1], &m, 0), 3);
    check_i64("MSG_TRUNC", m.msg_flags & MSG_TRUNC, MSG_TRUNC);
    check_errno("rest discarded", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
    int v;
    socklen_t l = sizeof v;
    getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &l);
    check_i64("SO_TYPE", v, SOCK_SEQPACKET);
    /* shutdown(SHUT_WR): the peer reads what is queued, then 0 */
    send(sv[0], "last", 4, 0);
    shutdown(sv[0], SHUT_WR);
    check_i64("queued message", recv(sv[1], buf, sizeof buf, 0), 4);
    check_i64("EOF", recv(sv[1], buf, sizeof buf, 0), 0);
    check_errno("send after SHUT_WR", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
    check_i64("reverse still works", send(sv[1], "back", 4, 0), 4);
    check_i64("reverse arrives", recv(sv[0], buf, sizeof buf, 0), 4);
    close(sv[1]);
    struct pollfd p = {sv[0], POLLIN | POLLOUT | POLLRDHUP, 0};
    poll(&p, 1, 0);
    check_i64("poll after peer close", p.revents, POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
    check_i64("EOF after close", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT), 0);
    signal(SIGPIPE, on_pipe);
    check_errno("send to closed peer", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
    check_errno("without MSG_NOSIGNAL", send(sv[0], "x", 1, 0), EPIPE);
    check_i64("no SIGPIPE (the datagram send path raises none)", got_pipe, 0);
    signal(SIGPIPE, SIG_DFL);
    close(sv[0]);
}

static void unconnected(void) {
    int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    char c;
    check_errno("recv unconnected", recv(s, &c, 1, 0), ENOTCONN);
    check_errno("send unconnected", send(s, "x", 1, MSG_NOSIGNAL), ENOTCONN);
    struct pollfd p = {s, POLLIN | POLLOUT, 0};
    poll(&p, 1, 0);
    check_i64("poll unconnected", p.revents, POLLOUT | POLLHUP);
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a;
    socklen_t l = path_addr(&a, "stream");
    bind(st, (struct sockaddr *)&a, l);
    listen(st, 1);
    check_errno("connect to a stream listener", connect(s, (struct sockaddr *)&a, l), EPROTOTYPE);
    close(st);
    unlink(a.sun_path);
    close(s);
}

static void server(void) {
    int srv = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    struct sockaddr_un a;
    socklen_t l = path_addr(&a, "srv");
    check_i64("bind", bind(srv, (struct sockaddr *)&a, l), 0);
    check_i64("listen", listen(srv, 2), 0);
    pid_t child = xfork();
    if (child == 0) {
        /* echo server: each message back in upper case, until EOF */
        int c = accept(srv, NULL, NULL);
        if (c < 0) _exit(1);
        char buf[64];
        ssize_t n;
        while ((n = recv(c, buf, sizeof buf, 0)) > 0) {
            for (ssize_t i = 0; i < n; i++)
                if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
            if (send(c, buf, n, 0) != n) _exit(2);
        }
        _exit(n == 0 ? 0 : 3);
    }
    int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    check_i64("connect", connect(c, (struct sockaddr *)&a, l), 0);
    const char *words[] = {"alpha", "be", "gamma delta", ""};
    char all[128] = "";
    for (int i = 0; i < 4; i++) {
        send(c, words[i], strlen(words[i]), MSG_NOSIGNAL);
        char buf[64];
        ssize_t n = recv(c, buf, sizeof buf - 1, 0);
        if (n < 0) break;
        buf[n] = 0;
        strcat(all, buf);
        strcat(all, "|");
    }
    /* the empty message reads as 0 bytes: it ends the echo server's loop, and its close is our EOF */
    check_str("echoes", all, "ALPHA|BE|GAMMA DELTA||");
    close(c);
    check_str("server", status_str(wait_for(child, 0)), "exited 0");
    close(srv);
    unlink(a.sun_path);
}

int main(void) {
    strcpy(dir, "/tmp/unix_seqpacket.XXXXXX");
    if (!mkdtemp(dir)) return 1;
    pair();
    unconnected();
    server();
    rmdir(dir);
    return finish("unix_seqpacket");
}
