/* proc_fork: what fork copies, shares and resets.
 * fork returns 0 in the child and the child's pid in the parent, getppid() in the child is the
 * parent; memory is copied (globals, heap, MAP_PRIVATE writes on either side stay private) but
 * MAP_SHARED|MAP_ANONYMOUS memory is shared; open files are shared with their offset (child
 * writes, the parent's offset moves), a child's close does not close the parent's fd; umask and
 * cwd are inherited; handlers, SIG_IGN and the signal mask are inherited but pending signals
 * and alarms are not; pthread_atfork handlers run in order; a fork from a second thread gives a
 * child whose only thread is the forking one (gettid == getpid); an orphan's getppid() changes
 * away from its dead parent; 40 children exiting with 40 codes are all reaped. */
#include "procs.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int g_global = 1;
static volatile sig_atomic_t g_handled;
static void on_usr1(int sig) { g_handled++; }

static char g_log[32];
static int g_loglen;
static void at_prepare(void) { g_log[g_loglen++] = 'P'; }
static void at_parent(void) { g_log[g_loglen++] = 'p'; }
static void at_child(void) { g_log[g_loglen++] = 'c'; }

static void *fork_in_thread(void *arg) {
    int *rep = arg;
    pid_t p = xfork();
    if (p == 0) {
        report_int(rep[1], (pid_t)syscall(SYS_gettid) == getpid());
        _exit(0);
    }
    waitpid(p, NULL, 0);
    return NULL;
}

int main(void) {
    int rep[2];
    pipe(rep);
    pid_t me = getpid();

    /* return values and identity */
    pid_t p = xfork();
    if (p == 0) {
        report_int(rep[1], getppid() == me);
        report_int(rep[1], getpid() != me);
        _exit(0);
    }
    check_true("fork returns the child's pid (> 0) in the parent", p > 0 && p != me);
    check_i64("child: getppid() is the parent", read_int(rep[0]), 1);
    check_i64("child: getpid() differs from the parent's", read_int(rep[0]), 1);
    int st = 0;
    check_true("wait returns that pid", wait(&st) == p);

    /* memory */
    char *heap = malloc(100);
    strcpy(heap, "parent");
    char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    priv[0] = 'P';
    shared[0] = 1;
    struct gate g, back;
    gate_open(&g);
    gate_open(&back);
    p = xfork();
    if (p == 0) {
        g_global = 2;
        strcpy(heap, "child");
        priv[0] = 'C';
        shared[0] = 2;
        gate_pass(&g);
        gate_wait(&back); /* the parent has written; the child must not see it */
        report_int(rep[1], g_global == 2 && priv[1] == 0 && shared[1] == 20);
        _exit(0);
    }
    gate_wait(&g);
    check_i64("child's global write is private", g_global, 1);
    check_str("child's heap write is private", heap, "parent");
    check_i64("child's MAP_PRIVATE write is private", priv[0], 'P');
    check_i64("child's MAP_SHARED write is visible", shared[0], 2);
    g_global = 3;
    priv[1] = 'x';
    shared[1] = 20;
    gate_pass(&back);
    check_i64("child: parent's private writes invisible, shared ones visible", read_int(rep[0]), 1);
    wait_for(p, 0);
    gate_close(&g);
    gate_close(&back);

    /* files */
    char dir[] = "/tmp/proc_fork.XXXXXX", path[64];
    mkdtemp(dir);
    snprintf(path, sizeof path, "%s/f", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "ab", 2);
    p = xfork();
    if (p == 0) {
        write(fd, "cde", 3);
        close(fd);
        _exit(0);
    }
    wait_for(p, 0);
    check_i64("child's writes moved the shared offset", lseek(fd, 0, SEEK_CUR), 5);
    char buf[8] = {0};
    check_i64("parent's fd still open after the child closed it", pread(fd, buf, 5, 0), 5);
    check_str("file content", buf, "abcde");
    close(fd);
    unlink(path);

    /* umask and cwd */
    mode_t old_mask = umask(027);
    chdir(dir);
    p = xfork();
    if (p == 0) {
        char cwd[64];
        report_int(rep[1], umask(0) == 027);
        report_int(rep[1], getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0);
        _exit(0);
    }
    check_i64("child inherits umask", read_int(rep[0]), 1);
    check_i64("child inherits cwd", read_int(rep[0]), 1);
    wait_for(p, 0);
    umask(old_mask);
    chdir("/");
    rmdir(dir);

    /* signals: dispositions and mask inherited, pending signals and alarms not */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGUSR2, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGHUP); /* pending in the parent only */
    alarm(100);
    p = xfork();
    if (p == 0) {
        sigset_t m, pend;
        sigprocmask(SIG_BLOCK, NULL, &m);
        sigpending(&pend);
        report_int(rep[1], sigismember(&m, SIGUSR1) && sigismember(&m, SIGHUP));
        report_int(rep[1], sigismember(&pend, SIGHUP));
        report_int(rep[1], alarm(0));
        struct sigaction cur;
        sigaction(SIGUSR2, NULL, &cur);
        report_int(rep[1], cur.sa_handler == SIG_IGN);
        raise(SIGUSR2); /* ignored */
        sigprocmask(SIG_UNBLOCK, &set, NULL); /* SIGHUP is not pending here: nothing happens */
        raise(SIGUSR1);
        report_int(rep[1], g_handled);
        _exit(0);
    }
    check_i64("child inherits the signal mask", read_int(rep[0]), 1);
    check_i64("child does not inherit pending signals", read_int(rep[0]), 0);
    check_i64("child does not inherit the alarm (alarm(0) returns 0)", read_int(rep[0]), 0);
    check_i64("child inherits SIG_IGN", read_int(rep[0]), 1);
    check_i64("child inherits the handler (it ran once)", read_int(rep[0]), 1);
    check_str("child status", status_str(wait_for(p, 0)), "exited 0");
    check_true("parent's alarm still set", alarm(0) > 90);
    sigset_t pend;
    sigpending(&pend);
    check_true("parent's SIGHUP still pending", sigismember(&pend, SIGHUP));
    signal(SIGHUP, SIG_IGN); /* discards it */
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
    check_i64("parent's handler never ran", g_handled, 0);

    /* pthread_atfork */
    pthread_atfork(at_prepare, at_parent, at_child);
    p = xfork();
    if (p == 0) {
        report_int(rep[1], g_loglen == 2 && g_log[0] == 'P' && g_log[1] == 'c');
        _exit(0);
    }
    g_log[g_loglen] = 0;
    check_str("atfork in the parent: prepare then parent", g_log, "Pp");
    check_i64("atfork in the child: prepare then child", read_int(rep[0]), 1);
    wait_for(p, 0);

    /* fork from a second thread */
    pthread_t t;
    pthread_create(&t, NULL, fork_in_thread, rep);
    check_i64("fork in a thread: the child's only thread is the forking one", read_int(rep[0]), 1);
    pthread_join(t, NULL);

    /* an orphan is re-parented. The middle process waits until the grandchild has looked at
     * its parent once, so "before" does not depend on which of the two the scheduler runs first. */
    struct gate seen;
    gate_open(&seen);
    p = xfork();
    if (p == 0) {
        pid_t mid = getpid();
        pid_t gc = fork();
        if (gc == 0) {
            int before = getppid() == mid;
            gate_pass(&seen);
            while (getppid() == mid) sleep_ms(1); /* until the middle process is gone */
            report_int(rep[1], before);
            report_int(rep[1], getppid() != mid && getppid() != me);
            _exit(0);
        }
        gate_wait(&seen);
        _exit(0);
    }
    check_str("middle process exits first", status_str(wait_for(p, 0)), "exited 0");
    check_i64("orphan: parent was the middle process", read_int(rep[0]), 1);
    check_i64("orphan: re-parented to another process (not the dead one, not us)", read_int(rep[0]), 1);

    /* many children */
    pid_t kids[40];
    for (int i = 0; i < 40; i++) {
        kids[i] = xfork();
        if (kids[i] == 0) _exit(i + 1);
    }
    int sum = 0, right = 0;
    for (int i = 0; i < 40; i++) {
        pid_t w = wait(&st);
        sum += WEXITSTATUS(st);
        for (int k = 0; k < 40; k++)
            if (kids[k] == w && WEXITSTATUS(st) == k + 1) right++;
    }
    check_i64("40 children: sum of exit codes", sum, 40 * 41 / 2);
    check_i64("40 children: each pid with its own code", right, 40);
    errno = 0;
    check_errno("then no children left", wait(&st), ECHILD);
    return finish("proc_fork");
}
