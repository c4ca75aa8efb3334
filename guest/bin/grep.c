/* grep: print lines that match a pattern, like GNU grep.
 *   grep [-E|-F|-G] [-i] [-v] [-w] [-x] [-n] [-c] [-l] [-L] [-q] [-s] [-H|-h] [-r]
 *        [-e PATTERN]... [-f FILE] [PATTERN] [FILE]...
 *   Basic regular expressions (regcomp) by default, extended with -E, fixed strings with -F.
 *   -i ignore case, -v select non-matching lines, -w/-x whole words/lines, -n line numbers,
 *   -c counts, -l/-L names of files with/without matches, -q quiet, -s no messages about
 *   unreadable files, -H/-h with/without file names, -r search directories recursively.
 * Exit status: 0 if a line was selected, 1 if none, 2 on an error (unless -q found one). */
#define _GNU_SOURCE /* strcasestr */
#include "tools.h"
#include <fcntl.h>
#include <regex.h>
#include <sys/stat.h>

static int opt_i, opt_v, opt_w, opt_x, opt_n, opt_c, opt_l, opt_L, opt_q, opt_s, opt_r, fixed, extended;
static int with_names = -1;
static char **patterns;
static int npatterns;
static regex_t *regexes;
static int errors;

static void add_pattern(const char *p) {
    /* A pattern with newlines is several patterns (GNU grep). */
    const char *s = p;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        patterns = realloc(patterns, (size_t)(npatterns + 1) * sizeof *patterns);
        patterns[npatterns++] = strndup(s, len);
        if (!nl) break;
        s = nl + 1;
    }
}

static int word_char(char c) {
    return isalnum((unsigned char)c) || c == '_';
}

/* Whether [so, eo) of line is a whole word (-w) or the whole line (-x). */
static int bounded(const char *line, size_t len, size_t so, size_t eo) {
    if (opt_x) return so == 0 && eo == len;
    if (opt_w) return (so == 0 || !word_char(line[so - 1])) && (eo == len || !word_char(line[eo])) && eo > so;
    return 1;
}

static const char *find_fixed(const char *hay, const char *needle) {
    if (!opt_i) return strstr(hay, needle);
    return strcasestr(hay, needle);
}

static int matches(const char *line, size_t len) {
    for (int k = 0; k < npatterns; k++) {
        if (fixed) {
            const char *p = patterns[k];
            size_t pl = strlen(p);
            for (const char *at = line; (at = find_fixed(at, p)); at++) {
                if (bounded(line, len, (size_t)(at - line), (size_t)(at - line) + pl)) return 1;
                if (!*at) break;
            }
            continue;
        }
        regmatch_t m;
        size_t off = 0;
        int flags = 0;
        while (off <= len && regexec(&regexes[k], line + off, 1, &m, flags) == 0) {
            size_t so = off + (size_t)m.rm_so, eo = off + (size_t)m.rm_eo;
            if (bounded(line, len, so, eo)) return 1;
            if (!opt_w && !opt_x) return 1;
            off = so + 1; /* try a later match */
            flags = REG_NOTBOL;
        }
    }
    return 0;
}

/* Searches one open file; returns the number of selected lines (stops at the first with -q, -l, -L). */
static long search(FILE *f, const char *name) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0, selected = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n') line[--len] = 0;
        if (matches(line, len) == opt_v) continue;
        selected++;
        if (opt_q || opt_l || opt_L) break;
        if (opt_c) continue;
        if (with_names) printf("%s:", name);
        if (opt_n) printf("%ld:", lineno);
        fwrite(line, 1, len, stdout);
        putchar('\n');
    }
    free(line);
    return selected;
}

static long grep_path(const char *path, int top);

static long grep_dir(const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        if (!opt_s) warn_("%s", path);
        errors = 1;
        return 0;
    }
    struct dirent *e;
    long total = 0;
    char **names = NULL;
    int n = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        names = realloc(names, (size_t)(n + 1) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    /* Sorted, so that the output does not depend on the file system's directory order. */
    for (int a = 1; a < n; a++)
        for (int b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
            char *t = names[b];
            names[b] = names[b - 1];
            names[b - 1] = t;
        }
    for (int k = 0; k < n; k++) {
        char *p = malloc(strlen(path) + strlen(names[k]) + 2);
        sprintf(p, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", names[k]);
        total += grep_path(p, 0);
        free(p);
        free(names[k]);
        if (opt_q && total) break;
    }
    free(names);
    return total;
}

static long grep_path(const char *path, int top) {
    int std = !strcmp(path, "-") && top;
    const char *shown = std ? "(standard input)" : path;
    struct stat st;
    if (!std && (top ? stat(path, &st) : lstat(path, &st)) == 0) {
        if (S_ISDIR(st.st_mode)) {
            if (opt_r) return grep_dir(path);
            if (!opt_s) warnx_("%s: Is a directory", path);
            return 0;
        }
        if (!top && !S_ISREG(st.st_mode)) return 0; /* recursion skips links and devices */
    }
    FILE *f = std ? stdin : fopen(path, "r");
    if (!f) {
        if (!opt_s) warn_("%s", path);
        errors = 1;
        return 0;
    }
    long n = search(f, shown);
    if (ferror(f)) {
        if (!opt_s) warn_("%s", path);
        errors = 1;
    }
    if (!std) fclose(f);
    if (opt_q) return n;
    if (opt_c) {
        if (with_names) printf("%s:", shown);
        printf("%ld\n", n);
    }
    if (opt_l && n) printf("%s\n", shown);
    if (opt_L && !n) printf("%s\n", shown);
    return n;
}

int main(int argc, char **argv) {
    tool_init("grep");
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: grep [OPTION]... PATTERNS [FILE]...\n"
                 "Search for PATTERNS in each FILE.\n\n"
                 "  -E, --extended-regexp     PATTERNS are extended regular expressions\n"
                 "  -F, --fixed-strings       PATTERNS are strings\n"
                 "  -G, --basic-regexp        PATTERNS are basic regular expressions\n"
                 "  -e, --regexp=PATTERNS     use PATTERNS for matching\n"
                 "  -f, --file=FILE           take PATTERNS from FILE\n"
                 "  -i, --ignore-case         ignore case distinctions in patterns and data\n"
                 "  -w, --word-regexp         match only whole words\n"
                 "  -x, --line-regexp         match only whole lines\n"
                 "  -v, --invert-match        select non-matching lines\n"
                 "  -c, --count               print only a count of selected lines per FILE\n"
                 "  -l, --files-with-matches  print only names of FILEs with selected lines\n"
                 "  -L, --files-without-match print only names of FILEs with no selected lines\n"
                 "  -n, --line-number         print line number with output lines\n"
                 "  -H, --with-filename       print file name with output lines\n"
                 "  -h, --no-filename         suppress the file name prefix on output\n"
                 "  -q, --quiet, --silent     suppress all normal output\n"
                 "  -s, --no-messages         suppress error messages\n"
                 "  -r, --recursive           search directories recursively\n"
                 "      --help                display this help and exit\n\n"
                 "Exit status is 0 if any line is selected, 1 otherwise;\n"
                 "if any error occurs and -q is not given, the exit status is 2.");
            return 0;
        }
        static const struct { const char *name; char letter; } LONG[] = {
            {"--extended-regexp", 'E'}, {"--fixed-strings", 'F'}, {"--basic-regexp", 'G'},
            {"--ignore-case", 'i'}, {"--word-regexp", 'w'}, {"--line-regexp", 'x'}, {"--invert-match", 'v'},
            {"--count", 'c'}, {"--files-with-matches", 'l'}, {"--files-without-match", 'L'},
            {"--line-number", 'n'}, {"--with-filename", 'H'}, {"--no-filename", 'h'}, {"--quiet", 'q'},
            {"--silent", 'q'}, {"--no-messages", 's'}, {"--recursive", 'r'}};
        char one[3] = "-?";
        if (a[1] == '-') {
            int found = 0;
            for (size_t k = 0; k < sizeof LONG / sizeof LONG[0]; k++)
                if (!strcmp(a, LONG[k].name)) { one[1] = LONG[k].letter; a = one; found = 1; }
            if (!found && !strncmp(a, "--regexp=", 9)) { add_pattern(a + 9); continue; }
            if (!found) { warnx_("unrecognized option '%s'", a); try_help(2); }
        }
        for (a++; *a; a++) {
            switch (*a) {
            case 'E': extended = 1; fixed = 0; break;
            case 'F': fixed = 1; extended = 0; break;
            case 'G': fixed = extended = 0; break;
            case 'i': case 'y': opt_i = 1; break;
            case 'w': opt_w = 1; break;
            case 'x': opt_x = 1; break;
            case 'v': opt_v = 1; break;
            case 'c': opt_c = 1; break;
            case 'l': opt_l = 1; break;
            case 'L': opt_L = 1; break;
            case 'n': opt_n = 1; break;
            case 'H': with_names = 1; break;
            case 'h': with_names = 0; break;
            case 'q': opt_q = 1; break;
            case 's': opt_s = 1; break;
            case 'r': case 'R': opt_r = 1; break;
            case 'e': case 'f': {
                const char *v = a[1] ? a + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (!v) { warnx_("option requires an argument -- '%c'", *a); try_help(2); }
                if (*a == 'e') {
                    add_pattern(v);
                } else {
                    FILE *pf = strcmp(v, "-") ? fopen(v, "r") : stdin;
                    if (!pf) { warn_("%s", v); return 2; }
                    char *line = NULL;
                    size_t cap = 0;
                    ssize_t n;
                    while ((n = getline(&line, &cap, pf)) >= 0) {
                        if (n && line[n - 1] == '\n') line[n - 1] = 0;
                        add_pattern(line);
                    }
                    free(line);
                    if (pf != stdin) fclose(pf);
                }
                a += strlen(a) - 1;
                break;
            }
            default: warnx_("invalid option -- '%c'", *a); try_help(2);
            }
        }
    }
    if (!patterns) {
        if (i >= argc) {
            fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
            try_help(2);
        }
        add_pattern(argv[i++]);
    }
    if (!fixed) {
        regexes = calloc((size_t)npatterns, sizeof *regexes);
        for (int k = 0; k < npatterns; k++) {
            int rc = regcomp(&regexes[k], patterns[k], (extended ? REG_EXTENDED : 0) | (opt_i ? REG_ICASE : 0));
            if (rc) {
                char msg[256];
                regerror(rc, &regexes[k], msg, sizeof msg);
                warnx_("%s", msg);
                return 2;
            }
        }
    }
    char *dash[] = {"-"};
    char *dot[] = {"."};
    char **files = i < argc ? argv + i : opt_r ? dot : dash;
    int nfiles = i < argc ? argc - i : 1;
    if (with_names < 0) with_names = nfiles > 1 || opt_r;
    long total = 0;
    for (int k = 0; k < nfiles; k++) {
        total += grep_path(files[k], 1);
        if (opt_q && total) return 0;
    }
    int status = close_stdout(0);
    if (errors || status) return 2;
    return total ? 0 : 1;
}
