/* sh_bi_test.h: the test and [ builtins (XCU test). */
#ifndef SH_BI_TEST_H
#define SH_BI_TEST_H
#include <sys/stat.h>
#include "sh_util.h"

/* test / [ (XCU test): unary file and string tests, string and integer comparisons, !, -a, -o. */
static int test_unary(const char *op, const char *arg) {
    struct stat st;
    switch (op[1]) {
    case 'n': return *arg != 0;
    case 'z': return *arg == 0;
    case 't': return isatty(atoi(arg));
    case 'L':
    case 'h': return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
    }
    if (stat(arg, &st) < 0) return 0;
    switch (op[1]) {
    case 'e': return 1;
    case 'f': return S_ISREG(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 'p': return S_ISFIFO(st.st_mode);
    case 'S': return S_ISSOCK(st.st_mode);
    case 'b': return S_ISBLK(st.st_mode);
    case 'c': return S_ISCHR(st.st_mode);
    case 's': return st.st_size > 0;
    case 'r': return access(arg, R_OK) == 0;
    case 'w': return access(arg, W_OK) == 0;
    case 'x': return access(arg, X_OK) == 0;
    case 'u': return (st.st_mode & S_ISUID) != 0;
    case 'g': return (st.st_mode & S_ISGID) != 0;
    }
    return -1;
}
static int test_is_unary(const char *s) { return s[0] == '-' && s[1] && !s[2] && strchr("nztLhefdpSbcsrwxug", s[1]); }
static int test_binary(const char *a, const char *op, const char *b, int *ok) {
    *ok = 1;
    if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0) return strcmp(a, b) == 0;
    if (strcmp(op, "!=") == 0) return strcmp(a, b) != 0;
    if (strcmp(op, "<") == 0) return strcmp(a, b) < 0;
    if (strcmp(op, ">") == 0) return strcmp(a, b) > 0;
    static const char *const ops[] = {"-eq", "-ne", "-lt", "-le", "-gt", "-ge"};
    for (int k = 0; k < 6; k++) {
        if (strcmp(op, ops[k]) != 0) continue;
        char *ea, *eb;
        long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
        if (*ea || *eb || !*a || !*b) {
            sh_error("test: %s: integer expression expected", *ea || !*a ? a : b);
            *ok = -1;
            return 0;
        }
        switch (k) {
        case 0: return x == y;
        case 1: return x != y;
        case 2: return x < y;
        case 3: return x <= y;
        case 4: return x > y;
        default: return x >= y;
        }
    }
    *ok = 0;
    return 0;
}
/* Evaluates argv[0..n) by the POSIX rules for 0-4 arguments, else with -a/-o; -1 on error. */
static int test_eval(int n, char **a) {
    int ok;
    switch (n) {
    case 0: return 0;
    case 1: return *a[0] != 0;
    case 2:
        if (strcmp(a[0], "!") == 0) return !*a[1];
        if (test_is_unary(a[0])) return test_unary(a[0], a[1]);
        sh_error("test: %s: unary operator expected", a[0]);
        return -1;
    case 3: {
        int r = test_binary(a[0], a[1], a[2], &ok);
        if (ok == 1) return r;
        if (ok < 0) return -1;
        if (strcmp(a[1], "-a") == 0) return *a[0] && *a[2];
        if (strcmp(a[1], "-o") == 0) return *a[0] || *a[2];
        if (strcmp(a[0], "!") == 0) {
            r = test_eval(2, a + 1);
            return r < 0 ? r : !r;
        }
        if (strcmp(a[0], "(") == 0 && strcmp(a[2], ")") == 0) return *a[1] != 0;
        sh_error("test: %s: binary operator expected", a[1]);
        return -1;
    }
    }
    if (strcmp(a[0], "!") == 0 && n == 4) {
        int r = test_eval(3, a + 1);
        return r < 0 ? r : !r;
    }
    for (int k = n - 2; k > 0; k--) { /* -o binds looser than -a */
        if (strcmp(a[k], "-o") == 0) {
            int l = test_eval(k, a), r = test_eval(n - k - 1, a + k + 1);
            return l < 0 || r < 0 ? -1 : l || r;
        }
    }
    for (int k = n - 2; k > 0; k--) {
        if (strcmp(a[k], "-a") == 0) {
            int l = test_eval(k, a), r = test_eval(n - k - 1, a + k + 1);
            return l < 0 || r < 0 ? -1 : l && r;
        }
    }
    if (strcmp(a[0], "(") == 0 && strcmp(a[n - 1], ")") == 0) return test_eval(n - 2, a + 1);
    sh_error("test: too many arguments");
    return -1;
}
static int bi_test(int argc, char **argv) {
    if (strcmp(argv[0], "[") == 0) {
        if (strcmp(argv[argc - 1], "]") != 0) {
            sh_error("[: missing `]'");
            return 2;
        }
        argc--;
    }
    int r = test_eval(argc - 1, argv + 1);
    return r < 0 ? 2 : !r;
}
#endif
