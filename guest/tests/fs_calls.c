/* fs_calls: the file system calls, with Linux's results and error codes.
 *
 * Works in a fresh directory under /tmp (a tmpfs in javix, the host's /tmp under qemu) and
 * removes it at the end. Prints only what is the same on every run and every file system:
 * no inode or device numbers, no times except ones it set itself, no directory sizes; errors
 * by their strerror text; directory listings sorted. Assumes it runs as root (javix's default
 * user; the differential harness runs qemu as root too), so permission bits do not deny. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

/* Checks that a call failed with the expected errno (by its message, which names it plainly). */
static void check_err(const char *name, long ret, int expected) {
    check_str(name, ret == -1 ? strerror(errno) : "success", strerror(expected));
}

/* Checks that a call succeeded (ret >= 0), printing the error if not. */
static void check_ok(const char *name, long ret) {
    check_str(name, ret >= 0 ? "success" : strerror(errno), "success");
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists a directory sorted, as "name:type" joined by spaces, skipping "." and "..". */
static void list_dir(const char *name, const char *path, const char *expected) {
    char *names[64];
    int n = 0;
    DIR *d = opendir(path);
    if (!d) {
        check_str(name, strerror(errno), "opendir");
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : '?';
        names[n] = malloc(strlen(e->d_name) + 3);
        sprintf(names[n++], "%s:%c", e->d_name, t);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    char buf[1024] = "";
    for (int i = 0; i < n; i++) {
        if (i) strcat(buf, " ");
        strcat(buf, names[i]);
        free(names[i]);
    }
    check_str(name, buf, expected);
}

static long file_size(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void test_io(void) {
    char buf[64];
    int fd = open("a", O_CREAT | O_EXCL | O_RDWR, 0666);
    check_true("open_creat", fd >= 0);
    check_i64("write", write(fd, "hello world", 11), 11);
    check_i64("lseek_set", lseek(fd, 0, SEEK_SET), 0);
    memset(buf, 0, sizeof buf);
    check_i64("read", read(fd, buf, sizeof buf), 11);
    check_str("read_data", buf, "hello world");
    check_i64("read_eof", read(fd, buf, sizeof buf), 0);
    memset(buf, 0, sizeof buf);
    check_i64("pread", pread(fd, buf, 5, 6), 5);
    check_str("pread_data", buf, "world");
    check_i64("pwrite", pwrite(fd, "HELLO", 5, 0), 5);
    check_i64("offset_after_pwrite", lseek(fd, 0, SEEK_CUR), 11);

    struct stat st;
    check_ok("fstat", fstat(fd, &st));
    check_u32("fstat_mode", st.st_mode, S_IFREG | 0644); /* umask 022 */
    check_i64("fstat_size", st.st_size, 11);
    check_u32("fstat_nlink", st.st_nlink, 1);

    check_err("open_excl_existing", open("a", O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST);
    check_i64("lseek_end", lseek(fd, -1, SEEK_END), 10);
    check_err("lseek_negative", lseek(fd, -100, SEEK_CUR), EINVAL);
    check_err("lseek_bad_whence", lseek(fd, 0, 42), EINVAL);
    check_i64("seek_data", lseek(fd, 3, SEEK_DATA), 3);
    check_i64("seek_hole", lseek(fd, 3, SEEK_HOLE), 11);
    check_err("seek_data_past_end", lseek(fd, 11, SEEK_DATA), ENXIO);
    int avail = -1;
    lseek(fd, 4, SEEK_SET);
    check_ok("fionread", ioctl(fd, FIONREAD, &avail));
    check_i64("fionread_value", avail, 7);
    struct termios tio;
    check_err("tcgets_regular", ioctl(fd, TCGETS, &tio), ENOTTY);
    check_true("isatty_regular", !isatty(fd));

    /* readv / writev */
    struct iovec wv[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
    lseek(fd, 0, SEEK_SET);
    check_i64("writev", writev(fd, wv, 3), 6);
    char r1[3] = {0}, r2[8] = {0};
    struct iovec rv[2] = {{r1, 2}, {r2, 7}};
    lseek(fd, 0, SEEK_SET);
    check_i64("readv", readv(fd, rv, 2), 9);
    check_str("readv_1", r1, "ab");
    check_str("readv_2", r2, "cdefwor");
    volatile int negative = -1, too_many = 1025; /* volatile: keeps gcc's bounds warnings quiet */
    check_err("writev_negative_count", writev(fd, wv, negative), EINVAL);
    check_err("readv_too_many", readv(fd, rv, too_many), EINVAL);
    close(fd);

    /* O_APPEND and O_TRUNC */
    fd = open("a", O_WRONLY | O_APPEND);
    check_i64("append_write", write(fd, "!", 1), 1);
    check_i64("append_offset", lseek(fd, 0, SEEK_CUR), 12);
    check_err("read_on_wronly", read(fd, buf, 1), EBADF);
    check_true("getfl_append", (fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND)) == (O_WRONLY | O_APPEND));
    close(fd);
    check_i64("size_after_append", file_size("a"), 12);
    fd = open("a", O_RDONLY);
    check_err("write_on_rdonly", write(fd, "x", 1), EBADF);
    check_err("ftruncate_rdonly", ftruncate(fd, 0), EINVAL);
    close(fd);
    fd = open("a", O_RDWR | O_TRUNC);
    check_i64("size_after_trunc", file_size("a"), 0);

    /* holes, ftruncate, truncate */
    check_i64("pwrite_far", pwrite(fd, "x", 1, 10000), 1);
    check_i64("sparse_size", file_size("a"), 10001);
    memset(buf, 1, sizeof buf);
    check_i64("read_hole", pread(fd, buf, 8, 5000), 8);
    check_true("hole_zeros", !memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
    check_ok("ftruncate_shrink", ftruncate(fd, 3));
    check_i64("size_shrunk", file_size("a"), 3);
    check_ok("ftruncate_grow", ftruncate(fd, 8192));
    check_i64("size_grown", file_size("a"), 8192);
    check_ok("truncate_path", truncate("a", 5));
    check_i64("size_truncated", file_size("a"), 5);
    check_err("truncate_negative", truncate("a", -1), EINVAL);
    check_ok("fsync", fsync(fd));
    check_ok("fdatasync", fdatasync(fd));
    close(fd);
}

static void test_fds(void) {
    int fd = open("a", O_RDWR);
    int d = dup(fd);
    check_true("dup", d > fd);
    check_i64("shared_offset_seek", lseek(fd, 2, SEEK_SET), 2);
    check_i64("shared_offset_seen", lseek(d, 0, SEEK_CUR), 2);
    check_i64("dup3", dup3(fd, 20, O_CLOEXEC), 20);
    check_i64("dup3_cloexec", fcntl(20, F_GETFD), FD_CLOEXEC);
    check_err("dup3_same", dup3(fd, fd, 0), EINVAL);
    check_err("dup3_bad_flags", dup3(fd, 21, O_APPEND), EINVAL);
    check_i64("dup2_same", dup2(fd, fd), fd);
    check_i64("f_dupfd", fcntl(fd, F_DUPFD, 30), 30);
    check_i64("f_dupfd_cloexec", fcntl(fd, F_DUPFD_CLOEXEC, 30), 31);
    check_i64("f_getfd_31", fcntl(31, F_GETFD), FD_CLOEXEC);
    check_ok("f_setfd", fcntl(31, F_SETFD, 0));
    check_i64("f_getfd_cleared", fcntl(31, F_GETFD), 0);
    check_ok("f_setfl", fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND));
    check_true("f_getfl_shared", (fcntl(d, F_GETFL) & (O_NONBLOCK | O_APPEND)) == (O_NONBLOCK | O_APPEND));
    check_err("fcntl_bad_cmd", fcntl(fd, 9999), EINVAL);
    check_err("close_bad", close(999), EBADF);
    struct stat st;
    check_err("fstat_bad", fstat(999, &st), EBADF);
    check_err("read_bad", read(-1, &st, 1), EBADF);
    check_err("lseek_bad", lseek(999, 0, SEEK_SET), EBADF);
    close(20);
    close(30);
    close(31);
    close(d);
    close(fd);

    /* RLIMIT_NOFILE */
    struct rlimit old, lim;
    getrlimit(RLIMIT_NOFILE, &old);
    lim = old;
    lim.rlim_cur = 12;
    setrlimit(RLIMIT_NOFILE, &lim);
    int fds[16], n = 0, last = 0;
    while (n < 16 && (last = open("a", O_RDONLY)) >= 0) fds[n++] = last;
    check_err("emfile", last, EMFILE);
    check_err("f_dupfd_over_limit", fcntl(0, F_DUPFD, 12), EINVAL);
    check_err("dup3_over_limit", dup3(0, 12, 0), EBADF);
    while (n > 0) close(fds[--n]);
    setrlimit(RLIMIT_NOFILE, &old);
}

static void test_dirs(const char *base) {
    struct stat st;
    check_ok("mkdir", mkdir("d", 0777));
    check_err("mkdir_existing", mkdir("d", 0777), EEXIST);
    check_err("mkdir_dot", mkdir(".", 0777), EEXIST);
    check_ok("stat_dir", stat("d", &st));
    check_u32("dir_mode", st.st_mode, S_IFDIR | 0755);
    check_u32("dir_nlink", st.st_nlink, 2);
    check_ok("mkdir_sub", mkdir("d/sub", 0700));
    check_ok("mkdir_trailing_slash", mkdir("e/", 0700));
    stat("d", &st);
    check_u32("dir_nlink_with_sub", st.st_nlink, 3);
    check_err("open_dir_wronly", open("d", O_WRONLY), EISDIR);
    check_err("open_dir_creat", open("d", O_CREAT | O_RDONLY, 0644), EISDIR);
    check_err("open_file_directory", open("a", O_RDONLY | O_DIRECTORY), ENOTDIR);
    check_err("stat_file_slash", stat("a/", &st), ENOTDIR);
    check_err("open_creat_slash", open("newfile/", O_CREAT | O_RDWR, 0644), EISDIR);
    check_err("stat_missing", stat("missing", &st), ENOENT);
    check_err("stat_missing_dir", stat("missing/x", &st), ENOENT);
    check_err("stat_through_file", stat("a/x", &st), ENOTDIR);
    check_err("open_empty", open("", O_RDONLY), ENOENT);
    char longname[300];
    memset(longname, 'n', 256);
    longname[256] = 0;
    check_err("name_too_long", open(longname, O_RDONLY), ENAMETOOLONG);
    check_err("rmdir_file", rmdir("a"), ENOTDIR);
    check_err("unlink_dir", unlink("d"), EISDIR);
    check_err("rmdir_nonempty", rmdir("d"), ENOTEMPTY);
    check_err("rmdir_dot", rmdir("d/."), EINVAL);
    check_err("rmdir_dotdot", rmdir("d/.."), ENOTEMPTY);
    check_err("unlink_missing", unlink("missing"), ENOENT);
    check_err("unlink_file_slash", unlink("a/"), ENOTDIR);
    int fd = open("d/f", O_CREAT | O_WRONLY, 0600);
    close(fd);

    /* ".." and "." */
    struct stat root, rootup;
    stat("/", &root);
    stat("/../..", &rootup);
    check_true("dotdot_at_root", root.st_ino == rootup.st_ino && root.st_dev == rootup.st_dev);
    struct stat here, viaparent;
    stat(".", &here);
    char p[PATH_MAX];
    snprintf(p, sizeof p, "d/sub/../../../%s", strrchr(base, '/') + 1);
    check_ok("stat_dotdot_path", stat(p, &viaparent));
    check_true("dotdot_same_dir", here.st_ino == viaparent.st_ino);

    /* getcwd, chdir, fchdir, openat */
    char cwd[PATH_MAX];
    check_true("getcwd", getcwd(cwd, sizeof cwd) != NULL);
    check_true("getcwd_value", !strcmp(cwd, base));
    check_err("getcwd_small", getcwd(cwd, 2) ? 0 : -1, ERANGE);
    check_ok("chdir", chdir("d/sub"));
    getcwd(cwd, sizeof cwd);
    check_true("getcwd_sub", !strcmp(cwd + strlen(base), "/d/sub"));
    check_ok("chdir_dotdot", chdir("../.."));
    check_err("chdir_file", chdir("a"), ENOTDIR);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    check_true("open_directory", dfd >= 0);
    int f2 = openat(dfd, "f", O_RDONLY);
    check_true("openat_dirfd", f2 >= 0);
    check_err("openat_file_dirfd", openat(f2, "x", O_RDONLY), ENOTDIR);
    check_err("openat_bad_dirfd", openat(999, "x", O_RDONLY), EBADF);
    int rootfd = openat(999, "/", O_RDONLY);
    check_true("openat_abs_ignores_dirfd", rootfd >= 0);
    close(rootfd);
    check_err("read_dir", read(dfd, cwd, 10), EISDIR);
    check_err("getdents_file", syscall(SYS_getdents64, f2, cwd, sizeof cwd), ENOTDIR);
    check_ok("fchdir", fchdir(dfd));
    getcwd(cwd, sizeof cwd);
    check_true("getcwd_fchdir", !strcmp(cwd + strlen(base), "/d"));
    chdir(base);
    check_ok("fstatat_dirfd", fstatat(dfd, "sub", &st, 0));
    check_true("fstatat_is_dir", S_ISDIR(st.st_mode));
    check_ok("mkdirat", mkdirat(dfd, "sub2", 0755));
    check_ok("unlinkat_removedir", unlinkat(dfd, "sub2", AT_REMOVEDIR));
    check_err("unlinkat_bad_flags", unlinkat(dfd, "f", 0x8000), EINVAL);
    close(f2);
    close(dfd);

    /* O_PATH */
    int pf = open("a", O_PATH);
    check_true("o_path", pf >= 0);
    check_err("o_path_read", read(pf, cwd, 1), EBADF);
    check_ok("o_path_fstat", fstat(pf, &st));
    check_i64("o_path_size", st.st_size, 5);
    close(pf);
}

static void test_links(void) {
    struct stat st;
    char buf[64];
    check_ok("symlink", symlink("a", "lnk"));
    check_err("symlink_existing", symlink("a", "lnk"), EEXIST);
    check_err("symlink_slash", symlink("a", "nolink/"), ENOENT);
    memset(buf, 0, sizeof buf);
    check_i64("readlink", readlink("lnk", buf, sizeof buf), 1);
    check_str("readlink_value", buf, "a");
    check_i64("readlink_short", readlink("lnk", buf, 0) == -1 && errno == EINVAL, 1);
    check_err("readlink_file", readlink("a", buf, sizeof buf), EINVAL);
    check_ok("lstat", lstat("lnk", &st));
    check_true("lstat_is_link", S_ISLNK(st.st_mode));
    check_i64("lstat_size", st.st_size, 1);
    check_ok("stat_follows", stat("lnk", &st));
    check_true("stat_is_reg", S_ISREG(st.st_mode));
    check_err("open_nofollow", open("lnk", O_RDONLY | O_NOFOLLOW), ELOOP);
    check_ok("symlink_loop1", symlink("l2", "l1"));
    check_ok("symlink_loop2", symlink("l1", "l2"));
    check_err("open_loop", open("l1", O_RDONLY), ELOOP);
    check_err("stat_loop", stat("l1/x", &st), ELOOP);
    check_ok("symlink_dir", symlink("d", "dl"));
    check_ok("stat_via_dirlink", stat("dl/f", &st));
    check_ok("lstat_dirlink_slash", lstat("dl/", &st));
    check_true("dirlink_slash_is_dir", S_ISDIR(st.st_mode));
    check_ok("symlink_abs", symlink("/", "rootlink"));
    check_ok("stat_abs_link", stat("rootlink/tmp", &st));
    check_ok("symlink_dangling", symlink("target", "dang"));
    check_err("stat_dangling", stat("dang", &st), ENOENT);
    check_err("creat_excl_dangling", open("dang", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    int fd = open("dang", O_CREAT | O_WRONLY, 0644);
    check_true("creat_through_dangling", fd >= 0);
    close(fd);
    check_ok("target_created", stat("target", &st));
    check_ok("readlinkat", readlinkat(AT_FDCWD, "dang", buf, sizeof buf) == 6 ? 0 : -1);

    /* hard links */
    check_ok("link", link("a", "hard"));
    stat("a", &st);
    check_u32("nlink_2", st.st_nlink, 2);
    check_err("link_existing", link("a", "hard"), EEXIST);
    check_err("link_dir", link("d", "dhard"), EPERM);
    check_err("link_missing", link("missing", "x"), ENOENT);
    check_ok("linkat_symlink_itself", linkat(AT_FDCWD, "lnk", AT_FDCWD, "lnk2", 0));
    check_ok("lstat_lnk2", lstat("lnk2", &st));
    check_true("lnk2_is_link", S_ISLNK(st.st_mode));
    check_ok("unlink_hard", unlink("hard"));
    stat("a", &st);
    check_u32("nlink_1", st.st_nlink, 1);

    /* unlink while open keeps the data */
    fd = open("gone", O_CREAT | O_RDWR, 0644);
    write(fd, "still here", 10);
    check_ok("unlink_open", unlink("gone"));
    check_err("stat_unlinked", stat("gone", &st), ENOENT);
    fstat(fd, &st);
    check_u32("unlinked_nlink", st.st_nlink, 0);
    memset(buf, 0, sizeof buf);
    check_i64("read_unlinked", pread(fd, buf, sizeof buf, 0), 10);
    check_str("read_unlinked_data", buf, "still here");
    close(fd);
}

static void test_rename(void) {
    struct stat st;
    int fd = open("r1", O_CREAT | O_WRONLY, 0644);
    write(fd, "one", 3);
    close(fd);
    check_ok("rename", rename("r1", "r2"));
    check_err("rename_old_gone", stat("r1", &st), ENOENT);
    check_i64("rename_new", file_size("r2"), 3);
    check_err("rename_missing", rename("r1", "r3"), ENOENT);
    check_err("rename_file_over_dir", rename("r2", "e"), EISDIR);
    check_err("rename_dir_over_file", rename("e", "r2"), ENOTDIR);
    check_err("rename_dir_nonempty", rename("e", "d"), ENOTEMPTY);
    check_err("rename_into_self", rename("d", "d/sub/x"), EINVAL);
    check_ok("rename_dir", rename("e", "e2"));
    check_ok("rename_dir_over_empty", rename("e2", "d/sub"));
    check_ok("rename_same", rename("r2", "r2"));
    check_err("rename_dot", rename(".", "x"), EBUSY);
    fd = open("r3", O_CREAT | O_WRONLY, 0644);
    close(fd);
    check_ok("rename_replace", rename("r3", "r2"));
    check_i64("rename_replaced_size", file_size("r2"), 0);
    fd = open("r4", O_CREAT | O_WRONLY, 0644);
    write(fd, "four", 4);
    close(fd);
    check_err("renameat2_noreplace", syscall(SYS_renameat2, AT_FDCWD, "r4", AT_FDCWD, "r2", 1), EEXIST);
    check_ok("renameat2_exchange", syscall(SYS_renameat2, AT_FDCWD, "r4", AT_FDCWD, "r2", 2));
    check_i64("exchanged_r2", file_size("r2"), 4);
    check_i64("exchanged_r4", file_size("r4"), 0);
    check_err("renameat2_bad_flags", syscall(SYS_renameat2, AT_FDCWD, "r4", AT_FDCWD, "r2", 3), EINVAL);
    unlink("r2");
    unlink("r4");
}

static void test_attrs(void) {
    struct stat st;
    check_i64("umask_prev", umask(077), 022);
    int fd = open("m", O_CREAT | O_WRONLY, 0666);
    fstat(fd, &st);
    check_u32("umask_applied", st.st_mode & 07777, 0600);
    umask(022);
    check_ok("chmod", chmod("m", 0754));
    stat("m", &st);
    check_u32("chmod_mode", st.st_mode & 07777, 0754);
    check_ok("fchmod", fchmod(fd, 0640));
    fstat(fd, &st);
    check_u32("fchmod_mode", st.st_mode & 07777, 0640);
    check_ok("fchmodat", fchmodat(AT_FDCWD, "m", 01644, 0));
    stat("m", &st);
    check_u32("fchmodat_sticky", st.st_mode & 07777, 01644);
    check_ok("chown_same", chown("m", 0, 0));
    check_ok("fchown_unchanged", fchown(fd, -1, -1));
    check_ok("lchown_link", lchown("lnk", 0, 0));

    struct timespec ts[2] = {{1000000000, 5}, {1234567890, 999999999}};
    check_ok("utimensat", utimensat(AT_FDCWD, "m", ts, 0));
    stat("m", &st);
    check_i64("atime", st.st_atim.tv_sec, 1000000000);
    check_i64("atime_nsec", st.st_atim.tv_nsec, 5);
    check_i64("mtime", st.st_mtim.tv_sec, 1234567890);
    check_i64("mtime_nsec", st.st_mtim.tv_nsec, 999999999);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {42, 0}};
    check_ok("utimensat_omit", utimensat(AT_FDCWD, "m", omit, 0));
    stat("m", &st);
    check_i64("atime_kept", st.st_atim.tv_sec, 1000000000);
    check_i64("mtime_set", st.st_mtim.tv_sec, 42);
    check_ok("futimens", futimens(fd, ts));
    fstat(fd, &st);
    check_i64("futimens_mtime", st.st_mtim.tv_sec, 1234567890);
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    check_err("utimensat_bad_nsec", utimensat(AT_FDCWD, "m", bad, 0), EINVAL);
    struct timespec both_omit[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
    check_ok("utimensat_omit_missing", utimensat(AT_FDCWD, "missing", both_omit, 0));
    check_ok("utimensat_now", utimensat(AT_FDCWD, "m", NULL, 0));
    close(fd);

    check_ok("access_f", access("m", F_OK));
    check_ok("access_rw", access("m", R_OK | W_OK));
    check_err("access_missing", access("missing", F_OK), ENOENT);
    check_err("access_bad_mode", access("m", 8), EINVAL);
    check_err("faccessat_bad_flags", faccessat(AT_FDCWD, "m", F_OK, 0x4), EINVAL);
    chmod("m", 0644);
    check_err("access_x_no_bits", access("m", X_OK), EACCES);
    chmod("m", 0744);
    check_ok("access_x_owner_bit", access("m", X_OK));

    struct statx sx;
    check_ok("statx", statx(AT_FDCWD, "m", 0, STATX_BASIC_STATS, &sx));
    check_u32("statx_mode", sx.stx_mode, S_IFREG | 0744);
    check_i64("statx_size", sx.stx_size, 0);
    check_u32("statx_nlink", sx.stx_nlink, 1);
    check_true("statx_basic", (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
    check_err("statx_reserved_mask", statx(AT_FDCWD, "m", 0, 0x80000000u, &sx), EINVAL);

    struct statfs sf;
    check_ok("statfs", statfs(".", &sf));
    check_true("statfs_bsize", sf.f_bsize > 0 && sf.f_namelen == 255);
    fd = open("m", O_RDONLY);
    check_ok("fstatfs", fstatfs(fd, &sf));
    close(fd);
    unlink("m");
}

static void test_devices(void) {
    struct stat st;
    char buf[16];
    int fd = open("/dev/null", O_RDWR);
    check_true("dev_null_open", fd >= 0);
    check_i64("dev_null_write", write(fd, "abc", 3), 3);
    check_i64("dev_null_read", read(fd, buf, sizeof buf), 0);
    check_i64("dev_null_lseek", lseek(fd, 100, SEEK_SET), 0);
    fstat(fd, &st);
    check_true("dev_null_chr", S_ISCHR(st.st_mode));
    check_u32("dev_null_rdev", major(st.st_rdev) << 8 | minor(st.st_rdev), 0x103);
    close(fd);
    fd = open("/dev/zero", O_RDONLY);
    memset(buf, 7, sizeof buf);
    check_i64("dev_zero_read", read(fd, buf, sizeof buf), 16);
    check_true("dev_zero_zeros", buf[0] == 0 && buf[15] == 0);
    close(fd);
    fd = open("/dev/full", O_WRONLY);
    check_err("dev_full_write", write(fd, "x", 1), ENOSPC);
    close(fd);
    fd = open("/dev/urandom", O_RDONLY);
    check_i64("dev_urandom_read", read(fd, buf, sizeof buf), 16);
    close(fd);
    stat("/dev/zero", &st);
    check_u32("dev_zero_rdev", major(st.st_rdev) << 8 | minor(st.st_rdev), 0x105);
    stat("/dev/urandom", &st);
    check_u32("dev_urandom_rdev", major(st.st_rdev) << 8 | minor(st.st_rdev), 0x109);
    check_ok("dev_shm", stat("/dev/shm", &st));
    check_true("dev_shm_dir", S_ISDIR(st.st_mode));
}

int main(void) {
    char base[PATH_MAX];
    snprintf(base, sizeof base, "/tmp/fs_calls.%d", (int)getpid());
    umask(022);
    check_ok("mkdir_base", mkdir(base, 0755));
    check_ok("chdir_base", chdir(base));

    test_io();
    test_fds();
    test_dirs(base);
    test_links();
    test_rename();
    test_attrs();
    list_dir("listing", ".",
             "a:f d:d dang:l dl:l l1:l l2:l lnk2:l lnk:l rootlink:l target:f");
    list_dir("listing_sub", "d", "f:f sub:d");
    test_devices();

    /* clean up, checking the calls as we go */
    const char *files[] = {"a", "dang", "dl", "l1", "l2", "lnk", "lnk2", "rootlink", "target", "d/f"};
    int bad = 0;
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) bad |= unlink(files[i]);
    bad |= rmdir("d/sub");
    bad |= rmdir("d");
    check_ok("cleanup_unlink", bad);
    list_dir("listing_empty", ".", "");
    chdir("/");
    check_ok("rmdir_base", rmdir(base));
    struct stat st;
    check_err("base_gone", stat(base, &st), ENOENT);
    return finish("fs_calls");
}
