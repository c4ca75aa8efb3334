/* sh_bi_jobs.h: the builtins about processes and signals: wait, jobs, fg, bg, kill, trap. */
#ifndef SH_BI_JOBS_H
#define SH_BI_JOBS_H
#include "sh_exec.h"

static int bi_wait_jobs(int argc, char **argv);
/* wait: in an interactive shell Ctrl-C interrupts it (status 130), as in bash. */
static int bi_wait(int argc, char **argv) {
    if (!interactive) return bi_wait_jobs(argc, argv);
    sigint_interrupts(1);
    wait_stop = &wait_interrupted;
    int status = bi_wait_jobs(argc, argv);
    wait_stop = &no_stop;
    sigint_interrupts(0);
    if (wait_interrupted) {
        fdputs(2, "\n");
        status = 130;
    }
    return status;
}
static int bi_wait_jobs(int argc, char **argv) {
    if (argc == 1) {
        for (int i = 0; i < njobs;) {
            struct job *j = jobs[i];
            if (job_state(j) == PS_RUNNING) job_wait_blocking(j);
            if (wait_interrupted) return 130;
            if (job_state(j) == PS_DONE) job_remove(j);
            else i++;
        }
        return 0;
    }
    int status = 0;
    for (int a = 1; a < argc; a++) {
        struct job *j = job_lookup(argv[a], NULL);
        if (!j) {
            if (argv[a][0] == '%') sh_error("wait: %s: no such job", argv[a]);
            else sh_error("wait: pid %s is not a child of this shell", argv[a]);
            status = 127;
            continue;
        }
        if (argv[a][0] != '%') { /* a pid: that process's status */
            pid_t pid = atoi(argv[a]);
            struct proc *p = NULL;
            for (int k = 0; k < j->nprocs; k++)
                if (j->procs[k].pid == pid) p = &j->procs[k];
            while (p->state == PS_RUNNING) {
                int st;
                pid_t r = waitpid(-1, &st, jobctl ? WUNTRACED : 0);
                if (r < 0) {
                    if (errno == EINTR && !wait_interrupted) continue;
                    if (errno == EINTR) return 130;
                    p->state = PS_DONE;
                    break;
                }
                job_record(r, st);
            }
            status = status_code(p->status);
        } else {
            job_wait_blocking(j);
            if (wait_interrupted) return 130;
            status = job_status(j);
        }
        if (job_state(j) == PS_DONE) job_remove(j);
    }
    return status;
}

static int bi_jobs(int argc, char **argv) {
    int pids = argc > 1 && strcmp(argv[1], "-p") == 0;
    int longfmt = argc > 1 && strcmp(argv[1], "-l") == 0;
    jobs_reap();
    for (int i = 0; i < njobs;) {
        struct job *j = jobs[i];
        if (pids) fdprintf(1, "%d\n", (int)j->pgid);
        else if (longfmt) {
            char word[64];
            job_state_word(j, word, sizeof word);
            fdprintf(1, "[%d]%c %d %-24s%s\n", j->id, job_mark(j), (int)j->procs[0].pid, word, j->text);
        } else job_print(1, j);
        if (job_state(j) == PS_DONE) job_remove(j);
        else {
            if (job_state(j) == PS_STOPPED) j->stop_reported = 1;
            i++;
        }
    }
    return 0;
}

static int bi_fg(int argc, char **argv) {
    if (!jobctl) {
        sh_error("%s: no job control", argv[0]);
        return 1;
    }
    jobs_reap();
    struct job *j = job_lookup(argc > 1 ? argv[1] : NULL, argv[0]);
    if (!j) return 1;
    if (job_state(j) == PS_DONE) {
        sh_error("%s: job has terminated", argv[0]);
        job_remove(j);
        return 1;
    }
    if (argv[0][0] == 'b') {
        if (job_state(j) == PS_RUNNING) {
            sh_error("bg: job %d already in background", j->id);
            return 0;
        }
        job_continue(j, 1);
        fdprintf(1, "[%d]%c %s &\n", j->id, job_mark(j), j->text);
        return 0;
    }
    fdprintf(1, "%s\n", j->text);
    tcsetpgrp(tty_fd, j->pgid);
    if (j->has_tmodes) tcsetattr(tty_fd, TCSADRAIN, &j->tmodes);
    job_continue(j, 0);
    return job_wait_fg(j);
}

static const char *const signal_names[] = {
    "0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
    "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

static int signal_number(const char *s) {
    if (is_number(s)) return atoi(s);
    if (strncasecmp(s, "SIG", 3) == 0) s += 3;
    for (int i = 1; i < 32; i++)
        if (strcasecmp(s, signal_names[i]) == 0) return i;
    return -1;
}

static int bi_kill(int argc, char **argv) {
    int sig = SIGTERM, i = 1;
    if (argc > 1 && strcmp(argv[1], "-l") == 0) {
        struct str out = {0};
        for (int k = 1; k < 32; k++) {
            str_adds(&out, signal_names[k]);
            str_addc(&out, k % 8 == 0 || k == 31 ? '\n' : ' ');
        }
        write_all(1, out.s, out.len);
        free(out.s);
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "-s") == 0) sig = signal_number(argv[2]), i = 3;
    else if (argc > 1 && argv[1][0] == '-' && argv[1][1]) sig = signal_number(argv[1] + 1), i = 2;
    if (sig < 0 || sig > 64) {
        sh_error("kill: %s: invalid signal specification", argv[i - 1]);
        return 1;
    }
    if (i >= argc) {
        sh_error("kill: usage: kill [-s sigspec | -signum] pid | %%job ...");
        return 2;
    }
    int status = 0;
    for (; i < argc; i++) {
        if (argv[i][0] == '%') {
            struct job *j = job_lookup(argv[i], "kill");
            if (!j) {
                status = 1;
                continue;
            }
            job_signal(j, sig);
            /* a stopped job acts on the signal only once continued (bash does the same) */
            if (sig == SIGCONT || (job_state(j) == PS_STOPPED && sig != SIGSTOP && sig != SIGTSTP &&
                                   sig != SIGTTIN && sig != SIGTTOU))
                job_continue(j, 1);
        } else {
            char *end;
            long pid = strtol(argv[i], &end, 10);
            if (*end || !*argv[i]) {
                sh_error("kill: %s: arguments must be process or job IDs", argv[i]);
                status = 1;
            } else if (kill((pid_t)pid, sig) < 0) {
                sh_error("kill: (%ld) - %s", pid, strerror(errno));
                status = 1;
            }
        }
    }
    return status;
}

static int trap_signal(const char *s) {
    if (strcmp(s, "EXIT") == 0 || strcmp(s, "0") == 0) return 0;
    int sig = signal_number(s);
    return sig > 0 && sig < TRAP_SLOTS && sig != SIGKILL && sig != SIGSTOP ? sig : -1;
}
static int bi_trap(int argc, char **argv) {
    if (argc == 1) {
        struct str out = {0};
        for (int sig = 0; sig < TRAP_SLOTS; sig++) {
            if (!trap_cmd[sig]) continue;
            str_adds(&out, "trap -- ");
            print_quoted(&out, trap_cmd[sig]);
            str_addc(&out, ' ');
            str_adds(&out, sig == 0 ? "EXIT" : sig < 32 ? signal_names[sig] : "?");
            str_addc(&out, '\n');
        }
        if (out.s) write_all(1, out.s, out.len);
        free(out.s);
        return 0;
    }
    int i = 1;
    if (strcmp(argv[1], "--") == 0) i++;
    if (i >= argc) return 0;
    const char *action = argv[i];
    /* "trap N..." with a number first resets those signals (XCU trap) */
    if (is_number(action) || (argc - i == 1 && trap_signal(action) >= 0 && strcmp(action, "-") != 0)) action = "-";
    else i++;
    int status = 0;
    for (; i < argc; i++) {
        int sig = trap_signal(argv[i]);
        if (sig < 0) {
            sh_error("trap: %s: invalid signal specification", argv[i]);
            status = 1;
            continue;
        }
        free(trap_cmd[sig]);
        trap_cmd[sig] = strcmp(action, "-") == 0 ? NULL : xstrdup(action);
        if (sig == 0) continue;
        if (!trap_cmd[sig]) trap_default(sig);
        else if (!*trap_cmd[sig]) signal(sig, SIG_IGN);
        else {
            struct sigaction sa = {0};
            sa.sa_handler = trap_handler;
            sa.sa_flags = SA_RESTART;
            sigemptyset(&sa.sa_mask);
            sigaction(sig, &sa, NULL);
        }
    }
    return status;
}
#endif
