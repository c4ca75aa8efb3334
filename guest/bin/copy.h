/* copy.h: copying files and trees, shared by cp and mv (mv copies when rename(2) says EXDEV).
 * Regular files are copied with read/write, directories recursively, symbolic links as links,
 * FIFOs and devices with mknod; with preserve, mode, owner and times follow the source. */
#ifndef JAVIX_COPY_H
#define JAVIX_COPY_H

#include "tools.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

struct copy_opts {
    int recursive;  /* copy directories (cp -r) */
    int preserve;   /* mode, owner, times (cp -p, mv) */
    int force;      /* remove a destination that cannot be opened, and retry */
    int verbose;
};

/* "DIR/NAME" with one slash between, malloc'd. */
static __attribute__((unused)) char *path_join(const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    memcpy(p, dir, a);
    size_t k = a;
    if (!a || dir[a - 1] != '/') p[k++] = '/';
    memcpy(p + k, name, b + 1);
    return p;
}

/* The last component of a path, ignoring trailing slashes, malloc'd. */
static __attribute__((unused)) char *base_name(const char *path) {
    char *p = strdup(path);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') p[--n] = 0;
    char *s = strrchr(p, '/');
    char *r = strdup(s && s[1] ? s + 1 : p);
    free(p);
    return r;
}

static void copy_attributes(const char *dst, const struct stat *st, int is_link) {
    if (is_link) {
        lchown(dst, st->st_uid, st->st_gid);
    } else {
        chown(dst, st->st_uid, st->st_gid);
        chmod(dst, st->st_mode & 07777);
    }
    struct timespec times[2] = {st->st_atim, st->st_mtim};
    utimensat(AT_FDCWD, dst, times, AT_SYMLINK_NOFOLLOW);
}

static int copy_regular(const char *src, const char *dst, const struct stat *st, const struct copy_opts *o) {
    int in = open(src, O_RDONLY);
    if (in < 0) {
        warn_("cannot open '%s' for reading", src);
        return -1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
    if (out < 0 && o->force && errno != ENOENT && unlink(dst) == 0)
        out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
    if (out < 0) {
        warn_("cannot create regular file '%s'", dst);
        close(in);
        return -1;
    }
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0) {
                warn_("error writing '%s'", dst);
                rc = -1;
                goto done;
            }
            off += w;
        }
    }
    if (n < 0) {
        warn_("error reading '%s'", src);
        rc = -1;
    }
done:
    close(in);
    if (close(out) < 0 && !rc) {
        warn_("error writing '%s'", dst);
        rc = -1;
    }
    return rc;
}

/* Copies src (already lstat'ed into st) to dst; 0 or -1 (reported). */
static int copy_tree(const char *src, const char *dst, const struct stat *st, const struct copy_opts *o) {
    int rc = 0;
    if (S_ISDIR(st->st_mode)) {
        if (!o->recursive) {
            warnx_("-r not specified; omitting directory '%s'", src);
            return -1;
        }
        struct stat dst_st;
        if (stat(dst, &dst_st) < 0) {
            if (mkdir(dst, (st->st_mode & 0777) | 0700) < 0) {
                warn_("cannot create directory '%s'", dst);
                return -1;
            }
        } else if (!S_ISDIR(dst_st.st_mode)) {
            warnx_("cannot overwrite non-directory '%s' with directory '%s'", dst, src);
            return -1;
        }
        if (o->verbose) printf("'%s' -> '%s'\n", src, dst);
        DIR *d = opendir(src);
        if (!d) {
            warn_("cannot access '%s'", src);
            return -1;
        }
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char *s = path_join(src, e->d_name), *t = path_join(dst, e->d_name);
            struct stat cst;
            if (lstat(s, &cst) < 0) {
                warn_("cannot stat '%s'", s);
                rc = -1;
            } else if (copy_tree(s, t, &cst, o) < 0) {
                rc = -1;
            }
            free(s);
            free(t);
        }
        closedir(d);
        if (o->preserve) copy_attributes(dst, st, 0);
        return rc;
    }
    if (o->verbose) printf("'%s' -> '%s'\n", src, dst);
    if (S_ISLNK(st->st_mode)) {
        char target[4096];
        ssize_t n = readlink(src, target, sizeof target - 1);
        if (n < 0) {
            warn_("cannot read symbolic link '%s'", src);
            return -1;
        }
        target[n] = 0;
        if (symlink(target, dst) < 0 && !(errno == EEXIST && o->force && unlink(dst) == 0 && symlink(target, dst) == 0)) {
            warn_("cannot create symbolic link '%s'", dst);
            return -1;
        }
        if (o->preserve) copy_attributes(dst, st, 1);
        return 0;
    }
    if (S_ISREG(st->st_mode)) {
        rc = copy_regular(src, dst, st, o);
    } else if (mknod(dst, st->st_mode, st->st_rdev) < 0) {
        warn_("cannot create special file '%s'", dst);
        return -1;
    }
    if (!rc && o->preserve) copy_attributes(dst, st, 0);
    return rc;
}

#endif
