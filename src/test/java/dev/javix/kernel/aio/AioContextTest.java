package dev.javix.kernel.aio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.fs.FdTable;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.Pipe;
import dev.javix.kernel.poll.EventFd;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.Vma;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native AIO context lifecycle without a CPU: io_setup's limits and ring sizes, slots held
 * until events are taken, a pipe read that waits on the readiness protocol and completes when
 * data arrives (without anyone blocking), cancellation, eventfd notification, io_destroy.
 */
class AioContextTest {
    private static final long BUF = 0x10000000L;

    @TempDir
    Path root;
    private Kernel k;
    private Process p;
    private Task t;
    private AioTable table;

    @BeforeEach
    void boot() {
        k = new Kernel(KernelConfig.defaults(root));
        AddressSpace mm = new AddressSpace(k.memory());
        mm.map(BUF, 4096, Vma.READ | Vma.WRITE, 0, null, 0, "buffer");
        p = k.newProcess(k.init(), mm, new FdTable());
        assertTrue(k.reserveTask(p));
        t = k.newTask(p, true);
        table = new AioTable();
    }

    @AfterEach
    void shutdown() {
        k.close();
    }

    private AioContext setup(long nr) {
        long[] err = new long[1];
        AioContext c = table.setup(p, nr, 2, err);
        assertNotNull(c, "io_setup(" + nr + ") failed: " + err[0]);
        return c;
    }

    private long setupErrno(long nr) {
        long[] err = new long[1];
        assertNull(table.setup(p, nr, 2, err));
        return err[0];
    }

    private AioRequest read(AioContext ctx, OpenFile f, long obj, int len, EventFd efd) {
        assertEquals(0, ctx.reserve());
        f.retain();
        if (efd != null) efd.retain();
        return new AioRequest(table, ctx, 42, obj, AioRequest.Kind.READ, f, efd, GuestBuffer.of(BUF, len), 0, false,
                false, t);
    }

    /** Waits (up to 5 s) for the worker thread to post n events. */
    private static void awaitEvents(AioContext ctx, int n) throws InterruptedException {
        for (int i = 0; i < 500 && ctx.pendingEvents() < n; i++) Thread.sleep(10);
        assertEquals(n, ctx.pendingEvents());
    }

    private static long[] event(byte[] ev, int i) {
        long[] e = new long[4];
        for (int f = 0; f < 4; f++) e[f] = AioAbi.le64(ev, i * AioAbi.IO_EVENT_SIZE + 8 * f);
        return e;
    }

    @Test
    void setupLimitsAndRingSize() {
        assertEquals(-Errno.EINVAL, setupErrno(0));
        assertEquals(-Errno.EAGAIN, setupErrno(AioAbi.AIO_MAX_NR + 1));
        assertEquals(-Errno.EINVAL, setupErrno(0x7fffffffL)); // doubled past the ring limit
        assertEquals(-Errno.EAGAIN, setupErrno(0x80000000L)); // doubled to 0 in 32 bits
        AioContext c = setup(1);
        // max(1, 4 * 2 CPUs) * 2 = 16 events fit one page: (4096 - 32) / 32 = 127
        assertEquals(127, c.ringEvents);
        assertEquals(1, table.aioNr());
        assertEquals(c, table.lookup(p, c.id));
        assertNotNull(p.mm().find(c.id), "the ring is mapped at the context id");
        AioContext big = setup(AioAbi.AIO_MAX_NR - 1);
        assertEquals(-Errno.EAGAIN, setupErrno(1)); // the kernel-wide sum is full
        assertTrue(table.destroy(big));
        assertTrue(table.destroy(c));
        assertFalse(table.destroy(c));
        assertEquals(0, table.aioNr());
        assertNull(table.lookup(p, c.id));
        assertNull(p.mm().find(c.id), "io_destroy unmaps the ring");
    }

    @Test
    void slotsAreHeldUntilEventsAreTaken() {
        AioContext c = setup(1);
        for (int i = 0; i < c.ringEvents - 1; i++) assertEquals(0, c.reserve());
        assertEquals(-Errno.EAGAIN, c.reserve());
        c.unreserve();
        assertEquals(0, c.reserve());
        table.destroy(c);
        assertEquals(-Errno.EINVAL, c.reserve());
    }

    @Test
    void pipeReadCompletesWhenDataArrives() throws Exception {
        AioContext c = setup(8);
        Pipe pipe = new Pipe(k, 1, 0);
        EventFd efd = new EventFd(0, 0, 1);
        AioRequest r = read(c, pipe.readEnd(), 0x1000, 16, efd);
        r.start();
        assertEquals(0, c.pendingEvents(), "nothing to read: the request waits, io_submit returns");
        assertEquals(1, c.held());
        assertFalse(pipe.readEnd().waitQueue().isEmpty(), "it waits on the pipe's wait queue");
        byte[] msg = "hello".getBytes(StandardCharsets.US_ASCII);
        assertEquals(5, pipe.writeEnd().write(t, msg, 0, msg.length)); // wakes the request; the worker reads
        awaitEvents(c, 1);
        byte[] ev = new byte[64];
        assertEquals(1, c.peek(ev, 2));
        assertArrayEquals(new long[] {42, 0x1000, 5, 0}, event(ev, 0));
        c.release(1);
        assertEquals(0, c.held());
        byte[] got = new byte[5];
        assertTrue(p.mm().read(BUF, got, 0, 5));
        assertArrayEquals(msg, got);
        assertEquals(1, efd.count(), "IOCB_FLAG_RESFD: the eventfd counted the completion");
    }

    @Test
    void cancelAndDestroyEndWaitingRequests() throws Exception {
        AioContext c = setup(8);
        Pipe pipe = new Pipe(k, 1, 0);
        read(c, pipe.readEnd(), 0x1000, 16, null).start();
        read(c, pipe.readEnd(), 0x2000, 16, null).start();
        assertEquals(-Errno.EINVAL, c.cancel(0x3000), "no such request");
        assertEquals(-Errno.EINPROGRESS, c.cancel(0x1000));
        assertEquals(-Errno.EINVAL, c.cancel(0x1000), "already cancelled");
        byte[] ev = new byte[64];
        assertEquals(1, c.peek(ev, 2));
        assertArrayEquals(new long[] {42, 0x1000, -Errno.ECANCELED, 0}, event(ev, 0));
        c.release(1);
        assertTrue(table.destroy(c));
        assertTrue(pipe.readEnd().waitQueue().isEmpty(), "io_destroy cancelled the other request");
        assertEquals(-Errno.EINVAL, c.peek(ev, 2), "a destroyed context has no events");
        byte[] msg = {1};
        pipe.writeEnd().write(t, msg, 0, 1);
        Thread.sleep(50);
        assertTrue((pipe.readEnd().pollMask() & OpenFile.POLLIN) != 0, "nobody read the data after the cancel");
    }
}
