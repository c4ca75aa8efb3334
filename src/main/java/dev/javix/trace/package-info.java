/** Read-only views of what the kernel does: the strace-style --trace. */
package dev.javix.trace;
