/* sh_jobs.h: the job table and job control (XCU 2.11, "Job Control"; GNU libc manual,
 * "Implementing a Job Control Shell"). A job is one pipeline (or one forked compound command);
 * with job control on (an interactive shell) each job is its own process group, the terminal is
 * handed to the foreground job with tcsetpgrp(3) and taken back when it stops or ends, and stops
 * (Ctrl-Z) are noticed through waitpid(2) with WUNTRACED. */
#ifndef SH_JOBS_H
#define SH_JOBS_H
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include "sh_util.h"
#include "sh_expand.h"

enum { PS_RUNNING, PS_STOPPED, PS_DONE };

struct proc {
    pid_t pid;
    int status; /* the waitpid(2) status once PS_DONE (or the stop status) */
    int state;
};
struct job {
    int id;
    pid_t pgid;
    struct proc *procs;
    int nprocs;
    char *text;
    int background;       /* started with & or resumed with bg */
    int stop_reported;
    long seq;             /* larger = more recently stopped or backgrounded: the current job "+" */
    struct termios tmodes; /* the terminal modes the job had when it stopped */
    int has_tmodes;
};

static struct job **jobs;
static int njobs;
static long job_seq;
static volatile sig_atomic_t sig_interrupted; /* Ctrl-C in an interactive shell: unwind to the prompt */
static volatile sig_atomic_t no_stop, *wait_stop = &no_stop; /* set: a blocking wait gives up on EINTR */
static int jobctl;          /* job control is on (an interactive shell on a terminal) */
static int tty_fd = -1;     /* the controlling terminal, a high CLOEXEC copy of fd 0 */
static pid_t shell_pgid;
static struct termios shell_tmodes;
static int have_shell_tmodes;

static struct job *job_new(const char *text) {
    int id = 1;
    for (int i = 0; i < njobs; i++)
        if (jobs[i]->id >= id) id = jobs[i]->id + 1;
    struct job *j = xmalloc(sizeof *j);
    memset(j, 0, sizeof *j);
    j->id = id;
    j->text = xstrdup(text ? text : "");
    j->seq = ++job_seq;
    jobs = xrealloc(jobs, sizeof *jobs * (size_t)(njobs + 1));
    jobs[njobs++] = j;
    return j;
}
static void job_add_proc(struct job *j, pid_t pid) {
    j->procs = xrealloc(j->procs, sizeof *j->procs * (size_t)(j->nprocs + 1));
    j->procs[j->nprocs].pid = pid;
    j->procs[j->nprocs].status = 0;
    j->procs[j->nprocs].state = PS_RUNNING;
    j->nprocs++;
    if (!j->pgid) j->pgid = pid;
}
static void job_remove(struct job *j) {
    for (int i = 0; i < njobs; i++) {
        if (jobs[i] == j) {
            memmove(&jobs[i], &jobs[i + 1], sizeof *jobs * (size_t)(njobs - i - 1));
            njobs--;
            break;
        }
    }
    free(j->procs);
    free(j->text);
    free(j);
}
static int job_state(const struct job *j) {
    int stopped = 0;
    for (int i = 0; i < j->nprocs; i++) {
        if (j->procs[i].state == PS_RUNNING) return PS_RUNNING;
        if (j->procs[i].state == PS_STOPPED) stopped = 1;
    }
    return stopped ? PS_STOPPED : PS_DONE;
}
/* A waitpid(2) status in the shell's convention: the exit code, or 128 + the signal. */
static int status_code(int st) {
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
    if (WIFSTOPPED(st)) return 128 + WSTOPSIG(st);
    return 0;
}
static int opt_pipefail; /* set -o pipefail: a pipeline's status is its last failing command's */
static int job_status(const struct job *j) {
    const struct proc *last = &j->procs[j->nprocs - 1];
    if (job_state(j) == PS_STOPPED) {
        for (int i = 0; i < j->nprocs; i++)
            if (j->procs[i].state == PS_STOPPED) return status_code(j->procs[i].status);
    }
    if (opt_pipefail)
        for (int i = j->nprocs - 1; i >= 0; i--)
            if (status_code(j->procs[i].status)) return status_code(j->procs[i].status);
    return status_code(last->status);
}
/* Records what waitpid(2) said about pid. */
static void job_record(pid_t pid, int st) {
    for (int i = 0; i < njobs; i++) {
        struct job *j = jobs[i];
        for (int k = 0; k < j->nprocs; k++) {
            if (j->procs[k].pid != pid) continue;
            if (WIFSTOPPED(st)) {
                j->procs[k].state = PS_STOPPED;
                j->procs[k].status = st;
                j->stop_reported = 0;
            } else if (WIFCONTINUED(st)) {
                j->procs[k].state = PS_RUNNING;
            } else {
                j->procs[k].state = PS_DONE;
                j->procs[k].status = st;
            }
            return;
        }
    }
}
/* Collects every state change that is ready, without blocking. */
static void jobs_reap(void) {
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED | (jobctl ? WCONTINUED : 0))) > 0) job_record(pid, st);
}
/* Blocks until job j is no longer running (done, or with job control also stopped). */
static void job_wait_blocking(struct job *j) {
    while (job_state(j) == PS_RUNNING) {
        int st;
        pid_t pid = waitpid(-1, &st, jobctl ? WUNTRACED : 0);
        if (pid < 0) {
            if (errno == EINTR && !*wait_stop) continue;
            if (errno == EINTR) break;
            /* ECHILD: someone else reaped them; do not hang */
            for (int k = 0; k < j->nprocs; k++)
                if (j->procs[k].state == PS_RUNNING) j->procs[k].state = PS_DONE;
            break;
        }
        job_record(pid, st);
    }
}

static struct job *job_current(int which) { /* which 0: "+", 1: "-" */
    struct job *best = NULL, *second = NULL;
    for (int i = 0; i < njobs; i++) {
        struct job *j = jobs[i];
        /* a stopped job is preferred as the current job, like bash */
        long key = j->seq + (job_state(j) == PS_STOPPED ? (1L << 40) : 0);
        long bkey = best ? best->seq + (job_state(best) == PS_STOPPED ? (1L << 40) : 0) : -1;
        long skey = second ? second->seq + (job_state(second) == PS_STOPPED ? (1L << 40) : 0) : -1;
        if (key > bkey) second = best, best = j;
        else if (key > skey) second = j;
    }
    return which ? second : best;
}
static char job_mark(const struct job *j) {
    if (j == job_current(0)) return '+';
    if (j == job_current(1)) return '-';
    return ' ';
}
/* "Done", "Exit 3", "Terminated", "Stopped", "Running": the state word of the jobs listing. */
static void job_state_word(const struct job *j, char *buf, size_t n) {
    int s = job_state(j);
    if (s == PS_RUNNING) snprintf(buf, n, "Running");
    else if (s == PS_STOPPED) {
        int sig = SIGTSTP;
        for (int i = 0; i < j->nprocs; i++)
            if (j->procs[i].state == PS_STOPPED) sig = WSTOPSIG(j->procs[i].status);
        snprintf(buf, n, sig == SIGTSTP ? "Stopped" : "Stopped (%s)", sig == SIGTTIN ? "tty input" : sig == SIGTTOU ? "tty output" : strsignal(sig));
    } else {
        int st = j->procs[j->nprocs - 1].status;
        if (WIFSIGNALED(st)) snprintf(buf, n, "%s", strsignal(WTERMSIG(st)));
        else if (WEXITSTATUS(st)) snprintf(buf, n, "Exit %d", WEXITSTATUS(st));
        else snprintf(buf, n, "Done");
    }
}
static void job_print(int fd, const struct job *j) {
    char word[64];
    job_state_word(j, word, sizeof word);
    fdprintf(fd, "[%d]%c  %-24s%s%s\n", j->id, job_mark(j), word, j->text,
             job_state(j) == PS_RUNNING ? " &" : "");
}

/* Before a prompt: reports background jobs that ended or stopped since the last prompt. */
static void jobs_notify(void) {
    jobs_reap();
    for (int i = 0; i < njobs;) {
        struct job *j = jobs[i];
        int s = job_state(j);
        if (s == PS_DONE) {
            job_print(2, j);
            job_remove(j);
            continue;
        }
        if (s == PS_STOPPED && !j->stop_reported) {
            job_print(2, j);
            j->stop_reported = 1;
        }
        i++;
    }
}

/* Gives the terminal back to the shell and restores the shell's terminal modes. */
static void tty_reclaim(void) {
    if (!jobctl) return;
    tcsetpgrp(tty_fd, shell_pgid);
    if (have_shell_tmodes) tcsetattr(tty_fd, TCSADRAIN, &shell_tmodes);
}

/* Waits for a foreground job; returns its status (128+N if it stopped or died of signal N). */
static int job_wait_fg(struct job *j) {
    job_wait_blocking(j);
    int status = job_status(j);
    if (jobctl) {
        tcsetpgrp(tty_fd, shell_pgid);
        if (job_state(j) == PS_STOPPED) {
            j->has_tmodes = tcgetattr(tty_fd, &j->tmodes) == 0;
            if (have_shell_tmodes) tcsetattr(tty_fd, TCSADRAIN, &shell_tmodes);
            j->seq = ++job_seq;
            j->background = 0;
            fdputs(2, "\n");
            job_print(2, j);
            j->stop_reported = 1;
            return status;
        }
        if (have_shell_tmodes) tcsetattr(tty_fd, TCSADRAIN, &shell_tmodes);
    }
    if (job_state(j) == PS_STOPPED) return status; /* without job control: leave it be */
    int st = j->procs[j->nprocs - 1].status;
    if (WIFSIGNALED(st)) { /* "Killed", "Segmentation fault": in scripts too, as dash and bash */
        int sig = WTERMSIG(st);
        if (sig == SIGINT && interactive) { /* as if the shell got it too: a loop running the job stops (bash) */
            fdputs(2, "\n");
            sig_interrupted = 1;
        } else if (sig != SIGINT && sig != SIGPIPE)
            fdprintf(2, "%s%s\n", strsignal(sig), WCOREDUMP(st) ? " (core dumped)" : "");
    }
    job_remove(j);
    return status;
}

/* Finds a job from "%N", "%+", "%%", "%-", "%string" (command prefix) or a pid. */
static struct job *job_lookup(const char *spec, const char *who) {
    struct job *found = NULL;
    if (!spec || strcmp(spec, "%%") == 0 || strcmp(spec, "%+") == 0 || strcmp(spec, "%") == 0) found = job_current(0);
    else if (strcmp(spec, "%-") == 0) found = job_current(1);
    else if (spec[0] == '%' && is_number(spec + 1)) {
        for (int i = 0; i < njobs; i++)
            if (jobs[i]->id == atoi(spec + 1)) found = jobs[i];
    } else if (spec[0] == '%') {
        for (int i = 0; i < njobs; i++)
            if (strncmp(jobs[i]->text, spec + 1, strlen(spec + 1)) == 0) found = jobs[i];
    } else if (is_number(spec)) {
        for (int i = 0; i < njobs; i++)
            for (int k = 0; k < jobs[i]->nprocs; k++)
                if (jobs[i]->procs[k].pid == atoi(spec)) found = jobs[i];
    }
    if (!found && who) sh_error("%s: %s: no such job", who, spec ? spec : "current");
    return found;
}

/* Sends sig to every process of job j: the process group with job control, else each pid. */
static void job_signal(struct job *j, int sig) {
    if (jobctl && j->pgid > 0 && kill(-j->pgid, sig) == 0) return;
    for (int k = 0; k < j->nprocs; k++)
        if (j->procs[k].state != PS_DONE) kill(j->procs[k].pid, sig);
}
static void job_continue(struct job *j, int background) {
    for (int k = 0; k < j->nprocs; k++)
        if (j->procs[k].state == PS_STOPPED) j->procs[k].state = PS_RUNNING;
    j->background = background;
    j->stop_reported = 0;
    j->seq = ++job_seq;
    job_signal(j, SIGCONT);
}
#endif
