/* vfork_shares_memory: vfork(2) semantics. qemu-riscv64 emulates vfork as fork (the child gets
 * a copy of the memory and the parent runs on at once), so this runs only under javix.
 * Expected output from vfork(2): "the child shares all memory with its parent, including the
 * stack, until it calls _exit or execve; the calling thread is suspended until then."
 *  - a global, a heap byte and a variable of the parent's frame written by the child before
 *    _exit(0) are seen by the parent;
 *  - the parent resumes only after the child's _exit: the child sleeps 30 ms first, and the
 *    parent finds the child's "done" mark and >= 30 ms elapsed;
 *  - the child has its own pid (its getppid() is the parent) and its exit status is reported;
 *  - vfork + execve: the parent resumes as soon as the child has exec'd, while the exec'd
 *    program still runs (it waits for a byte the parent sends after resuming), and its exit
 *    status (7) is then reported by waitpid.
 * Also a fork, for contrast: the child's write is not seen. */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/syscall.h>
#include "procs.h"

static volatile int g_value;
static volatile int g_child_pid, g_child_ppid, g_done;

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "exec-child") == 0) {
        int fd = atoi(argv[2]);
        char c;
        ssize_t r = read(fd, &c, 1); /* the parent must already be running to send this */
        return r == 1 && c == 'r' ? 7 : 8;
    }

    volatile int frame_var = 1;
    volatile char *heap = malloc(16);
    heap[0] = 'p';
    fflush(stdout);
    int64_t t0 = mono_ns();
    pid_t p = vfork();
    if (p == 0) {
        g_value = 42;
        heap[0] = 'c';
        frame_var = 2;
        g_child_pid = (int)syscall(SYS_getpid);
        g_child_ppid = (int)syscall(SYS_getppid);
        struct timespec ts = {0, 30000000};
        syscall(SYS_nanosleep, &ts, NULL);
        g_done = 1;
        _exit(5);
    }
    int64_t waited = mono_ns() - t0;
    check_i64("parent sees the child's write to a global", g_value, 42);
    check_i64("parent sees the child's write to the heap", heap[0], 'c');
    check_i64("parent sees the child's write to its own frame", frame_var, 2);
    check_true("parent resumed after the child's _exit (done mark set)", g_done == 1);
    check_true("parent was suspended >= 30 ms", waited >= 30000000);
    check_true("vfork returned the child's pid", p == g_child_pid && p != getpid());
    check_true("child's getppid() is the parent", g_child_ppid == getpid());
    check_str("child's exit status", status_str(wait_for(p, 0)), "exited 5");

    int pp[2];
    pipe(pp);
    char fdarg[16];
    snprintf(fdarg, sizeof fdarg, "%d", pp[0]);
    char *cargv[] = {"vfork_shares_memory", "exec-child", fdarg, NULL};
    char *cenv[] = {NULL};
    g_done = 0;
    fflush(stdout);
    p = vfork();
    if (p == 0) {
        execve("/proc/self/exe", cargv, cenv);
        g_done = 99;
        _exit(127);
    }
    check_true("vfork + execve: the exec succeeded", g_done == 0);
    int st = 0;
    check_i64("the exec'd child still runs when the parent resumes", waitpid(p, &st, WNOHANG), 0);
    write(pp[1], "r", 1);
    check_str("the exec'd child's exit status", status_str(wait_for(p, 0)), "exited 7");
    close(pp[0]);
    close(pp[1]);

    g_value = 0;
    fflush(stdout);
    p = fork();
    if (p == 0) {
        g_value = 42;
        _exit(0);
    }
    wait_for(p, 0);
    check_i64("fork, for contrast: the child's write is not seen", g_value, 0);
    return finish("vfork_shares_memory");
}
