/* mv: move (rename) files, like coreutils mv.
 *   mv [-f] [-n] [-v] SOURCE DEST        mv [options] SOURCE... DIRECTORY
 *   rename(2) where it can; across file systems (EXDEV) a copy that keeps mode, owner and
 *   times, then the source is removed. -n: do not overwrite, -f: the default (no prompts),
 *   -v: name each move. Exit status 1 if anything could not be moved. */
#include "copy.h"

static int remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) < 0) return -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) return -1;
        struct dirent *e;
        int rc = 0;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char *p = path_join(path, e->d_name);
            if (remove_tree(p) < 0) rc = -1;
            free(p);
        }
        closedir(d);
        return rc < 0 ? rc : rmdir(path);
    }
    return unlink(path);
}

int main(int argc, char **argv) {
    tool_init("mv");
    int i = 1, status = 0, no_clobber = 0, verbose = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: mv [OPTION]... SOURCE DEST\n"
                 "  or:  mv [OPTION]... SOURCE... DIRECTORY\n"
                 "Rename SOURCE to DEST, or move SOURCE(s) to DIRECTORY.\n\n"
                 "  -f, --force         do not prompt before overwriting\n"
                 "  -n, --no-clobber    do not overwrite an existing file\n"
                 "  -v, --verbose       explain what is being done\n"
                 "      --help          display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--force")) { no_clobber = 0; continue; }
        if (!strcmp(a, "--no-clobber")) { no_clobber = 1; continue; }
        if (!strcmp(a, "--verbose")) { verbose = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        for (a++; *a; a++) {
            switch (*a) {
            case 'f': no_clobber = 0; break;
            case 'n': no_clobber = 1; break;
            case 'v': verbose = 1; break;
            default: warnx_("invalid option -- '%c'", *a); try_help(1);
            }
        }
    }
    int n = argc - i;
    if (n == 0) { warnx_("missing file operand"); try_help(1); }
    if (n == 1) { warnx_("missing destination file operand after '%s'", argv[i]); try_help(1); }
    const char *dest = argv[argc - 1];
    struct stat dst_st;
    int into = stat(dest, &dst_st) == 0 && S_ISDIR(dst_st.st_mode);
    if (n > 2 && !into) {
        if (stat(dest, &dst_st) < 0) warn_("target '%s'", dest);
        else warnx_("target '%s' is not a directory", dest);
        return 1;
    }
    for (; i < argc - 1; i++) {
        const char *src = argv[i];
        struct stat st;
        if (lstat(src, &st) < 0) {
            warn_("cannot stat '%s'", src);
            status = 1;
            continue;
        }
        char *base = base_name(src);
        char *dst = into ? path_join(dest, base) : strdup(dest);
        free(base);
        struct stat old;
        if (lstat(dst, &old) == 0) {
            if (no_clobber) {
                free(dst);
                continue;
            }
            if (old.st_dev == st.st_dev && old.st_ino == st.st_ino) {
                warnx_("'%s' and '%s' are the same file", src, dst);
                status = 1;
                free(dst);
                continue;
            }
        }
        if (rename(src, dst) == 0) {
            if (verbose) printf("renamed '%s' -> '%s'\n", src, dst);
        } else if (errno == EXDEV) {
            struct copy_opts o = {.recursive = 1, .preserve = 1, .force = 1};
            if (copy_tree(src, dst, &st, &o) < 0) {
                status = 1;
            } else if (remove_tree(src) < 0) {
                warn_("cannot remove '%s'", src);
                status = 1;
            } else if (verbose) {
                printf("copied '%s' -> '%s'\nremoved '%s'\n", src, dst, src);
            }
        } else if (errno == EINVAL && S_ISDIR(st.st_mode)) {
            warnx_("cannot move '%s' to a subdirectory of itself, '%s'", src, dst);
            status = 1;
        } else if (errno == EISDIR || errno == ENOTDIR || errno == ENOTEMPTY || errno == EEXIST) {
            warn_("cannot overwrite '%s'", dst);
            status = 1;
        } else {
            warn_("cannot move '%s' to '%s'", src, dst);
            status = 1;
        }
        free(dst);
    }
    return close_stdout(status);
}
