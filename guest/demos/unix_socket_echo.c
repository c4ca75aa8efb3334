/* unix_socket_echo: a UNIX stream socket server on a path in /tmp, a client, SO_PEERCRED. */
#define _GNU_SOURCE /* struct ucred */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "demo.h"

static const char HELP[] =
    "unix_socket_echo: UNIX domain sockets are the socket API (socket, bind, listen, accept,\n"
    "connect) for processes on the same machine; the address is a path in the file system.\n"
    "Unlike a pipe, a connection is two-way, and a server can accept many clients, each on its\n"
    "own connected socket. Here the server binds /tmp/echo_demo.<pid>.sock (a file of type 's'),\n"
    "listens, and a client process connects to that path and sends three lines; the server\n"
    "answers each one in upper case. Because both ends are on one machine, the kernel knows\n"
    "exactly who is at the other end: getsockopt(SO_PEERCRED) gives the peer's pid, uid and\n"
    "gid as they were at connect() time - servers such as D-Bus use it to decide what a client\n"
    "may do. After the server closes its listening socket, connect() is refused\n"
    "(ECONNREFUSED) although the file is still there; the server must unlink() it.\n";

static void say_peer(const char *who, int s) {
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0)
        printf("%s SO_PEERCRED: pid %d, uid %d, gid %d\n", who, (int)cred.pid, (int)cred.uid, (int)cred.gid);
    else
        printf("%s SO_PEERCRED failed: %s\n", who, strerror(errno));
}

/* Reads one '\n'-terminated line from a stream socket; its length, 0 at EOF. */
static int read_line(int s, char *out, int n) {
    int i = 0;
    char c;
    while (i + 1 < n && read(s, &c, 1) == 1) {
        if (c == '\n') break;
        out[i++] = c;
    }
    out[i] = 0;
    return i;
}

static int client(const char *path) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
    if (connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) {
        printf("  client: connect failed: %s\n", strerror(errno));
        return 1;
    }
    char line[128];
    read_line(s, line, sizeof line); /* the greeting: the server has accepted us */
    printf("  client %d: connected; the server says \"%s\".\n", (int)getpid(), line);
    say_peer("  client: the server's", s);
    const char *words[] = {"hello", "unix sockets", "bye"};
    for (int i = 0; i < 3; i++) {
        dprintf(s, "%s\n", words[i]);
        read_line(s, line, sizeof line);
        printf("  client: sent \"%s\", got back \"%s\"\n", words[i], line);
    }
    close(s); /* the server's read() sees EOF */
    return 0;
}

int main(int argc, char **argv) {
    if (asked_for_help(argc, argv, HELP)) return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    char path[64];
    snprintf(path, sizeof path, "/tmp/echo_demo.%d.sock", (int)getpid());
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    if (ls < 0) {
        printf("socket(AF_UNIX) failed: %s - no UNIX sockets in this kernel?\n", strerror(errno));
        return 1;
    }
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
    unlink(path);
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) || listen(ls, 5)) {
        printf("bind/listen %s failed: %s\n", path, strerror(errno));
        return 1;
    }
    struct stat st;
    stat(path, &st);
    printf("server %d: socket + bind(\"%s\") + listen: the path is now a file of type '%s'.\n", (int)getpid(),
           path, S_ISSOCK(st.st_mode) ? "s (socket)" : "?");
    printf("server: fork a client process; it will connect to the path.\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(ls);
        _exit(client(path));
    }
    int c = accept(ls, NULL, NULL);
    if (c < 0) {
        printf("accept failed: %s\n", strerror(errno));
        return 1;
    }
    printf("server: accept() returned a new socket, %d, for this one client (%d keeps listening).\n", c, ls);
    say_peer("server: the client's", c);
    printf("server: the client's pid really is %d (fork returned it).\n", (int)pid);
    fflush(stdout);
    dprintf(c, "welcome\n");
    /* from here on the client prints first and the server answers after, one line at a time */
    char line[128];
    int n, lines = 0;
    while ((n = read_line(c, line, sizeof line)) > 0) {
        for (int i = 0; i < n; i++) line[i] = (char)toupper((unsigned char)line[i]);
        dprintf(c, "%s\n", line);
        lines++;
    }
    waitpid(pid, NULL, 0);
    printf("server: read() returned 0 after %d lines: the client closed its end.\n", lines);
    close(c);
    close(ls);

    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    int r = connect(s, (struct sockaddr *)&addr, sizeof addr);
    printf("\nAfter close(listening socket): connect(\"%s\") -> %d, %s%s;\n", path, r,
           r < 0 && errno == ECONNREFUSED ? "ECONNREFUSED: " : "", r < 0 ? strerror(errno) : "connected?!");
    close(s);
    printf("the file is still there (%s) until unlink(), which the server does now.\n",
           stat(path, &st) == 0 ? "stat works" : strerror(errno));
    unlink(path);
    return 0;
}
