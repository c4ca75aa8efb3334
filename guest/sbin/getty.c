/* getty: opens a terminal and logs a user in on it (the primer's getty进程).
 *
 *   getty [-a USER] [TTY]        (defaults: root, /dev/console)
 *
 * init starts getty; getty
 *   1. calls setsid(2): a new session, with getty as its leader and no controlling terminal;
 *   2. opens TTY, which as the first terminal a session leader opens becomes the session's
 *      controlling terminal (TIOCSCTTY makes sure), and puts it on fds 0, 1 and 2;
 *   3. looks USER up in /etc/passwd (a static program: no NSS, the file is read directly),
 *      takes the user's group and id, and changes to the home directory;
 *   4. prints /etc/motd and execs the user's shell as a login shell: argv[0] is "-sh", as
 *      login(1) does, with HOME, PATH, USER, LOGNAME, SHELL and TERM set.
 * Like agetty --autologin it asks for no name and no password: javix's console is its owner's.
 * getty's process becomes the shell, so the shell leads the session and owns the terminal.
 * If TTY cannot be opened getty keeps the descriptors init gave it (the console). When
 * javix's own stdin is a pipe or a file, the console init got is not a terminal: getty then
 * keeps it and adds -i, so the shell prompts and reads the script line by line (no job control).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct user {
    char name[64], home[256], shell[256];
    int uid, gid;
};

/* Reads the passwd(5) line of name: name:passwd:uid:gid:gecos:home:shell. */
static int find_user(const char *name, struct user *u) {
    FILE *f = fopen("/etc/passwd", "r");
    if (!f) return -1;
    char line[1024];
    int found = -1;
    while (found < 0 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *field[7];
        int n = 0;
        for (char *p = line; n < 7; n++) {
            field[n] = p;
            char *colon = strchr(p, ':');
            if (!colon) {
                n++;
                break;
            }
            *colon = 0;
            p = colon + 1;
        }
        if (n < 7 || strcmp(field[0], name) != 0) continue;
        snprintf(u->name, sizeof u->name, "%s", field[0]);
        u->uid = atoi(field[2]);
        u->gid = atoi(field[3]);
        snprintf(u->home, sizeof u->home, "%s", field[5][0] ? field[5] : "/");
        snprintf(u->shell, sizeof u->shell, "%s", field[6][0] ? field[6] : "/bin/sh");
        found = 0;
    }
    fclose(f);
    return found;
}

static void print_file(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) write(1, buf, n);
    close(fd);
}

int main(int argc, char **argv) {
    const char *user = "root", *tty = "/dev/console";
    int opt;
    while ((opt = getopt(argc, argv, "a:")) != -1) {
        if (opt == 'a') user = optarg;
        else {
            fprintf(stderr, "usage: getty [-a USER] [TTY]\n");
            return 2;
        }
    }
    if (optind < argc) tty = argv[optind];

    /* javix's stdin a pipe or file (the console as init got it is no terminal): keep those
     * descriptors, so that a script drives the session line by line; the shell is made
     * interactive (-i: prompts, no line editing) but has no terminal, so no job control. */
    int scripted = !isatty(0) && strcmp(tty, "/dev/console") == 0;
    if (setsid() < 0) fprintf(stderr, "getty: setsid: %s\n", strerror(errno));
    int fd = scripted ? -1 : open(tty, O_RDWR);
    if (!scripted && fd < 0) fprintf(stderr, "getty: %s: %s\n", tty, strerror(errno));
    if (fd >= 0) {
        ioctl(fd, TIOCSCTTY, 0); /* ENOTTY if the console is not a terminal: then there is no job control */
        for (int i = 0; i < 3; i++) if (fd != i) dup2(fd, i);
        if (fd > 2) close(fd);
    }

    struct user u;
    if (find_user(user, &u) < 0) {
        fprintf(stderr, "getty: %s: no such user in /etc/passwd\n", user);
        return 1;
    }
    if (setgid(u.gid) < 0 || setuid(u.uid) < 0) {
        fprintf(stderr, "getty: cannot become %s: %s\n", u.name, strerror(errno));
        return 1;
    }
    if (chdir(u.home) < 0) {
        fprintf(stderr, "getty: %s: %s; starting in /\n", u.home, strerror(errno));
        chdir("/");
    }

    const char *term = getenv("TERM");
    char *env[8], buf[6][300];
    snprintf(buf[0], sizeof buf[0], "HOME=%s", u.home);
    snprintf(buf[1], sizeof buf[1], "PATH=%s", u.uid == 0 ? "/sbin:/bin:/usr/sbin:/usr/bin" : "/bin:/usr/bin");
    snprintf(buf[2], sizeof buf[2], "USER=%s", u.name);
    snprintf(buf[3], sizeof buf[3], "LOGNAME=%s", u.name);
    snprintf(buf[4], sizeof buf[4], "SHELL=%s", u.shell);
    snprintf(buf[5], sizeof buf[5], "TERM=%s", term && *term ? term : "vt100");
    for (int i = 0; i < 6; i++) env[i] = buf[i];
    const char *lc = getenv("LC_ALL");
    char lcbuf[300];
    int n = 6;
    if (lc) {
        snprintf(lcbuf, sizeof lcbuf, "LC_ALL=%s", lc);
        env[n++] = lcbuf;
    }
    env[n] = NULL;

    print_file("/etc/motd");

    /* A login shell: argv[0] starts with '-' (login(1)), so it reads /etc/profile. */
    const char *base = strrchr(u.shell, '/');
    char arg0[sizeof u.shell + 1];
    snprintf(arg0, sizeof arg0, "-%s", base ? base + 1 : u.shell);
    char interactive[] = "-i";
    char *sh_argv[] = {arg0, scripted ? interactive : NULL, NULL};
    execve(u.shell, sh_argv, env);
    fprintf(stderr, "getty: %s: %s\n", u.shell, strerror(errno));
    return 1;
}
