/* sh_util.h: memory, growable strings and error messages for sh.c (one translation unit:
 * sh.c includes every sh_*.h once, in dependency order). */
#ifndef SH_UTIL_H
#define SH_UTIL_H
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *sh_name = "sh"; /* prefix of every error message: "sh: foo: command not found" */

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) { write(2, "sh: out of memory\n", 18); _exit(2); }
    return p;
}
static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p) { write(2, "sh: out of memory\n", 18); _exit(2); }
    return p;
}
static char *xstrdup(const char *s) {
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}
static char *xstrndup(const char *s, size_t n) {
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* Writes all of buf to fd, retrying short writes and EINTR; the shell never uses stdio for
 * output, so nothing sits in a buffer when it forks. */
static int write_all(int fd, const char *buf, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}
static int fdputs(int fd, const char *s) { return write_all(fd, s, strlen(s)); }

__attribute__((format(printf, 2, 3))) static int fdprintf(int fd, const char *fmt, ...) {
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return -1;
    if ((size_t)n < sizeof small) return write_all(fd, small, (size_t)n);
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int r = write_all(fd, big, (size_t)n);
    free(big);
    return r;
}

/* "sh: " + message + newline on stderr, in one write so concurrent shells do not interleave. */
__attribute__((format(printf, 1, 2))) static void sh_error(const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fdprintf(2, "%s: %s\n", sh_name, msg);
}

/* A growable byte string. */
struct str {
    char *s;
    size_t len, cap;
};
static void str_grow(struct str *b, size_t extra) {
    if (b->len + extra + 1 > b->cap) {
        b->cap = (b->len + extra + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
}
static void str_addc(struct str *b, char c) {
    str_grow(b, 1);
    b->s[b->len++] = c;
    b->s[b->len] = 0;
}
static void str_addn(struct str *b, const char *s, size_t n) {
    str_grow(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}
static void str_adds(struct str *b, const char *s) { str_addn(b, s, strlen(s)); }
static char *str_take(struct str *b) { /* the string, owned by the caller; b becomes empty */
    str_grow(b, 0);
    char *s = b->s;
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

/* A growable NULL-terminated vector of strings. */
struct strv {
    char **v;
    int n, cap;
};
static void strv_add(struct strv *a, char *s) {
    if (a->n + 2 > a->cap) {
        a->cap = (a->n + 2) * 2;
        a->v = xrealloc(a->v, sizeof(char *) * (size_t)a->cap);
    }
    a->v[a->n++] = s;
    a->v[a->n] = NULL;
}
static void strv_free(struct strv *a) {
    for (int i = 0; i < a->n; i++) free(a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

static int is_name_start(int c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_name_char(int c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
/* Length of the NAME in "NAME=..." at the start of s, or 0 if s is not an assignment. */
static int assignment_name_len(const char *s) {
    if (!is_name_start((unsigned char)s[0])) return 0;
    int i = 1;
    while (is_name_char((unsigned char)s[i])) i++;
    return s[i] == '=' ? i : 0;
}
static int is_number(const char *s) {
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}
/* v in single quotes, for output the shell can read back (export -p, set, trap). */
static void print_quoted(struct str *out, const char *v) {
    str_addc(out, '\'');
    for (; *v; v++) {
        if (*v == '\'') str_adds(out, "'\\''");
        else str_addc(out, *v);
    }
    str_addc(out, '\'');
}
#endif
