/* pstree: display the process tree from /proc, like psmisc pstree (its ASCII drawing).
 *   pstree [-p] [-n] [-c] [-t] [-T] [PID]
 *   PID: the tree under this process (default 1, or every root if there is no pid 1).
 *   -p: show pids, as name(pid); implies -c. -c: do not compact identical sibling subtrees
 *   into N*[name---child]. -n: sort siblings by pid rather than by name. -T: hide threads (shown as
 *   {name} children of their process, after the child processes, named after the process
 *   unless -t).
 * Exit status 1 if PID does not exist. */
#include "tools.h"

static const char USAGE[] =
    "Usage: pstree [-c] [-n] [-p] [-t] [-T] [PID]\n"
    "Display a tree of processes.\n"
    "\n"
    "  -c, --compact-not   don't compact identical subtrees\n"
    "  -n, --numeric-sort  sort output by PID\n"
    "  -p, --show-pids     show PIDs; implies -c\n"
    "  -t, --thread-names  show full thread names\n"
    "  -T, --hide-threads  hide threads, show only processes\n"
    "      --help          display this help and exit\n"
    "\n"
    "  PID    start at this PID; default is 1 (init)\n";

struct node {
    int pid, ppid;
    int thread;        /* a thread of its parent node, not a process */
    char name[72];
    struct node **kids;
    int nkids;
};

static struct node *nodes;
static int nnodes;
static int show_pids, no_compact, by_pid, hide_threads, thread_names;

static void label(const struct node *n, char *buf, size_t len) {
    const char *fmt = n->thread ? (show_pids ? "{%s}(%d)" : "{%s}") : (show_pids ? "%s(%d)" : "%s");
    snprintf(buf, len, fmt, n->name, n->pid);
}

static int cmp_nodes(const void *a, const void *b) {
    const struct node *x = *(struct node *const *)a, *y = *(struct node *const *)b;
    if (x->thread != y->thread) return x->thread - y->thread; /* threads after the child processes */
    if (!by_pid) {
        int c = strcmp(x->name, y->name);
        if (c) return c;
    }
    return (x->pid > y->pid) - (x->pid < y->pid);
}

static int col[256], more[256], cursor;

static void out(const char *s) {
    fputs(s, stdout);
    cursor += (int)strlen(s);
}

/* Whether two subtrees print the same: same names all the way down (psmisc's compaction). */
static int same_tree(const struct node *a, const struct node *b) {
    if (a->thread != b->thread || a->nkids != b->nkids || strcmp(a->name, b->name)) return 0;
    for (int i = 0; i < a->nkids; i++)
        if (!same_tree(a->kids[i], b->kids[i])) return 0;
    return 1;
}

/* Prints n at the cursor, then its children: the first on this line after ---/-+-, the
   others on lines of their own under the '+', each after |- or `- (the last). A run of
   identical sibling subtrees prints once as N*[subtree]; closing counts the ']' owed at the
   end of the subtree's last line. */
static void print(const struct node *n, int depth, int repeat, int closing) {
    char buf[128];
    label(n, buf, sizeof buf);
    if (repeat > 1) {
        char r[32];
        snprintf(r, sizeof r, "%d*[", repeat);
        out(r);
        closing++;
    }
    out(buf);
    const struct node *shown[1024];
    int count[1024], ns = 0;
    for (int i = 0; i < n->nkids && ns < 1024; i++) {
        const struct node *k = n->kids[i];
        if (!no_compact && ns > 0 && same_tree(k, shown[ns - 1])) {
            count[ns - 1]++;
            continue;
        }
        shown[ns] = k;
        count[ns++] = 1;
    }
    if (!ns || depth >= 255) {
        while (closing-- > 0) out("]");
        putchar('\n');
        cursor = 0;
        return;
    }
    col[depth] = cursor + 1;
    for (int k = 0; k < ns; k++) {
        if (k == 0) {
            out(ns == 1 ? "---" : "-+-");
        } else {
            for (int i = 0; i <= depth; i++) {
                while (cursor < col[i]) out(" ");
                if (i < depth) out(more[i] ? "|" : " ");
            }
            out(k == ns - 1 ? "`-" : "|-");
        }
        more[depth] = k < ns - 1;
        print(shown[k], depth + 1, count[k], k == ns - 1 ? closing : 0);
    }
}

static struct node *find(int pid) {
    for (int i = 0; i < nnodes; i++)
        if (nodes[i].pid == pid && !nodes[i].thread) return &nodes[i];
    return NULL;
}

int main(int argc, char **argv) {
    tool_init("pstree");
    int root = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help")) { fputs(USAGE, stdout); return 0; }
        if (!strcmp(a, "--show-pids")) { show_pids = no_compact = 1; continue; }
        if (!strcmp(a, "--compact-not")) { no_compact = 1; continue; }
        if (!strcmp(a, "--numeric-sort")) { by_pid = 1; continue; }
        if (!strcmp(a, "--hide-threads")) { hide_threads = 1; continue; }
        if (!strcmp(a, "--thread-names")) { thread_names = 1; continue; }
        if (a[0] == '-' && a[1] != '-') {
            for (a++; *a; a++) {
                switch (*a) {
                case 'p': show_pids = no_compact = 1; break;
                case 'c': no_compact = 1; break;
                case 'n': by_pid = 1; break;
                case 'T': hide_threads = 1; break;
                case 't': thread_names = 1; break;
                case 'A': break; /* ASCII drawing: the only one */
                default: fputs(USAGE, stderr); return 1;
                }
            }
        } else if (is_pid_name(a) && !root) {
            root = atoi(a);
        } else {
            fputs(USAGE, stderr);
            return 1;
        }
    }
    int n;
    int *pids = list_pids(&n);
    if (n < 0) {
        warnx_("cannot read /proc (is it mounted?)");
        return 1;
    }
    int cap = n * 2 + 16;
    nodes = calloc((size_t)cap, sizeof *nodes);
    for (int i = 0; i < n; i++) {
        char dir[64];
        struct proc_stat st;
        snprintf(dir, sizeof dir, "/proc/%d", pids[i]);
        if (read_proc_stat(dir, &st) < 0) continue;
        struct node *p = &nodes[nnodes++];
        p->pid = st.pid;
        p->ppid = st.ppid;
        snprintf(p->name, sizeof p->name, "%s", st.comm);
        if (hide_threads || st.nlwp <= 1 || st.state == 'Z') continue;
        char tdir[80];
        snprintf(tdir, sizeof tdir, "%s/task", dir);
        DIR *d = opendir(tdir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (!is_pid_name(e->d_name) || atoi(e->d_name) == st.pid) continue;
            char path[400];
            struct proc_stat ts;
            snprintf(path, sizeof path, "%s/%s", tdir, e->d_name);
            if (read_proc_stat(path, &ts) < 0) continue;
            if (nnodes == cap) nodes = realloc(nodes, (size_t)(cap *= 2) * sizeof *nodes);
            struct node *t = &nodes[nnodes++];
            memset(t, 0, sizeof *t);
            t->pid = ts.pid;
            t->ppid = st.pid;
            t->thread = 1;
            /* psmisc names a thread after its process unless -t asks for the thread's own name */
            snprintf(t->name, sizeof t->name, "%s", thread_names ? ts.comm : st.comm);
        }
        if (d) closedir(d);
    }
    /* Children lists (threads belong to their process); then sort each. */
    for (int i = 0; i < nnodes; i++) {
        struct node *parent = nodes[i].ppid ? find(nodes[i].ppid) : NULL;
        if (!parent || parent == &nodes[i]) continue;
        parent->kids = realloc(parent->kids, (size_t)(parent->nkids + 1) * sizeof *parent->kids);
        parent->kids[parent->nkids++] = &nodes[i];
    }
    for (int i = 0; i < nnodes; i++) qsort(nodes[i].kids, (size_t)nodes[i].nkids, sizeof *nodes[i].kids, cmp_nodes);
    if (root) {
        struct node *r = find(root);
        if (!r) return 1; /* psmisc prints nothing for a pid that is not there */
        print(r, 0, 1, 0);
    } else if (find(1)) {
        print(find(1), 0, 1, 0);
    } else {
        for (int i = 0; i < nnodes; i++)
            if (!nodes[i].thread && !find(nodes[i].ppid)) print(&nodes[i], 0, 1, 0);
    }
    free(pids);
    return close_stdout(0);
}
