package dev.javix.kernel.aio;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Process;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.Vma;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The native AIO contexts of one kernel (one table per {@code Kernel}, made with its system
 * call table), by address space as Linux keeps them in the mm's ioctx_table, with the
 * kernel-wide count against aio-max-nr; and the worker thread that retries stream requests
 * when their file wakes them.
 *
 * <p>A context's id is the address of a ring mapping in the owner's address space
 * ("/[aio] (deleted)" in /proc/pid/maps, as in Linux), so ids are unique per address space
 * and libaio, which peeks at the ring header, finds a readable page (with magic 0, so it
 * always makes the system call). The events themselves are kept in the kernel.
 *
 * <p>Contexts end with io_destroy, or — as Linux's exit_aio does when the mm goes — when their
 * owner has exited or exec'd: such contexts are swept at the next io_setup and whenever one of
 * their requests is woken.
 *
 * <p>Guarded by {@code this}: {@link #byMm}, {@link #aioNr}.
 */
public final class AioTable {
    private final Map<AddressSpace, List<AioContext>> byMm = new IdentityHashMap<>();
    private long aioNr;
    /** One host thread, started on demand and ended after a second idle; it never runs guest code. */
    private final ThreadPoolExecutor worker;
    private volatile Kernel kernel;

    public AioTable() {
        worker = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "javix-aio");
            t.setDaemon(true);
            return t;
        });
        worker.allowCoreThreadTimeOut(true);
    }

    /** Stops the worker (the kernel is shutting down): requests still waiting are dropped with it. */
    public void close() {
        worker.shutdownNow();
    }

    /** Retries r on the worker thread. */
    void schedule(AioRequest r) {
        try {
            worker.execute(() -> {
                try {
                    r.attempt();
                } catch (RuntimeException e) {
                    if (kernel != null) kernel.reportBug("native AIO", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the kernel is shutting down (close): nobody will read the completion
        }
    }

    /**
     * io_setup(2): a new context of nr events for p's address space. Returns it, or null with
     * the errno in err[0]: EINVAL for 0 or too many events, EAGAIN past aio-max-nr, ENOMEM if
     * no address is free for the ring.
     */
    public AioContext setup(Process p, long nr, int cpus, long[] err) {
        kernel = p.kernel();
        sweep();
        long ring = nr == 0 ? -1 : AioAbi.ringEvents(nr, cpus);
        if (ring < 0) {
            err[0] = -Errno.EINVAL;
            return null;
        }
        AddressSpace mm = p.mm();
        synchronized (this) {
            if (ring == 0 || nr > AioAbi.AIO_MAX_NR || aioNr + nr > AioAbi.AIO_MAX_NR) {
                err[0] = -Errno.EAGAIN;
                return null;
            }
            long bytes = (AioAbi.RING_HEADER + ring * AioAbi.IO_EVENT_SIZE + AioAbi.PAGE_SIZE - 1)
                    & -(long) AioAbi.PAGE_SIZE;
            long addr = mm.findFree(bytes, 0);
            if (addr < 0) {
                err[0] = -Errno.ENOMEM;
                return null;
            }
            mm.map(addr, bytes, Vma.READ | Vma.WRITE, 0, null, 0, "/[aio] (deleted)");
            AioContext ctx = new AioContext(addr, p, mm, nr, (int) ring);
            byMm.computeIfAbsent(mm, k -> new ArrayList<>()).add(ctx);
            aioNr += nr;
            return ctx;
        }
    }

    /** The live context id of p's address space, or null (EINVAL). */
    public synchronized AioContext lookup(Process p, long id) {
        List<AioContext> l = byMm.get(p.mm());
        if (l != null) for (AioContext c : l) if (c.id == id && !c.isDead()) return c;
        return null;
    }

    /**
     * io_destroy(2): kills ctx (waiting requests are cancelled, io_getevents woken), unmaps its
     * ring and gives its events back to aio-max-nr. Returns false if it was destroyed already.
     */
    public boolean destroy(AioContext ctx) {
        if (!ctx.kill()) return false;
        synchronized (this) {
            List<AioContext> l = byMm.get(ctx.mm);
            if (l != null && l.remove(ctx) && l.isEmpty()) byMm.remove(ctx.mm);
            aioNr -= ctx.maxReqs;
        }
        if (ctx.owner.mm() == ctx.mm) {
            long bytes = (AioAbi.RING_HEADER + (long) ctx.ringEvents * AioAbi.IO_EVENT_SIZE + AioAbi.PAGE_SIZE - 1)
                    & -(long) AioAbi.PAGE_SIZE;
            ctx.mm.unmap(ctx.id, bytes);
        }
        return true;
    }

    /** Contexts of every address space, for tests and /proc/sys/fs/aio-nr. */
    public synchronized long aioNr() {
        return aioNr;
    }

    /** Destroys the contexts whose owner has exited or exec'd (Linux's exit_aio). */
    private void sweep() {
        List<AioContext> gone = new ArrayList<>();
        synchronized (this) {
            for (List<AioContext> l : byMm.values())
                for (AioContext c : l)
                    if (c.owner.status() != Process.Status.RUNNING || c.owner.mm() != c.mm) gone.add(c);
        }
        for (AioContext c : gone) destroy(c);
    }
}
