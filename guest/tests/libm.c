/* libm: glibc's math library (which leans on the D/F instructions: fsqrt, fmadd, fcvt with
 * static rounding modes, fclass, fmin/fmax, fsgnj...) over a table of inputs: trigonometric,
 * inverse, hyperbolic, exponential and logarithmic functions, pow, cbrt, hypot, fmod,
 * remainder, rounding functions (floor ceil round trunc rint nearbyint lround llrint), frexp,
 * ldexp, modf, fma, fmin, fmax, copysign, nextafter, erf, erfc, tgamma, lgamma, and float
 * variants. Every result is printed with %.17g and %a; known values are checked within 2 ulp,
 * exact ones exactly. */
#include "check.h"
#include <float.h>
#include <math.h>

static const double inputs[] = {
    -1e300, -100.0, -10.0, -2.5, -1.0, -0.5, -1e-300, -0.0, 0.0, 4.9406564584124654e-324,
    1e-300, 1e-8, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.141592653589793, 10.0, 100.0, 710.0, 1e22,
    INFINITY, -INFINITY, NAN,
};
#define NIN (sizeof inputs / sizeof inputs[0])

typedef double (*fn1)(double);
static const struct { const char *name; fn1 f; } fns1[] = {
    {"sin", sin}, {"cos", cos}, {"tan", tan}, {"asin", asin}, {"acos", acos}, {"atan", atan},
    {"sinh", sinh}, {"cosh", cosh}, {"tanh", tanh}, {"asinh", asinh}, {"acosh", acosh},
    {"atanh", atanh}, {"exp", exp}, {"exp2", exp2}, {"expm1", expm1}, {"log", log},
    {"log2", log2}, {"log10", log10}, {"log1p", log1p}, {"sqrt", sqrt}, {"cbrt", cbrt},
    {"floor", floor}, {"ceil", ceil}, {"round", round}, {"trunc", trunc}, {"rint", rint},
    {"nearbyint", nearbyint}, {"erf", erf}, {"erfc", erfc}, {"tgamma", tgamma},
    {"lgamma", lgamma}, {"fabs", fabs}, {"logb", logb},
};

typedef float (*fn1f)(float);
static const struct { const char *name; fn1f f; } fns1f[] = {
    {"sinf", sinf}, {"cosf", cosf}, {"tanf", tanf}, {"asinf", asinf}, {"atanf", atanf},
    {"expf", expf}, {"exp2f", exp2f}, {"logf", logf}, {"log2f", log2f}, {"log10f", log10f},
    {"sqrtf", sqrtf}, {"cbrtf", cbrtf}, {"tanhf", tanhf}, {"floorf", floorf}, {"roundf", roundf},
    {"rintf", rintf}, {"erff", erff}, {"tgammaf", tgammaf}, {"lgammaf", lgammaf},
};

static void print_all(void) {
    for (unsigned k = 0; k < sizeof fns1 / sizeof fns1[0]; k++)
        for (unsigned i = 0; i < NIN; i++) {
            double r = fns1[k].f(inputs[i]);
            printf("%s(%.17g) = %.17g %a\n", fns1[k].name, inputs[i], r, r);
        }
    for (unsigned k = 0; k < sizeof fns1f / sizeof fns1f[0]; k++)
        for (unsigned i = 0; i < NIN; i++) {
            float x = (float)inputs[i];
            float r = fns1f[k].f(x);
            printf("%s(%.9g) = %.9g %a\n", fns1f[k].name, x, r, r);
        }
    static const double pairs[][2] = {
        {1, 1}, {-1, -1}, {0.0, -0.0}, {-0.0, -1}, {2, 10}, {2, -1074}, {2, 0.5}, {-8, 1.0 / 3},
        {10, 3}, {-10, 3}, {11, 3}, {5.5, -2}, {1e300, 1e-300}, {INFINITY, 2}, {NAN, 0}, {0, NAN},
        {1, NAN}, {3, 4}, {-7.5, 2.25}, {0.1, 0.2},
    };
    for (unsigned i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        double x = pairs[i][0], y = pairs[i][1];
        double r[9] = {atan2(x, y), pow(x, y), hypot(x, y), fmod(x, y), remainder(x, y),
                       fmin(x, y), fmax(x, y), copysign(x, y), nextafter(x, y)};
        const char *n[9] = {"atan2", "pow", "hypot", "fmod", "remainder", "fmin", "fmax", "copysign", "nextafter"};
        for (int k = 0; k < 9; k++) printf("%s(%.17g, %.17g) = %.17g %a\n", n[k], x, y, r[k], r[k]);
        float fx = (float)x, fy = (float)y;
        float rf[4] = {atan2f(fx, fy), powf(fx, fy), hypotf(fx, fy), fmodf(fx, fy)};
        const char *nf[4] = {"atan2f", "powf", "hypotf", "fmodf"};
        for (int k = 0; k < 4; k++) printf("%s(%.9g, %.9g) = %.9g %a\n", nf[k], fx, fy, rf[k], rf[k]);
    }
}

/* |got - expected| <= ulps * ulp(expected) */
static void near(const char *name, double got, double expected, double ulps) {
    double ulp = nextafter(fabs(expected), INFINITY) - fabs(expected);
    int ok = fabs(got - expected) <= ulps * ulp;
    g_checks++;
    if (!ok) {
        g_failures++;
        printf("FAIL %s: got %.17g expected %.17g\n", name, got, expected);
    } else {
        printf("ok %s = %.17g\n", name, got);
    }
}

static void exact(const char *name, double got, double expected) {
    uint64_t g, e;
    memcpy(&g, &got, 8);
    memcpy(&e, &expected, 8);
    check_u64(name, g, e);
}

static void known(void) {
    near("sin(1)", sin(1.0), 0.8414709848078965, 2);
    near("cos(1)", cos(1.0), 0.54030230586813977, 2);
    near("tan(1)", tan(1.0), 1.5574077246549023, 2);
    near("atan(1)*4", atan(1.0) * 4, M_PI, 2);
    near("asin(0.5)", asin(0.5), 0.52359877559829893, 2);
    near("acos(-1)", acos(-1.0), M_PI, 1);
    near("exp(1)", exp(1.0), M_E, 2);
    near("log(10)", log(10.0), M_LN10, 2);
    near("log2(10)", log2(10.0), 3.3219280948873622, 2);
    near("log10(2)", log10(2.0), 0.3010299956639812, 2);
    near("expm1(1e-10)", expm1(1e-10), 1.00000000005e-10, 2);
    near("log1p(1e-10)", log1p(1e-10), 9.9999999995e-11, 2);
    near("sinh(1)", sinh(1.0), 1.1752011936438014, 2);
    near("cosh(1)", cosh(1.0), 1.5430806348152437, 2);
    near("tanh(0.5)", tanh(0.5), 0.46211715726000974, 2);
    near("erf(1)", erf(1.0), 0.84270079294971487, 2);
    near("erfc(3)", erfc(3.0), 2.2090496998585441e-05, 4);
    near("lgamma(0.5)", lgamma(0.5), 0.57236494292470008, 2);
    near("tgamma(0.5)", tgamma(0.5), 1.7724538509055159, 2);
    near("atan2(1,-1)", atan2(1.0, -1.0), 3 * M_PI_4, 2);
    near("pow(2,0.5)", pow(2.0, 0.5), M_SQRT2, 1);
    near("cbrt(2)", cbrt(2.0), 1.2599210498948732, 2);
    near("sinf(1)", sinf(1.0f), 0.84147098f, 0);
    near("expf(1)", expf(1.0f), 2.71828175f, 0);
    exact("sqrt(2)", sqrt(2.0), M_SQRT2);
    exact("pow(2,10)", pow(2.0, 10.0), 1024.0);
    exact("pow(-8,1/3) is nan", isnan(pow(-8.0, 1.0 / 3)), 1);
    exact("pow(0,-1)", pow(0.0, -1.0), INFINITY);
    exact("pow(-0,-1)", pow(-0.0, -1.0), -INFINITY);
    exact("pow(nan,0)", pow(NAN, 0.0), 1.0);
    exact("pow(1,nan)", pow(1.0, NAN), 1.0);
    exact("cbrt(27)", cbrt(27.0), 3.0);
    exact("cbrt(-64)", cbrt(-64.0), -4.0);
    exact("hypot(3,4)", hypot(3.0, 4.0), 5.0);
    exact("hypot(inf,nan)", hypot(INFINITY, NAN), INFINITY);
    exact("tgamma(5)", tgamma(5.0), 24.0);
    exact("tgamma(171)", tgamma(171.0) > 7.25e306 && tgamma(171.0) < 7.26e306, 1);
    exact("fmod(10,3)", fmod(10.0, 3.0), 1.0);
    exact("fmod(-10,3)", fmod(-10.0, 3.0), -1.0);
    exact("fmod(5.5,-2)", fmod(5.5, -2.0), 1.5);
    exact("remainder(10,3)", remainder(10.0, 3.0), 1.0);
    exact("remainder(11,3)", remainder(11.0, 3.0), -1.0);
    exact("remainder(7.5,5)", remainder(7.5, 5.0), -2.5);
    exact("floor(-2.5)", floor(-2.5), -3.0);
    exact("ceil(-2.5)", ceil(-2.5), -2.0);
    exact("ceil(-0.5)", ceil(-0.5), -0.0);
    exact("round(2.5)", round(2.5), 3.0);
    exact("round(-2.5)", round(-2.5), -3.0);
    exact("round(0.49999999999999994)", round(0.49999999999999994), 0.0);
    exact("trunc(-2.7)", trunc(-2.7), -2.0);
    exact("rint(2.5)", rint(2.5), 2.0);
    exact("rint(3.5)", rint(3.5), 4.0);
    exact("rint(-0.5)", rint(-0.5), -0.0);
    exact("nearbyint(2.5)", nearbyint(2.5), 2.0);
    exact("rint(2^52+0.5)", rint(4503599627370496.5), 4503599627370496.0);
    exact("floor(1e22)", floor(1e22), 1e22);
    check_i64("lround(-2.5)", lround(-2.5), -3);
    check_i64("lround(2.5)", lround(2.5), 3);
    check_i64("lrint(2.5)", lrint(2.5), 2);
    check_i64("llrint(-3.5)", llrint(-3.5), -4);
    check_i64("llround(1e15+0.5)", llround(1e15 + 0.5), 1000000000000001LL);
    int e;
    double m = frexp(8.0, &e);
    exact("frexp(8) mantissa", m, 0.5);
    check_i64("frexp(8) exponent", e, 4);
    m = frexp(-4.9406564584124654e-324, &e);
    exact("frexp(denorm) mantissa", m, -0.5);
    check_i64("frexp(denorm) exponent", e, -1073);
    m = frexp(0.0, &e);
    check_i64("frexp(0) exponent", e, 0);
    exact("ldexp(1,-1074)", ldexp(1.0, -1074), 4.9406564584124654e-324);
    exact("ldexp(1,-1075)", ldexp(1.0, -1075), 0.0);
    exact("ldexp(1,1024)", ldexp(1.0, 1024), INFINITY);
    exact("ldexp(0.75,2)", ldexp(0.75, 2), 3.0);
    exact("scalbn(3,-1)", scalbn(3.0, -1), 1.5);
    check_i64("ilogb(1000)", ilogb(1000.0), 9);
    double ip;
    exact("modf(-3.75) frac", modf(-3.75, &ip), -0.75);
    exact("modf(-3.75) int", ip, -3.0);
    exact("modf(inf) frac", modf(INFINITY, &ip), 0.0);
    exact("fma(0.1,10,-1)", fma(0.1, 10.0, -1.0), 5.5511151231257827e-17);
    exact("fmaf(3,4,5)", fmaf(3.0f, 4.0f, 5.0f), 17.0);
    exact("fmin(nan,1)", fmin(NAN, 1.0), 1.0);
    exact("fmax(-0,0)", fmax(-0.0, 0.0), 0.0);
    exact("fmin(-0,0)", fmin(-0.0, 0.0), -0.0);
    exact("copysign(3,-0)", copysign(3.0, -0.0), -3.0);
    exact("copysign(nan,-1) sign", signbit(copysign(NAN, -1.0)) != 0, 1);
    exact("nextafter(1,2)", nextafter(1.0, 2.0), 1.0 + DBL_EPSILON);
    exact("nextafter(0,-1)", nextafter(0.0, -1.0), -4.9406564584124654e-324);
    exact("nextafter(DBL_MAX,inf)", nextafter(DBL_MAX, INFINITY), INFINITY);
    exact("nextafterf(1,0)", nextafterf(1.0f, 0.0f), 1.0f - FLT_EPSILON / 2);
    exact("sqrt(-0)", sqrt(-0.0), -0.0);
    exact("exp(-inf)", exp(-INFINITY), 0.0);
    exact("log(0)", log(0.0), -INFINITY);
    exact("log(1)", log(1.0), 0.0);
    exact("exp(710) overflows", exp(710.0), INFINITY);
    exact("atan2(-0,-1)", atan2(-0.0, -1.0), -M_PI);
    exact("sin(-0)", sin(-0.0), -0.0);
    exact("tanh(inf)", tanh(INFINITY), 1.0);
    exact("isnan(acos(2))", isnan(acos(2.0)), 1);
    exact("isnan(log(-1))", isnan(log(-1.0)), 1);
    exact("lgamma(1)", lgamma(1.0), 0.0);
    check_i64("signgam after lgamma(-0.5)", (lgamma(-0.5), signgam), -1);
}

int main(void) {
    print_all();
    known();
    return finish("libm");
}
