/* sh_redir.h: redirections (XCU 2.7) applied in order with dup2(2), optionally remembered so
 * that a builtin's or compound command's redirections can be undone; here-documents through
 * a pipe. */
#ifndef SH_REDIR_H
#define SH_REDIR_H
#include <fcntl.h>
#include "sh_expand.h"

struct redir_undo {
    int fd[32], saved[32]; /* saved -1: fd was closed before */
    int n;
};
static void undo_save(struct redir_undo *u, int fd) {
    if (!u || u->n == 32) return;
    for (int i = 0; i < u->n; i++)
        if (u->fd[i] == fd) return;
    u->fd[u->n] = fd;
    u->saved[u->n] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    u->n++;
}
static void undo_redirs(struct redir_undo *u) {
    for (int i = u->n - 1; i >= 0; i--) {
        if (u->saved[i] >= 0) {
            dup2(u->saved[i], u->fd[i]);
            close(u->saved[i]);
        } else close(u->fd[i]);
    }
    u->n = 0;
}

static int heredoc_fd(struct redir *r) {
    char *body = r->quoted ? xstrdup(r->word) : expand_string(r->word, EX_HEREDOC);
    int p[2];
    if (pipe(p) < 0) {
        sh_error("pipe: %s", strerror(errno));
        free(body);
        return -1;
    }
    size_t n = strlen(body);
    if (n <= 4096) {
        write_all(p[1], body, n);
    } else { /* more than a pipe surely holds: a writer process */
        pid_t pid = fork();
        if (pid == 0) {
            close(p[0]);
            write_all(p[1], body, n);
            _exit(0);
        }
    }
    close(p[1]);
    free(body);
    return p[0];
}

/* Applies redirections in order; with u, remembers how to undo them. Returns 0, or 1 after an
 * error message. */
static int apply_redirs(struct redir *r, struct redir_undo *u) {
    for (; r; r = r->next) {
        int fd = r->fd;
        if (r->op == R_HEREDOC) {
            int h = heredoc_fd(r);
            if (h < 0) return 1;
            undo_save(u, fd);
            if (h != fd) dup2(h, fd), close(h);
            continue;
        }
        char *word = expand_string(r->word, 0);
        if (r->op == R_DUPIN || r->op == R_DUPOUT) {
            if (strcmp(word, "-") == 0) {
                undo_save(u, fd);
                close(fd);
            } else if (is_number(word)) {
                int from = atoi(word);
                if (fcntl(from, F_GETFD) < 0) {
                    sh_error("%s: Bad file descriptor", word);
                    free(word);
                    return 1;
                }
                undo_save(u, fd);
                if (from != fd) dup2(from, fd);
            } else if (r->op == R_DUPOUT && fd == 1) { /* >&file: stdout and stderr (bash) */
                int f = open(word, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
                if (f < 0) {
                    sh_error("%s: %s", word, strerror(errno));
                    free(word);
                    return 1;
                }
                undo_save(u, 1);
                undo_save(u, 2);
                dup2(f, 1);
                dup2(f, 2);
                close(f);
            } else {
                sh_error("%s: ambiguous redirect", word);
                free(word);
                return 1;
            }
            free(word);
            continue;
        }
        int flags = O_CLOEXEC;
        switch (r->op) {
        case R_IN: flags |= O_RDONLY; break;
        case R_OUT:
        case R_CLOBBER: flags |= O_WRONLY | O_CREAT | O_TRUNC; break;
        case R_APPEND: flags |= O_WRONLY | O_CREAT | O_APPEND; break;
        case R_RDWR: flags |= O_RDWR | O_CREAT; break;
        }
        int f = open(word, flags, 0666);
        if (f < 0) {
            sh_error("%s: %s", word, strerror(errno));
            free(word);
            return 1;
        }
        free(word);
        undo_save(u, fd);
        if (f != fd) {
            dup2(f, fd);
            close(f);
        } else fcntl(fd, F_SETFD, 0);
    }
    return 0;
}
#endif
