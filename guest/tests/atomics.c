/* atomics: the A extension, single-threaded. Every amo*.w / amo*.d (swap add and or xor min
 * max minu maxu) with negative and edge operands, checking both the returned old value (the .w
 * forms sign-extend it) and the new memory contents, the .aq/.rl/.aqrl spellings, lr/sc
 * (success, sc without a reservation fails, a second sc after a successful one fails, lr.w
 * sign-extends), lr/sc retry loops (fetch-add, compare-and-swap, masked byte and halfword
 * updates as compilers emit for sub-word atomics), C11 <stdatomic.h> operations and the
 * __sync builtins on 32- and 64-bit objects, and fences. */
#include "check.h"
#include <stdatomic.h>


typedef uint64_t u64;
typedef int64_t i64;

static inline u64 sx32(u64 v) { return (u64)(i64)(int32_t)(uint32_t)v; }

static const u64 vals[] = {
    0, 1, 5, 0x7f, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL,
    0x8000000000000000ULL, 0xffffffffffffffffULL, 0xfffffffffffffffbULL, 0xffffffff80000000ULL,
    0x123456789abcdef0ULL,
};
#define NV (sizeof vals / sizeof vals[0])

#define AMO_D(insn, mem, src) ({ u64 _old; __asm__ volatile(insn " %0, %2, (%1)" : "=&r"(_old) : "r"(mem), "r"((u64)(src)) : "memory"); _old; })
#define AMO_W(insn, mem, src) ({ u64 _old; __asm__ volatile(insn " %0, %2, (%1)" : "=&r"(_old) : "r"(mem), "r"((u64)(src)) : "memory"); _old; })

enum { SWAP, ADD, AND, OR, XOR, MIN, MAX, MINU, MAXU, NOPS };
static const char *opn[NOPS] = {"swap", "add", "and", "or", "xor", "min", "max", "minu", "maxu"};

static u64 ref64(int op, u64 m, u64 s) {
    switch (op) {
    case SWAP: return s;
    case ADD: return m + s;
    case AND: return m & s;
    case OR: return m | s;
    case XOR: return m ^ s;
    case MIN: return (i64)m < (i64)s ? m : s;
    case MAX: return (i64)m > (i64)s ? m : s;
    case MINU: return m < s ? m : s;
    default: return m > s ? m : s;
    }
}
static uint32_t ref32(int op, uint32_t m, uint32_t s) {
    switch (op) {
    case SWAP: return s;
    case ADD: return m + s;
    case AND: return m & s;
    case OR: return m | s;
    case XOR: return m ^ s;
    case MIN: return (int32_t)m < (int32_t)s ? m : s;
    case MAX: return (int32_t)m > (int32_t)s ? m : s;
    case MINU: return m < s ? m : s;
    default: return m > s ? m : s;
    }
}

static u64 run64(int op, int variant, u64 *mem, u64 s) {
    switch (op * 4 + variant) {
#define V(o, name) \
    case o * 4 + 0: return AMO_D("amo" name ".d", mem, s); \
    case o * 4 + 1: return AMO_D("amo" name ".d.aq", mem, s); \
    case o * 4 + 2: return AMO_D("amo" name ".d.rl", mem, s); \
    case o * 4 + 3: return AMO_D("amo" name ".d.aqrl", mem, s);
    V(SWAP, "swap") V(ADD, "add") V(AND, "and") V(OR, "or") V(XOR, "xor")
    V(MIN, "min") V(MAX, "max") V(MINU, "minu") V(MAXU, "maxu")
#undef V
    }
    return 0xdead;
}
static u64 run32(int op, int variant, uint32_t *mem, u64 s) {
    switch (op * 4 + variant) {
#define V(o, name) \
    case o * 4 + 0: return AMO_W("amo" name ".w", mem, s); \
    case o * 4 + 1: return AMO_W("amo" name ".w.aq", mem, s); \
    case o * 4 + 2: return AMO_W("amo" name ".w.rl", mem, s); \
    case o * 4 + 3: return AMO_W("amo" name ".w.aqrl", mem, s);
    V(SWAP, "swap") V(ADD, "add") V(AND, "and") V(OR, "or") V(XOR, "xor")
    V(MIN, "min") V(MAX, "max") V(MINU, "minu") V(MAXU, "maxu")
#undef V
    }
    return 0xdead;
}

static void test_amo(void) {
    /* Neighbouring words must be untouched by the .w forms. */
    static uint32_t words[4] __attribute__((aligned(16)));
    static u64 dwords[2] __attribute__((aligned(16)));
    for (int op = 0; op < NOPS; op++) {
        u64 h = 0;
        int bad = 0;
        for (unsigned i = 0; i < NV; i++)
            for (unsigned j = 0; j < NV; j++) {
                int variant = (int)((i + j) & 3);
                u64 m = vals[i], s = vals[j];
                dwords[0] = m;
                dwords[1] = 0x5a5a5a5a5a5a5a5aULL;
                u64 old = run64(op, variant, &dwords[0], s);
                u64 exp = ref64(op, m, s);
                h = mix64(mix64(h, old), dwords[0]);
                if ((old != m || dwords[0] != exp || dwords[1] != 0x5a5a5a5a5a5a5a5aULL) && bad++ < 3) {
                    printf("FAIL amo%s.d mem=0x%llx src=0x%llx: old=0x%llx new=0x%llx expected new 0x%llx\n",
                           opn[op], (unsigned long long)m, (unsigned long long)s,
                           (unsigned long long)old, (unsigned long long)dwords[0], (unsigned long long)exp);
                }
                words[1] = (uint32_t)m;
                words[0] = 0xa5a5a5a5;
                words[2] = 0x5a5a5a5a;
                old = run32(op, variant, &words[1], s);
                uint32_t e32 = ref32(op, (uint32_t)m, (uint32_t)s);
                h = mix64(mix64(h, old), words[1]);
                if ((old != sx32(m) || words[1] != e32 || words[0] != 0xa5a5a5a5 || words[2] != 0x5a5a5a5a) && bad++ < 3) {
                    printf("FAIL amo%s.w mem=0x%x src=0x%llx: old=0x%llx new=0x%x expected old 0x%llx new 0x%x\n",
                           opn[op], (uint32_t)m, (unsigned long long)s, (unsigned long long)old,
                           words[1], (unsigned long long)sx32(m), e32);
                }
            }
        if (bad) g_failures++;
        g_checks++;
        char n[32];
        snprintf(n, sizeof n, "amo%s sweep", opn[op]);
        check_sum(n, h, 0);
    }
    /* A few spelled-out cases, printed. */
    u64 d = (u64)-5;
    u64 old = AMO_D("amomin.d", &d, 3);
    check_u64("amomin.d(-5,3) old", old, (u64)-5);
    check_u64("amomin.d(-5,3) new", d, (u64)-5);
    old = AMO_D("amominu.d", &d, 3);
    check_u64("amominu.d(-5,3) new", d, 3);
    old = AMO_D("amomax.d", &d, (u64)-1);
    check_u64("amomax.d(3,-1) new", d, 3);
    old = AMO_D("amomaxu.d", &d, (u64)-1);
    check_u64("amomaxu.d(3,-1) new", d, (u64)-1);
    uint32_t w = 0x80000000;
    old = AMO_W("amoadd.w", &w, 0xffffffffULL);
    check_u64("amoadd.w old sign-extended", old, 0xffffffff80000000ULL);
    check_u64("amoadd.w new", w, 0x7fffffff);
    old = AMO_W("amomin.w", &w, 0x80000000ULL);
    check_u64("amomin.w(0x7fffffff,0x80000000) new", w, 0x80000000);
    old = AMO_W("amomaxu.w", &w, 0x1ffffffffULL);
    check_u64("amomaxu.w upper src bits ignored", w, 0xffffffff);
    /* rd = x0: the memory is still updated. */
    d = 10;
    __asm__ volatile("amoadd.d x0, %1, (%0)" : : "r"(&d), "r"((u64)5) : "memory");
    check_u64("amoadd.d rd=x0", d, 15);
    /* rd == rs2: the old value wins. */
    u64 r = 7;
    __asm__ volatile("amoswap.d %0, %0, (%1)" : "+r"(r) : "r"(&d) : "memory");
    check_u64("amoswap.d rd==rs2 old", r, 15);
    check_u64("amoswap.d rd==rs2 new", d, 7);
}

static void test_lrsc(void) {
    u64 d = 0x8000000000000001ULL, v, fail;
    __asm__ volatile("lr.d %0, (%2)\n addi %0, %0, 1\n sc.d %1, %0, (%2)" : "=&r"(v), "=&r"(fail) : "r"(&d) : "memory");
    check_u64("lr.d/sc.d succeeds", fail, 0);
    check_u64("lr.d/sc.d stored", d, 0x8000000000000002ULL);
    uint32_t w = 0x87654321;
    __asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(&w) : "memory");
    check_u64("lr.w sign-extends", v, 0xffffffff87654321ULL);
    __asm__ volatile("lr.w.aq %0, (%2)\n sc.w.rl %1, %3, (%2)" : "=&r"(v), "=&r"(fail) : "r"(&w), "r"((u64)0x1122334455667788ULL) : "memory");
    check_u64("sc.w.rl succeeds", fail, 0);
    check_u64("sc.w stores the low word", w, 0x55667788);
    /* The reservation is consumed by an sc: a second sc fails and leaves memory alone. */
    d = 1;
    __asm__ volatile("lr.d %0, (%2)\n sc.d %1, %0, (%2)\n sc.d %1, zero, (%2)" : "=&r"(v), "=&r"(fail) : "r"(&d) : "memory");
    check_true("second sc.d fails", fail != 0);
    check_u64("second sc.d leaves memory", d, 1);
    /* sc to an address other than the reserved one fails. */
    u64 other[2] = {3, 4};
    __asm__ volatile("lr.d %0, (%2)\n sc.d %1, zero, (%3)" : "=&r"(v), "=&r"(fail) : "r"(&other[0]), "r"(&other[1]) : "memory");
    check_true("sc.d to another address fails", fail != 0);
    check_u64("sc.d to another address leaves memory", other[1], 4);
    /* Retry loops as compilers emit them. */
    u64 counter = 0;
    for (int i = 0; i < 1000; i++) {
        u64 tmp, f;
        __asm__ volatile("1: lr.d.aqrl %0, (%2)\n add %0, %0, %3\n sc.d.aqrl %1, %0, (%2)\n bnez %1, 1b"
                         : "=&r"(tmp), "=&r"(f) : "r"(&counter), "r"((u64)(i - 500)) : "memory");
    }
    check_u64("lr/sc add loop", counter, (u64)(i64)-500);
    /* CAS. */
    u64 cas_mem = 42, prev, ok;
#define CAS(mem, expv, newv) __asm__ volatile("1: lr.d %0, (%2)\n bne %0, %3, 2f\n sc.d %1, %4, (%2)\n bnez %1, 1b\n li %1, 1\n j 3f\n2: li %1, 0\n3:" \
                                           : "=&r"(prev), "=&r"(ok) : "r"(mem), "r"((u64)(expv)), "r"((u64)(newv)) : "memory")
    CAS(&cas_mem, 41, 100);
    check_u64("cas mismatch ok", ok, 0);
    check_u64("cas mismatch prev", prev, 42);
    CAS(&cas_mem, 42, 100);
    check_u64("cas match ok", ok, 1);
    check_u64("cas match mem", cas_mem, 100);
#undef CAS
    /* Masked sub-word updates: add to byte 1 and halfword 1 of an aligned word. */
    uint32_t word = 0xff7f80ff;
    for (int i = 0; i < 3; i++) {
        uint32_t shift = 8, mask = 0xffu << shift, inc = 0x81u << shift;
        u64 t1, t2, t3;
        __asm__ volatile("1: lr.w %0, (%3)\n add %1, %0, %4\n xor %1, %1, %0\n and %1, %1, %5\n xor %1, %1, %0\n sc.w %2, %1, (%3)\n bnez %2, 1b"
                         : "=&r"(t1), "=&r"(t2), "=&r"(t3) : "r"(&word), "r"((u64)inc), "r"((u64)mask) : "memory");
    }
    check_u64("masked byte add", word, 0xff7f03ff);
    for (int i = 0; i < 5; i++) {
        uint32_t shift = 16, mask = 0xffffu << shift, inc = 0x8001u << shift;
        u64 t1, t2, t3;
        __asm__ volatile("1: lr.w %0, (%3)\n add %1, %0, %4\n xor %1, %1, %0\n and %1, %1, %5\n xor %1, %1, %0\n sc.w %2, %1, (%3)\n bnez %2, 1b"
                         : "=&r"(t1), "=&r"(t2), "=&r"(t3) : "r"(&word), "r"((u64)inc), "r"((u64)mask) : "memory");
    }
    check_u64("masked halfword add", word, 0x7f8403ff);
}

static void test_c11(void) {
    _Atomic int32_t a32 = -5;
    _Atomic int64_t a64 = INT64_MIN;
    _Atomic uint32_t u32 = 0xfffffff0;
    _Atomic uint64_t u64v = 1;
    check_i64("fetch_add32 old", atomic_fetch_add(&a32, 7), -5);
    check_i64("fetch_add32 new", atomic_load(&a32), 2);
    check_i64("fetch_sub32 old", atomic_fetch_sub(&a32, 10), 2);
    check_i64("after fetch_sub32", atomic_load_explicit(&a32, memory_order_relaxed), -8);
    check_i64("fetch_and32", (atomic_fetch_and(&a32, 0x0f), atomic_load(&a32)), 8);
    check_i64("fetch_or32", (atomic_fetch_or(&a32, (int32_t)0x80000000), atomic_load(&a32)), (int32_t)0x80000008);
    check_i64("fetch_xor32", (atomic_fetch_xor(&a32, -1), atomic_load(&a32)), 0x7ffffff7);
    check_i64("exchange32", atomic_exchange(&a32, -1), 0x7ffffff7);
    int32_t e = 0;
    check_i64("cas32 fails", atomic_compare_exchange_strong(&a32, &e, 5), 0);
    check_i64("cas32 fail writes expected", e, -1);
    check_i64("cas32 succeeds", atomic_compare_exchange_strong(&a32, &e, 5), 1);
    check_i64("cas32 value", atomic_load(&a32), 5);
    check_u64("fetch_add u32 wrap", (atomic_fetch_add(&u32, 0x20), atomic_load(&u32)), 0x10);
    check_i64("fetch_add64 old", atomic_fetch_add(&a64, -1), INT64_MIN);
    check_i64("fetch_add64 wraps", atomic_load(&a64), INT64_MAX);
    int64_t e64 = INT64_MAX;
    int tries = 0;
    while (!atomic_compare_exchange_weak(&a64, &e64, 77)) tries++;
    check_i64("cas64 weak eventually", atomic_load(&a64), 77);
    check_true("cas64 weak bounded retries", tries < 100);
    atomic_store_explicit(&u64v, 0xffffffffffffffffULL, memory_order_release);
    check_u64("store/load 64", atomic_load_explicit(&u64v, memory_order_acquire), 0xffffffffffffffffULL);
    check_u64("fetch_sub64 old", atomic_fetch_sub_explicit(&u64v, 2, memory_order_acq_rel), ~0ULL);
    check_u64("after fetch_sub64", atomic_load(&u64v), ~0ULL - 2);
    atomic_thread_fence(memory_order_seq_cst);
    atomic_flag f = ATOMIC_FLAG_INIT;
    check_i64("flag first test_and_set", atomic_flag_test_and_set(&f), 0);
    check_i64("flag second test_and_set", atomic_flag_test_and_set(&f), 1);
    atomic_flag_clear(&f);
    check_i64("flag after clear", atomic_flag_test_and_set(&f), 0);
}

static void test_sync(void) {
    int32_t i = 10;
    int64_t l = -1;
    check_i64("__sync_fetch_and_add", __sync_fetch_and_add(&i, 5), 10);
    check_i64("__sync_add_and_fetch", __sync_add_and_fetch(&i, 5), 20);
    check_i64("__sync_sub_and_fetch", __sync_sub_and_fetch(&i, 25), -5);
    check_i64("__sync_fetch_and_or", __sync_fetch_and_or(&i, 0x100), -5);
    check_i64("__sync_and_and_fetch", __sync_and_and_fetch(&i, 0xfff), 0xffb);
    check_i64("__sync_xor_and_fetch", __sync_xor_and_fetch(&i, 0xf0f), 0x0f4);
    check_i64("__atomic_nand_fetch", __atomic_nand_fetch(&i, 0xff, __ATOMIC_SEQ_CST), ~0xf4);
    check_i64("__sync_val_compare_and_swap miss", __sync_val_compare_and_swap(&i, 0, 1), ~0xf4);
    check_i64("__sync_bool_compare_and_swap hit", __sync_bool_compare_and_swap(&i, ~0xf4, 3), 1);
    check_i64("value", i, 3);
    check_i64("__sync_lock_test_and_set", __sync_lock_test_and_set(&i, 9), 3);
    __sync_lock_release(&i);
    check_i64("__sync_lock_release", i, 0);
    check_i64("__sync_fetch_and_add 64", __sync_fetch_and_add(&l, 1), -1);
    check_i64("__sync_val_compare_and_swap 64", __sync_val_compare_and_swap(&l, 0, INT64_MIN), 0);
    check_i64("__sync 64 value", l, INT64_MIN);
    check_i64("__sync_sub_and_fetch 64 wrap", __sync_sub_and_fetch(&l, 1), INT64_MAX);
    __sync_synchronize();
    __asm__ volatile("fence rw, rw\n fence r, r\n fence w, w\n fence iorw, iorw\n fence.tso\n fence.i" ::: "memory");
    check_true("fences execute", 1);
}

int main(void) {
    test_amo();
    test_lrsc();
    test_c11();
    test_sync();
    return finish("atomics");
}
