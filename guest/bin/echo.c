/* echo: write the arguments, separated by spaces, and a newline, like coreutils echo.
 *   echo [-n] [-e] [-E] [STRING]...
 *   -n: no trailing newline; -e: interpret \a \b \c \e \f \n \r \t \v \\ \0NNN \xHH (\c stops
 *   all output); -E: do not (the default). As in coreutils, an argument is an option only if
 *   it is all of n, e, E after the dash; anything else ("-x", "--") is printed. */
#include "tools.h"

int main(int argc, char **argv) {
    tool_init("echo");
    int newline = 1, escapes = 0, i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1] || a[strspn(a + 1, "neE") + 1]) break;
        for (a++; *a; a++) {
            if (*a == 'n') newline = 0;
            else if (*a == 'e') escapes = 1;
            else escapes = 0;
        }
    }
    for (int first = i; i < argc; i++) {
        if (i > first) putchar(' ');
        for (const char *s = argv[i]; *s; s++) {
            if (!escapes || *s != '\\' || !s[1]) {
                putchar(*s);
                continue;
            }
            char c;
            int used = unescape(s + 1, &c, 1);
            if (used == 0) return close_stdout(0); /* \c: nothing more, not even the newline */
            putchar(c);
            if (used > 0) s += used;
        }
    }
    if (newline) putchar('\n');
    return close_stdout(0);
}
