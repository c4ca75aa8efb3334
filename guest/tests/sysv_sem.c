/* System V semaphores: semget keys and limits, semctl GETVAL/SETVAL/GETALL/SETALL/GETPID/
 * GETNCNT/GETZCNT/IPC_STAT/IPC_SET/IPC_RMID/IPC_INFO, semop atomicity (all or nothing),
 * IPC_NOWAIT, wait-for-zero, ERANGE, SEM_UNDO at exit (clamped, cleared by SETVAL), blocking
 * across fork, semtimedop's timeout, EINTR and EIDRM. Children block; the parent learns that
 * through GETNCNT/GETZCNT, never by sleeping. */
#include "sysv_ipc.h"
#include <sys/ipc.h>
#include <sys/sem.h>

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *__buf;
};

static int op(int id, int num, int delta, int flags) {
    struct sembuf b = {(unsigned short)num, (short)delta, (short)flags};
    return semop(id, &b, 1);
}

static int val(int id, int num) {
    return semctl(id, num, GETVAL);
}

static int setval(int id, int num, int v) {
    union semun u;
    u.val = v;
    return semctl(id, num, SETVAL, u);
}

/* Waits until `want` tasks wait on semaphore num (cmd GETNCNT or GETZCNT); 1 if they do. */
static int await_count(int id, int num, int cmd, int want) {
    for (int i = 0; i < 5000000; i++) {
        if (semctl(id, num, cmd) == want) return 1;
        sched_yield();
    }
    return 0;
}

static void on_usr1(int sig) {
    (void)sig;
}

int main(void) {
    key_t key = test_key(0x73);

    /* keys and sizes */
    check_errno("missing key", semget(key, 1, 0600), ENOENT);
    check_errno("nsems 0", semget(key, 0, IPC_CREAT | 0600), EINVAL);
    check_errno("nsems past SEMMSL", semget(key, 32001, IPC_CREAT | 0600), EINVAL);
    check_errno("nsems negative", semget(key, -1, IPC_CREAT | 0600), EINVAL);
    int id = semget(key, 3, IPC_CREAT | IPC_EXCL | 0600);
    check_i64("create", id >= 0, 1);
    check_i64("same key", semget(key, 0, 0) == id && semget(key, 3, 0600) == id, 1);
    check_errno("more than the set has", semget(key, 4, 0600), EINVAL);
    check_errno("IPC_EXCL", semget(key, 3, IPC_CREAT | IPC_EXCL | 0600), EEXIST);

    /* values */
    check_i64("initial 0", val(id, 0) | val(id, 1) | val(id, 2), 0);
    check_i64("SETVAL", setval(id, 0, 5), 0);
    check_i64("GETVAL", val(id, 0), 5);
    check_errno("SETVAL past SEMVMX", setval(id, 0, 32768), ERANGE);
    check_errno("SETVAL negative", setval(id, 0, -1), ERANGE);
    check_i64("SETVAL SEMVMX", setval(id, 1, 32767), 0);
    check_errno("semnum past the set", semctl(id, 3, GETVAL), EINVAL);
    check_errno("bad id", semctl(-1, 0, GETVAL), EINVAL);
    unsigned short all[3] = {1, 2, 3}, got[3] = {9, 9, 9};
    union semun u;
    u.array = all;
    check_i64("SETALL", semctl(id, 0, SETALL, u), 0);
    u.array = got;
    check_i64("GETALL", semctl(id, 0, GETALL, u), 0);
    check_i64("GETALL values", got[0] * 100 + got[1] * 10 + got[2], 123);
    unsigned short bad[3] = {1, 40000, 3};
    u.array = bad;
    check_errno("SETALL past SEMVMX", semctl(id, 0, SETALL, u), ERANGE);
    check_i64("unchanged", val(id, 1), 2);
    check_i64("GETPID after SETALL", semctl(id, 0, GETPID) == getpid(), 1);

    /* semop: arguments */
    struct sembuf many[501];
    memset(many, 0, sizeof many);
    check_errno("nsops 0", semop(id, many, 0), EINVAL);
    check_errno("nsops past SEMOPM", semop(id, many, 501), E2BIG);
    check_errno("sem_num past the set", op(id, 3, 1, 0), EFBIG);
    check_errno("bad sops", semop(id, (struct sembuf *)8, 1), EFAULT);

    /* semop: all or nothing */
    check_i64("decrement", op(id, 0, -1, 0), 0);
    check_i64("value 0", val(id, 0), 0);
    check_errno("would block: EAGAIN", op(id, 0, -1, IPC_NOWAIT), EAGAIN);
    struct sembuf two[2] = {{1, -1, 0}, {0, -1, IPC_NOWAIT}};
    check_errno("second blocks: EAGAIN", semop(id, two, 2), EAGAIN);
    check_i64("first not applied", val(id, 1), 2);
    struct sembuf seq[3] = {{0, 2, 0}, {0, -1, 0}, {0, -1, 0}};
    check_i64("operations apply in order", semop(id, seq, 3), 0);
    check_i64("net zero", val(id, 0), 0);
    struct sembuf over[2] = {{2, 1, 0}, {1, 32767, 0}};
    check_errno("overflow: ERANGE", semop(id, over, 2), ERANGE);
    check_i64("nothing applied", val(id, 2), 3);
    check_errno("wait for zero, not zero", op(id, 2, 0, IPC_NOWAIT), EAGAIN);
    check_i64("wait for zero, zero", op(id, 0, 0, 0), 0);
    check_i64("GETPID after semop", semctl(id, 0, GETPID) == getpid(), 1);

    /* semtimedop */
    struct timespec ts = {0, 20 * 1000 * 1000};
    struct sembuf dec = {0, -1, 0};
    int64_t t0 = mono_ns();
    check_errno("semtimedop times out: EAGAIN", semtimedop(id, &dec, 1, &ts), EAGAIN);
    check_i64("waited the timeout", mono_ns() - t0 >= 20 * 1000 * 1000, 1);
    struct timespec badts = {0, 1000000000};
    check_errno("bad timeout", semtimedop(id, &dec, 1, &badts), EINVAL);
    check_i64("semtimedop without timeout", semtimedop(id, &(struct sembuf){0, 0, 0}, 1, NULL), 0);

    /* a blocked decrement, counted by GETNCNT, woken by an increment */
    pid_t c = xfork();
    if (c == 0) _exit(op(id, 0, -2, 0) == 0 ? 0 : 1);
    check_i64("GETNCNT 1", await_count(id, 0, GETNCNT, 1), 1);
    check_i64("GETZCNT 0", semctl(id, 0, GETZCNT), 0);
    op(id, 0, 1, 0);
    check_i64("one is not enough", val(id, 0), 1);
    op(id, 0, 1, 0);
    check_str("decrementer done", status_str(wait_for(c, 0)), "exited 0");
    check_i64("value after", val(id, 0), 0);
    check_i64("GETNCNT 0", semctl(id, 0, GETNCNT), 0);

    /* GETNCNT counts the operation a task waits for */
    setval(id, 0, 1);
    setval(id, 1, 0);
    c = xfork();
    if (c == 0) {
        struct sembuf both[2] = {{0, -1, 0}, {1, -1, 0}};
        _exit(semop(id, both, 2) == 0 ? 0 : 1);
    }
    check_i64("waits on semaphore 1", await_count(id, 1, GETNCNT, 1), 1);
    check_i64("not on semaphore 0", semctl(id, 0, GETNCNT), 0);
    op(id, 1, 1, 0);
    check_str("both taken at once", status_str(wait_for(c, 0)), "exited 0");
    check_i64("both decremented", val(id, 0) * 10 + val(id, 1), 0);

    /* wait for zero */
    setval(id, 2, 2);
    c = xfork();
    if (c == 0) _exit(op(id, 2, 0, 0) == 0 ? 0 : 1);
    check_i64("GETZCNT 1", await_count(id, 2, GETZCNT, 1), 1);
    op(id, 2, -1, 0);
    check_i64("still waiting at 1", semctl(id, 2, GETZCNT), 1);
    op(id, 2, -1, 0);
    check_str("zero reached", status_str(wait_for(c, 0)), "exited 0");

    /* SEM_UNDO */
    c = xfork();
    if (c == 0) _exit(op(id, 2, 3, SEM_UNDO) == 0 && val(id, 2) == 3 ? 0 : 1);
    check_str("undo child", status_str(wait_for(c, 0)), "exited 0");
    check_i64("undone at exit", val(id, 2), 0);
    setval(id, 2, 5);
    c = xfork();
    if (c == 0) _exit(op(id, 2, -2, SEM_UNDO) == 0 ? 0 : 1);
    wait_for(c, 0);
    check_i64("decrement undone", val(id, 2), 5);
    struct gate g1, g2;
    gate_open(&g1);
    gate_open(&g2);
    setval(id, 2, 0);
    c = xfork();
    if (c == 0) {
        op(id, 2, 2, SEM_UNDO);
        gate_pass(&g1);
        gate_wait(&g2);
        _exit(0);
    }
    gate_wait(&g1);
    op(id, 2, -2, 0);
    gate_pass(&g2);
    wait_for(c, 0);
    check_i64("undo clamped at 0", val(id, 2), 0);
    c = xfork();
    if (c == 0) {
        op(id, 2, 3, SEM_UNDO);
        gate_pass(&g1);
        gate_wait(&g2);
        _exit(0);
    }
    gate_wait(&g1);
    setval(id, 2, 7);
    gate_pass(&g2);
    wait_for(c, 0);
    check_i64("SETVAL cleared the undo", val(id, 2), 7);
    setval(id, 1, 0);
    check_i64("+32767 with undo", op(id, 1, 32767, SEM_UNDO), 0);
    check_i64("-32767 without", op(id, 1, -32767, 0), 0);
    check_errno("adjustment past -32768: ERANGE", op(id, 1, 2, SEM_UNDO), ERANGE);
    setval(id, 1, 0);

    /* a handler interrupts semop with EINTR, even under SA_RESTART */
    int pfd[2];
    pipe(pfd);
    setval(id, 0, 0);
    c = xfork();
    if (c == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGUSR1, &sa, NULL);
        int r = op(id, 0, -1, 0);
        report_int(pfd[1], r < 0 && errno == EINTR);
        _exit(0);
    }
    check_i64("sleeper counted", await_count(id, 0, GETNCNT, 1), 1);
    kill(c, SIGUSR1);
    check_i64("EINTR", read_int(pfd[0]), 1);
    wait_for(c, 0);
    check_i64("no longer counted", semctl(id, 0, GETNCNT), 0);

    /* IPC_STAT, IPC_SET */
    struct semid_ds ds;
    u.buf = &ds;
    check_i64("IPC_STAT", semctl(id, 0, IPC_STAT, u), 0);
    check_i64("nsems", ds.sem_nsems, 3);
    check_i64("mode", ds.sem_perm.mode, 0600);
    check_i64("key", ds.sem_perm.__key == key, 1);
    check_i64("owner", ds.sem_perm.uid == geteuid() && ds.sem_perm.cuid == geteuid(), 1);
    check_i64("otime set", ds.sem_otime != 0, 1);
    check_i64("ctime set", ds.sem_ctime != 0, 1);
    char header[1024], line[1024];
    check_i64("/proc/sysvipc/sem", sysvipc_line("sem", key, header, line), 1);
    check_str("its header", header, "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime");
    int pkey = 0, pid_ = 0, nsems = 0;
    unsigned perms = 0;
    sscanf(line, "%d %d %o %d", &pkey, &pid_, &perms, &nsems);
    check_i64("its line: id, perms, nsems", pid_ == id && perms == 0600 && nsems == 3, 1);
    ds.sem_perm.mode = 0444;
    check_i64("IPC_SET", semctl(id, 0, IPC_SET, u), 0);
    semctl(id, 0, IPC_STAT, u);
    check_i64("mode set", ds.sem_perm.mode, 0444);

    /* permissions: 0444 lets others read, not alter */
    c = xfork();
    if (c == 0) {
        drop_root();
        int a = semget(key, 3, 0400) == id;
        int b = semget(key, 3, 0600) < 0 && errno == EACCES;
        int d = setval(id, 0, 1) < 0 && errno == EACCES;
        int e = op(id, 0, 1, 0) < 0 && errno == EACCES;
        int f = op(id, 0, 0, IPC_NOWAIT) == 0;
        int h = semctl(id, 0, IPC_RMID) < 0 && errno == EPERM;
        _exit(a + 2 * b + 4 * d + 8 * e + 16 * f + 32 * (h || getuid() != 65534));
    }
    check_str("permissions", status_str(wait_for(c, 0)), "exited 63");
    ds.sem_perm.mode = 0600;
    semctl(id, 0, IPC_SET, u);

    /* IPC_RMID wakes a sleeper with EIDRM */
    c = xfork();
    if (c == 0) {
        int r = op(id, 0, -1, 0);
        report_int(pfd[1], r < 0 && errno == EIDRM);
        _exit(0);
    }
    check_i64("sleeper before rmid", await_count(id, 0, GETNCNT, 1), 1);
    check_i64("IPC_RMID", semctl(id, 0, IPC_RMID), 0);
    check_i64("EIDRM", read_int(pfd[0]), 1);
    wait_for(c, 0);
    check_errno("removed", semctl(id, 0, GETVAL), EINVAL);
    check_errno("key gone", semget(key, 1, 0600), ENOENT);

    /* limits */
    struct seminfo si;
    u.__buf = &si;
    check_i64("IPC_INFO", semctl(0, 0, IPC_INFO, u) >= 0, 1);
    check_i64("semmsl", si.semmsl, 32000);
    check_i64("semopm", si.semopm, 500);
    check_i64("semvmx", si.semvmx, 32767);
    check_i64("semmni", si.semmni, 32000);
    check_i64("semmns", si.semmns, 1024000000);

    printf("sysv_sem: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures != 0;
}
