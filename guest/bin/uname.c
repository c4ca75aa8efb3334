/* uname: print system information, like coreutils uname (from uname(2)).
 *   uname [-a] [-s] [-n] [-r] [-v] [-m] [-p] [-i] [-o]
 *   kernel name, node name, kernel release, kernel version, machine, processor, hardware
 *   platform, operating system; no option means -s. -a prints all but -p and -i when those
 *   are unknown, as coreutils. */
#include "tools.h"
#include <sys/utsname.h>

int main(int argc, char **argv) {
    tool_init("uname");
    enum { S = 1, N = 2, R = 4, V = 8, M = 16, P = 32, I = 64, O = 128 };
    int want = 0, all = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        static const struct { const char *name; int bit; } LONG[] = {
            {"--kernel-name", S}, {"--nodename", N}, {"--kernel-release", R}, {"--kernel-version", V},
            {"--machine", M}, {"--processor", P}, {"--hardware-platform", I}, {"--operating-system", O}};
        if (!strcmp(a, "--help")) {
            puts("Usage: uname [OPTION]...\n"
                 "Print certain system information.  With no OPTION, same as -s.\n\n"
                 "  -a, --all                print all information, in the following order,\n"
                 "                             except omit -p and -i if unknown:\n"
                 "  -s, --kernel-name        print the kernel name\n"
                 "  -n, --nodename           print the network node hostname\n"
                 "  -r, --kernel-release     print the kernel release\n"
                 "  -v, --kernel-version     print the kernel version\n"
                 "  -m, --machine            print the machine hardware name\n"
                 "  -p, --processor          print the processor type (non-portable)\n"
                 "  -i, --hardware-platform  print the hardware platform (non-portable)\n"
                 "  -o, --operating-system   print the operating system\n"
                 "      --help               display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--all")) { all = 1; continue; }
        int found = 0;
        for (size_t k = 0; k < sizeof LONG / sizeof LONG[0]; k++)
            if (!strcmp(a, LONG[k].name)) { want |= LONG[k].bit; found = 1; }
        if (found) continue;
        if (a[0] != '-' || a[1] == '-' || !a[1]) {
            if (a[0] == '-' && a[1] == '-') warnx_("unrecognized option '%s'", a);
            else warnx_("extra operand '%s'", a);
            try_help(1);
        }
        for (a++; *a; a++) {
            const char *letters = "snrvmpio";
            const char *at = strchr(letters, *a);
            if (*a == 'a') all = 1;
            else if (at) want |= 1 << (at - letters);
            else { warnx_("invalid option -- '%c'", *a); try_help(1); }
        }
    }
    if (all) want |= S | N | R | V | M | O;
    if (!want) want = S;
    struct utsname u;
    if (uname(&u) < 0) {
        warn_("cannot get system name");
        return 1;
    }
    const char *fields[] = {u.sysname, u.nodename, u.release, u.version, u.machine, "unknown", "unknown", "GNU/Linux"};
    int first = 1;
    for (int k = 0; k < 8; k++) {
        if (!(want & (1 << k))) continue;
        if (all && (k == 5 || k == 6)) continue; /* unknown: -a leaves them out */
        printf("%s%s", first ? "" : " ", fields[k]);
        first = 0;
    }
    putchar('\n');
    return close_stdout(0);
}
