/* wc: print newline, word and byte counts, like coreutils wc.
 *   wc [-l] [-w] [-c] [-m] [-L] [FILE]...   default -l -w -c, in the order lines, words, bytes
 *   A word is a run of non-space characters (isspace in the C locale); -m counts characters
 *   (bytes, in the C locale), -L the longest line's length. With several files a "total" line
 *   follows. Column width as coreutils: wide enough for the sum of the regular files' sizes,
 *   at least 7 when an input is not a regular file, 1 when a single count of a single input
 *   is printed. Exit status 1 if any file could not be read. */
#include "tools.h"
#include <fcntl.h>
#include <sys/stat.h>

static int lines, words, bytes, chars, longest;

struct counts {
    unsigned long long l, w, c, L;
};

static int count_fd(int fd, struct counts *r) {
    char buf[65536];
    ssize_t n;
    int in_word = 0;
    unsigned long long col = 0;
    memset(r, 0, sizeof *r);
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        r->c += (unsigned long long)n;
        for (ssize_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)buf[i];
            if (ch == '\n') {
                r->l++;
                if (col > r->L) r->L = col;
                col = 0;
            } else if (ch == '\t') {
                col = (col + 8) / 8 * 8;
            } else if (ch != '\r' && ch != '\f' && isprint(ch)) {
                col++;
            }
            if (isspace(ch)) in_word = 0;
            else if (!in_word) {
                in_word = 1;
                r->w++;
            }
        }
    }
    if (col > r->L) r->L = col;
    return n < 0 ? -1 : 0;
}

static void print(const struct counts *c, int width, const char *name) {
    const char *sep = "";
    if (lines) { printf("%s%*llu", sep, width, c->l); sep = " "; }
    if (words) { printf("%s%*llu", sep, width, c->w); sep = " "; }
    if (chars) { printf("%s%*llu", sep, width, c->c); sep = " "; }
    if (bytes) { printf("%s%*llu", sep, width, c->c); sep = " "; }
    if (longest) { printf("%s%*llu", sep, width, c->L); sep = " "; }
    if (name) printf(" %s", name);
    putchar('\n');
}

int main(int argc, char **argv) {
    tool_init("wc");
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: wc [OPTION]... [FILE]...\n"
                 "Print newline, word, and byte counts for each FILE, and a total line if\n"
                 "more than one FILE is specified.  A word is a non-zero-length sequence of\n"
                 "printable characters delimited by white space.\n\n"
                 "With no FILE, or when FILE is -, read standard input.\n\n"
                 "  -c, --bytes            print the byte counts\n"
                 "  -m, --chars            print the character counts\n"
                 "  -l, --lines            print the newline counts\n"
                 "  -L, --max-line-length  print the maximum display width\n"
                 "  -w, --words            print the word counts\n"
                 "      --help             display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--lines")) { lines = 1; continue; }
        if (!strcmp(a, "--words")) { words = 1; continue; }
        if (!strcmp(a, "--bytes")) { bytes = 1; continue; }
        if (!strcmp(a, "--chars")) { chars = 1; continue; }
        if (!strcmp(a, "--max-line-length")) { longest = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        for (a++; *a; a++) {
            switch (*a) {
            case 'l': lines = 1; break;
            case 'w': words = 1; break;
            case 'c': bytes = 1; break;
            case 'm': chars = 1; break;
            case 'L': longest = 1; break;
            default: warnx_("invalid option -- '%c'", *a); try_help(1);
            }
        }
    }
    if (!lines && !words && !bytes && !chars && !longest) lines = words = bytes = 1;
    char *dash[] = {"-"};
    int named = i < argc;
    char **files = named ? argv + i : dash;
    int nfiles = named ? argc - i : 1;
    /* The width: from the inputs' stat, before reading any (coreutils' compute_number_width). */
    int width = 1, minimum = 1;
    unsigned long long regular = 0;
    for (int k = 0; k < nfiles; k++) {
        struct stat st;
        int ok = strcmp(files[k], "-") ? stat(files[k], &st) : fstat(0, &st);
        if (ok < 0) continue;
        if (S_ISREG(st.st_mode)) regular += (unsigned long long)st.st_size;
        else minimum = 7;
    }
    for (; regular >= 10; regular /= 10) width++;
    if (width < minimum) width = minimum;
    if (lines + words + bytes + chars + longest == 1 && nfiles == 1) width = 1;
    struct counts total = {0};
    for (int k = 0; k < nfiles; k++) {
        const char *name = files[k];
        int std = !strcmp(name, "-");
        int fd = std ? 0 : open(name, O_RDONLY);
        struct counts c;
        if (fd < 0 || count_fd(fd, &c) < 0) {
            warn_("%s", name);
            status = 1;
            if (fd > 0) close(fd);
            continue;
        }
        if (!std) close(fd);
        print(&c, width, named ? name : NULL);
        total.l += c.l;
        total.w += c.w;
        total.c += c.c;
        if (c.L > total.L) total.L = c.L;
    }
    if (nfiles > 1) print(&total, width, "total");
    return close_stdout(status);
}
