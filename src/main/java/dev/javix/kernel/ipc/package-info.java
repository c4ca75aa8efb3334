/**
 * System V IPC (svipc(7)): message queues ({@link dev.javix.kernel.ipc.MessageQueues}), shared
 * memory segments ({@link dev.javix.kernel.ipc.SharedMemory}) and semaphore sets
 * ({@link dev.javix.kernel.ipc.Semaphores}), one {@link dev.javix.kernel.ipc.IpcNamespace} per
 * kernel. Keys, ids and permissions are common ({@link dev.javix.kernel.ipc.IpcIds},
 * {@link dev.javix.kernel.ipc.IpcPerm}); Linux's limits are in {@link dev.javix.kernel.ipc.IpcLimits}.
 * POSIX message queues (mq_overview(7), the {@code Mqueue*} classes) live here too, apart from
 * the System V registries and with their own lock order (MqueueRegistry → Mqueue).
 *
 * <p>Blocking follows design decision 2: msgsnd, msgrcv and semop register the task on the
 * object's {@code WaitQueue} and return {@code Syscall.BLOCK}; every change of the object wakes
 * the queue and the woken calls run again, re-checking their condition. The per-call state in
 * {@code Task.syscallState} remembers the object waited on, so a call woken by IPC_RMID answers
 * EIDRM, and implements {@code Interruptible}: a signal handler ends the wait with EINTR and the
 * call is never restarted (signal(7)).
 *
 * <p>Lock order: a registry ({@code MessageQueues}, {@code SharedMemory}, {@code Semaphores},
 * each guarding its ids and its objects' state with its own monitor) → {@code AddressSpace} →
 * a segment's page map → {@code WaitQueue}. Guest memory is copied outside the registry locks
 * where the call allows it.
 */
package dev.javix.kernel.ipc;
