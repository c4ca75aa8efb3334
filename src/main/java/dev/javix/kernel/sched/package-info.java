/**
 * Scheduling: virtual CPUs (host threads) running tasks for instruction-counted slices from one run queue,
 * wait queues, timers and clocks. No virtual CPU blocks for a guest: waiting is a task off the run queue.
 *
 * <p>Concurrency. The scheduler takes no lock of its own: the run queue is a concurrent queue;
 * {@code Scheduler.netPoller} is written only by the CPU that polls the network, and
 * {@code handoff} only read and written by it; the {@link dev.javix.kernel.sched.NetworkConsumer}
 * is written only by the thread that polls the network (the event thread or that CPU, one at a
 * time, under the event loop's poll lock) and read by idle CPUs through volatile fields; each {@code VirtualCpu}'s
 * {@code running} is written by its own thread only. A task's hand-over
 * between CPUs goes through {@code Task.takeCpu}/{@code leaveCpu}, and its sleep and wake-up
 * through its wake sequence, so a wake-up is never lost between the two.
 */
package dev.javix.kernel.sched;
