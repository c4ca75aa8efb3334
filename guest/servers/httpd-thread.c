/*
 * httpd-thread: blocking I/O, one thread per connection (the primer's 阻塞式 model with the
 * 多线程 remedy). The main thread blocks in accept(2); each connection gets a detached POSIX
 * thread that blocks in read(2)/write(2) for its client. Cheaper than a process, but every
 * connection still holds a stack and a schedulable thread.
 */
#include "http.h"
#include <pthread.h>

static const char help[] =
    "I/O model: blocking I/O with a thread per connection (阻塞式I/O + 多线程, see the primer's\n"
    "网络I/O模型 chapter). The main thread blocks in accept(); every connection gets a new\n"
    "thread that blocks in read()/write() for that client. Cheaper than a process per\n"
    "connection (shared address space, no fork), but each connection still costs a stack\n"
    "(64 KiB here) and a thread the scheduler must switch between; with thousands of\n"
    "connections that cost dominates.\n";

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static long live_threads; /* guarded by lock */

static void *serve(void *arg) {
    http_serve_blocking((int) (long) arg);
    pthread_mutex_lock(&lock);
    if (--live_threads == 0) pthread_cond_broadcast(&idle);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(int argc, char **argv) {
    server_name = "httpd-thread";
    server_model = "blocking, thread per connection (pthread)";
    struct options o = parse_options(argc, argv, help);
    int lfd = http_listen(&o, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (long served = 0; o.max_conns == 0 || served < o.max_conns;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOMEM) { usleep(1000); continue; }
            die("accept");
        }
        served++;
        pthread_t t;
        pthread_mutex_lock(&lock);
        live_threads++;
        pthread_mutex_unlock(&lock);
        int e = pthread_create(&t, &attr, serve, (void *) (long) fd);
        if (e) {
            if (!o.quiet) fprintf(stderr, "%s: pthread_create: %s\n", server_name, strerror(e));
            close(fd);
            pthread_mutex_lock(&lock);
            live_threads--;
            pthread_mutex_unlock(&lock);
        }
    }
    close(lfd);
    pthread_mutex_lock(&lock);
    while (live_threads > 0) pthread_cond_wait(&idle, &lock);
    pthread_mutex_unlock(&lock);
    return 0;
}
