/* sh_builtins.h: the builtin commands (see guest/bin/README.md, "sh"). Each is
 * int bi_NAME(int argc, char **argv) returning the exit status; output goes through write(2). */
#ifndef SH_BUILTINS_H
#define SH_BUILTINS_H
#include <ctype.h>
#include <sys/stat.h>
#include "sh_bi_jobs.h"
#include "sh_bi_vars.h"
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
            case 'f': str_addc(&out, '\f'); break;
            case 'v': str_addc(&out, '\v'); break;
            case 'x': {
                int v = 0, k = 0;
                while (k < 2 && isxdigit((unsigned char)c[1])) {
                    char h = *++c;
                    v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                    k++;
                }
                if (k) str_addc(&out, (char)v);
                else str_adds(&out, "\\x");
                break;
            }
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
        static const char *const keywords[] = {"!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi",
                                               "for", "if", "in", "then", "time", "until", "while", NULL};
        int keyword = 0;
        for (int k = 0; keywords[k]; k++)
            if (strcmp(keywords[k], name) == 0) keyword = 1;
        if (alias_get(name)) {
            if (path_only) fdprintf(1, "alias %s='%s'\n", name, alias_get(name));
            else fdprintf(1, "%s is aliased to `%s'\n", name, alias_get(name));
        } else if (keyword) fdprintf(1, path_only ? "%s\n" : "%s is a shell keyword\n", name);
        else if (func_find(name)) fdprintf(1, path_only ? "%s\n" : "%s is a function\n", name);
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
