/* inet_echo_server: what InetBridgeTest reaches from a Java client on the host. Listens on
 * argv[1] (an IPv4 or IPv6 address; default 127.0.0.1) port 0, prints "port N" and flushes,
 * then serves argv[2] connections (default 1) one after another with poll: each line read is
 * sent back upper-cased until the client shuts down its side; then prints "served N bytes".
 * Exits 2 with the errno name if socket() fails (--net=none). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *host = argc > 1 ? argv[1] : "127.0.0.1";
    int conns = argc > 2 ? atoi(argv[2]) : 1;
    int v6 = strchr(host, ':') != NULL;
    int s = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) {
        printf("socket: %s\n", strerrorname_np(errno));
        return 2;
    }
    struct sockaddr_storage st;
    memset(&st, 0, sizeof st);
    socklen_t len;
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&st;
        a->sin6_family = AF_INET6;
        inet_pton(AF_INET6, host, &a->sin6_addr);
        len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&st;
        a->sin_family = AF_INET;
        inet_pton(AF_INET, host, &a->sin_addr);
        len = sizeof *a;
    }
    if (bind(s, (struct sockaddr *)&st, len) != 0 || listen(s, 16) != 0) {
        printf("bind/listen: %s\n", strerrorname_np(errno));
        return 3;
    }
    getsockname(s, (struct sockaddr *)&st, &len);
    int port = ntohs(v6 ? ((struct sockaddr_in6 *)&st)->sin6_port : ((struct sockaddr_in *)&st)->sin_port);
    printf("port %d\n", port);
    fflush(stdout);
    long total = 0;
    for (int i = 0; i < conns; i++) {
        struct pollfd p = {s, POLLIN, 0};
        if (poll(&p, 1, 60000) != 1) return 4;
        int c = accept(s, NULL, NULL);
        if (c < 0) return 5;
        char buf[4096];
        for (;;) {
            p.fd = c;
            p.events = POLLIN;
            if (poll(&p, 1, 60000) != 1) return 6;
            ssize_t n = read(c, buf, sizeof buf);
            if (n <= 0) break;
            for (ssize_t k = 0; k < n; k++) buf[k] = toupper((unsigned char)buf[k]);
            for (ssize_t off = 0; off < n;) {
                ssize_t w = write(c, buf + off, n - off);
                if (w <= 0) return 7;
                off += w;
            }
            total += n;
        }
        close(c);
    }
    printf("served %ld bytes\n", total);
    return 0;
}
