/* compressed: the RVC (C extension) instructions. The whole file is compiled for rv64gc, so the
 * C code below is full of compressed instructions chosen by gcc; on top of that inline asm
 * spells out explicit c.* mnemonics with their immediate edge values: c.li c.lui c.addi
 * c.addiw c.addi16sp c.addi4spn c.slli c.srli c.srai c.andi c.mv c.add c.sub c.xor c.or c.and
 * c.subw c.addw c.lw c.ld c.sw c.sd c.lwsp c.ldsp c.swsp c.sdsp c.fld c.fsd c.fldsp c.fsdsp
 * c.beqz c.bnez c.j c.jr c.jalr c.nop, and checks that each explicit instruction is 2 bytes. */
#include "check.h"
#include <stdlib.h>

typedef uint64_t u64;
typedef int64_t i64;

/* One compressed instruction on a0 (in/out) and a1 (in). Also measures its length. */
#define C1(name, insn, in0, in1, expected)                                                     \
    do {                                                                                       \
        register u64 a0 __asm__("a0") = (u64)(in0);                                            \
        register u64 a1 __asm__("a1") = (u64)(in1);                                            \
        u64 len;                                                                               \
        __asm__ volatile(".option push\n.option rvc\n"                                         \
                         "1: " insn "\n2:\n"                                                   \
                         ".option pop\n"                                                       \
                         "lla %2, 2b\n lla t0, 1b\n sub %2, %2, t0"                            \
                         : "+r"(a0), "+r"(a1), "=&r"(len) : : "t0");                           \
        check_u64(name, a0, (u64)(expected));                                                  \
        if (len != 2) check_u64(name " length", len, 2);                                       \
    } while (0)

static void test_alu(void) {
    C1("c.li 31", "c.li a0, 31", 0, 0, 31);
    C1("c.li -32", "c.li a0, -32", 0, 0, -32);
    C1("c.li 0", "c.li a0, 0", 5, 0, 0);
    C1("c.lui 1", "c.lui a0, 1", 0, 0, 0x1000);
    C1("c.lui 0x1f", "c.lui a0, 0x1f", 0, 0, 0x1f000);
    C1("c.lui 0xfffe0", "c.lui a0, 0xfffe0", 0, 0, 0xfffffffffffe0000ULL);
    C1("c.lui 0xfffff", "c.lui a0, 0xfffff", 0, 0, 0xfffffffffffff000ULL);
    C1("c.addi 31", "c.addi a0, 31", 1, 0, 32);
    C1("c.addi -32", "c.addi a0, -32", 0, 0, -32);
    C1("c.addi wraps 64", "c.addi a0, 1", -1, 0, 0);
    C1("c.addiw -1", "c.addiw a0, -1", 0x80000000, 0, 0x7fffffff);
    C1("c.addiw 1", "c.addiw a0, 1", 0x7fffffff, 0, 0xffffffff80000000ULL);
    C1("c.addiw 0 (sext.w)", "c.addiw a0, 0", 0x12345678ffffffffULL, 0, -1);
    C1("c.slli 1", "c.slli a0, 1", 0x8000000000000001ULL, 0, 2);
    C1("c.slli 63", "c.slli a0, 63", 3, 0, 0x8000000000000000ULL);
    C1("c.slli 32", "c.slli a0, 32", 0x1234567887654321ULL, 0, 0x8765432100000000ULL);
    C1("c.srli 1", "c.srli a0, 1", 0x8000000000000000ULL, 0, 0x4000000000000000ULL);
    C1("c.srli 63", "c.srli a0, 63", 0x8000000000000000ULL, 0, 1);
    C1("c.srli 32", "c.srli a0, 32", 0xffffffff00000000ULL, 0, 0xffffffff);
    C1("c.srai 1", "c.srai a0, 1", 0x8000000000000000ULL, 0, 0xc000000000000000ULL);
    C1("c.srai 63", "c.srai a0, 63", 0x8000000000000000ULL, 0, -1);
    C1("c.srai 32", "c.srai a0, 32", 0x8000000100000000ULL, 0, 0xffffffff80000001ULL);
    C1("c.srai 5 positive", "c.srai a0, 5", 0x7fffffffffffffffULL, 0, 0x03ffffffffffffffULL);
    C1("c.andi -1", "c.andi a0, -1", 0x123456789abcdef0ULL, 0, 0x123456789abcdef0ULL);
    C1("c.andi 31", "c.andi a0, 31", 0x123456789abcdef7ULL, 0, 0x17);
    C1("c.andi -32", "c.andi a0, -32", 0x123456789abcdeffULL, 0, 0x123456789abcdee0ULL);
    C1("c.andi 0", "c.andi a0, 0", -1, 0, 0);
    C1("c.mv", "c.mv a0, a1", 1, 0xdeadbeefcafef00dULL, 0xdeadbeefcafef00dULL);
    C1("c.add", "c.add a0, a1", 0xffffffffffffffffULL, 2, 1);
    C1("c.sub", "c.sub a0, a1", 0, 1, -1);
    C1("c.xor", "c.xor a0, a1", 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0xf0f0f0f0f0f0f0f0ULL);
    C1("c.or", "c.or a0, a1", 0xff00000000000000ULL, 0x00000000000000ffULL, 0xff000000000000ffULL);
    C1("c.and", "c.and a0, a1", 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0x0f000f000f000f00ULL);
    C1("c.addw overflow", "c.addw a0, a1", 0x7fffffff, 1, 0xffffffff80000000ULL);
    C1("c.addw upper ignored", "c.addw a0, a1", 0x1234567800000001ULL, 0xabcdef0000000002ULL, 3);
    C1("c.subw underflow", "c.subw a0, a1", 0x80000000, 1, 0x7fffffff);
    C1("c.subw negative", "c.subw a0, a1", 0, 1, -1);
    C1("c.nop", "c.nop", 77, 0, 77);
}

static void test_mem(void) {
    static u64 buf[4] __attribute__((aligned(16)));
    buf[0] = 0x1122334455667788ULL;
    buf[1] = 0x8877665544332211ULL;
    u64 r_ld, r_lw;
    __asm__ volatile("mv a0, %2\n mv a3, %3\n"
                     ".option push\n.option rvc\n"
                     "c.ld a1, 8(a0)\n"
                     "c.lw a2, 12(a0)\n"
                     "c.sd a3, 16(a0)\n"
                     "c.sw a3, 24(a0)\n"
                     ".option pop\n"
                     "mv %0, a1\n mv %1, a2\n"
                     : "=r"(r_ld), "=r"(r_lw) : "r"(buf), "r"(0xfedcba9876543210ULL)
                     : "a0", "a1", "a2", "a3", "memory");
    check_u64("c.ld", r_ld, 0x8877665544332211ULL);
    check_u64("c.lw sign-extends", r_lw, 0xffffffff88776655ULL);
    check_u64("c.sd", buf[2], 0xfedcba9876543210ULL);
    check_u64("c.sw low word only", buf[3], 0x76543210);

    /* Stack-pointer relative forms; sp is restored before the asm ends. */
    u64 sp_before, sp_after, ld, lw, spn_diff, via_spn;
    double din = -2.5, dout = 0;
    __asm__ volatile(".option push\n.option rvc\n"
                     "mv %0, sp\n"
                     "c.addi16sp sp, -64\n"
                     "c.sdsp %6, 8(sp)\n"
                     "c.swsp %7, 16(sp)\n"
                     "c.ldsp %2, 8(sp)\n"
                     "c.lwsp %3, 16(sp)\n"
                     "c.addi4spn a4, sp, 8\n"
                     "sub %4, a4, sp\n"
                     "c.ld a5, 0(a4)\n"
                     "mv %5, a5\n"
                     "c.fsdsp %8, 24(sp)\n"
                     "c.fldsp fa1, 24(sp)\n"
                     "fsd fa1, 0(%9)\n"
                     "c.addi16sp sp, 496\n"
                     "c.addi16sp sp, -432\n"
                     "mv %1, sp\n"
                     ".option pop\n"
                     : "=&r"(sp_before), "=&r"(sp_after), "=&r"(ld), "=&r"(lw), "=&r"(spn_diff), "=&r"(via_spn)
                     : "r"(0x0123456789abcdefULL), "r"(0x80000001ULL), "f"(din), "r"(&dout)
                     : "a4", "a5", "fa1", "memory");
    check_u64("c.addi16sp restores sp", sp_after - sp_before, 0);
    check_u64("c.sdsp/c.ldsp", ld, 0x0123456789abcdefULL);
    check_u64("c.swsp/c.lwsp sign-extends", lw, 0xffffffff80000001ULL);
    check_u64("c.addi4spn offset", spn_diff, 8);
    check_u64("c.ld via c.addi4spn", via_spn, 0x0123456789abcdefULL);
    check_true("c.fsdsp/c.fldsp", dout == -2.5);

    static double dbuf[2] = {1.25, 0};
    register u64 b0 __asm__("a0") = (u64)dbuf;
    __asm__ volatile(".option push\n.option rvc\n"
                     "c.fld fa2, 0(a0)\n"
                     "fadd.d fa2, fa2, fa2\n"
                     "c.fsd fa2, 8(a0)\n"
                     ".option pop\n"
                     : : "r"(b0) : "fa2", "memory");
    check_true("c.fld/c.fsd", dbuf[1] == 2.5);
}

static void test_control(void) {
    u64 taken, link, after;
    /* c.j forward over a li. */
    __asm__ volatile(".option push\n.option rvc\n"
                     "li %0, 1\n c.j 1f\n li %0, 2\n1:\n.option pop" : "=&r"(taken));
    check_u64("c.j", taken, 1);
    /* c.beqz / c.bnez loop counting down. */
    register u64 cnt __asm__("a0") = 10;
    register u64 acc __asm__("a1") = 0;
    __asm__ volatile(".option push\n.option rvc\n"
                     "1: c.addi a1, 3\n c.addi a0, -1\n c.bnez a0, 1b\n"
                     ".option pop" : "+r"(cnt), "+r"(acc));
    check_u64("c.bnez loop", acc, 30);
    register u64 z __asm__("a2") = 0;
    __asm__ volatile(".option push\n.option rvc\n"
                     "li %0, 0\n c.beqz a2, 1f\n li %0, 5\n1:\n.option pop" : "=&r"(taken) : "r"(z));
    check_u64("c.beqz taken", taken, 0);
    z = 0x8000000000000000ULL;
    __asm__ volatile(".option push\n.option rvc\n"
                     "li %0, 0\n c.beqz a2, 1f\n li %0, 5\n1:\n.option pop" : "=&r"(taken) : "r"(z));
    check_u64("c.beqz not taken (sign bit)", taken, 5);
    __asm__ volatile(".option push\n.option rvc\n"
                     "li %0, 0\n c.bnez a2, 1f\n li %0, 5\n1:\n.option pop" : "=&r"(taken) : "r"(z));
    check_u64("c.bnez taken", taken, 0);
    /* c.jr */
    __asm__ volatile(".option push\n.option rvc\n"
                     "lla t0, 1f\n li %0, 0\n c.jr t0\n li %0, 2\n1: addi %0, %0, 1\n.option pop"
                     : "=&r"(taken) : : "t0");
    check_u64("c.jr", taken, 1);
    /* c.jalr links ra = pc + 2. */
    __asm__ volatile(".option push\n.option rvc\n"
                     "lla t0, 1f\n c.jalr t0\n3: li %0, 0\n j 2f\n1: li %0, 1\n2: mv %1, ra\n lla %2, 3b\n"
                     ".option pop"
                     : "=&r"(taken), "=&r"(link), "=&r"(after) : : "t0", "ra");
    check_u64("c.jalr taken", taken, 1);
    check_u64("c.jalr link", link - after, 0);
    /* A real call and return through c.jalr / c.jr ra. */
    u64 r;
    __asm__ volatile(".option push\n.option rvc\n"
                     "j 2f\n"
                     "1: c.addi a0, 7\n c.jr ra\n"
                     "2: li a0, 35\n lla t1, 1b\n c.jalr t1\n c.jalr t1\n mv %0, a0\n"
                     ".option pop"
                     : "=&r"(r) : : "a0", "t1", "ra");
    check_u64("c.jalr call/c.jr return", r, 49);
}

/* Compiler-generated RVC: a small sort and a hash, with a checksum. */
static int cmp(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void test_compiled(void) {
    int a[500];
    for (int i = 0; i < 500; i++) a[i] = (int)(lcg_next() % 20001) - 10000;
    qsort(a, 500, sizeof a[0], cmp);
    int sorted = 1;
    u64 h = 0;
    for (int i = 0; i < 500; i++) {
        if (i && a[i - 1] > a[i]) sorted = 0;
        h = mix64(h, (u64)a[i]);
    }
    check_true("qsort sorted", sorted);
    check_sum("compiled code", h, 0);
    unsigned short s = 0;
    signed char c = 0;
    for (int i = 0; i < 300; i++) {
        s = (unsigned short)(s * 31 + i);
        c = (signed char)(c + i * 7);
    }
    printf("short/char arithmetic: %u %d\n", s, c);
}

int main(void) {
    test_alu();
    test_mem();
    test_control();
    test_compiled();
    return finish("compressed");
}
