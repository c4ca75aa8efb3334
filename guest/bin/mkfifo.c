/* mkfifo: make named pipes (FIFOs), like coreutils mkfifo.
 *   mkfifo [-m MODE] NAME...     MODE octal (0600) or symbolic (u=rw,go=r, a+w, ...), applied
 *                                 exactly (not masked by the umask); default 0666 minus the umask
 * A FIFO is a file system name for a pipe: unrelated programs that open the same path share
 * one pipe (see /usr/share/demo/fifo_two_programs). Exit status 1 if any name failed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char USAGE[] =
    "Usage: mkfifo [OPTION]... NAME...\n"
    "Create named pipes (FIFOs) with the given NAMEs.\n"
    "\n"
    "  -m, --mode=MODE    set file permission bits to MODE, not a=rw - umask\n"
    "      --help         display this help and exit\n";

/* Octal, or symbolic clauses "[ugoa]*[-+=][rwxst]*" separated by commas, starting from 0666
   (a FIFO's base mode, as in coreutils). Returns -1 if MODE does not parse. */
static long parse_mode(const char *s) {
    if (*s >= '0' && *s <= '7') {
        char *end;
        long v = strtol(s, &end, 8);
        return *end || v > 07777 ? -1 : v;
    }
    long mode = 0666;
    while (*s) {
        unsigned who = 0;
        for (; strchr("ugoa", *s) && *s; s++)
            who |= *s == 'u' ? 04700 : *s == 'g' ? 02070 : *s == 'o' ? 01007 : 07777;
        if (!who) who = 07777;
        if (!*s || !strchr("+-=", *s)) return -1;
        while (*s && strchr("+-=", *s)) {
            char op = *s++;
            unsigned bits = 0;
            for (; *s && strchr("rwxst", *s); s++)
                bits |= *s == 'r' ? 0444 : *s == 'w' ? 0222 : *s == 'x' ? 0111 : *s == 's' ? 06000 : 01000;
            bits &= who;
            if (op == '+') mode |= bits;
            else if (op == '-') mode &= ~bits;
            else mode = (mode & ~who) | bits;
        }
        if (*s == ',') s++;
        else if (*s) return -1;
    }
    return mode;
}

int main(int argc, char **argv) {
    long mode = -1;
    int i = 1, failed = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        const char *m = NULL;
        if (!strcmp(a, "--")) {
            i++;
            break;
        } else if (!strcmp(a, "--help")) {
            fputs(USAGE, stdout);
            return 0;
        } else if (!strncmp(a, "--mode=", 7)) {
            m = a + 7;
        } else if (!strcmp(a, "-m") || !strcmp(a, "--mode")) {
            if (++i >= argc) {
                fprintf(stderr, "mkfifo: option requires an argument -- 'm'\n"
                                "Try 'mkfifo --help' for more information.\n");
                return 1;
            }
            m = argv[i];
        } else if (!strncmp(a, "-m", 2)) {
            m = a + 2;
        } else {
            if (a[1] == '-') fprintf(stderr, "mkfifo: unrecognized option '%s'\n", a);
            else fprintf(stderr, "mkfifo: invalid option -- '%c'\n", a[1]);
            fputs("Try 'mkfifo --help' for more information.\n", stderr);
            return 1;
        }
        if ((mode = parse_mode(m)) < 0) {
            fprintf(stderr, "mkfifo: invalid mode\n");
            return 1;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "mkfifo: missing operand\nTry 'mkfifo --help' for more information.\n");
        return 1;
    }
    for (; i < argc; i++) {
        if (mkfifo(argv[i], mode < 0 ? 0666 : (mode_t)mode) != 0) {
            fprintf(stderr, "mkfifo: cannot create fifo '%s': %s\n", argv[i], strerror(errno));
            failed = 1;
        } else if (mode >= 0 && chmod(argv[i], (mode_t)mode) != 0) { /* -m is exact: no umask */
            fprintf(stderr, "mkfifo: cannot set permissions of '%s': %s\n", argv[i], strerror(errno));
            failed = 1;
        }
    }
    return failed;
}
