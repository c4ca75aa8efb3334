/**
 * The kernel object ({@link dev.javix.kernel.Kernel}): one per run, no static mutable state. Lock order
 * across the kernel, outer first: Process, AddressSpace, Task, WaitQueue.
 */
package dev.javix.kernel;
