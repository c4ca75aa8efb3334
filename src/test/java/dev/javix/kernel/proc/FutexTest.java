package dev.javix.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.fs.FdTable;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.Mmu;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;
import dev.javix.syscall.Syscall;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Futex internals: the lock-free paths (a wake that finds no waiter counted, a wait whose word
 * already changed) and the per-slot waiter counts they rely on.
 */
class FutexTest {
    private static final long WORD = 0x100000;

    @TempDir
    Path root;
    private Kernel k;
    private Futex f;
    private AddressSpace mm;

    @BeforeEach
    void boot() {
        k = new Kernel(KernelConfig.defaults(root).withMaxTasks(8));
        f = k.futex();
        mm = new AddressSpace(k.memory());
        mm.map(WORD, Page.SIZE, Vma.READ | Vma.WRITE, 0, null, 0, "");
    }

    @AfterEach
    void shutdown() {
        k.close();
    }

    /** Another thread of the process that maps the futex word. */
    private Task thread() {
        Process p = k.newProcess(k.init(), mm, new FdTable());
        assertTrue(k.reserveTask(p));
        return k.newTask(p, true);
    }

    private void store(int v) {
        mm.write(WORD, new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}, 0, 4);
    }

    @Test
    void theCountsFollowEveryWayOffTheQueue() {
        Task[] ts = {thread(), thread(), thread(), thread()};
        store(7);
        Futex.Key from = f.key(mm, WORD, false), to = f.key(mm, WORD + 64, false);
        for (Task t : ts) assertEquals(Syscall.BLOCK, f.waitOn(t, WORD, 7, -1, Long.MAX_VALUE, false));
        assertEquals(4, f.counted());
        assertEquals(3, f.requeue(from, to, 1, 2), "one woken, two moved");
        assertEquals(1, f.waiting(from));
        assertEquals(2, f.waiting(to));
        assertEquals(3, f.counted(), "the woken one is no longer counted, the moved ones are");
        Futex.Waiter left = (Futex.Waiter) ts[3].syscallState;
        f.cancel(left); // a signal took the last one on from
        f.cancel(left); // twice: counted once
        assertEquals(2, f.counted());
        assertEquals(0, f.wake(from, 10, -1), "nobody left on from");
        assertEquals(2, f.wake(to, 10, -1));
        assertEquals(0, f.counted());
        assertEquals(0, f.wake(to, 10, -1));
    }

    @Test
    void aThreadKilledWhileWaitingLeavesTheQueue() {
        Task t = thread();
        store(5);
        assertEquals(Syscall.BLOCK, f.waitOn(t, WORD, 5, -1, Long.MAX_VALUE, false));
        Futex.Key key = f.key(mm, WORD, false);
        assertEquals(1, f.waiting(key));
        Exit.exitGroup(t.process, Exit.exited(0));
        assertEquals(0, f.waiting(key), "the dead waiter is gone");
        assertEquals(0, f.counted());
    }

    @Test
    void aTimedWaitThatRunsOutIsUncounted() throws Exception {
        Task t = thread();
        store(1);
        long soon = k.clock().monotonicNanos() + 1_000_000;
        assertEquals(Syscall.BLOCK, f.waitOn(t, WORD, 1, -1, soon, false));
        assertEquals(1, f.counted());
        while (k.clock().monotonicNanos() < soon) Thread.sleep(1);
        assertEquals(-Errno.ETIMEDOUT, f.waitOn(t, WORD, 1, -1, soon, false));
        assertEquals(0, f.counted());
    }

    @Test
    void readingTheWordThroughTheCpusMmu() {
        Task t = thread();
        Mmu cpu = new Mmu();
        cpu.attach(mm);
        store(3);
        assertEquals(-Errno.EAGAIN, f.waitOn(t, cpu, WORD, 4, -1, Long.MAX_VALUE, false));
        assertEquals(-Errno.EFAULT, f.waitOn(t, cpu, WORD + Page.SIZE, 0, -1, Long.MAX_VALUE, false),
                "an unmapped word faults through the Mmu too");
        assertEquals(Syscall.BLOCK, f.waitOn(t, cpu, WORD, 3, -1, Long.MAX_VALUE, false));
        assertEquals(1, f.wake(f.key(mm, WORD, false), 1, -1));
        assertEquals(0, f.waitOn(t, cpu, WORD, 3, -1, Long.MAX_VALUE, false), "woken");
    }

    /**
     * A waker that changes the word and wakes while a waiter is between its check of the word
     * and its sleep: with the lock-free wake, the waiter's count and the waker's fence must still
     * meet, or the waiter sleeps forever. Many rounds of a ping-pong where every lost wake-up
     * would hang a round.
     */
    @Test
    void aWakeRacingAWaitIsNeverLost() throws Exception {
        Task t = thread();
        Futex.Key key = f.key(mm, WORD, false);
        int rounds = 20_000;
        AtomicInteger armed = new AtomicInteger(); // rounds the waiter has set the word to 1 for
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread waker = Thread.ofPlatform().start(() -> {
            try {
                for (int r = 1; r <= rounds; r++) {
                    while (armed.get() < r) Thread.onSpinWait();
                    store(0);
                    f.wake(key, 1, -1);
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        for (int r = 1; r <= rounds; r++) {
            store(1);
            armed.set(r);
            long r1 = f.waitOn(t, WORD, 1, -1, Long.MAX_VALUE, false);
            if (r1 == Syscall.BLOCK) {
                long giveUp = System.nanoTime() + 5_000_000_000L;
                while (f.waitOn(t, WORD, 1, -1, Long.MAX_VALUE, false) == Syscall.BLOCK) {
                    if (System.nanoTime() > giveUp) throw new AssertionError("wake-up lost in round " + r);
                    Thread.onSpinWait();
                }
                t.syscallState = null;
            } else {
                assertEquals(-Errno.EAGAIN, r1, "round " + r);
            }
        }
        waker.join();
        assertEquals(null, failed.get());
        assertEquals(0, f.counted());
    }
}
