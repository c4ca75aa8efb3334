/* System V shared memory: shmget keys, sizes and flags, shmat placement (NULL, an address,
 * SHM_RND, SHM_REMAP), SHM_RDONLY, shared pages between attachments and across fork, nattch
 * through fork, shmdt, exec and exit, IPC_STAT fields, IPC_RMID deferred to the last detach,
 * permissions, IPC_INFO/SHM_INFO, and the /proc/self/maps name. */
#include "sysv_ipc.h"
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>

static struct shmid_ds st(int id) {
    struct shmid_ds ds;
    memset(&ds, 0, sizeof ds);
    if (shmctl(id, IPC_STAT, &ds) != 0) ds.shm_segsz = (size_t)-1;
    return ds;
}

/* Whether /proc/self/maps has a line for addr naming a SysV segment. */
static int maps_shows_sysv(void *addr) {
    char want[32], line[512];
    snprintf(want, sizeof want, "%lx-", (unsigned long)addr);
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return 0;
    int found = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, want, strlen(want)) == 0 && strstr(line, "/SYSV") && strstr(line, "(deleted)")) found = 1;
    }
    fclose(f);
    return found;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "nattch") == 0) {
        /* re-executed child: the exec dropped its attachment */
        struct shmid_ds ds = st(atoi(argv[2]));
        return (int)ds.shm_nattch;
    }
    key_t key = test_key(0x53);

    /* keys, sizes */
    check_errno("missing key", shmget(key, 4096, 0600), ENOENT);
    check_errno("size 0", shmget(key, 0, IPC_CREAT | 0600), EINVAL);
    int id = shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600);
    check_i64("create", id >= 0, 1);
    check_i64("same key", shmget(key, 5000, 0600) == id, 1);
    check_errno("bigger than the segment", shmget(key, 10001, 0600), EINVAL);
    check_errno("IPC_EXCL", shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
    check_errno("bad id", shmat(-1, NULL, 0) == (void *)-1 ? -1 : 0, EINVAL);

    struct shmid_ds ds = st(id);
    check_i64("segsz", ds.shm_segsz, 10000);
    check_i64("nattch 0", ds.shm_nattch, 0);
    check_i64("cpid", ds.shm_cpid == getpid(), 1);
    check_i64("atime 0", ds.shm_atime, 0);
    check_i64("ctime set", ds.shm_ctime != 0, 1);
    check_i64("mode", ds.shm_perm.mode, 0600);
    check_i64("key", ds.shm_perm.__key == key, 1);
    check_i64("uid", ds.shm_perm.uid == geteuid() && ds.shm_perm.cgid == getegid(), 1);

    /* two attachments share pages */
    char *a = shmat(id, NULL, 0);
    char *b = shmat(id, NULL, 0);
    check_i64("attach", a != (void *)-1 && b != (void *)-1 && a != b, 1);
    check_i64("page aligned", ((unsigned long)a & 4095) == 0, 1);
    check_i64("zero filled", a[0] == 0 && a[9999] == 0, 1);
    strcpy(a, "shared");
    a[9000] = 'z';
    check_str("seen through the other", b, "shared");
    check_i64("far byte", b[9000], 'z');
    ds = st(id);
    check_i64("nattch 2", ds.shm_nattch, 2);
    check_i64("atime set", ds.shm_atime != 0, 1);
    check_i64("lpid", ds.shm_lpid == getpid(), 1);
    check_i64("dtime 0", ds.shm_dtime, 0);
    check_i64("maps name", maps_shows_sysv(a), 1);
    char header[1024], line[1024];
    check_i64("/proc/sysvipc/shm", sysvipc_line("shm", key, header, line), 1);
    check_str("its header", header, "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap");
    int pkey = 0, pid_ = 0, cpid = 0, lpid = 0, nattch = 0;
    unsigned perms = 0;
    unsigned long size = 0;
    sscanf(line, "%d %d %o %lu %d %d %d", &pkey, &pid_, &perms, &size, &cpid, &lpid, &nattch);
    check_i64("its line: id, perms, size, cpid, nattch", pid_ == id && perms == 0600 && size == 10000 && cpid == getpid() && nattch == 2, 1);

    /* shmdt */
    check_errno("shmdt unaligned", shmdt(a + 1), EINVAL);
    check_errno("shmdt not a start", shmdt(a + 4096), EINVAL);
    check_errno("shmdt nothing", shmdt((void *)4096), EINVAL);
    check_i64("shmdt", shmdt(b), 0);
    ds = st(id);
    check_i64("nattch 1", ds.shm_nattch, 1);
    check_i64("dtime set", ds.shm_dtime != 0, 1);

    /* placement: a chosen address, SHM_RND, overlap, SHM_REMAP */
    char *hole = mmap(NULL, 8 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, 8 * 4096);
    char *c = shmat(id, hole, 0);
    check_i64("at an address", c == hole, 1);
    check_str("same bytes there", c, "shared");
    check_errno("unaligned", shmat(id, hole + 4 * 4096 + 5, 0) == (void *)-1 ? -1 : 0, EINVAL);
    check_errno("overlap", shmat(id, hole, 0) == (void *)-1 ? -1 : 0, EINVAL);
    check_i64("SHM_REMAP over it", shmat(id, hole, SHM_REMAP) == hole, 1);
    ds = st(id);
    check_i64("remap replaced an attachment", ds.shm_nattch, 2);
    shmdt(hole);
    char *r = shmat(id, hole + 5, SHM_RND);
    check_i64("SHM_RND rounds down", r == hole, 1);
    shmdt(r);
    /* Not checked: SHM_REMAP with a NULL address is EINVAL on Linux, but qemu-riscv64 picks the
     * address itself and passes SHM_REMAP on, so it succeeds there. */

    /* SHM_RDONLY */
    char *ro = shmat(id, NULL, SHM_RDONLY);
    check_str("read-only attachment reads", ro, "shared");
    pid_t pid = xfork();
    if (pid == 0) {
        ro[0] = 'x';
        _exit(0);
    }
    check_str("write to it faults", status_str(wait_for(pid, 0)), "killed by SIGSEGV");
    shmdt(ro);

    /* fork inherits attachments; exit drops them */
    int pfd[2];
    pipe(pfd);
    pid = xfork();
    if (pid == 0) {
        report_int(pfd[1], (int)st(id).shm_nattch);
        strcpy(a, "from child");
        _exit(0);
    }
    check_i64("child's nattch", read_int(pfd[0]), 2);
    wait_for(pid, 0);
    check_str("child's write seen", a, "from child");
    check_i64("nattch after child exit", st(id).shm_nattch, 1);

    /* exec drops them too (Exec's hook), but qemu-riscv64 cannot re-execute a guest program
     * without binfmt_misc, so that is checked by running this program with "exec" under javix. */
    if (argc == 2 && strcmp(argv[1], "exec") == 0) {
        pid = xfork();
        if (pid == 0) {
            char num[16];
            snprintf(num, sizeof num, "%d", id);
            execl("/proc/self/exe", "sysv_shm", "nattch", num, (char *)NULL);
            _exit(100);
        }
        check_str("nattch seen after exec", status_str(wait_for(pid, 0)), "exited 1");
    }

    /* permissions: 0404 lets others read, not write */
    key_t key2 = test_key(0x54);
    int id2 = shmget(key2, 4096, IPC_CREAT | IPC_EXCL | 0404);
    pid = xfork();
    if (pid == 0) {
        drop_root();
        int ok1 = shmget(key2, 4096, 0400) == id2;
        int ok2 = shmget(key2, 4096, 0600) < 0 && errno == EACCES;
        int ok3 = shmat(id2, NULL, 0) == (void *)-1 && errno == EACCES;
        void *p = shmat(id2, NULL, SHM_RDONLY);
        int ok4 = p != (void *)-1;
        int ok5 = shmctl(id2, IPC_RMID, NULL) < 0 && errno == EPERM;
        _exit(ok1 + 2 * ok2 + 4 * ok3 + 8 * ok4 + 16 * (ok5 || getuid() != 65534));
    }
    check_str("permissions", status_str(wait_for(pid, 0)), "exited 31");
    shmctl(id2, IPC_RMID, NULL);

    /* IPC_RMID while attached: key freed at once, segment lives until the last detach */
    check_i64("IPC_RMID attached", shmctl(id, IPC_RMID, NULL), 0);
    ds = st(id);
    check_i64("SHM_DEST", (ds.shm_perm.mode & SHM_DEST) != 0, 1);
    check_i64("key now private", ds.shm_perm.__key, 0);
    check_errno("key lookup fails", shmget(key, 4096, 0600), ENOENT);
    check_str("still usable", a, "from child");
    int id3 = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
    check_i64("key reusable", id3 >= 0 && id3 != id, 1);
    shmctl(id3, IPC_RMID, NULL);
    check_i64("last shmdt", shmdt(a), 0);
    check_errno("gone after last detach", shmctl(id, IPC_STAT, &ds), EINVAL);

    /* limits */
    struct shminfo si;
    check_i64("IPC_INFO", shmctl(0, IPC_INFO, (struct shmid_ds *)&si) >= 0, 1);
    check_i64("shmmni", si.shmmni, 4096);
    check_i64("shmmin", si.shmmin, 1);
    check_u64("shmmax", si.shmmax, 0xfffffffffeffffffULL);
    check_errno("past SHMMAX", shmget(IPC_PRIVATE, 0xffffffffff000000ULL, 0600), EINVAL);
    check_errno("bad cmd", shmctl(id, 99, &ds), EINVAL);

    printf("sysv_shm: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures != 0;
}
