/* inet_ipv6: AF_INET6 SOCK_STREAM over the host's loopback (ipv6(7)): a server on [::1] port 0
 * and a forked client, sockaddr_in6 from getsockname/getpeername/accept, an IPv6 socket
 * reaching an IPv4 server through a v4-mapped address (::ffff:127.0.0.1, reported mapped), and
 * a listener on [::] reached over both IPv6 and IPv4 (a dual-stack socket), and
 * the address checks of bind and connect (short sockaddr_in6, sockaddr_in on an IPv6 socket). */
#include "procs.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include "inet.h"

static struct sockaddr_in6 lo6(int port) {
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_addr = in6addr_loopback;
    return a;
}

static const char *text6(const struct sockaddr_in6 *a) {
    static char b[INET6_ADDRSTRLEN];
    return inet_ntop(AF_INET6, &a->sin6_addr, b, sizeof b);
}

static void echo6(void) {
    int s = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 a = lo6(0);
    check_i64("bind [::1]:0", bind(s, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t l = sizeof a;
    check_i64("getsockname", getsockname(s, (struct sockaddr *)&a, &l), 0);
    check_i64("sockaddr_in6 length", l, sizeof(struct sockaddr_in6));
    check_str("bound address", text6(&a), "::1");
    check_true("port picked", a.sin6_port != 0);
    check_i64("listen", listen(s, 4), 0);
    pid_t pid = xfork();
    if (pid == 0) {
        int c = socket(AF_INET6, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&a, sizeof a) != 0) _exit(2);
        char b[32];
        ssize_t n = read(c, b, sizeof b);
        if (n != 6 || memcmp(b, "hello6", 6) != 0) _exit(3);
        write(c, "bye", 3);
        close(c);
        _exit(0);
    }
    struct sockaddr_in6 peer;
    socklen_t pl = sizeof peer;
    int x = accept(s, (struct sockaddr *)&peer, &pl);
    check_true("accept", x >= 0);
    check_i64("peer length", pl, sizeof peer);
    check_i64("peer family", peer.sin6_family, AF_INET6);
    check_str("peer address", text6(&peer), "::1");
    check_i64("write", write(x, "hello6", 6), 6);
    char b[8];
    check_i64("read", read(x, b, sizeof b), 3);
    check_i64("EOF", read(x, b, sizeof b), 0);
    close(x);
    check_str("client", status_str(wait_for(pid, 0)), "exited 0");
    close(s);
}

static void mapped(void) {
    struct sockaddr_in a;
    int s = listen_lo(&a, 1);
    int c = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 m = lo6(ntohs(a.sin_port));
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &m.sin6_addr);
    check_i64("connect to a v4-mapped address", connect(c, (struct sockaddr *)&m, sizeof m), 0);
    struct sockaddr_in6 p;
    socklen_t l = sizeof p;
    getpeername(c, (struct sockaddr *)&p, &l);
    check_str("peer is v4-mapped", text6(&p), "::ffff:127.0.0.1");
    l = sizeof p;
    getsockname(c, (struct sockaddr *)&p, &l);
    check_str("local is v4-mapped", text6(&p), "::ffff:127.0.0.1");
    int x = accept(s, NULL, NULL);
    check_i64("the IPv4 side reads", (write(c, "4", 1), read(x, (char[2]){0}, 2)), 1);
    close(x);
    close(c);
    /* The same from an IPv6 socket bound to [::]:0 first. */
    c = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 any;
    memset(&any, 0, sizeof any);
    any.sin6_family = AF_INET6;
    check_i64("bind [::]:0", bind(c, (struct sockaddr *)&any, sizeof any), 0);
    check_i64("bound socket to a v4-mapped address", connect(c, (struct sockaddr *)&m, sizeof m), 0);
    l = sizeof p;
    getsockname(c, (struct sockaddr *)&p, &l);
    check_str("its local address is v4-mapped", text6(&p), "::ffff:127.0.0.1");
    x = accept(s, NULL, NULL);
    close(x);
    close(c);
    close(s);
}

/* A listener on [::]: reached over IPv6 (::1) and over IPv4 (127.0.0.1, seen v4-mapped). */
static void dual_stack(void) {
    int s = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_any;
    check_i64("bind [::]:0", bind(s, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t l = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &l);
    check_str("bound to ::", text6(&a), "::");
    listen(s, 4);
    int port = ntohs(a.sin6_port);
    int c6 = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 to6 = lo6(port);
    check_i64("IPv6 client", connect(c6, (struct sockaddr *)&to6, sizeof to6), 0);
    struct sockaddr_in6 peer;
    socklen_t pl = sizeof peer;
    int x = accept(s, (struct sockaddr *)&peer, &pl);
    check_str("IPv6 peer", text6(&peer), "::1");
    close(x);
    int c4 = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to4;
    memset(&to4, 0, sizeof to4);
    to4.sin_family = AF_INET;
    to4.sin_port = htons(port);
    to4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    check_i64("IPv4 client", connect(c4, (struct sockaddr *)&to4, sizeof to4), 0);
    pl = sizeof peer;
    x = accept(s, (struct sockaddr *)&peer, &pl);
    check_str("IPv4 peer, v4-mapped", text6(&peer), "::ffff:127.0.0.1");
    check_i64("IPv4 peer length", pl, sizeof peer);
    check_i64("data over IPv4", (write(c4, "4", 1), read(x, (char[2]){0}, 2)), 1);
    close(x);
    close(c4);
    close(c6);
    close(s);
}

static void checks(void) {
    int s = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 a = lo6(0);
    check_errno("bind short sockaddr_in6", bind(s, (struct sockaddr *)&a, 20), EINVAL);
    struct sockaddr_in v4;
    memset(&v4, 0, sizeof v4);
    v4.sin_family = AF_INET;
    char big[32] = {0};
    memcpy(big, &v4, sizeof v4);
    check_errno("bind sockaddr_in on IPv6", bind(s, (struct sockaddr *)big, sizeof big), EAFNOSUPPORT);
    check_errno("connect sockaddr_in on IPv6", connect(s, (struct sockaddr *)big, sizeof big), EAFNOSUPPORT);
    socklen_t l = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &l);
    check_str("unbound is ::", text6(&a), "::");
    check_i64("unbound length", l, sizeof a);
    close(s);
}

int main(void) {
    echo6();
    mapped();
    dual_stack();
    checks();
    return finish("inet_ipv6");
}
