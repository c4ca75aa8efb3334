/* inet_names: name resolution a static glibc program does from files (hosts(5), services(5),
 * protocols(5), nsswitch.conf(5)): getaddrinfo of "localhost", "127.0.0.1", "::1" and a service
 * name, numeric-only lookups, gethostbyname, getservbyname("http"), getprotobyname("tcp"),
 * getnameinfo of the loopback, inet_pton/inet_ntop, and the errors of unknown names; then a
 * connection made with getaddrinfo's answer to a server on an AI_PASSIVE address.
 * Here rather than in guest/tests: the answers come from the root image's /etc files, and
 * qemu-riscv64 reads the host's /etc instead (which may lack ::1 localhost or /etc/services). */
#include "procs.h"
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

static const char *family_name(int f) {
    return f == AF_INET ? "AF_INET" : f == AF_INET6 ? "AF_INET6" : "other";
}

/* Every (family, address, port) getaddrinfo gives for SOCK_STREAM, in order, joined with spaces. */
static const char *lookup(const char *host, const char *serv, int family, int flags) {
    static char out[512];
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = flags;
    int r = getaddrinfo(host, serv, &hints, &res);
    if (r != 0) {
        snprintf(out, sizeof out, "error %s", r == EAI_NONAME ? "EAI_NONAME" : r == EAI_SERVICE ? "EAI_SERVICE"
                 : r == EAI_FAMILY ? "EAI_FAMILY" : r == EAI_ADDRFAMILY ? "EAI_ADDRFAMILY" : gai_strerror(r));
        return out;
    }
    out[0] = 0;
    for (struct addrinfo *p = res; p; p = p->ai_next) {
        char a[INET6_ADDRSTRLEN];
        int port;
        if (p->ai_family == AF_INET) {
            struct sockaddr_in *s = (struct sockaddr_in *)p->ai_addr;
            inet_ntop(AF_INET, &s->sin_addr, a, sizeof a);
            port = ntohs(s->sin_port);
        } else {
            struct sockaddr_in6 *s = (struct sockaddr_in6 *)p->ai_addr;
            inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof a);
            port = ntohs(s->sin6_port);
        }
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s %s %d proto %d", out[0] ? " | " : "",
                 family_name(p->ai_family), a, port, p->ai_protocol);
    }
    freeaddrinfo(res);
    return out;
}

int main(void) {
    check_str("localhost v4", lookup("localhost", "80", AF_INET, 0), "AF_INET 127.0.0.1 80 proto 6");
    check_str("localhost v6", lookup("localhost", "80", AF_INET6, 0), "AF_INET6 ::1 80 proto 6");
    check_str("numeric v4", lookup("127.0.0.1", "8080", AF_UNSPEC, AI_NUMERICHOST), "AF_INET 127.0.0.1 8080 proto 6");
    check_str("numeric v6", lookup("::1", "8080", AF_UNSPEC, AI_NUMERICHOST), "AF_INET6 ::1 8080 proto 6");
    check_str("service name", lookup("127.0.0.1", "http", AF_INET, 0), "AF_INET 127.0.0.1 80 proto 6");
    check_str("passive v4", lookup(NULL, "5000", AF_INET, AI_PASSIVE), "AF_INET 0.0.0.0 5000 proto 6");
    check_str("loopback without host", lookup(NULL, "5000", AF_INET6, 0), "AF_INET6 ::1 5000 proto 6");
    check_str("ip6-localhost", lookup("ip6-localhost", "1", AF_INET6, 0), "AF_INET6 ::1 1 proto 6");
    check_str("unknown service", lookup("127.0.0.1", "no-such-service", AF_INET, 0), "error EAI_SERVICE");
    check_str("not numeric", lookup("localhost", "1", AF_INET, AI_NUMERICHOST), "error EAI_NONAME");
    check_str("v6 address for v4", lookup("::1", "1", AF_INET, AI_NUMERICHOST), "error EAI_ADDRFAMILY");

    struct hostent *h = gethostbyname("localhost");
    check_true("gethostbyname localhost", h != NULL && h->h_addrtype == AF_INET && h->h_length == 4);
    if (h) check_str("gethostbyname address", inet_ntoa(*(struct in_addr *)h->h_addr_list[0]), "127.0.0.1");
    h = gethostbyname("127.0.0.1");
    check_true("gethostbyname numeric", h != NULL && h->h_addrtype == AF_INET);
    struct servent *s = getservbyname("http", "tcp");
    check_i64("getservbyname http", s ? ntohs(s->s_port) : -1, 80);
    s = getservbyname("domain", "udp");
    check_i64("getservbyname domain/udp", s ? ntohs(s->s_port) : -1, 53);
    s = getservbyport(htons(22), "tcp");
    check_str("getservbyport 22", s ? s->s_name : "(none)", "ssh");
    struct protoent *p = getprotobyname("tcp");
    check_i64("getprotobyname tcp", p ? p->p_proto : -1, 6);
    p = getprotobyname("udp");
    check_i64("getprotobyname udp", p ? p->p_proto : -1, 17);

    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(80);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char host[64], serv[32];
    check_i64("getnameinfo", getnameinfo((struct sockaddr *)&a, sizeof a, host, sizeof host, serv, sizeof serv, 0), 0);
    check_str("getnameinfo host", host, "localhost");
    check_str("getnameinfo serv", serv, "http");
    check_i64("getnameinfo numeric", getnameinfo((struct sockaddr *)&a, sizeof a, host, sizeof host, serv, sizeof serv,
              NI_NUMERICHOST | NI_NUMERICSERV), 0);
    check_str("numeric host", host, "127.0.0.1");
    check_str("numeric serv", serv, "80");

    unsigned char buf[16];
    char text[INET6_ADDRSTRLEN];
    check_i64("inet_pton v6", inet_pton(AF_INET6, "::ffff:127.0.0.1", buf), 1);
    check_str("inet_ntop v6", inet_ntop(AF_INET6, buf, text, sizeof text), "::ffff:127.0.0.1");
    check_i64("inet_pton bad", inet_pton(AF_INET, "300.1.1.1", buf), 0);

    /* A server on getaddrinfo(NULL, "0", AI_PASSIVE), reached through getaddrinfo("localhost"). */
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    getaddrinfo(NULL, "0", &hints, &res);
    int srv = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    check_i64("bind passive", bind(srv, res->ai_addr, res->ai_addrlen), 0);
    freeaddrinfo(res);
    listen(srv, 1);
    socklen_t l = sizeof a;
    getsockname(srv, (struct sockaddr *)&a, &l);
    check_str("passive bound address", inet_ntoa(a.sin_addr), "0.0.0.0");
    char port[16];
    snprintf(port, sizeof port, "%d", ntohs(a.sin_port));
    hints.ai_flags = 0;
    check_i64("getaddrinfo localhost", getaddrinfo("localhost", port, &hints, &res), 0);
    int c = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    check_i64("connect via getaddrinfo", connect(c, res->ai_addr, res->ai_addrlen), 0);
    freeaddrinfo(res);
    int a2 = accept(srv, NULL, NULL);
    check_i64("write", write(c, "ping", 4), 4);
    char b[8];
    check_i64("read", read(a2, b, sizeof b), 4);
    close(a2);
    close(c);
    close(srv);
    return finish("inet_names");
}
