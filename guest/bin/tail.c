/* tail: output the last part of files, like coreutils tail.
 *   tail [-n [+]N | -N] [-c [+]N] [-f] [-q] [-v] [FILE]...
 *   The last 10 lines by default; -n N the last N lines, -n +N from line N on; -c the same
 *   in bytes. -f: then keep reading as the file grows (polling every 0.2 s; a pipe until its
 *   end). With several files each gets a "==> FILE <==" header.
 * Exit status 1 if any file could not be read. */
#include "tools.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

static int bytes_mode, from_start, follow;
static long long count = 10;

static void parse_count(const char *s, char opt) {
    const char *orig = s;
    from_start = *s == '+';
    if (*s == '+' || *s == '-') s++;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || v < 0) {
        warnx_("invalid number of %s: '%s'", opt == 'c' ? "bytes" : "lines", orig);
        exit(1);
    }
    count = v;
}

static void emit(const char *b, size_t n) {
    fwrite(b, 1, n, stdout);
}

static int tail_fd(int fd) {
    size_t len;
    char *data = read_whole(fd, &len);
    if (data == NULL) return -1;
    size_t start;
    if (bytes_mode) {
        if (from_start) start = count > 0 ? (size_t)(count - 1) : 0;
        else start = (long long)len > count ? len - (size_t)count : 0;
    } else if (from_start) {
        start = 0;
        for (long long line = 1; line < count && start < len; start++)
            if (data[start] == '\n') line++;
    } else {
        start = len;
        long long lines = count;
        if (start > 0 && data[start - 1] == '\n') start--; /* the last newline ends the last line */
        while (lines > 0) {
            while (start > 0 && data[start - 1] != '\n') start--;
            if (--lines > 0 && start > 0) start--;
            else break;
        }
        if (count == 0) start = len;
    }
    if (start > len) start = len;
    emit(data + start, len - start);
    free(data);
    return 0;
}

int main(int argc, char **argv) {
    tool_init("tail");
    int i = 1, status = 0, headers = -1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: tail [OPTION]... [FILE]...\n"
                 "Print the last 10 lines of each FILE to standard output.\n"
                 "With more than one FILE, precede each with a header giving the file name.\n\n"
                 "With no FILE, or when FILE is -, read standard input.\n\n"
                 "  -c, --bytes=[+]NUM       output the last NUM bytes; or use -c +NUM to\n"
                 "                             output starting with byte NUM of each file\n"
                 "  -f, --follow             output appended data as the file grows\n"
                 "  -n, --lines=[+]NUM       output the last NUM lines, instead of the last 10;\n"
                 "                             or use -n +NUM to skip NUM-1 lines at the start\n"
                 "  -q, --quiet, --silent    never output headers giving file names\n"
                 "  -v, --verbose            always output headers giving file names\n"
                 "      --help               display this help and exit");
            return 0;
        }
        if (!strncmp(a, "--lines=", 8)) { bytes_mode = 0; parse_count(a + 8, 'n'); continue; }
        if (!strncmp(a, "--bytes=", 8)) { bytes_mode = 1; parse_count(a + 8, 'c'); continue; }
        if (!strcmp(a, "--follow")) { follow = 1; continue; }
        if (!strcmp(a, "--quiet") || !strcmp(a, "--silent")) { headers = 0; continue; }
        if (!strcmp(a, "--verbose")) { headers = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        if (isdigit((unsigned char)a[1])) {
            bytes_mode = 0;
            parse_count(a + 1, 'n');
            continue;
        }
        for (a++; *a; a++) {
            if (*a == 'f') { follow = 1; continue; }
            if (*a == 'q') { headers = 0; continue; }
            if (*a == 'v') { headers = 1; continue; }
            if (*a != 'n' && *a != 'c') { warnx_("invalid option -- '%c'", *a); try_help(1); }
            const char *v = a[1] ? a + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) { warnx_("option requires an argument -- '%c'", *a); try_help(1); }
            bytes_mode = *a == 'c';
            parse_count(v, *a);
            break;
        }
    }
    char *dash[] = {"-"};
    char **files = i < argc ? argv + i : dash;
    int nfiles = i < argc ? argc - i : 1;
    if (headers < 0) headers = nfiles > 1;
    int *fds = malloc((size_t)nfiles * sizeof *fds);
    int printed = 0;
    for (int k = 0; k < nfiles; k++) {
        const char *name = files[k];
        int std = !strcmp(name, "-");
        fds[k] = std ? 0 : open(name, O_RDONLY);
        if (fds[k] < 0) {
            warn_("cannot open '%s' for reading", name);
            status = 1;
            continue;
        }
        if (headers) printf("%s==> %s <==\n", printed++ ? "\n" : "", std ? "standard input" : name);
        if (tail_fd(fds[k]) < 0) {
            warn_("error reading '%s'", name);
            status = 1;
        }
    }
    fflush(stdout);
    /* -f: read what is appended from where each file ended; a pipe is read until its end. */
    int last = -1, open_files = 0;
    for (int k = 0; k < nfiles; k++) open_files += fds[k] >= 0;
    while (follow && open_files > 0) {
        int got = 0;
        for (int k = 0; k < nfiles; k++) {
            if (fds[k] < 0) continue;
            char buf[65536];
            ssize_t n = read(fds[k], buf, sizeof buf);
            struct stat st;
            if (n == 0 && fstat(fds[k], &st) == 0 && S_ISFIFO(st.st_mode)) {
                fds[k] = -1;
                open_files--;
                continue;
            }
            if (n <= 0) continue;
            if (headers && last != k) printf("\n==> %s <==\n", strcmp(files[k], "-") ? files[k] : "standard input");
            last = k;
            emit(buf, (size_t)n);
            got = 1;
        }
        fflush(stdout);
        if (!got) {
            struct timespec ts = {0, 200000000L};
            nanosleep(&ts, NULL);
        }
    }
    free(fds);
    return close_stdout(status);
}
