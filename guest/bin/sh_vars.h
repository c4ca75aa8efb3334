/* sh_vars.h: shell variables, the environment passed to commands, positional parameters and
 * functions. Every variable lives in one table; "exported" ones go into each command's envp. */
#ifndef SH_VARS_H
#define SH_VARS_H
#include "sh_util.h"

struct var {
    char *name, *value;
    int exported;
    int readonly; /* readonly(1p): assignments and unset fail */
};
static struct var *vars;
static int nvars, capvars;

/* Positional parameters $1..$N ($0 is arg0). */
static char **pos_args;
static int pos_count;
static char *arg0 = "sh";

static int last_status;      /* $? */
static pid_t last_bg_pid;    /* $! (0 = none yet) */
static pid_t shell_pid;      /* $$: the pid of the top-level shell, also inside subshells */

static int readonly_violation; /* set when an assignment hit a readonly variable */

static struct var *var_find(const char *name) {
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0) return &vars[i];
    return NULL;
}
static const char *var_get(const char *name) {
    struct var *v = var_find(name);
    return v ? v->value : NULL;
}
static struct var *var_set(const char *name, const char *value, int export) {
    struct var *v = var_find(name);
    if (!v) {
        if (nvars == capvars) {
            capvars = capvars ? capvars * 2 : 64;
            vars = xrealloc(vars, sizeof *vars * (size_t)capvars);
        }
        v = &vars[nvars++];
        v->name = xstrdup(name);
        v->value = NULL;
        v->exported = 0;
        v->readonly = 0;
    }
    if (value && v->readonly) {
        sh_error("%s: readonly variable", name);
        readonly_violation = 1;
        return v;
    }
    if (value) {
        char *old = v->value;
        v->value = xstrdup(value);
        free(old);
    }
    if (export) v->exported = 1;
    return v;
}
static int var_unset(const char *name) {
    for (int i = 0; i < nvars; i++) {
        if (strcmp(vars[i].name, name) == 0) {
            if (vars[i].readonly) {
                sh_error("unset: %s: readonly variable", name);
                return 1;
            }
            free(vars[i].name);
            free(vars[i].value);
            vars[i] = vars[--nvars];
            return 0;
        }
    }
    return 0;
}
/* "NAME=value" (the name part is validated by the caller). */
static void var_assign(const char *assignment, int export) {
    const char *eq = strchr(assignment, '=');
    char *name = xstrndup(assignment, (size_t)(eq - assignment));
    var_set(name, eq + 1, export);
    free(name);
}
static void vars_import(char **envp) {
    for (; envp && *envp; envp++)
        if (strchr(*envp, '=') && assignment_name_len(*envp)) var_assign(*envp, 1);
}
/* The environment of a command: every exported variable that has a value. */
static char **vars_environ(void) {
    struct strv env = {0};
    for (int i = 0; i < nvars; i++) {
        if (!vars[i].exported || !vars[i].value) continue;
        struct str kv = {0};
        str_adds(&kv, vars[i].name);
        str_addc(&kv, '=');
        str_adds(&kv, vars[i].value);
        strv_add(&env, str_take(&kv));
    }
    if (!env.v) strv_add(&env, NULL), env.n = 0;
    return env.v;
}

static void set_positional(int argc, char **argv) {
    pos_args = xmalloc(sizeof(char *) * (size_t)(argc + 1));
    for (int i = 0; i < argc; i++) pos_args[i] = xstrdup(argv[i]);
    pos_args[argc] = NULL;
    pos_count = argc;
}

/* `local` variables: the values they hid, restored when the function call that made them
 * local returns (depth = that call's nesting). */
struct saved_local {
    char *name, *value;
    int exported, existed, depth;
};
static struct saved_local *locals;
static int nlocals;
static void local_save(const char *name, int depth) {
    for (int i = nlocals - 1; i >= 0 && locals[i].depth == depth; i--)
        if (strcmp(locals[i].name, name) == 0) return;
    struct var *v = var_find(name);
    locals = xrealloc(locals, sizeof *locals * (size_t)(nlocals + 1));
    struct saved_local *l = &locals[nlocals++];
    l->name = xstrdup(name);
    l->value = v && v->value ? xstrdup(v->value) : NULL;
    l->exported = v ? v->exported : 0;
    l->existed = v != NULL;
    l->depth = depth;
}
static void locals_restore(int depth) {
    while (nlocals > 0 && locals[nlocals - 1].depth >= depth) {
        struct saved_local *l = &locals[--nlocals];
        if (l->existed) {
            struct var *v = var_set(l->name, l->value, 0);
            v->exported = l->exported;
            if (!l->value) free(v->value), v->value = NULL;
        } else var_unset(l->name);
        free(l->name);
        free(l->value);
    }
}

/* Aliases (XCU 2.3.1): name -> replacement text, substituted by the parser for a command name. */
struct alias {
    char *name, *value;
};
static struct alias *aliases;
static int naliases;
static const char *alias_get(const char *name) {
    for (int i = 0; i < naliases; i++)
        if (strcmp(aliases[i].name, name) == 0) return aliases[i].value;
    return NULL;
}
static void alias_set(const char *name, const char *value) {
    for (int i = 0; i < naliases; i++) {
        if (strcmp(aliases[i].name, name) == 0) {
            free(aliases[i].value);
            aliases[i].value = xstrdup(value);
            return;
        }
    }
    aliases = xrealloc(aliases, sizeof *aliases * (size_t)(naliases + 1));
    aliases[naliases].name = xstrdup(name);
    aliases[naliases].value = xstrdup(value);
    naliases++;
}
static int alias_remove(const char *name) {
    for (int i = 0; i < naliases; i++) {
        if (strcmp(aliases[i].name, name) == 0) {
            free(aliases[i].name);
            free(aliases[i].value);
            aliases[i] = aliases[--naliases];
            return 1;
        }
    }
    return 0;
}

/* Functions: name -> body (a parse tree node, never freed: it may be running). */
struct node;
struct func {
    char *name;
    struct node *body;
};
static struct func *funcs;
static int nfuncs;
static struct node *func_find(const char *name) {
    for (int i = 0; i < nfuncs; i++)
        if (strcmp(funcs[i].name, name) == 0) return funcs[i].body;
    return NULL;
}
static void func_define(const char *name, struct node *body) {
    for (int i = 0; i < nfuncs; i++)
        if (strcmp(funcs[i].name, name) == 0) { funcs[i].body = body; return; }
    funcs = xrealloc(funcs, sizeof *funcs * (size_t)(nfuncs + 1));
    funcs[nfuncs].name = xstrdup(name);
    funcs[nfuncs].body = body;
    nfuncs++;
}
#endif
