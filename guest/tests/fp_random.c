/*
 * Randomised differential test of the F and D extensions: for every computational instruction,
 * operands from a fixed-seed generator biased towards the hard cases (subnormals, the
 * overflow and underflow boundaries, ties, cancellation in sums and fused multiply-adds, integer
 * conversion boundaries, NaNs, improperly NaN-boxed singles), each run under all five rounding
 * modes through frm. Prints one checksum of all results and fflags per instruction, checked
 * against the value qemu-riscv64 7.2 gives; every case is also checked for properties the spec
 * guarantees (canonical NaN results, NaN-boxed single results, well-formed fclass and compare
 * results). With "-v" it prints every case as well ("op rm a b c result fflags").
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUIET_OK
#include "check.h"

#define NOPS 58
static const char *const opname[NOPS] = {
    "fmadd.s", "fmsub.s", "fnmsub.s", "fnmadd.s", "fadd.s", "fsub.s",
    "fmul.s", "fdiv.s", "fsqrt.s", "fsgnj.s", "fsgnjn.s", "fsgnjx.s",
    "fmin.s", "fmax.s", "feq.s", "flt.s", "fle.s", "fclass.s",
    "fcvt.w.s", "fcvt.s.w", "fcvt.wu.s", "fcvt.s.wu", "fcvt.l.s", "fcvt.s.l",
    "fcvt.lu.s", "fcvt.s.lu", "fmadd.d", "fmsub.d", "fnmsub.d", "fnmadd.d",
    "fadd.d", "fsub.d", "fmul.d", "fdiv.d", "fsqrt.d", "fsgnj.d",
    "fsgnjn.d", "fsgnjx.d", "fmin.d", "fmax.d", "feq.d", "flt.d",
    "fle.d", "fclass.d", "fcvt.w.d", "fcvt.d.w", "fcvt.wu.d", "fcvt.d.wu",
    "fcvt.l.d", "fcvt.d.l", "fcvt.lu.d", "fcvt.d.lu", "fcvt.s.d", "fcvt.d.s",
    "fmv.x.w", "fmv.x.d", "fmv.w.x", "fmv.d.x"};
/* F: float result, X: integer result, I: integer source */
static const char opkind[] = "FFFFFFFFFFFFFFXXXXXIXIXIXIFFFFFFFFFFFFFFXXXXXIXIXIXIFFXXII";

#define A(ins, tail)                                                                                     \
    asm volatile("fmv.d.x ft0,%[a]\n\tfmv.d.x ft1,%[b]\n\tfmv.d.x ft2,%[c]\n\tcsrw fflags, zero\n\t" ins \
                 "\n\t" tail "frflags %[f]"                                                                \
                 : [r] "=&r"(r), [f] "=&r"(fl)                                                           \
                 : [a] "r"(a), [b] "r"(b), [c] "r"(c)                                                    \
                 : "ft0", "ft1", "ft2", "ft3")
#define F(ins) A(ins, "fmv.x.d %[r], ft3\n\t")
#define X(ins) A(ins, "")

static void runop(int op, uint64_t a, uint64_t b, uint64_t c, uint64_t *res, unsigned *flg) {
    uint64_t r = 0;
    unsigned fl = 0;
    switch (op) {
    case 0: F("fmadd.s ft3, ft0, ft1, ft2, dyn"); break; /* fmadd.s */
    case 1: F("fmsub.s ft3, ft0, ft1, ft2, dyn"); break; /* fmsub.s */
    case 2: F("fnmsub.s ft3, ft0, ft1, ft2, dyn"); break; /* fnmsub.s */
    case 3: F("fnmadd.s ft3, ft0, ft1, ft2, dyn"); break; /* fnmadd.s */
    case 4: F("fadd.s ft3, ft0, ft1, dyn"); break; /* fadd.s */
    case 5: F("fsub.s ft3, ft0, ft1, dyn"); break; /* fsub.s */
    case 6: F("fmul.s ft3, ft0, ft1, dyn"); break; /* fmul.s */
    case 7: F("fdiv.s ft3, ft0, ft1, dyn"); break; /* fdiv.s */
    case 8: F("fsqrt.s ft3, ft0, dyn"); break; /* fsqrt.s */
    case 9: F("fsgnj.s ft3, ft0, ft1"); break; /* fsgnj.s */
    case 10: F("fsgnjn.s ft3, ft0, ft1"); break; /* fsgnjn.s */
    case 11: F("fsgnjx.s ft3, ft0, ft1"); break; /* fsgnjx.s */
    case 12: F("fmin.s ft3, ft0, ft1"); break; /* fmin.s */
    case 13: F("fmax.s ft3, ft0, ft1"); break; /* fmax.s */
    case 14: X("feq.s %[r], ft0, ft1"); break; /* feq.s */
    case 15: X("flt.s %[r], ft0, ft1"); break; /* flt.s */
    case 16: X("fle.s %[r], ft0, ft1"); break; /* fle.s */
    case 17: X("fclass.s %[r], ft0"); break; /* fclass.s */
    case 18: X("fcvt.w.s %[r], ft0, dyn"); break; /* fcvt.w.s */
    case 19: F("fcvt.s.w ft3, %[a], dyn"); break; /* fcvt.s.w */
    case 20: X("fcvt.wu.s %[r], ft0, dyn"); break; /* fcvt.wu.s */
    case 21: F("fcvt.s.wu ft3, %[a], dyn"); break; /* fcvt.s.wu */
    case 22: X("fcvt.l.s %[r], ft0, dyn"); break; /* fcvt.l.s */
    case 23: F("fcvt.s.l ft3, %[a], dyn"); break; /* fcvt.s.l */
    case 24: X("fcvt.lu.s %[r], ft0, dyn"); break; /* fcvt.lu.s */
    case 25: F("fcvt.s.lu ft3, %[a], dyn"); break; /* fcvt.s.lu */
    case 26: F("fmadd.d ft3, ft0, ft1, ft2, dyn"); break; /* fmadd.d */
    case 27: F("fmsub.d ft3, ft0, ft1, ft2, dyn"); break; /* fmsub.d */
    case 28: F("fnmsub.d ft3, ft0, ft1, ft2, dyn"); break; /* fnmsub.d */
    case 29: F("fnmadd.d ft3, ft0, ft1, ft2, dyn"); break; /* fnmadd.d */
    case 30: F("fadd.d ft3, ft0, ft1, dyn"); break; /* fadd.d */
    case 31: F("fsub.d ft3, ft0, ft1, dyn"); break; /* fsub.d */
    case 32: F("fmul.d ft3, ft0, ft1, dyn"); break; /* fmul.d */
    case 33: F("fdiv.d ft3, ft0, ft1, dyn"); break; /* fdiv.d */
    case 34: F("fsqrt.d ft3, ft0, dyn"); break; /* fsqrt.d */
    case 35: F("fsgnj.d ft3, ft0, ft1"); break; /* fsgnj.d */
    case 36: F("fsgnjn.d ft3, ft0, ft1"); break; /* fsgnjn.d */
    case 37: F("fsgnjx.d ft3, ft0, ft1"); break; /* fsgnjx.d */
    case 38: F("fmin.d ft3, ft0, ft1"); break; /* fmin.d */
    case 39: F("fmax.d ft3, ft0, ft1"); break; /* fmax.d */
    case 40: X("feq.d %[r], ft0, ft1"); break; /* feq.d */
    case 41: X("flt.d %[r], ft0, ft1"); break; /* flt.d */
    case 42: X("fle.d %[r], ft0, ft1"); break; /* fle.d */
    case 43: X("fclass.d %[r], ft0"); break; /* fclass.d */
    case 44: X("fcvt.w.d %[r], ft0, dyn"); break; /* fcvt.w.d */
    case 45: F(".insn r 0x53, 7, 0x69, ft3, %[a], x0"); break; /* fcvt.d.w */
    case 46: X("fcvt.wu.d %[r], ft0, dyn"); break; /* fcvt.wu.d */
    case 47: F(".insn r 0x53, 7, 0x69, ft3, %[a], x1"); break; /* fcvt.d.wu */
    case 48: X("fcvt.l.d %[r], ft0, dyn"); break; /* fcvt.l.d */
    case 49: F("fcvt.d.l ft3, %[a], dyn"); break; /* fcvt.d.l */
    case 50: X("fcvt.lu.d %[r], ft0, dyn"); break; /* fcvt.lu.d */
    case 51: F("fcvt.d.lu ft3, %[a], dyn"); break; /* fcvt.d.lu */
    case 52: F("fcvt.s.d ft3, ft0, dyn"); break; /* fcvt.s.d */
    case 53: F(".insn r 0x53, 7, 0x21, ft3, ft0, x0"); break; /* fcvt.d.s */
    case 54: X("fmv.x.w %[r], ft0"); break; /* fmv.x.w */
    case 55: X("fmv.x.d %[r], ft0"); break; /* fmv.x.d */
    case 56: F("fmv.w.x ft3, %[a]"); break; /* fmv.w.x */
    case 57: F("fmv.d.x ft3, %[a]"); break; /* fmv.d.x */
    }
    *res = r;
    *flg = fl;
}

/* ---- operand generators (xorshift64, fixed seed) */
static uint64_t s = 88172645463325252ULL;
static uint64_t rnd(void) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}
static uint64_t d2u(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static double u2d(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static uint32_t f2u(float d) { uint32_t u; memcpy(&u, &d, 4); return u; }
static float u2f(uint32_t u) { float d; memcpy(&d, &u, 4); return d; }

static const uint64_t specd[] = {
    0, 0x8000000000000000ULL, 0x7ff0000000000000ULL, 0xfff0000000000000ULL, 0x7ff8000000000000ULL,
    0x7ff0000000000001ULL, 0xfff4000000000000ULL, 0x7fffffffffffffffULL, 0x0000000000000001ULL,
    0x8000000000000001ULL, 0x000fffffffffffffULL, 0x0010000000000000ULL, 0x8010000000000000ULL,
    0x7fefffffffffffffULL, 0xffefffffffffffffULL, 0x3ff0000000000000ULL, 0xbff0000000000000ULL,
    0x3fe0000000000000ULL, 0x4000000000000000ULL, 0x3ff8000000000000ULL, 0x0008000000000000ULL,
    0x001fffffffffffffULL, 0x3cb0000000000000ULL};
static const uint32_t specs[] = {
    0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffa00000, 0x7fffffff,
    1, 0x80000001, 0x7fffff, 0x800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f800000,
    0xbf800000, 0x3f000000, 0x40000000, 0x3fc00000, 0x400000, 0xffffff, 0x33800000};

/* A random significand of the given width, often with few bits set (exact results, ties). */
static uint64_t mant(int bits) {
    uint64_t m = rnd() & ((bits == 64) ? ~0ULL : ((1ULL << bits) - 1));
    switch (rnd() % 6) {
    case 0: { /* low bits cleared */
        int k = rnd() % bits;
        m &= ~((1ULL << k) - 1);
        if (rnd() % 2) m &= ((1ULL << bits) - 1) ^ ((1ULL << (bits - 1 - rnd() % 6)) - 1);
        break;
    }
    case 1: { /* only a few top bits */
        int k = 1 + rnd() % 8;
        m = m >> (bits - k) << (bits - k);
        break;
    }
    case 2: /* all ones, maybe one hole */
        m = ((1ULL << bits) - 1) ^ ((rnd() % 2) ? 0 : (1ULL << (rnd() % bits)));
        break;
    default:
        break;
    }
    return m;
}

static uint64_t gen_d(void) {
    int r = rnd() % 20;
    if (r == 0) return specd[rnd() % (sizeof specd / 8)];
    if (r == 1) return rnd();
    uint64_t sign = (rnd() & 1) ? 0x8000000000000000ULL : 0;
    int e;
    switch (rnd() % 8) {
    case 0: e = 0; break;                                  /* subnormal */
    case 1: e = 1 + rnd() % 80; break;                     /* small normal */
    case 2: e = 2046 - rnd() % 80; break;                  /* huge */
    case 3: e = 1023 + (int)(rnd() % 64) - 32; break;
    case 4: e = 1023 + (int)(rnd() % 8) - 4; break;
    case 5: e = 1023 - 500 + (int)(rnd() % 20) - 10; break; /* squares near the subnormal range */
    default: e = 1 + rnd() % 2046; break;
    }
    return sign | ((uint64_t)e << 52) | mant(52);
}

static uint32_t gen_s(void) {
    int r = rnd() % 20;
    if (r == 0) return specs[rnd() % (sizeof specs / 4)];
    if (r == 1) return (uint32_t)rnd();
    uint32_t sign = (rnd() & 1) ? 0x80000000 : 0;
    int e;
    switch (rnd() % 8) {
    case 0: e = 0; break;
    case 1: e = 1 + rnd() % 30; break;
    case 2: e = 254 - rnd() % 30; break;
    case 3: e = 127 + (int)(rnd() % 40) - 20; break;
    case 4: e = 127 + (int)(rnd() % 8) - 4; break;
    case 5: e = 127 - 63 + (int)(rnd() % 10) - 5; break;
    default: e = 1 + rnd() % 254; break;
    }
    return sign | ((uint32_t)e << 23) | (uint32_t)mant(23);
}

/* A second operand related to the first: cancellation, alignment at the rounding position. */
static uint64_t near_d(uint64_t a) {
    uint64_t r = a;
    switch (rnd() % 4) {
    case 0:
        r ^= 0x8000000000000000ULL;
        r += (int64_t)(rnd() % 5) - 2;
        break;
    case 1: {
        int64_t e = (int64_t)((a >> 52) & 0x7ff) - (int64_t)(rnd() % 60);
        if (e < 0) e = 0;
        r = (a & 0x800fffffffffffffULL) | ((uint64_t)e << 52);
        if (rnd() & 1) r = (r & 0xfff0000000000000ULL) | mant(52);
        break;
    }
    case 2:
        r = (a & 0xfff0000000000000ULL) | mant(52);
        r ^= (rnd() & 1) ? 0x8000000000000000ULL : 0;
        break;
    default: {
        int64_t e = (int64_t)((a >> 52) & 0x7ff) - 53 + (int64_t)(rnd() % 4) - 1;
        if (e < 0) e = 0;
        r = ((a & 0x8000000000000000ULL) ^ ((rnd() & 1) ? 0x8000000000000000ULL : 0)) | ((uint64_t)e << 52) | mant(52);
        break;
    }
    }
    return r;
}

static uint32_t near_s(uint32_t a) {
    uint32_t r = a;
    switch (rnd() % 4) {
    case 0:
        r ^= 0x80000000;
        r += (int32_t)(rnd() % 5) - 2;
        break;
    case 1: {
        int e = (int)((a >> 23) & 0xff) - (int)(rnd() % 30);
        if (e < 0) e = 0;
        r = (a & 0x807fffff) | ((uint32_t)e << 23);
        if (rnd() & 1) r = (r & 0xff800000) | (uint32_t)mant(23);
        break;
    }
    case 2:
        r = (a & 0xff800000) | (uint32_t)mant(23);
        r ^= (rnd() & 1) ? 0x80000000 : 0;
        break;
    default: {
        int e = (int)((a >> 23) & 0xff) - 24 + (int)(rnd() % 4) - 1;
        if (e < 0) e = 0;
        r = ((a & 0x80000000) ^ ((rnd() & 1) ? 0x80000000 : 0)) | ((uint32_t)e << 23) | (uint32_t)mant(23);
        break;
    }
    }
    return r;
}

/* Integers for int -> float: precision and range boundaries. */
static uint64_t gen_i(void) {
    static const uint64_t b[] = {0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL, 0x1000000,
                                 0xffffff, 0x1000001, 0x20000000000000ULL, 0x1fffffffffffffULL,
                                 0x20000000000001ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
                                 0xffffffffffffffffULL};
    switch (rnd() % 6) {
    case 0: return b[rnd() % 16] + (int64_t)(rnd() % 7) - 3;
    case 1: return rnd();
    case 2: return rnd() >> (rnd() % 64);
    case 3: return -(rnd() >> (rnd() % 64));
    case 4: return mant(64) >> (rnd() % 64);
    default: {
        int sh = rnd() % 64;
        uint64_t v = (rnd() & 0xff) | 1;
        v <<= sh;
        v |= (rnd() & 1) ? ((1ULL << (rnd() % 8)) - 1) : 0;
        return (rnd() & 1) ? -v : v;
    }
    }
}

/* Values near integer boundaries for float -> int. */
static double gen_cvt(void) {
    static const double b[] = {0, 1, 2147483647.0, 2147483648.0, 4294967295.0, 4294967296.0,
                               9223372036854775807.0, 18446744073709551616.0, 3, 1e10};
    static const double fr[] = {0, 0.5, 0.25, 0.75, -0.5, -1, 1, 1.5, 0.4999999999999999};
    double base = b[rnd() % 10];
    double v = base + fr[rnd() % 9];
    if (rnd() & 1) v = -v;
    return v;
}

/* NaN-boxed single, one time in 50 with garbage in the upper half instead. */
static uint64_t boxs(uint32_t v) {
    return (rnd() % 50 == 0) ? ((rnd() & 0xffffffff00000000ULL) | v) : (0xffffffff00000000ULL | v);
}

/* Properties every result must have ("F" chapter: NaN generation, NaN boxing, fclass). */
static void invariants(const char *nm, char kind, int single_dest, int keeps_payload, uint64_t r, unsigned fl) {
    char what[64];
    snprintf(what, sizeof what, "%s fflags in range", nm);
    check_true(what, fl < 32);
    if (kind == 'X') {
        if (strncmp(nm, "fclass", 6) == 0) {
            snprintf(what, sizeof what, "%s one class bit", nm);
            check_true(what, r != 0 && r < 1024 && (r & (r - 1)) == 0);
        } else if (nm[1] == 'e' || nm[1] == 'l') { /* feq flt fle */
            snprintf(what, sizeof what, "%s 0 or 1", nm);
            check_true(what, r <= 1);
        }
        return;
    }
    if (single_dest) {
        snprintf(what, sizeof what, "%s NaN-boxed", nm);
        check_true(what, (r >> 32) == 0xffffffffULL);
        if (!keeps_payload && ((uint32_t)r & 0x7fffffff) > 0x7f800000) {
            snprintf(what, sizeof what, "%s canonical NaN", nm);
            check_true(what, (uint32_t)r == 0x7fc00000);
        }
    } else if (!keeps_payload && (r & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL) {
        snprintf(what, sizeof what, "%s canonical NaN", nm);
        check_true(what, r == 0x7ff8000000000000ULL);
    }
}

/* qemu-riscv64 7.2 checksums, in opname order. */
static const uint64_t EXPECTED[NOPS] = {
    0x0dad0e588d6123d5ULL, 0x8b3c7d71f2136e56ULL, 0xaaa8cbc003c170b0ULL,
    0xcfda6142f38bdfbbULL, 0x681336b32014e8e5ULL, 0x5eeb448f7ee79ad5ULL,
    0x2435859e98c3201eULL, 0x92127c9892eecebbULL, 0x4ac1c02aa635705cULL,
    0x84915ed05fa843ceULL, 0x5ff89cb43081ea16ULL, 0x572d550058a8ddecULL,
    0x88be5055b8f2cb8aULL, 0x6e2e0701eba3ec24ULL, 0xfcd430e097803908ULL,
    0xc626968f2c8248bcULL, 0x1ec9e01efeed33d8ULL, 0x194d7149b35ac961ULL,
    0x836c2b099fdaaaa7ULL, 0xd8816747e56de287ULL, 0xad86080317fa0916ULL,
    0xc571042b2c01bed5ULL, 0xf3a5c2f216587778ULL, 0x22b1c88599bf9c9eULL,
    0x83f796737a66e916ULL, 0x743e78a0bdd12672ULL, 0x128b3cc3edfc6935ULL,
    0xd9d26d201310028dULL, 0x01211ecbc9aa7f7fULL, 0x55a0ee4668cfe962ULL,
    0xa292d0b15fb762bcULL, 0x57f4dbb15a7f5c06ULL, 0x9ea729e08f003800ULL,
    0xadbebc9a6d8cdb63ULL, 0x9bf11260088eea4aULL, 0x10cb6a2c5e6772b1ULL,
    0xb5d230c1f50d066aULL, 0x802d17f40bb42273ULL, 0x9d1bc2d07998e93fULL,
    0x1cdd9bbddf45da48ULL, 0x90d35845638a11f6ULL, 0xd1ff130b16a9f9a2ULL,
    0xe2dac3c04739d043ULL, 0x9f065c79be64fde5ULL, 0x81127a0e23ad9d66ULL,
    0x3e2e59f84560450eULL, 0x663761a44089a214ULL, 0x87d1f2ab2112671bULL,
    0xaabd6eaf232838b1ULL, 0xd2b242c9227da8d5ULL, 0x62b1f6d5f47f9541ULL,
    0x8c888ecc61ba593fULL, 0x55683a5e282a3796ULL, 0x84989c50616a8b46ULL,
    0x3a1146379f5e96d2ULL, 0x2d79debbc095d80aULL, 0x70548685441c214bULL,
    0x961af21b392f2ef6ULL,
};

int main(int argc, char **argv) {
    int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    long n = 2000;
    for (int op = 0; op < NOPS; op++) {
        const char *nm = opname[op];
        char k = opkind[op];
        int cvt = strncmp(nm, "fcvt.", 5) == 0;
        int srcS = strcmp(nm, "fmv.x.w") == 0 || nm[strlen(nm) - 1] == 's';
        uint64_t hash = 0;
        int single_dest = opkind[op] != 'X' && (strncmp(nm, "fcvt.s.", 7) == 0 || strcmp(nm, "fmv.w.x") == 0 ||
                                                 (nm[strlen(nm) - 1] == 's' && strcmp(nm, "fcvt.d.s") != 0));
        int keeps_payload = strncmp(nm, "fsgnj", 5) == 0 || strncmp(nm, "fmv.", 4) == 0;
        for (long i = 0; i < n; i++) {
            uint64_t a, b, c;
            if (k == 'I') {
                a = gen_i();
                b = c = 0;
            } else if (srcS) {
                uint32_t x = gen_s(), y = (rnd() % 3 == 0) ? near_s(x) : gen_s(), z = gen_s();
                if (cvt && rnd() % 3 == 0) x = f2u((float)gen_cvt());
                int bnd = (nm[1] == 'm' || nm[1] == 'd' || nm[2] == 'm') && rnd() % 6 == 0;
                if (bnd) { /* results around the smallest normal */
                    float t = 0x1p-126f * (1 - ldexpf(1.0f, -(int)(10 + rnd() % 14)));
                    if (rnd() % 3 == 0) t = 0x1p-126f * (1 + ldexpf(1.0f, -(int)(21 + rnd() % 3)));
                    if (rnd() % 4 == 0) t = ldexpf(t, -(int)(rnd() % 25));
                    float xv = u2f(x);
                    if (!(xv == xv) || xv == 0 || xv - xv != 0) xv = 1.5f;
                    float yv = (nm[1] == 'd') ? xv / t : t / xv;
                    y = f2u(yv) + (int32_t)(rnd() % 5) - 2;
                    x = f2u(xv);
                    z = (rnd() & 1) ? 0 : f2u(t * ldexpf(1.0f, -(int)(rnd() % 25)));
                }
                if (!bnd && rnd() % 4 == 0 && nm[1] != 'c') { /* cancelling addend */
                    float p = u2f(x) * u2f(y);
                    z = f2u(-p);
                    if (rnd() & 1) z = near_s(z);
                    else z += (int32_t)(rnd() % 3) - 1;
                }
                a = boxs(x);
                b = boxs(y);
                c = boxs(z);
            } else {
                uint64_t x = gen_d(), y = (rnd() % 3 == 0) ? near_d(x) : gen_d(), z = gen_d();
                if (cvt && rnd() % 3 == 0) x = d2u(gen_cvt());
                if (strcmp(nm, "fcvt.s.d") == 0 && rnd() % 2 == 0) { /* single-precision ties */
                    if (rnd() & 1) {
                        float f = u2f(gen_s());
                        double d = f;
                        x = d2u(d) | (1ULL << 28);
                        x += (int64_t)(rnd() % 3) - 1;
                    } else {
                        double d = (double)(int64_t)(rnd() % 0x3000000) * 0x1p-150 * ((rnd() & 1) ? 1 : 0.5);
                        if (rnd() & 1) d = -d;
                        x = d2u(d);
                        if (rnd() % 3 == 0) x += (int64_t)(rnd() % 3) - 1;
                    }
                }
                int bnd = (nm[1] == 'm' || nm[1] == 'd' || nm[2] == 'm') && rnd() % 6 == 0;
                if (bnd) {
                    double t = 0x1p-1022 * (1 - ldexp(1.0, -(int)(20 + rnd() % 40)));
                    if (rnd() % 3 == 0) t = 0x1p-1022 * (1 + ldexp(1.0, -(int)(50 + rnd() % 5)));
                    if (rnd() % 4 == 0) t = ldexp(t, -(int)(rnd() % 60));
                    double xv = u2d(x);
                    if (!(xv == xv) || xv == 0 || xv - xv != 0) xv = 1.5;
                    double yv = (nm[1] == 'd') ? xv / t : t / xv;
                    y = d2u(yv) + (int64_t)(rnd() % 5) - 2;
                    x = d2u(xv);
                    z = (rnd() & 1) ? 0 : d2u(t * ldexp(1.0, -(int)(rnd() % 60)));
                }
                if (!bnd && rnd() % 4 == 0) {
                    double p = u2d(x) * u2d(y);
                    z = d2u(-p);
                    if (rnd() & 1) z = near_d(z);
                    else z += (int64_t)(rnd() % 3) - 1;
                }
                a = x;
                b = y;
                c = z;
            }
            for (int rm = 0; rm < 5; rm++) {
                uint64_t r;
                unsigned fl;
                asm volatile("fsrm %0" ::"r"(rm));
                runop(op, a, b, c, &r, &fl);
                asm volatile("fsrm zero");
                if (verbose)
                    printf("%s %d %016llx %016llx %016llx %016llx %x\n", nm, rm, (unsigned long long)a,
                           (unsigned long long)b, (unsigned long long)c, (unsigned long long)r, fl);
                hash = mix64(mix64(hash, r), fl);
                invariants(nm, k, single_dest, keeps_payload, r, fl);
            }
        }
        check_sum(nm, hash, EXPECTED[op]);
    }
    return finish("fp_random");
}
