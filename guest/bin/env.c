/* env: run a program in a modified environment, or print the environment, like coreutils env.
 *   env [-i] [-u NAME]... [-0] [NAME=VALUE]... [COMMAND [ARG]...]
 *   -i starts from an empty environment, -u removes NAME, NAME=VALUE sets; then COMMAND is run
 *   (found through PATH) or, without one, the environment is printed, one NAME=VALUE a line
 *   (-0: NUL-terminated). Exit status: COMMAND's; 125 for env's own errors, 126 if COMMAND
 *   cannot be run, 127 if it is not found. */
#include "tools.h"

extern char **environ;

int main(int argc, char **argv) {
    tool_init("env");
    int i = 1, nul = 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-")) { clearenv(); continue; } /* the old "env -" */
        if (!strcmp(a, "--")) { i++; break; }
        if (!strcmp(a, "--help")) {
            puts("Usage: env [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]\n"
                 "Set each NAME to VALUE in the environment and run COMMAND.\n\n"
                 "  -i, --ignore-environment  start with an empty environment\n"
                 "  -0, --null           end each output line with NUL, not newline\n"
                 "  -u, --unset=NAME     remove variable from the environment\n"
                 "      --help           display this help and exit\n\n"
                 "A mere - implies -i.  If no COMMAND, print the resulting environment.");
            return 0;
        }
        if (!strcmp(a, "--ignore-environment")) { clearenv(); continue; }
        if (!strcmp(a, "--null")) { nul = 1; continue; }
        if (!strncmp(a, "--unset=", 8)) { unsetenv(a + 8); continue; }
        if (a[1] == '-') { warnx_("unrecognized option '%s'", a); try_help(125); }
        for (a++; *a; a++) {
            if (*a == 'i') clearenv();
            else if (*a == '0') nul = 1;
            else if (*a == 'u') {
                const char *v = a[1] ? a + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (!v) { warnx_("option requires an argument -- 'u'"); try_help(125); }
                if (unsetenv(v) < 0) { warn_("cannot unset '%s'", v); return 125; }
                break;
            } else {
                warnx_("invalid option -- '%c'", *a);
                try_help(125);
            }
        }
    }
    for (; i < argc && strchr(argv[i], '='); i++) {
        if (argv[i][0] == '=') {
            errno = EINVAL;
            warn_("cannot set '%s'", argv[i]);
            return 125;
        }
        if (putenv(argv[i]) < 0) {
            warn_("cannot set '%s'", argv[i]);
            return 125;
        }
    }
    if (i >= argc) {
        for (char **e = environ; e && *e; e++) printf("%s%c", *e, nul ? 0 : '\n');
        return close_stdout(0);
    }
    if (nul) {
        warnx_("cannot specify --null (-0) with command");
        try_help(125);
    }
    execvp(argv[i], argv + i);
    int e = errno;
    warn_("'%s'", argv[i]);
    return e == ENOENT ? 127 : 126;
}
