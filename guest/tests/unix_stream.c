/* unix_stream: AF_UNIX SOCK_STREAM sockets (unix(7)): socketpair, bind/listen/connect/accept on a
 * path in a mkdtemp directory and on an abstract name, byte-stream reads, EOF after shutdown or
 * close, EPIPE with and without SIGPIPE, MSG_PEEK/MSG_DONTWAIT/MSG_WAITALL, the addresses,
 * SO_PEERCRED, socket options, FIONREAD, poll readiness, the errors of each step, SO_RCVTIMEO and
 * signal handlers interrupting blocked calls (SA_RESTART), and a poll-driven server for four
 * forked clients. */
#include "procs.h"
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
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

static void pair_basics(void) {
    int sv[2];
    check_i64("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct stat st;
    fstat(sv[0], &st);
    check_true("fstat S_ISSOCK", S_ISSOCK(st.st_mode));
    check_i64("write 5", write(sv[0], "hello", 5), 5);
    check_i64("send 6", send(sv[0], " world", 6, 0), 6);
    char buf[64] = {0};
    int queued = -1;
    check_i64("FIONREAD", ioctl(sv[1], FIONREAD, &queued) == 0 ? queued : -1, 11);
    check_i64("peek 3", recv(sv[1], buf, 3, MSG_PEEK), 3);
    check_i64("read crosses writes", read(sv[1], buf, sizeof buf), 11);
    check_str("bytes", buf, "hello world");
    check_errno("dontwait empty", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
    struct pollfd p = {sv[1], POLLIN | POLLOUT | POLLRDHUP, 0};
    check_i64("poll writable", poll(&p, 1, 0), 1);
    check_i64("revents POLLOUT", p.revents, POLLOUT);
    int v = -1;
    socklen_t l = sizeof v;
    check_i64("SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &l) == 0 ? v : -1, SOCK_STREAM);
    l = sizeof v;
    check_i64("SO_DOMAIN", getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &l) == 0 ? v : -1, AF_UNIX);
    l = sizeof v;
    check_i64("SO_ACCEPTCONN", getsockopt(sv[0], SOL_SOCKET, SO_ACCEPTCONN, &v, &l) == 0 ? v : -1, 0);
    struct ucred uc;
    l = sizeof uc;
    check_i64("SO_PEERCRED", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &l), 0);
    check_true("peercred is us", uc.pid == getpid() && uc.uid == geteuid() && uc.gid == getegid());
    check_errno("bad level", getsockopt(sv[0], 99, SO_TYPE, &v, &l), EOPNOTSUPP);
    l = sizeof v;
    check_errno("bad option", getsockopt(sv[0], SOL_SOCKET, 999, &v, &l), ENOPROTOOPT);
    struct sockaddr_un a;
    l = sizeof a;
    check_i64("getsockname unbound", getsockname(sv[0], (struct sockaddr *)&a, &l), 0);
    check_i64("unbound addrlen", l, 2);
    l = sizeof a;
    check_i64("getpeername pair", getpeername(sv[0], (struct sockaddr *)&a, &l), 0);
    check_i64("pair peer addrlen", l, 2);
    /* shutdown(SHUT_WR): the peer reads EOF after the data; poll shows POLLRDHUP. */
    write(sv[0], "xy", 2);
    check_i64("shutdown WR", shutdown(sv[0], SHUT_WR), 0);
    p.fd = sv[1];
    p.events = POLLIN | POLLRDHUP;
    poll(&p, 1, 0);
    check_i64("revents after SHUT_WR", p.revents, POLLIN | POLLRDHUP);
    check_i64("data before EOF", read(sv[1], buf, sizeof buf), 2);
    check_i64("EOF", read(sv[1], buf, sizeof buf), 0);
    check_i64("EOF again", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), 0);
    check_errno("write after SHUT_WR", send(sv[0], "z", 1, MSG_NOSIGNAL), EPIPE);
    check_i64("other way still open", write(sv[1], "ok", 2), 2);
    check_i64("read other way", read(sv[0], buf, sizeof buf), 2);
    check_errno("shutdown bad how", shutdown(sv[0], 7), EINVAL);
    /* the peer closes: EPIPE with SIGPIPE, or without under MSG_NOSIGNAL */
    close(sv[1]);
    signal(SIGPIPE, on_pipe);
    check_errno("write to closed peer", write(sv[0], "a", 1), EPIPE);
    check_i64("SIGPIPE raised", got_pipe, 1);
    check_errno("MSG_NOSIGNAL", send(sv[0], "a", 1, MSG_NOSIGNAL), EPIPE);
    check_i64("no second SIGPIPE", got_pipe, 1);
    p.fd = sv[0];
    p.events = POLLIN | POLLOUT | POLLRDHUP;
    poll(&p, 1, 0);
    check_i64("revents after peer close", p.revents, POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
    signal(SIGPIPE, SIG_DFL);
    close(sv[0]);
}

static void errors(void) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a;
    socklen_t l = path_addr(&a, "missing");
    check_errno("connect ENOENT", connect(s, (struct sockaddr *)&a, l), ENOENT);
    check_errno("listen unbound", listen(s, 1), EINVAL);
    check_errno("accept not listening", accept(s, NULL, NULL), EINVAL);
    char c;
    check_errno("recv unconnected", recv(s, &c, 1, 0), EINVAL);
    check_errno("send unconnected", send(s, "x", 1, MSG_NOSIGNAL), ENOTCONN);
    check_errno("getpeername unconnected", getpeername(s, (struct sockaddr *)&a, &l), ENOTCONN);
    check_errno("bind short addrlen", bind(s, (struct sockaddr *)&a, 1), EINVAL);
    a.sun_family = AF_INET;
    check_errno("bind wrong family", bind(s, (struct sockaddr *)&a, l), EINVAL);
    check_errno("socket AF_INET6 raw", socket(AF_UNIX, SOCK_STREAM, 7), EPROTONOSUPPORT);
    check_errno("socket bad type", socket(AF_UNIX, 9, 0), ESOCKTNOSUPPORT);
    check_errno("socket bad family", socket(1234, SOCK_STREAM, 0), EAFNOSUPPORT);
    check_errno("not a socket", listen(1, 1), ENOTSOCK);
    check_errno("bad fd", listen(99, 1), EBADF);
    /* a regular file is not a socket: ECONNREFUSED */
    l = path_addr(&a, "plain");
    close(open(a.sun_path, O_CREAT | O_WRONLY, 0600));
    check_errno("connect to a file", connect(s, (struct sockaddr *)&a, l), ECONNREFUSED);
    check_errno("bind over a file", bind(s, (struct sockaddr *)&a, l), EADDRINUSE);
    unlink(a.sun_path);
    /* a bound but not listening socket refuses; another type is EPROTOTYPE */
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    l = path_addr(&a, "dgram");
    check_i64("bind dgram", bind(d, (struct sockaddr *)&a, l), 0);
    check_errno("connect to dgram", connect(s, (struct sockaddr *)&a, l), EPROTOTYPE);
    check_errno("listen on dgram", listen(d, 1), EOPNOTSUPP);
    check_errno("bind twice, same path", bind(d, (struct sockaddr *)&a, l), EADDRINUSE);
    struct sockaddr_un a2;
    socklen_t l2 = path_addr(&a2, "second");
    check_errno("bind twice, new path", bind(d, (struct sockaddr *)&a2, l2), EINVAL);
    check_errno("new path removed again", access(a2.sun_path, F_OK), ENOENT);
    close(d);
    unlink(a.sun_path);
    int b = socket(AF_UNIX, SOCK_STREAM, 0);
    l = path_addr(&a, "quiet");
    bind(b, (struct sockaddr *)&a, l);
    check_errno("connect not listening", connect(s, (struct sockaddr *)&a, l), ECONNREFUSED);
    close(b);
    check_errno("connect after close", connect(s, (struct sockaddr *)&a, l), ECONNREFUSED);
    unlink(a.sun_path);
    close(s);
}

static void server_client(void) {
    int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a, got;
    socklen_t l = path_addr(&a, "srv");
    check_i64("bind path", bind(srv, (struct sockaddr *)&a, l), 0);
    struct stat st;
    check_i64("socket inode", stat(a.sun_path, &st), 0);
    check_true("S_ISSOCK on path", S_ISSOCK(st.st_mode));
    int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
    check_errno("bind same path", bind(s2, (struct sockaddr *)&a, l), EADDRINUSE);
    close(s2);
    check_i64("fd cloexec", fcntl(srv, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    socklen_t gl = sizeof got;
    getsockname(srv, (struct sockaddr *)&got, &gl);
    check_i64("getsockname len", gl, l);
    check_true("getsockname path", strcmp(got.sun_path, a.sun_path) == 0);
    check_i64("listen", listen(srv, 4), 0);
    int v;
    socklen_t vl = sizeof v;
    getsockopt(srv, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
    check_i64("SO_ACCEPTCONN listening", v, 1);
    int nb = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    bind(nb, (struct sockaddr *)&(struct sockaddr_un){AF_UNIX, ""}, 2); /* autobind */
    gl = sizeof got;
    getsockname(nb, (struct sockaddr *)&got, &gl);
    check_true("autobind abstract name", gl == 8 && got.sun_path[0] == 0);
    close(nb);
    fcntl(srv, F_SETFL, O_NONBLOCK);
    check_errno("accept nonblocking", accept(srv, NULL, NULL), EAGAIN);
    fcntl(srv, F_SETFL, 0);

    struct gate g;
    gate_open(&g);
    pid_t child = xfork();
    if (child == 0) {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un ca;
        socklen_t cl = path_addr(&ca, "cli");
        bind(c, (struct sockaddr *)&ca, cl);
        if (connect(c, (struct sockaddr *)&a, l) != 0) _exit(10);
        struct ucred uc;
        socklen_t ul = sizeof uc;
        getsockopt(c, SOL_SOCKET, SO_PEERCRED, &uc, &ul);
        if (uc.pid != getppid()) _exit(11);
        /* 1.5 MiB in one write: the server reads it with MSG_WAITALL */
        static char big[1536 * 1024];
        for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i * 7);
        size_t off = 0;
        while (off < sizeof big) {
            ssize_t w = write(c, big + off, sizeof big - off);
            if (w <= 0) _exit(12);
            off += w;
        }
        gate_wait(&g); /* the server has read everything */
        write(c, "bye", 3);
        close(c);
        _exit(0);
    }
    struct sockaddr_un peer;
    socklen_t pl = sizeof peer;
    int conn = accept4(srv, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
    check_true("accept4", conn >= 0);
    check_i64("accepted cloexec", fcntl(conn, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    char want[128];
    snprintf(want, sizeof want, "%s/cli", dir);
    check_true("accept peer address", strcmp(peer.sun_path, want) == 0);
    check_i64("accept peer addrlen", pl, offsetof(struct sockaddr_un, sun_path) + strlen(want) + 1);
    gl = sizeof got;
    getsockname(conn, (struct sockaddr *)&got, &gl);
    check_true("accepted local = listener's", strcmp(got.sun_path, a.sun_path) == 0);
    struct ucred uc;
    socklen_t ul = sizeof uc;
    getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &uc, &ul);
    check_true("SO_PEERCRED is the child", uc.pid == child && ul == sizeof uc);
    static char got_big[1536 * 1024];
    check_i64("MSG_WAITALL 1.5 MiB", recv(conn, got_big, sizeof got_big, MSG_WAITALL), sizeof got_big);
    int same = 1;
    for (size_t i = 0; i < sizeof got_big; i++) same &= got_big[i] == (char)(i * 7);
    check_true("1.5 MiB intact", same);
    gate_pass(&g);
    char buf[16] = {0};
    check_i64("bye", recv(conn, buf, 3, MSG_WAITALL), 3);
    check_i64("EOF after client exit", read(conn, buf, sizeof buf), 0);
    check_str("child", status_str(wait_for(child, 0)), "exited 0");
    close(conn);
    close(srv);
    gate_close(&g);
    check_i64("unlink socket path", unlink(a.sun_path), 0);
    unlink(want);
}

static void abstract_names(void) {
    struct sockaddr_un a = {AF_UNIX, ""};
    int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "javix-unix-stream-%d", getpid());
    socklen_t l = offsetof(struct sockaddr_un, sun_path) + 1 + n;
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    check_i64("bind abstract", bind(srv, (struct sockaddr *)&a, l), 0);
    int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
    check_errno("abstract in use", bind(s2, (struct sockaddr *)&a, l), EADDRINUSE);
    check_i64("listen backlog 0", listen(srv, 0), 0);
    int c1 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    check_i64("connect 1", connect(c1, (struct sockaddr *)&a, l), 0);
    check_i64("write before accept", write(c1, "early", 5), 5);
    int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    check_errno("backlog full", connect(c2, (struct sockaddr *)&a, l), EAGAIN);
    struct pollfd p = {srv, POLLIN, 0};
    check_i64("listener readable", poll(&p, 1, 0), 1);
    struct sockaddr_un peer;
    socklen_t pl = sizeof peer;
    int conn = accept(srv, (struct sockaddr *)&peer, &pl);
    check_i64("unnamed client addrlen", pl, 2);
    check_errno("connected twice", connect(c1, (struct sockaddr *)&a, l), EISCONN);
    char buf[8] = {0};
    check_i64("early data", read(conn, buf, sizeof buf), 5);
    socklen_t gl = sizeof peer;
    getpeername(c1, (struct sockaddr *)&peer, &gl);
    check_true("getpeername abstract", gl == l && memcmp(peer.sun_path, a.sun_path, l - 2) == 0);
    close(conn);
    check_i64("EOF after the accepted end closes", read(c1, buf, 1), 0);
    close(c1);
    close(c2);
    close(srv);
    int again = socket(AF_UNIX, SOCK_STREAM, 0);
    check_i64("abstract name freed by close", bind(again, (struct sockaddr *)&a, l), 0);
    close(again);
    close(s2);
}

/* A poll(2)-driven server: four forked clients connect, send a line, read the reply, close. */
static void poll_server(void) {
    int srv = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_un a;
    socklen_t l = path_addr(&a, "poll");
    bind(srv, (struct sockaddr *)&a, l);
    listen(srv, 8);
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        kids[i] = xfork();
        if (kids[i] == 0) {
            int c = socket(AF_UNIX, SOCK_STREAM, 0);
            if (connect(c, (struct sockaddr *)&a, l) != 0) _exit(1);
            char msg[32], reply[32];
            int n = snprintf(msg, sizeof msg, "client %d", i);
            if (write(c, msg, n) != n) _exit(2);
            ssize_t r = read(c, reply, sizeof reply);
            _exit(r == 1 && reply[0] == (char)('0' + n) ? 0 : 3);
        }
    }
    struct pollfd fds[5] = {{srv, POLLIN, 0}};
    int nfds = 1, closed = 0, accepted = 0, bytes = 0, rounds = 0;
    while (closed < 4 && rounds++ < 1000) {
        if (poll(fds, nfds, 5000) <= 0) break;
        if (fds[0].revents & POLLIN) {
            int c;
            while ((c = accept4(srv, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                fds[nfds].fd = c;
                fds[nfds].events = POLLIN;
                nfds++;
                accepted++;
            }
        }
        for (int i = 1; i < nfds; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            char buf[64];
            ssize_t r = read(fds[i].fd, buf, sizeof buf);
            if (r > 0) {
                bytes += r;
                char len = (char)('0' + r);
                write(fds[i].fd, &len, 1);
            } else if (r == 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                closed++;
            }
        }
    }
    check_i64("poll server: accepted", accepted, 4);
    check_i64("poll server: bytes", bytes, 4 * 8);
    int ok = 0;
    for (int i = 0; i < 4; i++) ok += wait_for(kids[i], 0) == 0;
    check_i64("poll server: clients content", ok, 4);
    close(srv);
    unlink(a.sun_path);
}

static volatile sig_atomic_t got_alarm;
static void on_alarm(int s) { (void)s; got_alarm++; }

/* Arms SIGALRM in ms milliseconds with or without SA_RESTART. */
static void alarm_in(int ms, int restart) {
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, ms * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static void timeouts_and_signals(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct timeval tv = {0, 50000};
    check_i64("SO_RCVTIMEO", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    struct timeval back;
    socklen_t l = sizeof back;
    getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &back, &l);
    /* Linux keeps the timeout in jiffies, so the value read back depends on HZ: only its size is checked */
    check_true("SO_RCVTIMEO read back", l == sizeof back && back.tv_sec == 0);
    char buf[8];
    int64_t t0 = mono_ns();
    check_errno("recv times out", recv(sv[0], buf, sizeof buf, 0), EAGAIN);
    check_true("after the timeout", mono_ns() - t0 >= 40000000);
    tv.tv_usec = 1000000;
    check_errno("tv_usec out of range", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), EDOM);
    int v = 4096;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
    l = sizeof v;
    getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &l);
    check_i64("SO_SNDBUF doubled", v, 8192);
    /* a handler with SA_RESTART: the recv goes on and gets the late data */
    tv.tv_sec = tv.tv_usec = 0; /* no timeout */
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    pid_t child = xfork();
    if (child == 0) {
        sleep_ms(150);
        write(sv[1], "late", 4);
        _exit(0);
    }
    got_alarm = 0;
    alarm_in(30, 1);
    check_i64("SA_RESTART: recv restarted", recv(sv[0], buf, sizeof buf, 0), 4);
    check_i64("handler ran", got_alarm, 1);
    wait_for(child, 0);
    /* the same with a receive timeout set: EINTR (sock_intr_errno) */
    tv.tv_sec = 2;
    tv.tv_usec = 0;
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    alarm_in(30, 1);
    check_errno("SA_RESTART but a timeout: EINTR", recv(sv[0], buf, sizeof buf, 0), EINTR);
    /* no SA_RESTART: accept fails with EINTR */
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(srv, (struct sockaddr *)&(struct sockaddr_un){AF_UNIX, ""}, 2);
    listen(srv, 1);
    alarm_in(30, 0);
    check_errno("accept interrupted", accept(srv, NULL, NULL), EINTR);
    signal(SIGALRM, SIG_DFL);
    close(srv);
    close(sv[0]);
    close(sv[1]);
}

int main(void) {
    strcpy(dir, "/tmp/unix_stream.XXXXXX");
    if (!mkdtemp(dir)) return 1;
    pair_basics();
    errors();
    server_client();
    abstract_names();
    timeouts_and_signals();
    poll_server();
    rmdir(dir);
    return finish("unix_stream");
}
