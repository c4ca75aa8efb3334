/* hello: the first program javix runs. Prints integers, floats and doubles in several
 * printf formats, so a glance shows whether the CPU, libc and the syscalls agree with Linux. */
#include <stdio.h>
#include <math.h>

int main(int argc, char **argv) {
    printf("Hello from RISC-V 64 on javix!\n");
    printf("int: %d %u %x %o %ld\n", -42, 42u, 0xbeefu, 8u, -1234567890123L);
    printf("float: %f %.3f %e %g\n", 3.14159f, 2.5f, 1.0f / 3.0f, 1e-5f);
    printf("double: %f %.15g %e %a\n", M_PI, sqrt(2.0), exp(1.0), 0.1);
    for (int i = 1; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
    return 0;
}
