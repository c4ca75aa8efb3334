/* sh_path.h: finding and starting programs: PATH lookup (XCU 2.9.1.1), execve(2), a file
 * without #! run as a script of /bin/sh, and the 126/127 statuses with their messages. */
#ifndef SH_PATH_H
#define SH_PATH_H
#include <sys/stat.h>
#include "sh_vars.h"

static const char *default_path = "/bin:/usr/bin:/sbin:/usr/sbin";

/* The path PATH lookup finds for name (malloc'd), or NULL. */
static char *path_lookup(const char *name) {
    if (strchr(name, '/')) return access(name, F_OK) == 0 ? xstrdup(name) : NULL;
    const char *path = var_get("PATH");
    if (!path) path = default_path;
    for (const char *d = path;;) {
        const char *colon = strchr(d, ':');
        size_t dl = colon ? (size_t)(colon - d) : strlen(d);
        struct str full = {0};
        if (dl == 0) str_adds(&full, ".");
        else str_addn(&full, d, dl);
        str_addc(&full, '/');
        str_adds(&full, name);
        struct stat st;
        if (stat(full.s, &st) == 0 && S_ISREG(st.st_mode) && access(full.s, X_OK) == 0) return full.s;
        free(full.s);
        if (!colon) break;
        d = colon + 1;
    }
    return NULL;
}

/* execve(2) of a file without a #! line or ELF header: run it as a script of this shell. */
static void exec_as_script(const char *path, char **argv, char **envp) {
    int argc = 0;
    while (argv[argc]) argc++;
    char **nargv = xmalloc(sizeof(char *) * (size_t)(argc + 2));
    nargv[0] = "sh";
    nargv[1] = (char *)path;
    for (int i = 1; i <= argc; i++) nargv[i + 1] = argv[i];
    execve("/bin/sh", nargv, envp);
}

/* In a child: runs argv[0] found through PATH; never returns (126/127 on failure). */
static void exec_external(char **argv) {
    char **envp = vars_environ();
    const char *name = argv[0];
    if (strchr(name, '/')) {
        execve(name, argv, envp);
        int e = errno;
        if (e == ENOEXEC) exec_as_script(name, argv, envp), e = errno;
        struct stat st;
        if (e == EACCES && stat(name, &st) == 0 && S_ISDIR(st.st_mode)) sh_error("%s: Is a directory", name);
        else sh_error("%s: %s", name, strerror(e));
        _exit(e == ENOENT || e == ENOTDIR ? 127 : 126);
    }
    const char *path = var_get("PATH");
    if (!path) path = default_path;
    int denied = 0;
    for (const char *d = path;;) {
        const char *colon = strchr(d, ':');
        size_t dl = colon ? (size_t)(colon - d) : strlen(d);
        struct str full = {0};
        if (dl == 0) str_adds(&full, ".");
        else str_addn(&full, d, dl);
        str_addc(&full, '/');
        str_adds(&full, name);
        execve(full.s, argv, envp);
        if (errno == ENOEXEC) exec_as_script(full.s, argv, envp);
        if (errno == EACCES) {
            struct stat st;
            if (stat(full.s, &st) == 0 && !S_ISDIR(st.st_mode)) denied = 1;
        }
        free(full.s);
        if (!colon) break;
        d = colon + 1;
    }
    if (denied) {
        sh_error("%s: Permission denied", name);
        _exit(126);
    }
    sh_error("%s: command not found", name);
    _exit(127);
}
#endif
