/* ipcs: show System V IPC objects (message queues, shared memory, semaphores), like util-linux
 * ipcs, from /proc/sysvipc/{msg,shm,sem}.
 *   ipcs [-q] [-m] [-s] [-a]      no option or -a: all three tables (queues, memory, semaphores)
 * Without /proc/sysvipc the table headers are still printed, and a note goes to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char USAGE[] =
    "Usage:\n"
    " ipcs [options]\n"
    "\n"
    "Show information on IPC facilities.\n"
    "\n"
    "Options:\n"
    " -q, --queues      message queues\n"
    " -m, --shmems      shared memory segments\n"
    " -s, --semaphores  semaphores\n"
    " -a, --all         all (default)\n"
    " -h, --help        display this help\n";

/* The user name of uid from /etc/passwd (no NSS: this is a static program), else the number. */
static const char *owner(unsigned long uid, char *buf, size_t n) {
    snprintf(buf, n, "%lu", uid);
    FILE *f = fopen("/etc/passwd", "r");
    if (!f) return buf;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *name = strtok(line, ":");
        strtok(NULL, ":"); /* password */
        char *id = strtok(NULL, ":");
        if (name && id && strtoul(id, NULL, 10) == uid) {
            snprintf(buf, n, "%s", name);
            break;
        }
    }
    fclose(f);
    return buf;
}

/* Opens /proc/sysvipc/WHAT and skips its header line; NULL (with a note) if it cannot. */
static FILE *open_table(const char *what) {
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/sysvipc/%s", what);
    FILE *f = fopen(path, "r");
    if (!f) {
        static int noted; /* one note is enough, even for three tables */
        if (!noted++)
            fprintf(stderr, "ipcs: cannot open %s: %m (is /proc mounted, does the kernel have System V IPC?)\n",
                    path);
        return NULL;
    }
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return NULL;
    }
    return f;
}

static void show_msg(void) {
    printf("\n------ Message Queues --------\n");
    printf("%-10s %-10s %-10s %-10s %-12s %-12s\n", "key", "msqid", "owner", "perms", "used-bytes",
           "messages");
    FILE *f = open_table("msg");
    if (!f) return;
    char line[512], name[64];
    int key, id;
    unsigned perms;
    unsigned long cbytes, qnum, lspid, lrpid, uid;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%d %d %o %lu %lu %lu %lu %lu", &key, &id, &perms, &cbytes, &qnum, &lspid,
                   &lrpid, &uid) == 8)
            printf("0x%08x %-10d %-10s %-10o %-12lu %-12lu\n", (unsigned)key, id,
                   owner(uid, name, sizeof name), perms & 0777, cbytes, qnum);
    fclose(f);
}

static void show_shm(void) {
    printf("\n------ Shared Memory Segments --------\n");
    printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key", "shmid", "owner", "perms", "bytes",
           "nattch", "status");
    FILE *f = open_table("shm");
    if (!f) return;
    char line[512], name[64];
    int key, id;
    unsigned perms;
    unsigned long size, cpid, lpid, nattch, uid;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%d %d %o %lu %lu %lu %lu %lu", &key, &id, &perms, &size, &cpid, &lpid,
                   &nattch, &uid) == 8)
            /* the mode also carries SHM_DEST (01000: removed, freed at the last detach) and
               SHM_LOCKED (02000: locked in memory) */
            printf("0x%08x %-10d %-10s %-10o %-10lu %-10lu %-6s %-6s\n", (unsigned)key, id,
                   owner(uid, name, sizeof name), perms & 0777, size, nattch,
                   perms & 01000 ? "dest" : " ", perms & 02000 ? "locked" : " ");
    fclose(f);
}

static void show_sem(void) {
    printf("\n------ Semaphore Arrays --------\n");
    printf("%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner", "perms", "nsems");
    FILE *f = open_table("sem");
    if (!f) return;
    char line[512], name[64];
    int key, id;
    unsigned perms;
    unsigned long nsems, uid;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%d %d %o %lu %lu", &key, &id, &perms, &nsems, &uid) == 5)
            printf("0x%08x %-10d %-10s %-10o %-10lu\n", (unsigned)key, id, owner(uid, name, sizeof name),
                   perms & 0777, nsems);
    fclose(f);
}

int main(int argc, char **argv) {
    int q = 0, m = 0, s = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--queues")) q = 1;
        else if (!strcmp(a, "--shmems")) m = 1;
        else if (!strcmp(a, "--semaphores")) s = 1;
        else if (!strcmp(a, "--all")) q = m = s = 1;
        else if (!strcmp(a, "--help")) {
            fputs(USAGE, stdout);
            return 0;
        } else if (a[0] == '-' && a[1] && a[1] != '-') {
            for (const char *c = a + 1; *c; c++) switch (*c) {
                case 'q': q = 1; break;
                case 'm': m = 1; break;
                case 's': s = 1; break;
                case 'a': q = m = s = 1; break;
                case 'h': fputs(USAGE, stdout); return 0;
                default:
                    fprintf(stderr, "ipcs: invalid option -- '%c'\nTry 'ipcs --help' for more information.\n", *c);
                    return 1;
                }
        } else {
            fprintf(stderr, "ipcs: unrecognized option '%s'\nTry 'ipcs --help' for more information.\n", a);
            return 1;
        }
    }
    if (!q && !m && !s) q = m = s = 1;
    if (q) show_msg();
    if (m) show_shm();
    if (s) show_sem();
    printf("\n");
    return 0;
}
