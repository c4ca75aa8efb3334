/* cp: copy files and directories, like coreutils cp.
 *   cp [-r|-R] [-a] [-p] [-f] [-v] SOURCE DEST       cp [options] SOURCE... DIRECTORY
 *   -r/-R copy directories recursively (symbolic links inside are copied as links), -p keep
 *   mode, owner and times, -a = -R -p, -f remove a destination that cannot be opened, -v
 *   name each copy. Exit status 1 if anything could not be copied. */
#include "copy.h"

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv) {
    tool_init("cp");
    struct copy_opts o = {0};
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: cp [OPTION]... SOURCE DEST\n"
                 "  or:  cp [OPTION]... SOURCE... DIRECTORY\n"
                 "Copy SOURCE to DEST, or multiple SOURCE(s) to DIRECTORY.\n\n"
                 "  -a, --archive        same as -R -p\n"
                 "  -f, --force          if an existing destination file cannot be\n"
                 "                         opened, remove it and try again\n"
                 "  -p                   preserve mode, ownership and timestamps\n"
                 "  -R, -r, --recursive  copy directories recursively\n"
                 "  -v, --verbose        explain what is being done\n"
                 "      --help           display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--recursive")) { o.recursive = 1; continue; }
        if (!strcmp(a, "--archive")) { o.recursive = o.preserve = 1; continue; }
        if (!strcmp(a, "--force")) { o.force = 1; continue; }
        if (!strcmp(a, "--verbose")) { o.verbose = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        for (a++; *a; a++) {
            switch (*a) {
            case 'r': case 'R': o.recursive = 1; break;
            case 'a': o.recursive = o.preserve = 1; break;
            case 'p': o.preserve = 1; break;
            case 'f': o.force = 1; break;
            case 'v': o.verbose = 1; break;
            default: warnx_("invalid option -- '%c'", *a); try_help(1);
            }
        }
    }
    int n = argc - i;
    if (n == 0) { warnx_("missing file operand"); try_help(1); }
    if (n == 1) { warnx_("missing destination file operand after '%s'", argv[i]); try_help(1); }
    const char *dest = argv[argc - 1];
    int into = is_dir(dest);
    if (n > 2 && !into) {
        struct stat st;
        if (stat(dest, &st) < 0) warn_("target '%s'", dest);
        else warnx_("target '%s' is not a directory", dest);
        return 1;
    }
    for (; i < argc - 1; i++) {
        const char *src = argv[i];
        struct stat st, dst_st;
        /* Command-line sources are followed unless copying recursively (then links stay links). */
        if ((o.recursive ? lstat(src, &st) : stat(src, &st)) < 0) {
            warn_("cannot stat '%s'", src);
            status = 1;
            continue;
        }
        char *base = base_name(src);
        char *dst = into ? path_join(dest, base) : strdup(dest);
        free(base);
        if (stat(dst, &dst_st) == 0 && dst_st.st_dev == st.st_dev && dst_st.st_ino == st.st_ino) {
            warnx_("'%s' and '%s' are the same file", src, dst);
            status = 1;
        } else if (S_ISDIR(st.st_mode) && o.recursive && !strncmp(dst, src, strlen(src)) && dst[strlen(src)] == '/') {
            warnx_("cannot copy a directory, '%s', into itself, '%s'", src, dst);
            status = 1;
        } else if (dst[strlen(dst) - 1] == '/' && !S_ISDIR(st.st_mode) && stat(dst, &dst_st) < 0) {
            errno = ENOTDIR; /* "name/" promises a directory, and there is none */
            warn_("cannot create regular file '%s'", dst);
            status = 1;
        } else if (copy_tree(src, dst, &st, &o) < 0) {
            status = 1;
        }
        free(dst);
    }
    return close_stdout(status);
}
