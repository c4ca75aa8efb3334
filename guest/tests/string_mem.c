/* string_mem: glibc's string and memory functions (whose optimized versions use word-sized,
 * misaligned-start and tail-handling loops) compared against simple byte-wise reference
 * implementations over many lengths and source/destination alignments: memcpy, memmove
 * (both overlap directions), memset, memcmp, memchr, memrchr, strlen, strnlen, strcmp,
 * strncmp, strcpy, strncpy (zero padding), strcat, strchr, strrchr, strstr, strspn, strcspn,
 * strpbrk, strtok, strtok_r, strdup; qsort and bsearch; and the allocator: malloc / calloc
 * (zeroed) / realloc (contents kept) / free of many sizes including > 128 KiB (mmap) blocks,
 * posix_memalign / aligned_alloc alignment. Prints a checksum per group. */
#define _GNU_SOURCE
#include "check.h"
#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic ignored "-Wstringop-truncation"

#define N 600
static unsigned char src[N + 64], dst[N + 64], ref[N + 64];

static void fill(unsigned char *p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (unsigned char)(seed >> 16);
    }
}

static int ref_memcmp(const unsigned char *a, const unsigned char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}
static int sgn(int x) { return (x > 0) - (x < 0); }

static void mem_functions(void) {
    uint64_t h = 0;
    int bad = 0;
    static const size_t lens[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 255, 256, 257, 511, 512};
    for (unsigned li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        size_t len = lens[li];
        for (int sa = 0; sa < 8; sa++)
            for (int da = 0; da < 8; da++) {
                fill(src, sizeof src, (unsigned)(len * 64 + sa * 8 + da));
                memset(dst, 0xee, sizeof dst);
                memcpy(dst + da, src + sa, len);
                memset(ref, 0xee, sizeof ref);
                for (size_t i = 0; i < len; i++) ref[da + i] = src[sa + i];
                if (memcmp(dst, ref, sizeof dst) != 0 || ref_memcmp(dst, ref, sizeof dst) != 0) {
                    if (bad++ < 5) printf("FAIL memcpy len=%zu sa=%d da=%d\n", len, sa, da);
                }
                /* memcmp against the reference, with a difference at the end */
                int r1 = sgn(memcmp(dst + da, src + sa, len));
                if (r1 != 0 && bad++ < 5) printf("FAIL memcmp equal len=%zu\n", len);
                if (len) {
                    dst[da + len - 1] ^= 0x80;
                    int r2 = sgn(memcmp(dst + da, src + sa, len));
                    int e2 = ref_memcmp(dst + da, src + sa, len);
                    if (r2 != e2 && bad++ < 5) printf("FAIL memcmp diff len=%zu sa=%d da=%d got %d exp %d\n", len, sa, da, r2, e2);
                    h = mix64(h, (uint64_t)(r2 + 1));
                }
                /* memset */
                memset(dst + da, sa * 31, len);
                for (size_t i = 0; i < len; i++)
                    if (dst[da + i] != (unsigned char)(sa * 31)) {
                        if (bad++ < 5) printf("FAIL memset len=%zu\n", len);
                        break;
                    }
                if (dst[da + len] != 0xee && dst[da + len] != (unsigned char)(0xee ^ 0x80) && bad++ < 5)
                    printf("FAIL memset overrun len=%zu\n", len);
                h = mix64(h, dst[da + len / 2]);
            }
        /* memmove, both directions */
        for (int shift = -9; shift <= 9; shift++) {
            fill(ref, sizeof ref, (unsigned)(len + shift + 1000));
            memcpy(dst, ref, sizeof dst);
            size_t from = 20, to = (size_t)(20 + shift);
            memmove(dst + to, dst + from, len);
            unsigned char tmp[N];
            memcpy(tmp, ref + from, len);
            memcpy(ref + to, tmp, len);
            if (memcmp(dst, ref, sizeof dst) != 0 && bad++ < 5) printf("FAIL memmove len=%zu shift=%d\n", len, shift);
            h = mix64(h, dst[to + len / 3]);
        }
        /* memchr / memrchr */
        fill(src, sizeof src, (unsigned)len);
        for (size_t i = 0; i < len; i++)
            if (src[i] == 0x5a) src[i] = 0x5b;
        if (len) src[len / 2] = 0x5a, src[len - 1] = 0x5a;
        void *p = memchr(src, 0x5a, len), *q = memrchr(src, 0x5a, len);
        if (len && (p != src + len / 2 || q != src + len - 1) && bad++ < 5) printf("FAIL memchr/memrchr len=%zu\n", len);
        if (!len && (p || q) && bad++ < 5) printf("FAIL memchr len 0\n");
    }
    g_checks++;
    if (bad) g_failures++;
    check_sum("mem functions", h, 0);
}

static void str_functions(void) {
    uint64_t h = 0;
    int bad = 0;
    char a[300], b[300];
    for (int len = 0; len < 200; len++)
        for (int al = 0; al < 8; al++) {
            char *s = a + al;
            for (int i = 0; i < len; i++) s[i] = (char)('a' + (i * 7 + len) % 26);
            s[len] = 0;
            if (strlen(s) != (size_t)len && bad++ < 5) printf("FAIL strlen len=%d al=%d got %zu\n", len, al, strlen(s));
            if (strnlen(s, len / 2) != (size_t)(len / 2) && bad++ < 5) printf("FAIL strnlen\n");
            char *t = b + (al * 3) % 8;
            strcpy(t, s);
            if (strcmp(s, t) != 0 && bad++ < 5) printf("FAIL strcpy/strcmp len=%d\n", len);
            if (len) {
                t[len - 1] = 'A';
                int r = sgn(strcmp(s, t));
                if (r != 1 && bad++ < 5) printf("FAIL strcmp order len=%d\n", len);
                if (sgn(strncmp(s, t, len - 1)) != 0 && bad++ < 5) printf("FAIL strncmp prefix len=%d\n", len);
                t[len - 1] = (char)0xff; /* compares as unsigned char */
                if (sgn(strcmp(s, t)) != -1 && bad++ < 5) printf("FAIL strcmp unsigned len=%d\n", len);
                char *c = strchr(s, s[len - 1]);
                char *rc = strrchr(s, s[0]);
                h = mix64(h, (uint64_t)(c - s));
                h = mix64(h, (uint64_t)(rc - s));
            }
            if (strchr(s, 0) != s + len && bad++ < 5) printf("FAIL strchr nul len=%d\n", len);
            h = mix64(h, (uint64_t)len);
        }
    char pad[16];
    memset(pad, 'x', sizeof pad);
    strncpy(pad, "abc", 8);
    check_true("strncpy zero-pads", memcmp(pad, "abc\0\0\0\0\0xxxxxxxx", 16) == 0);
    strncpy(pad, "0123456789", 4);
    check_true("strncpy does not terminate", memcmp(pad, "0123\0\0\0\0x", 9) == 0);
    char cat[32] = "foo";
    strcat(cat, "bar");
    strncat(cat, "bazqux", 3);
    check_str("strcat/strncat", cat, "foobarbaz");
    check_str("strstr", strstr("the quick brown fox", "brown"), "brown fox");
    check_true("strstr missing", strstr("aaaaaaaaab", "aab") != NULL && strstr("abc", "abd") == NULL);
    check_true("strstr empty needle", strstr("abc", "") != NULL);
    const char *hay = "abababababababababababababababababababababababababababababababababc";
    check_i64("strstr long periodic", strstr(hay, "abababababc") - hay, 56);
    check_i64("strspn", strspn("aabbcxyz", "abc"), 5);
    check_i64("strcspn", strcspn("hello, world", ",;"), 5);
    check_str("strpbrk", strpbrk("key=value", "=:"), "=value");
    check_i64("strcasecmp", sgn(strcasecmp("HeLLo", "hello")), 0);
    check_i64("strncasecmp", sgn(strncasecmp("abcX", "ABCy", 4)), -1);

    char text[] = "  alpha, beta;;gamma ,delta  ";
    char out[128] = "";
    for (char *tok = strtok(text, " ,;"); tok; tok = strtok(NULL, " ,;")) {
        strcat(out, tok);
        strcat(out, "|");
    }
    check_str("strtok", out, "alpha|beta|gamma|delta|");
    char text2[] = "a=1&b=2&c=3";
    char *save1, *save2;
    out[0] = 0;
    for (char *pair = strtok_r(text2, "&", &save1); pair; pair = strtok_r(NULL, "&", &save1)) {
        char *k = strtok_r(pair, "=", &save2), *v = strtok_r(NULL, "=", &save2);
        strcat(out, v);
        strcat(out, k);
    }
    check_str("strtok_r nested", out, "1a2b3c");
    char *dup = strdup("duplicate me");
    check_str("strdup", dup, "duplicate me");
    free(dup);
    char *nd = strndup("truncate", 5);
    check_str("strndup", nd, "trunc");
    free(nd);
    g_checks++;
    if (bad) g_failures++;
    check_sum("str functions", h, 0);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_search(void) {
    enum { M = 20000 };
    static int v[M];
    uint64_t h = 0;
    for (int i = 0; i < M; i++) v[i] = (int)(lcg_next() % 100000) - 50000;
    qsort(v, M, sizeof v[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < M; i++)
        if (v[i - 1] > v[i]) sorted = 0;
    for (int i = 0; i < M; i += 97) h = mix64(h, (uint64_t)v[i]);
    check_true("qsort 20000 ints", sorted);
    int found = 0, missing = 0;
    for (int k = -50000; k < 50000; k += 7) {
        int *p = bsearch(&k, v, M, sizeof v[0], cmp_int);
        if (p) {
            found++;
            if (*p != k) missing = -1000000;
        } else {
            missing++;
        }
    }
    printf("bsearch found %d missing %d\n", found, missing);
    check_true("bsearch consistent", missing >= 0 && found + missing == 14286);
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape", "kiwi", "lemon"};
    const char *w[10];
    memcpy(w, words, sizeof w);
    qsort(w, 10, sizeof w[0], cmp_str);
    char joined[128] = "";
    for (int i = 0; i < 10; i++) {
        strcat(joined, w[i]);
        strcat(joined, " ");
    }
    check_str("qsort strings", joined, "apple banana cherry date elderberry fig grape kiwi lemon pear ");
    const char *key = "grape";
    const char **pk = bsearch(&key, w, 10, sizeof w[0], cmp_str);
    check_i64("bsearch string index", pk ? pk - w : -1, 6);
    check_sum("sort/search", h, 0);
}

static void allocator(void) {
    uint64_t h = 0;
    int bad = 0;
    enum { K = 64 };
    unsigned char *blocks[K];
    size_t sizes[K];
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < K; i++) {
            size_t sz;
            switch (i % 8) {
            case 0: sz = 1 + lcg_next() % 16; break;
            case 1: sz = 1 + lcg_next() % 256; break;
            case 2: sz = 1 + lcg_next() % 4096; break;
            case 3: sz = 100000 + lcg_next() % 100000; break;       /* around the mmap threshold */
            case 4: sz = 200 * 1024 + lcg_next() % (800 * 1024);    /* mmap */
            break;
            default: sz = 1 + lcg_next() % 1000; break;
            }
            sizes[i] = sz;
            blocks[i] = (i & 1) ? calloc(sz, 1) : malloc(sz);
            if (!blocks[i]) {
                bad++;
                printf("FAIL allocation of %zu\n", sz);
                continue;
            }
            if ((uintptr_t)blocks[i] % 16 != 0 && bad++ < 5) printf("FAIL malloc alignment\n");
            if (i & 1)
                for (size_t j = 0; j < sz; j++)
                    if (blocks[i][j]) {
                        if (bad++ < 5) printf("FAIL calloc not zeroed\n");
                        break;
                    }
            memset(blocks[i], (int)(i + round), sz);
        }
        for (int i = 0; i < K; i += 3) {
            if (!blocks[i]) continue;
            size_t ns = (i % 2) ? sizes[i] / 2 + 1 : sizes[i] * 3 + 300000;
            unsigned char *nb = realloc(blocks[i], ns);
            if (!nb) { bad++; continue; }
            size_t keep = ns < sizes[i] ? ns : sizes[i];
            for (size_t j = 0; j < keep; j += 1 + keep / 1000)
                if (nb[j] != (unsigned char)(i + round)) {
                    if (bad++ < 5) printf("FAIL realloc lost contents\n");
                    break;
                }
            memset(nb, 0x11, ns);
            blocks[i] = nb;
            sizes[i] = ns;
        }
        for (int i = 0; i < K; i++) {
            if (!blocks[i]) continue;
            h = mix64(h, blocks[i][sizes[i] - 1]);
            h = mix64(h, sizes[i]);
            free(blocks[i]);
        }
    }
    /* Many small allocations, freed in a scattered order. */
    static void *small[5000];
    for (int i = 0; i < 5000; i++) small[i] = malloc(8 + (size_t)(i % 97));
    for (int i = 0; i < 5000; i += 2) free(small[i]);
    for (int i = 1; i < 5000; i += 2) free(small[i]);
    void *al = NULL;
    check_i64("posix_memalign", posix_memalign(&al, 4096, 10000), 0);
    check_true("posix_memalign aligned", ((uintptr_t)al & 4095) == 0);
    free(al);
    al = aligned_alloc(64, 640);
    check_true("aligned_alloc aligned", al && ((uintptr_t)al & 63) == 0);
    free(al);
    void *big = malloc(64u << 20);
    check_true("64 MiB malloc", big != NULL);
    if (big) {
        memset((char *)big + (32u << 20), 1, 4096);
        free(big);
    }
    check_true("realloc(NULL, n) allocates", (al = realloc(NULL, 10)) != NULL);
    free(al);
    g_checks++;
    if (bad) g_failures++;
    check_sum("allocator", h, 0);
}

int main(void) {
    mem_functions();
    str_functions();
    sort_search();
    allocator();
    return finish("string_mem");
}
