/* float_ops: the F extension (single precision) through inline asm, results printed as hex
 * bits and checked against known constants: fadd/fsub/fmul/fdiv/fsqrt, the four fused
 * multiply-adds (single rounding), fmin/fmax with NaN, signalling NaN and -0.0, the canonical
 * NaN (RISC-V never propagates NaN payloads), subnormals, overflow, fsgnj/fsgnjn/fsgnjx (which
 * do keep payloads), fmv.x.w / fmv.w.x / flw / fsw bit transparency (sNaN is not quietened),
 * NaN-boxing of singles in the 64-bit f registers, feq/flt/fle with NaN and signed zeros,
 * fclass, and fcvt to/from int32/uint32/int64/uint64 with saturation and static rounding
 * modes. A random sweep checks add/sub/mul/div/sqrt against double arithmetic rounded to float
 * (double rounding is innocuous for these operations), and C-compiled float code is
 * checksummed. Rounding modes and fflags are covered by fp_rounding. */
#include "check.h"
#include <math.h>

typedef uint64_t u64;
typedef int64_t i64;

static inline float F(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline uint32_t B(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

#define QNAN 0x7fc00000u
#define SNAN 0x7f800001u
#define PNAN 0x7fc12345u /* quiet NaN with a payload */
#define NNAN 0xffc00000u
#define PINF 0x7f800000u
#define NINF 0xff800000u
#define PZERO 0x00000000u
#define NZERO 0x80000000u
#define ONE 0x3f800000u
#define TWO 0x40000000u
#define THREE 0x40400000u
#define MONE 0xbf800000u
#define MINSUB 0x00000001u
#define MAXSUB 0x007fffffu
#define MINNORM 0x00800000u
#define MAXF 0x7f7fffffu

#define OP2(insn, a, b) ({ float _r; __asm__ volatile(insn " %0, %1, %2" : "=f"(_r) : "f"(F(a)), "f"(F(b))); B(_r); })
#define OP1(insn, a) ({ float _r; __asm__ volatile(insn " %0, %1" : "=f"(_r) : "f"(F(a))); B(_r); })
#define OP3(insn, a, b, c) ({ float _r; __asm__ volatile(insn " %0, %1, %2, %3" : "=f"(_r) : "f"(F(a)), "f"(F(b)), "f"(F(c))); B(_r); })
#define TOI(insn, a) ({ u64 _r; __asm__ volatile(insn : "=r"(_r) : "f"(F(a))); _r; })
#define FROMI(insn, x) ({ float _r; __asm__ volatile(insn : "=f"(_r) : "r"((u64)(x))); B(_r); })
#define CMP(insn, a, b) ({ u64 _r; __asm__ volatile(insn " %0, %1, %2" : "=r"(_r) : "f"(F(a)), "f"(F(b))); _r; })

#define T2(insn, a, b, e) check_u32(insn "(" #a "," #b ")", OP2(insn, a, b), e)
#define T1(insn, a, e) check_u32(insn "(" #a ")", OP1(insn, a), e)
#define T3(insn, a, b, c, e) check_u32(insn "(" #a "," #b "," #c ")", OP3(insn, a, b, c), e)

static void test_arith(void) {
    T2("fadd.s", ONE, TWO, THREE);
    T2("fadd.s", 0x3dcccccdu, 0x3e4ccccdu, 0x3e99999au); /* 0.1f + 0.2f */
    T2("fadd.s", ONE, 0x33800000u, ONE);                 /* 1 + 2^-24: tie, to even */
    T2("fadd.s", ONE, 0x33800001u, 0x3f800001u);         /* just above the tie */
    T2("fadd.s", 0x3f800001u, 0x33800000u, 0x3f800002u); /* tie, odd: rounds up */
    T2("fadd.s", PZERO, NZERO, PZERO);
    T2("fadd.s", NZERO, NZERO, NZERO);
    T2("fadd.s", ONE, MONE, PZERO);
    T2("fadd.s", PINF, NINF, QNAN);
    T2("fadd.s", PINF, ONE, PINF);
    T2("fadd.s", MAXF, MAXF, PINF);
    T2("fadd.s", MINSUB, MINSUB, 0x00000002u);
    T2("fadd.s", MAXSUB, MINSUB, MINNORM);
    T2("fadd.s", PNAN, ONE, QNAN);
    T2("fadd.s", SNAN, ONE, QNAN);
    T2("fadd.s", NNAN, ONE, QNAN);
    T2("fsub.s", THREE, ONE, TWO);
    T2("fsub.s", ONE, ONE, PZERO);
    T2("fsub.s", NZERO, PZERO, NZERO);
    T2("fsub.s", PINF, PINF, QNAN);
    T2("fsub.s", MINNORM, MINSUB, MAXSUB);
    T2("fmul.s", TWO, THREE, 0x40c00000u);
    T2("fmul.s", PZERO, PINF, QNAN);
    T2("fmul.s", NZERO, THREE, NZERO);
    T2("fmul.s", MONE, NZERO, PZERO);
    T2("fmul.s", MAXF, TWO, PINF);
    T2("fmul.s", 0xff7fffffu, TWO, NINF);
    T2("fmul.s", MINSUB, 0x3f000000u, PZERO);     /* half the smallest subnormal: tie to 0 */
    T2("fmul.s", MINSUB, 0x3fc00000u, 0x00000002u); /* 1.5 x: ties to even 2 */
    T2("fmul.s", 0x00000003u, 0x3f000000u, 0x00000002u); /* 1.5 ulp -> 2 */
    T2("fmul.s", MINNORM, 0x3f000000u, 0x00400000u);
    T2("fmul.s", PNAN, ONE, QNAN);
    T2("fdiv.s", ONE, THREE, 0x3eaaaaabu);
    T2("fdiv.s", ONE, PZERO, PINF);
    T2("fdiv.s", MONE, PZERO, NINF);
    T2("fdiv.s", ONE, NZERO, NINF);
    T2("fdiv.s", PZERO, PZERO, QNAN);
    T2("fdiv.s", PINF, PINF, QNAN);
    T2("fdiv.s", ONE, PINF, PZERO);
    T2("fdiv.s", MONE, PINF, NZERO);
    T2("fdiv.s", MINNORM, 0x4b000000u, MINSUB);    /* 2^-126 / 2^23 = 2^-149 exactly */
    T1("fsqrt.s", 0x40800000u, TWO);
    T1("fsqrt.s", TWO, 0x3fb504f3u);
    T1("fsqrt.s", NZERO, NZERO);
    T1("fsqrt.s", PZERO, PZERO);
    T1("fsqrt.s", PINF, PINF);
    T1("fsqrt.s", MONE, QNAN);
    T1("fsqrt.s", NINF, QNAN);
    T1("fsqrt.s", SNAN, QNAN);
    T1("fsqrt.s", MINSUB, 0x1a3504f3u);
}

static void test_fma(void) {
    T3("fmadd.s", TWO, THREE, ONE, 0x40e00000u);   /* 7 */
    T3("fmsub.s", TWO, THREE, ONE, 0x40a00000u);   /* 5 */
    T3("fnmsub.s", TWO, THREE, ONE, 0xc0a00000u);  /* -(2*3)+1 = -5 */
    T3("fnmadd.s", TWO, THREE, ONE, 0xc0e00000u);  /* -(2*3)-1 = -7 */
    /* Single rounding: (1+2^-23)^2 - (1+2^-22) = 2^-46 exactly. */
    T3("fmadd.s", 0x3f800001u, 0x3f800001u, 0xbf800002u, 0x28800000u);
    T3("fmsub.s", 0x3f800001u, 0x3f800001u, 0x3f800002u, 0x28800000u);
    T3("fnmadd.s", 0x3f800001u, 0x3f800001u, 0xbf800002u, 0xa8800000u);
    T3("fnmsub.s", 0x3f800001u, 0x3f800001u, 0x3f800002u, 0xa8800000u);
    T3("fmadd.s", PINF, PZERO, ONE, QNAN);
    T3("fmadd.s", PINF, PZERO, PNAN, QNAN);
    T3("fmadd.s", ONE, ONE, PNAN, QNAN);
    T3("fmadd.s", PINF, ONE, NINF, QNAN);
    T3("fmadd.s", ONE, NZERO, NZERO, NZERO);
    T3("fmadd.s", ONE, NZERO, PZERO, PZERO);
    T3("fnmadd.s", ONE, PZERO, PZERO, NZERO);
    T3("fmadd.s", MAXF, TWO, 0xff7fffffu, MAXF);   /* intermediate overflow is not rounded */
}

static void test_minmax(void) {
    T2("fmin.s", ONE, TWO, ONE);
    T2("fmax.s", ONE, TWO, TWO);
    T2("fmin.s", MONE, ONE, MONE);
    T2("fmin.s", PZERO, NZERO, NZERO);
    T2("fmin.s", NZERO, PZERO, NZERO);
    T2("fmax.s", PZERO, NZERO, PZERO);
    T2("fmax.s", NZERO, PZERO, PZERO);
    T2("fmin.s", PNAN, ONE, ONE);
    T2("fmin.s", ONE, PNAN, ONE);
    T2("fmax.s", PNAN, MONE, MONE);
    T2("fmin.s", SNAN, ONE, ONE);
    T2("fmax.s", ONE, SNAN, ONE);
    T2("fmin.s", PNAN, PNAN, QNAN);
    T2("fmax.s", SNAN, PNAN, QNAN);
    T2("fmin.s", NINF, PNAN, NINF);
    T2("fmax.s", NINF, PINF, PINF);
    T2("fmin.s", MINSUB, NZERO, NZERO);
}

static void test_sign_move(void) {
    T2("fsgnj.s", ONE, MONE, MONE);
    T2("fsgnj.s", MONE, ONE, ONE);
    T2("fsgnjn.s", ONE, ONE, MONE);
    T2("fsgnjn.s", ONE, MONE, ONE);
    T2("fsgnjx.s", MONE, MONE, ONE);
    T2("fsgnjx.s", MONE, ONE, MONE);
    T2("fsgnj.s", PNAN, MONE, 0xffc12345u);   /* payload kept */
    T2("fsgnjn.s", SNAN, ONE, 0xff800001u);   /* sNaN not quietened */
    T2("fsgnjx.s", NNAN, MONE, QNAN);
    T2("fsgnj.s", PZERO, NNAN, NZERO);
    T1("fneg.s", PNAN, 0xffc12345u);
    T1("fabs.s", 0xff800001u, SNAN);
    T1("fmv.s", SNAN, SNAN);

    /* fmv.x.w sign-extends, fmv.w.x / fmv.x.w move bits unchanged. */
    u64 x;
    __asm__ volatile("fmv.w.x ft0, %1\n fmv.x.w %0, ft0" : "=r"(x) : "r"((u64)SNAN) : "ft0");
    check_u64("fmv.w.x/fmv.x.w sNaN", x, SNAN);
    __asm__ volatile("fmv.w.x ft0, %1\n fmv.x.w %0, ft0" : "=r"(x) : "r"((u64)0x80000001u) : "ft0");
    check_u64("fmv.x.w sign-extends", x, 0xffffffff80000001ULL);
    __asm__ volatile("fmv.w.x ft0, %1\n fmv.x.w %0, ft0" : "=r"(x) : "r"(0x12345678ff800001ULL) : "ft0");
    check_u64("fmv.w.x uses the low word", x, 0xffffffffff800001ULL);
    /* flw / fsw are bit-transparent. */
    uint32_t in = 0xff800005u, out = 0;
    __asm__ volatile("flw ft0, 0(%0)\n fsw ft0, 0(%1)" : : "r"(&in), "r"(&out) : "ft0", "memory");
    check_u32("flw/fsw sNaN", out, 0xff800005u);
    /* NaN boxing: a single written to an f register has the upper 32 bits set. */
    __asm__ volatile("fmv.w.x ft0, %1\n fmv.x.d %0, ft0" : "=r"(x) : "r"((u64)ONE) : "ft0");
    check_u64("fmv.w.x boxes", x, 0xffffffff3f800000ULL);
    __asm__ volatile("flw ft0, 0(%1)\n fmv.x.d %0, ft0" : "=r"(x) : "r"(&in) : "ft0", "memory");
    check_u64("flw boxes", x, 0xffffffffff800005ULL);
    __asm__ volatile("fmv.w.x ft0, %1\n fmv.w.x ft1, %1\n fadd.s ft0, ft0, ft1\n fmv.x.d %0, ft0" : "=r"(x) : "r"((u64)ONE) : "ft0", "ft1");
    check_u64("fadd.s result boxed", x, 0xffffffff40000000ULL);
    /* An improperly boxed single reads as the canonical NaN. */
    __asm__ volatile("fmv.d.x ft0, %1\n fmv.w.x ft1, %2\n fadd.s ft0, ft0, ft1\n fmv.x.w %0, ft0"
                     : "=r"(x) : "r"(0x000000003f800000ULL), "r"((u64)ONE) : "ft0", "ft1");
    check_u64("unboxed operand is NaN", x, 0x7fc00000);
    __asm__ volatile("fmv.d.x ft0, %1\n fcvt.d.s ft0, ft0\n fmv.x.d %0, ft0"
                     : "=r"(x) : "r"(0x7ff0000040000000ULL) : "ft0");
    check_u64("fcvt.d.s of unboxed is canonical NaN", x, 0x7ff8000000000000ULL);
    __asm__ volatile("fmv.d.x ft0, %0\n fsw ft0, 0(%1)" : : "r"(0x123456783f800000ULL), "r"(&out) : "ft0", "memory");
    check_u32("fsw stores the low word", out, ONE);
}

static void test_compare_class(void) {
#define C(insn, a, b, e) check_u64(insn "(" #a "," #b ")", CMP(insn, a, b), e)
    C("feq.s", ONE, ONE, 1);
    C("feq.s", PZERO, NZERO, 1);
    C("feq.s", PNAN, PNAN, 0);
    C("feq.s", SNAN, ONE, 0);
    C("flt.s", ONE, TWO, 1);
    C("flt.s", TWO, ONE, 0);
    C("flt.s", NZERO, PZERO, 0);
    C("flt.s", NINF, 0xff7fffffu, 1);
    C("flt.s", PNAN, ONE, 0);
    C("flt.s", ONE, PNAN, 0);
    C("fle.s", NZERO, PZERO, 1);
    C("fle.s", ONE, ONE, 1);
    C("fle.s", TWO, ONE, 0);
    C("fle.s", PNAN, PNAN, 0);
    C("fle.s", MINSUB, PZERO, 0);
    C("flt.s", MONE, MINSUB, 1);
#undef C
    static const uint32_t cls_in[] = {NINF, MONE, 0x80000001u, NZERO, PZERO, MINSUB, ONE, PINF, SNAN, QNAN, NNAN, 0xff800001u, MAXSUB, 0x80800000u};
    static const u64 cls_exp[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 512, 256, 32, 2};
    for (unsigned i = 0; i < sizeof cls_in / sizeof cls_in[0]; i++) {
        u64 r;
        __asm__ volatile("fclass.s %0, %1" : "=r"(r) : "f"(F(cls_in[i])));
        char n[48];
        snprintf(n, sizeof n, "fclass.s(0x%08x)", cls_in[i]);
        check_u64(n, r, cls_exp[i]);
    }
}

static void test_convert(void) {
#define TI(insn, a, e) check_u64(insn "(" #a ")", TOI(insn, a), (u64)(e))
    TI("fcvt.w.s %0, %1, rtz", 0x3fc00000u, 1);            /* 1.5 */
    TI("fcvt.w.s %0, %1, rne", 0x3fc00000u, 2);
    TI("fcvt.w.s %0, %1, rne", 0x40200000u, 2);            /* 2.5 -> 2 */
    TI("fcvt.w.s %0, %1, rmm", 0x40200000u, 3);
    TI("fcvt.w.s %0, %1, rdn", 0xbfc00000u, -2);           /* -1.5 */
    TI("fcvt.w.s %0, %1, rup", 0xbfc00000u, -1);
    TI("fcvt.w.s %0, %1, rtz", 0xc0200000u, -2);           /* -2.5 */
    TI("fcvt.w.s %0, %1", 0xc0200000u, -2);                /* dynamic = rne */
    TI("fcvt.w.s %0, %1, rtz", PNAN, 0x7fffffff);
    TI("fcvt.w.s %0, %1, rtz", NNAN, 0x7fffffff);
    TI("fcvt.w.s %0, %1, rtz", PINF, 0x7fffffff);
    TI("fcvt.w.s %0, %1, rtz", NINF, (i64)INT32_MIN);
    TI("fcvt.w.s %0, %1, rtz", 0x4f32d05eu, 0x7fffffff);   /* 3e9 */
    TI("fcvt.w.s %0, %1, rtz", 0xcf32d05eu, (i64)INT32_MIN);
    TI("fcvt.w.s %0, %1, rtz", 0xcf000000u, (i64)INT32_MIN); /* -2^31 exactly */
    TI("fcvt.w.s %0, %1, rtz", 0x4effffffu, 2147483520);
    TI("fcvt.w.s %0, %1, rtz", NZERO, 0);
    TI("fcvt.w.s %0, %1, rtz", 0xbf7fffffu, 0);
    TI("fcvt.wu.s %0, %1, rtz", 0x4f32d05eu, 0xffffffffb2d05e00ULL); /* 3e9, sign-extended */
    TI("fcvt.wu.s %0, %1, rtz", MONE, 0);
    TI("fcvt.wu.s %0, %1, rtz", 0xbf000000u, 0);           /* -0.5 truncates to 0 */
    TI("fcvt.wu.s %0, %1, rtz", PNAN, -1);
    TI("fcvt.wu.s %0, %1, rtz", PINF, -1);
    TI("fcvt.wu.s %0, %1, rtz", NINF, 0);
    TI("fcvt.wu.s %0, %1, rtz", 0x4f9502f9u, -1);          /* 5e9 */
    TI("fcvt.l.s %0, %1, rtz", 0x5f0ac723u, INT64_MAX);    /* 1e19 */
    TI("fcvt.l.s %0, %1, rtz", 0xdf0ac723u, INT64_MIN);
    TI("fcvt.l.s %0, %1, rtz", 0xdf000000u, INT64_MIN);    /* -2^63 exactly */
    TI("fcvt.l.s %0, %1, rtz", 0x5effffffu, 9223371487098961920LL);
    TI("fcvt.l.s %0, %1, rtz", PNAN, INT64_MAX);
    TI("fcvt.l.s %0, %1, rtz", NINF, INT64_MIN);
    TI("fcvt.l.s %0, %1, rtz", 0xc2f6e979u, -123);         /* -123.456 */
    TI("fcvt.lu.s %0, %1, rtz", 0x5f0ac723u, 9999999980506447872ULL);
    TI("fcvt.lu.s %0, %1, rtz", 0x5f800000u, ~0ULL);       /* 2^64 */
    TI("fcvt.lu.s %0, %1, rtz", MONE, 0);
    TI("fcvt.lu.s %0, %1, rtz", PNAN, ~0ULL);
    TI("fcvt.lu.s %0, %1, rtz", NINF, 0);
    TI("fcvt.lu.s %0, %1, rup", 0x3f000000u, 1);           /* 0.5 up */
#undef TI
#define FI(insn, x, e) check_u32(insn "(" #x ")", FROMI(insn, x), e)
    FI("fcvt.s.w %0, %1", 0x7fffffff, 0x4f000000u);
    FI("fcvt.s.w %0, %1", 0xffffffff80000000ULL, 0xcf000000u);
    FI("fcvt.s.w %0, %1", 0x100000001ULL, ONE);            /* only the low word */
    FI("fcvt.s.w %0, %1", -1, MONE);
    FI("fcvt.s.w %0, %1", 16777217, 0x4b800000u);           /* tie to even */
    FI("fcvt.s.w %0, %1", 16777219, 0x4b800002u);
    FI("fcvt.s.w %0, %1, rtz", 16777219, 0x4b800001u);
    FI("fcvt.s.wu %0, %1", 0xffffffff, 0x4f800000u);
    FI("fcvt.s.wu %0, %1", 0xffffffff00000003ULL, 0x40400000u);
    FI("fcvt.s.wu %0, %1, rtz", 0xffffffff, 0x4f7fffffu);
    FI("fcvt.s.l %0, %1", 0x8000000000000000ULL, 0xdf000000u);
    FI("fcvt.s.l %0, %1", 0x7fffffffffffffffULL, 0x5f000000u);
    FI("fcvt.s.l %0, %1", -3, 0xc0400000u);
    FI("fcvt.s.l %0, %1", 0, PZERO);
    FI("fcvt.s.lu %0, %1", ~0ULL, 0x5f800000u);
    FI("fcvt.s.lu %0, %1, rtz", ~0ULL, 0x5f7fffffu);
    FI("fcvt.s.lu %0, %1", 0x8000008000000000ULL, 0x5f000000u); /* tie to even */
    FI("fcvt.s.lu %0, %1", 0x8000018000000000ULL, 0x5f000002u);
#undef FI
    /* float <-> double */
    u64 d;
    __asm__ volatile("fcvt.d.s ft0, %1\n fmv.x.d %0, ft0" : "=r"(d) : "f"(F(SNAN)) : "ft0");
    check_u64("fcvt.d.s(sNaN)", d, 0x7ff8000000000000ULL);
    __asm__ volatile("fcvt.d.s ft0, %1\n fmv.x.d %0, ft0" : "=r"(d) : "f"(F(0xbdcccccdu)) : "ft0");
    check_u64("fcvt.d.s(-0.1f)", d, 0xbfb99999a0000000ULL);
    __asm__ volatile("fcvt.d.s ft0, %1\n fmv.x.d %0, ft0" : "=r"(d) : "f"(F(MINSUB)) : "ft0");
    check_u64("fcvt.d.s(min subnormal)", d, 0x36a0000000000000ULL);
    double dv;
    float fv;
    dv = 1e300;
    __asm__ volatile("fcvt.s.d %0, %1" : "=f"(fv) : "f"(dv));
    check_u32("fcvt.s.d(1e300)", B(fv), PINF);
    dv = -1e-300;
    __asm__ volatile("fcvt.s.d %0, %1" : "=f"(fv) : "f"(dv));
    check_u32("fcvt.s.d(-1e-300)", B(fv), NZERO);
    dv = 0.1;
    __asm__ volatile("fcvt.s.d %0, %1" : "=f"(fv) : "f"(dv));
    check_u32("fcvt.s.d(0.1)", B(fv), 0x3dcccccdu);
    u64 nanbits = 0xfff0000000000001ULL;
    memcpy(&dv, &nanbits, 8);
    __asm__ volatile("fcvt.s.d %0, %1" : "=f"(fv) : "f"(dv));
    check_u32("fcvt.s.d(sNaN)", B(fv), QNAN);
    dv = 1.00000017881393432617187500; /* 1 + 1.5 ulp(float): rounds to 1+2ulp */
    __asm__ volatile("fcvt.s.d %0, %1" : "=f"(fv) : "f"(dv));
    check_u32("fcvt.s.d(1+1.5ulp)", B(fv), 0x3f800002u);
}

/* Random sweep: float ops against double ops rounded to float. */
static uint32_t rand_float_bits(void) {
    uint64_t r = lcg_next();
    switch (r & 7) {
    case 0: return (uint32_t)(r >> 32);                       /* any pattern, NaNs included */
    case 1: return (uint32_t)(r >> 32) & 0x807fffffu;         /* subnormal or zero */
    case 2: return ((uint32_t)(r >> 32) & 0x80ffffffu) | 0x7e000000u; /* huge */
    default: return ((uint32_t)(r >> 32) & 0x83ffffffu) | 0x3c000000u; /* moderate */
    }
}

static void sweep(void) {
    u64 h = 0;
    int bad = 0;
    for (int i = 0; i < 4000; i++) {
        uint32_t a = rand_float_bits(), b = rand_float_bits();
        double da = F(a), db = F(b);
        uint32_t got[5], exp[5];
        got[0] = OP2("fadd.s", a, b);
        got[1] = OP2("fsub.s", a, b);
        got[2] = OP2("fmul.s", a, b);
        got[3] = OP2("fdiv.s", a, b);
        got[4] = OP1("fsqrt.s", a);
        double r[5];
        __asm__ volatile("fadd.d %0, %1, %2" : "=f"(r[0]) : "f"(da), "f"(db));
        __asm__ volatile("fsub.d %0, %1, %2" : "=f"(r[1]) : "f"(da), "f"(db));
        __asm__ volatile("fmul.d %0, %1, %2" : "=f"(r[2]) : "f"(da), "f"(db));
        __asm__ volatile("fdiv.d %0, %1, %2" : "=f"(r[3]) : "f"(da), "f"(db));
        __asm__ volatile("fsqrt.d %0, %1" : "=f"(r[4]) : "f"(da));
        for (int k = 0; k < 5; k++) {
            float f;
            __asm__ volatile("fcvt.s.d %0, %1" : "=f"(f) : "f"(r[k]));
            exp[k] = B(f);
            h = mix64(h, got[k]);
            if (got[k] != exp[k] && bad++ < 5)
                printf("FAIL sweep op %d a=0x%08x b=0x%08x got 0x%08x expected 0x%08x\n", k, a, b, got[k], exp[k]);
        }
    }
    g_checks++;
    if (bad) g_failures++;
    check_sum("random float sweep", h, 0);
}

/* Float code compiled from C. */
static void compiled(void) {
    volatile float x = 0.0f;
    float sum = 0.0f, prod = 1.0f;
    for (int i = 1; i <= 1000; i++) {
        sum += 1.0f / (float)i;
        prod *= 1.0001f;
        x = x * 0.5f + (float)(i & 7);
    }
    printf("harmonic(1000) = %.9g (0x%08x)\n", sum, B(sum));
    printf("1.0001^1000 = %.9g (0x%08x)\n", prod, B(prod));
    printf("x = %.9g (0x%08x)\n", (float)x, B(x));
    check_true("harmonic in range", sum > 7.48f && sum < 7.49f);
    float v = -3.75f;
    check_i64("(int)-3.75f", (int)v, -3);
    check_i64("(long)1e10f", (long)1e10f, 10000000000LL);
    check_u64("(unsigned)3e9f", (unsigned)(volatile float){3e9f}, 3000000000u);
    check_true("fabsf", fabsf(v) == 3.75f);
    check_true("sqrtf(2)", B(sqrtf((volatile float){2.0f})) == 0x3fb504f3u);
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
    return finish("float_ops");
}
