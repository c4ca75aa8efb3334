/*
 * The part every httpd-* server shares: options, the listening socket, and a tiny HTTP/1.1
 * connection state machine that knows nothing about how its descriptor is waited for. Each
 * server (one per I/O model of the primer's 网络I/O模型 chapter) only decides *when* to call
 * http_fill / http_process / http_flush; the protocol is the same everywhere, so wrk and curl
 * measure the I/O model and nothing else.
 *
 * The protocol, deliberately minimal:
 *   GET or HEAD of "/" or "/index.html"  -> 200 with a small HTML page (Content-Length)
 *   GET or HEAD of anything else         -> 404
 *   another method                       -> 405, connection closed
 *   a request line or header we cannot parse, or a header block over IN_MAX bytes
 *                                        -> 400, connection closed
 *   HTTP/1.1 keeps the connection open unless the request says "Connection: close";
 *   HTTP/1.0 closes unless it says "Connection: keep-alive". Pipelined requests are answered
 *   in order. Request bodies are not supported (a request with Content-Length > 0 gets 400).
 */
#ifndef HTTP_H
#define HTTP_H

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* Each server uses only the helpers of its own model. */
#pragma GCC diagnostic ignored "-Wunused-function"

#define IN_MAX 4096
#define OUT_MAX 8192

/* What the command line said. */
struct options {
    int port;          /* -p: 0 = any free port (printed on the first line of stdout) */
    long max_conns;    /* -n: exit after serving this many connections (0 = never) */
    int quiet;         /* -q: no per-connection messages on stderr */
};

/* The server's identity, set by each server's main before http_init. */
static const char *server_name = "httpd";
static const char *server_model = "";

/* One connection: what has been read and not yet parsed, and what is to be written. */
struct conn {
    int fd;
    int closing;       /* answer what is queued, then close */
    size_t inlen;
    size_t outlen, outoff;
    char in[IN_MAX];
    char out[OUT_MAX];
};

static char page_body[512];
static size_t page_len;

static void usage(const char *help, FILE *to, int status) {
    fprintf(to,
            "usage: %s [-p PORT] [-n N] [-q]\n"
            "A minimal HTTP/1.1 server (GET /, keep-alive, 404 for other paths) on 127.0.0.1.\n\n"
            "%s\n"
            "  -p PORT  port to listen on (default 8080; 0 = any free port). The first line on\n"
            "           stdout is \"listening on 127.0.0.1:PORT\".\n"
            "  -n N     exit after N connections have been served (for tests)\n"
            "  -q       quiet: no messages on stderr\n",
            server_name, help);
    exit(status);
}

/* Parses -p, -n, -q, -h/--help; help is the model's explanation for --help. */
static struct options parse_options(int argc, char **argv, const char *help) {
    struct options o = {8080, 0, 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) usage(help, stdout, 0);
        else if (!strcmp(a, "-q")) o.quiet = 1;
        else if ((!strcmp(a, "-p") || !strcmp(a, "-n")) && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 0 || (a[1] == 'p' && v > 65535)) {
                fprintf(stderr, "%s: bad number for %s: %s\n", server_name, a, argv[i]);
                exit(2);
            }
            if (a[1] == 'p') o.port = (int) v;
            else o.max_conns = v;
        } else {
            fprintf(stderr, "%s: unknown option %s\n", server_name, a);
            usage(help, stderr, 2);
        }
    }
    return o;
}

static void die(const char *what) {
    fprintf(stderr, "%s: %s: %s\n", server_name, what, strerror(errno));
    exit(1);
}

/*
 * Makes the page, ignores SIGPIPE (a client that goes away must cost a write error, not the
 * server), and returns the listening socket on 127.0.0.1:port, after printing the bound port.
 */
static int http_listen(const struct options *o, int extra_socket_flags) {
    page_len = (size_t) snprintf(page_body, sizeof page_body,
            "<!DOCTYPE html>\n<html><head><title>%s</title></head>\n"
            "<body><h1>Hello from %s</h1><p>I/O model: %s</p></body></html>\n",
            server_name, server_name, server_model);
    signal(SIGPIPE, SIG_IGN);
    /* Thousands of connections need more descriptors than the usual soft limit of 1024. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | extra_socket_flags, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(o->port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0) die("bind");
    if (listen(fd, 1024) < 0) die("listen");
    socklen_t len = sizeof sa;
    if (getsockname(fd, (struct sockaddr *) &sa, &len) < 0) die("getsockname");
    printf("listening on 127.0.0.1:%d\n", ntohs(sa.sin_port));
    fflush(stdout);
    return fd;
}

/* Small responses go out at once: no Nagle delay between a response and the next request. */
static void tune_connection(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void conn_init(struct conn *c, int fd) {
    c->fd = fd;
    c->closing = 0;
    c->inlen = c->outlen = c->outoff = 0;
}

/* Appends a whole response to the output buffer. */
static void respond(struct conn *c, int status, const char *reason, int head, int keep) {
    const char *body = status == 200 ? page_body : "";
    char small[128];
    size_t blen;
    if (status == 200) {
        blen = page_len;
    } else {
        blen = (size_t) snprintf(small, sizeof small, "%d %s\n", status, reason);
        body = small;
    }
    char *o = c->out + c->outlen;
    size_t room = OUT_MAX - c->outlen;
    int n = snprintf(o, room,
            "HTTP/1.1 %d %s\r\nServer: %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
            "Connection: %s\r\n\r\n",
            status, reason, server_name, status == 200 ? "text/html" : "text/plain", blen,
            keep ? "keep-alive" : "close");
    if (n < 0 || (size_t) n + blen > room) { /* cannot happen: http_process leaves room */
        c->closing = 1;
        return;
    }
    if (!head) memcpy(o + n, body, blen);
    c->outlen += (size_t) n + (head ? 0 : blen);
    if (!keep) c->closing = 1;
}

/* Does the header block (lines after the request line, up to end) contain "name: value"? */
static int header_has(const char *h, const char *end, const char *name, const char *value) {
    size_t nl = strlen(name);
    while (h < end) {
        const char *eol = memchr(h, '\n', (size_t) (end - h));
        if (!eol) eol = end;
        if ((size_t) (eol - h) > nl && !strncasecmp(h, name, nl) && h[nl] == ':') {
            const char *v = h + nl + 1;
            while (v < eol && (*v == ' ' || *v == '\t')) v++;
            if (value == NULL) return 1;
            size_t vl = strlen(value);
            /* a comma-separated token list: "keep-alive, Upgrade" */
            for (const char *p = v; p + vl <= eol; p++)
                if (!strncasecmp(p, value, vl)) return 1;
        }
        h = eol + 1;
    }
    return 0;
}

/* Content-Length of the request, 0 if absent. */
static long header_length(const char *h, const char *end) {
    while (h < end) {
        const char *eol = memchr(h, '\n', (size_t) (end - h));
        if (!eol) eol = end;
        if (eol - h > 15 && !strncasecmp(h, "Content-Length:", 15)) return strtol(h + 15, NULL, 10);
        h = eol + 1;
    }
    return 0;
}

/* Answers one complete request of len bytes at req (ending in an empty line). */
static void answer(struct conn *c, const char *req, size_t len) {
    const char *end = req + len;
    const char *eol = memchr(req, '\n', len);
    char method[16], path[256], version[16];
    char line[300];
    size_t ll = (size_t) (eol - req);
    if (ll >= sizeof line) ll = sizeof line - 1;
    memcpy(line, req, ll);
    line[ll] = 0;
    if (sscanf(line, "%15s %255s %15s", method, path, version) != 3 || strncmp(version, "HTTP/1.", 7) ||
            path[0] != '/') {
        respond(c, 400, "Bad Request", 0, 0);
        return;
    }
    const char *hdr = eol + 1;
    if (header_length(hdr, end) != 0) {
        respond(c, 400, "Bad Request", 0, 0);
        return;
    }
    int keep = version[7] == '1' ? !header_has(hdr, end, "Connection", "close")
                                 : header_has(hdr, end, "Connection", "keep-alive");
    int head = !strcmp(method, "HEAD");
    if (!head && strcmp(method, "GET")) respond(c, 405, "Method Not Allowed", 0, 0);
    else if (!strcmp(path, "/") || !strcmp(path, "/index.html")) respond(c, 200, "OK", head, keep);
    else respond(c, 404, "Not Found", head, keep);
}

/*
 * Answers every complete request in the input buffer (stopping early when the output buffer
 * might not hold another response, or the connection is closing) and keeps the rest.
 */
static void http_process(struct conn *c) {
    size_t used = 0;
    while (!c->closing && OUT_MAX - c->outlen >= 1024) {
        char *start = c->in + used;
        size_t avail = c->inlen - used;
        char *eoh = memmem(start, avail, "\r\n\r\n", 4);
        size_t hl = 4;
        char *eoh2 = memmem(start, avail, "\n\n", 2);
        if (eoh2 && (!eoh || eoh2 < eoh)) eoh = eoh2, hl = 2;
        if (!eoh) {
            if (avail == IN_MAX || (used == 0 && c->inlen == IN_MAX)) respond(c, 400, "Bad Request", 0, 0);
            break;
        }
        answer(c, start, (size_t) (eoh - start) + hl);
        used += (size_t) (eoh - start) + hl;
    }
    if (used) {
        memmove(c->in, c->in + used, c->inlen - used);
        c->inlen -= used;
    }
}

/* One read(2) into the input buffer: bytes read, 0 at end of stream, -1 with errno. */
static ssize_t http_fill(struct conn *c) {
    if (c->inlen == IN_MAX) { /* cannot happen: http_process answers 400 to a full buffer */
        errno = ENOBUFS;
        return -1;
    }
    ssize_t n = read(c->fd, c->in + c->inlen, IN_MAX - c->inlen);
    if (n > 0) c->inlen += (size_t) n;
    return n;
}

/* Writes queued output: 1 when all is written, 0 when the socket is full (EAGAIN), -1 on error. */
static int http_flush(struct conn *c) {
    while (c->outoff < c->outlen) {
        ssize_t n = write(c->fd, c->out + c->outoff, c->outlen - c->outoff);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
        }
        c->outoff += (size_t) n;
    }
    c->outlen = c->outoff = 0;
    return 1;
}

/* What a non-blocking server should wait for next on a connection. */
enum drive { WANT_READ, WANT_WRITE, CLOSE };

/*
 * Moves a non-blocking connection forward as far as it can without waiting: flushes output,
 * reads (once, or with drain until EAGAIN — edge-triggered and signal-driven readiness only
 * reports changes, so they must drain), answers, repeats.
 */
static enum drive http_drive(struct conn *c, int drain) {
    for (;;) {
        if (c->outlen) {
            int r = http_flush(c);
            if (r < 0) return CLOSE;
            if (r == 0) return WANT_WRITE;
        }
        if (c->closing) return CLOSE;
        ssize_t n = http_fill(c);
        if (n == 0) return CLOSE;
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno == EAGAIN || errno == EWOULDBLOCK ? WANT_READ : CLOSE;
        }
        http_process(c);
        if (!drain && !c->outlen && !c->closing) return WANT_READ;
    }
}

/* Serves a blocking connection to the end (the blocking models), then closes it. */
static void http_serve_blocking(int fd) {
    struct conn *c = malloc(sizeof *c);
    if (!c) {
        close(fd);
        return;
    }
    conn_init(c, fd);
    tune_connection(fd);
    for (;;) {
        ssize_t n = http_fill(c);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        http_process(c);
        if (http_flush(c) < 0 || c->closing) break;
    }
    close(fd);
    free(c);
}

/*
 * The connections of a single-threaded event loop, indexed by descriptor, plus the count
 * towards -n. Used by the non-blocking, multiplexing and signal-driven servers.
 */
static struct conn **conns;
static int conns_cap;
static long conns_open, conns_accepted;

/* Accepts every pending connection on the non-blocking lfd, calling added(c) for each;
 * stops at EAGAIN or when -n connections have been accepted. */
static void accept_all(int lfd, const struct options *o, void (*added)(struct conn *)) {
    while (o->max_conns == 0 || conns_accepted < o->max_conns) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK && !o->quiet)
                fprintf(stderr, "%s: accept: %s\n", server_name, strerror(errno));
            return;
        }
        if (fd >= conns_cap) {
            int cap = conns_cap ? conns_cap : 1024;
            while (cap <= fd) cap *= 2;
            struct conn **t = realloc(conns, (size_t) cap * sizeof *t);
            if (!t) { close(fd); continue; }
            memset(t + conns_cap, 0, (size_t) (cap - conns_cap) * sizeof *t);
            conns = t;
            conns_cap = cap;
        }
        struct conn *c = malloc(sizeof *c);
        if (!c) { close(fd); continue; }
        conn_init(c, fd);
        tune_connection(fd);
        conns[fd] = c;
        conns_open++;
        conns_accepted++;
        added(c);
    }
}

static void conn_close(struct conn *c) {
    conns[c->fd] = NULL;
    conns_open--;
    close(c->fd);
    free(c);
}

/* -n N reached and every connection closed: the event loop may end. */
static int all_done(const struct options *o) {
    return o->max_conns && conns_accepted >= o->max_conns && conns_open == 0;
}

#endif
