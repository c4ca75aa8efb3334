/* fifo_two_programs: two unrelated programs talk through a named pipe (FIFO) in /tmp. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "fifo_two_programs: an unnamed pipe can only be shared by inheriting its descriptors, so\n"
    "only related processes can use it. mkfifo() gives a pipe a name in the file system: any\n"
    "process that may open the path can use it, with nothing else in common. Here the demo\n"
    "creates /tmp/fifo_demo.<pid> and starts itself twice through execv(), as a reader and as\n"
    "a writer: two fresh programs that inherit no pipe and know only the path. The reader's\n"
    "open(O_RDONLY) blocks until a writer opens the FIFO too (the rendezvous); then the writer's\n"
    "lines flow through the kernel's pipe buffer - never through the disk, the file's size\n"
    "stays 0 - and the reader sees EOF when the writer closes. Finally the FIFO is unlinked\n"
    "like any file. You can play both roles yourself from two shells:\n"
    "  mkfifo /tmp/f; fifo_two_programs reader /tmp/f   and   fifo_two_programs writer /tmp/f\n";

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int reader(const char *path) {
    printf("[reader %d] a new program; its only link to the writer is the name %s.\n", (int)getpid(), path);
    printf("[reader %d] open(\"%s\", O_RDONLY) - blocks until some process opens it for writing...\n",
           (int)getpid(), path);
    double t0 = now();
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("[reader %d] open failed: %s\n", (int)getpid(), strerror(errno));
        return 1;
    }
    printf("[reader %d] open returned after %.1f s: a writer has arrived.\n", (int)getpid(), now() - t0);
    FILE *in = fdopen(fd, "r");
    char line[256];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = 0;
        printf("[reader %d] read \"%s\"\n", (int)getpid(), line);
    }
    printf("[reader %d] end of file: the writer closed its end. Done.\n", (int)getpid());
    fclose(in);
    return 0;
}

static int writer(const char *path) {
    printf("[writer %d] another new program. open(\"%s\", O_WRONLY) - a reader is waiting, so it\n"
           "             returns at once and wakes the reader.\n", (int)getpid(), path);
    fflush(stdout);
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        fprintf(stderr, "[writer %d] open failed: %s\n", (int)getpid(), strerror(errno));
        return 1;
    }
    /* From here on only the reader prints, so the output has one order. */
    char line[128];
    for (int i = 1; i <= 3; i++) {
        int n = snprintf(line, sizeof line, "line %d from writer pid %d\n", i, (int)getpid());
        if (write(fd, line, (size_t)n) != n) return 1;
    }
    close(fd);
    return 0;
}

/* Starts this program again as `self ROLE PATH` in a child; returns the child's pid. */
static pid_t spawn(const char *self, const char *role, const char *path) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl(self, self, role, path, (char *)NULL);
        if (errno != ENOEXEC) {
            fprintf(stderr, "execl %s: %s\n", self, strerror(errno));
            _exit(127);
        }
        /* qemu-riscv64 run by hand (no binfmt_misc) cannot exec a RISC-V file: play the role
           in the forked child instead; it still shares nothing with the other but the path */
        fprintf(stderr, "(execl: %s - the host cannot run a RISC-V file directly; the %s runs\n"
                        " in the forked child without exec)\n", strerror(errno), role);
        _exit(strcmp(role, "reader") == 0 ? reader(path) : writer(path));
    }
    return pid;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 3 && strcmp(argv[1], "reader") == 0) return reader(argv[2]);
    if (argc == 3 && strcmp(argv[1], "writer") == 0) return writer(argv[2]);
    if (argc != 1) {
        fprintf(stderr, "usage: %s [--help | reader PATH | writer PATH]\n", argv[0]);
        return 2;
    }

    /* The path of this program, to start it again: /proc/self/exe, else argv[0]. */
    static char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) self[n] = 0;
    else snprintf(self, sizeof self, "%s", argv[0]);

    char path[64];
    snprintf(path, sizeof path, "/tmp/fifo_demo.%d", (int)getpid());
    unlink(path);
    if (mkfifo(path, 0600) != 0) {
        fprintf(stderr, "mkfifo %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct stat st;
    stat(path, &st);
    printf("[launcher %d] mkfifo(\"%s\", 0600): a file of type '%s', size %lld.\n", (int)getpid(), path,
           S_ISFIFO(st.st_mode) ? "p (FIFO)" : "?", (long long)st.st_size);
    printf("[launcher %d] starting \"%s reader %s\" (fork + execv).\n", (int)getpid(), self, path);
    pid_t r = spawn(self, "reader", path);

    struct timespec pause = {0, 500 * 1000000L};
    nanosleep(&pause, NULL);
    printf("[launcher %d] half a second later the reader is still inside open(). Now starting\n"
           "             \"%s writer %s\".\n", (int)getpid(), self, path);
    pid_t w = spawn(self, "writer", path);

    int status, ok = 1;
    waitpid(w, &status, 0);
    ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
    waitpid(r, &status, 0);
    ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
    stat(path, &st);
    printf("[launcher %d] both are done%s. The FIFO is still there, size %lld: the data went through\n"
           "             the kernel, not the disk. unlink(\"%s\") removes the name.\n", (int)getpid(),
           ok ? "" : " (one of them FAILED)", (long long)st.st_size, path);
    unlink(path);
    return ok ? 0 : 1;
}
