/* printf_formats: glibc's printf family on integers, floats, doubles and long doubles (IEEE
 * quad in software on riscv64): conversions %d %i %u %x %X %o %c %s %% %e %E %f %F %g %G %a %A,
 * length modifiers hh h l ll z j t L, widths, precisions, '*' arguments, the flags "-+ #0",
 * inf/nan, huge/tiny/subnormal doubles, round-half-even boundaries, %n, and the return values
 * of snprintf when it truncates. Each result is printed and compared with the string glibc
 * produces on Linux. */
#define _GNU_SOURCE
#include "check.h"
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>

#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

static char buf[512];

#define T(expected, ...)                                                   \
    do {                                                                   \
        int _n = snprintf(buf, sizeof buf, __VA_ARGS__);                   \
        check_str(#__VA_ARGS__, buf, expected);                            \
        if (_n != (int)strlen(expected)) check_i64("return value of " #__VA_ARGS__, _n, (int64_t)strlen(expected)); \
    } while (0)

static void integers(void) {
    T("42", "%d", 42);
    T("-42", "%i", -42);
    T("2147483647 -2147483648", "%d %d", INT_MAX, INT_MIN);
    T("4294967295", "%u", UINT_MAX);
    T("ff FF 377", "%x %X %o", 255, 255, 255);
    T("0xff 0XFF 0377", "%#x %#X %#o", 255, 255, 255);
    T("0 0 0", "%#x %#o %#X", 0, 0, 0);
    T("-9223372036854775808", "%ld", LONG_MIN);
    T("9223372036854775807", "%lld", LLONG_MAX);
    T("18446744073709551615", "%lu", ULONG_MAX);
    T("ffffffffffffffff", "%llx", ~0ULL);
    T("1777777777777777777777", "%lo", ~0UL);
    T("-1 255", "%hhd %hhu", 255, 255);
    T("-128 127", "%hhd %hhd", 128, 127);
    T("-1 65535", "%hd %hu", 65535, 65535);
    T("-32768", "%hd", 32768);
    T("123456789012", "%zu", (size_t)123456789012ULL);
    T("-5", "%zd", (ptrdiff_t)-5);
    T("-77", "%td", (ptrdiff_t)-77);
    T("9223372036854775807", "%jd", (intmax_t)INT64_MAX);
    T("[   42]", "[%5d]", 42);
    T("[42   ]", "[%-5d]", 42);
    T("[00042]", "[%05d]", 42);
    T("[  +42]", "[%+5d]", 42);
    T("[+0042]", "[%+05d]", 42);
    T("[ 42]", "[% d]", 42);
    T("[-42]", "[% d]", -42);
    T("[+42]", "[%+ d]", 42);
    T("[  042]", "[%5.3d]", 42);
    T("[-042 ]", "[%-5.3d]", -42);
    T("[  042]", "[%05.3d]", 42); /* '0' ignored with a precision */
    T("[]", "[%.0d]", 0);
    T("[     ]", "[%5.0d]", 0);
    T("[]", "[%.0o]", 0);
    T("[0]", "[%#.0o]", 0);
    T("[0x002a]", "[%#06x]", 42);
    T("[  0x2a]", "[%#6x]", 42);
    T("[0x2a  ]", "[%-#6x]", 42);
    T("[   42]", "[%*d]", 5, 42);
    T("[42   ]", "[%*d]", -5, 42);
    T("[00042]", "[%.*d]", 5, 42);
    T("[42]", "[%.*d]", -1, 42);
    T("[ -0000000042]", "[%012.10d]", -42);
    T("  1   2    3", "%3d%4d%5d", 1, 2, 3);
    T("2 1", "%2$d %1$d", 1, 2);
}

static void chars_strings(void) {
    T("A", "%c", 'A');
    T("[    x]", "[%5c]", 'x');
    T("[x    ]", "[%-5c]", 'x');
    T("hello", "%s", "hello");
    T("hel", "%.3s", "hello");
    T("[  hel]", "[%5.3s]", "hello");
    T("[hel  ]", "[%-5.3s]", "hello");
    T("[]", "[%.0s]", "hello");
    T("[hello]", "[%.10s]", "hello");
    T("[   hi]", "[%*s]", 5, "hi");
    T("[hi]", "[%.*s]", 2, "hip");
    T("100%", "%d%%", 100);
    T("(null)", "%s", (char *)NULL);
    T("a\tb\nc", "a\tb%cc", '\n');
    T("[\xc3\xa9t\xc3\xa9]", "[%s]", "\xc3\xa9t\xc3\xa9");
}

static void doubles(void) {
    T("3.141593", "%f", M_PI);
    T("3.14159265358979311600", "%.20f", M_PI);
    T("3.141593e+00", "%e", M_PI);
    T("3.141593E+00", "%E", M_PI);
    T("3.14159", "%g", M_PI);
    T("3.1415926535897931", "%.17g", M_PI);
    T("0x1.921fb54442d18p+1", "%a", M_PI);
    T("0X1.921FB54442D18P+1", "%A", M_PI);
    T("0x1p+0", "%a", 1.0);
    T("0x0p+0", "%a", 0.0);
    T("-0x0p+0", "%a", -0.0);
    T("0x1.999999999999ap-4", "%a", 0.1);
    T("0x1.9ap-4", "%.2a", 0.1);
    T("0x2p-4", "%.0a", 0.1);
    T("0x1.0000000000000p+0", "%.13a", 1.0);
    T("0x0.0000000000001p-1022", "%a", 4.9406564584124654e-324);
    T("0x1p-1022", "%a", DBL_MIN);
    T("0x1.fffffffffffffp+1023", "%a", DBL_MAX);
    T("0", "%.0f", 0.5);
    T("2", "%.0f", 1.5);
    T("2", "%.0f", 2.5);
    T("4", "%.0f", 3.5);
    T("-0", "%.0f", -0.5);
    T("-2", "%.0f", -2.5);
    T("0.1", "%.1f", 0.05);  /* 0.05 is slightly above 0.05 in binary */
    T("0.2", "%.1f", 0.25);  /* exact tie: to even */
    T("0.3", "%.1f", 0.35);  /* 0.35 is 0.34999... in binary */
    T("1.000", "%.3f", 0.9995);
    T("2.675", "%.3f", 2.675);
    T("2.67", "%.2f", 2.675);   /* 2.675 is 2.67499999... */
    T("1e+300", "%g", 1e300);
    T("1.000000e+300", "%e", 1e300);
    T("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000", "%f", 1e300);
    T("2.2250738585072014e-308", "%.17g", DBL_MIN);
    T("2.225074e-308", "%e", DBL_MIN);
    T("4.9406564584124654e-324", "%.17g", 4.9406564584124654e-324);
    T("4.94066e-324", "%g", 4.9406564584124654e-324);
    T("1.7976931348623157e+308", "%.17g", DBL_MAX);
    T("0.000000", "%f", 1e-300);
    T("1e-05", "%g", 0.00001);
    T("0.0001", "%g", 0.0001);
    T("100000", "%g", 100000.0);
    T("1e+06", "%g", 1000000.0);
    T("1.00000", "%#g", 1.0);
    T("1.", "%#.0f", 1.0);
    T("1.e+00", "%#.0e", 1.0);
    T("0.0001", "%.1g", 0.0001);
    T("1.0e+02", "%.1e", 99.96);
    T("1e+02", "%.1g", 99.96);
    T("1.2346E+06", "%.4E", 1234567.0);
    T("1.23457E+06", "%G", 1234567.0);
    T("[  +1.50]", "[%+7.2f]", 1.5);
    T("[-1.50  ]", "[%-7.2f]", -1.5);
    T("[-001.50]", "[%07.2f]", -1.5);
    T("[ 1.5]", "[% .1f]", 1.5);
    T("[      3.14]", "[%*.*f]", 10, 2, M_PI);
    T("inf -inf INF -INF", "%f %f %F %F", INFINITY, -INFINITY, INFINITY, -INFINITY);
    T("inf -inf", "%e %g", INFINITY, -INFINITY);
    T("[     +inf]", "[%+9f]", INFINITY);
    T("[inf      ]", "[%-9f]", INFINITY);
    T("[      inf]", "[%09f]", INFINITY);
    T("nan -nan NAN", "%f %f %F", NAN, -NAN, NAN);
    T("nan", "%e", NAN);
    T("inf", "%a", INFINITY);
    T("-0.000000", "%f", -0.0);
    T("-0", "%g", -0.0);
    T("123456789", "%.0f", 123456789.0);
    T("9007199254740994", "%.0f", 9007199254740992.0 + 2);
    T("0.333333333333333314829616256247", "%.30f", 1.0 / 3);
    T("1.0000000000000002", "%.17g", 1.0000000000000002);
    T("1e+100", "%.0e", 1e100);
}

static void floats(void) {
    float f = 0.1f;
    T("0.100000", "%f", f);
    T("0.100000001490116", "%.15f", f);
    T("0x1.99999ap-4", "%a", f);
    T("16777216", "%.0f", (float)16777217);
    T("3.40282e+38", "%g", FLT_MAX);
    T("1.17549e-38", "%g", FLT_MIN);
    T("1.4013e-45", "%g", 1.40129846e-45f);
}

static void long_doubles(void) {
    long double third = 1.0L / 3;
    T("0.33333333333333333333333333333333", "%.32Lf", third);
    T("3.3333333333333333333333333333333e-01", "%.31Le", third);
    T("0x1.5555555555555555555555555555p-2", "%La", third);
    T("3.14159265358979323846264338327950", "%.32Lf", 3.14159265358979323846264338327950288L);
    T("1.18973149535723176508575932662800702e+4932", "%.36Lg", LDBL_MAX);
    T("3.3621031431120935062626778173217526e-4932", "%.36Lg", LDBL_MIN);
    T("6.475175119438025110924438958227646552e-4966", "%.37Lg", 6.475175119438025110924438958227646552e-4966L);
    T("0x0.0000000000000000000000000001p-16382", "%La", 6.475175119438025110924438958227646552e-4966L);
    T("2", "%.0Lf", 2.5L);
    T("4", "%.0Lf", 3.5L);
    T("1e+4000", "%Lg", 1e4000L);
    T("inf -inf nan", "%Lf %Lf %Lf", (long double)INFINITY, -(long double)INFINITY, (long double)NAN);
    T("18446744073709551616", "%.0Lf", 18446744073709551616.0L);
    T("0.1", "%.1Lf", 0.1L);
    T("1.00000000000000000000000000000000019", "%.36Lg", 1.0L + LDBL_EPSILON);
}

static void misc(void) {
    int n1 = -1, n2 = -1;
    snprintf(buf, sizeof buf, "abc%nde%nf", &n1, &n2);
    check_i64("%n after 3", n1, 3);
    check_i64("%n after 5", n2, 5);
    signed char hn = 0;
    snprintf(buf, sizeof buf, "%300s%hhn", "", &hn);
    check_i64("%hhn wraps", hn, 300 - 256);

    char small[8];
    int r = snprintf(small, sizeof small, "%s", "0123456789");
    check_i64("snprintf truncated return", r, 10);
    check_str("snprintf truncated contents", small, "0123456");
    r = snprintf(small, 1, "%d", 12345);
    check_i64("snprintf size 1 return", r, 5);
    check_str("snprintf size 1 contents", small, "");
    r = snprintf(NULL, 0, "%f", 1e300);
    check_i64("snprintf(NULL,0) length of 1e300", r, 308);
    r = snprintf(small, sizeof small, "%08.3f", -3.14159);
    check_i64("snprintf exact fit return", r, 8);
    check_str("snprintf exact fit contents", small, "-003.14");

    /* stdout itself: printf / puts / putchar / fputs / fwrite in order. */
    int pr = printf("printf direct: %5.1f|%-4s|%03d\n", 2.25, "ab", 7);
    check_i64("printf return value", pr, 30);
    puts("puts line");
    putchar('c');
    putchar('\n');
    fputs("fputs line\n", stdout);
    fwrite("fwrite line\n", 1, 12, stdout);
    char *dyn = NULL;
    int ar = asprintf(&dyn, "%s-%d-%.2e", "asprintf", -1, 12345.678);
    check_str("asprintf", dyn ? dyn : "(null)", "asprintf--1-1.23e+04");
    check_i64("asprintf return", ar, 20);
    free(dyn);
}

int main(void) {
    integers();
    chars_strings();
    doubles();
    floats();
    long_doubles();
    misc();
    return finish("printf_formats");
}
