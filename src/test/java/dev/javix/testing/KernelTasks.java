package dev.javix.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.fs.FdTable;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;

/** Tasks for kernel unit tests that need a caller but no CPU. */
public final class KernelTasks {
    private KernelTasks() {}

    /** A new process (a child of init, with an empty address space and no files) and its one thread. */
    public static Task task(Kernel k) {
        Process p = k.newProcess(k.init(), new AddressSpace(k.memory()), new FdTable());
        assertTrue(k.reserveTask(p), "a task slot");
        return k.newTask(p, true);
    }
}
