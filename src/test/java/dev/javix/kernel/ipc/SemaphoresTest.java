package dev.javix.kernel.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.Syscall;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** semget limits, semop's all-or-nothing arrays, SEM_UNDO, GETNCNT/GETZCNT, EIDRM. */
class SemaphoresTest {
    private static final int NOWAIT = IpcPerm.IPC_NOWAIT, UNDO = Semaphores.SEM_UNDO;

    @TempDir
    Path root;
    private IpcFixture f;
    private Semaphores sems;
    private Task a, b;
    private int id;

    @BeforeEach
    void boot() {
        f = new IpcFixture(root);
        sems = f.ipc().semaphores();
        a = f.task(1000, 1000);
        b = f.task(1000, 1000);
        id = (int) sems.get(IpcFixture.cred(a), IpcPerm.IPC_PRIVATE, 3, 0600);
    }

    @AfterEach
    void shutdown() {
        f.close();
    }

    private static Semaphores.Op op(int num, int delta, int flags) {
        return new Semaphores.Op(num, delta, flags);
    }

    private long semop(Task t, Semaphores.Op... ops) {
        long r = sems.semop(t, id, ops, Long.MAX_VALUE);
        if (r != Syscall.BLOCK) t.syscallState = null;
        return r;
    }

    @Test
    void getChecksSizes() {
        assertEquals(-Errno.EINVAL, sems.get(IpcFixture.cred(a), 9, 0, IpcPerm.IPC_CREAT | 0600));
        assertEquals(-Errno.EINVAL, sems.get(IpcFixture.cred(a), 9, IpcLimits.SEMMSL + 1, IpcPerm.IPC_CREAT | 0600));
        long s = sems.get(IpcFixture.cred(a), 9, 2, IpcPerm.IPC_CREAT | 0600);
        assertEquals(s, sems.get(IpcFixture.cred(a), 9, 0, 0));
        assertEquals(-Errno.EINVAL, sems.get(IpcFixture.cred(a), 9, 3, 0), "more semaphores than the set has");
    }

    @Test
    void arraysApplyAllOrNothing() {
        assertEquals(0, sems.setValues(a, id, 0, Semaphores.SETALL, new int[] {1, 0, 5}));
        assertEquals(-Errno.EAGAIN, semop(a, op(0, -1, 0), op(1, -1, NOWAIT)));
        assertArrayEquals(new int[] {1, 0, 5}, sems.values(id));
        assertEquals(0, semop(a, op(2, 2, 0), op(2, -7, 0)), "operations on one semaphore add up in order");
        assertArrayEquals(new int[] {1, 0, 0}, sems.values(id));
        assertEquals(-Errno.ERANGE, semop(a, op(0, -1, 0), op(1, IpcLimits.SEMVMX + 1, 0)));
        assertArrayEquals(new int[] {1, 0, 0}, sems.values(id));
        assertEquals(-Errno.EFBIG, semop(a, op(3, 1, 0)));
        assertEquals(-Errno.ERANGE, sems.setValues(a, id, 0, Semaphores.SETVAL, new int[] {IpcLimits.SEMVMX + 1}));
        assertEquals(a.process.pid, sems.getOne(IpcFixture.cred(a), id, 2, Semaphores.GETPID));
    }

    @Test
    void sleepersAreCountedByTheOperationTheyWaitFor() {
        assertEquals(0, sems.setValues(a, id, 0, Semaphores.SETALL, new int[] {1, 0, 2}));
        assertEquals(Syscall.BLOCK, semop(b, op(0, -1, 0), op(1, -1, 0)));
        assertEquals(0, sems.getOne(IpcFixture.cred(a), id, 0, Semaphores.GETNCNT));
        assertEquals(1, sems.getOne(IpcFixture.cred(a), id, 1, Semaphores.GETNCNT));
        Task z = f.task(1000, 1000);
        assertEquals(Syscall.BLOCK, semop(z, op(2, 0, 0)));
        assertEquals(1, sems.getOne(IpcFixture.cred(a), id, 2, Semaphores.GETZCNT));
        assertEquals(0, semop(a, op(1, 1, 0)));
        assertEquals(0, semop(b, op(0, -1, 0), op(1, -1, 0)), "the woken call runs again and succeeds");
        assertArrayEquals(new int[] {0, 0, 2}, sems.values(id));
        assertEquals(0, sems.getOne(IpcFixture.cred(a), id, 1, Semaphores.GETNCNT));
        assertEquals(0, sems.remove(IpcFixture.cred(a), id));
        assertEquals(-Errno.EIDRM, semop(z, op(2, 0, 0)), "removal fails the sleeper with EIDRM");
    }

    @Test
    void undoAppliesAtExitClampedAndSetvalClearsIt() {
        assertEquals(0, semop(b, op(0, 3, UNDO), op(1, 2, UNDO)));
        assertEquals(0, semop(a, op(1, -2, 0)));
        f.ipc().exited(b.process);
        assertArrayEquals(new int[] {0, 0, 0}, sems.values(id), "3 - 3 = 0; 0 - 2 clamps at 0");
        assertEquals(0, semop(b, op(2, 4, UNDO)));
        assertEquals(0, sems.setValues(a, id, 2, Semaphores.SETVAL, new int[] {9}));
        f.ipc().exited(b.process);
        assertEquals(9, sems.values(id)[2], "SETVAL cleared the adjustment");
        assertEquals(0, semop(a, op(0, IpcLimits.SEMVMX, UNDO)));
        assertEquals(0, semop(a, op(0, -IpcLimits.SEMVMX, 0)));
        assertEquals(-Errno.ERANGE, semop(a, op(0, 2, UNDO)), "an adjustment past -(SEMAEM+1)");
    }

    @Test
    void timeoutAndPermissions() {
        long past = f.k.clock().monotonicNanos();
        assertEquals(-Errno.EAGAIN, sems.semop(a, id, new Semaphores.Op[] {op(0, -1, 0)}, past));
        Task other = f.task(2000, 2000);
        assertEquals(-Errno.EACCES, semop(other, op(0, 0, NOWAIT)));
        assertEquals(-Errno.EPERM, sems.remove(IpcFixture.cred(other), id));
        byte[] info = new byte[Semaphores.INFO_SIZE];
        sems.info(IpcNamespace.IPC_INFO, info);
        assertEquals(IpcLimits.SEMMSL, Bytes.getInt(info, 16));
        assertEquals(IpcLimits.SEMOPM, Bytes.getInt(info, 20));
        assertTrue(f.ipc().procText("sem").startsWith("       key      semid perms      nsems   uid"));
    }
}
