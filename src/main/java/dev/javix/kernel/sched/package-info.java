/**
 * Scheduling: virtual CPUs (host threads) running tasks for instruction-counted slices from one run queue,
 * wait queues, timers and clocks. No virtual CPU blocks for a guest: waiting is a task off the run queue.
 */
package dev.javix.kernel.sched;
