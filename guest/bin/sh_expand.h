/* sh_expand.h: word expansion (XCU 2.6): tilde, parameters ($NAME, ${NAME...}, specials),
 * command substitution ($(...) and `...`), arithmetic ($((...))), field splitting on IFS,
 * pathname expansion (glob(3)) and quote removal.
 *
 * A word is walked once; each produced character carries a "quoted" bit, so that splitting
 * and globbing apply only to what came from unquoted expansions and unquoted text. */
#ifndef SH_EXPAND_H
#define SH_EXPAND_H
#include <fnmatch.h>
#include <glob.h>
#include "sh_arith.h"
#include "sh_parse.h"
#include "sh_vars.h"

enum { EX_SPLIT = 1, EX_HEREDOC = 2, EX_PATTERN = 4 };

static int interactive;               /* set in main(): the "i" in $- */
static char *command_subst(const char *src); /* sh_exec.h */
static void expand_abort(void);            /* sh_exec.h: an error like ${x?} in a script */

/* The home directory of user name from /etc/passwd (no NSS in a static program), or NULL. */
static char *passwd_field(const char *name, long uid, int field) {
    int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct str all = {0};
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) str_addn(&all, buf, (size_t)n);
    close(fd);
    char *result = NULL;
    for (char *line = all.s; line && *line && !result;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        char *f[7] = {0};
        int k = 0;
        for (char *c = line; k < 7; k++) {
            f[k] = c;
            c = strchr(c, ':');
            if (!c) break;
            *c++ = 0;
        }
        if (k >= 6 && ((name && strcmp(f[0], name) == 0) || (!name && f[2] && atol(f[2]) == uid)))
            result = xstrdup(f[field]);
        line = nl ? nl + 1 : NULL;
    }
    free(all.s);
    return result;
}

struct fb {
    struct strv *out;
    struct str cur, qm; /* the field so far; qm: '1' per quoted char, '0' per unquoted */
    int has;            /* the field exists even if empty ("" or '') */
    int flags;
};

static void fb_addc(struct fb *f, char c, int quoted) {
    str_addc(&f->cur, c);
    str_addc(&f->qm, quoted ? '1' : '0');
    if (quoted) f->has = 1;
}
/* The field as a glob/fnmatch pattern: quoted special characters get a backslash. */
static char *fb_pattern(struct fb *f, int *globby) {
    struct str p = {0};
    *globby = 0;
    for (size_t i = 0; i < f->cur.len; i++) {
        char c = f->cur.s[i];
        int special = c == '*' || c == '?' || c == '[' || c == ']' || c == '\\';
        if (f->qm.s[i] == '1' && special) str_addc(&p, '\\');
        else if (f->qm.s[i] == '0' && (c == '*' || c == '?' || c == '[')) *globby = 1;
        str_addc(&p, c);
    }
    if (!p.s) str_adds(&p, "");
    return str_take(&p);
}
static void fb_end(struct fb *f, int force) {
    if (f->cur.len || f->has || force) {
        if (!f->cur.s) str_adds(&f->cur, ""), str_adds(&f->qm, "");
        int globby;
        if (f->flags & EX_PATTERN) strv_add(f->out, fb_pattern(f, &globby));
        else if (f->flags & EX_SPLIT) {
            char *pat = fb_pattern(f, &globby);
            glob_t g;
            if (globby && glob(pat, 0, NULL, &g) == 0) {
                for (size_t i = 0; i < g.gl_pathc; i++) strv_add(f->out, xstrdup(g.gl_pathv[i]));
                globfree(&g);
                free(pat);
                free(f->cur.s);
            } else {
                free(pat);
                strv_add(f->out, f->cur.s);
            }
            f->cur.s = NULL;
        } else strv_add(f->out, str_take(&f->cur));
        free(f->cur.s);
        free(f->qm.s);
    }
    memset(&f->cur, 0, sizeof f->cur);
    memset(&f->qm, 0, sizeof f->qm);
    f->has = 0;
}
/* Adds the result of an expansion: split on IFS unless quoted or splitting is off. */
static void fb_add_expansion(struct fb *f, const char *val, int quoted) {
    if (quoted || !(f->flags & EX_SPLIT)) {
        for (; *val; val++) fb_addc(f, *val, quoted);
        return;
    }
    const char *ifs = var_get("IFS");
    if (!ifs) ifs = " \t\n";
    for (; *val; val++) {
        if (*val && strchr(ifs, *val)) {
            if (*val == ' ' || *val == '\t' || *val == '\n') {
                if (f->cur.len || f->has) fb_end(f, 0);
            } else fb_end(f, 1);
        } else fb_addc(f, *val, 0);
    }
}

/* Sets out to the value of parameter name; returns 0 if it is unset. */
static int param_value(const char *name, struct str *out) {
    char num[32];
    const char *v = NULL;
    if (strcmp(name, "?") == 0) snprintf(num, sizeof num, "%d", last_status), v = num;
    else if (strcmp(name, "$") == 0) snprintf(num, sizeof num, "%d", (int)shell_pid), v = num;
    else if (strcmp(name, "!") == 0) {
        if (!last_bg_pid) return 0;
        snprintf(num, sizeof num, "%d", (int)last_bg_pid), v = num;
    } else if (strcmp(name, "#") == 0) snprintf(num, sizeof num, "%d", pos_count), v = num;
    else if (strcmp(name, "-") == 0) v = interactive ? "im" : "";
    else if (strcmp(name, "0") == 0) v = arg0;
    else if (strcmp(name, "RANDOM") == 0 && !var_get("RANDOM")) /* bash's 0..32767 */
        snprintf(num, sizeof num, "%d", (int)(random() % 32768)), v = num;
    else if (is_number(name)) {
        int k = atoi(name);
        if (k < 1 || k > pos_count) return 0;
        v = pos_args[k - 1];
    } else if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
        for (int k = 0; k < pos_count; k++) {
            if (k) str_addc(out, ' ');
            str_adds(out, pos_args[k]);
        }
        if (!out->s) str_adds(out, "");
        return 1;
    } else v = var_get(name);
    if (!v) return 0;
    str_adds(out, v);
    return 1;
}

static void expand_into(struct fb *f, const char *w, int len, int in_dq);

/* The word w[0..len) expanded without splitting or globbing, as one string. */
static char *expand_piece(const char *w, int len, int flags) {
    struct strv out = {0};
    struct fb f = {.out = &out, .flags = flags & ~EX_SPLIT};
    expand_into(&f, w, len, 0);
    fb_end(&f, 0);
    struct str s = {0};
    for (int i = 0; i < out.n; i++) {
        if (i) str_addc(&s, ' ');
        str_adds(&s, out.v[i]);
    }
    strv_free(&out);
    if (!s.s) str_adds(&s, "");
    return str_take(&s);
}

/* The value of an arithmetic expression written in text (after its own expansion); 0 and a
 * message if it is not one. */
static long arith_of(const char *text, int *ok) {
    char *expr = expand_piece(text, (int)strlen(text), 0);
    struct arith a = {expr, 0};
    long v = arith_expr(&a);
    arith_ws(&a);
    *ok = !a.err && !*a.p;
    if (!*ok && a.err != 2) sh_error("arithmetic syntax error: \"%s\"", expr);
    free(expr);
    return v;
}
/* ${NAME:OFFSET[:LENGTH]}: OFFSET < 0 counts from the end, LENGTH < 0 stops that far from it. */
static void expand_substring(struct fb *f, const char *val, const char *spec, int in_dq) {
    long n = (long)strlen(val);
    const char *colon = strchr(spec, ':');
    char *off_text = colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
    int ok = 1, ok2 = 1;
    long off = arith_of(off_text, &ok), len = colon ? arith_of(colon + 1, &ok2) : n;
    free(off_text);
    if (!ok || !ok2) {
        expand_abort();
        return;
    }
    if (off < 0) off += n;
    if (off < 0 || off > n) off = n;
    long end = len < 0 ? n + len : off + len;
    if (end > n) end = n;
    if (end < off) {
        if (len < 0) {
            sh_error("%ld: substring expression < 0", len);
            expand_abort();
            return;
        }
        end = off;
    }
    char *sub = xstrndup(val + off, (size_t)(end - off));
    fb_add_expansion(f, sub, in_dq);
    free(sub);
}

static void expand_braced(struct fb *f, const char *in, int len, int in_dq) {
    char *inner = xstrndup(in, (size_t)len);
    int length_of = 0, i = 0;
    if (inner[0] == '#' && inner[1] && inner[1] != '}' &&
        (is_name_char((unsigned char)inner[1]) || strchr("?$!#@*", inner[1]))) {
        length_of = 1;
        i = 1;
    }
    int ns = i;
    if (is_name_start((unsigned char)inner[i])) {
        while (is_name_char((unsigned char)inner[i])) i++;
    } else if (inner[i] >= '0' && inner[i] <= '9') {
        while (inner[i] >= '0' && inner[i] <= '9') i++;
    } else if (inner[i] && strchr("?$!#@*-", inner[i])) i++;
    char *name = xstrndup(inner + ns, (size_t)(i - ns));
    if (!*name) {
        sh_error("${%s}: bad substitution", inner);
        free(name), free(inner);
        expand_abort();
        return;
    }
    struct str val = {0};
    int set = param_value(name, &val);
    if (!val.s) str_adds(&val, "");
    const char *op = inner + i;
    if (length_of) {
        char num[32];
        snprintf(num, sizeof num, "%zu", val.len);
        fb_add_expansion(f, num, in_dq);
    } else if (!*op) {
        if (in_dq && strcmp(name, "@") == 0) {
            for (int k = 0; k < pos_count; k++) {
                if (k) fb_end(f, 1);
                for (const char *c = pos_args[k]; *c; c++) fb_addc(f, *c, 1);
            }
        } else fb_add_expansion(f, val.s, in_dq);
    } else {
        int colon = *op == ':';
        if (colon && !strchr("-=+?", op[1])) { /* ${NAME:OFFSET[:LENGTH]} (bash): a substring */
            expand_substring(f, val.s, op + 1, in_dq);
            free(val.s), free(name), free(inner);
            return;
        }
        if (colon) op++;
        char kind = *op;
        const char *word = op + 1;
        int null = !set || val.len == 0;
        int use_word = colon ? null : !set;
        if (kind == '-') {
            if (use_word) expand_into(f, word, (int)strlen(word), in_dq);
            else fb_add_expansion(f, val.s, in_dq);
        } else if (kind == '=') {
            if (use_word) {
                char *w = expand_piece(word, (int)strlen(word), 0);
                var_set(name, w, 0);
                fb_add_expansion(f, w, in_dq);
                free(w);
            } else fb_add_expansion(f, val.s, in_dq);
        } else if (kind == '+') {
            if (!use_word) expand_into(f, word, (int)strlen(word), in_dq);
        } else if (kind == '?') {
            if (use_word) {
                char *w = expand_piece(word, (int)strlen(word), 0);
                sh_error("%s: %s", name, *w ? w : "parameter null or not set");
                free(w);
                free(val.s), free(name), free(inner);
                expand_abort();
                return;
            }
            fb_add_expansion(f, val.s, in_dq);
        } else if ((kind == '#' || kind == '%') && !colon) {
            int longest = op[1] == kind;
            char *pat = expand_piece(word + longest, (int)strlen(word + longest), EX_PATTERN);
            size_t n = val.len;
            char *s = val.s, *result = NULL;
            char save;
            if (kind == '#') {
                for (size_t k = 0; k <= n && !result; k++) {
                    size_t cut = longest ? n - k : k;
                    save = s[cut], s[cut] = 0;
                    int match = fnmatch(pat, s, 0) == 0;
                    s[cut] = save;
                    if (match) result = xstrdup(s + cut);
                }
            } else {
                for (size_t k = 0; k <= n && !result; k++) {
                    size_t cut = longest ? k : n - k;
                    if (fnmatch(pat, s + cut, 0) == 0) result = xstrndup(s, cut);
                }
            }
            fb_add_expansion(f, result ? result : s, in_dq);
            free(result);
            free(pat);
        } else {
            sh_error("${%s}: bad substitution", inner);
            free(val.s), free(name), free(inner);
            expand_abort();
            return;
        }
    }
    free(val.s);
    free(name);
    free(inner);
}

/* Expands the $-construct at w[i]; returns the index after it. */
static int expand_dollar(struct fb *f, const char *w, int i, int len, int in_dq) {
    char n = i + 1 < len ? w[i + 1] : 0;
    if (n == '(') {
        int end = skip_parens(w, i + 1, len);
        if (end < 0) end = len;
        if (i + 2 < len && w[i + 2] == '(' && end - 2 > i + 2 && w[end - 2] == ')') {
            char *expr = expand_piece(w + i + 3, end - 2 - (i + 3), 0);
            struct arith a = {expr, 0};
            long v = arith_expr(&a);
            arith_ws(&a);
            if (a.err || *a.p) {
                if (a.err != 2) sh_error("arithmetic syntax error: \"%s\"", expr);
                free(expr);
                expand_abort();
                return end;
            }
            char num[32];
            snprintf(num, sizeof num, "%ld", v);
            fb_add_expansion(f, num, in_dq);
            free(expr);
            return end;
        }
        char *src = xstrndup(w + i + 2, (size_t)(end - 1 - (i + 2)));
        char *out = command_subst(src);
        fb_add_expansion(f, out, in_dq);
        free(src);
        free(out);
        return end;
    }
    if (n == '{') {
        int end = skip_construct(w, i, len);
        if (end < 0) end = len;
        expand_braced(f, w + i + 2, end - 1 - (i + 2), in_dq);
        return end;
    }
    if (n == '@' && in_dq) {
        for (int k = 0; k < pos_count; k++) {
            if (k) fb_end(f, 1);
            for (const char *c = pos_args[k]; *c; c++) fb_addc(f, *c, 1);
        }
        return i + 2;
    }
    int j = i + 1;
    if (n && strchr("?$!#@*-", n)) j++;
    else if (n >= '0' && n <= '9') j++;
    else if (is_name_start((unsigned char)n)) {
        while (j < len && is_name_char((unsigned char)w[j])) j++;
    } else {
        fb_addc(f, '$', in_dq);
        return i + 1;
    }
    char *name = xstrndup(w + i + 1, (size_t)(j - i - 1));
    struct str val = {0};
    if (param_value(name, &val)) {
        if (n == '*' && in_dq) { /* "$*": joined with the first character of IFS */
            const char *ifs = var_get("IFS");
            char sep = ifs ? ifs[0] : ' ';
            for (size_t k = 0; k < val.len; k++)
                if (val.s[k] == ' ' && sep != ' ') val.s[k] = sep;
        }
        fb_add_expansion(f, val.s, in_dq);
    }
    free(val.s);
    free(name);
    return j;
}

static void expand_into(struct fb *f, const char *w, int len, int in_dq) {
    int heredoc = f->flags & EX_HEREDOC;
    for (int i = 0; i < len;) {
        char c = w[i];
        if (c == '\'' && !in_dq && !heredoc) {
            int j = i + 1;
            while (j < len && w[j] != '\'') fb_addc(f, w[j++], 1);
            f->has = 1;
            i = j + 1;
        } else if (c == '"' && !in_dq && !heredoc) {
            int end = skip_construct(w, i, len);
            if (end < 0) end = len + 1;
            int inner = end - 1 - (i + 1);
            int empty_at = (inner == 2 && strncmp(w + i + 1, "$@", 2) == 0) ||
                           (inner == 4 && strncmp(w + i + 1, "${@}", 4) == 0);
            if (!(empty_at && pos_count == 0)) f->has = 1;
            expand_into(f, w + i + 1, inner, 1);
            i = end;
        } else if (c == '\\') {
            if (i + 1 >= len) {
                fb_addc(f, '\\', 1);
                i++;
                continue;
            }
            char n = w[i + 1];
            if (n == '\n') i += 2;
            else if (!in_dq && !heredoc) fb_addc(f, n, 1), i += 2;
            else if (n == '$' || n == '`' || n == '\\' || (n == '"' && !heredoc)) fb_addc(f, n, 1), i += 2;
            else fb_addc(f, '\\', 1), i++;
        } else if (c == '$') {
            i = expand_dollar(f, w, i, len, in_dq || heredoc);
        } else if (c == '`') {
            int end = skip_construct(w, i, len);
            if (end < 0) end = len + 1;
            struct str src = {0};
            for (int k = i + 1; k < end - 1; k++) {
                if (w[k] == '\\' && k + 1 < end - 1 && strchr("$`\\", w[k + 1])) k++;
                str_addc(&src, w[k]);
            }
            if (!src.s) str_adds(&src, "");
            char *out = command_subst(src.s);
            fb_add_expansion(f, out, in_dq || heredoc);
            free(out);
            free(src.s);
            i = end;
        } else if (c == '~' && i == 0 && !in_dq && !heredoc && !(f->flags & EX_PATTERN)) {
            int j = 1;
            while (j < len && w[j] != '/') j++;
            char *user = xstrndup(w + 1, (size_t)(j - 1));
            char *home = NULL;
            int valid = 1;
            for (char *u = user; *u; u++)
                if (!is_name_char((unsigned char)*u) && *u != '-' && *u != '.') valid = 0;
            if (!valid) home = NULL;
            else if (!*user) home = var_get("HOME") ? xstrdup(var_get("HOME")) : passwd_field(NULL, getuid(), 5);
            else home = passwd_field(user, 0, 5);
            if (home) {
                for (char *h = home; *h; h++) fb_addc(f, *h, 1);
                i = j;
            } else {
                fb_addc(f, '~', 0);
                i++;
            }
            free(home);
            free(user);
        } else {
            fb_addc(f, c, in_dq);
            i++;
        }
    }
}

/* Expands word into fields appended to out (flags: EX_SPLIT for command arguments). */
static void expand_word(const char *word, int flags, struct strv *out) {
    struct fb f = {.out = out, .flags = flags};
    expand_into(&f, word, (int)strlen(word), 0);
    fb_end(&f, 0);
}
/* Expands word to one string: assignments, redirection targets, case words. */
static char *expand_string(const char *word, int flags) { return expand_piece(word, (int)strlen(word), flags); }
#endif
