package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.HEX;
import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;
import static dev.javix.syscall.ArgKind.UINT;

import dev.javix.abi.Errno;
import dev.javix.kernel.ipc.IpcLimits;
import dev.javix.kernel.ipc.IpcNamespace;
import dev.javix.kernel.ipc.IpcPerm;
import dev.javix.kernel.ipc.MessageQueues;
import dev.javix.kernel.ipc.Semaphores;
import dev.javix.kernel.ipc.SharedMemory;
import dev.javix.kernel.proc.Credentials;

/**
 * System V IPC (svipc(7)): msgget/msgctl/msgrcv/msgsnd, semget/semctl/semtimedop/semop,
 * shmget/shmctl/shmat/shmdt. riscv64 has no ipc(2) multiplexer; glibc calls these directly
 * and adds IPC_64 to every *ctl command, which is accepted and stripped. The handlers decode
 * arguments and copy guest structs; the semantics live in {@code kernel.ipc}.
 */
final class SysvIpcCalls {
    private SysvIpcCalls() {}

    static void register(SyscallTable.Builder b) {
        b.add(186, "msgget", SysvIpcCalls::msgget, HEX, HEX);
        b.add(187, "msgctl", SysvIpcCalls::msgctl, INT, INT, PTR);
        b.add(188, "msgrcv", SysvIpcCalls::msgrcv, INT, PTR, UINT, INT, HEX);
        b.add(189, "msgsnd", SysvIpcCalls::msgsnd, INT, PTR, UINT, HEX);
        b.add(190, "semget", SysvIpcCalls::semget, HEX, INT, HEX);
        b.add(191, "semctl", SysvIpcCalls::semctl, INT, INT, INT, HEX);
        b.add(192, "semtimedop", SysvIpcCalls::semtimedop, INT, PTR, UINT, PTR);
        b.add(193, "semop", SysvIpcCalls::semop, INT, PTR, UINT);
        b.add(194, "shmget", SysvIpcCalls::shmget, HEX, UINT, HEX);
        b.add(195, "shmctl", SysvIpcCalls::shmctl, INT, INT, PTR);
        b.add(196, "shmat", PTR, SysvIpcCalls::shmat, Support.FULL, "", INT, PTR, HEX);
        b.add(197, "shmdt", SysvIpcCalls::shmdt, PTR);
    }

    private static IpcNamespace ipc(SyscallContext c) {
        return c.kernel().ipc();
    }

    private static Credentials cred(SyscallContext c) {
        return c.process().credentials();
    }

    /** The command of a *ctl call without glibc's IPC_64 flag. */
    private static int command(SyscallContext c, int arg) {
        return c.argInt(arg) & ~IpcNamespace.IPC_64;
    }

    // ------------------------------------------------------------------ message queues

    /** Implements msgget(2). */
    static long msgget(SyscallContext c) {
        return ipc(c).messages().get(cred(c), c.argInt(0), c.argInt(1));
    }

    /** Implements msgsnd(2): struct msgbuf is {long mtype; char mtext[msgsz];}. */
    static long msgsnd(SyscallContext c) {
        int id = c.argInt(0);
        long addr = c.arg(1), size = c.arg(2);
        if (size > IpcLimits.MSGMAX || size < 0 || id < 0) return -Errno.EINVAL;
        long type = c.readLong(addr);
        if (type < 1) return -Errno.EINVAL;
        byte[] text = c.readBytes(addr + 8, (int) size);
        return ipc(c).messages().send(c.task(), id, type, text, c.argInt(3));
    }

    /** Implements msgrcv(2), MSG_COPY included. Returns the bytes of text received. */
    static long msgrcv(SyscallContext c) {
        int id = c.argInt(0);
        long addr = c.arg(1), size = c.arg(2), type = c.arg(3);
        int flags = c.argInt(4);
        if (id < 0 || size < 0) return -Errno.EINVAL;
        if ((flags & MessageQueues.MSG_COPY) != 0) {
            if ((flags & MessageQueues.MSG_EXCEPT) != 0 || (flags & IpcPerm.IPC_NOWAIT) == 0) return -Errno.EINVAL;
            size = Math.min(size, IpcLimits.MSGMAX);
        }
        long[] err = {0};
        MessageQueues.Received m = ipc(c).messages().receive(c.task(), id, size, type, flags, err);
        if (m == null) return err[0];
        c.writeLong(addr, m.type());
        c.write(addr + 8, m.text());
        return m.text().length;
    }

    /** Implements msgctl(2): IPC_STAT, MSG_STAT, MSG_STAT_ANY, IPC_SET, IPC_RMID, IPC_INFO, MSG_INFO. */
    static long msgctl(SyscallContext c) {
        int id = c.argInt(0), cmd = command(c, 1);
        long buf = c.arg(2);
        MessageQueues q = ipc(c).messages();
        if (id < 0 || cmd < 0) return -Errno.EINVAL;
        return switch (cmd) {
            case IpcNamespace.IPC_INFO, MessageQueues.MSG_INFO -> copyOut(c, buf, MessageQueues.INFO_SIZE, true, b -> q.info(cmd, b));
            case IpcNamespace.IPC_STAT, MessageQueues.MSG_STAT, MessageQueues.MSG_STAT_ANY ->
                    copyOut(c, buf, MessageQueues.DS_SIZE, false, b -> q.stat(cred(c), id, cmd, b));
            case IpcNamespace.IPC_SET -> q.set(cred(c), id, c.readBytes(buf, MessageQueues.DS_SIZE));
            case IpcNamespace.IPC_RMID -> q.remove(cred(c), id);
            default -> -Errno.EINVAL;
        };
    }

    /**
     * A *ctl command that fills a structure of size bytes (fill returns the call's result) and
     * copies it to the guest at buf: always for the INFO commands, whose result is an index,
     * only on success for the STAT ones.
     */
    private static long copyOut(SyscallContext c, long buf, int size, boolean always,
            java.util.function.ToLongFunction<byte[]> fill) {
        byte[] b = new byte[size];
        long r = fill.applyAsLong(b);
        if (always || r >= 0) c.write(buf, b);
        return r;
    }

    // ------------------------------------------------------------------ semaphores

    /** Implements semget(2). */
    static long semget(SyscallContext c) {
        return ipc(c).semaphores().get(cred(c), c.argInt(0), c.argInt(1), c.argInt(2));
    }

    /** Implements semop(2). */
    static long semop(SyscallContext c) {
        return semtimedop(c, false);
    }

    /** Implements semtimedop(2): a relative timeout; EAGAIN when it passes. */
    static long semtimedop(SyscallContext c) {
        return semtimedop(c, true);
    }

    private static long semtimedop(SyscallContext c, boolean timed) {
        int id = c.argInt(0);
        long sops = c.arg(1), nsops = c.arg(2);
        if (nsops < 1 || id < 0) return -Errno.EINVAL;
        if (nsops > IpcLimits.SEMOPM) return -Errno.E2BIG;
        byte[] raw = c.readBytes(sops, (int) nsops * Semaphores.SEMBUF_SIZE);
        Semaphores.Op[] ops = new Semaphores.Op[(int) nsops];
        for (int i = 0; i < ops.length; i++) {
            int o = i * Semaphores.SEMBUF_SIZE;
            ops[i] = new Semaphores.Op((raw[o] & 0xff) | (raw[o + 1] & 0xff) << 8,
                    (short) ((raw[o + 2] & 0xff) | (raw[o + 3] & 0xff) << 8),
                    (short) ((raw[o + 4] & 0xff) | (raw[o + 5] & 0xff) << 8));
        }
        long deadline = Long.MAX_VALUE;
        if (timed && c.arg(3) != 0 && c.task().syscallState == null) {
            long ns = TimeCalls.readTimespec(c, c.arg(3));
            if (ns < 0) return -Errno.EINVAL;
            long now = c.kernel().clock().monotonicNanos();
            deadline = ns > Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + ns;
        }
        return ipc(c).semaphores().semop(c.task(), id, ops, deadline);
    }

    /**
     * Implements semctl(2). The fourth argument is union semun passed by value: an int for
     * SETVAL, a pointer otherwise.
     */
    static long semctl(SyscallContext c) {
        int id = c.argInt(0), semnum = c.argInt(1), cmd = command(c, 2);
        long arg = c.arg(3);
        Semaphores s = ipc(c).semaphores();
        if (id < 0) return -Errno.EINVAL;
        switch (cmd) {
            case IpcNamespace.IPC_INFO, Semaphores.SEM_INFO -> {
                return copyOut(c, arg, Semaphores.INFO_SIZE, true, b -> s.info(cmd, b));
            }
            case IpcNamespace.IPC_STAT, Semaphores.SEM_STAT, Semaphores.SEM_STAT_ANY -> {
                return copyOut(c, arg, Semaphores.DS_SIZE, false, b -> s.stat(cred(c), id, cmd, b));
            }
            case IpcNamespace.IPC_SET -> {
                return s.set(cred(c), id, c.readBytes(arg, Semaphores.DS_SIZE));
            }
            case IpcNamespace.IPC_RMID -> {
                return s.remove(cred(c), id);
            }
            case Semaphores.GETVAL, Semaphores.GETPID, Semaphores.GETNCNT, Semaphores.GETZCNT -> {
                return s.getOne(cred(c), id, semnum, cmd);
            }
            case Semaphores.GETALL -> {
                long[] err = {0};
                int[] v = s.getAll(cred(c), id, err);
                if (v == null) return err[0];
                byte[] out = new byte[v.length * 2];
                for (int i = 0; i < v.length; i++) {
                    out[2 * i] = (byte) v[i];
                    out[2 * i + 1] = (byte) (v[i] >>> 8);
                }
                c.write(arg, out);
                return 0;
            }
            case Semaphores.SETVAL -> {
                return s.setValues(c.task(), id, semnum, cmd, new int[] {(int) arg});
            }
            case Semaphores.SETALL -> {
                int n = s.size(id);
                if (n < 0) return n;
                byte[] in = c.readBytes(arg, n * 2);
                int[] v = new int[n];
                for (int i = 0; i < n; i++) v[i] = (in[2 * i] & 0xff) | (in[2 * i + 1] & 0xff) << 8;
                return s.setValues(c.task(), id, semnum, cmd, v);
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
    }

    // ------------------------------------------------------------------ shared memory

    /** Implements shmget(2). */
    static long shmget(SyscallContext c) {
        return ipc(c).sharedMemory().get(c.task(), c.argInt(0), c.arg(1), c.argInt(2));
    }

    /** Implements shmat(2). */
    static long shmat(SyscallContext c) {
        return ipc(c).sharedMemory().attach(c.task(), c.argInt(0), c.arg(1), c.argInt(2));
    }

    /** Implements shmdt(2). */
    static long shmdt(SyscallContext c) {
        return ipc(c).sharedMemory().detach(c.task(), c.arg(0));
    }

    /** Implements shmctl(2): IPC_STAT, SHM_STAT, SHM_STAT_ANY, IPC_SET, IPC_RMID, SHM_LOCK, SHM_UNLOCK, IPC_INFO, SHM_INFO. */
    static long shmctl(SyscallContext c) {
        int id = c.argInt(0), cmd = command(c, 1);
        long buf = c.arg(2);
        SharedMemory m = ipc(c).sharedMemory();
        if (id < 0 || cmd < 0) return -Errno.EINVAL;
        return switch (cmd) {
            case IpcNamespace.IPC_INFO, SharedMemory.SHM_INFO -> copyOut(c, buf,
                    cmd == SharedMemory.SHM_INFO ? SharedMemory.SHM_INFO_SIZE : SharedMemory.INFO_SIZE, true, b -> m.info(cmd, b));
            case IpcNamespace.IPC_STAT, SharedMemory.SHM_STAT, SharedMemory.SHM_STAT_ANY ->
                    copyOut(c, buf, SharedMemory.DS_SIZE, false, b -> m.stat(c.task(), id, cmd, b));
            case IpcNamespace.IPC_SET -> m.set(cred(c), id, c.readBytes(buf, SharedMemory.DS_SIZE));
            case IpcNamespace.IPC_RMID -> m.remove(c.task(), id);
            case SharedMemory.SHM_LOCK, SharedMemory.SHM_UNLOCK -> m.lock(cred(c), id, cmd == SharedMemory.SHM_LOCK);
            default -> -Errno.EINVAL;
        };
    }
}
