/* sh_edit.h: the prompt (PS1 escapes) and the line editor used when the shell reads from a
 * terminal: the terminal goes to raw mode (termios(3): no ICANON, ECHO, ISIG) only while a line
 * is being edited and is restored before the command runs. Keys: left/right arrows, Home/End,
 * Ctrl-A/E/B/F, Backspace, Delete, Ctrl-U/K/W, up/down (Ctrl-P/N) history, Ctrl-L, Ctrl-C
 * (cancel the line), Ctrl-D (end of input at an empty line, else delete). */
#ifndef SH_EDIT_H
#define SH_EDIT_H
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <termios.h>
#include "sh_exec.h"

#define HISTORY_MAX 500
static char *history[HISTORY_MAX];
static int nhistory;

static void history_add(const char *line) {
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' ')) n--;
    if (n == 0) return;
    if (nhistory && strlen(history[nhistory - 1]) == n && memcmp(history[nhistory - 1], line, n) == 0) return;
    if (nhistory == HISTORY_MAX) {
        free(history[0]);
        memmove(history, history + 1, sizeof(char *) * (HISTORY_MAX - 1));
        nhistory--;
    }
    history[nhistory++] = xstrndup(line, n);
}

/* PS1 with its backslash escapes: \u user, \h host, \w cwd (~ for $HOME), \W its last part,
 * \$ "#" for root else "$", \n newline, \\ backslash. */
static char *prompt_expand(const char *ps) {
    struct str out = {0};
    for (const char *c = ps; *c; c++) {
        if (*c != '\\' || !c[1]) {
            str_addc(&out, *c);
            continue;
        }
        c++;
        switch (*c) {
        case 'u': {
            const char *user = var_get("USER");
            char *name = user ? NULL : passwd_field(NULL, geteuid(), 0);
            str_adds(&out, user ? user : name ? name : "?");
            free(name);
            break;
        }
        case 'h':
        case 'H': {
            struct utsname u;
            if (uname(&u) == 0) {
                char *dot = *c == 'h' ? strchr(u.nodename, '.') : NULL;
                if (dot) *dot = 0;
                str_adds(&out, u.nodename);
            }
            break;
        }
        case 'w':
        case 'W': {
            char cwd[4096];
            if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
            const char *home = var_get("HOME");
            size_t hl = home ? strlen(home) : 0;
            if (*c == 'W') {
                char *slash = strrchr(cwd, '/');
                if (home && strcmp(cwd, home) == 0) str_adds(&out, "~");
                else str_adds(&out, slash && slash[1] ? slash + 1 : cwd);
            } else if (home && hl > 1 && strncmp(cwd, home, hl) == 0 && (cwd[hl] == 0 || cwd[hl] == '/')) {
                str_addc(&out, '~');
                str_adds(&out, cwd + hl);
            } else str_adds(&out, cwd);
            break;
        }
        case '$': str_addc(&out, geteuid() == 0 ? '#' : '$'); break;
        case 'n': str_addc(&out, '\n'); break;
        case '\\': str_addc(&out, '\\'); break;
        default: str_addc(&out, '\\'), str_addc(&out, *c);
        }
    }
    if (!out.s) str_adds(&out, "");
    return str_take(&out);
}

static int edit_pushed = -1; /* a byte given back by edit_search, read again first */
static int edit_byte(unsigned char *c) {
    if (edit_pushed >= 0) {
        *c = (unsigned char)edit_pushed;
        edit_pushed = -1;
        return 1;
    }
    for (;;) {
        ssize_t r = read(0, c, 1);
        if (r == 1) return 1;
        if (r < 0 && errno == EINTR) { /* SIGCHLD (see sigchld_watch): reap, keep reading */
            jobs_reap();
            continue;
        }
        return 0;
    }
}

/* What is on the screen, for redrawing a line that may wrap over several rows (the
 * "multi-line" refresh of linenoise): the prompt's last line, its width, the terminal's width,
 * where the cursor was and how many rows the line has used. */
struct edit_view {
    const char *prompt; /* the last line of the prompt */
    size_t plen, cols, oldpos, maxrows;
};

/* Columns a string takes: escape sequences take none, UTF-8 continuation bytes none. */
static size_t visible_width(const char *s, size_t n) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 27 && i + 1 < n && s[i + 1] == '[') {
            i += 2;
            while (i < n && !((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) i++;
        } else if ((c & 0xc0) != 0x80 && c >= 32) w++;
    }
    return w;
}

static void edit_view_init(struct edit_view *v, const char *prompt) {
    const char *last = strrchr(prompt, '\n');
    v->prompt = last ? last + 1 : prompt;
    v->plen = visible_width(v->prompt, strlen(v->prompt));
    struct winsize ws;
    v->cols = ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
    v->oldpos = 0;
    v->maxrows = 0;
}

static void edit_redraw(struct edit_view *v, const struct str *b, size_t pos) {
    struct str o = {0};
    char seq[32];
    size_t cols = v->cols, plen = v->plen, len = b->len;
    size_t rows = (plen + len + cols - 1) / cols;
    if (rows == 0) rows = 1;
    size_t rpos = (plen + v->oldpos + cols) / cols;
    size_t old_rows = v->maxrows;
    if (rows > v->maxrows) v->maxrows = rows;
    if (old_rows > rpos) snprintf(seq, sizeof seq, "\x1b[%zuB", old_rows - rpos), str_adds(&o, seq);
    for (size_t j = 0; j + 1 < old_rows; j++) str_adds(&o, "\r\x1b[0K\x1b[1A");
    str_adds(&o, "\r\x1b[0K");
    str_adds(&o, v->prompt);
    if (len) str_addn(&o, b->s, len);
    if (pos && pos == len && (pos + plen) % cols == 0) { /* the cursor wraps to a new row */
        str_adds(&o, "\n\r");
        rows++;
        if (rows > v->maxrows) v->maxrows = rows;
    }
    size_t rpos2 = (plen + pos + cols) / cols;
    if (rows > rpos2) snprintf(seq, sizeof seq, "\x1b[%zuA", rows - rpos2), str_adds(&o, seq);
    size_t col = (plen + pos) % cols;
    if (col) snprintf(seq, sizeof seq, "\r\x1b[%zuC", col), str_adds(&o, seq);
    else str_adds(&o, "\r");
    v->oldpos = pos;
    write_all(2, o.s, o.len);
    free(o.s);
}

static void edit_set(struct str *b, size_t *pos, const char *s) {
    b->len = 0;
    str_adds(b, s ? s : "");
    *pos = b->len;
}

/* Ctrl-R: incremental search backwards through the history, shown as bash does
 * ("(reverse-i-search)`QUERY': MATCH"). Typing extends the query, Ctrl-R finds an older match,
 * Backspace shortens the query; Enter runs the match (returns 1), Ctrl-G or Ctrl-C gives back
 * the line as it was (returns -1), any other key keeps the match for editing and is then handled
 * as usual (returns 0). */
static int edit_search(struct edit_view *v, const char *prompt, struct str *b, size_t *pos) {
    char *original = xstrdup(b->s);
    struct str q = {0};
    str_adds(&q, "");
    int at = nhistory; /* the match is history[at]; nhistory = none yet */
    int result = 0;
    for (;;) {
        struct str sp = {0};
        str_adds(&sp, at < nhistory || !q.len ? "(reverse-i-search)`" : "(failed reverse-i-search)`");
        str_adds(&sp, q.s);
        str_adds(&sp, "': ");
        v->prompt = sp.s;
        v->plen = visible_width(sp.s, sp.len);
        edit_redraw(v, b, *pos);
        free(sp.s);
        unsigned char c;
        if (!edit_byte(&c)) { result = -1; break; }
        int from = -1;
        if (c == 18) from = at - 1; /* Ctrl-R: an older one */
        else if (c == 127 || c == 8) {
            if (q.len) q.s[--q.len] = 0;
            from = nhistory - 1;
        } else if (c >= 32 && c != 127) {
            str_addc(&q, (char)c);
            from = at < nhistory ? at : nhistory - 1;
        } else if (c == 7 || c == 3) { result = -1; break; }
        else if (c == '\r' || c == '\n') { result = 1; break; }
        else { /* keep the match and let the editor handle the key (arrows, Ctrl-A...) */
            edit_pushed = c;
            break;
        }
        for (int k = from; k >= 0 && q.len; k--) {
            if (strstr(history[k], q.s)) {
                at = k;
                edit_set(b, pos, history[k]);
                *pos = (size_t)(strstr(history[k], q.s) - history[k]);
                break;
            }
            if (k == 0) at = nhistory; /* no (older) match: keep showing the last one */
        }
    }
    if (result < 0) edit_set(b, pos, original);
    free(original);
    free(q.s);
    edit_view_init(v, prompt); /* the real prompt again; the rows drawn so far stay counted */
    return result;
}

/* Tab completion: the candidates for the word before the cursor. The first word of a line
 * completes to builtins and programs on $PATH, any other word (or one containing '/') to file
 * names; directories get a '/'. */
static void complete_add(struct strv *m, const char *name, int is_dir) {
    for (int i = 0; i < m->n; i++) /* a program in two PATH directories once */
        if (strncmp(m->v[i], name, strlen(name)) == 0 && (m->v[i][strlen(name)] == 0 || m->v[i][strlen(name)] == '/'))
            return;
    struct str s = {0};
    str_adds(&s, name);
    if (is_dir) str_addc(&s, '/');
    strv_add(m, str_take(&s));
}
static void complete_dir(struct strv *m, const char *dir, const char *prefix, int only_exec) {
    DIR *d = opendir(*dir ? dir : ".");
    if (!d) return;
    struct dirent *e;
    size_t pl = strlen(prefix);
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, prefix, pl) != 0) continue;
        if (e->d_name[0] == '.' && prefix[0] != '.') continue;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        struct str path = {0};
        str_adds(&path, *dir ? dir : ".");
        str_addc(&path, '/');
        str_adds(&path, e->d_name);
        struct stat st;
        int is_dir = stat(path.s, &st) == 0 && S_ISDIR(st.st_mode);
        if (!only_exec || (!is_dir && access(path.s, X_OK) == 0)) complete_add(m, e->d_name, only_exec ? 0 : is_dir);
        free(path.s);
    }
    closedir(d);
}
static int complete_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const struct builtin *builtin_find(const char *name);
static const struct builtin builtins[];

/* Completes the word before pos in b; may print the candidates. Returns 1 if it printed. */
static int edit_complete(struct str *b, size_t *pos) {
    size_t start = *pos;
    while (start > 0 && b->s[start - 1] != ' ' && b->s[start - 1] != '\t') start--;
    int first = 1;
    for (size_t k = 0; k < start; k++)
        if (b->s[k] != ' ' && b->s[k] != '\t') first = 0;
    char *word = xstrndup(b->s + start, *pos - start);
    struct strv m = {0};
    char *slash = strrchr(word, '/');
    const char *prefix = word;
    if (first && !slash) {
        for (int i = 0; builtins[i].name; i++)
            if (strncmp(builtins[i].name, word, strlen(word)) == 0) complete_add(&m, builtins[i].name, 0);
        const char *path = var_get("PATH");
        char *copy = xstrdup(path ? path : default_path);
        for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
            complete_dir(&m, dir, word, 1);
        free(copy);
    } else {
        char *dir = slash ? xstrndup(word, (size_t)(slash - word + (slash == word))) : xstrdup("");
        prefix = slash ? slash + 1 : word;
        complete_dir(&m, dir, prefix, 0);
        free(dir);
    }
    int printed = 0;
    if (m.n > 0) {
        size_t common = strlen(m.v[0]);
        for (int i = 1; i < m.n; i++) {
            size_t k = 0;
            while (k < common && m.v[i][k] == m.v[0][k]) k++;
            common = k;
        }
        size_t have = strlen(prefix);
        struct str ins = {0};
        if (common > have) str_addn(&ins, m.v[0] + have, common - have);
        if (m.n == 1 && m.v[0][common - 1] != '/') str_addc(&ins, ' ');
        if (ins.len) {
            str_grow(b, ins.len);
            memmove(b->s + *pos + ins.len, b->s + *pos, b->len - *pos + 1);
            memcpy(b->s + *pos, ins.s, ins.len);
            b->len += ins.len;
            *pos += ins.len;
        } else if (m.n > 1) { /* nothing to add: show the candidates */
            qsort(m.v, (size_t)m.n, sizeof(char *), complete_cmp);
            struct str out = {0};
            str_adds(&out, "\r\n");
            for (int i = 0; i < m.n; i++) {
                str_adds(&out, m.v[i]);
                str_adds(&out, i + 1 < m.n ? "  " : "\r\n");
            }
            write_all(2, out.s, out.len);
            free(out.s);
            printed = 1;
        }
        free(ins.s);
    }
    strv_free(&m);
    free(word);
    return printed;
}

/* Reads one line with editing. Returns it with its newline; "" when Ctrl-C cancelled it; NULL at
 * end of input; (char *)-1 if fd 0 is not a terminal after all (the caller reads plainly). */
static char *edit_line(const char *prompt) {
    struct termios orig, raw;
    if (tcgetattr(0, &orig) < 0) return (char *)-1;
    raw = orig;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IXON);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(0, TCSADRAIN, &raw) < 0) return (char *)-1;
    fdputs(2, prompt);
    struct edit_view view;
    edit_view_init(&view, prompt);
    struct str b = {0};
    str_adds(&b, "");
    size_t pos = 0;
    int hidx = nhistory;
    char *saved = NULL; /* the line being typed, while browsing history */
    char *result = NULL;
    for (;;) {
        unsigned char c;
        if (!edit_byte(&c)) {
            if (b.len == 0) break;
            c = '\n';
        }
        if (c == '\r' || c == '\n') {
            pos = b.len;
            edit_redraw(&view, &b, pos);
            fdputs(2, "\r\n");
            str_addc(&b, '\n');
            result = str_take(&b);
            break;
        }
        if (c == 3) { /* Ctrl-C */
            fdputs(2, "^C\r\n");
            result = xstrdup("");
            break;
        }
        if (c == 4) { /* Ctrl-D */
            if (b.len == 0) {
                fdputs(2, "\r\n");
                break;
            }
            if (pos < b.len) memmove(b.s + pos, b.s + pos + 1, b.len - pos), b.len--;
        } else if (c == 127 || c == 8) {
            if (pos > 0) {
                memmove(b.s + pos - 1, b.s + pos, b.len - pos + 1);
                b.len--, pos--;
            }
        } else if (c == 1) pos = 0;
        else if (c == 5) pos = b.len;
        else if (c == 2) { if (pos > 0) pos--; }
        else if (c == 6) { if (pos < b.len) pos++; }
        else if (c == 21) { /* Ctrl-U: kill to the start */
            memmove(b.s, b.s + pos, b.len - pos + 1);
            b.len -= pos;
            pos = 0;
        } else if (c == 11) { /* Ctrl-K: kill to the end */
            b.len = pos;
            b.s[pos] = 0;
        } else if (c == 23) { /* Ctrl-W: kill the word before the cursor */
            size_t s = pos;
            while (s > 0 && b.s[s - 1] == ' ') s--;
            while (s > 0 && b.s[s - 1] != ' ') s--;
            memmove(b.s + s, b.s + pos, b.len - pos + 1);
            b.len -= pos - s;
            pos = s;
        } else if (c == 12) { /* Ctrl-L */
            fdputs(2, "\x1b[H\x1b[2J");
            const char *last = strrchr(prompt, '\n');
            if (last) write_all(2, prompt, (size_t)(last - prompt + 1));
            edit_view_init(&view, prompt);
        } else if (c == 16 || c == 14) { /* Ctrl-P / Ctrl-N */
            goto history_move;
        } else if (c == 18) { /* Ctrl-R */
            size_t rows = view.maxrows, old = view.oldpos;
            int r = edit_search(&view, prompt, &b, &pos);
            view.maxrows = rows > view.maxrows ? rows : view.maxrows;
            view.oldpos = old;
            if (r == 1) {
                pos = b.len;
                edit_redraw(&view, &b, pos);
                fdputs(2, "\r\n");
                str_addc(&b, '\n');
                result = str_take(&b);
                break;
            }
        } else if (c == 27) {
            unsigned char s1, s2;
            if (!edit_byte(&s1)) continue;
            if (s1 != '[' && s1 != 'O') continue;
            if (!edit_byte(&s2)) continue;
            int num = 0;
            while (s2 >= '0' && s2 <= '9') {
                num = num * 10 + (s2 - '0');
                if (!edit_byte(&s2)) break;
            }
            if (s2 == 'A') c = 16;
            else if (s2 == 'B') c = 14;
            else if (s2 == 'C') { if (pos < b.len) pos++; }
            else if (s2 == 'D') { if (pos > 0) pos--; }
            else if (s2 == 'H' || (s2 == '~' && (num == 1 || num == 7))) pos = 0;
            else if (s2 == 'F' || (s2 == '~' && (num == 4 || num == 8))) pos = b.len;
            else if (s2 == '~' && num == 3 && pos < b.len) {
                memmove(b.s + pos, b.s + pos + 1, b.len - pos);
                b.len--;
            }
            if (c == 16 || c == 14) goto history_move;
        } else if (c == '\t') {
            if (edit_complete(&b, &pos)) fdputs(2, prompt), edit_view_init(&view, prompt);
        } else if (c >= 32) {
            str_addc(&b, 0);
            memmove(b.s + pos + 1, b.s + pos, b.len - pos - 1);
            b.s[pos++] = (char)c;
            b.s[b.len] = 0;
        }
        edit_redraw(&view, &b, pos);
        continue;
    history_move:
        if (c == 16 && hidx > 0) {
            if (hidx == nhistory) {
                free(saved);
                saved = xstrdup(b.s);
            }
            edit_set(&b, &pos, history[--hidx]);
        } else if (c == 14 && hidx < nhistory) {
            hidx++;
            edit_set(&b, &pos, hidx == nhistory ? saved : history[hidx]);
        }
        edit_redraw(&view, &b, pos);
    }
    free(saved);
    free(b.s);
    tcsetattr(0, TCSADRAIN, &orig);
    return result;
}
#endif
