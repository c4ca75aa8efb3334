/* args_env: the initial process state the kernel builds: argc/argv (arguments from
 * args_env.args, one per line, including spaces and UTF-8), argv[argc] == NULL, envp directly
 * after argv and equal to environ, getenv of the variable the harness sets (JAVIX_TEST=1) and of
 * a missing one, and the deterministic auxiliary vector entries: AT_PAGESZ, AT_HWCAP (has the
 * IMAFDC letters), AT_SECURE, AT_RANDOM (present, 16 readable bytes), AT_PHDR/AT_PHENT/AT_PHNUM
 * (matching the ELF program headers of this binary), AT_ENTRY (== _start), AT_CLKTCK, AT_EXECFN.
 * The environment is never printed wholesale and argv[0] is not printed (paths differ). */
#include "check.h"
#include <elf.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;
extern void _start(void);

int main(int argc, char **argv, char **envp) {
    printf("argc = %d\n", argc);
    check_true("argv[0] is non-empty", argv[0] && argv[0][0]);
    for (int i = 1; i < argc; i++) printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    check_true("argv[argc] == NULL", argv[argc] == NULL);
    check_true("envp follows argv", envp == argv + argc + 1);
    check_true("environ == envp", environ == envp);
    int n = 0;
    while (envp[n]) n++;
    check_true("environment is not empty", n > 0);
    const char *t = getenv("JAVIX_TEST");
    printf("JAVIX_TEST = %s\n", t ? t : "(unset)");
    check_str("getenv(JAVIX_TEST)", t ? t : "(unset)", "1");
    check_true("getenv(NONEXISTENT) == NULL", getenv("NONEXISTENT") == NULL);
    check_i64("setenv", setenv("JAVIX_NEW", "value", 1), 0);
    check_str("getenv after setenv", getenv("JAVIX_NEW"), "value");
    unsetenv("JAVIX_NEW");
    check_true("getenv after unsetenv", getenv("JAVIX_NEW") == NULL);

    check_u64("AT_PAGESZ", getauxval(AT_PAGESZ), 4096);
    check_i64("sysconf(_SC_PAGESIZE)", sysconf(_SC_PAGESIZE), 4096);
    unsigned long hw = getauxval(AT_HWCAP);
    const char *letters = "IMAFDC";
    for (const char *l = letters; *l; l++) {
        char name[32];
        snprintf(name, sizeof name, "AT_HWCAP has %c", *l);
        check_true(name, (hw >> (*l - 'A')) & 1);
    }
    check_u64("AT_SECURE", getauxval(AT_SECURE), 0);
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    check_true("AT_RANDOM present", rnd != NULL);
    if (rnd) {
        unsigned sum = 0;
        for (int i = 0; i < 16; i++) sum |= rnd[i];
        check_true("AT_RANDOM bytes readable and not all zero", sum != 0);
    }
    check_u64("AT_PHENT", getauxval(AT_PHENT), sizeof(Elf64_Phdr));
    const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
    unsigned long phnum = getauxval(AT_PHNUM);
    check_true("AT_PHDR present", ph != NULL);
    check_true("AT_PHNUM > 0", phnum > 0);
    int loads = 0, has_phdr_self = 0;
    for (unsigned long i = 0; ph && i < phnum; i++) {
        if (ph[i].p_type == PT_LOAD) loads++;
        if (ph[i].p_type == PT_PHDR || (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)) has_phdr_self = 1;
    }
    printf("PT_LOAD segments: %d\n", loads);
    check_true("program headers readable", loads >= 1 && has_phdr_self);
    check_true("AT_ENTRY == _start", getauxval(AT_ENTRY) == (unsigned long)&_start);
    check_u64("AT_CLKTCK", getauxval(AT_CLKTCK), 100);
    check_i64("sysconf(_SC_CLK_TCK)", sysconf(_SC_CLK_TCK), 100);
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    check_true("AT_EXECFN present", execfn != NULL && execfn[0] != 0);
    return finish("args_env");
}
