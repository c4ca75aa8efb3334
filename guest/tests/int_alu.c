/* int_alu: RV64I integer instructions executed through inline asm and compared against
 * C reference semantics: register-register and immediate arithmetic/logic, shifts (incl. the
 * shift-amount masking), compares, the W forms and their sign extension, lui/auipc, every
 * branch kind on signed/unsigned edge values, jal/jalr (link value, low bit of the target
 * cleared), loads/stores of every width with sign/zero extension, negative offsets, writes to
 * x0, and misaligned loads/stores (memcpy through a packed struct and plain ld/sd/lw/sw/lh/sh
 * on odd addresses, which Linux emulates). */
#define QUIET_OK
#include "check.h"
#include <stdlib.h>

typedef uint64_t u64;
typedef int64_t i64;

static const u64 vals[] = {
    0, 1, 2, 3, 5, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0x100000000ULL, 0x123456789abcdef0ULL,
    0x7fffffffffffffffULL, 0x8000000000000000ULL, 0x8000000000000001ULL,
    0xfffffffffffffffeULL, 0xffffffffffffffffULL, 0xffffffff80000000ULL, 0xffffffff7fffffffULL,
    0x00000000fffff800ULL, 0xfedcba9876543210ULL, 0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL,
};
#define NV (sizeof vals / sizeof vals[0])

static inline u64 sx32(u64 v) { return (u64)(i64)(int32_t)(uint32_t)v; }

#define RR(op, a, b) ({ u64 _r; __asm__ volatile(op " %0,%1,%2" : "=r"(_r) : "r"((u64)(a)), "r"((u64)(b))); _r; })
#define RI(op, a, imm) ({ u64 _r; __asm__ volatile(op " %0,%1,%2" : "=r"(_r) : "r"((u64)(a)), "i"(imm)); _r; })

/* Reference semantics of each R-type op. */
static u64 ref_rr(int op, u64 a, u64 b) {
    switch (op) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a & b;
    case 3: return a | b;
    case 4: return a ^ b;
    case 5: return a << (b & 63);
    case 6: return a >> (b & 63);
    case 7: return (u64)((i64)a >> (b & 63));
    case 8: return (i64)a < (i64)b;
    case 9: return a < b;
    case 10: return sx32(a + b);
    case 11: return sx32(a - b);
    case 12: return sx32((uint32_t)a << (b & 31));
    case 13: return sx32((uint32_t)a >> (b & 31));
    case 14: return (u64)(i64)((int32_t)(uint32_t)a >> (b & 31));
    }
    abort();
}

static u64 run_rr(int op, u64 a, u64 b) {
    switch (op) {
    case 0: return RR("add", a, b);
    case 1: return RR("sub", a, b);
    case 2: return RR("and", a, b);
    case 3: return RR("or", a, b);
    case 4: return RR("xor", a, b);
    case 5: return RR("sll", a, b);
    case 6: return RR("srl", a, b);
    case 7: return RR("sra", a, b);
    case 8: return RR("slt", a, b);
    case 9: return RR("sltu", a, b);
    case 10: return RR("addw", a, b);
    case 11: return RR("subw", a, b);
    case 12: return RR("sllw", a, b);
    case 13: return RR("srlw", a, b);
    case 14: return RR("sraw", a, b);
    }
    abort();
}
static const char *rr_names[] = {"add", "sub", "and", "or", "xor", "sll", "srl", "sra", "slt",
                                 "sltu", "addw", "subw", "sllw", "srlw", "sraw"};

static void test_rr(void) {
    for (int op = 0; op < 15; op++) {
        u64 h = 0;
        int bad = 0;
        for (unsigned i = 0; i < NV; i++)
            for (unsigned j = 0; j < NV; j++) {
                u64 a = vals[i], b = vals[j];
                u64 got = run_rr(op, a, b), exp = ref_rr(op, a, b);
                h = mix64(h, got);
                if (got != exp && bad++ < 4) {
                    char n[96];
                    snprintf(n, sizeof n, "%s(0x%llx,0x%llx)", rr_names[op], (unsigned long long)a,
                             (unsigned long long)b);
                    check_u64(n, got, exp);
                }
            }
        if (bad) g_failures++;
        char n[32];
        snprintf(n, sizeof n, "%s sweep", rr_names[op]);
        check_sum(n, h, 0);
    }
}

/* Immediate forms: one asm per immediate, so a macro expands the list. */
#define IMM_TEST(op, imm, refexpr)                                                             \
    do {                                                                                       \
        u64 h = 0;                                                                             \
        for (unsigned i = 0; i < NV; i++) {                                                    \
            u64 a = vals[i];                                                                   \
            u64 got = RI(op, a, imm);                                                          \
            u64 exp = (refexpr);                                                               \
            h = mix64(h, got);                                                                 \
            if (got != exp) {                                                                  \
                char n[96];                                                                    \
                snprintf(n, sizeof n, op "(0x%llx,%lld)", (unsigned long long)a, (long long)(imm)); \
                check_u64(n, got, exp);                                                        \
            }                                                                                  \
        }                                                                                      \
        check_sum(op " " #imm, h, 0);                                                          \
    } while (0)

static void test_imm(void) {
    IMM_TEST("addi", 0, a);
    IMM_TEST("addi", 1, a + 1);
    IMM_TEST("addi", -1, a - 1);
    IMM_TEST("addi", 2047, a + 2047);
    IMM_TEST("addi", -2048, a - 2048);
    IMM_TEST("addiw", 0, sx32(a));
    IMM_TEST("addiw", 1, sx32(a + 1));
    IMM_TEST("addiw", -1, sx32(a - 1));
    IMM_TEST("addiw", 2047, sx32(a + 2047));
    IMM_TEST("addiw", -2048, sx32(a - 2048));
    IMM_TEST("andi", -1, a);
    IMM_TEST("andi", 0x7ff, a & 0x7ff);
    IMM_TEST("andi", -2048, a & (u64)-2048);
    IMM_TEST("andi", -16, a & (u64)-16);
    IMM_TEST("ori", 0x555, a | 0x555);
    IMM_TEST("ori", -2048, a | (u64)-2048);
    IMM_TEST("xori", -1, ~a);
    IMM_TEST("xori", 0x2aa, a ^ 0x2aa);
    IMM_TEST("xori", -1366, a ^ (u64)-1366);
    IMM_TEST("slti", 0, (u64)((i64)a < 0));
    IMM_TEST("slti", -1, (u64)((i64)a < -1));
    IMM_TEST("slti", 2047, (u64)((i64)a < 2047));
    IMM_TEST("slti", -2048, (u64)((i64)a < -2048));
    IMM_TEST("sltiu", 0, (u64)0);
    IMM_TEST("sltiu", 1, (u64)(a == 0));
    IMM_TEST("sltiu", -1, (u64)(a != ~0ULL));
    IMM_TEST("sltiu", 2047, (u64)(a < 2047));
    IMM_TEST("sltiu", -2048, (u64)(a < (u64)-2048));
    IMM_TEST("slli", 0, a);
    IMM_TEST("slli", 1, a << 1);
    IMM_TEST("slli", 31, a << 31);
    IMM_TEST("slli", 32, a << 32);
    IMM_TEST("slli", 63, a << 63);
    IMM_TEST("srli", 0, a);
    IMM_TEST("srli", 1, a >> 1);
    IMM_TEST("srli", 32, a >> 32);
    IMM_TEST("srli", 63, a >> 63);
    IMM_TEST("srai", 0, a);
    IMM_TEST("srai", 1, (u64)((i64)a >> 1));
    IMM_TEST("srai", 31, (u64)((i64)a >> 31));
    IMM_TEST("srai", 32, (u64)((i64)a >> 32));
    IMM_TEST("srai", 63, (u64)((i64)a >> 63));
    IMM_TEST("slliw", 0, sx32(a));
    IMM_TEST("slliw", 1, sx32((uint32_t)a << 1));
    IMM_TEST("slliw", 31, sx32((uint32_t)a << 31));
    IMM_TEST("srliw", 0, sx32(a));
    IMM_TEST("srliw", 1, sx32((uint32_t)a >> 1));
    IMM_TEST("srliw", 31, sx32((uint32_t)a >> 31));
    IMM_TEST("sraiw", 0, sx32(a));
    IMM_TEST("sraiw", 1, (u64)(i64)((int32_t)a >> 1));
    IMM_TEST("sraiw", 31, (u64)(i64)((int32_t)a >> 31));
}

static void test_lui_auipc(void) {
    u64 r;
    __asm__ volatile("lui %0, 0" : "=r"(r));
    check_u64("lui 0", r, 0);
    __asm__ volatile("lui %0, 1" : "=r"(r));
    check_u64("lui 1", r, 0x1000);
    __asm__ volatile("lui %0, 0x7ffff" : "=r"(r));
    check_u64("lui 0x7ffff", r, 0x7ffff000);
    __asm__ volatile("lui %0, 0x80000" : "=r"(r));
    check_u64("lui 0x80000", r, 0xffffffff80000000ULL);
    __asm__ volatile("lui %0, 0xfffff" : "=r"(r));
    check_u64("lui 0xfffff", r, 0xfffffffffffff000ULL);
    __asm__ volatile("lui %0, 0x12345\n addiw %0, %0, 0x678" : "=r"(r));
    check_u64("lui+addiw", r, 0x12345678);
    __asm__ volatile("lui %0, 0x80000\n addiw %0, %0, -1" : "=r"(r));
    check_u64("lui+addiw wrap", r, 0x7fffffff);

    u64 pc, lbl, pc1, pc2;
    __asm__ volatile("1: auipc %0, 0\n lla %1, 1b" : "=r"(pc), "=r"(lbl));
    check_u64("auipc 0 == label", pc - lbl, 0);
    __asm__ volatile("1: auipc %0, 1\n lla %1, 1b" : "=r"(pc1), "=r"(lbl));
    check_u64("auipc 1 - pc", pc1 - lbl, 0x1000);
    __asm__ volatile("1: auipc %0, 0x80000\n lla %1, 1b" : "=r"(pc2), "=r"(lbl));
    check_u64("auipc 0x80000 - pc", pc2 - lbl, 0xffffffff80000000ULL);
    __asm__ volatile("1: auipc %0, 0xfffff\n lla %1, 1b" : "=r"(pc2), "=r"(lbl));
    check_u64("auipc 0xfffff - pc", pc2 - lbl, 0xfffffffffffff000ULL);

    /* x0 is hard-wired to zero. */
    __asm__ volatile("addi x0, x0, 5\n lui x0, 0x12345\n mv %0, x0" : "=r"(r));
    check_u64("x0 stays zero", r, 0);
}

#define BR(op, a, b) ({ int _t; __asm__ volatile(op " %1,%2,1f\n li %0,0\n j 2f\n1: li %0,1\n2:" : "=&r"(_t) : "r"((u64)(a)), "r"((u64)(b))); _t; })
#define BRZ(op, a) ({ int _t; __asm__ volatile(op " %1,1f\n li %0,0\n j 2f\n1: li %0,1\n2:" : "=&r"(_t) : "r"((u64)(a))); _t; })

static void test_branches(void) {
    const char *names[] = {"beq", "bne", "blt", "bge", "bltu", "bgeu", "bgt", "ble", "bgtu", "bleu"};
    for (int op = 0; op < 10; op++) {
        u64 h = 0;
        for (unsigned i = 0; i < NV; i++)
            for (unsigned j = 0; j < NV; j++) {
                u64 a = vals[i], b = vals[j];
                int got, exp;
                switch (op) {
                case 0: got = BR("beq", a, b); exp = a == b; break;
                case 1: got = BR("bne", a, b); exp = a != b; break;
                case 2: got = BR("blt", a, b); exp = (i64)a < (i64)b; break;
                case 3: got = BR("bge", a, b); exp = (i64)a >= (i64)b; break;
                case 4: got = BR("bltu", a, b); exp = a < b; break;
                case 5: got = BR("bgeu", a, b); exp = a >= b; break;
                case 6: got = BR("bgt", a, b); exp = (i64)a > (i64)b; break;
                case 7: got = BR("ble", a, b); exp = (i64)a <= (i64)b; break;
                case 8: got = BR("bgtu", a, b); exp = a > b; break;
                default: got = BR("bleu", a, b); exp = a <= b; break;
                }
                h = mix64(h, got);
                if (got != exp) {
                    char n[96];
                    snprintf(n, sizeof n, "%s(0x%llx,0x%llx)", names[op], (unsigned long long)a,
                             (unsigned long long)b);
                    check_u64(n, got, exp);
                }
            }
        char n[32];
        snprintf(n, sizeof n, "%s sweep", names[op]);
        check_sum(n, h, 0);
    }
    u64 h = 0;
    for (unsigned i = 0; i < NV; i++) {
        u64 a = vals[i];
        int g[6] = {BRZ("beqz", a), BRZ("bnez", a), BRZ("bltz", a), BRZ("bgez", a), BRZ("blez", a), BRZ("bgtz", a)};
        int e[6] = {a == 0, a != 0, (i64)a < 0, (i64)a >= 0, (i64)a <= 0, (i64)a > 0};
        for (int k = 0; k < 6; k++) {
            h = mix64(h, g[k]);
            if (g[k] != e[k]) {
                char n[64];
                snprintf(n, sizeof n, "branch-zero %d (0x%llx)", k, (unsigned long long)a);
                check_u64(n, g[k], e[k]);
            }
        }
    }
    check_sum("branch-zero sweep", h, 0);

    /* Backward branch loop. */
    u64 cnt;
    __asm__ volatile("li %0, 0\n li t0, 100\n1: addi %0, %0, 3\n addi t0, t0, -1\n bnez t0, 1b"
                     : "=&r"(cnt) : : "t0");
    check_u64("backward branch loop", cnt, 300);
}

static void test_jumps(void) {
    u64 link, after, taken;
    /* jal: link register = address of the next instruction. */
    __asm__ volatile("jal t1, 1f\n 3: li %2, 0\n j 2f\n1: li %2, 1\n2: mv %0, t1\n lla %1, 3b"
                     : "=r"(link), "=r"(after), "=&r"(taken) : : "t1");
    check_u64("jal taken", taken, 1);
    check_u64("jal link", link - after, 0);
    /* jalr with an odd sum: the low bit of the target is cleared. */
    __asm__ volatile("lla t0, 1f\n jalr t1, 1(t0)\n 3: li %2, 0\n j 2f\n1: li %2, 1\n2: mv %0, t1\n lla %1, 3b"
                     : "=r"(link), "=r"(after), "=&r"(taken) : : "t0", "t1");
    check_u64("jalr odd target taken", taken, 1);
    check_u64("jalr link", link - after, 0);
    /* jalr with rd == rs1: target computed from the old value. */
    __asm__ volatile("lla t0, 1f\n addi t0, t0, -8\n jalr t0, 8(t0)\n 3: li %2, 0\n j 2f\n1: li %2, 1\n2: mv %0, t0\n lla %1, 3b"
                     : "=r"(link), "=r"(after), "=&r"(taken) : : "t0");
    check_u64("jalr rd==rs1 taken", taken, 1);
    check_u64("jalr rd==rs1 link", link - after, 0);
    /* Negative jalr offset. */
    __asm__ volatile("lla t0, 1f\n addi t0, t0, 100\n jalr x0, -100(t0)\n li %0, 0\n j 2f\n1: li %0, 1\n2:"
                     : "=&r"(taken) : : "t0");
    check_u64("jalr negative offset", taken, 1);
}

static void test_loads_stores(void) {
    static uint8_t buf[64] __attribute__((aligned(16)));
    for (int i = 0; i < 64; i++) buf[i] = (uint8_t)(0x80 + i * 7);
    uint8_t *p = buf + 16;
    u64 r;
#define LD(insn, off) ({ __asm__ volatile(insn " %0, " #off "(%1)" : "=r"(r) : "r"(p) : "memory"); r; })
    check_u64("lb", LD("lb", 0), (u64)(i64)(int8_t)p[0]);
    check_u64("lbu", LD("lbu", 0), p[0]);
    check_u64("lb -1", LD("lb", -1), (u64)(i64)(int8_t)p[-1]);
    check_u64("lbu -16", LD("lbu", -16), buf[0]);
    uint16_t h; memcpy(&h, p + 2, 2);
    check_u64("lh", LD("lh", 2), (u64)(i64)(int16_t)h);
    check_u64("lhu", LD("lhu", 2), h);
    uint32_t w; memcpy(&w, p + 4, 4);
    check_u64("lw", LD("lw", 4), (u64)(i64)(int32_t)w);
    check_u64("lwu", LD("lwu", 4), w);
    uint64_t d; memcpy(&d, p + 8, 8);
    check_u64("ld", LD("ld", 8), d);
    memcpy(&d, p - 16, 8);
    check_u64("ld -16", LD("ld", -16), d);
    /* Positive values (no sign extension). */
    p[0] = 0x7f; p[2] = 0xff; p[3] = 0x7f; p[4] = 0xff; p[5] = 0xff; p[6] = 0xff; p[7] = 0x7f;
    check_u64("lb positive", LD("lb", 0), 0x7f);
    check_u64("lh positive", LD("lh", 2), 0x7fff);
    check_u64("lw positive", LD("lw", 4), 0x7fffffff);

    memset(buf, 0, sizeof buf);
    u64 v = 0x8877665544332211ULL;
    __asm__ volatile("sb %1, 0(%0)\n sh %1, 2(%0)\n sw %1, 4(%0)\n sd %1, 8(%0)\n sb %1, -1(%0)\n sd %1, -16(%0)"
                     : : "r"(p), "r"(v) : "memory");
    static const uint8_t exp[32] = {
        0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0, 0, 0, 0, 0, 0, 0, 0x11,
        0x11, 0, 0x11, 0x22, 0x11, 0x22, 0x33, 0x44, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    int ok = memcmp(buf, exp, 32) == 0;
    check_true("sb/sh/sw/sd byte layout", ok);
    if (!ok) {
        for (int i = 0; i < 32; i++) printf("%02x%s", buf[i], i == 31 ? "\n" : " ");
    }
    /* Load into the same register as the base. */
    __asm__ volatile("mv %0, %1\n ld %0, 8(%0)" : "=&r"(r) : "r"(p) : "memory");
    check_u64("ld rd==rs1", r, v);
#undef LD
}

struct __attribute__((packed)) packed {
    uint8_t c;
    uint64_t q;
    uint32_t w;
    uint16_t h;
    int64_t sq;
    int32_t sw;
    int16_t sh;
};

static void test_misaligned(void) {
    static uint8_t buf[80] __attribute__((aligned(16)));
    for (int i = 0; i < 80; i++) buf[i] = (uint8_t)(0xf1 + i * 13);
    struct packed s;
    memcpy(&s, buf + 3, sizeof s);
    u64 h = 0;
    h = mix64(h, s.q); h = mix64(h, s.w); h = mix64(h, s.h);
    h = mix64(h, (u64)s.sq); h = mix64(h, (u64)(i64)s.sw); h = mix64(h, (u64)(i64)s.sh);
    check_sum("packed struct read", h, 0);
    volatile struct packed *vs = (volatile struct packed *)(buf + 1);
    vs->q = 0x0102030405060708ULL;
    vs->w = 0xa1a2a3a4;
    vs->h = 0xb1b2;
    vs->sq = -2;
    check_u64("packed q", vs->q, 0x0102030405060708ULL);
    check_u64("packed w", vs->w, 0xa1a2a3a4);
    check_u64("packed h", vs->h, 0xb1b2);
    check_u64("packed sq", (u64)vs->sq, (u64)-2);
    check_u64("packed bytes", buf[2], 0x08);

    /* Plain ld/lw/lh/sd/sw/sh on odd addresses (trapped and emulated by Linux on real
     * hardware, handled directly by qemu). */
    for (int i = 0; i < 80; i++) buf[i] = (uint8_t)(0x80 + i);
    for (int off = 1; off < 8; off++) {
        uint8_t *q = buf + 8 + off;
        u64 ld, lw, lwu, lh, lhu, ed;
        uint32_t ew; uint16_t eh;
        __asm__ volatile("ld %0, 0(%1)" : "=r"(ld) : "r"(q) : "memory");
        __asm__ volatile("lw %0, 0(%1)" : "=r"(lw) : "r"(q) : "memory");
        __asm__ volatile("lwu %0, 0(%1)" : "=r"(lwu) : "r"(q) : "memory");
        __asm__ volatile("lh %0, 0(%1)" : "=r"(lh) : "r"(q) : "memory");
        __asm__ volatile("lhu %0, 0(%1)" : "=r"(lhu) : "r"(q) : "memory");
        memcpy(&ed, q, 8); memcpy(&ew, q, 4); memcpy(&eh, q, 2);
        char n[48];
        snprintf(n, sizeof n, "misaligned ld +%d", off); check_u64(n, ld, ed);
        snprintf(n, sizeof n, "misaligned lw +%d", off); check_u64(n, lw, (u64)(i64)(int32_t)ew);
        snprintf(n, sizeof n, "misaligned lwu +%d", off); check_u64(n, lwu, ew);
        snprintf(n, sizeof n, "misaligned lh +%d", off); check_u64(n, lh, (u64)(i64)(int16_t)eh);
        snprintf(n, sizeof n, "misaligned lhu +%d", off); check_u64(n, lhu, eh);
    }
    for (int off = 1; off < 8; off++) {
        memset(buf, 0, sizeof buf);
        uint8_t *q = buf + 8 + off;
        u64 v = 0xc1c2c3c4c5c6c7c8ULL;
        __asm__ volatile("sd %1, 0(%0)\n sw %1, 9(%0)\n sh %1, 15(%0)" : : "r"(q), "r"(v) : "memory");
        u64 d; uint32_t w; uint16_t hh;
        memcpy(&d, q, 8); memcpy(&w, q + 9, 4); memcpy(&hh, q + 15, 2);
        char n[48];
        snprintf(n, sizeof n, "misaligned sd +%d", off); check_u64(n, d, v);
        snprintf(n, sizeof n, "misaligned sw +%d", off); check_u64(n, w, (uint32_t)v);
        snprintf(n, sizeof n, "misaligned sh +%d", off); check_u64(n, hh, (uint16_t)v);
        check_true("misaligned stores touch nothing else", q[8] == 0 && q[13] == 0 && q[-1] == 0 && q[17] == 0);
    }
    /* A misaligned ld crossing a page boundary. */
    static uint8_t big[8192] __attribute__((aligned(4096)));
    for (int i = 0; i < 16; i++) big[4096 - 8 + i] = (uint8_t)(i + 1);
    u64 x;
    __asm__ volatile("ld %0, 0(%1)" : "=r"(x) : "r"(big + 4096 - 3) : "memory");
    check_u64("misaligned ld across page", x, 0x0d0c0b0a09080706ULL);
}

int main(void) {
    test_rr();
    test_imm();
    test_lui_auipc();
    test_branches();
    test_jumps();
    test_loads_stores();
    test_misaligned();
    return finish("int_alu");
}
