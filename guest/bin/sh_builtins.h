/* sh_builtins.h: the builtin commands (see guest/bin/README.md, "sh"). Each is
 * int bi_NAME(int argc, char **argv) returning the exit status; output goes through write(2). */
#ifndef SH_BUILTINS_H
#define SH_BUILTINS_H
#include <sys/stat.h>
#include "sh_bi_jobs.h"
#include "sh_bi_test.h"
#include "sh_input.h"

static int exit_warned; /* "There are stopped jobs." was said once */

static int bi_true(int argc, char **argv) { (void)argc, (void)argv; return 0; }
static int bi_false(int argc, char **argv) { (void)argc, (void)argv; return 1; }

static int bi_echo(int argc, char **argv) {
    int newline = 1, escapes = 0, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *o = argv[i] + 1;
        if (strspn(o, "neE") != strlen(o)) break;
        for (; *o; o++) {
            if (*o == 'n') newline = 0;
            else if (*o == 'e') escapes = 1;
            else escapes = 0;
        }
    }
    struct str out = {0};
    for (int first = i; i < argc; i++) {
        if (i > first) str_addc(&out, ' ');
        for (const char *c = argv[i]; *c; c++) {
            if (!escapes || *c != '\\' || !c[1]) {
                str_addc(&out, *c);
                continue;
            }
            switch (*++c) {
            case 'n': str_addc(&out, '\n'); break;
            case 't': str_addc(&out, '\t'); break;
            case 'r': str_addc(&out, '\r'); break;
            case 'a': str_addc(&out, '\a'); break;
            case 'b': str_addc(&out, '\b'); break;
            case 'e': str_addc(&out, 27); break;
            case '\\': str_addc(&out, '\\'); break;
            case 'c': newline = 0; goto done;
            case '0': {
                int v = 0, k = 0;
                while (k < 3 && c[1] >= '0' && c[1] <= '7') v = v * 8 + (*++c - '0'), k++;
                str_addc(&out, (char)v);
                break;
            }
            default: str_addc(&out, '\\'), str_addc(&out, *c);
            }
        }
    }
done:
    if (newline) str_addc(&out, '\n');
    int r = out.len ? write_all(1, out.s, out.len) : 0;
    free(out.s);
    if (r < 0) {
        sh_error("echo: write error: %s", strerror(errno));
        return 1;
    }
    return 0;
}

static int bi_cd(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : var_get("HOME");
    int print = 0;
    if (argc > 2) {
        sh_error("cd: too many arguments");
        return 1;
    }
    if (!dir) {
        sh_error("cd: HOME not set");
        return 1;
    }
    if (strcmp(dir, "-") == 0) {
        dir = var_get("OLDPWD");
        if (!dir) {
            sh_error("cd: OLDPWD not set");
            return 1;
        }
        print = 1;
    }
    char *target = xstrdup(dir);
    if (chdir(target) < 0) {
        sh_error("cd: %s: %s", target, strerror(errno));
        free(target);
        return 1;
    }
    const char *old = var_get("PWD");
    char cwd[4096];
    var_set("OLDPWD", old ? old : "", 1);
    if (getcwd(cwd, sizeof cwd)) var_set("PWD", cwd, 1);
    if (print) fdprintf(1, "%s\n", getcwd(cwd, sizeof cwd) ? cwd : target);
    free(target);
    return 0;
}

static int bi_pwd(int argc, char **argv) {
    (void)argc, (void)argv;
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) {
        sh_error("pwd: %s", strerror(errno));
        return 1;
    }
    fdprintf(1, "%s\n", cwd);
    return 0;
}

static int bi_exit(int argc, char **argv) {
    if (jobctl && !exit_warned) {
        for (int i = 0; i < njobs; i++) {
            if (job_state(jobs[i]) == PS_STOPPED) {
                fdputs(2, "There are stopped jobs.\n");
                exit_warned = 1;
                return 1;
            }
        }
    }
    int status = last_status;
    if (argc > 1) {
        char *end;
        long v = strtol(argv[1], &end, 10);
        if (*end || !*argv[1]) {
            sh_error("exit: %s: numeric argument required", argv[1]);
            status = 2;
        } else status = (int)(v & 0xff);
    }
    if (interactive) fdputs(2, "exit\n");
    do_exit(status);
    return status;
}

static int bi_export(int argc, char **argv) {
    int status = 0;
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
        struct str out = {0};
        for (int i = 0; i < nvars; i++) {
            if (!vars[i].exported) continue;
            str_adds(&out, "export ");
            str_adds(&out, vars[i].name);
            if (vars[i].value) str_addc(&out, '='), print_quoted(&out, vars[i].value);
            str_addc(&out, '\n');
        }
        if (out.s) write_all(1, out.s, out.len);
        free(out.s);
        return 0;
    }
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
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
        struct str out = {0};
        for (int i = 0; i < nvars; i++) {
            if (!vars[i].readonly) continue;
            str_adds(&out, "readonly ");
            str_adds(&out, vars[i].name);
            if (vars[i].value) str_addc(&out, '='), print_quoted(&out, vars[i].value);
            str_addc(&out, '\n');
        }
        if (out.s) write_all(1, out.s, out.len);
        free(out.s);
        return 0;
    }
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

static int bi_source(int argc, char **argv) {
    if (argc < 2) {
        sh_error("%s: filename argument required", argv[0]);
        return 2;
    }
    char *path = argv[1];
    char *found = NULL;
    if (!strchr(path, '/') && access(path, R_OK) != 0) found = path_lookup(path);
    char **saved_args = pos_args;
    int saved_count = pos_count, have_args = argc > 2;
    if (have_args) set_positional(argc - 2, argv + 2);
    sourcing++;
    int status = run_file(found ? found : path);
    sourcing--;
    if (status < 0) {
        sh_error("%s: %s", path, strerror(errno));
        status = 1;
    }
    if (returning) {
        returning = 0;
        status = last_status;
    }
    if (have_args) {
        for (int k = 0; k < pos_count; k++) free(pos_args[k]);
        free(pos_args);
        pos_args = saved_args;
        pos_count = saved_count;
    }
    free(found);
    return status;
}

static int bi_eval(int argc, char **argv) {
    struct str src = {0};
    for (int i = 1; i < argc; i++) {
        if (i > 1) str_addc(&src, ' ');
        str_adds(&src, argv[i]);
    }
    if (!src.s) return 0;
    str_addc(&src, '\n');
    int status = run_string(src.s);
    free(src.s);
    return status;
}

static int bi_exec(int argc, char **argv) {
    if (argc < 2) return 0;
    tty_reclaim();
    if (sigs_changed) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        signal(SIGTSTP, SIG_DFL);
        signal(SIGTTIN, SIG_DFL);
        signal(SIGTTOU, SIG_DFL);
    }
    exec_external(argv + 1);
    return 127;
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

static int bi_return(int argc, char **argv) {
    if (!func_depth && !sourcing) {
        sh_error("return: can only `return' from a function or sourced script");
        return 1;
    }
    last_status = argc > 1 ? atoi(argv[1]) & 0xff : last_status;
    returning = 1;
    return last_status;
}
static int bi_break(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (!loop_depth) return 0;
    if (n < 1) n = 1;
    if (n > loop_depth) n = loop_depth;
    if (argv[0][0] == 'b') break_count = n;
    else continue_count = n; /* leave n-1 loops, then continue the n-th */
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

static int bi_type(int argc, char **argv) {
    int status = 0, path_only = strcmp(argv[0], "command") == 0;
    int i = 1;
    if (path_only) {
        if (argc < 2 || (strcmp(argv[1], "-v") != 0 && strcmp(argv[1], "-V") != 0)) {
            if (argc < 2) return 0;
            /* command NAME ARGS: run NAME, skipping functions */
            const struct builtin *b = builtin_find(argv[1]);
            if (b) return b->fn(argc - 1, argv + 1);
            struct job *j = job_new(argv[1]);
            pid_t pid = fork();
            if (pid == 0) {
                child_setup(0, 1, 0);
                exec_external(argv + 1);
            }
            if (jobctl) setpgid(pid, pid);
            job_add_proc(j, pid);
            return job_wait_fg(j);
        }
        path_only = argv[1][1] == 'v';
        i = 2;
    }
    for (; i < argc; i++) {
        const char *name = argv[i];
        char *path;
        if (func_find(name)) fdprintf(1, path_only ? "%s\n" : "%s is a function\n", name);
        else if (builtin_find(name)) fdprintf(1, path_only ? "%s\n" : "%s is a shell builtin\n", name);
        else if ((path = path_lookup(name))) {
            if (path_only) fdprintf(1, "%s\n", path);
            else fdprintf(1, "%s is %s\n", name, path);
            free(path);
        } else {
            if (!path_only) sh_error("type: %s: not found", name);
            status = 1;
        }
    }
    return status;
}

static int bi_umask(int argc, char **argv) {
    if (argc < 2) {
        mode_t m = umask(0);
        umask(m);
        fdprintf(1, "%04o\n", (unsigned)m);
        return 0;
    }
    char *end;
    long m = strtol(argv[1], &end, 8);
    if (*end || m < 0 || m > 0777) {
        sh_error("umask: %s: octal number out of range", argv[1]);
        return 1;
    }
    umask((mode_t)m);
    return 0;
}

static int bi_history(int argc, char **argv) {
    (void)argc, (void)argv;
    struct str out = {0};
    for (int i = 0; i < nhistory; i++) {
        char num[16];
        snprintf(num, sizeof num, "%5d  ", i + 1);
        str_adds(&out, num);
        str_adds(&out, history[i]);
        str_addc(&out, '\n');
    }
    if (out.s) write_all(1, out.s, out.len);
    free(out.s);
    return 0;
}

static int bi_help(int argc, char **argv);

static const struct builtin builtins[] = {
    {":", bi_true, 1}, {".", bi_source, 1}, {"[", bi_test, 0}, {"alias", bi_alias, 0}, {"bg", bi_fg, 0}, {"break", bi_break, 1},
    {"cd", bi_cd, 0}, {"command", bi_type, 0}, {"continue", bi_break, 1}, {"echo", bi_echo, 0},
    {"eval", bi_eval, 1}, {"exec", bi_exec, 1}, {"exit", bi_exit, 1}, {"export", bi_export, 1},
    {"false", bi_false, 0}, {"fg", bi_fg, 0}, {"getopts", bi_getopts, 0}, {"help", bi_help, 0}, {"history", bi_history, 0},
    {"jobs", bi_jobs, 0}, {"kill", bi_kill, 0}, {"local", bi_local, 1}, {"pwd", bi_pwd, 0}, {"read", bi_read, 0}, {"readonly", bi_readonly, 1},
    {"return", bi_return, 1}, {"set", bi_set, 1}, {"shift", bi_shift, 1}, {"source", bi_source, 1},
    {"test", bi_test, 0}, {"trap", bi_trap, 1}, {"true", bi_true, 0}, {"type", bi_type, 0}, {"umask", bi_umask, 0},
    {"unalias", bi_unalias, 0}, {"unset", bi_unset, 1}, {"wait", bi_wait, 0}, {NULL, NULL, 0}};

static int bi_help(int argc, char **argv) {
    (void)argc, (void)argv;
    struct str out = {0};
    str_adds(&out, "javix sh builtins:\n ");
    for (int i = 0; builtins[i].name; i++) {
        str_addc(&out, ' ');
        str_adds(&out, builtins[i].name);
    }
    str_adds(&out, "\nSee guest/bin/README.md for the language.\n");
    write_all(1, out.s, out.len);
    free(out.s);
    return 0;
}

static const struct builtin *builtin_find(const char *name) {
    for (int i = 0; builtins[i].name; i++)
        if (strcmp(builtins[i].name, name) == 0) return &builtins[i];
    return NULL;
}
#endif
