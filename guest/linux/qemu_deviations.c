/* qemu_deviations: system call answers where qemu-riscv64 (Debian 12's 7.2) differs from Linux.
 * javix follows Linux; LinuxSemanticsTest compares this program's output under javix with
 * qemu_deviations.expected, written from the Linux man pages and kernel sources:
 *  - nanosleep(2) with an unreadable request: Linux copies it in first, EFAULT (qemu: EINVAL).
 *  - set_robust_list(2) with a length other than sizeof(struct robust_list_head) = 24: EINVAL
 *    (qemu does not implement the call: ENOSYS).
 *  - mmap(2) MAP_FIXED_NOREPLACE over an existing mapping: EEXIST (qemu 7.2 maps elsewhere).
 *  - madvise(2) over a range that runs into unmapped memory: ENOMEM (qemu ignores madvise: 0).
 *  - mremap(2) growing a mapping that cannot grow in place, without MREMAP_MAYMOVE: ENOMEM, also
 *    for a huge new length (qemu: EINVAL from its own range check); an old length that page
 *    rounding wraps to 0 on a private mapping: EINVAL (vma_to_resize; qemu: ENOMEM).
 *  - sched_setaffinity(2) with a cpusetsize larger than the kernel's cpumask: the extra bytes
 *    are ignored, so 0xffffffff works (get_user_cpu_mask; qemu: EINVAL). */
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
    char *m = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect("madvise(into unmapped memory)", syscall(SYS_madvise, m, 1L << 40, MADV_NORMAL), ENOMEM);
    expect("mremap(grow to 2^62, not in place)", syscall(SYS_mremap, m, 4096L, 1L << 62, 0), ENOMEM);
    expect("mremap(old length wraps to 0)", syscall(SYS_mremap, m, -1L, 4096L, 0), EINVAL);
    unsigned long mask[64] = {1};
    check_i64("sched_setaffinity(cpusetsize 0xffffffff)", syscall(SYS_sched_setaffinity, 0, 0xffffffffL, mask), 0);
    return finish("qemu_deviations");
}
