/*
 * http_parse: the guest code of one HTTP request of the httpd-* servers, without the system
 * calls: http_process (memmem, sscanf, header scans, snprintf of the response) on the request
 * wrk sends, repeated. bench/net measures the servers end to end; this isolates how fast the
 * engine runs their user-space share (javix's compiled code against qemu's TCG), in a steady
 * state after warm_loop.h's warm-up.
 *   http_parse [N [ROUNDS]]   ROUNDS (default 1) timed rounds of N requests (default 200000)
 *                             after the warm-up; prints ns per request of each round
 */
#include "../servers/http.h"
#include "warm_loop.h"

static const char request[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";
static struct conn conn;

static int once(long i) {
    (void) i;
    conn.inlen = sizeof request - 1;
    memcpy(conn.in, request, conn.inlen);
    conn.outlen = conn.outoff = 0;
    http_process(&conn);
    if (conn.outlen == 0 || conn.inlen != 0) {
        printf("http_parse: no response (outlen %zu, inlen %zu)\n", conn.outlen, conn.inlen);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 200000;
    int rounds = argc > 2 ? atoi(argv[2]) : 1;
    page_len = (size_t) snprintf(page_body, sizeof page_body, "<html><body>hello</body></html>\n");
    for (int r = 0; r < rounds; r++) {
        double s = r == 0 ? timed_after_warmup(n, once) : timed(n, once);
        if (s < 0) return 1;
        printf("http_parse: %ld requests, %.1f ns/request (response %zu bytes)\n", n, s * 1e9 / n, conn.outlen);
        fflush(stdout);
    }
    return 0;
}
