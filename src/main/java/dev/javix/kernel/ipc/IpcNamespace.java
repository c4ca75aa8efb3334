package dev.javix.kernel.ipc;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Process;
import dev.javix.mem.AddressSpace;

/**
 * A kernel's System V IPC objects (Linux's ipc_namespace; javix has one per {@link Kernel}):
 * the message queues, shared memory segments and semaphore sets, the hooks fork, exec and
 * exit call, and the text of /proc/sysvipc/{msg,shm,sem}.
 */
public final class IpcNamespace {
    /** The common control commands (ipc.h) and the IPC_64 flag glibc adds to them. */
    public static final int IPC_RMID = 0, IPC_SET = 1, IPC_STAT = 2, IPC_INFO = 3, IPC_64 = 0x100;

    private final Kernel kernel;
    private final MessageQueues messages = new MessageQueues(this);
    private final SharedMemory sharedMemory = new SharedMemory(this);
    private final Semaphores semaphores = new Semaphores(this);

    public IpcNamespace(Kernel kernel) {
        this.kernel = kernel;
    }

    Kernel kernel() {
        return kernel;
    }

    /** Wall-clock seconds, for the *_time fields. */
    long now() {
        return Math.floorDiv(kernel.clock().realtimeNanos(), 1_000_000_000L);
    }

    public MessageQueues messages() {
        return messages;
    }

    public SharedMemory sharedMemory() {
        return sharedMemory;
    }

    public Semaphores semaphores() {
        return semaphores;
    }

    /** fork(2) of a process (not CLONE_VM): the child's copied attachments count. */
    public void forked(AddressSpace parent, AddressSpace child, int parentPid) {
        sharedMemory.forked(parent, child, parentPid);
    }

    /** execve(2) replaced p's address space: its attachments are gone. */
    public void execed(Process p) {
        sharedMemory.released(p.pid);
    }

    /** p exited: SEM_UNDO adjustments apply, attachments are gone. */
    public void exited(Process p) {
        semaphores.exit(p);
        sharedMemory.released(p.pid);
    }

    /**
     * The text of /proc/sysvipc/NAME ("msg", "shm" or "sem") in Linux's format, or null for
     * another name.
     */
    public String procText(String name) {
        return switch (name) {
            case "msg" -> messages.procText();
            case "shm" -> sharedMemory.procText();
            case "sem" -> semaphores.procText();
            default -> null;
        };
    }
}
