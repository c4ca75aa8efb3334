/* posix_mqueue: a POSIX message queue delivers the highest priority first; mq_notify. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "posix_mqueue: a POSIX message queue (mq_open) is named like a file, \"/name\", and on\n"
    "Linux shows up in /dev/mqueue when that file system is mounted. Every message carries a\n"
    "priority, and mq_receive() always returns the oldest message of the HIGHEST priority: sent\n"
    "with priorities 1, 5, 3, they come out as 5, 3, 1. mq_getattr() tells the limits (the most\n"
    "messages, the largest message) and how many are waiting. Instead of blocking in\n"
    "mq_receive(), a process can ask with mq_notify() to be told when a message arrives in the\n"
    "EMPTY queue: with SIGEV_SIGNAL the kernel sends a signal (here SIGUSR1, with si_code\n"
    "SI_MESGQ and the sender's pid), with SIGEV_THREAD the C library runs a function in a new\n"
    "thread. A registration fires once and must be renewed; only one process at a time may be\n"
    "registered. Here a child process sends the messages that trigger each notification.\n";

static char name[64];
static sem_t thread_done;

static void send_from_child(mqd_t q, const char *text, unsigned prio) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        mq_send(q, text, strlen(text) + 1, prio);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

static void show_dev_mqueue(void) {
    char path[96], line[256];
    snprintf(path, sizeof path, "/dev/mqueue%s", name);
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("  (%s: %s - the mqueue file system is not mounted here)\n", path, strerror(errno));
        return;
    }
    if (fgets(line, sizeof line, f)) printf("  cat %s: %s", path, line);
    fclose(f);
}

static void notified_in_thread(union sigval sv) {
    mqd_t q = (mqd_t)sv.sival_int;
    char buf[128];
    unsigned prio;
    ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
    printf("  thread: the C library started me in a new thread; mq_receive -> \"%s\" (priority %u, %zd bytes)\n",
           n > 0 ? buf : "?", prio, n);
    sem_post(&thread_done);
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    snprintf(name, sizeof name, "/demo_mq_%d", (int)getpid());
    struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = 128};
    mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
    if (q == (mqd_t)-1) {
        printf("mq_open(\"%s\") failed: %s - no POSIX message queues in this kernel?\n", name, strerror(errno));
        return 1;
    }
    printf("mq_open(\"%s\", O_RDWR | O_CREAT | O_EXCL, 0600, {maxmsg 10, msgsize 128}) -> descriptor %d\n",
           name, (int)q);

    printf("\n1. Priorities. Send three messages:\n");
    const struct { const char *text; unsigned prio; } msgs[] = {
        {"routine report", 1}, {"fire alarm", 5}, {"lunch is ready", 3}};
    for (int i = 0; i < 3; i++) {
        mq_send(q, msgs[i].text, strlen(msgs[i].text) + 1, msgs[i].prio);
        printf("  mq_send(\"%s\", priority %u)\n", msgs[i].text, msgs[i].prio);
    }
    mq_getattr(q, &attr);
    printf("  mq_getattr: %ld of at most %ld messages waiting, each at most %ld bytes.\n", attr.mq_curmsgs,
           attr.mq_maxmsg, attr.mq_msgsize);
    show_dev_mqueue();
    printf("  Receive three times - highest priority first, not oldest first:\n");
    for (int i = 0; i < 3; i++) {
        char buf[128];
        unsigned prio;
        ssize_t n = mq_receive(q, buf, sizeof buf, &prio); /* buf must hold mq_msgsize bytes */
        printf("  mq_receive -> priority %u: \"%s\"\n", prio, n > 0 ? buf : strerror(errno));
    }

    printf("\n2. mq_notify with SIGEV_SIGNAL: the queue is empty; ask for SIGUSR1 when a message comes.\n");
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL); /* keep it pending, then take it with sigwaitinfo() */
    struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1};
    ev.sigev_value.sival_int = 42;
    int notify_works = 1;
    if (mq_notify(q, &ev) != 0) {
        printf("  mq_notify -> -1, %s%s.\n", errno == ENOSYS ? "ENOSYS: " : "", strerror(errno));
        printf("  This kernel does not implement mq_notify (qemu-user does not, Linux\n"
               "  does), so parts 2 and 3 are skipped.\n");
        notify_works = 0;
    }
    if (notify_works) {
        printf("  mq_notify(SIGEV_SIGNAL, SIGUSR1, value 42) -> 0. A child process sends \"wake up\".\n");
        send_from_child(q, "wake up", 2);
        siginfo_t si;
        int sig = sigwaitinfo(&usr1, &si);
        printf("  got signal %d (%s): si_code %s,\n  si_value %d, si_pid %d (the child that sent it).\n", sig,
               strsignal(sig), si.si_code == SI_MESGQ ? "SI_MESGQ (a message arrived)" : "other",
               si.si_value.sival_int, (int)si.si_pid);
        char buf[128];
        mq_receive(q, buf, sizeof buf, NULL);
        printf("  mq_receive -> \"%s\". The registration is used up now:\n", buf);
        send_from_child(q, "second message", 2);
        struct timespec zero = {0, 100 * 1000000L};
        sig = sigtimedwait(&usr1, &si, &zero);
        printf("  after a second message: sigtimedwait(100 ms) -> %d (%s) - no new signal.\n", sig,
               sig < 0 ? strerror(errno) : "a signal?!");
        mq_receive(q, buf, sizeof buf, NULL);

        printf("\n3. mq_notify with SIGEV_THREAD: run a function in a new thread when a message comes.\n");
        sem_init(&thread_done, 0, 0);
        struct sigevent tev = {.sigev_notify = SIGEV_THREAD, .sigev_notify_function = notified_in_thread};
        tev.sigev_value.sival_int = (int)q;
        if (mq_notify(q, &tev) != 0) {
            printf("  mq_notify(SIGEV_THREAD) -> -1, %s.\n", strerror(errno));
        } else {
            printf("  mq_notify(SIGEV_THREAD) -> 0 (glibc listens on a netlink socket in a helper thread).\n"
                   "  A child process sends \"call me back\" with priority 7:\n");
            send_from_child(q, "call me back", 7);
            sem_wait(&thread_done);
            printf("  main thread: the callback has run.\n");
        }
    }

    mq_close(q);
    mq_unlink(name);
    printf("\nmq_unlink(\"%s\") removes the name; the queue is freed when no one has it open.\n", name);
    return 0;
}
