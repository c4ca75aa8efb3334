/* sh: the javix shell, a POSIX-style command interpreter with job control and line editing.
 *   sh                       interactive on a terminal (prompt PS1, line editing, job control),
 *                            otherwise reads commands from stdin
 *   sh -c 'CMDS' [ARG0 [ARGS...]]   runs CMDS
 *   sh FILE [ARGS...]        runs the script FILE with $0=FILE, $1...=ARGS
 *   sh -l | -NAME            login shell: first sources /etc/profile and ~/.profile
 * Options: -i interactive, -x trace, -e exit on error, -n parse only, -s read stdin.
 * The language and builtins are described in guest/bin/README.md ("sh").
 *
 * One translation unit: the sh_*.h headers, each included once (guards) in dependency order,
 * hold the parts:
 *   sh_util     strings, vectors, error messages       sh_vars    variables, functions, locals
 *   sh_lex      tokens, tree types, tokenizer          sh_parse   the grammar -> tree
 *   sh_arith    $((...))                               sh_expand  word expansion
 *   sh_jobs     job table, job control, waiting        sh_state   options and shared counters
 *   sh_trap     traps, SIGINT, do_exit                 sh_redir   redirections, here-documents
 *   sh_path     PATH lookup, execve                    sh_exec    running trees, pipelines
 *   sh_edit     prompt, line editor, history, Tab      sh_input   reading and running input
 *   sh_builtins the builtins (+ sh_bi_jobs, sh_bi_vars, sh_bi_test) */
#include "sh_util.h"
#include "sh_vars.h"
#include "sh_parse.h"
#include "sh_expand.h"
#include "sh_jobs.h"
#include "sh_exec.h"
#include "sh_edit.h"
#include "sh_input.h"
#include "sh_builtins.h"

extern char **environ;

/* An interactive shell on a terminal takes it (XCU 2.11; glibc manual "Initializing the Shell"):
 * waits until it is in the foreground, becomes its own process group, and ignores the signals
 * the terminal sends to the foreground job, so that Ctrl-C and Ctrl-Z reach only the job. */
static void init_job_control(void) {
    catch_interactive_sigint();
    signal(SIGQUIT, SIG_IGN);
    sigs_changed = 1;
    tty_fd = fcntl(0, F_DUPFD_CLOEXEC, 10);
    if (tty_fd < 0 || !isatty(tty_fd)) return;
    for (;;) {
        pid_t fg = tcgetpgrp(tty_fd);
        if (fg < 0) {
            sh_error("cannot set terminal process group: %s; no job control in this shell", strerror(errno));
            return;
        }
        if (fg == getpgrp()) break;
        kill(-getpgrp(), SIGTTIN); /* in the background: stop until someone runs us in the fg */
    }
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    shell_pgid = getpid();
    if (getpgrp() != shell_pgid && setpgid(0, shell_pgid) < 0) shell_pgid = getpgrp();
    if (tcsetpgrp(tty_fd, shell_pgid) < 0) {
        sh_error("cannot set terminal process group: %s; no job control in this shell", strerror(errno));
        return;
    }
    have_shell_tmodes = tcgetattr(tty_fd, &shell_tmodes) == 0;
    jobctl = 1;
}

static void usage(void) {
    fdputs(2, "usage: sh [-ilxen] [-c command [arg0 [arg...]] | file [arg...]]\n");
    _exit(2);
}

int main(int argc, char **argv) {
    shell_pid = getpid();
    srandom((unsigned)shell_pid ^ (unsigned)time(NULL));
    vars_import(environ);
    arg0 = argv[0] ? argv[0] : "sh";
    int login = argv[0] && argv[0][0] == '-';
    int force_interactive = 0, read_stdin = 0;
    const char *command = NULL;
    int have_command = 0, i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--login") == 0) { login = 1; continue; }
        if (strcmp(a, "--") == 0 || strcmp(a, "-") == 0) { i++; break; }
        if ((a[0] != '-' && a[0] != '+') || !a[1]) break;
        int on = a[0] == '-';
        for (const char *o = a + 1; *o; o++) {
            switch (*o) {
            case 'c': have_command = on; break;
            case 'i': force_interactive = on; break;
            case 'l': login = on; break;
            case 's': read_stdin = on; break;
            case 'x': opt_xtrace = on; break;
            case 'e': opt_errexit = on; break;
            case 'n': opt_noexec = on; break;
            case 'm': break;
            default: sh_error("-%c: invalid option", *o); usage();
            }
        }
    }
    const char *script = NULL;
    if (have_command) {
        if (i >= argc) {
            sh_error("-c: option requires an argument");
            usage();
        }
        command = argv[i++];
        if (i < argc) arg0 = argv[i++];
    } else if (!read_stdin && i < argc) {
        script = argv[i++];
        arg0 = (char *)script;
    }
    set_positional(argc - i, argv + i);

    if (!var_get("PATH")) var_set("PATH", default_path, 0);
    var_set("IFS", " \t\n", 0); /* XCU 2.5.3: set at startup, whatever the environment said */
    var_find("IFS")->exported = 0;
    char ppid[32];
    snprintf(ppid, sizeof ppid, "%d", (int)getppid());
    var_set("PPID", ppid, 0);
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) var_set("PWD", cwd, 1);
    if (!var_get("HOME")) {
        char *home = passwd_field(NULL, getuid(), 5);
        if (home) var_set("HOME", home, 1), free(home);
    }

    interactive = force_interactive || (!command && !script && isatty(0) && isatty(2));
    if (interactive) {
        opt_noexec = 0;
        init_job_control();
    }
    if (login) {
        sourcing++; /* `return` may end a profile, and its syntax errors do not end the shell */
        run_file("/etc/profile");
        returning = 0;
        const char *home = var_get("HOME");
        if (home) {
            struct str p = {0};
            str_adds(&p, home);
            str_adds(&p, "/.profile");
            run_file(p.s);
            free(p.s);
        }
        sourcing--;
        returning = 0;
    }
    if (command) {
        struct node *tree;
        if (!interactive && !opt_noexec && parse_program(command, (int)strlen(command), &tree) == P_OK && tree &&
            !tree->b && tree->a->type == N_CMD)
            do_exit(exec_simple(tree->a, 1, 0)); /* one simple command: exec'ed without a fork, as dash does */
        do_exit(run_string(command));
    }
    if (script) {
        int fd = open(script, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            sh_error("%s: %s", script, strerror(errno));
            do_exit(errno == ENOENT ? 127 : 126);
        }
        close(fd);
        do_exit(run_file(script));
    }
    struct input in;
    input_init(&in, 0, interactive);
    int status = run_input(&in);
    if (interactive) fdputs(2, "exit\n");
    do_exit(status);
    return status;
}
