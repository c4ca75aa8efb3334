package dev.javix.kernel.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Fork;
import dev.javix.kernel.proc.ForkException;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** shmget limits, attachments and nattch through shmdt, fork and exit, deferred IPC_RMID, page accounting. */
class SharedMemoryTest {
    @TempDir
    Path root;
    private IpcFixture f;
    private SharedMemory shm;
    private Task t;

    @BeforeEach
    void boot() {
        f = new IpcFixture(root);
        shm = f.ipc().sharedMemory();
        t = f.task(1000, 1000);
    }

    @AfterEach
    void shutdown() {
        f.close();
    }

    private long nattch(int id) {
        byte[] ds = new byte[SharedMemory.DS_SIZE];
        long r = shm.stat(t, id, IpcNamespace.IPC_STAT, ds);
        return r < 0 ? r : Bytes.getLong(ds, SharedMemory.OFF_NATTCH);
    }

    @Test
    void getChecksSizes() {
        assertEquals(-Errno.EINVAL, shm.get(t, IpcPerm.IPC_PRIVATE, 0, 0600));
        assertEquals(-Errno.EINVAL, shm.get(t, IpcPerm.IPC_PRIVATE, -1, 0600), "past SHMMAX");
        assertEquals(-Errno.ENOMEM, shm.get(t, IpcPerm.IPC_PRIVATE, 1L << 45, 0600), "more than the kernel's memory");
        long id = shm.get(t, 42, 8192, IpcPerm.IPC_CREAT | 0600);
        assertEquals(id, shm.get(t, 42, 100, 0));
        assertEquals(-Errno.EINVAL, shm.get(t, 42, 8193, 0));
    }

    @Test
    void attachmentsSharePagesAndCountThroughForkAndExit() throws ForkException {
        int id = (int) shm.get(t, IpcPerm.IPC_PRIVATE, 3 * Page.SIZE, 0600);
        long a = shm.attach(t, id, 0, 0), b = shm.attach(t, id, 0, SharedMemory.SHM_RDONLY);
        assertTrue(a > 0 && b > 0 && a != b);
        assertEquals(2, nattch(id));
        var mm = t.process.mm();
        assertTrue(mm.write(a + Page.SIZE, new byte[] {7}, 0, 1));
        assertSame(mm.resolve(a + Page.SIZE, Vma.READ), mm.resolve(b + Page.SIZE, Vma.READ));
        assertEquals(Vma.READ, mm.find(b).prot());
        assertEquals("/SYSV00000000 (deleted)", mm.find(a).object().label());
        Task child = Fork.clone(f.k, t, 17, 0, 0, 0, 0, (m, addr, tid) -> true);
        assertEquals(4, nattch(id), "fork copies both attachments");
        child.process.mm().clear();
        f.ipc().exited(child.process);
        assertEquals(2, nattch(id), "exit drops the child's");
        assertEquals(-Errno.EINVAL, shm.detach(t, a + Page.SIZE));
        assertEquals(0, shm.detach(t, b));
        assertEquals(1, nattch(id));
        mm.unmap(a, Page.SIZE); // munmap of part: the attachment no longer starts there
        assertEquals(0, nattch(id));
    }

    @Test
    void removalWaitsForTheLastDetachAndFreesThePages() {
        long before = f.k.memory().usedPages();
        int id = (int) shm.get(t, 99, 2 * Page.SIZE, IpcPerm.IPC_CREAT | 0600);
        long a = shm.attach(t, id, 0, 0);
        assertTrue(t.process.mm().write(a, new byte[2 * Page.SIZE], 0, 2 * Page.SIZE));
        assertEquals(before + 2, f.k.memory().usedPages());
        assertEquals(0, shm.remove(t, id));
        byte[] ds = new byte[SharedMemory.DS_SIZE];
        assertEquals(0, shm.stat(t, id, IpcNamespace.IPC_STAT, ds));
        assertEquals(SharedMemory.SHM_DEST | 0600, Bytes.getInt(ds, IpcPerm.OFF_MODE));
        assertEquals(0, Bytes.getInt(ds, IpcPerm.OFF_KEY), "the key is freed at once");
        assertEquals(-Errno.ENOENT, shm.get(t, 99, 1, 0));
        assertEquals(0, shm.detach(t, a));
        assertEquals(-Errno.EINVAL, shm.stat(t, id, IpcNamespace.IPC_STAT, ds));
        assertEquals(before, f.k.memory().usedPages(), "the pages went with the segment");
    }

    @Test
    void placementRules() {
        int id = (int) shm.get(t, IpcPerm.IPC_PRIVATE, Page.SIZE, 0600);
        long at = 0x200000000L;
        assertEquals(-Errno.EINVAL, shm.attach(t, id, at + 5, 0));
        assertEquals(at, shm.attach(t, id, at + 5, SharedMemory.SHM_RND));
        assertEquals(-Errno.EINVAL, shm.attach(t, id, at, 0), "over an existing mapping");
        assertEquals(at, shm.attach(t, id, at, SharedMemory.SHM_REMAP));
        assertEquals(1, nattch(id), "the replaced attachment is gone");
        assertEquals(-Errno.EINVAL, shm.attach(t, id, 0, SharedMemory.SHM_REMAP));
        Task other = f.task(2000, 2000);
        assertEquals(-Errno.EACCES, shm.attach(other, id, 0, SharedMemory.SHM_RDONLY));
        assertNotNull(f.ipc().procText("shm"));
        assertTrue(f.ipc().procText("shm").split("\n")[1].contains("  1000  1000  1000  1000 "));
    }

    @Test
    void sysctlTexts() {
        assertEquals("8192\n", IpcLimits.sysctl("msgmax"));
        assertEquals("16384\n", IpcLimits.sysctl("msgmnb"));
        assertEquals("18446744073692774399\n", IpcLimits.sysctl("shmmax"));
        assertEquals("32000\t1024000000\t500\t32000\n", IpcLimits.sysctl("sem"));
        assertEquals(null, IpcLimits.sysctl("nope"));
    }
}
