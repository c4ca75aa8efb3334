/* qemu_deviations: system call answers where qemu-riscv64 (Debian 12's 7.2) differs from Linux.
 * javix follows Linux; LinuxSemanticsTest compares this program's output under javix with
 * qemu_deviations.expected, written from the Linux man pages and kernel sources:
 *  - nanosleep(2) with an unreadable request: Linux copies it in first, EFAULT (qemu: EINVAL).
 *  - set_robust_list(2) with a length other than sizeof(struct robust_list_head) = 24: EINVAL
 *    (qemu does not implement the call: ENOSYS).
 *  - mmap(2) MAP_FIXED_NOREPLACE over an existing mapping: EEXIST (qemu 7.2 maps elsewhere). */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

static void expect(const char *name, long r, int err) {
    int got = errno; /* before printing: stdio may touch errno */
    char buf[128];
    snprintf(buf, sizeof buf, "%s errno", name);
    check_i64(name, r, -1);
    check_str(buf, strerrorname_np(got) ? strerrorname_np(got) : "?", strerrorname_np(err));
}

int main(void) {
    expect("nanosleep(bad req)", syscall(SYS_nanosleep, (void *)16, NULL), EFAULT);
    expect("set_robust_list(bad len)", syscall(SYS_set_robust_list, NULL, 3), EINVAL);
    void *a = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void *b = mmap(a, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    check_i64("MAP_FIXED_NOREPLACE over a mapping fails", b == MAP_FAILED, 1);
    int e = errno;
    check_str("MAP_FIXED_NOREPLACE errno", strerrorname_np(e), "EEXIST");
    return finish("qemu_deviations");
}
