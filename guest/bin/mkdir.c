/* mkdir: make directories, like coreutils mkdir.
 *   mkdir [-p] [-v] [-m MODE] DIRECTORY...
 *   -p: make parents as needed, and no error if a directory exists; -m: octal permissions
 *   (applied with chmod, so not masked by the umask); -v: say what was made.
 * Exit status 1 if any directory could not be made. */
#include "tools.h"
#include <sys/stat.h>

static int verbose;

static int make(const char *path, mode_t mode) {
    if (mkdir(path, mode) < 0) return -1;
    if (verbose) printf("mkdir: created directory '%s'\n", path);
    return 0;
}

/* Each missing ancestor first (mode 0777 minus the umask, u+wx as coreutils), then path. */
static int make_parents(const char *path, mode_t mode, int explicit_mode) {
    char *p = strdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/' || s[-1] == '/') continue;
        *s = 0;
        struct stat st;
        if (stat(p, &st) < 0) {
            if (make(p, 0777) < 0 && errno != EEXIST) {
                warn_("cannot create directory '%s'", p);
                free(p);
                return -1;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            warn_("cannot create directory '%s'", path);
            free(p);
            return -1;
        }
        *s = '/';
    }
    free(p);
    if (make(path, mode) < 0) {
        struct stat st;
        if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
        warn_("cannot create directory '%s'", path);
        return -1;
    }
    if (explicit_mode && chmod(path, mode) < 0) {
        warn_("cannot set permissions of '%s'", path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    tool_init("mkdir");
    int parents = 0, explicit_mode = 0, i = 1, status = 0;
    mode_t mode = 0777;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: mkdir [OPTION]... DIRECTORY...\n"
                 "Create the DIRECTORY(ies), if they do not already exist.\n\n"
                 "  -m, --mode=MODE   set file mode (as in chmod), not a=rwx - umask\n"
                 "  -p, --parents     no error if existing, make parent directories as needed\n"
                 "  -v, --verbose     print a message for each created directory\n"
                 "      --help        display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--parents")) { parents = 1; continue; }
        if (!strcmp(a, "--verbose")) { verbose = 1; continue; }
        const char *m = NULL;
        if (!strncmp(a, "--mode=", 7)) m = a + 7;
        else if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(1); }
        for (a++; !m && *a; a++) {
            if (*a == 'p') parents = 1;
            else if (*a == 'v') verbose = 1;
            else if (*a == 'm') {
                m = a[1] ? a + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (!m) { warnx_("option requires an argument -- 'm'"); try_help(1); }
            } else { warnx_("invalid option -- '%c'", *a); try_help(1); }
        }
        if (m) {
            char *end;
            long v = strtol(m, &end, 8);
            if (!*m || *end || v < 0 || v > 07777) { warnx_("invalid mode '%s'", m); return 1; }
            mode = (mode_t)v;
            explicit_mode = 1;
        }
    }
    if (i >= argc) {
        warnx_("missing operand");
        try_help(1);
    }
    for (; i < argc; i++) {
        if (parents) {
            if (make_parents(argv[i], mode, explicit_mode) < 0) status = 1;
        } else if (make(argv[i], mode) < 0) {
            warn_("cannot create directory '%s'", argv[i]);
            status = 1;
        } else if (explicit_mode && chmod(argv[i], mode) < 0) {
            warn_("cannot set permissions of '%s'", argv[i]);
            status = 1;
        }
    }
    return close_stdout(status);
}
