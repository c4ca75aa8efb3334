package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.Interruptible;

/**
 * The {@code Task.syscallState} of a blocked msgsnd, msgrcv or semop: the object waited on
 * (so a wake-up by IPC_RMID is told apart from a stale id: EIDRM) and its wait queue. A signal
 * handler ends the wait with EINTR; these calls are never restarted, SA_RESTART or not
 * (signal(7): "System V IPC interfaces").
 */
class IpcWait implements Interruptible {
    final IpcIds.Entry object;
    final WaitQueue queue;

    IpcWait(IpcIds.Entry object, WaitQueue queue) {
        this.object = object;
        this.queue = queue;
    }

    @Override
    public boolean restartable() {
        return false;
    }

    @Override
    public long interrupt(Task t) {
        queue.remove(t);
        return -Errno.EINTR;
    }
}
