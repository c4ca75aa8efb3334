/* check.h: tiny self-checking helpers shared by the differential guest tests.
 *
 * Every check prints one line. A passing check prints "ok NAME = VALUE"; a failing one prints
 * "FAIL NAME: got ... expected ..." and bumps the failure counter. finish() prints a summary
 * line and returns the exit status (0 when every check passed, 1 otherwise), so a test is
 * meaningful on its own as well as in the javix-vs-qemu output comparison.
 * Set QUIET_OK before including to print only failures (for sweeps with many checks). */
#ifndef JAVIX_CHECK_H
#define JAVIX_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int g_checks, g_failures;

#ifdef QUIET_OK
#define CHECK_PRINT_OK 0
#else
#define CHECK_PRINT_OK 1
#endif

static inline void check_u64(const char *name, uint64_t got, uint64_t expected) {
    g_checks++;
    if (got != expected) {
        g_failures++;
        printf("FAIL %s: got 0x%016llx expected 0x%016llx\n", name,
               (unsigned long long)got, (unsigned long long)expected);
    } else if (CHECK_PRINT_OK) {
        printf("ok %s = 0x%016llx\n", name, (unsigned long long)got);
    }
}

static inline void check_u32(const char *name, uint32_t got, uint32_t expected) {
    g_checks++;
    if (got != expected) {
        g_failures++;
        printf("FAIL %s: got 0x%08x expected 0x%08x\n", name, got, expected);
    } else if (CHECK_PRINT_OK) {
        printf("ok %s = 0x%08x\n", name, got);
    }
}

static inline void check_i64(const char *name, int64_t got, int64_t expected) {
    g_checks++;
    if (got != expected) {
        g_failures++;
        printf("FAIL %s: got %lld expected %lld\n", name, (long long)got, (long long)expected);
    } else if (CHECK_PRINT_OK) {
        printf("ok %s = %lld\n", name, (long long)got);
    }
}

static inline void check_str(const char *name, const char *got, const char *expected) {
    g_checks++;
    if (strcmp(got, expected) != 0) {
        g_failures++;
        printf("FAIL %s: got \"%s\" expected \"%s\"\n", name, got, expected);
    } else if (CHECK_PRINT_OK) {
        printf("ok %s = \"%s\"\n", name, got);
    }
}

static inline void check_true(const char *name, int cond) {
    g_checks++;
    if (!cond) {
        g_failures++;
        printf("FAIL %s\n", name);
    } else if (CHECK_PRINT_OK) {
        printf("ok %s\n", name);
    }
}

/* Prints the checksum of a sweep and compares it with the expected one (0 = print only). */
static inline void check_sum(const char *name, uint64_t got, uint64_t expected) {
    g_checks++;
    if (expected != 0 && got != expected) {
        g_failures++;
        printf("FAIL %s checksum: got 0x%016llx expected 0x%016llx\n", name,
               (unsigned long long)got, (unsigned long long)expected);
    } else {
        printf("%s checksum 0x%016llx\n", name, (unsigned long long)got);
    }
}

static inline int finish(const char *test) {
    printf("%s: %d checks, %d failures\n", test, g_checks, g_failures);
    return g_failures ? 1 : 0;
}

/* Mixes a value into a running checksum (order sensitive). */
static inline uint64_t mix64(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 29);
}

/* Deterministic pseudo-random numbers (64-bit LCG, high bits mixed). */
static uint64_t g_lcg = 0x853c49e6748fea9bULL;
static inline uint64_t lcg_next(void) {
    g_lcg = g_lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t x = g_lcg;
    x ^= x >> 33;
    return x;
}

#endif
