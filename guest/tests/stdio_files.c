/* stdio_files: files through stdio and the raw syscalls, in a fresh directory under /tmp
 * (created with mkdtemp, so runs never collide and the name is never printed): fopen/fprintf/
 * fputs/fwrite/fflush/fclose, fopen "r"/"a"/"r+", fseek/ftell/rewind/fread/fgets/fgetc/ungetc,
 * feof, reading past the end, open/read/write/lseek/pread/pwrite/ftruncate/fstat on the same
 * file, stat (size and S_ISREG only), rename, mkdir/rmdir, opendir/readdir listing sorted
 * names (only entries created here), unlink, errno + strerror for a missing file and other
 * failures, a large (1 MiB) file written and read back with a checksum, and a write to stderr
 * (stderr is not compared). */
#define _GNU_SOURCE
#include "check.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void path(char *out, const char *name) { snprintf(out, 128, "%s/%s", dir, name); }

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list_dir(const char *label, const char *d) {
    DIR *dp = opendir(d);
    check_true("opendir", dp != NULL);
    if (!dp) return;
    char *names[64];
    int n = 0, dots = 0;
    struct dirent *e;
    while ((e = readdir(dp)) && n < 64) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
            dots++;
            continue;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(dp);
    qsort(names, n, sizeof names[0], cmp_names);
    printf("%s: %d entries (+%d dot entries):", label, n, dots);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void stdio_part(void) {
    char p[128];
    path(p, "text.txt");
    FILE *f = fopen(p, "w");
    check_true("fopen w", f != NULL);
    if (!f) return;
    for (int i = 0; i < 10; i++) fprintf(f, "line %d: %s %.3f\n", i, i % 2 ? "odd" : "even", i / 7.0);
    fputs("last line without newline", f);
    check_i64("ftell after writing", ftell(f), 210);
    check_i64("fclose", fclose(f), 0);

    struct stat st;
    check_i64("stat", stat(p, &st), 0);
    printf("size = %lld, regular = %s\n", (long long)st.st_size, S_ISREG(st.st_mode) ? "yes" : "no");
    check_i64("stat size", st.st_size, 210);
    check_true("S_ISREG", S_ISREG(st.st_mode));

    f = fopen(p, "r");
    check_true("fopen r", f != NULL);
    if (!f) return;
    char line[128];
    int lines = 0;
    uint64_t h = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        for (char *c = line; *c; c++) h = mix64(h, (unsigned char)*c);
        if (lines == 4) printf("4th line: %s", line);
    }
    check_i64("lines read", lines, 11);
    check_true("feof", feof(f) != 0);
    check_sum("text contents", h, 0);
    check_i64("fseek SEEK_SET", fseek(f, 8, SEEK_SET), 0);
    check_i64("fgetc", fgetc(f), 'e');
    check_i64("ungetc", ungetc('E', f), 'E');
    check_i64("fgetc after ungetc", fgetc(f), 'E');
    check_i64("fseek SEEK_END", fseek(f, -9, SEEK_END), 0);
    size_t got = fread(line, 1, sizeof line, f);
    line[got] = 0;
    check_str("fread tail", line, "t newline");
    check_i64("fread past end", fread(line, 1, 10, f), 0);
    check_i64("fgetc at EOF", fgetc(f), EOF);
    rewind(f);
    check_i64("ftell after rewind", ftell(f), 0);
    check_i64("fseek SEEK_CUR", fseek(f, 5, SEEK_CUR), 0);
    check_i64("fgetc after SEEK_CUR", fgetc(f), '0');
    fclose(f);

    f = fopen(p, "a");
    fprintf(f, "\nappended");
    fclose(f);
    f = fopen(p, "r+");
    fseek(f, 0, SEEK_SET);
    fputs("LINE", f);
    fseek(f, 0, SEEK_END);
    check_i64("size after append", ftell(f), 219);
    fseek(f, 0, SEEK_SET);
    got = fread(line, 1, 12, f);
    line[got] = 0;
    check_str("r+ overwrite", line, "LINE 0: even");
    fclose(f);

    /* A 1 MiB file through stdio, read back in odd-sized chunks. */
    path(p, "big.bin");
    f = fopen(p, "wb");
    static unsigned char big[1 << 20];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (unsigned char)(i * 2654435761u >> 13);
    check_u64("fwrite 1 MiB", fwrite(big, 1, sizeof big, f), sizeof big);
    fclose(f);
    f = fopen(p, "rb");
    memset(big, 0, sizeof big);
    size_t total = 0, n;
    while ((n = fread(big + total, 1, 7777, f)) > 0) total += n;
    fclose(f);
    check_u64("fread 1 MiB", total, sizeof big);
    int same = 1;
    for (size_t i = 0; i < sizeof big; i++)
        if (big[i] != (unsigned char)(i * 2654435761u >> 13)) same = 0;
    check_true("1 MiB contents", same);
}

static void syscalls_part(void) {
    char p[128];
    path(p, "raw.dat");
    int fd = open(p, O_CREAT | O_RDWR | O_TRUNC, 0644);
    check_true("open O_CREAT", fd >= 0);
    if (fd < 0) return;
    check_i64("write", write(fd, "0123456789", 10), 10);
    check_i64("lseek SEEK_CUR", lseek(fd, 0, SEEK_CUR), 10);
    check_i64("lseek SEEK_SET", lseek(fd, 2, SEEK_SET), 2);
    char b[32] = {0};
    check_i64("read", read(fd, b, 3), 3);
    check_str("read data", b, "234");
    check_i64("pwrite", pwrite(fd, "AB", 2, 8), 2);
    memset(b, 0, sizeof b);
    check_i64("pread", pread(fd, b, 20, 6), 4);
    check_str("pread data", b, "67AB");
    check_i64("lseek unchanged by pread/pwrite", lseek(fd, 0, SEEK_CUR), 5);
    check_i64("lseek past end", lseek(fd, 100, SEEK_SET), 100);
    check_i64("write after hole", write(fd, "Z", 1), 1);
    struct stat st;
    check_i64("fstat", fstat(fd, &st), 0);
    check_i64("fstat size with hole", st.st_size, 101);
    check_i64("pread hole reads zeros", pread(fd, b, 4, 50), 4);
    check_true("hole is zero", b[0] == 0 && b[3] == 0);
    check_i64("ftruncate", ftruncate(fd, 4), 0);
    check_i64("fstat after truncate", (fstat(fd, &st), st.st_size), 4);
    check_i64("read at old position after truncate", read(fd, b, 4), 0);
    check_i64("close", close(fd), 0);
    errno = 0;
    check_i64("read on closed fd", read(fd, b, 1), -1);
    check_str("errno for closed fd", strerror(errno), "Bad file descriptor");

    int fd2 = open(p, O_CREAT | O_EXCL | O_WRONLY, 0644);
    check_i64("O_EXCL on existing file", fd2, -1);
    check_str("errno O_EXCL", strerror(errno), "File exists");

    char q[128];
    path(q, "renamed.dat");
    check_i64("rename", rename(p, q), 0);
    check_i64("old name gone", access(p, F_OK), -1);
    check_i64("new name present", access(q, F_OK), 0);
    char sub[128];
    path(sub, "subdir");
    check_i64("mkdir", mkdir(sub, 0755), 0);
    check_i64("mkdir again", mkdir(sub, 0755), -1);
    check_str("errno mkdir again", strerror(errno), "File exists");
    struct stat sd;
    check_true("stat dir S_ISDIR", stat(sub, &sd) == 0 && S_ISDIR(sd.st_mode));
    list_dir("directory listing", dir);
    check_i64("rmdir", rmdir(sub), 0);
    check_i64("unlink", unlink(q), 0);
}

static void errors_part(void) {
    errno = 0;
    FILE *f = fopen("/nonexistent-dir/missing-file", "r");
    check_true("fopen missing fails", f == NULL);
    printf("errno name: %s (%s)\n", errno == ENOENT ? "ENOENT" : "other", strerror(errno));
    check_i64("errno ENOENT", errno, ENOENT);
    char p[128];
    path(p, "plain");
    close(open(p, O_CREAT | O_WRONLY, 0600));
    check_i64("open O_DIRECTORY on a file", open(p, O_RDONLY | O_DIRECTORY) >= 0 ? 0 : errno, ENOTDIR);
    check_i64("opendir on a file", opendir(p) == NULL ? errno : 0, ENOTDIR);
    unlink(p);
    path(p, "missing");
    check_i64("unlink missing", unlink(p), -1);
    check_i64("errno unlink missing", errno, ENOENT);
    check_i64("rmdir non-empty", (mkdir(p, 0700), path(p, "missing/x"), close(open(p, O_CREAT | O_WRONLY, 0600)), path(p, "missing"), rmdir(p)), -1);
    check_str("errno rmdir non-empty", strerror(errno), "Directory not empty");
    path(p, "missing/x");
    unlink(p);
    path(p, "missing");
    rmdir(p);
    fprintf(stderr, "this line goes to stderr (not compared)\n");
}

int main(void) {
    strcpy(dir, "/tmp/javix-stdio-XXXXXX");
    if (!mkdtemp(dir)) {
        printf("FAIL mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    list_dir("empty directory", dir);
    stdio_part();
    char p[128];
    path(p, "text.txt");
    list_dir("after stdio part", dir);
    unlink(p);
    path(p, "big.bin");
    unlink(p);
    syscalls_part();
    errors_part();
    list_dir("at the end", dir);
    check_i64("rmdir temp dir", rmdir(dir), 0);
    check_i64("temp dir gone", access(dir, F_OK), -1);
    return finish("stdio_files");
}
