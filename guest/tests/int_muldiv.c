/* int_muldiv: the M extension through inline asm against 128-bit C reference semantics:
 * mul, mulh, mulhsu, mulhu, mulw, div, divu, rem, remu, divw, divuw, remw, remuw, with the
 * corner cases (division by zero gives all ones / the dividend, INT_MIN / -1 overflow gives
 * INT_MIN / 0, W forms sign-extend their 32-bit results, W forms ignore the upper halves of
 * their operands), an edge-value cross product and an LCG sweep, each with a checksum. */
#define QUIET_OK
#include "check.h"
#include <stdlib.h>

typedef uint64_t u64;
typedef int64_t i64;
typedef unsigned __int128 u128;
typedef __int128 i128;

static const u64 vals[] = {
    0, 1, 2, 3, 7, 10, 0x7f, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff,
    0x100000000ULL, 0x100000001ULL, 0x123456789abcdef0ULL, 0x7fffffffffffffffULL,
    0x8000000000000000ULL, 0x8000000000000001ULL, 0xfffffffffffffffeULL, 0xffffffffffffffffULL,
    0xffffffff80000000ULL, 0xffffffff7fffffffULL, 0xfffffffffffffff9ULL, 0xdeadbeefcafebabeULL,
    0x00000001ffffffffULL, 0xffffffff00000000ULL, 0x000000007ffffffeULL,
};
#define NV (sizeof vals / sizeof vals[0])

static inline u64 sx32(u64 v) { return (u64)(i64)(int32_t)(uint32_t)v; }

#define RR(op, a, b) ({ u64 _r; __asm__ volatile(op " %0,%1,%2" : "=r"(_r) : "r"((u64)(a)), "r"((u64)(b))); _r; })

enum { MUL, MULH, MULHSU, MULHU, MULW, DIV, DIVU, REM, REMU, DIVW, DIVUW, REMW, REMUW, NOPS };
static const char *names[NOPS] = {"mul", "mulh", "mulhsu", "mulhu", "mulw", "div", "divu",
                                  "rem", "remu", "divw", "divuw", "remw", "remuw"};

static u64 ref(int op, u64 a, u64 b) {
    i64 sa = (i64)a, sb = (i64)b;
    int32_t wa = (int32_t)a, wb = (int32_t)b;
    uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
    switch (op) {
    case MUL: return a * b;
    case MULH: return (u64)(((i128)sa * (i128)sb) >> 64);
    case MULHSU: return (u64)(((i128)sa * (i128)(u128)b) >> 64);
    case MULHU: return (u64)(((u128)a * (u128)b) >> 64);
    case MULW: return sx32((uint32_t)(ua * ub));
    case DIV:
        if (b == 0) return ~0ULL;
        if (sa == INT64_MIN && sb == -1) return a;
        return (u64)(sa / sb);
    case DIVU: return b == 0 ? ~0ULL : a / b;
    case REM:
        if (b == 0) return a;
        if (sa == INT64_MIN && sb == -1) return 0;
        return (u64)(sa % sb);
    case REMU: return b == 0 ? a : a % b;
    case DIVW:
        if (wb == 0) return ~0ULL;
        if (wa == INT32_MIN && wb == -1) return sx32((uint32_t)INT32_MIN);
        return (u64)(i64)(wa / wb);
    case DIVUW: return ub == 0 ? ~0ULL : sx32(ua / ub);
    case REMW:
        if (wb == 0) return (u64)(i64)wa;
        if (wa == INT32_MIN && wb == -1) return 0;
        return (u64)(i64)(wa % wb);
    case REMUW: return ub == 0 ? sx32(ua) : sx32(ua % ub);
    }
    abort();
}

static u64 run(int op, u64 a, u64 b) {
    switch (op) {
    case MUL: return RR("mul", a, b);
    case MULH: return RR("mulh", a, b);
    case MULHSU: return RR("mulhsu", a, b);
    case MULHU: return RR("mulhu", a, b);
    case MULW: return RR("mulw", a, b);
    case DIV: return RR("div", a, b);
    case DIVU: return RR("divu", a, b);
    case REM: return RR("rem", a, b);
    case REMU: return RR("remu", a, b);
    case DIVW: return RR("divw", a, b);
    case DIVUW: return RR("divuw", a, b);
    case REMW: return RR("remw", a, b);
    case REMUW: return RR("remuw", a, b);
    }
    abort();
}

static void one(int op, u64 a, u64 b, u64 *h, int *bad) {
    u64 got = run(op, a, b), exp = ref(op, a, b);
    *h = mix64(*h, got);
    if (got != exp && (*bad)++ < 4) {
        char n[96];
        snprintf(n, sizeof n, "%s(0x%llx,0x%llx)", names[op], (unsigned long long)a, (unsigned long long)b);
        check_u64(n, got, exp);
    }
}

/* Named corner cases, printed one per line. */
static void corners(void) {
#define C(op, a, b, e) check_u64(op "(" #a "," #b ")", RR(op, a, b), (u64)(e))
    C("div", 7, 0, -1);
    C("div", -7, 0, -1);
    C("divu", 7, 0, ~0ULL);
    C("rem", 7, 0, 7);
    C("rem", -7, 0, -7);
    C("remu", 7, 0, 7);
    C("div", INT64_MIN, -1, INT64_MIN);
    C("rem", INT64_MIN, -1, 0);
    C("div", -7, 2, -3);
    C("rem", -7, 2, -1);
    C("div", 7, -2, -3);
    C("rem", 7, -2, 1);
    C("div", -7, -2, 3);
    C("rem", -7, -2, -1);
    C("divu", -1, 2, 0x7fffffffffffffffULL);
    C("remu", -1, 2, 1);
    C("divw", 7, 0, -1);
    C("divuw", 7, 0, -1);
    C("remw", -7, 0, -7);
    C("remw", 0x1fffffff9ULL, 0, -7);
    C("remuw", 0x1fffffff9ULL, 0, 0xfffffffffffffff9ULL);
    C("remuw", 0x17fffffffULL, 0, 0x7fffffff);
    C("divw", 0x80000000, -1, 0xffffffff80000000ULL);
    C("divw", 0xffffffff80000000ULL, 0xffffffff, 0xffffffff80000000ULL);
    C("remw", 0x80000000, -1, 0);
    C("divuw", 0xffffffff, 1, -1);
    C("divuw", 0x1ffffffffULL, 0x100000001ULL, -1);
    C("divuw", 0xfffffffe, 2, 0x7fffffff);
    C("remuw", 0xffffffff, 0x80000000, 0x7fffffff);
    C("divw", -7, 2, -3);
    C("remw", -7, 2, -1);
    C("mulw", 0x10000, 0x10000, 0);
    C("mulw", 0x10000, 0x8000, 0xffffffff80000000ULL);
    C("mulw", 0x100000003ULL, 0x100000005ULL, 15);
    C("mul", -1, -1, 1);
    C("mul", INT64_MIN, -1, INT64_MIN);
    C("mulh", -1, -1, 0);
    C("mulh", INT64_MIN, INT64_MIN, 0x4000000000000000ULL);
    C("mulh", INT64_MIN, -1, 0);
    C("mulh", INT64_MAX, INT64_MIN, 0xc000000000000000ULL);
    C("mulhu", -1, -1, 0xfffffffffffffffeULL);
    C("mulhu", INT64_MIN, 2, 1);
    C("mulhsu", -1, -1, -1);
    C("mulhsu", -1, 1, -1);
    C("mulhsu", 1, -1, 0);
    C("mulhsu", INT64_MIN, -1, 0x8000000000000000ULL);
    C("mulhsu", 2, -1, 1);
#undef C
}

int main(void) {
    corners();
    u64 total = 0;
    for (int op = 0; op < NOPS; op++) {
        u64 h = 0;
        int bad = 0;
        for (unsigned i = 0; i < NV; i++)
            for (unsigned j = 0; j < NV; j++) one(op, vals[i], vals[j], &h, &bad);
        for (int k = 0; k < 3000; k++) {
            u64 a = lcg_next(), b = lcg_next();
            /* Vary the magnitudes so the quotients are interesting. */
            int sh = (int)(lcg_next() % 64);
            if (k & 1) b >>= sh;
            if (k % 7 == 0) b = (u64)(i64)(int32_t)b;
            if (k % 11 == 0) a >>= 32;
            one(op, a, b, &h, &bad);
        }
        if (bad > 4) g_failures++;
        char n[48];
        snprintf(n, sizeof n, "%s sweep", names[op]);
        check_sum(n, h, 0);
        total = mix64(total, h);
    }
    check_sum("all", total, 0);
    /* Arithmetic compiled from C (the compiler picks the instructions). */
    u64 acc = 1;
    int64_t s = 0;
    for (int i = 1; i < 2000; i++) {
        acc = acc * 0x9e3779b97f4a7c15ULL + (u64)i;
        int64_t q = (int64_t)acc / (i * 37 - 1000);
        int32_t r = (int32_t)acc % (i - 999 == 0 ? 3 : i - 999);
        s += q ^ r;
        s += (int64_t)((uint32_t)acc / (uint32_t)i);
    }
    printf("C arithmetic: acc=0x%016llx s=%lld\n", (unsigned long long)acc, (long long)s);
    return finish("int_muldiv");
}
