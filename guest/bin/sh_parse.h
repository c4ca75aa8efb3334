/* sh_parse.h: the tokenizer and the recursive-descent parser of the shell language (a subset of
 * POSIX sh, "Shell Command Language", XCU 2). Words are kept as raw source text, quotes included:
 * expansion happens when a command runs (sh_expand.h).
 *
 * The reader calls parse_program() on everything read so far; P_INCOMPLETE means "the text ends
 * inside a quote, after |, && or ||, inside if/while/for/case/{ or before a here-document's
 * delimiter": the reader appends the next line (prompt PS2) and parses again from the start. */
#ifndef SH_PARSE_H
#define SH_PARSE_H
#include "sh_lex.h"

static struct node *mknode(int type) {
    struct node *n = xmalloc(sizeof *n);
    memset(n, 0, sizeof *n);
    n->type = type;
    return n;
}
static int is_stop_word(const char *w) {
    static const char *const stops[] = {"then", "else", "elif", "fi", "do", "done", "esac", "}", NULL};
    for (int i = 0; stops[i]; i++)
        if (strcmp(w, stops[i]) == 0) return 1;
    return 0;
}

static struct node *parse_list(struct parser *p);
static struct node *parse_command(struct parser *p);

/* The list inside a compound command: may not be empty ("if then" is an error). */
static struct node *parse_body(struct parser *p) {
    struct node *n = parse_list(p);
    if (!n) {
        struct token *t = peek(p);
        if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
        syntax_error(p, t);
    }
    return n;
}

static void parse_redirection(struct parser *p, struct redir ***tail) {
    struct token op = next(p);
    struct token *w = peek(p);
    if (w->type == T_EOF) parse_fail(p, P_INCOMPLETE);
    if (w->type != T_WORD) syntax_error(p, w);
    struct token word = next(p);
    struct redir *r = xmalloc(sizeof *r);
    memset(r, 0, sizeof *r);
    r->op = op.op & 0xff;
    r->fd = op.fd;
    if (r->fd < 0) r->fd = (r->op == R_IN || r->op == R_DUPIN || r->op == R_RDWR || r->op == R_HEREDOC) ? 0 : 1;
    if (r->op == R_HEREDOC) {
        /* the delimiter with quote removal; any quoting means a literal body */
        struct str d = {0};
        for (const char *c = word.text; *c; c++) {
            if (*c == '\'' || *c == '"') r->quoted = 1;
            else if (*c == '\\' && c[1]) r->quoted = 1, str_addc(&d, *++c);
            else str_addc(&d, *c);
        }
        if (!d.s) str_adds(&d, "");
        r->delim = str_take(&d);
        r->strip_tabs = (op.op & 0x100) != 0;
        if (p->npending == 16) {
            sh_error("too many here-documents on one line");
            parse_fail(p, P_ERROR);
        }
        p->pending[p->npending++] = r;
    } else r->word = word.text;
    **tail = r;
    *tail = &r->next;
}

static char *source_text(struct parser *p, int start) {
    int end = p->last_end;
    while (end > start && (p->s[end - 1] == '\n' || p->s[end - 1] == ' ')) end--;
    return xstrndup(p->s + start, (size_t)(end > start ? end - start : 0));
}

/* A function definition starts "NAME ( )": looks ahead in the raw text past the name. */
static int looks_like_funcdef(struct parser *p, const struct token *t) {
    if (!is_name_start((unsigned char)t->text[0])) return 0;
    for (const char *c = t->text; *c; c++)
        if (!is_name_char((unsigned char)*c)) return 0;
    int i = t->end;
    while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t')) i++;
    if (i >= p->len || p->s[i] != '(') return 0;
    i++;
    while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t')) i++;
    return i < p->len && p->s[i] == ')';
}

/* If the word t (a command name) is an alias, replaces it in the text by its value and
 * returns 1: the caller reads tokens again from there. An alias is not substituted again inside
 * its own replacement (so alias ls='ls -F' ends). */
static int substitute_alias(struct parser *p, const struct token *t) {
    if (t->type != T_WORD || !naliases) return 0;
    const char *value = alias_get(t->text);
    if (!value || p->nactive == 16) return 0;
    for (int i = 0; i < p->nactive; i++)
        if (strcmp(p->active[i].name, t->text) == 0 && p->active[i].end > t->start) return 0;
    int vl = (int)strlen(value), delta = vl - (t->end - t->start);
    char *ns = xmalloc((size_t)(p->len + delta + 1));
    memcpy(ns, p->s, (size_t)t->start);
    memcpy(ns + t->start, value, (size_t)vl);
    memcpy(ns + t->start + vl, p->s + t->end, (size_t)(p->len - t->end));
    ns[p->len + delta] = 0;
    for (int i = 0; i < p->nactive; i++)
        if (p->active[i].end >= t->end) p->active[i].end += delta;
    p->active[p->nactive].name = xstrdup(t->text);
    p->active[p->nactive].end = t->start + vl;
    p->nactive++;
    free(p->owned);
    p->owned = ns;
    p->s = ns;
    p->len += delta;
    p->pos = t->start;
    p->have = 0;
    return 1;
}

static struct node *parse_simple(struct parser *p) {
    struct node *n = mknode(N_CMD);
    struct redir **tail = &n->redirs;
    for (;;) {
        struct token *t = peek(p);
        if (t->type == T_REDIR) parse_redirection(p, &tail);
        else if (t->type == T_WORD) {
            if (n->words.n == 0 && !assignment_name_len(t->text) && substitute_alias(p, t)) continue;
            struct token w = next(p);
            if (n->words.n == 0 && assignment_name_len(w.text)) strv_add(&n->assigns, w.text);
            else strv_add(&n->words, w.text);
        } else break;
    }
    if (!n->words.n && !n->assigns.n && !n->redirs) syntax_error(p, peek(p));
    return n;
}

static struct node *parse_if(struct parser *p) { /* after "if" or "elif" */
    struct node *n = mknode(N_IF);
    n->a = parse_body(p);
    expect_word(p, "then");
    n->b = parse_body(p);
    if (peek_word(p, "elif")) {
        next(p);
        n->c = parse_if(p);
        return n; /* the inner if consumed the "fi" */
    }
    if (peek_word(p, "else")) {
        next(p);
        n->c = parse_body(p);
    }
    expect_word(p, "fi");
    return n;
}

static struct node *parse_case(struct parser *p) {
    struct node *n = mknode(N_CASE);
    struct token *t = peek(p);
    if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
    if (t->type != T_WORD) syntax_error(p, t);
    n->name = next(p).text;
    skip_newlines(p);
    expect_word(p, "in");
    skip_newlines(p);
    for (;;) {
        t = peek(p);
        if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
        if (peek_word(p, "esac")) {
            next(p);
            break;
        }
        struct node *item = mknode(N_CASEITEM);
        if (t->type == T_LPAREN) next(p);
        for (;;) {
            t = peek(p);
            if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
            if (t->type != T_WORD) syntax_error(p, t);
            strv_add(&item->words, next(p).text);
            if (peek(p)->type == T_PIPE) next(p);
            else break;
        }
        t = peek(p);
        if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
        if (t->type != T_RPAREN) syntax_error(p, t);
        next(p);
        item->a = parse_list(p);
        n->kids = xrealloc(n->kids, sizeof(struct node *) * (size_t)(n->nkids + 1));
        n->kids[n->nkids++] = item;
        t = peek(p);
        if (t->type == T_DSEMI) {
            next(p);
            skip_newlines(p);
        } else if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
        else if (!peek_word(p, "esac")) syntax_error(p, t);
    }
    return n;
}

static struct node *parse_command(struct parser *p) {
    struct token *t = peek(p);
    struct node *n = NULL;
    if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
    if (t->type == T_LPAREN) {
        next(p);
        n = mknode(N_SUBSHELL);
        n->a = parse_body(p);
        t = peek(p);
        if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
        if (t->type != T_RPAREN) syntax_error(p, t);
        next(p);
    } else if (t->type == T_WORD) {
        if (substitute_alias(p, t)) return parse_command(p);
        if (is_stop_word(t->text)) syntax_error(p, t);
        if (strcmp(t->text, "if") == 0) {
            next(p);
            n = parse_if(p);
        } else if (strcmp(t->text, "while") == 0 || strcmp(t->text, "until") == 0) {
            n = mknode(t->text[0] == 'w' ? N_WHILE : N_UNTIL);
            next(p);
            n->a = parse_body(p);
            expect_word(p, "do");
            n->b = parse_body(p);
            expect_word(p, "done");
        } else if (strcmp(t->text, "for") == 0) {
            next(p);
            n = mknode(N_FOR);
            t = peek(p);
            if (t->type == T_EOF) parse_fail(p, P_INCOMPLETE);
            if (t->type != T_WORD || assignment_name_len(t->text) || !is_name_start((unsigned char)t->text[0]))
                syntax_error(p, t);
            n->name = next(p).text;
            skip_newlines(p);
            if (peek_word(p, "in")) {
                next(p);
                n->for_in = 1;
                while (peek(p)->type == T_WORD) strv_add(&n->words, next(p).text);
            }
            t = peek(p);
            if (t->type == T_SEMI) next(p);
            skip_newlines(p);
            expect_word(p, "do");
            n->b = parse_body(p);
            expect_word(p, "done");
        } else if (strcmp(t->text, "case") == 0) {
            next(p);
            n = parse_case(p);
        } else if (strcmp(t->text, "{") == 0) {
            next(p);
            n = mknode(N_GROUP);
            n->a = parse_body(p);
            expect_word(p, "}");
        } else if (looks_like_funcdef(p, t)) {
            n = mknode(N_FUNC);
            n->name = next(p).text;
            next(p); /* ( */
            next(p); /* ) */
            skip_newlines(p);
            n->a = parse_command(p);
            return n;
        }
    } else if (t->type != T_REDIR) syntax_error(p, t);
    if (!n) return parse_simple(p);
    struct redir **tail = &n->redirs;
    while (peek(p)->type == T_REDIR) parse_redirection(p, &tail);
    return n;
}

static struct node *parse_pipeline(struct parser *p) {
    int start = peek(p)->start;
    int negate = 0, timed = 0;
    if (peek_word(p, "time")) { /* the bash/ksh reserved word: times the whole pipeline */
        next(p);
        timed = 1;
    }
    if (peek_word(p, "!")) {
        next(p);
        negate = 1;
    }
    struct node *first = parse_command(p), *n = first;
    if (peek(p)->type == T_PIPE) {
        n = mknode(N_PIPE);
        n->kids = xmalloc(sizeof(struct node *));
        n->kids[n->nkids++] = first;
        while (peek(p)->type == T_PIPE) {
            next(p);
            skip_newlines(p);
            n->kids = xrealloc(n->kids, sizeof(struct node *) * (size_t)(n->nkids + 1));
            n->kids[n->nkids++] = parse_command(p);
        }
    }
    n->text = source_text(p, start);
    if (negate) {
        struct node *neg = mknode(N_NOT);
        neg->a = n;
        neg->text = n->text;
        n = neg;
    }
    if (timed) {
        struct node *t = mknode(N_TIME);
        t->a = n;
        t->text = n->text;
        n = t;
    }
    return n;
}

static struct node *parse_and_or(struct parser *p) {
    int start = peek(p)->start;
    struct node *left = parse_pipeline(p);
    for (;;) {
        int type = peek(p)->type;
        if (type != T_AND && type != T_OR) break;
        next(p);
        skip_newlines(p);
        struct node *n = mknode(type == T_AND ? N_AND : N_OR);
        n->a = left;
        n->b = parse_pipeline(p);
        n->text = source_text(p, start);
        left = n;
    }
    return left;
}

static struct node *parse_list(struct parser *p) {
    struct node *head = NULL, **tail = &head;
    skip_newlines(p);
    for (;;) {
        struct token *t = peek(p);
        if (t->type == T_EOF || t->type == T_RPAREN || t->type == T_DSEMI) break;
        if (t->type == T_WORD && is_stop_word(t->text)) break;
        struct node *item = parse_and_or(p);
        t = peek(p);
        if (t->type == T_AMP) {
            next(p);
            struct node *bg = mknode(N_BG);
            bg->a = item;
            bg->text = item->text;
            item = bg;
        } else if (t->type == T_SEMI || t->type == T_NEWLINE) next(p);
        else if (t->type != T_EOF && t->type != T_RPAREN && t->type != T_DSEMI &&
                 !(t->type == T_WORD && is_stop_word(t->text)))
            syntax_error(p, t);
        skip_newlines(p);
        struct node *seq = mknode(N_SEQ);
        seq->a = item;
        *tail = seq;
        tail = &seq->b;
    }
    return head;
}

/* Parses all of s[0..len). On P_OK *out is the list (NULL for an empty one). */
static int parse_program(const char *s, int len, struct node **out) {
    struct parser *p = xmalloc(sizeof *p);
    memset(p, 0, sizeof *p);
    p->s = s;
    p->len = len;
    int result = P_OK;
    if (setjmp(p->fail) == 0) {
        *out = parse_list(p);
        struct token *t = peek(p);
        if (t->type != T_EOF) syntax_error(p, t);
        if (p->npending) parse_fail(p, P_INCOMPLETE); /* "cat <<EOF" at the very end */
    } else result = p->result;
    free(p->owned); /* the tree holds copies */
    for (int i = 0; i < p->nactive; i++) free(p->active[i].name);
    free(p);
    return result;
}
#endif
