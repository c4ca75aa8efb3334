/* rmdir: remove empty directories, like coreutils rmdir.
 *   rmdir [-p] [-v] DIRECTORY...   -p: then each parent named in the path, as far as possible
 * Exit status 1 if any directory could not be removed. */
#include "tools.h"

int main(int argc, char **argv) {
    tool_init("rmdir");
    int parents = 0, verbose = 0, i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: rmdir [OPTION]... DIRECTORY...\n"
                 "Remove the DIRECTORY(ies), if they are empty.\n\n"
                 "  -p, --parents   remove DIRECTORY and its ancestors\n"
                 "  -v, --verbose   output a diagnostic for every directory processed\n"
                 "      --help      display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--parents")) { parents = 1; continue; }
        if (!strcmp(a, "--verbose")) { verbose = 1; continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        for (a++; *a; a++) {
            if (*a == 'p') parents = 1;
            else if (*a == 'v') verbose = 1;
            else { warnx_("invalid option -- '%c'", *a); try_help(1); }
        }
    }
    if (i >= argc) {
        warnx_("missing operand");
        try_help(1);
    }
    for (; i < argc; i++) {
        char *p = strdup(argv[i]);
        for (;;) {
            size_t len = strlen(p);
            while (len > 1 && p[len - 1] == '/') p[--len] = 0;
            if (verbose) printf("rmdir: removing directory, '%s'\n", p);
            if (rmdir(p) < 0) {
                warn_("failed to remove '%s'", p);
                status = 1;
                break;
            }
            char *slash = strrchr(p, '/');
            if (!parents || !slash || slash == p) break;
            *slash = 0;
        }
        free(p);
    }
    return close_stdout(status);
}
