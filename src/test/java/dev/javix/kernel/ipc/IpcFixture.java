package dev.javix.kernel.ipc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.fs.FdTable;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;
import java.nio.file.Path;

/** A kernel to test the IPC registries in, and processes with chosen credentials. */
final class IpcFixture implements AutoCloseable {
    final Kernel k;

    IpcFixture(Path root) {
        k = new Kernel(KernelConfig.defaults(root).withMaxTasks(16));
    }

    IpcNamespace ipc() {
        return k.ipc();
    }

    /** A process (one thread) of user uid, group gid. */
    Task task(int uid, int gid) {
        Process p = k.newProcess(k.init(), new AddressSpace(k.memory()), new FdTable());
        p.setCredentials(Credentials.of(uid, gid));
        assertTrue(k.reserveTask(p));
        return k.newTask(p, true);
    }

    static Credentials cred(Task t) {
        return t.process.credentials();
    }

    @Override
    public void close() {
        k.close();
    }
}
