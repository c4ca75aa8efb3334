/* sysv_ipc.h: helpers shared by the System V IPC tests (sysv_msg, sysv_shm, sysv_sem).
 *
 * Keys are made from the test's pid so that runs under qemu-riscv64 (on the host's IPC
 * namespace) never meet another test's objects; every test removes what it creates. */
#ifndef JAVIX_SYSV_IPC_H
#define JAVIX_SYSV_IPC_H

#include "procs.h"
#include <fcntl.h>
#include <sched.h>

/* A key of this test run: a tag byte and the pid. */
static inline key_t test_key(int tag) {
    return (key_t)(((unsigned)tag << 24) | ((unsigned)getpid() & 0xffffff));
}

/* Waits until process pid sleeps (state S in /proc/PID/stat): it is blocked in its call.
 * Returns 1, or 0 if it never did. */
static inline int wait_sleeping(pid_t pid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (int i = 0; i < 2000000; i++) {
        int fd = open(path, O_RDONLY);
        if (fd < 0) return 0;
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (n <= 0) return 0;
        buf[n] = 0;
        char *p = strrchr(buf, ')');
        if (p && p[1] == ' ' && p[2] == 'S') return 1;
        if (p && p[1] == ' ' && p[2] == 'Z') return 0;
        sched_yield();
    }
    return 0;
}

/* In a child: become an unprivileged user if root, so permission checks apply. */
static inline void drop_root(void) {
    if (geteuid() == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(99);
    }
}

/* Reads /proc/sysvipc/NAME: copies its header line (without the newline) into header and the
 * line of the object with this key into line (or "" if there is none); both hold 1024 bytes.
 * Returns 1 if the file could be read. */
static inline int sysvipc_line(const char *name, key_t key, char header[1024], char line[1024]) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/sysvipc/%s", name);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    header[0] = line[0] = 0;
    if (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = 0;
        memcpy(header, buf, sizeof buf);
    }
    while (fgets(buf, sizeof buf, f)) {
        if (atol(buf) == (long)key) memcpy(line, buf, sizeof buf);
    }
    fclose(f);
    return 1;
}

#endif
