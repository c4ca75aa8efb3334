/* pipe_throughput: one process writes N MiB into a pipe in 64 KiB writes, another reads them
 * with 64 KiB reads; prints the rate (see stream_throughput.h for how it is measured).
 * Portable C: built for RISC-V (run under javix and qemu-riscv64) and natively for the host.
 *
 *   pipe_throughput [N]     N MiB (default 1024); prints "pipe throughput: X MB/s"
 *                           (MB = 10^6 bytes) */
#include "stream_throughput.h"

int main(int argc, char **argv) {
    return throughput_main(argc, argv, 1024, pipe, "pipe", "pipe throughput");
}
