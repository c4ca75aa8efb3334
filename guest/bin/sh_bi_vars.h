/* sh_bi_vars.h: the builtins about variables and arguments: export, readonly, unset, set,
 * shift, getopts, alias, unalias, local, read. */
#ifndef SH_BI_VARS_H
#define SH_BI_VARS_H
#include <sys/stat.h>
#include "sh_exec.h"

/* export -p / readonly -p: the variables with the attribute, as commands that recreate them. */
static int list_with_attribute(int readonly, const char *word) {
    struct str out = {0};
    for (int i = 0; i < nvars; i++) {
        if (!(readonly ? vars[i].readonly : vars[i].exported)) continue;
        str_adds(&out, word);
        str_addc(&out, ' ');
        str_adds(&out, vars[i].name);
        if (vars[i].value) str_addc(&out, '='), print_quoted(&out, vars[i].value);
        str_addc(&out, '\n');
    }
    if (out.s) write_all(1, out.s, out.len);
    free(out.s);
    return 0;
}

static int bi_export(int argc, char **argv) {
    int status = 0;
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) return list_with_attribute(0, "export");
    for (int i = 1; i < argc; i++) {
        if (assignment_name_len(argv[i])) var_assign(argv[i], 1);
        else if (is_name_start((unsigned char)argv[i][0]) && strspn(argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(argv[i]))
            var_set(argv[i], NULL, 1);
        else {
            sh_error("export: `%s': not a valid identifier", argv[i]);
            status = 1;
        }
    }
    return status;
}

static int bi_readonly(int argc, char **argv) {
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) return list_with_attribute(1, "readonly");
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int nl = assignment_name_len(argv[i]);
        char *name = nl ? xstrndup(argv[i], (size_t)nl) : xstrdup(argv[i]);
        if (!is_name_start((unsigned char)name[0])) {
            sh_error("readonly: `%s': not a valid identifier", argv[i]);
            status = 1;
        } else {
            readonly_violation = 0;
            struct var *v = var_set(name, nl ? argv[i] + nl + 1 : NULL, 0);
            if (readonly_violation) status = 1;
            v->readonly = 1;
        }
        free(name);
    }
    return status;
}

static int bi_unset(int argc, char **argv) {
    int funcs_only = 0, status = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-f") == 0) funcs_only = 1;
        else if (strcmp(argv[i], "-v") == 0) funcs_only = 0;
        else if (funcs_only) {
            for (int k = 0; k < nfuncs; k++)
                if (strcmp(funcs[k].name, argv[i]) == 0) funcs[k] = funcs[--nfuncs];
        } else if (var_unset(argv[i])) status = 1;
    }
    return status;
}

static int bi_set(int argc, char **argv) {
    if (argc == 1) {
        struct str out = {0};
        for (int i = 0; i < nvars; i++) {
            if (!vars[i].value) continue;
            str_adds(&out, vars[i].name);
            str_addc(&out, '=');
            print_quoted(&out, vars[i].value);
            str_addc(&out, '\n');
        }
        if (out.s) write_all(1, out.s, out.len);
        free(out.s);
        return 0;
    }
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            goto positional;
        }
        if ((a[0] != '-' && a[0] != '+') || !a[1]) break;
        int on = a[0] == '-';
        if (strcmp(a + 1, "o") == 0) { /* set -o NAME / +o NAME; without NAME: the settings */
            static const struct { const char *name; int *flag; } named[] = {
                {"errexit", &opt_errexit}, {"noexec", &opt_noexec}, {"pipefail", &opt_pipefail}, {"xtrace", &opt_xtrace}};
            if (i + 1 >= argc) {
                for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
                    fdprintf(1, "%-15s %s\n", named[k].name, *named[k].flag ? "on" : "off");
                return 0;
            }
            const char *name = argv[++i];
            size_t k = 0;
            while (k < sizeof named / sizeof named[0] && strcmp(named[k].name, name) != 0) k++;
            if (k < sizeof named / sizeof named[0]) *named[k].flag = on && !(named[k].flag == &opt_noexec && interactive);
            else if (strcmp(name, "monitor") && strcmp(name, "nounset") && strcmp(name, "noglob") &&
                     strcmp(name, "noclobber") && strcmp(name, "vi") && strcmp(name, "emacs")) {
                sh_error("set: %s: invalid option name", name);
                return 2;
            }
            continue;
        }
        for (const char *o = a + 1; *o; o++) {
            if (*o == 'x') opt_xtrace = on;
            else if (*o == 'e') opt_errexit = on;
            else if (*o == 'n') opt_noexec = on && !interactive;
            else if (*o == 'm' || *o == 'u' || *o == 'f' || *o == 'C') {
                /* accepted, not implemented: documented in README */
            } else {
                sh_error("set: %c%c: invalid option", a[0], *o);
                return 2;
            }
        }
    }
    if (i >= argc) return 0;
positional:
    for (int k = 0; k < pos_count; k++) free(pos_args[k]);
    free(pos_args);
    set_positional(argc - i, argv + i);
    return 0;
}

static int bi_shift(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (n < 0 || n > pos_count) {
        sh_error("shift: can't shift that many");
        return 1;
    }
    for (int k = 0; k < n; k++) free(pos_args[k]);
    memmove(pos_args, pos_args + n, sizeof(char *) * (size_t)(pos_count - n + 1));
    pos_count -= n;
    return 0;
}

/* getopts OPTSTRING NAME [ARG...] (XCU getopts): the next option of ARGs (default "$@") in
 * NAME, its argument in OPTARG, the next index in OPTIND; 1 at the end. A leading ':' in
 * OPTSTRING is the silent mode: errors set NAME to '?' or ':' and OPTARG, with no message. */
static int getopts_pos = 1;       /* the character within the current argument */
static long getopts_optind_seen;  /* OPTIND as getopts last set it: another value resets pos */
static int bi_getopts(int argc, char **argv) {
    if (argc < 3) {
        sh_error("getopts: usage: getopts optstring name [arg ...]");
        return 2;
    }
    const char *opts = argv[1], *name = argv[2];
    char **args = argc > 3 ? argv + 3 : pos_args;
    int nargs = argc > 3 ? argc - 3 : pos_count;
    int silent = opts[0] == ':';
    const char *oi = var_get("OPTIND");
    long optind = oi ? atol(oi) : 1;
    if (optind < 1) optind = 1;
    if (optind != getopts_optind_seen) getopts_pos = 1;
    char num[32], opt[2] = {0, 0};
    int status = 0;
    const char *arg = optind <= nargs ? args[optind - 1] : NULL;
    if (!arg || (getopts_pos == 1 && (arg[0] != '-' || !arg[1]))) {
        status = 1;
        opt[0] = '?';
    } else if (getopts_pos == 1 && strcmp(arg, "--") == 0) {
        optind++;
        status = 1;
        opt[0] = '?';
    } else {
        char c = arg[getopts_pos];
        const char *spec = c != ':' ? strchr(opts + silent, c) : NULL;
        opt[0] = c;
        getopts_pos++;
        int at_end = arg[getopts_pos] == 0;
        var_unset("OPTARG");
        if (!spec) {
            if (silent) var_set("OPTARG", opt, 0);
            else sh_error("illegal option -- %c", c);
            opt[0] = '?';
        } else if (spec[1] == ':') {
            if (!at_end) { /* -ovalue */
                var_set("OPTARG", arg + getopts_pos, 0);
                at_end = 1;
            } else if (optind < nargs) { /* -o value */
                var_set("OPTARG", args[optind], 0);
                optind++;
            } else {
                if (silent) var_set("OPTARG", opt, 0), opt[0] = ':';
                else sh_error("option requires an argument -- %c", c), opt[0] = '?';
            }
        }
        if (at_end) {
            optind++;
            getopts_pos = 1;
        }
    }
    var_set(name, opt, 0);
    snprintf(num, sizeof num, "%ld", optind);
    var_set("OPTIND", num, 0);
    getopts_optind_seen = optind;
    return status;
}

static int bi_alias(int argc, char **argv) {
    struct str out = {0};
    int status = 0;
    for (int i = 0; i < naliases && argc == 1; i++) {
        str_adds(&out, "alias ");
        str_adds(&out, aliases[i].name);
        str_addc(&out, '=');
        print_quoted(&out, aliases[i].value);
        str_addc(&out, '\n');
    }
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq && eq != argv[i]) {
            char *name = xstrndup(argv[i], (size_t)(eq - argv[i]));
            alias_set(name, eq + 1);
            free(name);
        } else if (alias_get(argv[i])) {
            str_adds(&out, "alias ");
            str_adds(&out, argv[i]);
            str_addc(&out, '=');
            print_quoted(&out, alias_get(argv[i]));
            str_addc(&out, '\n');
        } else {
            sh_error("alias: %s: not found", argv[i]);
            status = 1;
        }
    }
    if (out.s) write_all(1, out.s, out.len);
    free(out.s);
    return status;
}
static int bi_unalias(int argc, char **argv) {
    int status = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-a") == 0)
            while (naliases) alias_remove(aliases[0].name);
        else if (!alias_remove(argv[i])) {
            sh_error("unalias: %s: not found", argv[i]);
            status = 1;
        }
    }
    return status;
}

static int bi_local(int argc, char **argv) {
    if (!func_depth) {
        sh_error("local: can only be used in a function");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        int nl = assignment_name_len(argv[i]);
        char *name = nl ? xstrndup(argv[i], (size_t)nl) : xstrdup(argv[i]);
        local_save(name, func_depth);
        if (nl) var_set(name, argv[i] + nl + 1, 0);
        free(name);
    }
    return 0;
}

/* The read builtin's input: a regular file in blocks, giving back what was not used with
 * lseek(2) at the end; anything else a byte at a time, so the rest stays for other readers. */
struct byte_reader {
    char buf[512];
    int len, pos, blocks;
};
static ssize_t reader_next(struct byte_reader *b, char *c) {
    if (b->pos < b->len) {
        *c = b->buf[b->pos++];
        return 1;
    }
    ssize_t r = read(0, b->blocks ? b->buf : c, b->blocks ? sizeof b->buf : 1);
    if (r <= 0 || !b->blocks) return r;
    b->len = (int)r;
    b->pos = 0;
    *c = b->buf[b->pos++];
    return 1;
}
static void reader_done(struct byte_reader *b) {
    if (b->blocks && b->pos < b->len) lseek(0, -(off_t)(b->len - b->pos), SEEK_CUR);
}

static int bi_read(int argc, char **argv) {
    int raw = 0, i = 1;
    const char *prompt = NULL;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-r") == 0) raw = 1;
        else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) prompt = argv[++i];
        else if (strcmp(argv[i], "--") == 0) { i++; break; }
        else {
            sh_error("read: %s: invalid option", argv[i]);
            return 2;
        }
    }
    if (prompt && isatty(0)) fdputs(2, prompt);
    struct str line = {0};
    int got_eof = 1;
    if (interactive) sigint_interrupts(1);
    struct byte_reader *in = xmalloc(sizeof *in);
    struct stat st;
    in->len = in->pos = 0;
    in->blocks = fstat(0, &st) == 0 && S_ISREG(st.st_mode) && lseek(0, 0, SEEK_CUR) >= 0;
    for (;;) {
        char c;
        ssize_t r = reader_next(in, &c);
        if (r < 0 && errno == EINTR && !(interactive && wait_interrupted)) continue;
        if (r <= 0) break;
        if (c == '\n') {
            got_eof = 0;
            break;
        }
        if (c == '\\' && !raw) {
            r = reader_next(in, &c);
            if (r <= 0) break;
            if (c == '\n') continue;
            str_addc(&line, '\x01'); /* marks the next character as escaped (not a separator) */
        }
        str_addc(&line, c);
    }
    reader_done(in);
    free(in);
    if (interactive) {
        sigint_interrupts(0);
        if (wait_interrupted) { /* Ctrl-C: no assignment, status 130 */
            fdputs(2, "\n");
            free(line.s);
            return 130;
        }
    }
    if (!line.s) str_adds(&line, "");
    const char *ifs = var_get("IFS");
    if (!ifs) ifs = " \t\n";
    char *p = line.s;
    int nnames = argc - i;
    const char *names_default[] = {"REPLY"};
    char **names = nnames ? argv + i : (char **)names_default;
    if (!nnames) nnames = 1;
    for (int k = 0; k < nnames; k++) {
        while (*p && strchr(ifs, *p) && strchr(" \t\n", *p)) p++;
        struct str val = {0};
        int last = k == nnames - 1;
        while (*p) {
            if (*p == '\x01' && p[1]) {
                str_addc(&val, p[1]);
                p += 2;
                continue;
            }
            if (!last && strchr(ifs, *p)) {
                p++;
                break;
            }
            str_addc(&val, *p++);
        }
        if (last) /* trailing IFS whitespace is not part of the last field */
            while (val.len && strchr(ifs, val.s[val.len - 1]) && strchr(" \t\n", val.s[val.len - 1])) val.s[--val.len] = 0;
        var_set(names[k], val.s ? val.s : "", 0);
        free(val.s);
    }
    free(line.s);
    return got_eof ? 1 : 0;
}
#endif
