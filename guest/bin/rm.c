/* rm: remove files or directories, like coreutils rm.
 *   rm [-f] [-r|-R] [-d] [-v] FILE...
 *   -r removes directories and their contents, -d empty directories, -f ignores names that
 *   do not exist and never fails for want of operands, -v names each removal. rm refuses
 *   '.', '..' and '/'. Exit status 1 if anything could not be removed. */
#include "tools.h"
#include <sys/stat.h>

static int force, recursive, empty_dirs, verbose;

static int remove_path(const char *path) {
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (force && errno == ENOENT) return 0;
        warn_("cannot remove '%s'", path);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!recursive) {
            if (empty_dirs) {
                if (rmdir(path) == 0) {
                    if (verbose) printf("removed directory '%s'\n", path);
                    return 0;
                }
                warn_("cannot remove '%s'", path);
                return -1;
            }
            errno = EISDIR;
            warn_("cannot remove '%s'", path);
            return -1;
        }
        DIR *d = opendir(path);
        if (!d) {
            warn_("cannot remove '%s'", path);
            return -1;
        }
        int rc = 0;
        struct dirent *e;
        size_t plen = strlen(path);
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char *child = malloc(plen + strlen(e->d_name) + 2);
            sprintf(child, "%s%s%s", path, plen && path[plen - 1] == '/' ? "" : "/", e->d_name);
            if (remove_path(child) < 0) rc = -1;
            free(child);
        }
        closedir(d);
        if (rc < 0) return rc;
        if (rmdir(path) < 0) {
            warn_("cannot remove '%s'", path);
            return -1;
        }
        if (verbose) printf("removed directory '%s'\n", path);
        return 0;
    }
    if (unlink(path) < 0) {
        if (force && errno == ENOENT) return 0;
        warn_("cannot remove '%s'", path);
        return -1;
    }
    if (verbose) printf("removed '%s'\n", path);
    return 0;
}

int main(int argc, char **argv) {
    tool_init("rm");
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: rm [OPTION]... [FILE]...\n"
                 "Remove (unlink) the FILE(s).\n\n"
                 "  -f, --force           ignore nonexistent files and arguments, never prompt\n"
                 "  -r, -R, --recursive   remove directories and their contents recursively\n"
                 "  -d, --dir             remove empty directories\n"
                 "  -v, --verbose         explain what is being done\n"
                 "      --help            display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--force")) { force = 1; continue; }
        if (!strcmp(a, "--recursive")) { recursive = 1; continue; }
        if (!strcmp(a, "--dir")) { empty_dirs = 1; continue; }
        if (!strcmp(a, "--verbose")) { verbose = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        for (a++; *a; a++) {
            switch (*a) {
            case 'f': force = 1; break;
            case 'r': case 'R': recursive = 1; break;
            case 'd': empty_dirs = 1; break;
            case 'v': verbose = 1; break;
            case 'i': break; /* no prompts in this rm */
            default: warnx_("invalid option -- '%c'", *a); try_help(1);
            }
        }
    }
    if (i >= argc) {
        if (force) return 0;
        warnx_("missing operand");
        try_help(1);
    }
    for (; i < argc; i++) {
        const char *p = argv[i];
        char *base = strdup(p);
        size_t n = strlen(base);
        while (n > 1 && base[n - 1] == '/') base[--n] = 0;
        const char *last = strrchr(base, '/') ? strrchr(base, '/') + 1 : base;
        struct stat st;
        if (recursive && (!strcmp(last, ".") || !strcmp(last, "..")) && lstat(p, &st) == 0) {
            warnx_("refusing to remove '.' or '..' directory: skipping '%s'", p);
            status = 1;
        } else if (recursive && !strcmp(base, "/")) {
            warnx_("it is dangerous to operate recursively on '/'");
            warnx_("use --no-preserve-root to override this failsafe");
            status = 1;
        } else if (remove_path(p) < 0) {
            status = 1;
        }
        free(base);
    }
    return close_stdout(status);
}
