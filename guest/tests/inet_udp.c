/* inet_udp: AF_INET and AF_INET6 SOCK_DGRAM over the host's loopback (udp(7)): sendto/recvfrom
 * with the sender's address, message boundaries, truncation (MSG_TRUNC in and out), MSG_PEEK,
 * MSG_DONTWAIT, FIONREAD, zero-length datagrams, sendmsg/recvmsg with iovecs and msg_name,
 * connect (default destination, getpeername, AF_UNSPEC disconnect), EDESTADDRREQ, autobind on
 * the first send, poll readiness, shutdown(SHUT_RD) waking a reader, and a forked echo peer. */
#include "procs.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "inet.h"

static int bound(struct sockaddr_in *a) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    *a = lo(0);
    bind(s, (struct sockaddr *)a, sizeof *a);
    socklen_t l = sizeof *a;
    getsockname(s, (struct sockaddr *)a, &l);
    return s;
}

static int poll1(int fd, short events, int timeout) {
    struct pollfd p = {fd, events, 0};
    int r = poll(&p, 1, timeout);
    return r < 0 ? -1 : p.revents;
}

static void basics(void) {
    struct sockaddr_in aa, ab;
    int a = bound(&aa), b = bound(&ab);
    check_i64("fresh poll", poll1(b, POLLIN | POLLOUT, 0), POLLOUT);
    char buf[64];
    check_errno("empty dontwait", recv(b, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
    check_i64("sendto", sendto(a, "one", 3, 0, (struct sockaddr *)&ab, sizeof ab), 3);
    check_i64("sendto 2", sendto(a, "second", 6, 0, (struct sockaddr *)&ab, sizeof ab), 6);
    check_i64("sendto empty", sendto(a, "", 0, 0, (struct sockaddr *)&ab, sizeof ab), 0);
    check_i64("POLLIN", poll1(b, POLLIN, 10000), POLLIN);
    int q = -1;
    check_i64("FIONREAD is the first datagram", ioctl(b, FIONREAD, &q) == 0 ? q : -1, 3);
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    check_i64("peek", recvfrom(b, buf, sizeof buf, MSG_PEEK, (struct sockaddr *)&from, &fl), 3);
    fl = sizeof from;
    memset(&from, 0, sizeof from);
    check_i64("recvfrom", recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 3);
    check_true("boundary", memcmp(buf, "one", 3) == 0);
    check_i64("from length", fl, sizeof from);
    check_true("from is the sender", from.sin_port == aa.sin_port && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    check_i64("truncated", recv(b, buf, 2, 0), 2);
    check_i64("empty datagram", recv(b, buf, sizeof buf, MSG_DONTWAIT), 0);
    check_errno("then nothing", recv(b, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
    sendto(a, "truncate me", 11, 0, (struct sockaddr *)&ab, sizeof ab);
    poll1(b, POLLIN, 10000);
    check_i64("MSG_TRUNC gives the real length", recv(b, buf, 4, MSG_TRUNC), 11);

    /* sendmsg/recvmsg with two iovecs each, MSG_TRUNC in msg_flags. */
    struct iovec out[2] = {{"head-", 5}, {"tail", 4}};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_name = &ab;
    m.msg_namelen = sizeof ab;
    m.msg_iov = out;
    m.msg_iovlen = 2;
    check_i64("sendmsg", sendmsg(a, &m, 0), 9);
    char p1[3], p2[4];
    struct iovec in[2] = {{p1, 3}, {p2, 4}};
    memset(&m, 0, sizeof m);
    m.msg_name = &from;
    m.msg_namelen = sizeof from;
    m.msg_iov = in;
    m.msg_iovlen = 2;
    poll1(b, POLLIN, 10000);
    check_i64("recvmsg", recvmsg(b, &m, 0), 7);
    check_true("scattered", memcmp(p1, "hea", 3) == 0 && memcmp(p2, "d-ta", 4) == 0);
    check_i64("msg_flags MSG_TRUNC", m.msg_flags & MSG_TRUNC, MSG_TRUNC);
    check_i64("msg_namelen", m.msg_namelen, sizeof from);

    /* connect: default destination, the only source; AF_UNSPEC undoes it. */
    check_errno("send unconnected", send(a, "x", 1, 0), EDESTADDRREQ);
    socklen_t l = sizeof from;
    check_errno("getpeername unconnected", getpeername(a, (struct sockaddr *)&from, &l), ENOTCONN);
    check_i64("connect", connect(a, (struct sockaddr *)&ab, sizeof ab), 0);
    l = sizeof from;
    check_i64("getpeername", getpeername(a, (struct sockaddr *)&from, &l), 0);
    check_true("peer", from.sin_port == ab.sin_port);
    check_i64("send connected", send(a, "conn", 4, 0), 4);
    poll1(b, POLLIN, 10000);
    check_i64("recv", recv(b, buf, sizeof buf, 0), 4);
    struct sockaddr_in ac;
    int other = bound(&ac);
    check_i64("sendto another address while connected", sendto(a, "else", 4, 0, (struct sockaddr *)&ac, sizeof ac), 4);
    check_i64("it arrives", (poll1(other, POLLIN, 10000), recv(other, buf, sizeof buf, 0)), 4);
    check_i64("still connected", send(a, "more", 4, 0), 4);
    check_i64("to the peer", (poll1(b, POLLIN, 10000), recv(b, buf, sizeof buf, 0)), 4);
    sendto(other, "no", 2, 0, (struct sockaddr *)&aa, sizeof aa);
    check_errno("a connected socket takes nothing from others", (usleep(100000), recv(a, buf, sizeof buf, MSG_DONTWAIT)), EAGAIN);
    close(other);
    struct sockaddr_un_ish { sa_family_t f; char pad[14]; } un = {AF_UNSPEC, {0}};
    check_i64("disconnect", connect(a, (struct sockaddr *)&un, sizeof un), 0);
    l = sizeof from;
    check_errno("getpeername after disconnect", getpeername(a, (struct sockaddr *)&from, &l), ENOTCONN);
    check_errno("listen", listen(a, 1), EOPNOTSUPP);
    check_errno("accept", accept(a, NULL, NULL), EOPNOTSUPP);
    check_errno("shutdown unconnected", shutdown(a, SHUT_RD), ENOTCONN);
    check_i64("POLLIN|POLLRDHUP after SHUT_RD", poll1(a, POLLIN | POLLRDHUP, 0), POLLIN | POLLRDHUP);
    check_i64("recv after SHUT_RD", recv(a, buf, sizeof buf, 0), 0);
    close(a);
    close(b);
}

/* A child echoes datagrams back to whoever sent them; the parent sends from an unbound socket
 * (autobind on the first sendto, getsockname then knows the port). */
static void echo(void) {
    struct sockaddr_in sa;
    int s = bound(&sa);
    pid_t pid = xfork();
    if (pid == 0) {
        char b[2048];
        for (int i = 0; i < 20; i++) {
            struct sockaddr_in f;
            socklen_t fl = sizeof f;
            ssize_t n = recvfrom(s, b, sizeof b, 0, (struct sockaddr *)&f, &fl);
            if (n < 0) _exit(3);
            for (ssize_t k = 0; k < n; k++) b[k] ^= 0x20;
            sendto(s, b, n, 0, (struct sockaddr *)&f, fl);
        }
        _exit(0);
    }
    close(s);
    int c = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in me;
    socklen_t l = sizeof me;
    getsockname(c, (struct sockaddr *)&me, &l);
    check_true("unbound port 0", me.sin_port == 0);
    int ok = 1;
    for (int i = 0; i < 20; i++) {
        char msg[1500], back[1500];
        int n = 1 + i * 70;
        for (int k = 0; k < n; k++) msg[k] = 'a' + (k + i) % 26;
        if (sendto(c, msg, n, 0, (struct sockaddr *)&sa, sizeof sa) != n) ok = 0;
        if (i == 0) {
            l = sizeof me;
            getsockname(c, (struct sockaddr *)&me, &l);
            check_true("autobound on first send (wildcard address)", me.sin_port != 0 && me.sin_addr.s_addr == htonl(INADDR_ANY));
        }
        if (recv(c, back, sizeof back, 0) != n) ok = 0;
        for (int k = 0; k < n; k++) if ((back[k] ^ 0x20) != msg[k]) ok = 0;
    }
    check_true("20 echoed datagrams", ok);
    check_str("echo child", status_str(wait_for(pid, 0)), "exited 0");
    close(c);
}

/* A connected socket sending to a port nobody has: the ICMP error comes back as ECONNREFUSED. */
static void refused(void) {
    /* ICMP is unreliable by design: hosts rate-limit port-unreachable messages, and a port just
       closed may be taken again by another program. Up to 5 fresh ports, 1 s each. */
    int c = -1, ev = 0, connected = 0, sent = 0;
    for (int attempt = 0; attempt < 5 && !(ev & POLLERR); attempt++) {
        if (c >= 0) close(c);
        struct sockaddr_in gone;
        int g = bound(&gone);
        close(g);
        c = socket(AF_INET, SOCK_DGRAM, 0);
        connected = connect(c, (struct sockaddr *)&gone, sizeof gone) == 0;
        sent = send(c, "x", 1, 0) == 1;
        ev = poll1(c, POLLIN, 1000);
    }
    check_true("connect to a closed port", connected);
    check_true("send", sent);
    check_i64("POLLERR", ev & POLLERR, POLLERR);
    char b[4];
    check_errno("recv ECONNREFUSED", recv(c, b, sizeof b, MSG_DONTWAIT), ECONNREFUSED);
    check_errno("then nothing", recv(c, b, sizeof b, MSG_DONTWAIT), EAGAIN);
    close(c);
}

static void ipv6(void) {
    int a = socket(AF_INET6, SOCK_DGRAM, 0), b = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 ab;
    memset(&ab, 0, sizeof ab);
    ab.sin6_family = AF_INET6;
    ab.sin6_addr = in6addr_loopback;
    check_i64("bind ::1", bind(b, (struct sockaddr *)&ab, sizeof ab), 0);
    socklen_t l = sizeof ab;
    getsockname(b, (struct sockaddr *)&ab, &l);
    check_i64("v6 addrlen", l, sizeof ab);
    check_i64("sendto ::1", sendto(a, "six", 3, 0, (struct sockaddr *)&ab, sizeof ab), 3);
    struct sockaddr_in6 from;
    socklen_t fl = sizeof from;
    char buf[8];
    check_i64("recvfrom v6", recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 3);
    check_i64("from family", from.sin6_family, AF_INET6);
    check_true("from ::1", memcmp(&from.sin6_addr, &in6addr_loopback, 16) == 0);
    struct sockaddr_in v4 = lo(1);
    check_errno("short v4 address on a v6 socket", sendto(a, "x", 1, 0, (struct sockaddr *)&v4, 8), EINVAL);
    v4.sin_family = AF_UNIX;
    check_errno("other family on a v6 socket", sendto(a, "x", 1, 0, (struct sockaddr *)&v4, sizeof v4), EINVAL);
    struct sockaddr_in6 un;
    memset(&un, 0, sizeof un);
    check_errno("AF_UNSPEC: no destination", sendto(a, "x", 1, 0, (struct sockaddr *)&un, sizeof un), EDESTADDRREQ);
    check_i64("connect ::1", connect(a, (struct sockaddr *)&ab, sizeof ab), 0);
    check_i64("AF_UNSPEC: the peer", sendto(a, "x", 1, 0, (struct sockaddr *)&un, sizeof un), 1);
    check_i64("recv", recv(b, buf, sizeof buf, 0), 1);
    struct sockaddr_in6 me;
    l = sizeof me;
    getsockname(a, (struct sockaddr *)&me, &l);
    check_true("connected source is ::1", memcmp(&me.sin6_addr, &in6addr_loopback, 16) == 0);
    close(a);
    close(b);

    /* [::] takes IPv4 datagrams too (sources v4-mapped) and answers them; an IPv6 socket sends to a sockaddr_in. */
    int d = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 any;
    memset(&any, 0, sizeof any);
    any.sin6_family = AF_INET6;
    check_i64("bind [::]:0", bind(d, (struct sockaddr *)&any, sizeof any), 0);
    l = sizeof any;
    getsockname(d, (struct sockaddr *)&any, &l);
    int four = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = lo(ntohs(any.sin6_port));
    check_i64("IPv4 sendto the dual-stack port", sendto(four, "v4", 2, 0, (struct sockaddr *)&to, sizeof to), 2);
    fl = sizeof from;
    check_i64("dual-stack recvfrom", recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 2);
    char t6[INET6_ADDRSTRLEN];
    check_str("source v4-mapped", inet_ntop(AF_INET6, &from.sin6_addr, t6, sizeof t6), "::ffff:127.0.0.1");
    check_i64("answer the mapped address", sendto(d, "ok", 2, 0, (struct sockaddr *)&from, fl), 2);
    check_i64("IPv4 side gets it", recv(four, buf, sizeof buf, 0), 2);
    struct sockaddr_in me4;
    l = sizeof me4;
    getsockname(four, (struct sockaddr *)&me4, &l);
    int e6 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in back = lo(ntohs(me4.sin_port));
    check_i64("unbound IPv6 socket sends to a sockaddr_in", sendto(e6, "x", 1, 0, (struct sockaddr *)&back, sizeof back), 1);
    check_i64("received over IPv4", recv(four, buf, sizeof buf, 0), 1);
    close(e6);
    close(four);
    close(d);
}

int main(void) {
    basics();
    echo();
    refused();
    ipv6();
    return finish("inet_udp");
}
