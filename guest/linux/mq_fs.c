/* mq_fs: the mqueue file system at /dev/mqueue (mq_overview(7), "Mounting the message queue
 * file system"). The host that runs qemu-riscv64 need not mount it, so LinuxSemanticsTest
 * compares this program's output under javix with mq_fs.expected, written from the man page and
 * ipc/mqueue.c: a queue is a regular file (its mode, st_size FILENT_SIZE = 80) on a file
 * system of type MQUEUE_MAGIC whose root is 01777; reading it shows
 * "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n"; open(2) of it gives a descriptor
 * mq_receive accepts; O_CREAT there makes a queue with the default attributes; unlink(2) is
 * mq_unlink; mkdir there is refused (EPERM). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include "../tests/procs.h"

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    umask(022);
    char name[64], path[80], name2[64], path2[80];
    snprintf(name, sizeof name, "/javix_mqfs_%d", (int)getpid());
    snprintf(path, sizeof path, "/dev/mqueue%s", name);
    snprintf(name2, sizeof name2, "/javix_mqfs2_%d", (int)getpid());
    snprintf(path2, sizeof path2, "/dev/mqueue%s", name2);

    struct stat st, fst;
    check_i64("stat /dev/mqueue", stat("/dev/mqueue", &st), 0);
    check_true("a directory", S_ISDIR(st.st_mode));
    check_i64("mode 01777", st.st_mode & 07777, 01777);
    struct statfs sf;
    check_i64("statfs", statfs("/dev/mqueue", &sf), 0);
    check_i64("f_type MQUEUE_MAGIC", sf.f_type, 0x19800202);

    struct mq_attr a = {0, 3, 16, 0, {0}};
    mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0640, &a);
    check_true("mq_open", q >= 0);
    check_i64("the queue is a file", stat(path, &st), 0);
    check_true("a regular file", S_ISREG(st.st_mode));
    check_i64("its mode", st.st_mode & 07777, 0640);
    check_i64("st_size FILENT_SIZE", st.st_size, 80);
    fstat(q, &fst);
    check_true("the same inode as the descriptor", st.st_ino == fst.st_ino && st.st_dev == fst.st_dev);

    int found = 0;
    DIR *d = opendir("/dev/mqueue");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) if (strcmp(e->d_name, name + 1) == 0) found = e->d_type == DT_REG ? 1 : 2;
    if (d) closedir(d);
    check_i64("listed in /dev/mqueue as DT_REG", found, 1);

    mq_send(q, "hello", 5, 1);
    int fd = open(path, O_RDONLY);
    check_true("open(2) of the queue", fd >= 0);
    char line[128];
    ssize_t n = read(fd, line, sizeof line - 1);
    line[n > 0 ? n : 0] = 0;
    check_str("its status line", line, "QSIZE:5          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n");
    check_i64("then end of file", read(fd, line, sizeof line), 0);
    char buf[16];
    unsigned prio = 0;
    check_i64("mq_receive through the open(2) descriptor", mq_receive(fd, buf, sizeof buf, &prio), 5);
    check_i64("its priority", prio, 1);
    close(fd);

    fd = open(path2, O_RDWR | O_CREAT | O_EXCL, 0644);
    check_true("O_CREAT in /dev/mqueue makes a queue", fd >= 0);
    struct mq_attr got;
    check_i64("mq_getattr of it", mq_getattr(fd, &got), 0);
    check_i64("default mq_maxmsg", got.mq_maxmsg, 10);
    check_i64("default mq_msgsize", got.mq_msgsize, 8192);
    close(fd);
    mqd_t q2 = mq_open(name2, O_RDONLY);
    check_true("mq_open finds it", q2 >= 0);
    mq_close(q2);
    check_i64("mq_unlink of it", mq_unlink(name2), 0);
    check_errno("gone from /dev/mqueue", stat(path2, &st), ENOENT);

    char dir[96];
    snprintf(dir, sizeof dir, "/dev/mqueue/d%d", (int)getpid());
    check_errno("mkdir in /dev/mqueue", mkdir(dir, 0755), EPERM);

    check_i64("unlink(2) is mq_unlink", unlink(path), 0);
    check_errno("mq_open after unlink", mq_open(name, O_RDWR), ENOENT);
    check_i64("the open queue still works", mq_send(q, "x", 1, 0), 0);
    mq_close(q);
    return finish("mq_fs");
}
