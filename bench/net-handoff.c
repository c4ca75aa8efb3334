/* net-handoff: the thread hand-offs under the POSIX aio server, measured alone (bench/RESULTS.md,
 * "Network I/O models"): a semaphore ping-pong between two threads (futex wait/wake), a
 * sigqueue(3) -> sigtimedwait(2) ping-pong (how glibc's aio helper threads notify with
 * SIGEV_SIGNAL), and a ping-pong where one side waits with sem_timedwait (glibc's idle helper
 * threads wait with an absolute CLOCK_REALTIME timeout). Prints microseconds per round trip.
 *   riscv64-linux-gnu-gcc -static -O2 -o net-handoff bench/net-handoff.c -lpthread
 *   qemu-riscv64 ./net-handoff; ./javix run ./net-handoff */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <semaphore.h>
static sem_t a1, b1, a2, a3, b3; static int sig; static pid_t pid;
static double now(){ struct timespec t; clock_gettime(CLOCK_MONOTONIC,&t); return t.tv_sec+t.tv_nsec/1e9; }
static void *semthr(void *x){ for(;;){ sem_wait(&a1); sem_post(&b1);} }
static void *sigthr(void *x){ union sigval v={0}; for(;;){ sem_wait(&a2); sigqueue(pid, sig, v);} }
static void *condthr(void *x){ struct timespec ts; for(;;){ clock_gettime(CLOCK_REALTIME,&ts); ts.tv_sec+=1; if (sem_timedwait(&a3,&ts)==0) sem_post(&b3);} }
int main(){ setvbuf(stdout,0,_IONBF,0); pid=getpid(); sig=SIGRTMIN+2; sigset_t s; sigemptyset(&s); sigaddset(&s,sig); pthread_sigmask(SIG_BLOCK,&s,0);
 sem_init(&a1,0,0); sem_init(&b1,0,0); sem_init(&a2,0,0); sem_init(&a3,0,0); sem_init(&b3,0,0); pthread_t t; int N=2000;
 pthread_create(&t,0,semthr,0); double t0=now(); for(int i=0;i<N;i++){ sem_post(&a1); sem_wait(&b1);} printf("sem ping-pong: %.1f us\n",(now()-t0)/N*1e6);
 pthread_create(&t,0,sigthr,0); t0=now(); siginfo_t si; struct timespec ts={1,0}; int lost=0; for(int i=0;i<N;i++){ sem_post(&a2); if (sigtimedwait(&s,&si,&ts)<0) lost++;} printf("sigqueue->sigtimedwait ping-pong: %.1f us (lost %d)\n",(now()-t0)/N*1e6, lost);
 pthread_create(&t,0,condthr,0); t0=now(); for(int i=0;i<N;i++){ sem_post(&a3); sem_wait(&b3);} printf("sem_timedwait ping-pong: %.1f us\n",(now()-t0)/N*1e6);
 return 0; }
