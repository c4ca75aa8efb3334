/**
 * The system call table as data, and thin handlers, one family per file. Handlers decode arguments, call
 * the kernel, and return a value, -errno, or BLOCK; only the dispatcher writes a0.
 */
package dev.javix.syscall;
