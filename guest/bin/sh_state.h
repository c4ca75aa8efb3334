/* sh_state.h: what the executor's parts share: the builtin table's type, the shell options,
 * the counters that unwind loops, functions and sourced files, and forward declarations. */
#ifndef SH_STATE_H
#define SH_STATE_H
#include <setjmp.h>
#include <signal.h>
#include "sh_jobs.h"

typedef int (*builtin_fn)(int argc, char **argv);
struct builtin {
    const char *name;
    builtin_fn fn;
    int special; /* POSIX special builtin: its variable assignments persist */
};
static const struct builtin *builtin_find(const char *name); /* sh_builtins.h */

static int opt_xtrace, opt_errexit, opt_noexec;
static int sigs_changed;     /* the shell ignores the job-control signals; children reset them */
static int in_condition;     /* inside an if/while condition or left of && ||: no errexit */
static int andor_short;      /* the last && / || list ended on its left side */
static int break_count, continue_count, returning, loop_depth, func_depth;
static int subst_status;     /* the status of the last command substitution */
static jmp_buf *abort_jmp;   /* where an expansion error returns to in an interactive shell */

static volatile sig_atomic_t wait_interrupted; /* Ctrl-C during the wait builtin */
static int exec_node(struct node *n);
static int run_string(const char *src);
#endif
