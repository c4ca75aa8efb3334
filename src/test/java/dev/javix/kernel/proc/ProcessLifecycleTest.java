package dev.javix.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.fs.FdTable;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;
import dev.javix.syscall.Syscall;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel internals of the process model: fork's sharing, exit and reaping, re-parenting, futex queues. */
class ProcessLifecycleTest {
    private static final long HEAP = 0x100000;

    @TempDir
    Path root;
    private Kernel k;

    @BeforeEach
    void boot() {
        k = new Kernel(KernelConfig.defaults(root).withMaxTasks(8));
    }

    @AfterEach
    void shutdown() {
        k.close();
    }

    /** A process with one thread and a 4-page read-write area at HEAP. */
    private Task process(Process parent) {
        AddressSpace mm = new AddressSpace(k.memory());
        mm.map(HEAP, 4 * Page.SIZE, Vma.READ | Vma.WRITE, 0, null, 0, "");
        Process p = k.newProcess(parent, mm, new FdTable());
        assertTrue(k.reserveTask(p));
        return k.newTask(p, true);
    }

    private static final Fork.TidWriter NO_TID = (mm, addr, tid) -> true;

    @Test
    void forkSharesMemoryCopyOnWriteAndTheFdTableByCopy() throws ForkException {
        Task parent = process(k.init());
        parent.process.mm().write(HEAP, new byte[] {5}, 0, 1);
        Task child = Fork.clone(k, parent, 17 /* SIGCHLD */, 0, 0, 0, 0, NO_TID);
        assertFalse(child.process == parent.process);
        assertSame(parent.process, child.process.parent());
        assertSame(parent.process.mm().peek(HEAP >>> Page.SHIFT), child.process.mm().peek(HEAP >>> Page.SHIFT));
        assertFalse(child.process.files == parent.process.files);
        assertEquals(0, child.hart.x[10], "the child sees fork return 0");
        assertEquals(parent.hart.pc + 4, child.hart.pc);
    }

    @Test
    void threadsShareTheProcessAndCloneRefusesBadFlags() throws ForkException {
        Task t = process(k.init());
        long threadFlags = Fork.CLONE_VM | Fork.CLONE_FS | Fork.CLONE_FILES | Fork.CLONE_SIGHAND | Fork.CLONE_THREAD;
        Task t2 = Fork.clone(k, t, threadFlags, 0x5000, 0, 0, 0, NO_TID);
        assertSame(t.process, t2.process);
        assertEquals(0x5000, t2.hart.x[2]);
        assertEquals(2, t.process.threads().size());
        assertEquals(Errno.EINVAL, assertThrows(ForkException.class,
                () -> Fork.clone(k, t, Fork.CLONE_THREAD, 0, 0, 0, 0, NO_TID)).errno, "CLONE_THREAD needs CLONE_SIGHAND");
        assertEquals(Errno.EINVAL, assertThrows(ForkException.class,
                () -> Fork.clone(k, t, Fork.CLONE_SIGHAND, 0, 0, 0, 0, NO_TID)).errno, "CLONE_SIGHAND needs CLONE_VM");
    }

    @Test
    void theTaskLimitAnswersEagain() {
        Task t = process(k.init());
        int made = 0;
        ForkException e = null;
        try {
            while (made < 100) {
                Fork.clone(k, t, 17, 0, 0, 0, 0, NO_TID);
                made++;
            }
        } catch (ForkException ex) {
            e = ex;
        }
        assertEquals(Errno.EAGAIN, e.errno);
        assertEquals(7, made, "maxTasks 8: the first task plus seven children");
    }

    @Test
    void exitMakesAZombieUntilReapedAndOrphansGoToInit() throws ForkException {
        Task parent = process(k.init());
        Task child = Fork.clone(k, parent, 17, 0, 0, 0, 0, NO_TID);
        Task grandchild = Fork.clone(k, child, 17, 0, 0, 0, 0, NO_TID);
        Exit.exitGroup(child.process, Exit.exited(3));
        assertEquals(Process.Status.ZOMBIE, child.process.status());
        assertEquals(3 << 8, child.process.waitStatus());
        assertEquals(Task.State.DEAD, child.state());
        assertSame(k.init(), grandchild.process.parent(), "the orphan is adopted by init");
        Exit.reap(parent.process, child.process);
        assertEquals(Process.Status.REAPED, child.process.status());
        assertNull(k.process(child.process.pid));
        // init reaps at once: an orphan that exits does not linger as a zombie.
        Exit.exitGroup(grandchild.process, Exit.exited(0));
        assertNull(k.process(grandchild.process.pid));
    }

    @Test
    void aSubreaperAdoptsItsOrphanedDescendants() throws ForkException {
        Task top = process(k.init());
        top.process.setSubreaper(true);
        Task mid = Fork.clone(k, top, 17, 0, 0, 0, 0, NO_TID);
        Task low = Fork.clone(k, mid, 17, 0, 0, 0, 0, NO_TID);
        Exit.exitGroup(mid.process, Exit.exited(0));
        assertSame(top.process, low.process.parent());
    }

    @Test
    void futexWaitQueuesAndWakeCountsAndBitsets() {
        Task a = process(k.init());
        Futex f = k.futex();
        AddressSpace mm = a.process.mm();
        mm.write(HEAP, new byte[] {1, 0, 0, 0}, 0, 4);
        assertEquals(-Errno.EAGAIN, f.waitOn(a, HEAP, 2, -1, Long.MAX_VALUE, false), "the word is not 2");
        assertEquals(-Errno.EINVAL, f.waitOn(a, HEAP + 1, 1, -1, Long.MAX_VALUE, false), "misaligned");
        assertEquals(Syscall.BLOCK, f.waitOn(a, HEAP, 1, 0b01, Long.MAX_VALUE, false));
        Futex.Key key = f.key(mm, HEAP, false);
        assertEquals(1, f.waiting(key));
        assertEquals(0, f.wake(key, 1, 0b10), "a bitset that does not intersect wakes nobody");
        assertEquals(1, f.wake(key, 5, 0b01));
        assertEquals(0, f.waiting(key));
        assertEquals(0, f.waitOn(a, HEAP, 1, 0b01, Long.MAX_VALUE, false), "the re-run reports the wake-up");
    }

    @Test
    void futexRequeueMovesWaiters() {
        Futex f = k.futex();
        Task[] ts = new Task[3];
        for (int i = 0; i < 3; i++) {
            ts[i] = process(k.init());
        }
        // Shared futexes of three processes on one page: map the same page into each.
        AddressSpace first = ts[0].process.mm();
        first.write(HEAP, new byte[4], 0, 4);
        Futex.Key from = new Futex.Key(first, HEAP), to = new Futex.Key(first, HEAP + 8);
        for (Task t : ts) {
            t.process.setMm(first);
            assertEquals(Syscall.BLOCK, f.waitOn(t, HEAP, 0, -1, Long.MAX_VALUE, false));
        }
        assertEquals(3, f.waiting(from));
        assertEquals(3, f.requeue(from, to, 1, 10), "one woken plus two requeued");
        assertEquals(0, f.waiting(from));
        assertEquals(2, f.waiting(to));
    }
}
