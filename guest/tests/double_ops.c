/* double_ops: the D extension through inline asm, results printed as hex bits and checked
 * against known constants: fadd/fsub/fmul/fdiv/fsqrt, the fused multiply-adds (single
 * rounding), fmin/fmax with NaN, signalling NaN and -0.0, the canonical NaN, subnormals,
 * overflow, fsgnj family (payload kept), fmv.x.d / fmv.d.x / fld / fsd bit transparency,
 * feq/flt/fle, fclass, fcvt to/from int32/uint32/int64/uint64 with saturation and static
 * rounding modes. A random sweep checks add/sub/mul/div/sqrt against long double (IEEE quad,
 * computed in software by glibc with integer instructions) rounded to double, which is exact
 * since 113 >= 2*53+2, and C-compiled double code is checksummed. */
#include "check.h"
#include <math.h>

typedef uint64_t u64;
typedef int64_t i64;

static inline double D(u64 b) { double f; memcpy(&f, &b, 8); return f; }
static inline u64 B(double f) { u64 b; memcpy(&b, &f, 8); return b; }

#define QNAN 0x7ff8000000000000ULL
#define SNAN 0x7ff0000000000001ULL
#define PNAN 0x7ff8000000012345ULL
#define NNAN 0xfff8000000000000ULL
#define PINF 0x7ff0000000000000ULL
#define NINF 0xfff0000000000000ULL
#define PZERO 0x0000000000000000ULL
#define NZERO 0x8000000000000000ULL
#define ONE 0x3ff0000000000000ULL
#define TWO 0x4000000000000000ULL
#define THREE 0x4008000000000000ULL
#define MONE 0xbff0000000000000ULL
#define HALF 0x3fe0000000000000ULL
#define MINSUB 0x0000000000000001ULL
#define MAXSUB 0x000fffffffffffffULL
#define MINNORM 0x0010000000000000ULL
#define MAXD 0x7fefffffffffffffULL
#define NMAXD 0xffefffffffffffffULL

#define OP2(insn, a, b) ({ double _r; __asm__ volatile(insn " %0, %1, %2" : "=f"(_r) : "f"(D(a)), "f"(D(b))); B(_r); })
#define OP1(insn, a) ({ double _r; __asm__ volatile(insn " %0, %1" : "=f"(_r) : "f"(D(a))); B(_r); })
#define OP3(insn, a, b, c) ({ double _r; __asm__ volatile(insn " %0, %1, %2, %3" : "=f"(_r) : "f"(D(a)), "f"(D(b)), "f"(D(c))); B(_r); })
#define TOI(insn, a) ({ u64 _r; __asm__ volatile(insn : "=r"(_r) : "f"(D(a))); _r; })
#define FROMI(insn, x) ({ double _r; __asm__ volatile(insn : "=f"(_r) : "r"((u64)(x))); B(_r); })
#define CMP(insn, a, b) ({ u64 _r; __asm__ volatile(insn " %0, %1, %2" : "=r"(_r) : "f"(D(a)), "f"(D(b))); _r; })

#define T2(insn, a, b, e) check_u64(insn "(" #a "," #b ")", OP2(insn, a, b), e)
#define T1(insn, a, e) check_u64(insn "(" #a ")", OP1(insn, a), e)
#define T3(insn, a, b, c, e) check_u64(insn "(" #a "," #b "," #c ")", OP3(insn, a, b, c), e)

static void test_arith(void) {
    T2("fadd.d", ONE, TWO, THREE);
    T2("fadd.d", 0x3fb999999999999aULL, 0x3fc999999999999aULL, 0x3fd3333333333334ULL); /* 0.1+0.2 */
    T2("fadd.d", ONE, 0x3ca0000000000000ULL, ONE);                 /* 1 + 2^-53: tie to even */
    T2("fadd.d", ONE, 0x3ca0000000000001ULL, 0x3ff0000000000001ULL);
    T2("fadd.d", 0x3ff0000000000001ULL, 0x3ca0000000000000ULL, 0x3ff0000000000002ULL);
    T2("fadd.d", PZERO, NZERO, PZERO);
    T2("fadd.d", NZERO, NZERO, NZERO);
    T2("fadd.d", ONE, MONE, PZERO);
    T2("fadd.d", PINF, NINF, QNAN);
    T2("fadd.d", NINF, MONE, NINF);
    T2("fadd.d", MAXD, MAXD, PINF);
    T2("fadd.d", MINSUB, MINSUB, 0x0000000000000002ULL);
    T2("fadd.d", MAXSUB, MINSUB, MINNORM);
    T2("fadd.d", PNAN, ONE, QNAN);
    T2("fadd.d", SNAN, ONE, QNAN);
    T2("fadd.d", ONE, NNAN, QNAN);
    T2("fsub.d", THREE, ONE, TWO);
    T2("fsub.d", ONE, ONE, PZERO);
    T2("fsub.d", NZERO, PZERO, NZERO);
    T2("fsub.d", NINF, NINF, QNAN);
    T2("fsub.d", MINNORM, MINSUB, MAXSUB);
    T2("fsub.d", ONE, 0x3ff0000000000001ULL, 0xbcb0000000000000ULL);
    T2("fmul.d", TWO, THREE, 0x4018000000000000ULL);
    T2("fmul.d", PZERO, NINF, QNAN);
    T2("fmul.d", NZERO, THREE, NZERO);
    T2("fmul.d", MONE, NZERO, PZERO);
    T2("fmul.d", MAXD, TWO, PINF);
    T2("fmul.d", NMAXD, TWO, NINF);
    T2("fmul.d", MINSUB, HALF, PZERO);
    T2("fmul.d", MINSUB, 0x3ff8000000000000ULL, 0x0000000000000002ULL);
    T2("fmul.d", 0x0000000000000003ULL, HALF, 0x0000000000000002ULL);
    T2("fmul.d", MINNORM, HALF, 0x0008000000000000ULL);
    T2("fmul.d", 0x3fb999999999999aULL, THREE, 0x3fd3333333333334ULL); /* 0.1*3 */
    T2("fmul.d", SNAN, ONE, QNAN);
    T2("fdiv.d", ONE, THREE, 0x3fd5555555555555ULL);
    T2("fdiv.d", ONE, PZERO, PINF);
    T2("fdiv.d", MONE, PZERO, NINF);
    T2("fdiv.d", ONE, NZERO, NINF);
    T2("fdiv.d", PZERO, NZERO, QNAN);
    T2("fdiv.d", NINF, PINF, QNAN);
    T2("fdiv.d", ONE, NINF, NZERO);
    T2("fdiv.d", MINNORM, 0x4330000000000000ULL, MINSUB);          /* 2^-1022 / 2^52 */
    T2("fdiv.d", MINNORM, 0x4340000000000000ULL, PZERO);           /* 2^-1075: tie to 0 */
    T2("fdiv.d", 0x7fe0000000000000ULL, HALF, PINF);
    T1("fsqrt.d", 0x4010000000000000ULL, TWO);
    T1("fsqrt.d", TWO, 0x3ff6a09e667f3bcdULL);
    T1("fsqrt.d", THREE, 0x3ffbb67ae8584caaULL);
    T1("fsqrt.d", NZERO, NZERO);
    T1("fsqrt.d", PINF, PINF);
    T1("fsqrt.d", MONE, QNAN);
    T1("fsqrt.d", NINF, QNAN);
    T1("fsqrt.d", PNAN, QNAN);
    T1("fsqrt.d", MINSUB, 0x1e60000000000000ULL);
}

static void test_fma(void) {
    T3("fmadd.d", TWO, THREE, ONE, 0x401c000000000000ULL);
    T3("fmsub.d", TWO, THREE, ONE, 0x4014000000000000ULL);
    T3("fnmsub.d", TWO, THREE, ONE, 0xc014000000000000ULL);
    T3("fnmadd.d", TWO, THREE, ONE, 0xc01c000000000000ULL);
    /* (1+2^-52)^2 - (1+2^-51) = 2^-104 exactly, only with a single rounding. */
    T3("fmadd.d", 0x3ff0000000000001ULL, 0x3ff0000000000001ULL, 0xbff0000000000002ULL, 0x3970000000000000ULL);
    T3("fmsub.d", 0x3ff0000000000001ULL, 0x3ff0000000000001ULL, 0x3ff0000000000002ULL, 0x3970000000000000ULL);
    T3("fnmadd.d", 0x3ff0000000000001ULL, 0x3ff0000000000001ULL, 0xbff0000000000002ULL, 0xb970000000000000ULL);
    T3("fnmsub.d", 0x3ff0000000000001ULL, 0x3ff0000000000001ULL, 0x3ff0000000000002ULL, 0xb970000000000000ULL);
    T3("fmadd.d", PINF, PZERO, ONE, QNAN);
    T3("fmadd.d", PZERO, PINF, PNAN, QNAN);
    T3("fmadd.d", ONE, ONE, SNAN, QNAN);
    T3("fmadd.d", PINF, ONE, NINF, QNAN);
    T3("fmadd.d", ONE, NZERO, NZERO, NZERO);
    T3("fmadd.d", ONE, NZERO, PZERO, PZERO);
    T3("fnmadd.d", ONE, PZERO, PZERO, NZERO);
    T3("fmadd.d", MAXD, TWO, NMAXD, MAXD);
    /* 0.1*10 - 1 exposes the rounding error of 0.1. */
    T3("fmsub.d", 0x3fb999999999999aULL, 0x4024000000000000ULL, ONE, 0x3c90000000000000ULL); /* 2^-54 */
}

static void test_minmax(void) {
    T2("fmin.d", ONE, TWO, ONE);
    T2("fmax.d", ONE, TWO, TWO);
    T2("fmin.d", PZERO, NZERO, NZERO);
    T2("fmin.d", NZERO, PZERO, NZERO);
    T2("fmax.d", PZERO, NZERO, PZERO);
    T2("fmax.d", NZERO, PZERO, PZERO);
    T2("fmin.d", PNAN, ONE, ONE);
    T2("fmin.d", ONE, PNAN, ONE);
    T2("fmax.d", NNAN, MONE, MONE);
    T2("fmin.d", SNAN, ONE, ONE);
    T2("fmax.d", ONE, SNAN, ONE);
    T2("fmin.d", PNAN, PNAN, QNAN);
    T2("fmax.d", SNAN, SNAN, QNAN);
    T2("fmin.d", NINF, PINF, NINF);
    T2("fmax.d", MINSUB, PZERO, MINSUB);
}

static void test_sign_move(void) {
    T2("fsgnj.d", ONE, MONE, MONE);
    T2("fsgnjn.d", ONE, ONE, MONE);
    T2("fsgnjn.d", ONE, MONE, ONE);
    T2("fsgnjx.d", MONE, MONE, ONE);
    T2("fsgnjx.d", MONE, ONE, MONE);
    T2("fsgnj.d", PNAN, MONE, 0xfff8000000012345ULL);
    T2("fsgnjn.d", SNAN, ONE, 0xfff0000000000001ULL);
    T2("fsgnjx.d", NNAN, MONE, QNAN);
    T1("fneg.d", PZERO, NZERO);
    T1("fabs.d", 0xfff0000000000001ULL, SNAN);
    T1("fmv.d", SNAN, SNAN);
    u64 x;
    __asm__ volatile("fmv.d.x ft0, %1\n fmv.x.d %0, ft0" : "=r"(x) : "r"(0xfff0000000abcdefULL) : "ft0");
    check_u64("fmv.d.x/fmv.x.d sNaN", x, 0xfff0000000abcdefULL);
    u64 in = 0x7ff0000000000005ULL, out = 0;
    __asm__ volatile("fld ft0, 0(%0)\n fsd ft0, 0(%1)" : : "r"(&in), "r"(&out) : "ft0", "memory");
    check_u64("fld/fsd sNaN", out, 0x7ff0000000000005ULL);
    /* A double written with fld, read as a single: not NaN-boxed, so canonical NaN. */
    in = 0x000000003f800000ULL;
    float f;
    __asm__ volatile("fld ft0, 0(%1)\n fadd.s %0, ft0, ft0" : "=f"(f) : "r"(&in) : "ft0", "memory");
    uint32_t fb;
    memcpy(&fb, &f, 4);
    check_u32("fld then fadd.s (unboxed)", fb, 0x7fc00000u);
}

static void test_compare_class(void) {
#define C(insn, a, b, e) check_u64(insn "(" #a "," #b ")", CMP(insn, a, b), e)
    C("feq.d", ONE, ONE, 1);
    C("feq.d", PZERO, NZERO, 1);
    C("feq.d", PNAN, PNAN, 0);
    C("feq.d", SNAN, SNAN, 0);
    C("flt.d", ONE, TWO, 1);
    C("flt.d", NZERO, PZERO, 0);
    C("flt.d", NINF, NMAXD, 1);
    C("flt.d", PNAN, ONE, 0);
    C("fle.d", NZERO, PZERO, 1);
    C("fle.d", ONE, PNAN, 0);
    C("fle.d", MINSUB, PZERO, 0);
    C("flt.d", 0x8000000000000001ULL, PZERO, 1);
    C("fle.d", PINF, PINF, 1);
#undef C
    static const u64 cls_in[] = {NINF, MONE, 0x8000000000000001ULL, NZERO, PZERO, MINSUB, ONE, PINF, SNAN, QNAN, NNAN, 0xfff0000000000001ULL, MAXSUB, MAXD};
    static const u64 cls_exp[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 512, 256, 32, 64};
    for (unsigned i = 0; i < sizeof cls_in / sizeof cls_in[0]; i++) {
        u64 r;
        __asm__ volatile("fclass.d %0, %1" : "=r"(r) : "f"(D(cls_in[i])));
        char n[48];
        snprintf(n, sizeof n, "fclass.d(0x%016llx)", (unsigned long long)cls_in[i]);
        check_u64(n, r, cls_exp[i]);
    }
}

static void test_convert(void) {
#define TI(insn, a, e) check_u64(insn "(" #a ")", TOI(insn, a), (u64)(e))
    TI("fcvt.w.d %0, %1, rtz", 0x3ff8000000000000ULL, 1);   /* 1.5 */
    TI("fcvt.w.d %0, %1, rne", 0x3ff8000000000000ULL, 2);
    TI("fcvt.w.d %0, %1, rne", 0x4004000000000000ULL, 2);   /* 2.5 */
    TI("fcvt.w.d %0, %1, rmm", 0x4004000000000000ULL, 3);
    TI("fcvt.w.d %0, %1, rmm", 0xc004000000000000ULL, -3);
    TI("fcvt.w.d %0, %1, rdn", 0xbff8000000000000ULL, -2);
    TI("fcvt.w.d %0, %1, rup", 0xbff8000000000000ULL, -1);
    TI("fcvt.w.d %0, %1", 0x4004000000000000ULL, 2);
    TI("fcvt.w.d %0, %1, rtz", 0x41dfffffffffe666ULL, 2147483647);  /* 2147483647.9 */
    TI("fcvt.w.d %0, %1, rtz", 0x41e0000000000000ULL, 2147483647);  /* 2^31 */
    TI("fcvt.w.d %0, %1, rtz", 0xc1e00000001ccccdULL, (i64)INT32_MIN); /* -2147483648.9 */
    TI("fcvt.w.d %0, %1, rtz", 0xc1e0000000200000ULL, (i64)INT32_MIN); /* -2147483649 */
    TI("fcvt.w.d %0, %1, rtz", 0x41e65a0bc0000000ULL, 0x7fffffff); /* 3e9 */
    TI("fcvt.w.d %0, %1, rtz", PNAN, 0x7fffffff);
    TI("fcvt.w.d %0, %1, rtz", NNAN, 0x7fffffff);
    TI("fcvt.w.d %0, %1, rtz", NINF, (i64)INT32_MIN);
    TI("fcvt.w.d %0, %1, rtz", 0xc05edd2f1a9fbe77ULL, -123); /* -123.456 */
    TI("fcvt.wu.d %0, %1, rtz", 0x41efffffffe00000ULL, -1); /* 4294967295: sign-extended */
    TI("fcvt.wu.d %0, %1, rtz", 0x41f0000000000000ULL, -1); /* 2^32 saturates */
    TI("fcvt.wu.d %0, %1, rtz", 0x41e65a0bc0000000ULL, 0xffffffffb2d05e00ULL);
    TI("fcvt.wu.d %0, %1, rtz", 0x41dfffffffc00000ULL, 0x7fffffff);
    TI("fcvt.wu.d %0, %1, rtz", MONE, 0);
    TI("fcvt.wu.d %0, %1, rtz", 0xbfefffffffffffffULL, 0);  /* -0.99.. truncates to 0 */
    TI("fcvt.wu.d %0, %1, rtz", PNAN, -1);
    TI("fcvt.wu.d %0, %1, rtz", NINF, 0);
    TI("fcvt.l.d %0, %1, rtz", 0x43e0000000000000ULL, INT64_MAX);
    TI("fcvt.l.d %0, %1, rtz", 0x43dfffffffffffffULL, 9223372036854774784LL);
    TI("fcvt.l.d %0, %1, rtz", 0xc3e0000000000000ULL, INT64_MIN);
    TI("fcvt.l.d %0, %1, rtz", 0xc3e0000000000001ULL, INT64_MIN);
    TI("fcvt.l.d %0, %1, rtz", PNAN, INT64_MAX);
    TI("fcvt.l.d %0, %1, rtz", PINF, INT64_MAX);
    TI("fcvt.l.d %0, %1, rtz", NINF, INT64_MIN);
    TI("fcvt.l.d %0, %1, rtz", 0x4341c37937e08000ULL, 10000000000000000LL);
    TI("fcvt.l.d %0, %1, rne", 0xc004000000000000ULL, -2);
    TI("fcvt.lu.d %0, %1, rtz", 0x43f0000000000000ULL, ~0ULL);
    TI("fcvt.lu.d %0, %1, rtz", 0x43efffffffffffffULL, 18446744073709549568ULL);
    TI("fcvt.lu.d %0, %1, rtz", MONE, 0);
    TI("fcvt.lu.d %0, %1, rtz", PNAN, ~0ULL);
    TI("fcvt.lu.d %0, %1, rtz", NINF, 0);
    TI("fcvt.lu.d %0, %1, rup", MINSUB, 1);
    TI("fcvt.lu.d %0, %1, rdn", 0xbcb0000000000000ULL, 0);  /* tiny negative: 0, not -1 */
#undef TI
#define FI(insn, x, e) check_u64(insn "(" #x ")", FROMI(insn, x), e)
    FI("fcvt.d.w %0, %1", 0xffffffff80000000ULL, 0xc1e0000000000000ULL);
    FI("fcvt.d.w %0, %1", 0x7fffffff, 0x41dfffffffc00000ULL);
    FI("fcvt.d.w %0, %1", 0x100000001ULL, ONE);
    FI("fcvt.d.w %0, %1", 0, PZERO);
    FI("fcvt.d.wu %0, %1", 0xffffffff, 0x41efffffffe00000ULL);
    FI("fcvt.d.wu %0, %1", 0xffffffff80000000ULL, 0x41e0000000000000ULL);
    FI("fcvt.d.l %0, %1", INT64_MAX, 0x43e0000000000000ULL);
    FI("fcvt.d.l %0, %1, rtz", INT64_MAX, 0x43dfffffffffffffULL);
    FI("fcvt.d.l %0, %1", INT64_MIN, 0xc3e0000000000000ULL);
    FI("fcvt.d.l %0, %1", 9007199254740993LL, 0x4340000000000000ULL);   /* 2^53+1: tie to even */
    FI("fcvt.d.l %0, %1", 9007199254740995LL, 0x4340000000000002ULL);   /* 2^53+3: tie to even (up) */
    FI("fcvt.d.l %0, %1, rup", 9007199254740993LL, 0x4340000000000001ULL);
    FI("fcvt.d.l %0, %1", -1, MONE);
    FI("fcvt.d.lu %0, %1", ~0ULL, 0x43f0000000000000ULL);
    FI("fcvt.d.lu %0, %1, rtz", ~0ULL, 0x43efffffffffffffULL);
    FI("fcvt.d.lu %0, %1", 0x8000000000000000ULL, 0x43e0000000000000ULL);
#undef FI
}

/* Random sweep against quad precision. */
static u64 rand_double_bits(void) {
    u64 r = lcg_next();
    u64 m = (lcg_next() << 16) ^ lcg_next();
    switch (r & 7) {
    case 0: return m;                                                       /* any pattern */
    case 1: return m & 0x800fffffffffffffULL;                               /* subnormal/zero */
    case 2: return (m & 0x801fffffffffffffULL) | 0x7fc0000000000000ULL;     /* huge */
    case 3: return (m & 0x801fffffffffffffULL) | 0x0010000000000000ULL;     /* tiny normal */
    default: return (m & 0x807fffffffffffffULL) | 0x3f80000000000000ULL;    /* moderate */
    }
}

static u64 quad_to_double_bits(long double q) {
    double d = (double)q;
    u64 b = B(d);
    if (isnan(d)) b = QNAN; /* RISC-V produces the canonical NaN */
    return b;
}

static void sweep(void) {
    u64 h = 0;
    int bad = 0;
    for (int i = 0; i < 1500; i++) {
        u64 a = rand_double_bits(), b = rand_double_bits();
        long double qa = D(a), qb = D(b);
        u64 got[5], exp[5];
        got[0] = OP2("fadd.d", a, b);
        got[1] = OP2("fsub.d", a, b);
        got[2] = OP2("fmul.d", a, b);
        got[3] = OP2("fdiv.d", a, b);
        got[4] = OP1("fsqrt.d", a);
        exp[0] = quad_to_double_bits(qa + qb);
        exp[1] = quad_to_double_bits(qa - qb);
        exp[2] = quad_to_double_bits(qa * qb);
        exp[3] = quad_to_double_bits(qa / qb);
        exp[4] = quad_to_double_bits(sqrtl(qa));
        for (int k = 0; k < 5; k++) {
            h = mix64(h, got[k]);
            if (got[k] != exp[k] && bad++ < 5)
                printf("FAIL sweep op %d a=0x%016llx b=0x%016llx got 0x%016llx expected 0x%016llx\n", k,
                       (unsigned long long)a, (unsigned long long)b, (unsigned long long)got[k],
                       (unsigned long long)exp[k]);
        }
    }
    g_checks++;
    if (bad) g_failures++;
    check_sum("random double sweep", h, 0);
}

static void compiled(void) {
    double sum = 0, alt = 0, prod = 1;
    for (int i = 1; i <= 10000; i++) {
        sum += 1.0 / ((double)i * i);
        alt += (i & 1 ? 4.0 : -4.0) / (2.0 * i - 1);
        prod *= 1.00001;
    }
    printf("sum 1/i^2 = %.17g (0x%016llx)\n", sum, (unsigned long long)B(sum));
    printf("leibniz pi = %.17g (0x%016llx)\n", alt, (unsigned long long)B(alt));
    printf("1.00001^10000 = %.17g (0x%016llx)\n", prod, (unsigned long long)B(prod));
    check_true("sum 1/i^2 near pi^2/6", fabs(sum - M_PI * M_PI / 6) < 1.1e-4);
    check_true("leibniz near pi", fabs(alt - M_PI) < 1.1e-4);
    volatile double v = -1e10;
    check_i64("(long)-1e10", (long)v, -10000000000LL);
    v = 1.8e19;
    check_u64("(unsigned long)1.8e19", (unsigned long)v, 18000000000000000000ULL);
    v = 2.0;
    check_u64("sqrt(2.0)", B(sqrt(v)), 0x3ff6a09e667f3bcdULL);
    float f = (float)v / 3.0f;
    double back = f;
    check_u64("(double)(2.0f/3)", B(back), 0x3fe5555560000000ULL);
}

int main(void) {
    test_arith();
    test_fma();
    test_minmax();
    test_sign_move();
    test_compare_class();
    test_convert();
    sweep();
    compiled();
    return finish("double_ops");
}
