/* demo: the guided tour of the primer's demos (/usr/share/demo).
 *   demo                 list the demos, grouped by the primer's chapters and sections
 *   demo NAME [ARGS]     run one (fork + exec + wait; its output passes through), then explain
 *                        what happened and which process did what
 *   demo -e NAME         only the explanation          demo NAME --help   the demo's own help
 * The catalogue is data: /usr/share/demo/INDEX (or $DEMO_INDEX), described in its header. On a
 * terminal the list wraps summaries at its width; into a pipe every entry is one line.
 * An entry marked "server: yes" is an HTTP server (/usr/bin/httpd-*): demo starts it on a free
 * port of 127.0.0.1 with -n N, is its client over N connections opened at once, and waits
 * for it to exit (stopping it with SIGKILL if it does not answer or exit within 10 s).
 * Exit status: the demo's (128+N if a signal N killed it); 2 for an unknown NAME or a bad
 * catalogue. */
#include "tools.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define INDEX_PATH "/usr/share/demo/INDEX"
#define CLIENTS 3
/* How long demo waits for a server to answer or to exit before it gives up and stops it. */
#define SERVER_TIMEOUT_MS 10000

struct chapter {
    char id[32], zh[64], en[96];
};

struct entry {
    char name[64], chapter[32], section[160], summary[320], path[256];
    int server;
    char *explain; /* lines, each ending in '\n', without the two-space indent */
};

static struct chapter chapters[16];
static int nchapters;
static struct entry *entries;
static int nentries;

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = 0;
    return s;
}

static void copy(char *dst, size_t n, const char *src) {
    snprintf(dst, n, "%s", src);
}

/* Reads the catalogue; exits with 2 and a message naming the line if it is malformed. */
static void load(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        warn_("cannot read the demo catalogue %s", path);
        exit(2);
    }
    char line[1024];
    int lineno = 0, in_explain = 0;
    struct entry *e = NULL;
    size_t explain_len = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#') continue;
        if (in_explain && e && line[0] == ' ' && line[1] == ' ') {
            size_t n = strlen(line + 2);
            e->explain = realloc(e->explain, explain_len + n + 2);
            memcpy(e->explain + explain_len, line + 2, n + 1);
            explain_len += n;
            if (n == 0 || e->explain[explain_len - 1] != '\n') {
                e->explain[explain_len++] = '\n';
                e->explain[explain_len] = 0;
            }
            continue;
        }
        in_explain = 0;
        char *s = trim(line);
        if (!*s) {
            e = NULL;
            continue;
        }
        if (!strncmp(s, "chapter ", 8) && !e) {
            if (nchapters == 16) continue;
            struct chapter *c = &chapters[nchapters++];
            char *id = strtok(s + 8, "|"), *zh = strtok(NULL, "|"), *en = strtok(NULL, "|");
            if (!id || !zh || !en) {
                warnx_("%s:%d: a chapter line is: chapter ID | 中文 | English", path, lineno);
                exit(2);
            }
            copy(c->id, sizeof c->id, trim(id));
            copy(c->zh, sizeof c->zh, trim(zh));
            copy(c->en, sizeof c->en, trim(en));
            continue;
        }
        if (!strncmp(s, "demo ", 5)) {
            entries = realloc(entries, (size_t)(nentries + 1) * sizeof *entries);
            e = &entries[nentries++];
            memset(e, 0, sizeof *e);
            copy(e->name, sizeof e->name, trim(s + 5));
            snprintf(e->path, sizeof e->path, "/usr/share/demo/%s", e->name);
            explain_len = 0;
            continue;
        }
        char *colon = strchr(s, ':');
        if (!e || !colon) {
            warnx_("%s:%d: expected \"demo NAME\" or \"key: value\"", path, lineno);
            exit(2);
        }
        *colon = 0;
        char *value = trim(colon + 1);
        if (!strcmp(s, "chapter")) copy(e->chapter, sizeof e->chapter, value);
        else if (!strcmp(s, "section")) copy(e->section, sizeof e->section, value);
        else if (!strcmp(s, "summary")) copy(e->summary, sizeof e->summary, value);
        else if (!strcmp(s, "path")) copy(e->path, sizeof e->path, value);
        else if (!strcmp(s, "server")) e->server = !strcmp(value, "yes");
        else if (!strcmp(s, "explain")) in_explain = 1;
        else {
            warnx_("%s:%d: unknown key '%s'", path, lineno, s);
            exit(2);
        }
    }
    fclose(f);
}

/* The list's width: a terminal's, else unlimited (0), so a pipe gets whole lines. */
static int list_width(void) {
    struct winsize ws;
    return isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 60 ? ws.ws_col : 0;
}

/* "     name   summary", the summary wrapped at width under itself. */
static void list_entry(const struct entry *e, int width) {
    int indent = 5 + 22 + 1;
    printf("     %-22s ", e->name);
    const char *p = e->summary;
    int room = width ? width - indent : 1 << 30;
    while ((int)strlen(p) > room) {
        int cut = room;
        while (cut > 0 && p[cut] != ' ') cut--;
        if (cut == 0) cut = room;
        printf("%.*s\n%*s", cut, p, indent, "");
        p += cut;
        while (*p == ' ') p++;
    }
    printf("%s\n", p);
}

static void list(void) {
    int width = list_width();
    printf("Guided demos of the primer (os-fundamentals.zh.md), by chapter.\n"
           "Run one with: demo NAME   (its own help: demo NAME --help; explanation only: demo -e NAME)\n");
    for (int c = 0; c < nchapters; c++) {
        printf("\n%d. %s · %s\n", c + 1, chapters[c].zh, chapters[c].en);
        const char *section = "";
        for (int i = 0; i < nentries; i++) {
            struct entry *e = &entries[i];
            if (strcmp(e->chapter, chapters[c].id)) continue;
            if (strcmp(e->section, section)) {
                section = e->section;
                printf("   %s\n", section);
            }
            list_entry(e, width);
        }
    }
    int orphans = 0;
    for (int i = 0; i < nentries; i++) {
        int known = 0;
        for (int c = 0; c < nchapters; c++) known |= !strcmp(entries[i].chapter, chapters[c].id);
        if (!known) {
            if (!orphans++) printf("\nOther demos\n");
            list_entry(&entries[i], width);
        }
    }
}

static void explain(const struct entry *e) {
    printf("\nWhat happened (%s):\n", e->name);
    if (!e->explain) {
        printf("  (no explanation in the catalogue; try %s --help)\n", e->path);
        return;
    }
    for (const char *p = e->explain; *p;) {
        const char *nl = strchr(p, '\n');
        printf("  %.*s\n", (int)(nl - p), p);
        p = nl + 1;
    }
}

/* The status as the shell would put it, printed for the reader. */
static int report(const char *path, pid_t pid, int status) {
    if (WIFEXITED(status)) {
        printf("--- %s (pid %d) exited with status %d ---\n", path, (int)pid, WEXITSTATUS(status));
        return WEXITSTATUS(status);
    }
    char name[16];
    printf("--- %s (pid %d) was killed by SIG%s ---\n", path, (int)pid,
           signal_name(WTERMSIG(status), name, sizeof name));
    return 128 + WTERMSIG(status);
}

/* fork + exec; the child gets the default SIGINT/SIGQUIT back (demo ignores them while it
   waits, as system(3) does, so Ctrl-C stops the demo, not the guide). */
static pid_t start(const char *path, char **argv, int out_fd) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        warn_("fork");
        exit(1);
    }
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        if (out_fd >= 0) {
            dup2(out_fd, 1);
            close(out_fd);
        }
        execv(path, argv);
        fprintf(stderr, "demo: cannot run %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    return pid;
}

static int wait_for(pid_t pid) {
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            warn_("waitpid");
            return -1;
        }
    }
    return status;
}

static int run_program(const struct entry *e, int argc, char **argv) {
    char **args = calloc((size_t)argc + 2, sizeof *args);
    args[0] = (char *)e->path;
    for (int i = 0; i < argc; i++) args[i + 1] = argv[i];
    printf("=== demo %s: %s\n", e->name, e->summary);
    printf("--- demo (pid %d) forks a child, which execs %s ---\n", (int)getpid(), e->path);
    pid_t pid = start(e->path, args, -1);
    int status = wait_for(pid);
    free(args);
    if (status < 0) return 1;
    int rc = report(e->path, pid, status);
    explain(e);
    return rc;
}

/* Reads one line from fd into buf (with its '\n'), waiting at most ms for it; its length, 0 at
   end of file or on timeout. Byte by byte, so nothing after the line is taken from the pipe. */
static int read_line(int fd, char *buf, size_t n, int ms) {
    size_t len = 0;
    while (len + 1 < n) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, ms);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0 || read(fd, buf + len, 1) != 1) break;
        if (buf[len++] == '\n') break;
    }
    buf[len] = 0;
    return (int)len;
}

/* waitpid for up to ms; the status, or -1 if the child is still running. */
static int wait_limited(pid_t pid, int ms) {
    for (int waited = 0;; waited += 50) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) return status;
        if (r < 0 && errno != EINTR) return -1;
        if (waited >= ms) return -1;
        struct timespec t = {0, 50000000L};
        nanosleep(&t, NULL);
    }
}

/* One client connection: sends GET / and reads the whole answer (the request asks the
   server to close, so EOF ends it). */
static void client_read(int fd, int k) {
    char buf[4096];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof buf - 1 && (n = read(fd, buf + len, sizeof buf - 1 - len)) > 0) len += (size_t)n;
    buf[len] = 0;
    char *eol = strstr(buf, "\r\n");
    char *body = strstr(buf, "\r\n\r\n");
    if (eol) *eol = 0;
    printf("client: connection %d got \"%s\"", k, len ? buf : "(nothing)");
    if (body) {
        body += 4;
        body[strcspn(body, "\n")] = 0;
        printf(", body: %s", body);
    }
    printf(" (%zu bytes)\n", len);
}

static int run_server(const struct entry *e) {
    printf("=== demo %s: %s\n", e->name, e->summary);
    int out[2];
    if (pipe(out) < 0) {
        warn_("pipe");
        return 1;
    }
    char clients[16];
    snprintf(clients, sizeof clients, "%d", CLIENTS);
    char *args[] = {(char *)e->path, "-p", "0", "-n", clients, NULL};
    printf("--- demo (pid %d) starts the server: %s -p 0 -n %d ---\n", (int)getpid(), e->path, CLIENTS);
    pid_t pid = start(e->path, args, out[1]);
    close(out[1]);
    char line[256];
    int port = 0;
    if (read_line(out[0], line, sizeof line, SERVER_TIMEOUT_MS) > 0) {
        printf("server (pid %d): %s", (int)pid, line);
        sscanf(line, "listening on 127.0.0.1:%d", &port);
    }
    if (!port) {
        printf("demo: the server did not say where it listens within %d s; stopping it\n", SERVER_TIMEOUT_MS / 1000);
        kill(pid, SIGKILL);
        close(out[0]);
        return report(e->path, pid, wait_for(pid));
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fds[CLIENTS];
    struct timeval limit = {SERVER_TIMEOUT_MS / 1000, 0};
    for (int k = 0; k < CLIENTS; k++) {
        fds[k] = socket(AF_INET, SOCK_STREAM, 0);
        if (fds[k] >= 0) setsockopt(fds[k], SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        if (fds[k] < 0 || connect(fds[k], (struct sockaddr *)&sa, sizeof sa) < 0) {
            printf("client: connection %d: %s\n", k + 1, strerror(errno));
            if (fds[k] >= 0) close(fds[k]);
            fds[k] = -1;
        }
    }
    printf("client (demo, pid %d): %d connections open at once; sending GET / on each\n", (int)getpid(), CLIENTS);
    static const char request[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    for (int k = 0; k < CLIENTS; k++)
        if (fds[k] >= 0 && write(fds[k], request, sizeof request - 1) < 0) printf("client: send: %s\n", strerror(errno));
    for (int k = 0; k < CLIENTS; k++) {
        if (fds[k] < 0) continue;
        client_read(fds[k], k + 1);
        close(fds[k]);
    }
    int status = wait_limited(pid, SERVER_TIMEOUT_MS);
    if (status < 0) {
        printf("demo: the server did not exit within %d s after its %d connections; stopping it\n",
               SERVER_TIMEOUT_MS / 1000, CLIENTS);
        kill(pid, SIGKILL);
        status = wait_for(pid);
        if (status < 0) return 1;
    }
    while (read_line(out[0], line, sizeof line, 200) > 0) printf("server: %s", line);
    close(out[0]);
    int rc = report(e->path, pid, status);
    explain(e);
    return rc;
}

int main(int argc, char **argv) {
    tool_init("demo");
    const char *index = getenv("DEMO_INDEX");
    int only_explain = 0, i = 1;
    if (i < argc && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))) {
        puts("Usage: demo              list the guided demos by the primer's chapters\n"
             "       demo NAME [ARGS]  run one, then explain what happened\n"
             "       demo -e NAME      only the explanation\n"
             "The catalogue is " INDEX_PATH " ($DEMO_INDEX overrides).");
        return 0;
    }
    if (i < argc && !strcmp(argv[i], "-e")) {
        only_explain = 1;
        i++;
    }
    load(index ? index : INDEX_PATH);
    if (i >= argc) {
        if (only_explain) {
            warnx_("-e needs a demo NAME");
            return 2;
        }
        list();
        return close_stdout(0);
    }
    const struct entry *e = NULL;
    for (int k = 0; k < nentries; k++)
        if (!strcmp(entries[k].name, argv[i])) e = &entries[k];
    if (!e) {
        warnx_("no demo named '%s' (run demo without arguments for the list)", argv[i]);
        return 2;
    }
    if (only_explain) {
        printf("%s: %s\n", e->name, e->summary);
        explain(e);
        return close_stdout(0);
    }
    if (i + 1 < argc && (!strcmp(argv[i + 1], "--help") || !strcmp(argv[i + 1], "-h"))) {
        fflush(stdout);
        execv(e->path, (char *[]){(char *)e->path, "--help", NULL});
        warn_("cannot run %s", e->path);
        return 127;
    }
    /* Line-buffered even into a pipe, so that demo's lines and the demo's own output (written
       straight to the same descriptor by the child) come out in the order they happen. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    int rc = e->server ? run_server(e) : run_program(e, argc - i - 1, argv + i + 1);
    return close_stdout(rc);
}
