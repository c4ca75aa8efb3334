/* printf: format and print data, like coreutils printf.
 *   printf FORMAT [ARGUMENT]...
 *   FORMAT is printed with its backslash escapes (\" \\ \a \b \c \e \f \n \r \t \v \NNN \xHH)
 *   and directives %[flags][width][.precision]C for C in d i o u x X (integers; an argument
 *   'c or "c is the character's code), f e E g G a A (floating point), c, s, b (the argument
 *   with echo -e's escapes) and %%. Width and precision may be *. FORMAT is reused while
 *   arguments remain; missing arguments are empty strings or 0.
 * Exit status 1 if an argument was not a valid number (the message names it) or the format
 * was bad. */
#include "tools.h"
#include <limits.h>

static int status;
static int stop; /* \c seen: print nothing more */

/* Writes s with echo-style escapes (\0NNN); sets stop at \c. */
static void put_escaped(const char *s, int octal0) {
    for (; *s && !stop; s++) {
        if (*s != '\\' || !s[1]) {
            putchar(*s);
            continue;
        }
        char c;
        int used = unescape(s + 1, &c, octal0);
        if (used == 0) {
            stop = 1;
            return;
        }
        if (used < 0 && s[1] == '"') { /* \" in a format is a quote */
            putchar('"');
            s++;
            continue;
        }
        putchar(c);
        if (used > 0) s += used;
    }
}

/* Checks how strtoX parsed arg and reports as coreutils does. */
static void check_number(const char *arg, const char *end) {
    if (errno == ERANGE) {
        warnx_("'%s': %s", arg, strerror(ERANGE));
        status = 1;
    } else if (end == arg) {
        warnx_("'%s': expected a numeric value", arg);
        status = 1;
    } else if (*end) {
        warnx_("'%s': value not completely converted", arg);
        status = 1;
    }
}

static long long to_signed(const char *arg) {
    if (!arg) return 0;
    if ((arg[0] == '\'' || arg[0] == '"') && arg[1]) return (unsigned char)arg[1];
    char *end;
    errno = 0;
    long long v = strtoll(arg, &end, 0);
    check_number(arg, end);
    return v;
}

static unsigned long long to_unsigned(const char *arg) {
    if (!arg) return 0;
    if ((arg[0] == '\'' || arg[0] == '"') && arg[1]) return (unsigned char)arg[1];
    char *end;
    errno = 0;
    unsigned long long v = *arg == '-' ? (unsigned long long)strtoll(arg, &end, 0) : strtoull(arg, &end, 0);
    check_number(arg, end);
    return v;
}

static long double to_double(const char *arg) {
    if (!arg) return 0;
    if ((arg[0] == '\'' || arg[0] == '"') && arg[1]) return (unsigned char)arg[1];
    char *end;
    errno = 0;
    long double v = strtold(arg, &end);
    check_number(arg, end);
    return v;
}

/* Prints FORMAT once with the arguments from *argi on; returns how many it used. */
static int print_once(const char *fmt, int argc, char **argv, int argi) {
    int used = 0;
#define NEXT() (argi + used < argc ? argv[argi + used++] : (used++, (char *)NULL))
    for (const char *p = fmt; *p && !stop; p++) {
        if (*p == '\\' && p[1]) {
            char c;
            int n = unescape(p + 1, &c, 0);
            if (n == 0) {
                stop = 1;
                break;
            }
            if (n < 0 && p[1] == '"') c = '"', n = 1;
            putchar(c);
            if (n > 0) p += n;
            continue;
        }
        if (*p != '%') {
            putchar(*p);
            continue;
        }
        if (p[1] == '%') {
            putchar('%');
            p++;
            continue;
        }
        /* %[flags][width][.precision]conversion, rebuilt for the C library */
        const char *start = p++;
        char spec[64];
        size_t k = 0;
        spec[k++] = '%';
        while (*p && strchr("-+ #0'", *p) && k < 40) spec[k++] = *p++;
        int width = 0, has_width = 0, prec = 0, has_prec = 0;
        if (*p == '*') {
            width = (int)to_signed(NEXT());
            has_width = 1;
            p++;
        } else {
            while (isdigit((unsigned char)*p) && k < 50) spec[k++] = *p++;
        }
        if (*p == '.') {
            p++;
            if (*p == '*') {
                prec = (int)to_signed(NEXT());
                has_prec = 1;
                p++;
            } else {
                spec[k++] = '.';
                while (isdigit((unsigned char)*p) && k < 58) spec[k++] = *p++;
            }
        }
        while (*p && strchr("hlLqjzt", *p)) p++; /* size modifiers are accepted and ignored */
        char conv = *p;
        if (!conv || !strchr("diouxXfFeEgGaAcsb", conv)) {
            int len = conv ? (int)(p - start + 1) : (int)(p - start);
            warnx_("%.*s: invalid conversion specification", len, start);
            exit(1);
        }
        if (has_width) spec[k++] = '*';
        if (has_prec) spec[k++] = '.', spec[k++] = '*';
        const char *arg = NULL;
        switch (conv) {
        case 'd': case 'i':
            spec[k++] = 'l', spec[k++] = 'l', spec[k++] = conv, spec[k] = 0;
            arg = NEXT();
            {
                long long v = to_signed(arg);
                if (has_width && has_prec) printf(spec, width, prec, v);
                else if (has_width) printf(spec, width, v);
                else if (has_prec) printf(spec, prec, v);
                else printf(spec, v);
            }
            break;
        case 'o': case 'u': case 'x': case 'X':
            spec[k++] = 'l', spec[k++] = 'l', spec[k++] = conv, spec[k] = 0;
            arg = NEXT();
            {
                unsigned long long v = to_unsigned(arg);
                if (has_width && has_prec) printf(spec, width, prec, v);
                else if (has_width) printf(spec, width, v);
                else if (has_prec) printf(spec, prec, v);
                else printf(spec, v);
            }
            break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
            spec[k++] = 'L', spec[k++] = conv, spec[k] = 0;
            arg = NEXT();
            {
                long double v = to_double(arg);
                if (has_width && has_prec) printf(spec, width, prec, v);
                else if (has_width) printf(spec, width, v);
                else if (has_prec) printf(spec, prec, v);
                else printf(spec, v);
            }
            break;
        case 'c':
            spec[k++] = 'c', spec[k] = 0;
            arg = NEXT();
            {
                int c = arg ? (unsigned char)arg[0] : 0;
                if (has_width) printf(spec, width, c);
                else printf(spec, c);
            }
            break;
        case 's':
            spec[k++] = 's', spec[k] = 0;
            arg = NEXT();
            if (!arg) arg = "";
            if (has_width && has_prec) printf(spec, width, prec, arg);
            else if (has_width) printf(spec, width, arg);
            else if (has_prec) printf(spec, prec, arg);
            else printf(spec, arg);
            break;
        case 'b':
            arg = NEXT();
            put_escaped(arg ? arg : "", 1);
            break;
        }
    }
#undef NEXT
    return used;
}

int main(int argc, char **argv) {
    tool_init("printf");
    int i = 1;
    if (i < argc && !strcmp(argv[i], "--help")) {
        puts("Usage: printf FORMAT [ARGUMENT]...\n"
             "Print ARGUMENT(s) according to FORMAT.\n\n"
             "FORMAT controls the output as in C printf.  Interpreted sequences are:\n\n"
             "  \\\"      double quote\n  \\\\      backslash\n  \\a      alert (BEL)\n"
             "  \\b      backspace\n  \\c      produce no further output\n  \\e      escape\n"
             "  \\f      form feed\n  \\n      new line\n  \\r      carriage return\n"
             "  \\t      horizontal tab\n  \\v      vertical tab\n"
             "  \\NNN    byte with octal value NNN (1 to 3 digits)\n"
             "  \\xHH    byte with hexadecimal value HH (1 to 2 digits)\n"
             "  %%      a single %\n"
             "  %b      ARGUMENT as a string with '\\' escapes interpreted\n\n"
             "and all C format specifications ending with one of diouxXfeEgGcs.");
        return 0;
    }
    if (i < argc && !strcmp(argv[i], "--")) i++;
    if (i >= argc) {
        warnx_("missing operand");
        try_help(1);
    }
    const char *fmt = argv[i++];
    int used;
    do {
        used = print_once(fmt, argc, argv, i);
        i += used;
    } while (used > 0 && i < argc && !stop);
    if (used == 0 && i < argc) warnx_("warning: ignoring excess arguments, starting with '%s'", argv[i]);
    return close_stdout(status);
}
