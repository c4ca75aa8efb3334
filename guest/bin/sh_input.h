/* sh_input.h: reading commands: from a terminal through the line editor, from a pipe byte by
 * byte (so that a command the shell starts can read the rest of the same input), from a
 * seekable stdin in blocks with lseek(2) back to the end of each line, and from script files
 * in blocks. Complete commands are parsed and run one at a time. */
#ifndef SH_INPUT_H
#define SH_INPUT_H
#include "sh_edit.h"

struct input {
    int fd;
    int edit;      /* line editing (a terminal) */
    int prompt;    /* print PS1/PS2 (an interactive shell) */
    int one_byte;  /* a pipe or terminal shared with the commands: never read past a newline */
    int seek_back; /* a seekable stdin: put unread bytes back after each line */
    char buf[4096];
    int len, pos, eof;
};

static void input_init(struct input *in, int fd, int is_interactive) {
    memset(in, 0, sizeof *in);
    in->fd = fd;
    in->prompt = is_interactive;
    in->edit = is_interactive && isatty(fd);
    if (fd == 0 && !in->edit) {
        if (lseek(fd, 0, SEEK_CUR) < 0) in->one_byte = 1;
        else in->seek_back = 1;
    }
}

/* One line with its newline (the last one may lack it), "" if cancelled, NULL at the end. */
static char *input_line(struct input *in, const char *prompt) {
    if (in->edit) {
        char *line = edit_line(prompt);
        if (line != (char *)-1) return line;
        in->edit = 0;
        in->one_byte = 1;
    }
    if (in->prompt) fdputs(2, prompt);
    struct str line = {0};
    for (;;) {
        if (in->pos == in->len) {
            if (in->eof) break;
            ssize_t r = read(in->fd, in->buf, in->one_byte ? 1 : sizeof in->buf);
            if (r < 0 && errno == EINTR) {
                jobs_reap();
                continue;
            }
            if (r <= 0) {
                in->eof = 1;
                break;
            }
            in->len = (int)r;
            in->pos = 0;
        }
        char c = in->buf[in->pos++];
        str_addc(&line, c);
        if (c == '\n') break;
    }
    if (in->seek_back && in->pos < in->len) {
        lseek(in->fd, -(off_t)(in->len - in->pos), SEEK_CUR);
        in->pos = in->len = 0;
    }
    return line.s; /* NULL if nothing was read */
}

static int sourcing; /* depth of `source` files being read: `return` ends one */

static void on_sigchld(int sig) { (void)sig; }
/* on: while an interactive shell waits for input, a child's end interrupts the read (a
 * SIGCHLD handler without SA_RESTART), so a finished background job is reaped at once rather
 * than left a zombie until the next command; its "Done" still waits for the next prompt.
 * off: the default again, so commands never see EINTR from it. */
static void sigchld_watch(int on) {
    struct sigaction sa = {0};
    sa.sa_handler = on ? on_sigchld : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
}

/* Reads, parses and runs commands until the end of the input (or exit). */
static int run_input(struct input *in) {
    struct str pending = {0};
    int status = 0;
    for (;;) {
        char *prompt;
        if (in->prompt && pending.len == 0) {
            jobs_notify();
            const char *ps1 = var_get("PS1");
            prompt = prompt_expand(ps1 ? ps1 : "\\u@\\h:\\w\\$ ");
        } else {
            const char *ps2 = var_get("PS2");
            prompt = xstrdup(ps2 ? ps2 : "> ");
        }
        if (in->prompt) sigchld_watch(1), jobs_reap();
        char *line = input_line(in, prompt);
        if (in->prompt) sigchld_watch(0);
        free(prompt);
        if (!line && pending.len && pending.s[pending.len - 1] != '\n')
            line = xstrdup("\n"); /* the last line had no newline: it may end a here-document */
        if (!line) {
            if (pending.len) {
                sh_error("syntax error: unexpected end of file");
                status = last_status = 2;
            }
            break;
        }
        if (!*line) { /* Ctrl-C at the prompt: drop what was typed */
            free(line);
            pending.len = 0;
            last_status = 130;
            continue;
        }
        str_adds(&pending, line);
        free(line);
        struct node *tree;
        int r = parse_program(pending.s, (int)pending.len, &tree);
        if (r == P_INCOMPLETE) continue;
        if (in->edit) history_add(pending.s);
        pending.len = 0;
        if (r == P_ERROR) {
            status = last_status = 2;
            if (!in->prompt) {
                /* XCU 2.8.1: a syntax error ends a script; in a sourced file (or the profile of
                 * an interactive shell) only that file */
                if (interactive || sourcing) break;
                do_exit(2);
            }
            continue;
        }
        if (opt_noexec || !tree) continue;
        jmp_buf jb, *outer = abort_jmp;
        abort_jmp = &jb;
        if (in->prompt) sig_interrupted = 0; /* a Ctrl-C while the line was read is not for this command */
        if (setjmp(jb) == 0) status = exec_node(tree);
        else status = last_status;
        traps_run();
        abort_jmp = outer;
        if (sig_interrupted) { /* Ctrl-C: back to the prompt, out of any file being sourced */
            status = last_status = 130;
            if (!in->prompt) break;
            sig_interrupted = 0;
        }
        if (returning && sourcing) break;
    }
    free(pending.s);
    (void)status;
    return last_status;
}

/* Runs the commands of file in this shell (source, sh FILE, /etc/profile); -1 if unreadable. */
static int run_file(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 10); /* keep fds 0-9 free for the script's redirections */
    if (high >= 0) close(fd), fd = high;
    struct input *in = xmalloc(sizeof *in);
    input_init(in, fd, 0);
    int status = run_input(in);
    free(in);
    close(fd);
    return status;
}
#endif
