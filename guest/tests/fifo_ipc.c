/* fifo_ipc: named pipes (fifo(7)) and pipe sizes.
 *
 * mkfifo/mknod in a fresh directory under /tmp; the open rules (a blocking open waits for the
 * other side, O_NONBLOCK read-open succeeds at once, O_NONBLOCK write-open without a reader
 * is ENXIO, O_RDWR never waits); data from every opener in one pipe; EOF once the writers are
 * gone; stat shows S_IFIFO; FIONREAD; F_GETPIPE_SZ/F_SETPIPE_SZ rounding and EBUSY. Processes
 * meet at the FIFO's open itself, never by sleeping. Assumes it runs as root (as the
 * differential harness does). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "procs.h"

static void check_err(const char *name, long ret, int expected) {
    check_str(name, ret == -1 ? errno_name(errno) : "success", errno_name(expected));
}

static void check_ok(const char *name, long ret) {
    check_str(name, ret >= 0 ? "success" : errno_name(errno), "success");
}

static int readable_bytes(int fd) {
    int n = -1;
    if (ioctl(fd, FIONREAD, &n) < 0) return -1 - errno;
    return n;
}

/* Reads until EOF; returns the byte count. */
static long drain(int fd, char *buf, long cap) {
    long got = 0, r;
    while ((r = read(fd, buf + got, cap - got)) > 0) got += r;
    return got;
}

int main(void) {
    umask(022);
    char dir[] = "/tmp/fifo_ipc.XXXXXX";
    if (!mkdtemp(dir)) {
        printf("FAIL mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    char path[128], other[128];
    snprintf(path, sizeof path, "%s/f.%d", dir, (int)getpid());
    snprintf(other, sizeof other, "%s/reg", dir);

    /* mknod and stat */
    check_ok("mkfifo", mkfifo(path, 0666));
    struct stat st;
    check_ok("stat fifo", stat(path, &st));
    check_true("S_ISFIFO", S_ISFIFO(st.st_mode));
    check_u32("fifo mode", st.st_mode & 07777, 0644);
    check_i64("fifo size", st.st_size, 0);
    check_err("mkfifo again", mkfifo(path, 0600), EEXIST);
    check_ok("mknod S_IFREG", mknod(other, S_IFREG | 0600, 0));
    check_ok("stat reg", stat(other, &st));
    check_true("S_ISREG", S_ISREG(st.st_mode));
    check_err("mknod S_IFDIR", mknod(other, S_IFDIR | 0700, 0), EPERM);
    check_err("mknod bad type", mknod(other, 0170000 | 0600, 0), EINVAL);
    check_err("mknod no parent", mknod("/tmp/no/such/dir/x", S_IFIFO | 0600, 0), ENOENT);

    /* non-blocking opens */
    check_err("O_WRONLY|O_NONBLOCK, no reader", open(path, O_WRONLY | O_NONBLOCK), ENXIO);
    int r = open(path, O_RDONLY | O_NONBLOCK);
    check_ok("O_RDONLY|O_NONBLOCK", r);
    char buf[8192];
    check_i64("read, no writer yet: EOF", read(r, buf, sizeof buf), 0);
    int w = open(path, O_WRONLY | O_NONBLOCK);
    check_ok("O_WRONLY|O_NONBLOCK with a reader", w);
    check_true("fstat S_ISFIFO", fstat(w, &st) == 0 && S_ISFIFO(st.st_mode));
    check_i64("write", write(w, "hello", 5), 5);
    check_i64("FIONREAD", readable_bytes(r), 5);
    check_i64("read", read(r, buf, sizeof buf), 5);
    check_err("read, empty, writer open", read(r, buf, sizeof buf), EAGAIN);
    int w2 = open(path, O_WRONLY);
    check_ok("O_WRONLY with a reader does not wait", w2);
    check_i64("write w", write(w, "ab", 2), 2);
    check_i64("write w2", write(w2, "cd", 2), 2);
    check_i64("both writers' bytes in one pipe", read(r, buf, sizeof buf), 4);
    check_true("in order", memcmp(buf, "abcd", 4) == 0);
    close(w);
    close(w2);
    check_i64("EOF once the writers are gone", read(r, buf, sizeof buf), 0);
    close(r);

    /* O_RDWR never waits, and is its own reader */
    int rw = open(path, O_RDWR);
    check_ok("O_RDWR", rw);
    check_i64("rdwr write", write(rw, "xyz", 3), 3);
    check_i64("rdwr read", read(rw, buf, sizeof buf), 3);
    close(rw);

    /* the bytes of a FIFO nobody has open are gone */
    rw = open(path, O_RDWR);
    check_i64("rdwr write 2", write(rw, "left", 4), 4);
    close(rw);
    r = open(path, O_RDONLY | O_NONBLOCK);
    check_i64("nothing kept after the last close", read(r, buf, sizeof buf), 0);
    close(r);

    /* blocking rendezvous: the child's write-open waits for our read-open */
    pid_t pid = xfork();
    if (pid == 0) {
        int fd = open(path, O_WRONLY);
        if (fd < 0) _exit(10);
        for (int i = 0; i < 3; i++)
            if (write(fd, "message\n", 8) != 8) _exit(11);
        _exit(0);
    }
    r = open(path, O_RDONLY);
    check_ok("blocking O_RDONLY meets the writer", r);
    check_i64("3 messages then EOF", drain(r, buf, sizeof buf), 24);
    close(r);
    check_str("writer child", status_str(wait_for(pid, 0)), "exited 0");

    /* the other way round: the child's read-open waits for our write-open */
    pid = xfork();
    if (pid == 0) {
        int fd = open(path, O_RDONLY);
        if (fd < 0) _exit(100);
        char b[256];
        _exit((int)drain(fd, b, sizeof b));
    }
    w = open(path, O_WRONLY);
    check_ok("blocking O_WRONLY meets the reader", w);
    check_i64("write 10", write(w, "0123456789", 10), 10);
    close(w);
    check_str("reader child read 10", status_str(wait_for(pid, 0)), "exited 10");

    /* a reader killed while it waits in open is no reader */
    int sync[2];
    check_ok("sync pipe", pipe(sync));
    pid = xfork();
    if (pid == 0) {
        if (write(sync[1], "r", 1) != 1) _exit(1);
        open(path, O_RDONLY); /* blocks: no writer */
        _exit(2);
    }
    check_i64("reader about to open", read(sync[0], buf, 1), 1);
    kill(pid, SIGKILL);
    check_str("killed in open", status_str(wait_for(pid, 0)), "killed by SIGKILL");
    check_err("no reader left behind", open(path, O_WRONLY | O_NONBLOCK), ENXIO);
    close(sync[0]);
    close(sync[1]);

    /* unlinked while open: the pipe lives on */
    rw = open(path, O_RDWR);
    check_ok("unlink open fifo", unlink(path));
    check_i64("write after unlink", write(rw, "z", 1), 1);
    check_i64("read after unlink", read(rw, buf, 1), 1);
    close(rw);

    /* pipe sizes */
    int p[2];
    check_ok("pipe2", pipe2(p, O_NONBLOCK));
    check_i64("F_GETPIPE_SZ default", fcntl(p[0], F_GETPIPE_SZ), 65536);
    check_i64("F_SETPIPE_SZ 5000 -> 8192", fcntl(p[1], F_SETPIPE_SZ, 5000), 8192);
    check_i64("F_GETPIPE_SZ on the other end", fcntl(p[0], F_GETPIPE_SZ), 8192);
    check_i64("F_SETPIPE_SZ 0 -> one page", fcntl(p[1], F_SETPIPE_SZ, 0), 4096);
    memset(buf, 'q', sizeof buf);
    check_i64("fill one page", write(p[1], buf, 4096), 4096);
    check_err("full", write(p[1], buf, 1), EAGAIN);
    check_i64("FIONREAD pipe", readable_bytes(p[0]), 4096);
    check_i64("grow with data", fcntl(p[1], F_SETPIPE_SZ, 65536), 65536);
    check_i64("write more", write(p[1], buf, 100), 100);
    check_err("shrink below the content", fcntl(p[1], F_SETPIPE_SZ, 4096), EBUSY);
    check_i64("read all", read(p[0], buf, sizeof buf), 4196);
    check_i64("pipe-max-size itself", fcntl(p[1], F_SETPIPE_SZ, 1 << 20), 1 << 20);
    close(p[0]);
    close(p[1]);
    /* packet mode: one packet per read, the rest of a packet dropped */
    check_ok("pipe2 O_DIRECT", pipe2(p, O_DIRECT | O_NONBLOCK));
    check_true("O_DIRECT shows on the write end only", (fcntl(p[1], F_GETFL) & O_DIRECT) && !(fcntl(p[0], F_GETFL) & O_DIRECT));
    check_i64("packet 1", write(p[1], "abc", 3), 3);
    check_i64("packet 2", write(p[1], "defgh", 5), 5);
    check_i64("FIONREAD counts bytes", readable_bytes(p[0]), 8);
    check_i64("read takes one packet", read(p[0], buf, sizeof buf), 3);
    check_i64("short read drops the rest", read(p[0], buf, 2), 2);
    check_true("de", memcmp(buf, "de", 2) == 0);
    check_err("nothing left", read(p[0], buf, sizeof buf), EAGAIN);
    memset(buf, 'p', sizeof buf);
    check_i64("a large write", write(p[1], buf, 6000), 6000);
    check_i64("is split at PIPE_BUF", read(p[0], buf, sizeof buf), 4096);
    check_i64("second part", read(p[0], buf, sizeof buf), 6000 - 4096);
    close(p[0]);
    close(p[1]);

    int reg = open(other, O_RDWR);
    check_err("F_GETPIPE_SZ on a file", fcntl(reg, F_GETPIPE_SZ), EBADF);
    close(reg);

    unlink(other);
    check_ok("rmdir", rmdir(dir));
    return finish("fifo_ipc");
}
