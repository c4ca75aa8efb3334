package dev.javix.kernel.aio;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.FsException;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.poll.EventFd;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.syscall.Syscall;

/**
 * One submitted iocb (Linux's struct aio_kiocb) until its completion is in the ring. Holds
 * references to its file and eventfd, dropped at completion (Linux's fget/fput).
 *
 * <p>A positional request (regular file, block device) and fsync run to the end in
 * {@link #start}. A stream request runs while the file's poll mask allows it; otherwise it
 * waits as a {@link WaitQueue.Waiter} on the file's wait queue, and its {@link #wake} hands it
 * to the table's worker thread, which calls {@link #attempt} again. {@link #attempt} and
 * {@link #cancel} exclude each other on {@code this}, so a request completes exactly once.
 *
 * <p>Guarded by {@code this}: {@link #done}, {@link #finished}, {@link #waited}.
 */
public final class AioRequest implements WaitQueue.Waiter {
    /** What the request does. */
    public enum Kind { READ, WRITE, FSYNC, FDSYNC, POLL }

    /** Bytes moved per step; bounds the kernel buffer of one step. */
    private static final int CHUNK = 1 << 20;
    private static final int READABLE = OpenFile.POLLIN | OpenFile.POLLHUP | OpenFile.POLLERR;
    private static final int WRITABLE = OpenFile.POLLOUT | OpenFile.POLLHUP | OpenFile.POLLERR;

    private final AioTable table;
    private final AioContext ctx;
    /** The iocb's aio_data and user address: the io_event's data and obj. */
    final long data, obj;
    private final Kind kind;
    private final OpenFile file;
    private final EventFd eventFd;
    private final GuestBuffer buffer;
    /** The file position for a positional request; ignored by streams. For POLL: the events asked for. */
    private final long pos;
    private final boolean positional;
    /** RWF_NOWAIT: a stream that is not ready completes with EAGAIN instead of waiting. */
    private final boolean noWait;
    /** The submitting thread: file operations account signals (SIGPIPE) and credentials to it. */
    private final Task submitter;

    // ---- guarded by this
    private long done;
    private boolean finished;
    /** A POLL that did not find its events at submission (its result is then the wake-up's mask). */
    private boolean waited;

    /**
     * A request ready to {@link #start}; file and eventFd must already be retained for it (the
     * request closes them at completion).
     */
    public AioRequest(AioTable table, AioContext ctx, long data, long obj, Kind kind, OpenFile file, EventFd eventFd,
            GuestBuffer buffer, long pos, boolean positional, boolean noWait, Task submitter) {
        this.table = table;
        this.ctx = ctx;
        this.data = data;
        this.obj = obj;
        this.kind = kind;
        this.file = file;
        this.eventFd = eventFd;
        this.buffer = buffer;
        this.pos = pos;
        this.positional = positional;
        this.noWait = noWait;
        this.submitter = submitter;
    }

    /** Runs the request as far as it can go now (in io_submit, on the submitter's CPU). */
    public void start() {
        attempt();
    }

    /** The file may have become ready: retry on the worker, never on the waker's thread (it may hold the file's lock). */
    @Override
    public void wake() {
        table.schedule(this);
    }

    /** Moves the request forward: completes it, or leaves it waiting on its file. */
    void attempt() {
        synchronized (this) {
            if (finished) return;
            if (!ctx.isDead() && ctx.owner.status() == Process.Status.RUNNING && ctx.owner.mm() == ctx.mm) {
                step();
                return;
            }
        }
        table.destroy(ctx); // the owner has exited or exec'd: Linux's exit_aio (outside our lock: it cancels requests)
    }

    private void step() {
        switch (kind) {
            case FSYNC, FDSYNC -> {
                long r;
                try {
                    ctx.owner.kernel().vfs().sync(file);
                    r = 0;
                } catch (FsException e) {
                    r = -e.errno;
                }
                finish(r);
            }
            case READ -> transfer(true);
            case WRITE -> transfer(false);
            case POLL -> poll();
        }
    }

    /**
     * IOCB_CMD_POLL (aio_poll): one-shot readiness; completes with the ready events among those
     * asked for (POLLERR and POLLHUP always count), as Linux's mangle_poll(mask) in res. Ready
     * at submission, Linux reports vfs_poll's mask filtered by the events; ready later, it
     * reports the key of the wake-up (aio_poll_wake), which carries the RDNORM/WRNORM companions
     * of IN/OUT (a pipe write wakes readers with EPOLLIN|EPOLLRDNORM): so does this.
     */
    private void poll() {
        int events = (int) pos | OpenFile.POLLERR | OpenFile.POLLHUP;
        int mask = file.pollMask();
        if ((mask & events) != 0) {
            if (waited) {
                if ((events & OpenFile.POLLIN) != 0) events |= OpenFile.POLLRDNORM;
                if ((events & OpenFile.POLLOUT) != 0) events |= OpenFile.POLLWRNORM;
            }
            finish(mask & events);
            return;
        }
        if (!ctx.addWaiting(this)) {
            finish(0);
            return;
        }
        waited = true;
        file.waitQueue().add(this);
        if ((file.pollMask() & events) != 0) {
            file.waitQueue().remove(this);
            table.schedule(this);
        }
    }

    private void transfer(boolean read) {
        byte[] buf = new byte[(int) Math.min(Math.max(buffer.total() - done, 0), CHUNK)];
        for (;;) {
            long want = buffer.total() - done;
            if (want == 0 || (read && !positional && done > 0)) {
                finish(done);
                return;
            }
            if (!positional && !file.nonBlocking() && !noWait && (file.pollMask() & (read ? READABLE : WRITABLE)) == 0) {
                waitForFile(read);
                return;
            }
            int n = (int) Math.min(want, buf.length);
            long r;
            if (read) {
                r = positional ? file.pread(submitter, buf, 0, n, pos + done) : file.read(submitter, buf, 0, n);
                if (r > 0 && !buffer.copy(ctx.mm, done, buf, (int) r, true)) r = -Errno.EFAULT;
            } else {
                r = buffer.copy(ctx.mm, done, buf, n, false) ? 0 : -Errno.EFAULT;
                if (r == 0) r = positional ? file.pwrite(submitter, buf, 0, n, pos + done) : file.write(submitter, buf, 0, n);
            }
            if (r == Syscall.BLOCK) {
                if (!positional && !noWait) {
                    // Another reader or writer took what the poll mask promised: wait again.
                    waitForFile(read);
                    return;
                }
                r = -Errno.EAGAIN;
            }
            if (r < 0) {
                finish(done > 0 ? done : r);
                return;
            }
            done += r;
            if (r == 0 || (positional && r < n)) { // end of file, or a short positional transfer
                finish(done);
                return;
            }
        }
    }

    /** Registers on the file's wait queue, re-checking readiness afterwards so no wake-up is lost. */
    private void waitForFile(boolean read) {
        if (!ctx.addWaiting(this)) {
            finish(-Errno.ECANCELED);
            return;
        }
        file.waitQueue().add(this);
        if ((file.pollMask() & (read ? READABLE : WRITABLE)) != 0) {
            file.waitQueue().remove(this);
            table.schedule(this);
        }
    }

    /**
     * Cancels a request that is still waiting; false if it has completed already. A poll
     * completes with the events ready now (Linux's aio_poll_cancel then aio_poll_complete_work:
     * usually 0); a transfer with what it moved so far, or -ECANCELED.
     */
    boolean cancel() {
        synchronized (this) {
            if (finished) return false;
            file.waitQueue().remove(this);
            if (kind == Kind.POLL) finish(file.pollMask() & ((int) pos | OpenFile.POLLERR | OpenFile.POLLHUP));
            else finish(done > 0 ? done : -Errno.ECANCELED);
            return true;
        }
    }

    private void finish(long res) {
        finished = true;
        ctx.complete(this, res, 0);
    }

    /** Called once the completion is posted (or dropped): notifies the eventfd and drops the references. */
    void released(boolean posted) {
        if (eventFd != null) {
            if (posted) eventFd.signal(1);
            eventFd.close();
        }
        file.close();
    }
}
