package dev.javix.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.testing.KernelTasks;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that a virtual CPU still holds is never handed to the run queue by whoever wakes or
 * continues it: the CPU queues it as it lets go, so no two CPUs ever run one task.
 */
class TaskOnCpuTest {
    @TempDir
    Path root;
    private Kernel k;
    private Task t;

    @BeforeEach
    void boot() {
        k = new Kernel(KernelConfig.defaults(root));
        t = KernelTasks.task(k);
    }

    @AfterEach
    void shutdown() {
        k.close();
    }

    @Test
    void aTaskWokenAfterItWentToSleepButBeforeItsCpuLetGoIsQueuedByThatCpu() {
        assertTrue(t.takeCpu());
        long seq = t.wakeSeq();
        assertTrue(t.sleepUnlessWokenSince(seq));
        assertFalse(t.markWoken(), "the waker must not queue a task a CPU still holds");
        assertEquals(Task.State.RUNNABLE, t.state());
        assertTrue(t.leaveCpu(), "the CPU queues it as it lets go");
    }

    @Test
    void aTaskWokenOffTheCpuIsQueuedByTheWaker() {
        assertTrue(t.takeCpu());
        assertTrue(t.sleepUnlessWokenSince(t.wakeSeq()));
        assertFalse(t.leaveCpu(), "asleep: nothing to queue");
        assertTrue(t.markWoken());
    }

    @Test
    void aTaskContinuedBeforeItsCpuLetGoIsQueuedByThatCpuOnly() {
        assertTrue(t.takeCpu());
        assertTrue(t.stop());
        assertFalse(t.resume(), "SIGCONT must not queue a task a CPU still holds");
        assertTrue(t.leaveCpu());
        assertTrue(t.takeCpu());
        assertTrue(t.stop());
        assertFalse(t.leaveCpu(), "stopped: nothing to queue");
        assertTrue(t.resume(), "continued off the CPU: the sender queues it");
    }

    @Test
    void aDeadTaskIsNeitherTakenNorQueued() {
        assertTrue(t.takeCpu());
        t.setState(Task.State.DEAD);
        assertFalse(t.leaveCpu());
        assertFalse(t.takeCpu());
    }
}
