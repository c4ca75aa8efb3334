/* inet_tcp: AF_INET SOCK_STREAM over the host's loopback (tcp(7)): a server bound to 127.0.0.1
 * port 0 (getsockname tells the port the host picked) echoes for a forked client; addresses of
 * both ends, poll readiness of listener and connection (POLLIN only once data or a connection is
 * there, POLLOUT, POLLRDHUP/POLLHUP after shutdowns), EOF, shutdown(SHUT_WR), MSG_PEEK,
 * MSG_WAITALL, MSG_DONTWAIT, FIONREAD, accept4 flags, a larger transfer in both directions with
 * partial reads, a poll(2) server for four forked clients at once, and the errors of each step. Prints nothing that changes between runs (ports). */
#include "procs.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "inet.h"

/* A listening socket on 127.0.0.1 with a port the host picks; the port in *port. */
static int listener(int *port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo(0);
    check_i64("bind port 0", bind(s, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t l = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &l);
    check_true("bound port picked", ntohs(a.sin_port) != 0);
    check_i64("listen", listen(s, 8), 0);
    *port = ntohs(a.sin_port);
    return s;
}

static int connect_to(int port) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo(port);
    if (connect(c, (struct sockaddr *)&a, sizeof a) != 0) {
        printf("FAIL connect: %s\n", strerror(errno));
        exit(1);
    }
    return c;
}

static ssize_t read_full(int fd, char *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0) return r < 0 ? r : (ssize_t)got;
        got += r;
    }
    return got;
}

static int poll1(int fd, short events, int timeout) {
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, timeout);
    return r < 0 ? -1 : p.revents;
}

static void echo_basics(void) {
    int port;
    int s = listener(&port);
    int v = -1;
    socklen_t l = sizeof v;
    check_i64("SO_ACCEPTCONN listener", getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &l) == 0 ? v : -1, 1);
    check_i64("listener idle poll", poll1(s, POLLIN | POLLOUT, 0), 0);
    struct sockaddr_in a;
    l = sizeof a;
    check_errno("getpeername listener", getpeername(s, (struct sockaddr *)&a, &l), ENOTCONN);
    char buf[256];
    check_errno("recv on listener", recv(s, buf, 1, MSG_DONTWAIT), ENOTCONN);
    fcntl(s, F_SETFL, O_NONBLOCK);
    check_errno("accept nothing nonblocking", accept(s, NULL, NULL), EAGAIN);
    fcntl(s, F_SETFL, 0);

    struct gate g;
    gate_open(&g);
    pid_t pid = xfork();
    if (pid == 0) {
        int c = connect_to(port);
        char b[64];
        int ok = write(c, "hello", 5) == 5;
        ok &= read_full(c, b, 5) == 5 && memcmp(b, "HELLO", 5) == 0;
        gate_wait(&g); /* the parent has checked poll on its side */
        ok &= shutdown(c, SHUT_WR) == 0;
        ok &= read(c, b, sizeof b) == 0; /* the server closes after our EOF */
        close(c);
        _exit(ok ? 0 : 3);
    }
    check_i64("listener readable when a client connects", poll1(s, POLLIN, 10000), POLLIN);
    struct sockaddr_in peer;
    socklen_t pl = sizeof peer;
    int c = accept4(s, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
    check_true("accept4", c >= 0);
    check_i64("peer addrlen", pl, sizeof(struct sockaddr_in));
    check_i64("peer family", peer.sin_family, AF_INET);
    check_str("peer address", inet_ntoa(peer.sin_addr), "127.0.0.1");
    check_i64("FD_CLOEXEC from accept4", fcntl(c, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    l = sizeof a;
    getsockname(c, (struct sockaddr *)&a, &l);
    check_true("accepted local port is the listener's", ntohs(a.sin_port) == port);
    check_str("accepted local address", inet_ntoa(a.sin_addr), "127.0.0.1");
    l = sizeof a;
    check_i64("getpeername accepted", getpeername(c, (struct sockaddr *)&a, &l), 0);
    check_true("getpeername = accept's address", a.sin_port == peer.sin_port && a.sin_addr.s_addr == peer.sin_addr.s_addr);
    check_i64("data arrives", poll1(c, POLLIN, 10000), POLLIN);
    int q = -1;
    check_i64("FIONREAD", ioctl(c, FIONREAD, &q) == 0 ? q : -1, 5);
    check_i64("peek", recv(c, buf, 2, MSG_PEEK), 2);
    check_i64("peek keeps", recv(c, buf, sizeof buf, MSG_PEEK), 5);
    memset(buf, '-', 8);
    check_i64("MSG_TRUNC|MSG_PEEK counts without copying", recv(c, buf, 2, MSG_TRUNC | MSG_PEEK), 2);
    check_true("nothing copied", buf[0] == '-');
    check_i64("waitall read", recv(c, buf, 5, MSG_WAITALL), 5);
    check_true("bytes", memcmp(buf, "hello", 5) == 0);
    check_errno("empty dontwait", recv(c, buf, 1, MSG_DONTWAIT), EAGAIN);
    check_i64("poll writable", poll1(c, POLLIN | POLLOUT | POLLRDHUP, 0), POLLOUT);
    struct iovec iov[2] = {{"HEL", 3}, {"LO", 2}};
    struct msghdr mh = {.msg_iov = iov, .msg_iovlen = 2};
    check_i64("sendmsg gathers", sendmsg(c, &mh, 0), 5);
    gate_pass(&g);
    check_i64("POLLRDHUP after the client's shutdown", poll1(c, POLLIN | POLLRDHUP, 10000), POLLIN | POLLRDHUP);
    check_i64("EOF", read(c, buf, sizeof buf), 0);
    check_i64("EOF again", recv(c, buf, sizeof buf, MSG_DONTWAIT), 0);
    check_i64("shutdown WR", shutdown(c, SHUT_WR), 0);
    check_i64("POLLHUP after both directions", poll1(c, POLLIN | POLLOUT, 0), POLLIN | POLLOUT | POLLHUP);
    check_errno("send after SHUT_WR", send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
    close(c);
    check_str("client", status_str(wait_for(pid, 0)), "exited 0");
    close(s);
    gate_close(&g);
}

/* 1 MiB each way at once, in odd-sized writes and reads (neither side may wait for the other). */
static void bulk(void) {
    int port;
    int s = listener(&port);
    pid_t pid = xfork();
    if (pid == 0) {
        int c = connect_to(port);
        static char b[1 << 20];
        for (size_t i = 0; i < sizeof b; i++) b[i] = (char)(i * 7 + 3);
        size_t off = 0;
        while (off < sizeof b) {
            size_t n = sizeof b - off < 7777 ? sizeof b - off : 7777;
            ssize_t w = write(c, b + off, n);
            if (w <= 0) _exit(4);
            off += w;
        }
        shutdown(c, SHUT_WR);
        uint64_t h = 0;
        char r[3000];
        ssize_t n;
        size_t total = 0;
        while ((n = read(c, r, sizeof r)) > 0) {
            for (ssize_t i = 0; i < n; i++) h = mix64(h, (unsigned char)r[i]);
            total += n;
        }
        close(c);
        _exit(total == sizeof b ? 0 : 5);
    }
    int c = accept(s, NULL, NULL);
    /* echo everything back as it comes */
    static char b[65536];
    ssize_t n;
    size_t total = 0;
    uint64_t h = 0;
    while ((n = read(c, b, 12345)) > 0) {
        for (ssize_t i = 0; i < n; i++) h = mix64(h, (unsigned char)b[i]);
        size_t off = 0;
        while (off < (size_t)n) {
            ssize_t w = write(c, b + off, n - off);
            if (w <= 0) break;
            off += w;
        }
        total += n;
    }
    check_i64("bulk bytes", total, 1 << 20);
    check_sum("bulk", h, 0);
    close(c);
    check_str("bulk client", status_str(wait_for(pid, 0)), "exited 0");
    close(s);
}

/* One process serves four forked clients at once with poll(2) over non-blocking sockets:
 * each client sends 50 numbered requests and expects each answer before the next. */
static void poll_server(void) {
    enum { CLIENTS = 4, ROUNDS = 50 };
    int port;
    int s = listener(&port);
    fcntl(s, F_SETFL, O_NONBLOCK);
    pid_t pids[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        pids[i] = xfork();
        if (pids[i] == 0) {
            int c = connect_to(port);
            for (int r = 0; r < ROUNDS; r++) {
                char msg[32], back[32];
                int n = snprintf(msg, sizeof msg, "c%d r%d", i, r);
                if (write(c, msg, n) != n) _exit(3);
                if (read_full(c, back, n) != n || memcmp(back, msg, n) != 0) _exit(4);
            }
            close(c);
            _exit(0);
        }
    }
    struct pollfd fds[1 + CLIENTS];
    int nfds = 1, closed = 0, accepted = 0;
    long bytes = 0;
    fds[0] = (struct pollfd){s, POLLIN, 0};
    while (closed < CLIENTS) {
        if (poll(fds, nfds, 20000) <= 0) break;
        if (fds[0].revents & POLLIN) {
            int c;
            while ((c = accept4(s, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                fds[nfds++] = (struct pollfd){c, POLLIN, 0};
                accepted++;
            }
        }
        for (int i = 1; i < nfds; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char b[256];
            ssize_t n = read(fds[i].fd, b, sizeof b);
            if (n > 0) {
                bytes += n;
                write(fds[i].fd, b, n);
            } else if (n == 0 || errno != EAGAIN) {
                close(fds[i].fd);
                fds[i].fd = -1;
                closed++;
            }
        }
    }
    check_i64("poll server accepted", accepted, CLIENTS);
    check_i64("poll server saw every client close", closed, CLIENTS);
    int ok = 1;
    for (int i = 0; i < CLIENTS; i++) ok &= wait_for(pids[i], 0) == 0;
    check_true("every client got every answer", ok);
    check_true("bytes", bytes > CLIENTS * ROUNDS * 4);
    close(s);
}

static void errors(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    char buf[8];
    struct sockaddr_in a = lo(0);
    check_errno("recv unconnected", recv(s, buf, 1, 0), ENOTCONN);
    check_errno("send unconnected", send(s, "x", 1, MSG_NOSIGNAL), EPIPE);
    socklen_t l = sizeof a;
    check_errno("getpeername unconnected", getpeername(s, (struct sockaddr *)&a, &l), ENOTCONN);
    l = sizeof a;
    check_i64("getsockname unbound", getsockname(s, (struct sockaddr *)&a, &l), 0);
    check_true("unbound is 0.0.0.0:0", a.sin_addr.s_addr == 0 && a.sin_port == 0 && l == sizeof a);
    check_i64("fresh socket poll", poll1(s, POLLIN | POLLOUT, 0), POLLOUT | POLLHUP);
    check_errno("shutdown unconnected", shutdown(s, SHUT_RDWR), ENOTCONN);
    check_errno("shutdown bad how", shutdown(s, 3), EINVAL);
    a = lo(0);
    check_errno("bind short", bind(s, (struct sockaddr *)&a, 8), EINVAL);
    a.sin_family = AF_INET6;
    check_errno("bind wrong family", bind(s, (struct sockaddr *)&a, sizeof a), EAFNOSUPPORT);
    a = lo(0);
    check_i64("bind", bind(s, (struct sockaddr *)&a, sizeof a), 0);
    check_errno("bind twice", bind(s, (struct sockaddr *)&a, sizeof a), EINVAL);
    l = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &l);
    int t = socket(AF_INET, SOCK_STREAM, 0);
    check_errno("bind same port", bind(t, (struct sockaddr *)&a, sizeof a), EADDRINUSE);
    close(t);
    check_i64("listen", listen(s, 1), 0);
    check_i64("listen again", listen(s, 4), 0);
    check_errno("connect on listener", connect(s, (struct sockaddr *)&a, sizeof a), EISCONN);
    t = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    check_errno("bind a listening port even with SO_REUSEADDR", bind(t, (struct sockaddr *)&a, sizeof a), EADDRINUSE);
    close(t);
    check_errno("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){0, 0}), EOPNOTSUPP);
    check_errno("SOCK_SEQPACKET", socket(AF_INET, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT);
    check_errno("stream with UDP", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT);
    int n = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    check_i64("SOCK_NONBLOCK", fcntl(n, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
    check_i64("SOCK_CLOEXEC", fcntl(n, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    close(n);
    /* SO_REUSEPORT on both: two listeners share one port. */
    int r1 = socket(AF_INET, SOCK_STREAM, 0), r2 = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(r1, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    setsockopt(r2, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    struct sockaddr_in rp = lo(0);
    check_i64("SO_REUSEPORT first bind", bind(r1, (struct sockaddr *)&rp, sizeof rp), 0);
    l = sizeof rp;
    getsockname(r1, (struct sockaddr *)&rp, &l);
    check_i64("SO_REUSEPORT second bind", bind(r2, (struct sockaddr *)&rp, sizeof rp), 0);
    check_i64("SO_REUSEPORT first listen", listen(r1, 4), 0);
    check_i64("SO_REUSEPORT second listen", listen(r2, 4), 0);
    close(r1);
    close(r2);
    /* shutdown(SHUT_RD) of a listener stops it: accept fails, the port is free again. */
    check_i64("shutdown listener", shutdown(s, SHUT_RD), 0);
    check_errno("accept after shutdown", accept(s, NULL, NULL), EINVAL);
    int v = -1;
    l = sizeof v;
    check_i64("SO_ACCEPTCONN after", getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &l) == 0 ? v : -1, 0);
    close(s);
}

int main(void) {
    echo_basics();
    bulk();
    poll_server();
    errors();
    return finish("inet_tcp");
}
