/* sysv_msgqueue: a System V message queue; receivers choose messages by type. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "sysv_msgqueue: a message queue keeps whole messages, not a byte stream: each msgsnd()\n"
    "adds one message with a type (a long > 0) and a body, and each msgrcv() takes one whole\n"
    "message out. The queue is a kernel object named by a key (here derived from the pid) and\n"
    "found again with msgget(key); it outlives the processes that use it until someone removes\n"
    "it with msgctl(IPC_RMID) or ipcrm -q. The type lets a receiver choose: msgtyp > 0 takes the\n"
    "first message of exactly that type, 0 takes the first of any type, < 0 takes the lowest\n"
    "type up to |msgtyp|. Here the parent queues four messages of types 1, 2, 1, 3 and a child\n"
    "process asks for type 2 first - it gets the second message, ahead of older ones - then for\n"
    "any type, in arrival order, until the queue is empty (ENOMSG with IPC_NOWAIT). Then the\n"
    "child blocks for a type nobody has sent yet, until the parent sends it. The line like\n"
    "ipcs -q prints comes from msgctl(IPC_STAT); run ipcs while a queue exists to see it too.\n";

struct message {
    long mtype;
    char text[64];
};

static void ipcs_line(int q, key_t key, const char *when) {
    struct msqid_ds ds;
    if (msgctl(q, IPC_STAT, &ds) != 0) {
        printf("  %-28s msgctl(IPC_STAT) -> -1, %s%s\n", when, errno == EINVAL ? "EINVAL: no such queue any more - " : "",
               strerror(errno));
        return;
    }
    printf("  %-28s key 0x%08x msqid %d perms %o used-bytes %lu messages %lu\n", when, (unsigned)key, q,
           ds.msg_perm.mode & 0777, (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qnum);
}

static int send(int q, long type, const char *text) {
    struct message m = {.mtype = type};
    snprintf(m.text, sizeof m.text, "%s", text);
    return msgsnd(q, &m, strlen(m.text) + 1, 0); /* the size counts the body only, not mtype */
}

static void receive(int q, long msgtyp, int flags, const char *why) {
    struct message m;
    ssize_t n = msgrcv(q, &m, sizeof m.text, msgtyp, flags);
    if (n < 0)
        printf("  child: msgrcv(msgtyp=%ld%s) -> -1, %s%s\n", msgtyp, flags & IPC_NOWAIT ? ", IPC_NOWAIT" : "",
               errno == ENOMSG ? "ENOMSG: " : "", strerror(errno));
    else
        printf("  child: msgrcv(msgtyp=%ld)%s -> type %ld, %zd bytes: \"%s\"%s\n", msgtyp,
               flags & IPC_NOWAIT ? " with IPC_NOWAIT" : "", m.mtype, n, m.text, why);
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    key_t key = (key_t)(0x4d510000 | (getpid() & 0xffff)); /* "MQ" + pid: unique enough for a demo */
    int q = msgget(key, IPC_CREAT | IPC_EXCL | 0600);
    if (q < 0) {
        printf("msgget(0x%08x, IPC_CREAT) failed: %s - this kernel has no System V message queues?\n",
               (unsigned)key, strerror(errno));
        return 1;
    }
    printf("msgget(key 0x%08x, IPC_CREAT | IPC_EXCL | 0600) created queue id %d.\n", (unsigned)key, q);
    ipcs_line(q, key, "empty:");

    printf("\nThe parent sends four messages:\n");
    const struct { long type; const char *text; } msgs[] = {
        {1, "hello (type 1)"}, {2, "urgent: disk almost full (type 2)"}, {1, "world (type 1)"}, {3, "bye (type 3)"}};
    for (int i = 0; i < 4; i++) {
        send(q, msgs[i].type, msgs[i].text);
        printf("  parent: msgsnd type %ld \"%s\"\n", msgs[i].type, msgs[i].text);
    }
    ipcs_line(q, key, "after four msgsnd:");

    printf("\nA child process (it only needs the key: msgget(key, 0) finds the same queue) receives:\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int cq = msgget(key, 0);
        printf("  child: msgget(0x%08x, 0) -> %d, the same queue.\n", (unsigned)key, cq);
        receive(cq, 2, 0, "  <- sent second, but asked for by type");
        for (int i = 0; i < 4; i++) receive(cq, 0, IPC_NOWAIT, i < 3 ? "  (any type: oldest first)" : "");
        printf("  child: now msgrcv(msgtyp=5) without IPC_NOWAIT: no such message yet, so it sleeps...\n");
        receive(cq, 5, 0, "  <- woke up when it arrived");
        _exit(0);
    }
    /* give the child time to fall asleep in msgrcv(5); the child prints, we stay quiet */
    struct timespec pause = {0, 300 * 1000000L};
    for (int i = 0; i < 100; i++) {
        struct msqid_ds ds;
        nanosleep(&pause, NULL);
        if (msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 0) break;
    }
    send(q, 5, "late news (type 5)");
    waitpid(pid, NULL, 0);
    printf("\n");
    ipcs_line(q, key, "after the child is done:");

    printf("\nThe queue would outlive both processes. msgctl(IPC_RMID) removes it:\n");
    msgctl(q, IPC_RMID, NULL);
    ipcs_line(q, key, "after IPC_RMID:");
    return 0;
}
