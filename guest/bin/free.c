/* free: display the amount of free and used memory, from /proc/meminfo, like procps-ng free.
 *   free [-b|-k|-m|-g|-h] [--si] [-t] [-w]
 *   Columns total, used (total - available, as procps-ng 4), free, shared, buff/cache and
 *   available, in KiB by default; -b bytes, -m MiB, -g GiB, -h a unit per number; --si
 *   powers of 1000; -t adds a Total line (Mem + Swap); -w shows buffers and cache apart.
 * Exit status 1 if /proc/meminfo cannot be read. */
#include "tools.h"

static int shift = 10; /* bytes per unit as a power of two (10 = KiB) */
static int human, si, wide, totals;

static void cell(unsigned long long kb) {
    char buf[32];
    unsigned long long bytes = kb * 1024;
    if (human) {
        const char *units = "BKMGTP";
        double v = (double)bytes, base = si ? 1000 : 1024;
        int u = 0;
        while (v >= base && u < 5) {
            v /= base;
            u++;
        }
        if (u == 0) snprintf(buf, sizeof buf, "%lluB", bytes);
        else if (v < 10) snprintf(buf, sizeof buf, "%.1f%c%s", v, units[u], si ? "" : "i");
        else snprintf(buf, sizeof buf, "%ld%c%s", (long)v, units[u], si ? "" : "i"); /* truncated, as procps */
    } else if (si) {
        unsigned long long div = 1;
        for (int k = 0; k < shift / 10; k++) div *= 1000;
        snprintf(buf, sizeof buf, "%llu", bytes / div);
    } else {
        snprintf(buf, sizeof buf, "%llu", bytes >> shift);
    }
    printf("%12s", buf);
}

int main(int argc, char **argv) {
    tool_init("free");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help")) {
            puts("\nUsage:\n free [options]\n\nOptions:\n"
                 " -b, --bytes         show output in bytes\n"
                 " -k, --kibi          show output in kibibytes\n"
                 " -m, --mebi          show output in mebibytes\n"
                 " -g, --gibi          show output in gibibytes\n"
                 " -h, --human         show human-readable output\n"
                 "     --si            use powers of 1000 not 1024\n"
                 " -w, --wide          wide output\n"
                 " -t, --total         show total for RAM + swap\n"
                 "     --help     display this help and exit");
            return 0;
        }
        if (!strcmp(a, "--si")) { si = 1; continue; }
        if (!strcmp(a, "--bytes")) { shift = 0; continue; }
        if (!strcmp(a, "--kibi")) { shift = 10; continue; }
        if (!strcmp(a, "--mebi")) { shift = 20; continue; }
        if (!strcmp(a, "--gibi")) { shift = 30; continue; }
        if (!strcmp(a, "--human")) { human = 1; continue; }
        if (!strcmp(a, "--wide")) { wide = 1; continue; }
        if (!strcmp(a, "--total")) { totals = 1; continue; }
        if (a[0] != '-' || a[1] == '-') {
            fprintf(stderr, "free: unrecognized option '%s'\n", a);
            fputs("\nUsage:\n free [options]\n", stderr);
            return 1;
        }
        for (a++; *a; a++) {
            switch (*a) {
            case 'b': shift = 0; break;
            case 'k': shift = 10; break;
            case 'm': shift = 20; break;
            case 'g': shift = 30; break;
            case 'h': human = 1; break;
            case 'w': wide = 1; break;
            case 't': totals = 1; break;
            default:
                fprintf(stderr, "free: invalid option -- '%c'\n", *a);
                fputs("\nUsage:\n free [options]\n", stderr);
                return 1;
            }
        }
    }
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f) {
        warn_("cannot read /proc/meminfo");
        return 1;
    }
    unsigned long long total = 0, mfree = 0, avail = 0, buffers = 0, cached = 0, sreclaim = 0, shmem = 0,
        swap_total = 0, swap_free = 0;
    int have_avail = 0;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char key[64];
        unsigned long long v;
        if (sscanf(line, "%63[^:]: %llu", key, &v) != 2) continue;
        if (!strcmp(key, "MemTotal")) total = v;
        else if (!strcmp(key, "MemFree")) mfree = v;
        else if (!strcmp(key, "MemAvailable")) { avail = v; have_avail = 1; }
        else if (!strcmp(key, "Buffers")) buffers = v;
        else if (!strcmp(key, "Cached")) cached = v;
        else if (!strcmp(key, "SReclaimable")) sreclaim = v;
        else if (!strcmp(key, "Shmem")) shmem = v;
        else if (!strcmp(key, "SwapTotal")) swap_total = v;
        else if (!strcmp(key, "SwapFree")) swap_free = v;
    }
    fclose(f);
    unsigned long long cache = cached + sreclaim;
    if (!have_avail) avail = mfree;
    unsigned long long used = total > avail ? total - avail : 0;
    if (wide) printf("               total        used        free      shared     buffers       cache   available\n");
    else printf("               total        used        free      shared  buff/cache   available\n");
    printf("%-8s", "Mem:");
    cell(total), cell(used), cell(mfree), cell(shmem);
    if (wide) cell(buffers), cell(cache);
    else cell(buffers + cache);
    cell(avail);
    printf("\n%-8s", "Swap:");
    cell(swap_total), cell(swap_total - swap_free), cell(swap_free);
    putchar('\n');
    if (totals) {
        printf("%-8s", "Total:");
        cell(total + swap_total), cell(used + swap_total - swap_free), cell(mfree + swap_free);
        putchar('\n');
    }
    return close_stdout(0);
}
