/* bad_args: bad guest pointers get EFAULT, bad flags EINVAL, unknown system calls ENOSYS — and
 * the process lives on. Raw syscall(2) is used where glibc would check arguments itself.
 * Cases where qemu-riscv64 answers differently from Linux live in guest/linux/qemu_deviations.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define BAD ((void *)16)            /* never mapped: below mmap_min_addr */
#define HIGH ((void *)(1UL << 60))  /* beyond user space */

static void expect(const char *name, long r, int err) {
    int got = errno; /* before printing: stdio may touch errno */
    char buf[128];
    snprintf(buf, sizeof buf, "%s errno", name);
    check_i64(name, r, -1);
    check_str(buf, strerrorname_np(got) ? strerrorname_np(got) : "?", strerrorname_np(err));
}

int main(void) {
    struct timespec ts;
    expect("write(bad buffer)", syscall(SYS_write, 1, BAD, 10), EFAULT);
    expect("write(high buffer)", syscall(SYS_write, 1, HIGH, 10), EFAULT);
    int zero = open("/dev/zero", O_RDONLY);
    expect("read(bad buffer)", syscall(SYS_read, zero, BAD, 10), EFAULT);
    close(zero);
    expect("clock_gettime(bad ts)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD), EFAULT);
    expect("clock_gettime(bad clock)", syscall(SYS_clock_gettime, 999, &ts), EINVAL);
    expect("clock_getres(bad clock)", syscall(SYS_clock_getres, -5, &ts), EINVAL);
    expect("uname(NULL)", syscall(SYS_uname, NULL), EFAULT);
    expect("openat(bad path)", syscall(SYS_openat, AT_FDCWD, BAD, 0), EFAULT);
    struct timespec neg = {0, -1};
    expect("nanosleep(negative nsec)", syscall(SYS_nanosleep, &neg, NULL), EINVAL);
    struct timespec big = {0, 1000000000};
    expect("nanosleep(nsec too big)", syscall(SYS_nanosleep, &big, NULL), EINVAL);
    expect("mmap(len 0)", (long)syscall(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    expect("mmap(no type)", (long)syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
    expect("mmap(bad prot)", (long)syscall(SYS_mmap, 0, 4096, 0x100, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    expect("mmap(bad fd)", (long)syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, 99, 0), EBADF);
    expect("mmap(unaligned offset)", (long)syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100), EINVAL);
    expect("munmap(unaligned)", syscall(SYS_munmap, (void *)0x10001, 4096), EINVAL);
    expect("munmap(len 0)", syscall(SYS_munmap, (void *)0x10000, 0), EINVAL);
    expect("mprotect(unaligned)", syscall(SYS_mprotect, (void *)0x10001, 4096, PROT_READ), EINVAL);
    expect("getrandom(bad flags)", syscall(SYS_getrandom, &ts, 4, 0x100), EINVAL);
    expect("getrandom(bad buffer)", syscall(SYS_getrandom, BAD, 4, 0), EFAULT);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    expect("rt_sigaction(SIGKILL)", syscall(SYS_rt_sigaction, SIGKILL, &sa, NULL, 8), EINVAL);
    expect("rt_sigaction(bad sigsetsize)", syscall(SYS_rt_sigaction, SIGUSR1, &sa, NULL, 4), EINVAL);
    expect("rt_sigaction(signal 0)", syscall(SYS_rt_sigaction, 0, &sa, NULL, 8), EINVAL);
    expect("rt_sigaction(signal 65)", syscall(SYS_rt_sigaction, 65, &sa, NULL, 8), EINVAL);
    expect("rt_sigprocmask(bad how)", syscall(SYS_rt_sigprocmask, 7, &sa.sa_mask, NULL, 8), EINVAL);
    expect("prlimit64(bad resource)", syscall(SYS_prlimit64, 0, 99, NULL, NULL), EINVAL);
    expect("kill(bad signal)", syscall(SYS_kill, getpid(), 99), EINVAL);
    expect("lseek(bad fd)", syscall(SYS_lseek, 99, 0, SEEK_SET), EBADF);
    expect("close(bad fd)", syscall(SYS_close, 99), EBADF);
    expect("unknown syscall 999", syscall(999), ENOSYS);
    expect("unknown syscall 244", syscall(244), ENOSYS);
    check_i64("still alive after all that", 1, 1);
    return finish("bad_args");
}
