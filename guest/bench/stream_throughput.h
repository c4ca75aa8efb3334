/* stream_throughput.h: the body of the byte-stream throughput benchmarks (pipe_throughput,
 * unix_stream_throughput): one process writes N MiB in 64 KiB writes, another reads them with
 * 64 KiB reads. The reader checks a sequence number in every 64 KiB block, then sends back one
 * byte on a second channel of the same kind; the clock stops when that byte arrives, so the
 * time covers the whole transfer and not just filling the channel's buffer. An untimed warm-up
 * of N/4 MiB goes first (javix compiles hot code as it runs, qemu translates it on first use).
 * Only the channel differs between the programs: they pass the call that makes one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { CHUNK = 64 * 1024 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The reader: consumes `chunks` blocks of CHUNK bytes, checking each block's first 8 bytes
   (its sequence number), then acknowledges with one byte. 0 if all arrived intact. */
static int consume(int in, int ack, long chunks, long *seq, char *buf) {
    long got = 0, expected_total = chunks * CHUNK;
    while (got < expected_total) {
        size_t want = CHUNK - (size_t)(got % CHUNK); /* read up to the end of the current block */
        ssize_t r = read(in, buf + got % CHUNK, want);
        if (r <= 0) return -1;
        got += r;
        if (got % CHUNK == 0) {
            long s;
            memcpy(&s, buf, sizeof s);
            if (s != (*seq)++) return -1;
        }
    }
    char c = 1;
    return write(ack, &c, 1) == 1 ? 0 : -1;
}

static int produce(int out, int ack, long chunks, long *seq, char *buf) {
    for (long i = 0; i < chunks; i++) {
        memcpy(buf, seq, sizeof *seq);
        (*seq)++;
        if (write_all(out, buf, CHUNK)) return -1;
    }
    char c;
    return read(ack, &c, 1) == 1 ? 0 : -1;
}

/* main of a throughput benchmark: argv[1] MiB (default default_mib) through channels made by
   make_channel (fds[0] the read end, fds[1] the write end; named `what` in messages); prints
   "<title>: X MB/s" (MB = 10^6 bytes). */
static int throughput_main(int argc, char **argv, long default_mib, int (*make_channel)(int fds[2]),
                           const char *what, const char *title) {
    long n = argc > 1 ? atol(argv[1]) : default_mib;
    if (n < 1) {
        fprintf(stderr, "usage: %s [MiB > 0]\n", argv[0]);
        return 2;
    }
    long chunks = n * (1024 * 1024 / CHUNK), warm = chunks / 4;
    static char buf[CHUNK];
    memset(buf, 'x', sizeof buf);
    int data[2], ack[2];
    if (make_channel(data) || make_channel(ack)) {
        perror(what);
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    long seq = 0;
    if (pid == 0) {
        close(data[1]);
        close(ack[0]);
        _exit(consume(data[0], ack[1], warm, &seq, buf) || consume(data[0], ack[1], chunks, &seq, buf));
    }
    close(data[0]);
    close(ack[1]);
    int bad = produce(data[1], ack[0], warm, &seq, buf) != 0;
    double t0 = now();
    bad |= produce(data[1], ack[0], chunks, &seq, buf) != 0;
    double dt = now() - t0;
    close(data[1]);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) bad = 1;
    if (bad) {
        fprintf(stderr, "FAIL: data lost, reordered or the reader failed\n");
        return 1;
    }
    printf("%s: %.1f MB/s\n", title, (double)chunks * CHUNK / dt / 1e6);
    return 0;
}
