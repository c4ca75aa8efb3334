/* ipcrm: remove System V IPC objects, like util-linux ipcrm.
 *   ipcrm -q ID | -m ID | -s ID     remove the message queue / shared memory segment / semaphore
 *                                   set with that identifier
 *   ipcrm -Q KEY | -M KEY | -S KEY  the same, found by key (hex 0x... or decimal)
 *   ipcrm -a                        remove every object the caller may remove
 * Errors go to stderr as util-linux words them ("ipcrm: invalid id (123)"); the exit status is 1
 * if anything failed, else 0. A removed shared memory segment lives on until its last detach. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

static const char USAGE[] =
    "Usage:\n"
    " ipcrm [options]\n"
    "\n"
    "Remove certain IPC resources.\n"
    "\n"
    "Options:\n"
    " -m, --shmem-id <id>        remove shared memory segment by id\n"
    " -M, --shmem-key <key>      remove shared memory segment by key\n"
    " -q, --queue-id <id>        remove message queue by id\n"
    " -Q, --queue-key <key>      remove message queue by key\n"
    " -s, --semaphore-id <id>    remove semaphore by id\n"
    " -S, --semaphore-key <key>  remove semaphore by key\n"
    " -a, --all                  remove all\n"
    " -h, --help                 display this help\n";

enum type { MSG, SHM, SEM };

static void usage_error(void) {
    fputs("Try 'ipcrm --help' for more information.\n", stderr);
    exit(1);
}

/* IPC_RMID on one object; 0 if removed, else prints why and returns 1. */
static int remove_id(enum type t, int id, const char *key_text) {
    int r = t == MSG ? msgctl(id, IPC_RMID, NULL) : t == SHM ? shmctl(id, IPC_RMID, NULL) : semctl(id, 0, IPC_RMID);
    if (r == 0) return 0;
    const char *what;
    switch (errno) {
    case EACCES:
    case EPERM: what = "permission denied for"; break;
    case EINVAL: what = "invalid"; break;
    case EIDRM: what = "already removed"; break;
    default:
        fprintf(stderr, "ipcrm: %s failed: %s\n", key_text ? "key" : "id", strerror(errno));
        exit(1);
    }
    if (key_text) fprintf(stderr, "ipcrm: %s key (%s)\n", what, key_text);
    else fprintf(stderr, "ipcrm: %s id (%d)\n", what, id);
    return 1;
}

static int parse_int(const char *s, int base, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, base);
    if (errno || end == s || *end || v < -2147483648L || v > 4294967295L) return -1;
    *out = v;
    return 0;
}

static int remove_by_key(enum type t, const char *s) {
    long k;
    if (parse_int(s, 0, &k)) { /* base 0: 0x1234 is hex, 1234 decimal */
        fprintf(stderr, "ipcrm: failed to parse argument: '%s'\n", s);
        exit(1);
    }
    key_t key = (key_t)k;
    if (key == IPC_PRIVATE) {
        fprintf(stderr, "ipcrm: illegal key (%s)\n", s);
        return 1;
    }
    int id = t == MSG ? msgget(key, 0) : t == SHM ? shmget(key, 0, 0) : semget(key, 0, 0);
    if (id < 0) {
        const char *what;
        switch (errno) {
        case EACCES: what = "permission denied for"; break;
        case EIDRM: what = "already removed"; break;
        case ENOENT: what = "invalid"; break;
        default:
            fprintf(stderr, "ipcrm: key failed: %s\n", strerror(errno));
            exit(1);
        }
        fprintf(stderr, "ipcrm: %s key (%s)\n", what, s);
        return 1;
    }
    return remove_id(t, id, s);
}

/* -a: every id listed in /proc/sysvipc/{msg,shm,sem} (the second column). */
static int remove_all(void) {
    static const char *names[] = {"msg", "shm", "sem"};
    int failed = 0;
    for (int t = MSG; t <= SEM; t++) {
        char path[64], line[512];
        snprintf(path, sizeof path, "/proc/sysvipc/%s", names[t]);
        FILE *f = fopen(path, "r");
        if (!f) {
            fprintf(stderr, "ipcrm: cannot open %s: %s\n", path, strerror(errno));
            failed = 1;
            continue;
        }
        int key, id;
        if (fgets(line, sizeof line, f)) /* header */
            while (fgets(line, sizeof line, f))
                if (sscanf(line, "%d %d", &key, &id) == 2) failed |= remove_id(t, id, NULL);
        fclose(f);
    }
    return failed;
}

int main(int argc, char **argv) {
    static const struct { const char *longopt; char opt; } longs[] = {
        {"--shmem-id", 'm'}, {"--shmem-key", 'M'}, {"--queue-id", 'q'}, {"--queue-key", 'Q'},
        {"--semaphore-id", 's'}, {"--semaphore-key", 'S'}, {"--all", 'a'}, {"--help", 'h'}};
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char opt = 0;
        const char *arg = NULL;
        if (a[0] == '-' && a[1] == '-') {
            for (size_t j = 0; j < sizeof longs / sizeof longs[0]; j++)
                if (!strcmp(a, longs[j].longopt)) opt = longs[j].opt;
            if (!opt) {
                fprintf(stderr, "ipcrm: unrecognized option '%s'\n", a);
                usage_error();
            }
        } else if (a[0] == '-' && a[1] && !a[2]) {
            opt = a[1];
        } else if (a[0] == '-' && a[1]) {
            opt = a[1];
            arg = a + 2; /* -q123 */
        } else {
            fprintf(stderr, "ipcrm: unknown argument: %s\n", a);
            usage_error();
        }
        if (opt == 'h') {
            fputs(USAGE, stdout);
            return 0;
        }
        if (opt == 'a') {
            failed |= remove_all();
            continue;
        }
        if (!strchr("mMqQsS", opt)) {
            fprintf(stderr, "ipcrm: invalid option -- '%c'\n", opt);
            usage_error();
        }
        if (!arg) {
            if (++i >= argc) {
                fprintf(stderr, "ipcrm: option requires an argument -- '%c'\n", opt);
                usage_error();
            }
            arg = argv[i];
        }
        enum type t = (opt == 'q' || opt == 'Q') ? MSG : (opt == 'm' || opt == 'M') ? SHM : SEM;
        if (opt >= 'a') { /* lower case: an id */
            long id;
            if (parse_int(arg, 10, &id) || id < 0 || id > 2147483647L) {
                fprintf(stderr, "ipcrm: failed to parse argument: '%s'\n", arg);
                return 1;
            }
            failed |= remove_id(t, (int)id, NULL);
        } else {
            failed |= remove_by_key(t, arg);
        }
    }
    /* like util-linux 2.38: no option at all is not an error */
    return failed;
}
