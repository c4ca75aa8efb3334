/* exec_self: execve of /proc/self/exe (the program re-executes itself with arguments) and what
 * survives an exec. Linux-only because qemu-riscv64 run directly (without a binfmt_misc
 * registration, as in the harness) cannot execve a RISC-V binary: execve fails with ENOEXEC.
 * Expected output from execve(2), fcntl(2), signal(7), sigaltstack(2), prctl(2) and the kernel
 * (fs/exec.c: comm = basename of the path given to execve, de_thread()):
 *  - kept: pid and ppid, fds without FD_CLOEXEC with their file offset, a dup2 copy of a
 *    close-on-exec fd (dup2 clears the flag), the signal mask, signals pending for the process,
 *    SIG_IGN, the alarm, umask, cwd; argv and envp are the ones passed.
 *  - closed: O_CLOEXEC, FD_CLOEXEC (fcntl F_SETFD), F_DUPFD_CLOEXEC, dup3(O_CLOEXEC) and
 *    pipe2(O_CLOEXEC) fds (EBADF afterwards).
 *  - reset: handled signals to SIG_DFL, the alternate signal stack (SS_DISABLE), the name
 *    (comm) to "exe".
 *  - exec from a second thread: the other threads are gone, the exec'ing thread becomes the
 *    leader (gettid() == getpid() == the old pid), and a signal pending only for the vanished
 *    main thread (raise) is gone with it.
 *  - failures return to the caller: ENOENT, EACCES (a directory, a file without x), ENOEXEC (an
 *    executable file that is not a program), and the process carries on. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "procs.h"

static void on_usr1(int sig) {}

static int after_exec(int argc, char **argv) {
    /* argv: exe "stage2" pid ppid keep cloexec fcntl dupfd dup3 piper pipew dup2copy dir */
    if (argc != 13) {
        printf("FAIL after exec: argc %d\n", argc);
        return 1;
    }
    int v[13];
    for (int i = 2; i < 13; i++) v[i] = atoi(argv[i]);
    check_true("after exec: argv[1]", strcmp(argv[1], "stage2") == 0);
    check_true("after exec: same pid", getpid() == v[2]);
    check_true("after exec: same ppid", getppid() == v[3]);
    check_true("after exec: the exec'ing thread is the leader (gettid == getpid)", syscall(SYS_gettid) == getpid());
    const char *e = getenv("STAGE");
    check_str("after exec: envp passed", e ? e : "(unset)", "two");
    check_true("after exec: only the given environment", getenv("JAVIX_TEST") == NULL);

    char buf[8] = {0};
    check_i64("after exec: plain fd open, offset kept", lseek(v[4], 0, SEEK_CUR), 2);
    check_i64("after exec: reads on from there", read(v[4], buf, 3), 3);
    check_str("after exec: content", buf, "llo");
    const char *names[] = {"O_CLOEXEC fd", "FD_CLOEXEC (F_SETFD) fd", "F_DUPFD_CLOEXEC fd", "dup3(O_CLOEXEC) fd",
                           "pipe2(O_CLOEXEC) read end", "pipe2(O_CLOEXEC) write end"};
    for (int i = 0; i < 6; i++) {
        char n[96];
        snprintf(n, sizeof n, "after exec: %s closed", names[i]);
        errno = 0;
        check_errno(n, fcntl(v[5 + i], F_GETFD), EBADF);
    }
    check_i64("after exec: dup2 copy of a close-on-exec fd is open", fcntl(v[11], F_GETFD), 0);

    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    check_true("after exec: handled SIGUSR1 reset to SIG_DFL", sa.sa_handler == SIG_DFL);
    sigaction(SIGUSR2, NULL, &sa);
    check_true("after exec: ignored SIGUSR2 still SIG_IGN", sa.sa_handler == SIG_IGN);
    sigset_t m, p;
    sigprocmask(SIG_BLOCK, NULL, &m);
    sigpending(&p);
    check_true("after exec: SIGHUP still blocked", sigismember(&m, SIGHUP));
    check_true("after exec: SIGHUP sent to the process still pending", sigismember(&p, SIGHUP));
    check_true("after exec: SIGINT sent to the vanished main thread is gone", !sigismember(&p, SIGINT));
    unsigned left = alarm(0);
    check_true("after exec: the alarm survives (90 < left <= 100)", left > 90 && left <= 100);
    stack_t ss;
    sigaltstack(NULL, &ss);
    check_true("after exec: alternate signal stack disabled", ss.ss_flags == SS_DISABLE);
    check_true("after exec: umask kept (027)", umask(0) == 027);
    char cwd[256] = "";
    getcwd(cwd, sizeof cwd);
    check_true("after exec: cwd kept", strcmp(cwd, argv[12]) == 0);
    char comm[16] = "";
    prctl(PR_GET_NAME, comm);
    check_str("after exec: comm is the basename of the exec'd path", comm, "exe");
    printf("exec_self (after exec): %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}

static char *g_argv[14];
static char *g_envp[] = {"STAGE=two", NULL};
static void *exec_thread(void *arg) {
    fflush(stdout);
    execve("/proc/self/exe", g_argv, g_envp);
    printf("FAIL execve(/proc/self/exe): %s\n", strerror(errno));
    fflush(stdout);
    _exit(2);
}

static char g_alt[16384];

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "stage2") == 0) return after_exec(argc, argv);

    char dir[] = "/tmp/exec_self.XXXXXX", path[64], junk[64];
    check_true("mkdtemp", mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/data", dir);
    snprintf(junk, sizeof junk, "%s/junk", dir);

    /* failing execs return */
    char *nargv[] = {"x", NULL};
    errno = 0;
    check_errno("execve of a missing file", execve("/nonexistent/program", nargv, g_envp), ENOENT);
    errno = 0;
    check_errno("execve of a directory", execve(dir, nargv, g_envp), EACCES);
    int fd = open(junk, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(fd, "just some text\n", 15);
    close(fd);
    errno = 0;
    check_errno("execve of a file without x permission", execve(junk, nargv, g_envp), EACCES);
    chmod(junk, 0755);
    errno = 0;
    check_errno("execve of an executable that is not a program", execve(junk, nargv, g_envp), ENOEXEC);
    check_true("still running after failed execs", 1);

    pid_t parent = getpid();
    pid_t c = xfork();
    if (c == 0) {
        int keep = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
        write(keep, "hello", 5);
        lseek(keep, 2, SEEK_SET);
        int cl = open(path, O_RDONLY | O_CLOEXEC);
        int fc = dup(keep);
        fcntl(fc, F_SETFD, FD_CLOEXEC);
        int dfc = fcntl(keep, F_DUPFD_CLOEXEC, 20);
        int d3 = dup3(keep, 30, O_CLOEXEC);
        int pp[2];
        pipe2(pp, O_CLOEXEC);
        int d2 = dup2(cl, 40);
        if (fcntl(fc, F_GETFD) != FD_CLOEXEC || fcntl(cl, F_GETFD) != FD_CLOEXEC || fcntl(d2, F_GETFD) != 0) {
            printf("FAIL close-on-exec flags before exec\n");
            _exit(3);
        }
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1;
        sigaction(SIGUSR1, &sa, NULL);
        signal(SIGUSR2, SIG_IGN);
        sigset_t m;
        sigemptyset(&m);
        sigaddset(&m, SIGHUP);
        sigaddset(&m, SIGINT);
        sigprocmask(SIG_BLOCK, &m, NULL);
        kill(getpid(), SIGHUP); /* pending for the process */
        raise(SIGINT);          /* pending for this (main) thread only */
        alarm(100);
        stack_t ss = {.ss_sp = g_alt, .ss_size = sizeof g_alt, .ss_flags = 0};
        sigaltstack(&ss, NULL);
        umask(027);
        chdir(dir);
        prctl(PR_SET_NAME, "before-exec");
        static char num[12][16];
        int vals[] = {getpid(), parent, keep, cl, fc, dfc, d3, pp[0], pp[1], d2};
        g_argv[0] = "exec_self";
        g_argv[1] = "stage2";
        for (int i = 0; i < 10; i++) {
            snprintf(num[i], 16, "%d", vals[i]);
            g_argv[2 + i] = num[i];
        }
        g_argv[12] = dir;
        g_argv[13] = NULL;
        pthread_t t;
        pthread_create(&t, NULL, exec_thread, NULL);
        for (;;) pause();
    }
    int st = wait_for(c, 0);
    check_str("the re-executed child", status_str(st), "exited 0");
    unlink(path);
    unlink(junk);
    rmdir(dir);
    return finish("exec_self");
}
