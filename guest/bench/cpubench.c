/* cpubench: a CPU-bound benchmark for javix, built for RISC-V (run under javix and
 * qemu-riscv64) and natively for the host (bench-native) from the same portable C.
 *
 *   cpubench [SCALE]      SCALE (default 1, may be fractional, e.g. 0.25) multiplies the work
 *
 * Sections: integer hashing (LCG, xorshift, FNV-1a, murmur-style mixing), sorting (qsort of
 * 200k ints and an own top-down merge sort), CRC-32 (table-driven and bitwise, which must
 * agree), and floating point (Mandelbrot, n-body, dense double matrix multiply). Each section
 * prints a deterministic checksum on stdout, so the program doubles as a correctness check:
 * for a given SCALE the output is identical under javix, qemu-riscv64 and natively (FP
 * contraction into fused multiply-adds is turned off so x86 and RISC-V round alike). With the
 * environment variable CPUBENCH_VERBOSE set, per-section wall times go to stderr. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif

static double scale = 1.0;
static int verbose;

static long scaled(long n) {
    long v = (long)(n * scale);
    return v < 1 ? 1 : v;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void report(const char *section, uint64_t checksum, double t0) {
    printf("%-10s checksum %016llx\n", section, (unsigned long long)checksum);
    fflush(stdout);
    if (verbose) fprintf(stderr, "%-10s %.3f s\n", section, now() - t0);
}

/* ---- integer hashing ---------------------------------------------------------------- */

static uint64_t hashing(long rounds) {
    uint64_t lcg = 12345, xs = 0x9e3779b97f4a7c15ULL, acc = 0;
    uint32_t fnv = 2166136261u;
    for (long i = 0; i < rounds; i++) {
        lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
        xs ^= xs << 13;
        xs ^= xs >> 7;
        xs ^= xs << 17;
        uint64_t k = lcg ^ xs;
        for (int b = 0; b < 8; b++) {
            fnv ^= (uint8_t)(k >> (b * 8));
            fnv *= 16777619u;
        }
        k *= 0xff51afd7ed558ccdULL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53ULL;
        k ^= k >> 33;
        acc += k ^ fnv;
        acc = (acc << 7) | (acc >> 57);
        if ((k & 7) == 3) acc ^= (uint64_t)(i / (long)((k >> 40) | 1));
    }
    return acc ^ ((uint64_t)fnv << 32);
}

/* ---- sorting ------------------------------------------------------------------------ */

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void merge_sort(int *a, int *tmp, long n) {
    if (n < 16) {
        for (long i = 1; i < n; i++) {
            int v = a[i];
            long j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
        return;
    }
    long mid = n / 2;
    merge_sort(a, tmp, mid);
    merge_sort(a + mid, tmp, n - mid);
    long i = 0, j = mid, k = 0;
    while (i < mid && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof *a);
}

static uint64_t sorting(long n, int reps) {
    int *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
    int *tmp = malloc((size_t)n * sizeof *tmp);
    uint64_t sum = 0, seed = 42;
    for (int r = 0; r < reps; r++) {
        for (long i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            a[i] = b[i] = (int)(seed >> 33) - (1 << 30);
        }
        qsort(a, (size_t)n, sizeof *a, cmp_int);
        merge_sort(b, tmp, n);
        for (long i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                printf("sort mismatch at %ld\n", i);
                exit(1);
            }
            sum = sum * 31 + (uint32_t)a[i];
        }
    }
    free(a);
    free(b);
    free(tmp);
    return sum;
}

/* ---- CRC-32 ------------------------------------------------------------------------- */

static uint32_t crc_table[256];

static void crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc_tab(const uint8_t *p, size_t n) {
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static uint32_t crc_bit(const uint8_t *p, size_t n) {
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return c ^ 0xffffffffu;
}

static uint64_t crc(long size, int reps) {
    crc_init();
    if (crc_tab((const uint8_t *)"123456789", 9) != 0xcbf43926u) {
        printf("crc32 check value mismatch\n");
        exit(1);
    }
    uint8_t *buf = malloc((size_t)size);
    uint32_t x = 1;
    for (long i = 0; i < size; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    uint64_t sum = 0;
    for (int r = 0; r < reps; r++) {
        buf[r % size] ^= 0x5a;
        uint32_t t = crc_tab(buf, (size_t)size);
        sum = sum * 1000003 + t;
    }
    long bits = size;
    uint32_t t = crc_tab(buf, (size_t)bits), b = crc_bit(buf, (size_t)bits);
    if (t != b) {
        printf("crc32 table/bitwise mismatch: %08x %08x\n", t, b);
        exit(1);
    }
    free(buf);
    return sum ^ ((uint64_t)b << 32);
}

/* ---- floating point ----------------------------------------------------------------- */

static uint64_t mandelbrot(int w, int h, int maxit) {
    uint64_t sum = 0;
    for (int y = 0; y < h; y++) {
        double ci = -1.25 + 2.5 * y / h;
        for (int x = 0; x < w; x++) {
            double cr = -2.0 + 2.75 * x / w, zr = 0, zi = 0, zr2 = 0, zi2 = 0;
            int it = 0;
            while (it < maxit && zr2 + zi2 <= 4.0) {
                zi = 2 * zr * zi + ci;
                zr = zr2 - zi2 + cr;
                zr2 = zr * zr;
                zi2 = zi * zi;
                it++;
            }
            sum = sum * 33 + (uint64_t)it;
        }
    }
    return sum;
}

struct body { double x, y, z, vx, vy, vz, m; };

static uint64_t nbody(long steps) {
    const double pi = 3.141592653589793, days = 365.24, sm = 4 * pi * pi;
    struct body b[5] = {
        {0, 0, 0, 0, 0, 0, sm},
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * days, 7.69901118419740425e-03 * days, -6.90460016972063023e-05 * days,
         9.54791938424326609e-04 * sm},
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * days, 4.99852801234917238e-03 * days, 2.30417297573763929e-05 * days,
         2.85885980666130812e-04 * sm},
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * days, 2.37847173959480950e-03 * days, -2.96589568540237556e-05 * days,
         4.36624404335156298e-05 * sm},
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * days, 1.62824170038242295e-03 * days, -9.51592254519715870e-05 * days,
         5.15138902046611451e-05 * sm},
    };
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < 5; i++) px += b[i].vx * b[i].m, py += b[i].vy * b[i].m, pz += b[i].vz * b[i].m;
    b[0].vx = -px / sm, b[0].vy = -py / sm, b[0].vz = -pz / sm;
    const double dt = 0.01;
    for (long s = 0; s < steps; s++) {
        for (int i = 0; i < 5; i++)
            for (int j = i + 1; j < 5; j++) {
                double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * sqrt(d2));
                b[i].vx -= dx * b[j].m * mag, b[i].vy -= dy * b[j].m * mag, b[i].vz -= dz * b[j].m * mag;
                b[j].vx += dx * b[i].m * mag, b[j].vy += dy * b[i].m * mag, b[j].vz += dz * b[i].m * mag;
            }
        for (int i = 0; i < 5; i++) b[i].x += dt * b[i].vx, b[i].y += dt * b[i].vy, b[i].z += dt * b[i].vz;
    }
    double e = 0;
    for (int i = 0; i < 5; i++) {
        e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < 5; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    printf("nbody energy after %ld steps: %.9f\n", steps, e);
    uint64_t bits;
    memcpy(&bits, &e, sizeof bits);
    return bits;
}

static uint64_t matmul(int n, int reps) {
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n);
    double *c = malloc(sizeof(double) * n * n);
    for (int i = 0; i < n * n; i++) {
        a[i] = (double)((i * 7) % 13) / 13.0 - 0.5;
        b[i] = (double)((i * 11) % 17) / 17.0 - 0.25;
    }
    uint64_t sum = 0;
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) c[i * n + j] = 0;
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
            }
        }
        double tr = 0;
        for (int i = 0; i < n; i++) tr += c[i * n + i];
        uint64_t bits;
        memcpy(&bits, &tr, sizeof bits);
        sum = sum * 31 + bits;
        a[r % (n * n)] += 1.0 / 1024; /* make every repetition different */
    }
    free(a);
    free(b);
    free(c);
    return sum;
}

int main(int argc, char **argv) {
    if (argc > 1) {
        scale = atof(argv[1]);
        if (!(scale > 0)) {
            fprintf(stderr, "usage: %s [SCALE > 0]\n", argv[0]);
            return 2;
        }
    }
    verbose = getenv("CPUBENCH_VERBOSE") != NULL;
    printf("cpubench scale %g\n", scale);
    double start = now(), t0;

    t0 = now();
    report("hashing", hashing(scaled(25000000)), t0);
    t0 = now();
    report("sorting", sorting(200000, (int)scaled(4)), t0);
    t0 = now();
    report("crc32", crc(1 << 20, (int)scaled(100)), t0);
    t0 = now();
    report("mandelbrot", mandelbrot(480, (int)scaled(320), 256), t0);
    t0 = now();
    report("nbody", nbody(scaled(250000)), t0);
    t0 = now();
    report("matmul", matmul(150, (int)scaled(12)), t0);
    if (verbose) fprintf(stderr, "total      %.3f s\n", now() - start);
    return 0;
}
