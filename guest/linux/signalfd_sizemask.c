/* signalfd_sizemask: signalfd4(2) with a sizemask other than sizeof(sigset_t) (8) is EINVAL
 * (fs/signalfd.c: "if (sizemask != sizeof(sigset_t)) return -EINVAL"). qemu-riscv64 accepts
 * other sizes and makes a signalfd, so LinuxSemanticsTest compares javix's output with
 * signalfd_sizemask.expected instead. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../tests/check.h"

static long rc(long r) { return r < 0 ? -errno : r; }

int main(void) {
    sigset_t m;
    sigemptyset(&m);
    check_i64("sizemask 4", rc(syscall(SYS_signalfd4, -1, &m, 4, 0)), -EINVAL);
    check_i64("sizemask 16", rc(syscall(SYS_signalfd4, -1, &m, 16, 0)), -EINVAL);
    check_i64("sizemask 0", rc(syscall(SYS_signalfd4, -1, &m, 0, 0)), -EINVAL);
    check_i64("sizemask 8", rc(syscall(SYS_signalfd4, -1, &m, 8, 0)), 3);
    return finish("signalfd_sizemask");
}
