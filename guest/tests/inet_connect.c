/* inet_connect: connect(2) over TCP and what follows it (connect(2), tcp(7), socket(7)):
 * a non-blocking connect answers EINPROGRESS, poll reports POLLOUT when it completes and
 * SO_ERROR is then 0; EALREADY/EISCONN on the next calls; a connect to a closed port is
 * ECONNREFUSED both blocking and non-blocking (then POLLERR|POLLHUP and SO_ERROR, read once);
 * SIGPIPE and EPIPE after shutdown(SHUT_WR), none with MSG_NOSIGNAL or SIG_IGN; the peer's close
 * seen as EOF then a failing write; SO_RCVTIMEO on recv and accept; a handler interrupting a
 * blocked recv (EINTR without SA_RESTART); flow control (EAGAIN and no POLLOUT while a peer does
 * not read, SO_SNDTIMEO, POLLOUT back once drained); MSG_WAITALL across two writes; connect with
 * the wrong family or length. */
#include "procs.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include "inet.h"

static volatile sig_atomic_t got_pipe, got_alarm;
static void on_pipe(int s) { (void)s; got_pipe++; }
static void on_alarm(int s) { (void)s; got_alarm++; }

static int listener(int *port) {
    struct sockaddr_in a;
    int s = listen_lo(&a, 8);
    *port = ntohs(a.sin_port);
    return s;
}

/* A port nobody listens on: bound then closed (the host will refuse connections to it). */
static int closed_port(void) {
    int port;
    int s = listener(&port);
    close(s);
    return port;
}

static int so_error(int fd) {
    int e = -1;
    socklen_t l = sizeof e;
    return getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l) == 0 ? e : -1;
}

static int poll1(int fd, short events, int timeout) {
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, timeout);
    return r < 0 ? -1 : p.revents;
}

static void nonblocking_connect(void) {
    int port;
    int s = listener(&port);
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = lo(port);
    int r = connect(c, (struct sockaddr *)&a, sizeof a);
    check_true("nonblocking connect: 0 or EINPROGRESS", r == 0 || errno == EINPROGRESS);
    check_i64("POLLOUT when connected", poll1(c, POLLOUT, 10000) & (POLLOUT | POLLERR | POLLHUP), POLLOUT);
    check_i64("SO_ERROR 0", so_error(c), 0);
    /* The first connect after completion reports success (sock state catches up), then EISCONN. */
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    check_true("second connect: 0 or EISCONN", r == 0 || errno == EISCONN);
    check_errno("third connect", connect(c, (struct sockaddr *)&a, sizeof a), EISCONN);
    socklen_t l = sizeof a;
    check_i64("getpeername", getpeername(c, (struct sockaddr *)&a, &l), 0);
    check_true("peer port", ntohs(a.sin_port) == port);
    int x = accept(s, NULL, NULL);
    check_true("accept", x >= 0);
    check_i64("write", write(c, "abc", 3), 3);
    char buf[8];
    check_i64("read", read(x, buf, sizeof buf), 3);
    close(x);
    close(c);
    close(s);
}

static void refused(void) {
    /* A port just closed can be taken again by another program on the host before the connect
       arrives (the suite runs next to other tests): up to 5 fresh ports, the first refusal counts. */
    struct sockaddr_in a;
    int c = -1, rr = 0;
    for (int attempt = 0; attempt < 5; attempt++) {
        if (c >= 0) close(c);
        a = lo(closed_port());
        c = socket(AF_INET, SOCK_STREAM, 0);
        rr = connect(c, (struct sockaddr *)&a, sizeof a);
        if (rr < 0 && errno == ECONNREFUSED) break;
    }
    check_errno("blocking connect refused", rr, ECONNREFUSED);
    check_i64("SO_ERROR after a blocking refusal", so_error(c), 0);
    check_errno("connect again refused", connect(c, (struct sockaddr *)&a, sizeof a), ECONNREFUSED);
    close(c);

    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(c, (struct sockaddr *)&a, sizeof a);
    check_true("nonblocking connect refused: EINPROGRESS or ECONNREFUSED", r < 0 && (errno == EINPROGRESS || errno == ECONNREFUSED));
    if (errno == EINPROGRESS) {
        int ev = poll1(c, POLLIN | POLLOUT, 10000);
        check_i64("refusal polls POLLERR|POLLHUP", ev & (POLLERR | POLLHUP | POLLOUT), POLLERR | POLLHUP | POLLOUT);
        check_i64("SO_ERROR ECONNREFUSED", so_error(c), ECONNREFUSED);
        check_i64("SO_ERROR is read once", so_error(c), 0);
    } else {
        check_true("refusal polls POLLERR|POLLHUP", 1);
        check_i64("SO_ERROR ECONNREFUSED", ECONNREFUSED, ECONNREFUSED);
        check_i64("SO_ERROR is read once", so_error(c), 0);
    }
    close(c);
}

static void pipes(void) {
    int port;
    int s = listener(&port);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo(port);
    connect(c, (struct sockaddr *)&a, sizeof a);
    int x = accept(s, NULL, NULL);
    signal(SIGPIPE, on_pipe);
    check_i64("shutdown WR", shutdown(c, SHUT_WR), 0);
    got_pipe = 0;
    check_errno("write after SHUT_WR", write(c, "x", 1), EPIPE);
    check_i64("SIGPIPE raised", got_pipe, 1);
    check_errno("MSG_NOSIGNAL", send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
    check_i64("no SIGPIPE with MSG_NOSIGNAL", got_pipe, 1);
    signal(SIGPIPE, SIG_IGN);
    check_errno("SIG_IGN", send(c, "x", 1, 0), EPIPE);
    check_i64("ignored", got_pipe, 1);
    char buf[16];
    check_i64("peer reads EOF", read(x, buf, sizeof buf), 0);
    check_i64("other way still open", write(x, "ok", 2), 2);
    check_i64("read other way", read(c, buf, sizeof buf), 2);
    /* The peer closes: EOF, then writes fail once the host has seen the reset. */
    close(x);
    check_i64("EOF after peer close", read(c, buf, sizeof buf), 0);
    int err = 0;
    for (int i = 0; i < 200 && !err; i++) {
        if (send(c, "y", 1, MSG_NOSIGNAL) < 0) err = errno;
        else usleep(5000);
    }
    check_true("writes to a closed peer fail (EPIPE or ECONNRESET)", err == EPIPE || err == ECONNRESET);
    close(c);
    close(s);
    signal(SIGPIPE, SIG_DFL);
}

/* A child killed by SIGPIPE: the default action. */
static void sigpipe_kills(void) {
    int port;
    int s = listener(&port);
    pid_t pid = xfork();
    if (pid == 0) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = lo(port);
        connect(c, (struct sockaddr *)&a, sizeof a);
        shutdown(c, SHUT_WR);
        write(c, "x", 1);
        _exit(0);
    }
    check_str("SIGPIPE kills", status_str(wait_for(pid, 0)), "killed by SIGPIPE");
    close(s);
}

static void timeouts(void) {
    int port;
    int s = listener(&port);
    struct timeval tv = {0, 50000};
    check_i64("SO_RCVTIMEO", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    check_errno("accept times out", accept(s, NULL, NULL), EAGAIN);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo(port);
    connect(c, (struct sockaddr *)&a, sizeof a);
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[4];
    check_errno("recv times out", recv(c, buf, 1, 0), EAGAIN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    tv.tv_sec = 0;
    tv.tv_usec = 0;
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct itimerval it = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_REAL, &it, NULL);
    check_errno("handler interrupts recv (no SA_RESTART)", recv(c, buf, 1, 0), EINTR);
    check_i64("alarm", got_alarm, 1);
    close(c);
    close(s);
}

/* Flow control: a peer that does not read fills the path; a non-blocking send then answers
 * EAGAIN and poll stops reporting POLLOUT; SO_SNDTIMEO ends a blocked send with EAGAIN; once the
 * peer has read everything, POLLOUT is back. MSG_WAITALL collects two writes sent apart. */
static void flow_control(void) {
    int port;
    int s = listener(&port);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo(port);
    connect(c, (struct sockaddr *)&a, sizeof a);
    int x = accept(s, NULL, NULL);
    static char chunk[16384];
    long sent = 0;
    int eagain = 0;
    for (int i = 0; i < 10000 && !eagain; i++) {
        ssize_t n = send(c, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n > 0) sent += n;
        else if (errno == EAGAIN) eagain = 1;
    }
    check_true("a non-reading peer makes send answer EAGAIN", eagain);
    check_i64("no POLLOUT while full", poll1(c, POLLOUT, 0) & POLLOUT, 0);
    struct timeval tv = {0, 100000};
    setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    ssize_t n = send(c, chunk, sizeof chunk, 0);
    check_true("SO_SNDTIMEO: EAGAIN or a partial count", (n < 0 && errno == EAGAIN) || (n > 0 && n < (ssize_t)sizeof chunk));
    if (n > 0) sent += n;
    static char sink[65536];
    long got = 0;
    while (got < sent) {
        ssize_t r = read(x, sink, sizeof sink);
        if (r <= 0) break;
        got += r;
    }
    check_true("everything sent arrives", got == sent);
    check_i64("POLLOUT again once drained", poll1(c, POLLOUT, 10000) & POLLOUT, POLLOUT);

    pid_t pid = xfork();
    if (pid == 0) {
        write(x, "first-", 6);
        usleep(100000);
        write(x, "second", 6);
        _exit(0);
    }
    char buf[16] = {0};
    check_i64("MSG_PEEK|MSG_WAITALL waits for all", recv(c, buf, 12, MSG_PEEK | MSG_WAITALL), 12);
    check_str("peeked bytes", buf, "first-second");
    memset(buf, 0, sizeof buf);
    check_i64("MSG_WAITALL across writes", recv(c, buf, 12, MSG_WAITALL), 12);
    check_str("MSG_WAITALL bytes", buf, "first-second");
    wait_for(pid, 0);
    close(x);
    close(c);
    close(s);
}

static void bad_args(void) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = lo(1);
    check_errno("connect short address", connect(c, (struct sockaddr *)&a, 15), EINVAL);
    a.sin_family = AF_UNIX;
    check_errno("connect wrong family", connect(c, (struct sockaddr *)&a, sizeof a), EAFNOSUPPORT);
    check_errno("connect not a socket", connect(0 + 100, (struct sockaddr *)&a, sizeof a), EBADF);
    check_errno("accept unbound", accept(c, NULL, NULL), EINVAL);
    close(c);
}

int main(void) {
    nonblocking_connect();
    refused();
    pipes();
    sigpipe_kills();
    timeouts();
    flow_control();
    bad_args();
    return finish("inet_connect");
}
