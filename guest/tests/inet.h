/* inet.h: the loopback addresses and listeners of the AF_INET tests. */
#ifndef JAVIX_INET_H
#define JAVIX_INET_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* 127.0.0.1:port. */
static inline struct sockaddr_in lo(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* A TCP socket listening on 127.0.0.1 at a port the host picks; its address in *a. */
static inline int listen_lo(struct sockaddr_in *a, int backlog) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    *a = lo(0);
    bind(s, (struct sockaddr *)a, sizeof *a);
    socklen_t l = sizeof *a;
    getsockname(s, (struct sockaddr *)a, &l);
    listen(s, backlog);
    return s;
}

#endif
