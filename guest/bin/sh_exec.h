/* sh_exec.h: running parse trees: simple commands (PATH lookup, execve(2), builtins,
 * functions), redirections, pipelines, background jobs, compound commands and command
 * substitution. */
#ifndef SH_EXEC_H
#define SH_EXEC_H
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include "sh_jobs.h"
#include "sh_path.h"
#include "sh_redir.h"
#include "sh_state.h"
#include "sh_trap.h"

static void expand_abort(void) {
    last_status = 2;
    if (!interactive || !abort_jmp) do_exit(2);
    longjmp(*abort_jmp, 1);
}

/* In a child the shell forked: joins the job's process group, takes the terminal if the job is
 * in the foreground, and puts back the signal dispositions the shell changed. */
static void child_setup(pid_t pgid, int foreground, int background) {
    if (jobctl) {
        pid_t me = getpid();
        setpgid(0, pgid ? pgid : me);
        if (foreground) tcsetpgrp(tty_fd, pgid ? pgid : me);
    }
    if (sigs_changed) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        signal(SIGTSTP, SIG_DFL);
        signal(SIGTTIN, SIG_DFL);
        signal(SIGTTOU, SIG_DFL);
        sigs_changed = 0;
    }
    if (background && !jobctl) { /* XCU 2.11: asynchronous lists without job control */
        signal(SIGINT, SIG_IGN);
        signal(SIGQUIT, SIG_IGN);
    }
    traps_reset();
    jobctl = 0;
    interactive = 0;
    njobs = 0; /* the parent's jobs are not this subshell's children */
}

static void xtrace(char **argv, struct strv *assigns) {
    struct str s = {0};
    const char *ps4 = var_get("PS4");
    str_adds(&s, ps4 ? ps4 : "+ ");
    for (int i = 0; assigns && i < assigns->n; i++) {
        str_adds(&s, assigns->v[i]);
        str_addc(&s, ' ');
    }
    for (int i = 0; argv[i]; i++) {
        if (i) str_addc(&s, ' ');
        str_adds(&s, argv[i]);
    }
    str_addc(&s, '\n');
    write_all(2, s.s, s.len);
    free(s.s);
}

static int run_function(struct node *body, int argc, char **argv) {
    char **saved_args = pos_args;
    int saved_count = pos_count;
    set_positional(argc - 1, argv + 1);
    func_depth++;
    int status = exec_node(body);
    locals_restore(func_depth);
    func_depth--;
    if (returning) {
        status = last_status;
        returning = 0;
    }
    for (int i = 0; i < pos_count; i++) free(pos_args[i]);
    free(pos_args);
    pos_args = saved_args;
    pos_count = saved_count;
    return status;
}

/* Runs a simple command. in_child: this process is already a fork for it (a pipeline member
 * or background job), so an external command is exec'ed directly. */
static int exec_simple(struct node *n, int in_child, int background) {
    struct strv argv = {0}, assigns = {0};
    subst_status = 0;
    for (int i = 0; i < n->words.n; i++) expand_word(n->words.v[i], EX_SPLIT, &argv);
    for (int i = 0; i < n->assigns.n; i++) {
        int nl = assignment_name_len(n->assigns.v[i]);
        char *value = expand_string(n->assigns.v[i] + nl + 1, 0);
        struct str kv = {0};
        str_addn(&kv, n->assigns.v[i], (size_t)nl + 1);
        str_adds(&kv, value);
        free(value);
        strv_add(&assigns, str_take(&kv));
    }
    int status;
    if (argv.n == 0) { /* only assignments and redirections */
        if (opt_xtrace && assigns.n) xtrace((char *[]){NULL}, &assigns);
        readonly_violation = 0;
        for (int i = 0; i < assigns.n; i++) var_assign(assigns.v[i], 0);
        struct redir_undo u = {0};
        status = apply_redirs(n->redirs, &u) ? 1 : readonly_violation ? 1 : subst_status;
        if (readonly_violation && !interactive) do_exit(2); /* XCU 2.8.1: a variable assignment error */
        undo_redirs(&u);
        strv_free(&assigns);
        return status;
    }
    if (opt_xtrace) xtrace(argv.v, &assigns);
    const struct builtin *b = func_find(argv.v[0]) ? NULL : builtin_find(argv.v[0]);
    struct node *func = func_find(argv.v[0]);
    if (b || func) {
        if (b && strcmp(b->name, "exec") == 0 && argv.n == 1) { /* exec with redirections only: permanent */
            for (int i = 0; i < assigns.n; i++) var_assign(assigns.v[i], 0);
            status = apply_redirs(n->redirs, NULL);
            strv_free(&argv);
            strv_free(&assigns);
            return status;
        }
        /* assignments before a special builtin or a function persist; before others they are
         * temporary (XCU 2.9.1) */
        int temporary = b && !b->special;
        struct strv saved = {0};
        for (int i = 0; i < assigns.n; i++) {
            if (temporary) {
                int nl = assignment_name_len(assigns.v[i]);
                char *name = xstrndup(assigns.v[i], (size_t)nl);
                const char *old = var_get(name);
                struct str kv = {0};
                str_adds(&kv, name);
                if (old) str_addc(&kv, '='), str_adds(&kv, old);
                strv_add(&saved, str_take(&kv));
                free(name);
            }
            var_assign(assigns.v[i], 0);
        }
        struct redir_undo u = {0};
        if (apply_redirs(n->redirs, in_child ? NULL : &u)) status = 1;
        else if (b) status = b->fn(argv.n, argv.v);
        else status = run_function(func, argv.n, argv.v);
        if (!in_child) undo_redirs(&u);
        for (int i = 0; i < saved.n; i++) {
            if (strchr(saved.v[i], '=')) var_assign(saved.v[i], 0);
            else var_unset(saved.v[i]);
        }
        strv_free(&saved);
        strv_free(&argv);
        strv_free(&assigns);
        return status;
    }
    if (in_child) {
        for (int i = 0; i < assigns.n; i++) var_assign(assigns.v[i], 1);
        if (apply_redirs(n->redirs, NULL)) _exit(1);
        exec_external(argv.v);
    }
    struct job *j = job_new(n->text ? n->text : argv.v[0]);
    pid_t pid = fork();
    if (pid < 0) {
        sh_error("fork: %s", strerror(errno));
        job_remove(j);
        strv_free(&argv);
        strv_free(&assigns);
        return 2;
    }
    if (pid == 0) {
        child_setup(0, !background, background);
        for (int i = 0; i < assigns.n; i++) var_assign(assigns.v[i], 1);
        if (apply_redirs(n->redirs, NULL)) _exit(1);
        exec_external(argv.v);
    }
    if (jobctl) setpgid(pid, pid);
    job_add_proc(j, pid);
    strv_free(&argv);
    strv_free(&assigns);
    return job_wait_fg(j);
}

/* In a forked child: runs one pipeline member or background list, then exits. */
static void exec_in_child(struct node *n, int background) {
    int status;
    if (n->type == N_CMD) status = exec_simple(n, 1, background);
    else if (n->type == N_SUBSHELL) {
        if (apply_redirs(n->redirs, NULL)) _exit(1);
        status = exec_node(n->a);
    } else status = exec_node(n);
    do_exit(status);
}

/* Runs cmds[0] | cmds[1] | ... as one job. */
static int run_pipeline(struct node **cmds, int n, int background, const char *text) {
    if (n == 1 && !background && cmds[0]->type != N_SUBSHELL) {
        if (cmds[0]->type == N_CMD) return exec_simple(cmds[0], 0, 0);
        return exec_node(cmds[0]);
    }
    struct job *j = job_new(text);
    int prev = -1;
    pid_t pgid = 0, pid = 0;
    for (int i = 0; i < n; i++) {
        int p[2] = {-1, -1};
        if (i < n - 1 && pipe(p) < 0) {
            sh_error("pipe: %s", strerror(errno));
            break;
        }
        pid = fork();
        if (pid < 0) {
            sh_error("fork: %s", strerror(errno));
            if (p[0] >= 0) close(p[0]), close(p[1]);
            break;
        }
        if (pid == 0) {
            int had_jobctl = jobctl;
            child_setup(pgid, !background, background);
            if (prev >= 0) {
                dup2(prev, 0);
                close(prev);
            } else if (background && !had_jobctl) { /* XCU 2.9.3: stdin of an async list */
                int null = open("/dev/null", O_RDONLY);
                if (null >= 0 && null != 0) dup2(null, 0), close(null);
            }
            if (p[1] >= 0) {
                close(p[0]);
                dup2(p[1], 1);
                close(p[1]);
            }
            exec_in_child(cmds[i], background);
        }
        if (!pgid) pgid = pid;
        if (jobctl) setpgid(pid, pgid);
        job_add_proc(j, pid);
        if (prev >= 0) close(prev);
        if (p[1] >= 0) close(p[1]);
        prev = p[0];
    }
    if (prev >= 0) close(prev);
    if (j->nprocs == 0) {
        job_remove(j);
        return 2;
    }
    if (background) {
        last_bg_pid = pid;
        j->background = 1;
        if (interactive) fdprintf(2, "[%d] %d\n", j->id, (int)pid);
        return 0;
    }
    return job_wait_fg(j);
}

static int run_background(struct node *n) {
    if (n->type == N_PIPE) return run_pipeline(n->kids, n->nkids, 1, n->text);
    if (n->type == N_CMD || n->type == N_SUBSHELL) return run_pipeline(&n, 1, 1, n->text);
    /* an and-or list or compound command: one forked subshell runs it */
    struct node wrapper = {.type = N_SUBSHELL, .a = n, .text = n->text};
    struct node *w = &wrapper;
    return run_pipeline(&w, 1, 1, n->text);
}

static int case_matches(const char *word, struct node *item) {
    for (int i = 0; i < item->words.n; i++) {
        char *pat = expand_string(item->words.v[i], EX_PATTERN);
        int m = fnmatch(pat, word, 0) == 0;
        free(pat);
        if (m) return 1;
    }
    return 0;
}

static int exec_compound(struct node *n) {
    int status = 0;
    switch (n->type) {
    case N_IF:
        in_condition++;
        status = exec_node(n->a);
        in_condition--;
        if (break_count || continue_count || returning || sig_interrupted) break;
        if (status == 0) status = exec_node(n->b);
        else status = n->c ? exec_node(n->c) : 0;
        break;
    case N_WHILE:
    case N_UNTIL:
        loop_depth++;
        for (;;) {
            in_condition++;
            int cond = exec_node(n->a);
            in_condition--;
            if (break_count || returning || sig_interrupted) break;
            if (continue_count) {
                if (--continue_count) break;
                continue;
            }
            if ((cond == 0) != (n->type == N_WHILE)) break;
            status = exec_node(n->b);
            if (break_count || returning || sig_interrupted) break;
            if (continue_count && --continue_count) break;
        }
        if (break_count) break_count--;
        loop_depth--;
        break;
    case N_FOR: {
        struct strv items = {0};
        if (n->for_in)
            for (int i = 0; i < n->words.n; i++) expand_word(n->words.v[i], EX_SPLIT, &items);
        else
            for (int i = 0; i < pos_count; i++) strv_add(&items, xstrdup(pos_args[i]));
        loop_depth++;
        for (int i = 0; i < items.n; i++) {
            var_set(n->name, items.v[i], 0);
            status = exec_node(n->b);
            if (break_count || returning || sig_interrupted) break;
            if (continue_count && --continue_count) break;
        }
        if (break_count) break_count--;
        loop_depth--;
        strv_free(&items);
        break;
    }
    case N_CASE: {
        char *word = expand_string(n->name, 0);
        for (int i = 0; i < n->nkids; i++) {
            if (case_matches(word, n->kids[i])) {
                status = exec_node(n->kids[i]->a);
                break;
            }
        }
        free(word);
        break;
    }
    case N_GROUP: status = exec_node(n->a); break;
    }
    return status;
}

static double timeval_seconds(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }
static void time_line(struct str *out, const char *what, double seconds) {
    char line[64];
    int minutes = (int)(seconds / 60);
    snprintf(line, sizeof line, "%s\t%dm%.3fs\n", what, minutes, seconds - 60.0 * minutes);
    str_adds(out, line);
}
/* time PIPELINE: wall-clock time, and user and system CPU time of the waited-for children
 * (getrusage(2) RUSAGE_CHILDREN before and after), in bash's format on stderr. */
static int exec_timed(struct node *n) {
    struct timespec t0, t1;
    struct rusage r0, r1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    getrusage(RUSAGE_CHILDREN, &r0);
    int status = exec_node(n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    getrusage(RUSAGE_CHILDREN, &r1);
    struct str out = {0};
    str_adds(&out, "\n");
    time_line(&out, "real", (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    time_line(&out, "user", timeval_seconds(r1.ru_utime) - timeval_seconds(r0.ru_utime));
    time_line(&out, "sys", timeval_seconds(r1.ru_stime) - timeval_seconds(r0.ru_stime));
    write_all(2, out.s, out.len);
    free(out.s);
    return status;
}

static int exec_node(struct node *n) {
    int status = 0;
    if (!n) return 0;
    switch (n->type) {
    case N_SEQ:
        for (; n; n = n->b) {
            status = exec_node(n->a);
            last_status = status;
            traps_run();
            /* set -e (XCU set): not for conditions, `!`, or the left of && || that decided */
            if (opt_errexit && status != 0 && !in_condition && n->a->type != N_NOT && n->a->type != N_BG &&
                !((n->a->type == N_AND || n->a->type == N_OR) && andor_short))
                do_exit(status);
            if (break_count || continue_count || returning || sig_interrupted) break;
        }
        return status;
    case N_BG: status = run_background(n->a); break;
    case N_AND:
    case N_OR:
        in_condition++;
        status = exec_node(n->a);
        in_condition--;
        last_status = status;
        andor_short = 1; /* the left side decided: no errexit for its failure */
        if (break_count || continue_count || returning || sig_interrupted) break;
        if ((status == 0) == (n->type == N_AND)) {
            status = exec_node(n->b);
            andor_short = 0;
        }
        break;
    case N_NOT:
        in_condition++;
        status = !exec_node(n->a);
        in_condition--;
        break;
    case N_PIPE: status = run_pipeline(n->kids, n->nkids, 0, n->text); break;
    case N_CMD:
    case N_SUBSHELL: status = run_pipeline(&n, 1, 0, n->text); break;
    case N_FUNC: func_define(n->name, n->a); status = 0; break;
    case N_TIME: status = exec_timed(n->a); break;
    default: {
        struct redir_undo u = {0};
        if (apply_redirs(n->redirs, &u)) status = 1;
        else status = exec_compound(n);
        undo_redirs(&u);
    }
    }
    last_status = status;
    return status;
}

/* Parses and runs all of src in this shell (sh -c, eval, command substitution). */
static int run_string(const char *src) {
    struct node *tree;
    size_t n = strlen(src);
    char *text = xmalloc(n + 2); /* a final newline ends a here-document on the last line */
    memcpy(text, src, n);
    text[n] = '\n';
    text[n + 1] = 0;
    int r = parse_program(text, (int)n + (n == 0 || src[n - 1] != '\n'), &tree);
    free(text); /* the tree holds copies */
    if (r == P_INCOMPLETE) {
        sh_error("syntax error: unexpected end of file");
        r = P_ERROR;
    }
    if (r == P_ERROR) {
        last_status = 2;
        return 2;
    }
    if (opt_noexec) return 0;
    return exec_node(tree);
}

/* $(src): its standard output, trailing newlines removed; its status goes to subst_status. */
static char *command_subst(const char *src) {
    int p[2];
    if (pipe(p) < 0) {
        sh_error("pipe: %s", strerror(errno));
        return xstrdup("");
    }
    pid_t pid = fork();
    if (pid < 0) {
        sh_error("fork: %s", strerror(errno));
        close(p[0]), close(p[1]);
        return xstrdup("");
    }
    if (pid == 0) {
        close(p[0]);
        if (p[1] != 1) dup2(p[1], 1), close(p[1]);
        jobctl = 0; /* stays in the shell's process group, like bash */
        child_setup(0, 0, 0);
        do_exit(run_string(src));
    }
    close(p[1]);
    struct str out = {0};
    char buf[4096];
    for (;;) {
        ssize_t r = read(p[0], buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        str_addn(&out, buf, (size_t)r);
    }
    close(p[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    subst_status = status_code(st); /* $? changes only when the command ends (as in dash) */
    if (!out.s) str_adds(&out, "");
    while (out.len > 0 && out.s[out.len - 1] == '\n') out.s[--out.len] = 0;
    return str_take(&out);
}
#endif
