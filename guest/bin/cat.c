/* cat: concatenate files to standard output, like coreutils cat.
 *   cat [-n] [-b] [-s] [-E] [-u] [FILE]...    no FILE, or "-": standard input
 *   -n numbers all output lines, -b only non-empty ones, -s squeezes repeated empty lines,
 *   -E shows '$' at each line's end, -u is accepted and ignored (output is never buffered
 *   beyond one read). Exit status 1 if any file could not be read. */
#include "tools.h"
#include <fcntl.h>

static const char USAGE[] =
    "Usage: cat [OPTION]... [FILE]...\n"
    "Concatenate FILE(s) to standard output.\n"
    "\n"
    "With no FILE, or when FILE is -, read standard input.\n"
    "\n"
    "  -b, --number-nonblank    number nonempty output lines, overrides -n\n"
    "  -E, --show-ends          display $ at end of each line\n"
    "  -n, --number             number all output lines\n"
    "  -s, --squeeze-blank      suppress repeated empty output lines\n"
    "  -u                       (ignored)\n"
    "      --help               display this help and exit\n";

static int number, nonblank, squeeze, ends;
/* The line-by-line state that carries across files, as in coreutils. */
static long line_no;
static int at_line_start = 1, blank_run;

/* Copies fd to stdout with the line options. */
static int cat_lines(int fd) {
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            char c = buf[i];
            if (at_line_start) {
                if (c == '\n') {
                    if (squeeze && ++blank_run > 1) continue;
                } else {
                    blank_run = 0;
                }
                if (number && !(nonblank && c == '\n')) printf("%6ld\t", ++line_no);
            }
            if (c == '\n' && ends) putchar('$');
            putchar(c);
            at_line_start = c == '\n';
        }
    }
    return n < 0 ? -1 : 0;
}

/* Copies fd to fd 1 as it comes: the plain cat, which must not hold back a pipe's data. */
static int cat_raw(int fd) {
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(1, buf + off, (size_t)(n - off));
            if (w < 0) {
                if (errno == EINTR) continue;
                if (errno != EPIPE) warn_("write error");
                exit(1);
            }
            off += w;
        }
    }
    return n < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
    tool_init("cat");
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--")) { i++; break; }
        if (!strcmp(argv[i], "--help")) { fputs(USAGE, stdout); return 0; }
        if (!strcmp(argv[i], "--number")) { number = 1; continue; }
        if (!strcmp(argv[i], "--number-nonblank")) { number = nonblank = 1; continue; }
        if (!strcmp(argv[i], "--squeeze-blank")) { squeeze = 1; continue; }
        if (!strcmp(argv[i], "--show-ends")) { ends = 1; continue; }
        if (argv[i][1] == '-') {
            warnx_("unrecognized option '%s'", argv[i]);
            try_help(1);
        }
        for (const char *o = argv[i] + 1; *o; o++) {
            switch (*o) {
            case 'n': number = 1; break;
            case 'b': number = nonblank = 1; break;
            case 's': squeeze = 1; break;
            case 'E': ends = 1; break;
            case 'u': break;
            default: warnx_("invalid option -- '%c'", *o); try_help(1);
            }
        }
    }
    int lines = number || squeeze || ends;
    char *dash[] = {"-"};
    char **files = i < argc ? argv + i : dash;
    int nfiles = i < argc ? argc - i : 1;
    for (int k = 0; k < nfiles; k++) {
        const char *name = files[k];
        int fd = strcmp(name, "-") ? open(name, O_RDONLY) : 0;
        if (fd < 0) {
            warn_("%s", name);
            status = 1;
            continue;
        }
        if ((lines ? cat_lines(fd) : cat_raw(fd)) < 0) {
            warn_("%s", name);
            status = 1;
        }
        if (fd) close(fd);
    }
    return close_stdout(status);
}
