/* sh_lex.h: the shell's tokens and syntax tree types, and the tokenizer (XCU 2.3, "Token
 * Recognition"): operators, IO numbers, words kept as raw text (quotes and $-constructs are
 * skipped over as a whole, not interpreted), comments, backslash-newline, and here-document
 * bodies, read after the newline that ends their line. Running off the end of the text inside
 * a construct is P_INCOMPLETE, not an error: the reader then supplies another line. */
#ifndef SH_LEX_H
#define SH_LEX_H
#include <setjmp.h>
#include "sh_util.h"

enum tok_type { T_WORD, T_NEWLINE, T_SEMI, T_AMP, T_PIPE, T_AND, T_OR, T_LPAREN, T_RPAREN, T_DSEMI, T_REDIR, T_EOF };
enum redir_op { R_IN, R_OUT, R_APPEND, R_CLOBBER, R_DUPIN, R_DUPOUT, R_RDWR, R_HEREDOC };
enum node_type {
    N_CMD, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT, N_IF, N_WHILE, N_UNTIL, N_FOR,
    N_GROUP, N_SUBSHELL, N_FUNC, N_CASE, N_CASEITEM, N_TIME
};

struct redir {
    int fd, op;
    char *word;      /* the target word; for R_HEREDOC the body */
    int quoted;      /* R_HEREDOC: the delimiter was quoted, so the body is not expanded */
    int strip_tabs;  /* R_HEREDOC: <<- */
    char *delim;     /* R_HEREDOC: the delimiter, unquoted */
    struct redir *next;
};

struct node {
    int type;
    struct strv words;    /* N_CMD arguments; N_FOR list; N_CASEITEM patterns */
    struct strv assigns;  /* N_CMD leading NAME=value words */
    struct redir *redirs; /* N_CMD and compound commands */
    struct node *a, *b, *c;
    struct node **kids;   /* N_PIPE commands; N_CASE items */
    int nkids;
    char *name;           /* N_FOR variable, N_FUNC name, N_CASE word */
    int for_in;           /* N_FOR: an "in" list was given */
    char *text;           /* the source text, for jobs and `set -x` */
};

struct token {
    int type, op, fd; /* op, fd: for T_REDIR (fd -1 = the operator's default) */
    char *text;
    int start, end;
};

enum { P_OK, P_INCOMPLETE, P_ERROR };

struct parser {
    const char *s;
    int len, pos;
    struct token tok;
    int have;
    int last_end;
    struct redir *pending[16]; /* here-documents whose bodies start after the next newline */
    int npending;
    jmp_buf fail;
    int result;
    char *owned;           /* the text after alias substitutions (s points into it), or NULL */
    struct {
        char *name;
        int end;           /* the substituted text ends here: the alias is not used again before */
    } active[16];
    int nactive;
};

/* Index after the quoted or $-construct that starts at s[i], or -1 if the text ends inside it. */
static int skip_construct(const char *s, int i, int len);

static int skip_parens(const char *s, int i, int len) { /* s[i] == '(' */
    int depth = 0;
    while (i < len) {
        char c = s[i];
        if (c == '(') depth++, i++;
        else if (c == ')') {
            i++;
            if (--depth == 0) return i;
        } else if (c == '\'' || c == '"' || c == '\\' || c == '`' || c == '$') {
            i = skip_construct(s, i, len);
            if (i < 0) return -1;
        } else i++;
    }
    return -1;
}

static int skip_construct(const char *s, int i, int len) {
    char c = s[i];
    if (c == '\'') {
        for (i++; i < len; i++)
            if (s[i] == '\'') return i + 1;
        return -1;
    }
    if (c == '\\') return i + 1 < len && !(s[i + 1] == '\n' && i + 2 >= len) ? i + 2 : -1;
    if (c == '"') {
        for (i++; i < len;) {
            if (s[i] == '"') return i + 1;
            if (s[i] == '\\' || s[i] == '$' || s[i] == '`') {
                i = skip_construct(s, i, len);
                if (i < 0) return -1;
            } else i++;
        }
        return -1;
    }
    if (c == '`') {
        for (i++; i < len; i++) {
            if (s[i] == '\\') i++;
            else if (s[i] == '`') return i + 1;
        }
        return -1;
    }
    if (c == '$') {
        if (i + 1 < len && s[i + 1] == '(') return skip_parens(s, i + 1, len);
        if (i + 1 < len && s[i + 1] == '{') {
            for (i += 2; i < len;) {
                if (s[i] == '}') return i + 1;
                if (s[i] == '\'' || s[i] == '"' || s[i] == '\\' || s[i] == '`' || s[i] == '$') {
                    i = skip_construct(s, i, len);
                    if (i < 0) return -1;
                } else i++;
            }
            return -1;
        }
        return i + 1;
    }
    return i + 1;
}

static void parse_fail(struct parser *p, int result) {
    p->result = result;
    longjmp(p->fail, 1);
}
static void syntax_error(struct parser *p, const struct token *t) {
    const char *what;
    char buf[64];
    switch (t->type) {
    case T_EOF: what = "end of file"; break;
    case T_NEWLINE: what = "newline"; break;
    case T_WORD: snprintf(buf, sizeof buf, "%s", t->text); what = buf; break;
    default: snprintf(buf, sizeof buf, "%.*s", t->end - t->start, p->s + t->start); what = buf;
    }
    sh_error("syntax error near unexpected token `%s'", what);
    parse_fail(p, P_ERROR);
}

/* Reads the bodies of pending here-documents: the lines after the newline at p->pos. */
static void read_heredocs(struct parser *p) {
    for (int k = 0; k < p->npending; k++) {
        struct redir *r = p->pending[k];
        struct str body = {0};
        for (;;) {
            if (p->pos >= p->len) parse_fail(p, P_INCOMPLETE);
            int e = p->pos;
            while (e < p->len && p->s[e] != '\n') e++;
            if (e >= p->len) parse_fail(p, P_INCOMPLETE); /* the line is not complete yet */
            const char *line = p->s + p->pos;
            int n = e - p->pos;
            if (r->strip_tabs)
                while (n > 0 && *line == '\t') line++, n--;
            p->pos = e + 1;
            if ((size_t)n == strlen(r->delim) && memcmp(line, r->delim, (size_t)n) == 0) break;
            str_addn(&body, line, (size_t)n);
            str_addc(&body, '\n');
        }
        if (!body.s) str_adds(&body, "");
        r->word = str_take(&body);
    }
    p->npending = 0;
}

static void lex(struct parser *p, struct token *t) {
    const char *s = p->s;
    for (;;) { /* blanks, comments and backslash-newline */
        if (p->pos < p->len && (s[p->pos] == ' ' || s[p->pos] == '\t')) p->pos++;
        else if (p->pos + 1 < p->len && s[p->pos] == '\\' && s[p->pos + 1] == '\n') {
            p->pos += 2;
            if (p->pos >= p->len) parse_fail(p, P_INCOMPLETE);
        } else if (p->pos < p->len && s[p->pos] == '#') {
            while (p->pos < p->len && s[p->pos] != '\n') p->pos++;
        } else break;
    }
    t->start = p->pos;
    t->text = NULL;
    t->fd = -1;
    if (p->pos >= p->len) {
        t->type = T_EOF;
        t->end = p->pos;
        return;
    }
    char c = s[p->pos];
    char d = p->pos + 1 < p->len ? s[p->pos + 1] : 0;
    int i = p->pos;
    if (c >= '0' && c <= '9') { /* an IO number: digits directly followed by < or > */
        int j = i;
        while (j < p->len && s[j] >= '0' && s[j] <= '9') j++;
        if (j < p->len && (s[j] == '<' || s[j] == '>') && j - i < 4) {
            t->fd = atoi(s + i);
            i = j;
            c = s[i];
            d = i + 1 < p->len ? s[i + 1] : 0;
        }
    }
    t->type = T_REDIR;
    if (c == '<') {
        if (d == '&') t->op = R_DUPIN, i += 2;
        else if (d == '>') t->op = R_RDWR, i += 2;
        else if (d == '<') {
            t->op = R_HEREDOC;
            i += 2;
            if (i < p->len && s[i] == '-') t->op = R_HEREDOC | 0x100, i++;
        } else t->op = R_IN, i++;
        p->pos = t->end = i;
        return;
    }
    if (c == '>') {
        if (d == '>') t->op = R_APPEND, i += 2;
        else if (d == '&') t->op = R_DUPOUT, i += 2;
        else if (d == '|') t->op = R_CLOBBER, i += 2;
        else t->op = R_OUT, i++;
        p->pos = t->end = i;
        return;
    }
    p->pos = i;
    switch (c) {
    case '\n':
        t->type = T_NEWLINE;
        p->pos++;
        t->end = p->pos;
        if (p->npending) read_heredocs(p);
        return;
    case ';': t->type = d == ';' ? T_DSEMI : T_SEMI; break;
    case '&': t->type = d == '&' ? T_AND : T_AMP; break;
    case '|': t->type = d == '|' ? T_OR : T_PIPE; break;
    case '(': t->type = T_LPAREN; break;
    case ')': t->type = T_RPAREN; break;
    default: t->type = T_WORD;
    }
    if (t->type != T_WORD) {
        p->pos += (t->type == T_DSEMI || t->type == T_AND || t->type == T_OR) ? 2 : 1;
        t->end = p->pos;
        return;
    }
    while (i < p->len) {
        c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
            c == '(' || c == ')')
            break;
        if (c == '\'' || c == '"' || c == '\\' || c == '`' || c == '$') {
            i = skip_construct(s, i, p->len);
            if (i < 0) parse_fail(p, P_INCOMPLETE);
        } else i++;
    }
    t->text = xstrndup(s + p->pos, (size_t)(i - p->pos));
    p->pos = t->end = i;
}

static struct token *peek(struct parser *p) {
    if (!p->have) {
        lex(p, &p->tok);
        p->have = 1;
    }
    return &p->tok;
}
static struct token next(struct parser *p) {
    peek(p);
    p->have = 0;
    p->last_end = p->tok.end;
    return p->tok;
}
static int peek_word(struct parser *p, const char *w) {
    struct token *t = peek(p);
    return t->type == T_WORD && strcmp(t->text, w) == 0;
}
static void skip_newlines(struct parser *p) {
    while (peek(p)->type == T_NEWLINE) next(p);
}
static void expect_word(struct parser *p, const char *w) {
    struct token *t = peek(p);
    if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
    if (!peek_word(p, w)) syntax_error(p, t);
    next(p);
}
#endif
