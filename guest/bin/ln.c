/* ln: make links between files, like coreutils ln.
 *   ln [-s] [-f] [-v] TARGET [LINK_NAME]      ln [options] TARGET... DIRECTORY
 *   Hard links by default, symbolic with -s (TARGET is stored as given). Without LINK_NAME
 *   the link is made in the current directory under TARGET's last component. -f removes an
 *   existing LINK_NAME first, -n treats a LINK_NAME that is a link to a directory as a file.
 * Exit status 1 if any link could not be made. */
#include "tools.h"
#include <sys/stat.h>

static int symbolic, force, verbose, no_deref;

static char *base_of(const char *path) {
    char *p = strdup(path);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') p[--n] = 0;
    char *s = strrchr(p, '/');
    char *r = strdup(s && s[1] ? s + 1 : p);
    free(p);
    return r;
}

static int link_one(const char *target, const char *name) {
    if (force) unlink(name);
    int rc = symbolic ? symlink(target, name) : link(target, name);
    if (rc < 0) {
        if (!symbolic && errno == ENOENT && access(target, F_OK) < 0) warn_("failed to access '%s'", target);
        else warn_("failed to create %s link '%s'", symbolic ? "symbolic" : "hard", name);
        return -1;
    }
    if (verbose) printf("'%s' -> '%s'\n", name, target);
    return 0;
}

int main(int argc, char **argv) {
    tool_init("ln");
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: ln [OPTION]... TARGET [LINK_NAME]\n"
                 "  or:  ln [OPTION]... TARGET... DIRECTORY\n"
                 "Create a link to TARGET with the name LINK_NAME, or links in DIRECTORY.\n\n"
                 "  -f, --force            remove existing destination files\n"
                 "  -n, --no-dereference   treat LINK_NAME as a normal file if\n"
                 "                           it is a symbolic link to a directory\n"
                 "  -s, --symbolic         make symbolic links instead of hard links\n"
                 "  -v, --verbose          print name of each linked file\n"
                 "      --help             display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--symbolic")) { symbolic = 1; continue; }
        if (!strcmp(a, "--force")) { force = 1; continue; }
        if (!strcmp(a, "--verbose")) { verbose = 1; continue; }
        if (!strcmp(a, "--no-dereference")) { no_deref = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        for (a++; *a; a++) {
            switch (*a) {
            case 's': symbolic = 1; break;
            case 'f': force = 1; break;
            case 'v': verbose = 1; break;
            case 'n': no_deref = 1; break;
            default: warnx_("invalid option -- '%c'", *a); try_help(1);
            }
        }
    }
    int n = argc - i;
    if (n == 0) { warnx_("missing file operand"); try_help(1); }
    if (n == 1) {
        char *b = base_of(argv[i]);
        status = link_one(argv[i], b) < 0;
        free(b);
        return close_stdout(status);
    }
    const char *last = argv[argc - 1];
    struct stat st;
    int into = (no_deref ? lstat(last, &st) : stat(last, &st)) == 0 && S_ISDIR(st.st_mode);
    if (!into) {
        if (n > 2) {
            if (lstat(last, &st) < 0) warn_("target '%s'", last);
            else warnx_("target '%s' is not a directory", last);
            return 1;
        }
        return close_stdout(link_one(argv[i], last) < 0);
    }
    for (; i < argc - 1; i++) {
        char *b = base_of(argv[i]);
        char *name = malloc(strlen(last) + strlen(b) + 2);
        sprintf(name, "%s/%s", last, b);
        if (link_one(argv[i], name) < 0) status = 1;
        free(name);
        free(b);
    }
    return close_stdout(status);
}
