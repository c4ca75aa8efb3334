/* abort_signal: calls abort(), so the process dies by SIGABRT (the harness compares the
 * terminating signal). The line printed before is flushed explicitly: abort() does not flush
 * stdio buffers. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("about to abort\n");
    fflush(stdout);
    abort();
}
