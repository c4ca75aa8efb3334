/* sigill: executes an all-zero instruction word (defined to be illegal), so the process dies
 * by SIGILL (no handler installed). */
#include <stdio.h>

int main(void) {
    printf("about to execute an illegal instruction\n");
    fflush(stdout);
    __asm__ volatile(".4byte 0");
    printf("FAIL still alive after an illegal instruction\n");
    return 1;
}
