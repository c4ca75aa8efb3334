/*
 * Differential test of the F and D extensions: every computational instruction, every static
 * rounding mode (rne rtz rdn rup rmm) and the dynamic mode with frm = 0..4, on operands chosen to
 * hit ties, overflow, underflow (tininess after rounding), exact zeros, NaN rules and saturation.
 * Each line: instruction, mode, operands and result as hex bits, then the accrued fflags.
 * Operands go through fmv.d.x so NaN-boxing (and its absence) is under the test's control.
 * Self-checking: a checksum over every result and flag (value from qemu-riscv64) and a few
 * spec facts checked explicitly at the end.
 */
#include <stdint.h>
#include <stdio.h>

#include "check.h"

typedef uint64_t u64;
typedef uint32_t u32;

static const char *const MODE[] = {"rne", "rtz", "rdn", "rup", "rmm"};
#define BOX(v) (0xffffffff00000000ULL | (u32)(v))

/* One asm statement per (instruction, mode): clear fflags, load operands, execute, read back. */
#define SEQ_F3(ins, rm) \
    asm volatile("fsflags zero\n\tfmv.d.x ft0,%2\n\tfmv.d.x ft1,%3\n\tfmv.d.x ft2,%4\n\t" ins " ft3,ft0,ft1,ft2," rm \
                 "\n\tfmv.x.d %0,ft3\n\tfrflags %1" : "=&r"(r), "=&r"(fl) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3")
#define SEQ_F2(ins, rm) \
    asm volatile("fsflags zero\n\tfmv.d.x ft0,%2\n\tfmv.d.x ft1,%3\n\t" ins " ft3,ft0,ft1," rm \
                 "\n\tfmv.x.d %0,ft3\n\tfrflags %1" : "=&r"(r), "=&r"(fl) : "r"(a), "r"(b) : "ft0", "ft1", "ft3")
#define SEQ_F1(ins, rm) \
    asm volatile("fsflags zero\n\tfmv.d.x ft0,%2\n\t" ins " ft3,ft0," rm \
                 "\n\tfmv.x.d %0,ft3\n\tfrflags %1" : "=&r"(r), "=&r"(fl) : "r"(a) : "ft0", "ft3")
#define SEQ_XF(ins, rm) /* float -> integer register */ \
    asm volatile("fsflags zero\n\tfmv.d.x ft0,%2\n\t" ins " %0,ft0," rm "\n\tfrflags %1" : "=&r"(r), "=&r"(fl) : "r"(a) : "ft0")
#define SEQ_FX(ins, rm) /* integer register -> float */ \
    asm volatile("fsflags zero\n\t" ins " ft3,%2," rm "\n\tfmv.x.d %0,ft3\n\tfrflags %1" : "=&r"(r), "=&r"(fl) : "r"(a) : "ft3")
/* fcvt.d.w, fcvt.d.wu and fcvt.d.s never round and binutils refuses an rm operand for them; the
   rm field still exists, so encode it with .insn (OP-FP, funct3 = rm). */
#define SEQ_DW(f7, rs2, rm) \
    asm volatile("fsflags zero\n\t.insn r 0x53, " #rm ", " #f7 ", ft3, %2, x" #rs2 "\n\tfmv.x.d %0,ft3\n\tfrflags %1" \
                 : "=&r"(r), "=&r"(fl) : "r"(a) : "ft3")
#define SEQ_DS(unused, rm) \
    asm volatile("fsflags zero\n\tfmv.d.x ft0,%2\n\t.insn r 0x53, " #rm ", 0x21, ft3, ft0, x0\n\tfmv.x.d %0,ft3\n\tfrflags %1" \
                 : "=&r"(r), "=&r"(fl) : "r"(a) : "ft0", "ft3")

/* A function per instruction taking the mode: 0..4 static, 7 dynamic. */
#define MODES(SEQ, ...)                                   \
    switch (m) {                                          \
    case 0: SEQ(__VA_ARGS__, "rne"); break;               \
    case 1: SEQ(__VA_ARGS__, "rtz"); break;               \
    case 2: SEQ(__VA_ARGS__, "rdn"); break;               \
    case 3: SEQ(__VA_ARGS__, "rup"); break;               \
    case 4: SEQ(__VA_ARGS__, "rmm"); break;               \
    default: SEQ(__VA_ARGS__, "dyn"); break;              \
    }
#define MODES_INSN(SEQ, ...)                              \
    switch (m) {                                          \
    case 0: SEQ(__VA_ARGS__, 0); break;                   \
    case 1: SEQ(__VA_ARGS__, 1); break;                   \
    case 2: SEQ(__VA_ARGS__, 2); break;                   \
    case 3: SEQ(__VA_ARGS__, 3); break;                   \
    case 4: SEQ(__VA_ARGS__, 4); break;                   \
    default: SEQ(__VA_ARGS__, 7); break;                  \
    }

typedef void (*op_fn)(int m, u64 a, u64 b, u64 c, u64 *res, unsigned *flags);
#define DEF(name, body) \
    static void name(int m, u64 a, u64 b, u64 c, u64 *res, unsigned *flags) { \
        u64 r; unsigned fl; (void)a; (void)b; (void)c; body; *res = r; *flags = fl; }
/* no rounding mode: the mode argument is ignored */
#define SEQ_N2(ins) \
    asm volatile("fsflags zero\n\tfmv.d.x ft0,%2\n\tfmv.d.x ft1,%3\n\t" ins "\n\tfmv.x.d %0,ft3\n\tfrflags %1" \
                 : "=&r"(r), "=&r"(fl) : "r"(a), "r"(b) : "ft0", "ft1", "ft3")
#define SEQ_NX2(ins) \
    asm volatile("fsflags zero\n\tfmv.d.x ft0,%2\n\tfmv.d.x ft1,%3\n\t" ins "\n\tfrflags %1" \
                 : "=&r"(r), "=&r"(fl) : "r"(a), "r"(b) : "ft0", "ft1")

DEF(fmadd_d, MODES(SEQ_F3, "fmadd.d")) DEF(fmsub_d, MODES(SEQ_F3, "fmsub.d"))
DEF(fnmsub_d, MODES(SEQ_F3, "fnmsub.d")) DEF(fnmadd_d, MODES(SEQ_F3, "fnmadd.d"))
DEF(fmadd_s, MODES(SEQ_F3, "fmadd.s")) DEF(fmsub_s, MODES(SEQ_F3, "fmsub.s"))
DEF(fnmsub_s, MODES(SEQ_F3, "fnmsub.s")) DEF(fnmadd_s, MODES(SEQ_F3, "fnmadd.s"))
DEF(fadd_d, MODES(SEQ_F2, "fadd.d")) DEF(fsub_d, MODES(SEQ_F2, "fsub.d"))
DEF(fmul_d, MODES(SEQ_F2, "fmul.d")) DEF(fdiv_d, MODES(SEQ_F2, "fdiv.d"))
DEF(fadd_s, MODES(SEQ_F2, "fadd.s")) DEF(fsub_s, MODES(SEQ_F2, "fsub.s"))
DEF(fmul_s, MODES(SEQ_F2, "fmul.s")) DEF(fdiv_s, MODES(SEQ_F2, "fdiv.s"))
DEF(fsqrt_d, MODES(SEQ_F1, "fsqrt.d")) DEF(fsqrt_s, MODES(SEQ_F1, "fsqrt.s"))
DEF(fcvt_s_d, MODES(SEQ_F1, "fcvt.s.d")) DEF(fcvt_d_s, MODES_INSN(SEQ_DS, 0))
DEF(fcvt_w_d, MODES(SEQ_XF, "fcvt.w.d")) DEF(fcvt_wu_d, MODES(SEQ_XF, "fcvt.wu.d"))
DEF(fcvt_l_d, MODES(SEQ_XF, "fcvt.l.d")) DEF(fcvt_lu_d, MODES(SEQ_XF, "fcvt.lu.d"))
DEF(fcvt_w_s, MODES(SEQ_XF, "fcvt.w.s")) DEF(fcvt_wu_s, MODES(SEQ_XF, "fcvt.wu.s"))
DEF(fcvt_l_s, MODES(SEQ_XF, "fcvt.l.s")) DEF(fcvt_lu_s, MODES(SEQ_XF, "fcvt.lu.s"))
DEF(fcvt_d_w, MODES_INSN(SEQ_DW, 0x69, 0)) DEF(fcvt_d_wu, MODES_INSN(SEQ_DW, 0x69, 1))
DEF(fcvt_d_l, MODES(SEQ_FX, "fcvt.d.l")) DEF(fcvt_d_lu, MODES(SEQ_FX, "fcvt.d.lu"))
DEF(fcvt_s_w, MODES(SEQ_FX, "fcvt.s.w")) DEF(fcvt_s_wu, MODES(SEQ_FX, "fcvt.s.wu"))
DEF(fcvt_s_l, MODES(SEQ_FX, "fcvt.s.l")) DEF(fcvt_s_lu, MODES(SEQ_FX, "fcvt.s.lu"))
DEF(fsgnj_d, SEQ_N2("fsgnj.d ft3,ft0,ft1")) DEF(fsgnjn_d, SEQ_N2("fsgnjn.d ft3,ft0,ft1"))
DEF(fsgnjx_d, SEQ_N2("fsgnjx.d ft3,ft0,ft1")) DEF(fmin_d, SEQ_N2("fmin.d ft3,ft0,ft1"))
DEF(fmax_d, SEQ_N2("fmax.d ft3,ft0,ft1"))
DEF(fsgnj_s, SEQ_N2("fsgnj.s ft3,ft0,ft1")) DEF(fsgnjn_s, SEQ_N2("fsgnjn.s ft3,ft0,ft1"))
DEF(fsgnjx_s, SEQ_N2("fsgnjx.s ft3,ft0,ft1")) DEF(fmin_s, SEQ_N2("fmin.s ft3,ft0,ft1"))
DEF(fmax_s, SEQ_N2("fmax.s ft3,ft0,ft1"))
DEF(feq_d, SEQ_NX2("feq.d %0,ft0,ft1")) DEF(flt_d, SEQ_NX2("flt.d %0,ft0,ft1")) DEF(fle_d, SEQ_NX2("fle.d %0,ft0,ft1"))
DEF(feq_s, SEQ_NX2("feq.s %0,ft0,ft1")) DEF(flt_s, SEQ_NX2("flt.s %0,ft0,ft1")) DEF(fle_s, SEQ_NX2("fle.s %0,ft0,ft1"))
DEF(fclass_d, SEQ_NX2("fclass.d %0,ft0")) DEF(fclass_s, SEQ_NX2("fclass.s %0,ft0"))
DEF(fmv_x_d, SEQ_NX2("fmv.x.d %0,ft0")) DEF(fmv_x_w, SEQ_NX2("fmv.x.w %0,ft0"))
DEF(fmv_d_x, asm volatile("fsflags zero\n\tfmv.d.x ft3,%2\n\tfmv.x.d %0,ft3\n\tfrflags %1" : "=&r"(r), "=&r"(fl) : "r"(a) : "ft3"))
DEF(fmv_w_x, asm volatile("fsflags zero\n\tfmv.w.x ft3,%2\n\tfmv.x.d %0,ft3\n\tfrflags %1" : "=&r"(r), "=&r"(fl) : "r"(a) : "ft3"))

/* ---- operands */

/* doubles: the "core" set is crossed with itself; the pairs and triples are hand-picked. */
static const u64 CORE_D[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff8000000000000, 0x3fd5555555555555,
    0x7fefffffffffffff, 0x0000000000000003, 0x7ff0000000000000, 0x7ff4000000000000, 0x7ff8000000000000,
};
static const u64 PAIRS_D[][2] = {
    {0x3ff0000000000000, 0x3ca0000000000000}, /* 1 + 2^-53: tie, even is 1 */
    {0x3ff0000000000001, 0x3ca0000000000000}, /* tie, even is up */
    {0x3ff0000000000000, 0xbc90000000000000}, /* 1 - 2^-54: tie below 1 */
    {0x3ff0000000000000, 0x3ca8000000000000}, /* above the tie */
    {0x3ff0000000000000, 0xbff0000000000000}, /* exact zero: -0 in rdn */
    {0x7fefffffffffffff, 0x7ca0000000000000}, /* MAX + ulp = 2^1024: overflow in every mode */
    {0x7fefffffffffffff, 0x7c90000000000000}, /* MAX + ulp/2: overflow except rtz/rdn (no OF there) */
    {0x7fefffffffffffff, 0x7fefffffffffffff}, /* overflow */
    {0xffefffffffffffff, 0xfc80000000000000}, /* -MAX - ulp/4 */
    {0x0010000000000000, 0x3fefffffffffffff}, /* MIN_NORMAL * (1-2^-53): tininess after rounding */
    {0x0010000000000001, 0x3fe0000000000000}, /* halving to a subnormal tie */
    {0x0000000000000001, 0x3fe0000000000000}, /* min subnormal / 2 */
    {0x0000000000000003, 0x3fd0000000000000}, /* 3*2^-1074 / 4 */
    {0x000fffffffffffff, 0x0000000000000001}, /* subnormal sum becomes normal */
    {0x4000000000000000, 0x4008000000000000}, /* 2 and 3 */
    {0x3ff0000000000000, 0x4008000000000000}, /* 1/3 */
    {0x4010000000000000, 0x4000000000000000}, /* 4 / 2 exact */
    {0x3ff0000000000000, 0x0000000000000000}, /* divide by zero */
    {0xbff0000000000000, 0x8000000000000000}, /* -1 / -0 */
    {0x7ff0000000000000, 0xfff0000000000000}, /* inf - inf */
    {0x0000000000000000, 0x7ff0000000000000}, /* 0 * inf */
    {0x7ff0000000000001, 0x7ff8000000000000}, /* sNaN, qNaN */
    {0x7ff8000000000000, 0x3ff0000000000000}, /* qNaN, 1 */
    {0x8000000000000000, 0x0000000000000000}, /* -0, +0 */
    {0x4340000000000000, 0x3ff8000000000000}, /* 2^53 + 1.5 */
    {0x1ff0000000000000, 0x1ff0000000000000}, /* 2^-512 squared: exactly 2^-1024 subnormal */
    {0x2000000000000001, 0x1fffffffffffffff}, /* product just around 2^-1022 */
    {0x0000000000000001, 0x4330000000000000}, /* min subnormal * 2^52 */
};
static const u64 TRIPLES_D[][3] = {
    {0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000}, /* 1*1-1: exact zero */
    {0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000}, /* tiny exact result */
    {0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000002}, /* (1+u)^2 - (1+2u) = u^2 */
    {0x3ff8000000000000, 0x3ff0000000000001, 0x3ca0000000000000}, /* ties in the fused sum */
    {0x0000000000000000, 0x7ff0000000000000, 0x7ff8000000000000}, /* 0*inf + qNaN: invalid */
    {0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000}, /* inf - inf */
    {0x7ff0000000000000, 0x3ff0000000000000, 0x7ff8000000000000}, /* inf * 1 + qNaN: no flag */
    {0x3ff0000000000000, 0x3ff0000000000000, 0x7ff4000000000000}, /* sNaN addend */
    {0x8000000000000000, 0x3ff0000000000000, 0x0000000000000000}, /* -0 + +0 */
    {0x8000000000000000, 0x3ff0000000000000, 0x8000000000000000}, /* -0 + -0 */
    {0x7fefffffffffffff, 0x4000000000000000, 0xffefffffffffffff}, /* intermediate overflow, finite result */
    {0x7fefffffffffffff, 0x3ff0000000000001, 0x0000000000000000}, /* overflow */
    {0x0010000000000000, 0x3fefffffffffffff, 0x0000000000000000}, /* tininess after rounding */
    {0x0010000000000000, 0x3fe0000000000001, 0x8000000000000001}, /* subnormal result */
    {0x2000000000000000, 0x2000000000000000, 0x3ff0000000000000}, /* tiny product + 1 */
    {0x3fd5555555555555, 0x4008000000000000, 0xbff0000000000000}, /* 1/3*3 - 1 */
    {0x4340000000000000, 0x3ff0000000000000, 0x3ff8000000000000}, /* 2^53 + 1.5 */
    {0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000}, /* 1 + 2^-53 tie */
};
static const u64 SQRT_D[] = {
    0x0000000000000000, 0x8000000000000000, 0x4000000000000000, 0x4010000000000000, 0x3ff0000000000001,
    0xbff0000000000000, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff4000000000000, 0x0000000000000001,
    0x000fffffffffffff, 0x7fefffffffffffff, 0x3fe0000000000000,
};
/* float -> integer: boundaries and half-way points */
static const u64 CVT_D[] = {
    0x0000000000000000, 0x8000000000000000, 0x3fe0000000000000, 0xbfe0000000000000, 0x3ff8000000000000,
    0xc004000000000000, 0x3fdfffffffffffff, 0x41dfffffffe00000, 0x41dfffffffe00001, 0x41e0000000000000,
    0xc1e0000000000000, 0xc1e0000000100000, 0xc1e0000000080000, 0x41efffffffe00000, 0x41efffffffe00001,
    0x41effffffff00000, 0x41f0000000000000, 0x43dfffffffffffff, 0x43e0000000000000, 0xc3e0000000000000,
    0xc3e0000000000001, 0x43efffffffffffff, 0x43f0000000000000, 0xbfefffffffffffff, 0xbff0000000000000,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0x7ff4000000000000, 0x0000000000000001,
};
/* integer -> float */
static const u64 INTS[] = {
    0, 1, 0xffffffffffffffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x1000001, 0x1000003, 0xfefffffffeffffff,
    0x20000000000001, 0x20000000000003, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffff80000001,
    0x7fffff80, 0xffffff7f, 0xfffffffffffffc00, 0x8000000000000401,
};

/* floats, boxed when used */
static const u32 CORE_S[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbfc00000, 0x3eaaaaab, 0x7f7fffff, 0x00000003, 0x7f800000,
    0x7fa00000, 0x7fc00000,
};
static const u32 PAIRS_S[][2] = {
    {0x3f800000, 0x33800000}, {0x3f800001, 0x33800000}, {0x3f800000, 0xb3000000}, {0x3f800000, 0x33c00000},
    {0x3f800000, 0xbf800000}, {0x7f7fffff, 0x73800000}, {0x7f7fffff, 0x73000000}, {0x7f7fffff, 0x7f7fffff},
    {0xff7fffff, 0xf2800000},
    {0x00800000, 0x3f7fffff}, {0x00800001, 0x3f000000}, {0x00000001, 0x3f000000}, {0x00000003, 0x3e800000},
    {0x007fffff, 0x00000001}, {0x40000000, 0x40400000}, {0x3f800000, 0x40400000}, {0x3f800000, 0x00000000},
    {0xbf800000, 0x80000000}, {0x7f800000, 0xff800000}, {0x00000000, 0x7f800000}, {0x7f800001, 0x7fc00000},
    {0x7fc00000, 0x3f800000}, {0x80000000, 0x00000000}, {0x4b800000, 0x3fc00000}, {0x1f800000, 0x1f800000},
    {0x20000001, 0x1f7fffff}, {0x00000001, 0x4b000000},
};
static const u32 TRIPLES_S[][3] = {
    {0x3f800000, 0x3f800000, 0xbf800000}, {0x3f800001, 0x3f800001, 0xbf800000}, {0x3f800001, 0x3f800001, 0xbf800002},
    {0x3fc00000, 0x3f800001, 0x33800000}, {0x00000000, 0x7f800000, 0x7fc00000}, {0x7f800000, 0x3f800000, 0xff800000},
    {0x7f800000, 0x3f800000, 0x7fc00000}, {0x3f800000, 0x3f800000, 0x7fa00000}, {0x80000000, 0x3f800000, 0x00000000},
    {0x80000000, 0x3f800000, 0x80000000}, {0x7f7fffff, 0x40000000, 0xff7fffff}, {0x7f7fffff, 0x3f800001, 0x00000000},
    {0x00800000, 0x3f7fffff, 0x00000000}, {0x00800000, 0x3f000001, 0x80000001}, {0x20000000, 0x20000000, 0x3f800000},
    {0x3eaaaaab, 0x40400000, 0xbf800000}, {0x4b800000, 0x3f800000, 0x3fc00000}, {0x3f800000, 0x3f800000, 0x33800000},
};
static const u32 SQRT_S[] = {
    0x00000000, 0x80000000, 0x40000000, 0x40800000, 0x3f800001, 0xbf800000, 0x7f800000, 0xff800000,
    0x7fa00000, 0x00000001, 0x007fffff, 0x7f7fffff, 0x3f000000,
};
static const u32 CVT_S[] = {
    0x00000000, 0x80000000, 0x3f000000, 0xbf000000, 0x3fc00000, 0xc0200000, 0x3effffff, 0x4effffff,
    0x4f000000, 0xcf000000, 0xcf000001, 0x4f7fffff, 0x4f800000, 0x5effffff, 0x5f000000, 0xdf000000,
    0xdf000001, 0x5f7fffff, 0x5f800000, 0xbf7fffff, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
    0x7fa00000, 0x00000001,
};
/* doubles for fcvt.s.d: float ties, float overflow / underflow boundaries */
static const u64 NARROW_D[] = {
    0x3ff0000010000000, 0x3ff0000030000000, 0x3ff0000010000001, 0xbff0000010000000, 0x47efffffe0000000,
    0x47efffffefffffff, 0x47effffff0000000, 0x7fefffffffffffff, 0x380fffffe0000000, 0x380ffffff0000000,
    0x380fffffefffffff, 0x3690000000000000, 0x3690000000000001, 0x36a0000000000000, 0x36a8000000000000,
    0x0000000000000001, 0x8000000000000001, 0x3fd5555555555555, 0x7ff4000000000000, 0xfff8000000000001,
    0x7ff0000000000000, 0x8000000000000000,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* qemu-riscv64 7.2 checksum of every result and fflags value printed by the sweeps. */
#define EXPECTED_SUM 0xf812910352f4c258ULL

static uint64_t g_sum;

static void run(const char *name, op_fn fn, int rounds, u64 a, u64 b, u64 c, int nargs) {
    int runs = rounds ? 10 : 1;
    for (int i = 0; i < runs; i++) {
        int m = i < 5 ? i : 7;
        if (m == 7) asm volatile("fsrm %0" ::"r"(i - 5));
        u64 r;
        unsigned fl;
        fn(m, a, b, c, &r, &fl);
        g_sum = mix64(mix64(g_sum, r), fl);
        char mode[8];
        if (!rounds) snprintf(mode, sizeof mode, "-");
        else if (m == 7) snprintf(mode, sizeof mode, "dyn%s", MODE[i - 5]);
        else snprintf(mode, sizeof mode, "%s", MODE[m]);
        printf("%-9s %-6s %016llx", name, mode, (unsigned long long)a);
        if (nargs > 1) printf(" %016llx", (unsigned long long)b);
        if (nargs > 2) printf(" %016llx", (unsigned long long)c);
        printf(" -> %016llx fl=%02x\n", (unsigned long long)r, fl);
    }
}

/* A few facts straight from the spec (RISC-V unprivileged, chapters "F" and "D"). */
static void expect(const char *name, op_fn fn, int m, u64 a, u64 b, u64 c, u64 want, unsigned want_fl) {
    u64 r;
    unsigned fl;
    fn(m, a, b, c, &r, &fl);
    char what[96];
    snprintf(what, sizeof what, "%s value", name);
    check_u64(what, r, want);
    snprintf(what, sizeof what, "%s fflags", name);
    check_u32(what, fl, want_fl);
}

static void spec_checks(void) {
    const u64 one = 0x3ff0000000000000, half_ulp = 0x3ca0000000000000;
    expect("1+2^-53 rne (tie to even)", fadd_d, 0, one, half_ulp, 0, one, 1);
    expect("1+2^-53 rtz", fadd_d, 1, one, half_ulp, 0, one, 1);
    expect("1+2^-53 rdn", fadd_d, 2, one, half_ulp, 0, one, 1);
    expect("1+2^-53 rup", fadd_d, 3, one, half_ulp, 0, one + 1, 1);
    expect("1+2^-53 rmm (tie away)", fadd_d, 4, one, half_ulp, 0, one + 1, 1);
    expect("1-1 rdn is -0", fsub_d, 2, one, one, 0, 0x8000000000000000, 0);
    expect("MAX+MAX rtz overflows to MAX", fadd_d, 1, 0x7fefffffffffffff, 0x7fefffffffffffff, 0, 0x7fefffffffffffff, 5);
    expect("1/0 divide by zero", fdiv_d, 0, one, 0, 0, 0x7ff0000000000000, 8);
    expect("sqrt(-1) canonical NaN", fsqrt_d, 0, 0xbff0000000000000, 0, 0, 0x7ff8000000000000, 16);
    expect("tininess after rounding", fmul_d, 0, 0x0010000000000000, 0x3fefffffffffffff, 0, 0x0010000000000000, 3);
    expect("0*inf+qNaN invalid", fmadd_d, 0, 0, 0x7ff0000000000000, 0x7ff8000000000000, 0x7ff8000000000000, 16);
    expect("fmin(+0,-0) = -0", fmin_d, 0, 0, 0x8000000000000000, 0, 0x8000000000000000, 0);
    expect("fmax(sNaN,1) = 1, NV", fmax_d, 0, 0x7ff4000000000000, one, 0, one, 16);
    expect("fcvt.w.d NaN saturates", fcvt_w_d, 0, 0x7ff8000000000000, 0, 0, 0x7fffffff, 16);
    expect("fcvt.wu.d 3e9 sign-extended", fcvt_wu_d, 0, 0x41e65a0bc0000000, 0, 0, 0xffffffffb2d05e00, 0);
    expect("fcvt.wu.d -1 clips to 0", fcvt_wu_d, 0, 0xbff0000000000000, 0, 0, 0, 16);
    expect("fcvt.l.d 2.5 rmm", fcvt_l_d, 4, 0x4004000000000000, 0, 0, 3, 1);
    expect("unboxed single reads as qNaN", fadd_s, 0, 0x3f800000, BOX(0x3f800000), 0, BOX(0x7fc00000), 0);
    expect("fmv.x.w sign-extends", fmv_x_w, 0, 0x12345678cafef00d, 0, 0, 0xffffffffcafef00d, 0);
    expect("fclass.d -subnormal", fclass_d, 0, 0x8000000000000001, 0, 0, 1 << 2, 0);
    expect("fclass.s sNaN", fclass_s, 0, BOX(0x7f800001), 0, 0, 1 << 8, 0);
}

struct op2 { const char *name; op_fn fn; int rounds; };

int main(void) {
    static const struct op2 bin_d[] = {
        {"fadd.d", fadd_d, 1}, {"fsub.d", fsub_d, 1}, {"fmul.d", fmul_d, 1}, {"fdiv.d", fdiv_d, 1},
        {"fsgnj.d", fsgnj_d, 0}, {"fsgnjn.d", fsgnjn_d, 0}, {"fsgnjx.d", fsgnjx_d, 0}, {"fmin.d", fmin_d, 0},
        {"fmax.d", fmax_d, 0}, {"feq.d", feq_d, 0}, {"flt.d", flt_d, 0}, {"fle.d", fle_d, 0},
    };
    static const struct op2 bin_s[] = {
        {"fadd.s", fadd_s, 1}, {"fsub.s", fsub_s, 1}, {"fmul.s", fmul_s, 1}, {"fdiv.s", fdiv_s, 1},
        {"fsgnj.s", fsgnj_s, 0}, {"fsgnjn.s", fsgnjn_s, 0}, {"fsgnjx.s", fsgnjx_s, 0}, {"fmin.s", fmin_s, 0},
        {"fmax.s", fmax_s, 0}, {"feq.s", feq_s, 0}, {"flt.s", flt_s, 0}, {"fle.s", fle_s, 0},
    };
    static const struct op2 fma_d[] = {{"fmadd.d", fmadd_d, 1}, {"fmsub.d", fmsub_d, 1}, {"fnmsub.d", fnmsub_d, 1}, {"fnmadd.d", fnmadd_d, 1}};
    static const struct op2 fma_s[] = {{"fmadd.s", fmadd_s, 1}, {"fmsub.s", fmsub_s, 1}, {"fnmsub.s", fnmsub_s, 1}, {"fnmadd.s", fnmadd_s, 1}};
    static const struct op2 cvt_d[] = {{"fcvt.w.d", fcvt_w_d, 1}, {"fcvt.wu.d", fcvt_wu_d, 1}, {"fcvt.l.d", fcvt_l_d, 1},
                                       {"fcvt.lu.d", fcvt_lu_d, 1}, {"fclass.d", fclass_d, 0}, {"fmv.x.d", fmv_x_d, 0},
                                       {"fcvt.s.d", fcvt_s_d, 1}};
    static const struct op2 cvt_s[] = {{"fcvt.w.s", fcvt_w_s, 1}, {"fcvt.wu.s", fcvt_wu_s, 1}, {"fcvt.l.s", fcvt_l_s, 1},
                                       {"fcvt.lu.s", fcvt_lu_s, 1}, {"fclass.s", fclass_s, 0}, {"fmv.x.w", fmv_x_w, 0},
                                       {"fcvt.d.s", fcvt_d_s, 1}};
    static const struct op2 from_int[] = {{"fcvt.d.w", fcvt_d_w, 1}, {"fcvt.d.wu", fcvt_d_wu, 1}, {"fcvt.d.l", fcvt_d_l, 1},
                                          {"fcvt.d.lu", fcvt_d_lu, 1}, {"fcvt.s.w", fcvt_s_w, 1}, {"fcvt.s.wu", fcvt_s_wu, 1},
                                          {"fcvt.s.l", fcvt_s_l, 1}, {"fcvt.s.lu", fcvt_s_lu, 1}, {"fmv.d.x", fmv_d_x, 0},
                                          {"fmv.w.x", fmv_w_x, 0}};

    for (unsigned o = 0; o < N(bin_d); o++) {
        for (unsigned i = 0; i < N(CORE_D); i++)
            for (unsigned j = 0; j < N(CORE_D); j++) run(bin_d[o].name, bin_d[o].fn, bin_d[o].rounds, CORE_D[i], CORE_D[j], 0, 2);
        for (unsigned i = 0; i < N(PAIRS_D); i++) {
            run(bin_d[o].name, bin_d[o].fn, bin_d[o].rounds, PAIRS_D[i][0], PAIRS_D[i][1], 0, 2);
            run(bin_d[o].name, bin_d[o].fn, bin_d[o].rounds, PAIRS_D[i][1] ^ (1ULL << 63), PAIRS_D[i][0], 0, 2);
        }
    }
    for (unsigned o = 0; o < N(bin_s); o++) {
        for (unsigned i = 0; i < N(CORE_S); i++)
            for (unsigned j = 0; j < N(CORE_S); j++) run(bin_s[o].name, bin_s[o].fn, bin_s[o].rounds, BOX(CORE_S[i]), BOX(CORE_S[j]), 0, 2);
        for (unsigned i = 0; i < N(PAIRS_S); i++) {
            run(bin_s[o].name, bin_s[o].fn, bin_s[o].rounds, BOX(PAIRS_S[i][0]), BOX(PAIRS_S[i][1]), 0, 2);
            run(bin_s[o].name, bin_s[o].fn, bin_s[o].rounds, BOX(PAIRS_S[i][1] ^ 0x80000000u), BOX(PAIRS_S[i][0]), 0, 2);
        }
        /* improperly NaN-boxed operands read as the canonical NaN */
        run(bin_s[o].name, bin_s[o].fn, bin_s[o].rounds, 0x000000003f800000ULL, BOX(0x3f800000), 0, 2);
        run(bin_s[o].name, bin_s[o].fn, bin_s[o].rounds, BOX(0xbf800000), 0xfffffffe3f800000ULL, 0, 2);
    }
    for (unsigned o = 0; o < N(fma_d); o++)
        for (unsigned i = 0; i < N(TRIPLES_D); i++) {
            const u64 *t = TRIPLES_D[i];
            run(fma_d[o].name, fma_d[o].fn, 1, t[0], t[1], t[2], 3);
            run(fma_d[o].name, fma_d[o].fn, 1, t[1], t[0] ^ (1ULL << 63), t[2] ^ (1ULL << 63), 3);
        }
    for (unsigned o = 0; o < N(fma_s); o++) {
        for (unsigned i = 0; i < N(TRIPLES_S); i++) {
            const u32 *t = TRIPLES_S[i];
            run(fma_s[o].name, fma_s[o].fn, 1, BOX(t[0]), BOX(t[1]), BOX(t[2]), 3);
            run(fma_s[o].name, fma_s[o].fn, 1, BOX(t[1]), BOX(t[0] ^ 0x80000000u), BOX(t[2] ^ 0x80000000u), 3);
        }
        run(fma_s[o].name, fma_s[o].fn, 1, BOX(0x3f800000), BOX(0x3f800000), 0x3f800000, 3);
    }
    for (unsigned i = 0; i < N(SQRT_D); i++) run("fsqrt.d", fsqrt_d, 1, SQRT_D[i], 0, 0, 1);
    for (unsigned i = 0; i < N(SQRT_S); i++) run("fsqrt.s", fsqrt_s, 1, BOX(SQRT_S[i]), 0, 0, 1);
    run("fsqrt.s", fsqrt_s, 1, 0x40800000, 0, 0, 1);
    for (unsigned o = 0; o < N(cvt_d); o++) {
        for (unsigned i = 0; i < N(CVT_D); i++) run(cvt_d[o].name, cvt_d[o].fn, cvt_d[o].rounds, CVT_D[i], 0, 0, 1);
        for (unsigned i = 0; i < N(NARROW_D); i++) run(cvt_d[o].name, cvt_d[o].fn, cvt_d[o].rounds, NARROW_D[i], 0, 0, 1);
        for (unsigned i = 0; i < N(SQRT_D); i++) run(cvt_d[o].name, cvt_d[o].fn, cvt_d[o].rounds, SQRT_D[i], 0, 0, 1);
    }
    for (unsigned o = 0; o < N(cvt_s); o++) {
        for (unsigned i = 0; i < N(CVT_S); i++) run(cvt_s[o].name, cvt_s[o].fn, cvt_s[o].rounds, BOX(CVT_S[i]), 0, 0, 1);
        for (unsigned i = 0; i < N(SQRT_S); i++) run(cvt_s[o].name, cvt_s[o].fn, cvt_s[o].rounds, BOX(SQRT_S[i]), 0, 0, 1);
        run(cvt_s[o].name, cvt_s[o].fn, cvt_s[o].rounds, 0x7fffffff3f800000ULL, 0, 0, 1); /* not boxed */
    }
    for (unsigned o = 0; o < N(from_int); o++)
        for (unsigned i = 0; i < N(INTS); i++) run(from_int[o].name, from_int[o].fn, from_int[o].rounds, INTS[i], 0, 0, 1);

    /* accrual: flags are sticky across instructions until cleared; frm/fflags/fcsr views agree */
    {
        unsigned long fcsr, flags, frm;
        double one = 1.0, three = 3.0, zero = 0.0, q, z;
        asm volatile("fsflags zero\n\tfsrmi 3\n\tfdiv.d %0,%2,%3\n\tfdiv.d %1,%2,%4\n\tfrcsr %5\n\tfrflags %6\n\tfrrm %7\n\tfsrmi 0"
                     : "=&f"(q), "=&f"(z), "+f"(one), "+f"(three), "+f"(zero), "=&r"(fcsr), "=&r"(flags), "=&r"(frm));
        printf("accrued q=%a z=%a fcsr=%02lx fflags=%02lx frm=%lu\n", q, z, fcsr, flags, frm);
        check_u64("accrued fcsr (frm=rup, DZ|NX)", fcsr, 0x69);
    }
    spec_checks();
    check_sum("fp_rounding all results", g_sum, EXPECTED_SUM);
    return finish("fp_rounding");
}
