/* segv: stores to address 0, so the process dies by SIGSEGV (no handler installed). */
#include <stdio.h>

int main(void) {
    printf("about to write to NULL\n");
    fflush(stdout);
    *(volatile int *)0 = 42;
    printf("FAIL still alive after writing to NULL\n");
    return 1;
}
