/* unix_stream_throughput: one process writes N MiB into a UNIX stream socket (one end of a
 * socketpair) in 64 KiB writes, the other reads them with 64 KiB reads; prints the rate (see
 * stream_throughput.h for how it is measured). Portable C: built for RISC-V (run under javix
 * and qemu-riscv64) and natively for the host.
 *
 *   unix_stream_throughput [N]   N MiB (default 2048); prints "unix stream throughput: X MB/s"
 *                                (MB = 10^6 bytes) */
#include <sys/socket.h>
#include "stream_throughput.h"

static int stream_pair(int fds[2]) {
    return socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
}

int main(int argc, char **argv) {
    return throughput_main(argc, argv, 2048, stream_pair, "socketpair", "unix stream throughput");
}
