/* scanf_parse: scanf reading scanf_parse.stdin (ints in decimal/hex/octal/%i, floats, doubles,
 * inf/nan/hex floats, strings with widths, %n, %[...] scan sets, %c, a matching failure and
 * EOF), sscanf on fixed strings, and the strtod/strtof/strtold/strtol/strtoul/strtoll/
 * strtoull/atoi/atol/atof edge cases: overflow and underflow with ERANGE, end pointers,
 * bases 0/2/16/36, signs and white space, hex floats, "inf"/"infinity"/"nan(...)". Every parsed
 * value is printed and compared with the expected one. */
#include "check.h"
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

static void fmt_double(char *out, size_t n, double d) {
    uint64_t b;
    memcpy(&b, &d, 8);
    snprintf(out, n, "%.17g (0x%016llx)", d, (unsigned long long)b);
}

static void check_double(const char *name, double got, double expected) {
    char g[64], e[64];
    fmt_double(g, sizeof g, got);
    fmt_double(e, sizeof e, expected);
    if (isnan(got) && isnan(expected)) strcpy(g, e); /* any NaN sign/payload from parsing "nan" */
    check_str(name, g, e);
}

static void from_stdin(void) {
    int a, b, o, i1, i2, i3;
    unsigned x;
    int r = scanf("%d %d %x %o %i %i %i", &a, &b, &x, &o, &i1, &i2, &i3);
    check_i64("scanf ints return", r, 7);
    check_i64("%d", a, 42);
    check_i64("%d negative", b, -17);
    check_i64("%x", x, 31);
    check_i64("%o", o, 493);
    check_i64("%i hex", i1, 16);
    check_i64("%i octal", i2, 8);
    check_i64("%i negative hex", i3, -16);

    float f;
    double d1, d2, d3, d4, d5;
    r = scanf("%f %lf %lf %lf %lf %lf", &f, &d1, &d2, &d3, &d4, &d5);
    check_i64("scanf floats return", r, 6);
    check_double("%f", f, 3.25);
    check_double("%lf exponent", d1, -1.5e-3);
    check_double("%lf hex float", d2, 3.0);
    check_double("%lf inf", d3, INFINITY);
    check_double("%lf nan", d4, NAN);
    check_double("%lf 1e400", d5, INFINITY);

    char s1[32], s2[32];
    r = scanf("%31s %5s", s1, s2);
    check_i64("scanf strings return", r, 2);
    check_str("%s", s1, "hello");
    check_str("%5s", s2, "world");
    r = scanf("%31s", s2);
    check_str("%s remainder", s2, "wide");

    char letters[32], rest[32];
    int num;
    r = scanf(" %31[a-z]%d%31[^\n]", letters, &num, rest);
    check_i64("scan set return", r, 3);
    check_str("%[a-z]", letters, "abc");
    check_i64("%d after set", num, 123);
    check_str("%[^\\n]", rest, "def ghi");

    char key[32], val[32];
    int n = -1;
    r = scanf(" %31[^=]=%31[^;];%n", key, val, &n);
    check_i64("key=value return (%n not counted)", r, 2);
    check_str("key", key, "key");
    check_str("value", val, "value");
    check_true("%n counted the consumed characters", n > 0);

    unsigned long long ull;
    long long ll;
    r = scanf("%llu %lld", &ull, &ll);
    check_i64("scanf 64-bit return", r, 2);
    check_u64("%llu", ull, 12345678901234567890ULL);
    check_i64("%lld overflow clamps (glibc)", ll, LLONG_MIN);

    int bad = 77;
    r = scanf("%d", &bad);
    check_i64("matching failure return", r, 0);
    check_i64("matching failure leaves the target", bad, 77);
    r = scanf("%31s", s1);
    check_str("word after the failure", s1, "notanumber");

    char c1, c2;
    r = scanf(" %c%c", &c1, &c2);
    check_i64("%c return", r, 2);
    check_i64("%c", c1, 'Z');
    check_i64("%c takes white space", c2, ' ');
    short sh;
    signed char hh;
    r = scanf("%hd %hhd", &sh, &hh);
    check_i64("%hd %hhd return", r, 2);
    check_i64("%hd", sh, -1234);
    check_i64("%hhd", hh, 100);
    char tail[64];
    r = scanf(" %63[^\n]", tail);
    check_str("last line", tail, "the end");
    r = scanf("%d", &a);
    check_i64("EOF", r, EOF);
}

static void with_sscanf(void) {
    int a = 0, b = 0, n = 0;
    check_i64("sscanf literal match", sscanf("x=10,y=20", "x=%d,y=%d%n", &a, &b, &n), 2);
    check_i64("x", a, 10);
    check_i64("y", b, 20);
    check_i64("%n", n, 9);
    check_i64("sscanf empty input", sscanf("", "%d", &a), EOF);
    check_i64("sscanf literal mismatch", sscanf("x:5", "x=%d", &a), 0);
    char s[16];
    check_i64("sscanf %*d suppression", sscanf("1 2 three", "%*d %d %15s", &a, s), 2);
    check_i64("suppressed next", a, 2);
    check_str("string", s, "three");
    double d;
    check_i64("sscanf %lg", sscanf("  -0.000123e+3xyz", "%lg", &d), 1);
    check_double("%lg value", d, -0.123);
    unsigned u;
    check_i64("sscanf %2x width", sscanf("abcdef", "%2x", &u), 1);
    check_u64("%2x", u, 0xab);
    check_i64("sscanf %[]] set", sscanf("]]]a", "%15[]]", s), 1);
    check_str("%[]]", s, "]]]");
    long double ld;
    check_i64("sscanf %Lf", sscanf("1.5", "%Lf", &ld), 1);
    check_true("%Lf value", ld == 1.5L);
}

#define STRTOD(str, expv, endoff, erange)                                                     \
    do {                                                                                      \
        const char *_s = str;                                                                 \
        char *_e;                                                                             \
        errno = 0;                                                                            \
        double _d = strtod(_s, &_e);                                                          \
        int _er = errno == ERANGE;                                                            \
        check_double("strtod(\"" str "\")", _d, expv);                                        \
        check_i64("strtod(\"" str "\") end", _e - _s, endoff);                                \
        check_i64("strtod(\"" str "\") ERANGE", _er, erange);                                 \
    } while (0)

#define STRTOL(fn, type, str, base, expv, endoff, erange)                                     \
    do {                                                                                      \
        const char *_s = str;                                                                 \
        char *_e;                                                                             \
        errno = 0;                                                                            \
        type _v = fn(_s, &_e, base);                                                          \
        int _er = errno == ERANGE;                                                            \
        check_u64(#fn "(\"" str "\"," #base ")", (uint64_t)_v, (uint64_t)(type)(expv));       \
        check_i64(#fn "(\"" str "\"," #base ") end", _e - _s, endoff);                        \
        check_i64(#fn "(\"" str "\"," #base ") ERANGE", _er, erange);                         \
    } while (0)

static void conversions(void) {
    STRTOD("3.25", 3.25, 4, 0);
    STRTOD("  +12.5abc", 12.5, 7, 0);
    STRTOD("-0", -0.0, 2, 0);
    STRTOD(".5", 0.5, 2, 0);
    STRTOD("5.", 5.0, 2, 0);
    STRTOD("1e", 1.0, 1, 0);
    STRTOD("1e+", 1.0, 1, 0);
    STRTOD("abc", 0.0, 0, 0);
    STRTOD("1,5", 1.0, 1, 0);
    STRTOD("0.1", 0.1, 3, 0);
    STRTOD("1e400", INFINITY, 5, 1);
    STRTOD("-1e400", -INFINITY, 6, 1);
    STRTOD("1e-400", 0.0, 6, 1);
    STRTOD("2.2250738585072014e-308", DBL_MIN, 23, 0);
    STRTOD("4.9406564584124654e-324", 4.9406564584124654e-324, 23, 1);
    STRTOD("1.7976931348623157e308", DBL_MAX, 22, 0);
    STRTOD("1.7976931348623159e308", INFINITY, 22, 1);
    STRTOD("0x1.8p1", 3.0, 7, 0);
    STRTOD("0X1P-1074", 4.9406564584124654e-324, 9, 0);
    STRTOD("0x.1", 0.0625, 4, 0);
    STRTOD("0x", 0.0, 1, 0);
    STRTOD("0xg", 0.0, 1, 0);
    STRTOD("inf", INFINITY, 3, 0);
    STRTOD("-Infinity", -INFINITY, 9, 0);
    STRTOD("INFINITE", INFINITY, 3, 0);
    STRTOD("nan", NAN, 3, 0);
    STRTOD("nan(123)", NAN, 8, 0);
    STRTOD("NAN(", NAN, 3, 0);
    STRTOD("9007199254740993", 9007199254740992.0, 16, 0);
    STRTOD("9007199254740993.00001", 9007199254740994.0, 22, 0);
    STRTOD("000000000000000000000000000000001e-5", 1e-5, 36, 0);

    errno = 0;
    float f = strtof("1e39", NULL);
    check_true("strtof(1e39) = inf", isinf(f) && f > 0);
    check_i64("strtof(1e39) ERANGE", errno == ERANGE, 1);
    f = strtof("3.40282347e38", NULL);
    check_true("strtof FLT_MAX", f == FLT_MAX);
    f = strtof("0.1", NULL);
    uint32_t fb;
    memcpy(&fb, &f, 4);
    check_u32("strtof(0.1)", fb, 0x3dcccccdu);
    long double ld = strtold("1e4000", NULL);
    check_true("strtold(1e4000) finite", isfinite(ld) && ld > 1e3999L);
    ld = strtold("0.1", NULL);
    check_true("strtold(0.1) != (double)0.1", ld != (long double)0.1);

    STRTOL(strtol, long, "123", 10, 123, 3, 0);
    STRTOL(strtol, long, "  -0x10", 0, -16, 7, 0);
    STRTOL(strtol, long, "0777", 0, 511, 4, 0);
    STRTOL(strtol, long, "0x", 0, 0, 1, 0);
    STRTOL(strtol, long, "zz", 36, 1295, 2, 0);
    STRTOL(strtol, long, "ZZ", 36, 1295, 2, 0);
    STRTOL(strtol, long, "1012", 2, 5, 3, 0);
    STRTOL(strtol, long, "ff", 16, 255, 2, 0);
    STRTOL(strtol, long, "0xff", 16, 255, 4, 0);
    STRTOL(strtol, long, " +", 10, 0, 0, 0);
    STRTOL(strtol, long, "9223372036854775807", 10, LONG_MAX, 19, 0);
    STRTOL(strtol, long, "9223372036854775808", 10, LONG_MAX, 19, 1);
    STRTOL(strtol, long, "-9223372036854775808", 10, LONG_MIN, 20, 0);
    STRTOL(strtol, long, "-9223372036854775809", 10, LONG_MIN, 20, 1);
    STRTOL(strtol, long, "99999999999999999999999", 10, LONG_MAX, 23, 1);
    STRTOL(strtoll, long long, "-0x8000000000000000", 16, LLONG_MIN, 19, 0);
    STRTOL(strtoul, unsigned long, "-1", 10, ULONG_MAX, 2, 0);
    STRTOL(strtoul, unsigned long, "18446744073709551615", 10, ULONG_MAX, 20, 0);
    STRTOL(strtoul, unsigned long, "18446744073709551616", 10, ULONG_MAX, 20, 1);
    STRTOL(strtoul, unsigned long, "-18446744073709551616", 10, ULONG_MAX, 21, 1);
    STRTOL(strtoull, unsigned long long, "0xFFFFFFFFFFFFFFFF", 0, ULLONG_MAX, 18, 0);
    STRTOL(strtoull, unsigned long long, "1777777777777777777777", 8, ULLONG_MAX, 22, 0);
    STRTOL(strtoull, unsigned long long, "2000000000000000000000", 8, ULLONG_MAX, 22, 1);

    check_i64("atoi", atoi("  -123xyz"), -123);
    check_i64("atoi empty", atoi(""), 0);
    check_i64("atol", atol("9000000000"), 9000000000L);
    check_i64("atoll", atoll("-9000000000000"), -9000000000000LL);
    check_double("atof", atof("3.5e2"), 350.0);
    check_double("atof junk", atof("x1"), 0.0);
}

int main(void) {
    from_stdin();
    with_sscanf();
    conversions();
    return finish("scanf_parse");
}
