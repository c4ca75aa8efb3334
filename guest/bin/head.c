/* head: output the first part of files, like coreutils head.
 *   head [-n [-]N | -N] [-c [-]N] [-q] [-v] [FILE]...
 *   The first 10 lines by default; -n N the first N lines, -n -N all but the last N; -c the
 *   same in bytes. With several files each gets a "==> FILE <==" header (-q: none, -v: always).
 * Exit status 1 if any file could not be read. */
#include "tools.h"
#include <fcntl.h>

static int bytes_mode, all_but;
static long long count = 10;

static int parse_count(const char *s, char opt) {
    char *end;
    if (*s == '-') {
        all_but = 1;
        s++;
    } else if (*s == '+') {
        s++;
    }
    long long v = strtoll(s, &end, 10);
    long long mult = 1;
    if (end != s && *end) {
        if (!strcmp(end, "b")) mult = 512;
        else if (!strcmp(end, "K") || !strcmp(end, "KiB")) mult = 1024;
        else if (!strcmp(end, "kB")) mult = 1000;
        else if (!strcmp(end, "M") || !strcmp(end, "MiB")) mult = 1024 * 1024;
        else if (!strcmp(end, "MB")) mult = 1000 * 1000;
        else end = (char *)"x";
        if (mult != 1) end += strlen(end);
    }
    if (end == s || *end || v < 0) {
        warnx_("invalid number of %s: '%s'", opt == 'c' ? "bytes" : "lines", s - all_but);
        exit(1);
    }
    count = v * mult;
    return 0;
}

static int write_all(const char *b, size_t n) {
    return fwrite(b, 1, n, stdout) == n ? 0 : -1;
}

/* The first count lines or bytes. */
static int head_first(int fd) {
    char buf[65536];
    long long left = count;
    ssize_t n = 0;
    while (left > 0 && (n = read(fd, buf, sizeof buf)) > 0) {
        size_t take = 0;
        if (bytes_mode) {
            take = (size_t)(n < left ? n : left);
            left -= (long long)take;
        } else {
            while (take < (size_t)n && left > 0)
                if (buf[take++] == '\n') left--;
        }
        write_all(buf, take);
        if (left == 0) return 0;
    }
    return n < 0 ? -1 : 0;
}

/* All but the last count lines or bytes: the whole input is held, then cut. */
static int head_all_but(int fd) {
    size_t len;
    char *data = read_whole(fd, &len);
    if (data == NULL) return -1;
    size_t end;
    if (bytes_mode) {
        end = (long long)len > count ? len - (size_t)count : 0;
    } else {
        end = len;
        long long lines = count;
        /* a last line without its newline still counts as a line */
        if (end > 0 && data[end - 1] != '\n' && lines > 0) {
            while (end > 0 && data[end - 1] != '\n') end--;
            lines--;
        }
        while (lines > 0 && end > 0) {
            end--;
            while (end > 0 && data[end - 1] != '\n') end--;
            lines--;
        }
    }
    write_all(data, end);
    free(data);
    return 0;
}

int main(int argc, char **argv) {
    tool_init("head");
    int i = 1, status = 0, headers = -1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: head [OPTION]... [FILE]...\n"
                 "Print the first 10 lines of each FILE to standard output.\n"
                 "With more than one FILE, precede each with a header giving the file name.\n\n"
                 "With no FILE, or when FILE is -, read standard input.\n\n"
                 "  -c, --bytes=[-]NUM       print the first NUM bytes of each file;\n"
                 "                             with the leading '-', print all but the last\n"
                 "                             NUM bytes of each file\n"
                 "  -n, --lines=[-]NUM       print the first NUM lines instead of the first 10;\n"
                 "                             with the leading '-', print all but the last\n"
                 "                             NUM lines of each file\n"
                 "  -q, --quiet, --silent    never print headers giving file names\n"
                 "  -v, --verbose            always print headers giving file names\n"
                 "      --help               display this help and exit");
            return 0;
        }
        if (!strncmp(a, "--lines=", 8)) { bytes_mode = 0; parse_count(a + 8, 'n'); continue; }
        if (!strncmp(a, "--bytes=", 8)) { bytes_mode = 1; parse_count(a + 8, 'c'); continue; }
        if (!strcmp(a, "--quiet") || !strcmp(a, "--silent")) { headers = 0; continue; }
        if (!strcmp(a, "--verbose")) { headers = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        if (isdigit((unsigned char)a[1])) { /* the old -N */
            bytes_mode = 0;
            parse_count(a + 1, 'n');
            continue;
        }
        for (a++; *a; a++) {
            if (*a == 'q') { headers = 0; continue; }
            if (*a == 'v') { headers = 1; continue; }
            if (*a != 'n' && *a != 'c') { warnx_("invalid option -- '%c'", *a); try_help(1); }
            const char *v = a[1] ? a + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) { warnx_("option requires an argument -- '%c'", *a); try_help(1); }
            bytes_mode = *a == 'c';
            all_but = 0;
            parse_count(v, *a);
            break;
        }
    }
    char *dash[] = {"-"};
    char **files = i < argc ? argv + i : dash;
    int nfiles = i < argc ? argc - i : 1;
    if (headers < 0) headers = nfiles > 1;
    int printed = 0;
    for (int k = 0; k < nfiles; k++) {
        const char *name = files[k];
        int std = !strcmp(name, "-");
        int fd = std ? 0 : open(name, O_RDONLY);
        if (fd < 0) {
            warn_("cannot open '%s' for reading", name);
            status = 1;
            continue;
        }
        if (headers) printf("%s==> %s <==\n", printed++ ? "\n" : "", std ? "standard input" : name);
        if ((all_but ? head_all_but(fd) : head_first(fd)) < 0) {
            warn_("error reading '%s'", name);
            status = 1;
        }
        if (!std) close(fd);
    }
    return close_stdout(status);
}
