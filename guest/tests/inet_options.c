/* inet_options: socket options of TCP and UDP sockets (socket(7), tcp(7), ip(7), ipv6(7)):
 * SO_TYPE/SO_DOMAIN/SO_PROTOCOL/SO_ACCEPTCONN/SO_ERROR, boolean options round trip (SO_REUSEADDR,
 * SO_REUSEPORT, SO_KEEPALIVE, SO_BROADCAST, TCP_NODELAY, IPV6_V6ONLY), buffer sizes doubled on
 * set and clamped at the minimum, SO_LINGER, SO_RCVTIMEO/SO_SNDTIMEO, TCP keep-alive timings with
 * their ranges, IP_TTL, short option lengths, unknown options and levels, options that are not
 * of the socket's protocol, and an abortive close (SO_LINGER 0) seen by the peer as ECONNRESET. */
#include "procs.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include "inet.h"

static int get_int(int fd, int level, int name) {
    int v = -12345;
    socklen_t l = sizeof v;
    if (getsockopt(fd, level, name, &v, &l) != 0) return -errno - 1000;
    return l == sizeof v ? v : -999;
}

static void flag(int fd, int level, int name, const char *label) {
    char n[80];
    int one = 1, zero = 0;
    snprintf(n, sizeof n, "%s default", label);
    check_i64(n, get_int(fd, level, name), 0);
    snprintf(n, sizeof n, "%s set", label);
    check_i64(n, setsockopt(fd, level, name, &one, sizeof one), 0);
    snprintf(n, sizeof n, "%s on", label);
    check_i64(n, get_int(fd, level, name), 1);
    int seven = 7;
    setsockopt(fd, level, name, &seven, sizeof seven);
    snprintf(n, sizeof n, "%s is boolean", label);
    check_i64(n, get_int(fd, level, name), 1);
    setsockopt(fd, level, name, &zero, sizeof zero);
    snprintf(n, sizeof n, "%s off", label);
    check_i64(n, get_int(fd, level, name), 0);
}

static void common(int fd, int type, int domain, int proto) {
    check_i64("SO_TYPE", get_int(fd, SOL_SOCKET, SO_TYPE), type);
    check_i64("SO_DOMAIN", get_int(fd, SOL_SOCKET, SO_DOMAIN), domain);
    check_i64("SO_PROTOCOL", get_int(fd, SOL_SOCKET, SO_PROTOCOL), proto);
    check_i64("SO_ERROR", get_int(fd, SOL_SOCKET, SO_ERROR), 0);
    check_i64("SO_ACCEPTCONN", get_int(fd, SOL_SOCKET, SO_ACCEPTCONN), 0);
    struct ucred uc = {7, 7, 7};
    socklen_t ul = sizeof uc;
    check_i64("SO_PEERCRED", getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &ul), 0);
    check_true("SO_PEERCRED of an inet socket is {0, -1, -1}", uc.pid == 0 && (int)uc.uid == -1 && (int)uc.gid == -1 && ul == sizeof uc);
    flag(fd, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR");
    flag(fd, SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT");
    flag(fd, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE");
    flag(fd, SOL_SOCKET, SO_BROADCAST, "SO_BROADCAST");
    int v = 10000;
    check_i64("SO_RCVBUF set", setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof v), 0);
    check_i64("SO_RCVBUF doubled", get_int(fd, SOL_SOCKET, SO_RCVBUF), 20000);
    check_i64("SO_SNDBUF set", setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof v), 0);
    check_i64("SO_SNDBUF doubled", get_int(fd, SOL_SOCKET, SO_SNDBUF), 20000);
    v = 1;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
    check_i64("SO_RCVBUF minimum", get_int(fd, SOL_SOCKET, SO_RCVBUF), 2304);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
    check_i64("SO_SNDBUF minimum", get_int(fd, SOL_SOCKET, SO_SNDBUF), 4608);
    struct linger lg = {1, 5}, back = {0, 0};
    socklen_t l = sizeof back;
    check_i64("SO_LINGER set", setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
    check_i64("SO_LINGER get", getsockopt(fd, SOL_SOCKET, SO_LINGER, &back, &l), 0);
    check_true("SO_LINGER round trip", back.l_onoff == 1 && back.l_linger == 5 && l == sizeof back);
    check_errno("SO_LINGER short", setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, 4), EINVAL);
    lg.l_onoff = 0;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    struct timeval tv = {2, 500000}, tb;
    l = sizeof tb;
    check_i64("SO_RCVTIMEO set", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    check_i64("SO_RCVTIMEO get", getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tb, &l), 0);
    check_true("SO_RCVTIMEO round trip", tb.tv_sec == 2 && tb.tv_usec == 500000);
    tv.tv_usec = 1000000;
    check_errno("SO_SNDTIMEO bad usec", setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv), EDOM);
    check_errno("SO_SNDTIMEO short", setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, 8), EINVAL);
    check_i64("IP_TTL default", get_int(fd, IPPROTO_IP, IP_TTL) > 0, 1);
    v = 17;
    check_i64("IP_TTL set", setsockopt(fd, IPPROTO_IP, IP_TTL, &v, sizeof v), 0);
    check_i64("IP_TTL get", get_int(fd, IPPROTO_IP, IP_TTL), 17);
    v = 256;
    check_errno("IP_TTL range", setsockopt(fd, IPPROTO_IP, IP_TTL, &v, sizeof v), EINVAL);
    short s = 1;
    check_errno("int option short", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &s, sizeof s), EINVAL);
    check_errno("unknown SOL_SOCKET option", setsockopt(fd, SOL_SOCKET, 999, &v, sizeof v), ENOPROTOOPT);
    check_i64("getsockopt unknown", get_int(fd, SOL_SOCKET, 999), -ENOPROTOOPT - 1000);
    check_errno("SO_TYPE is read-only", setsockopt(fd, SOL_SOCKET, SO_TYPE, &v, sizeof v), ENOPROTOOPT);
    check_i64("unknown level (ip_getsockopt: EOPNOTSUPP)", get_int(fd, 250, 1), -EOPNOTSUPP - 1000);
    /* A short getsockopt buffer gets the first bytes and the length it got. */
    char c = 9;
    l = 1;
    check_i64("short getsockopt", getsockopt(fd, SOL_SOCKET, SO_TYPE, &c, &l), 0);
    check_true("short getsockopt truncates", l == 1 && c == type);
}

static void tcp_only(int fd) {
    flag(fd, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY");
    flag(fd, IPPROTO_TCP, TCP_CORK, "TCP_CORK");
    check_i64("TCP_QUICKACK default", get_int(fd, IPPROTO_TCP, TCP_QUICKACK), 1);
    check_i64("TCP_MAXSEG unconnected", get_int(fd, IPPROTO_TCP, TCP_MAXSEG), 536);
    int mss = 1000;
    check_i64("TCP_MAXSEG set", setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss), 0);
    check_i64("TCP_MAXSEG as set", get_int(fd, IPPROTO_TCP, TCP_MAXSEG), 1000);
    mss = 20;
    check_errno("TCP_MAXSEG too small", setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss), EINVAL);
    check_i64("TCP_KEEPIDLE default", get_int(fd, IPPROTO_TCP, TCP_KEEPIDLE), 7200);
    check_i64("TCP_KEEPINTVL default", get_int(fd, IPPROTO_TCP, TCP_KEEPINTVL), 75);
    check_i64("TCP_KEEPCNT default", get_int(fd, IPPROTO_TCP, TCP_KEEPCNT), 9);
    int v = 30;
    check_i64("TCP_KEEPIDLE set", setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v), 0);
    check_i64("TCP_KEEPIDLE get", get_int(fd, IPPROTO_TCP, TCP_KEEPIDLE), 30);
    v = 0;
    check_errno("TCP_KEEPIDLE 0", setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v), EINVAL);
    v = 128;
    check_errno("TCP_KEEPCNT 128", setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof v), EINVAL);
}

/* A close with SO_LINGER {1, 0} resets the connection: the peer's read fails with ECONNRESET. */
static void abortive_close(void) {
    struct sockaddr_in a;
    int s = listen_lo(&a, 1);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    check_i64("connect", connect(c, (struct sockaddr *)&a, sizeof a), 0);
    int x = accept(s, NULL, NULL);
    check_i64("SO_ACCEPTCONN on the listener", get_int(s, SOL_SOCKET, SO_ACCEPTCONN), 1);
    check_i64("accepted inherits TCP_NODELAY off", get_int(x, IPPROTO_TCP, TCP_NODELAY), 0);
    /* SO_RCVLOWAT: poll and recv wait for that many bytes. */
    int lowat = 6;
    check_i64("SO_RCVLOWAT", setsockopt(c, SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof lowat), 0);
    check_i64("SO_RCVLOWAT get", get_int(c, SOL_SOCKET, SO_RCVLOWAT), 6);
    write(x, "abc", 3);
    struct pollfd q = {c, POLLIN, 0};
    check_i64("below SO_RCVLOWAT: no POLLIN", poll(&q, 1, 200), 0);
    write(x, "def", 3);
    check_i64("at SO_RCVLOWAT: POLLIN", poll(&q, 1, 10000), 1);
    char six[8];
    check_i64("recv gets all six", recv(c, six, sizeof six, 0), 6);
    struct linger lg = {1, 0};
    setsockopt(x, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(x);
    struct pollfd p = {c, POLLIN, 0};
    poll(&p, 1, 10000);
    check_i64("reset polls POLLERR|POLLHUP", p.revents & (POLLERR | POLLHUP), POLLERR | POLLHUP);
    char b[4];
    check_errno("read after the peer's reset", read(c, b, sizeof b), ECONNRESET);
    check_i64("then EOF", read(c, b, sizeof b), 0);
    close(c);
    close(s);
}

int main(void) {
    int t = socket(AF_INET, SOCK_STREAM, 0);
    printf("-- tcp\n");
    common(t, SOCK_STREAM, AF_INET, IPPROTO_TCP);
    tcp_only(t);
    check_i64("IPV6_V6ONLY on an IPv4 socket", get_int(t, IPPROTO_IPV6, IPV6_V6ONLY), -EOPNOTSUPP - 1000);
    close(t);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    printf("-- udp\n");
    common(u, SOCK_DGRAM, AF_INET, IPPROTO_UDP);
    check_i64("TCP_NODELAY on UDP", get_int(u, IPPROTO_TCP, TCP_NODELAY), -EOPNOTSUPP - 1000);
    check_errno("setsockopt TCP_NODELAY on UDP", setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int)), ENOPROTOOPT);
    close(u);
    int six = socket(AF_INET6, SOCK_STREAM, 0);
    printf("-- tcp6\n");
    check_i64("SO_DOMAIN v6", get_int(six, SOL_SOCKET, SO_DOMAIN), AF_INET6);
    flag(six, IPPROTO_IPV6, IPV6_V6ONLY, "IPV6_V6ONLY");
    struct sockaddr_in6 a6;
    memset(&a6, 0, sizeof a6);
    a6.sin6_family = AF_INET6;
    a6.sin6_addr = in6addr_loopback;
    bind(six, (struct sockaddr *)&a6, sizeof a6);
    int one = 1;
    check_errno("IPV6_V6ONLY after bind", setsockopt(six, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one), EINVAL);
    close(six);
    abortive_close();
    return finish("inet_options");
}
