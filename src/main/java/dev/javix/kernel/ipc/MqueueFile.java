package dev.javix.kernel.ipc;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.proc.Task;
import java.nio.charset.StandardCharsets;

/**
 * An open message queue description: what an mqd_t (an fd) refers to, made by mq_open(3) or by
 * open(2) of /dev/mqueue/NAME (Linux's {@code mqueue_file_operations}, the same in both cases).
 * read(2) shows the queue's status line; write(2) is refused (EINVAL, there is no write
 * operation); poll reports POLLIN while a message is queued and POLLOUT while there is room.
 *
 * <p>The access mode decides which of mq_send and mq_receive are allowed (EBADF otherwise).
 * Locking: the offset is guarded by {@code this}.
 */
public final class MqueueFile extends OpenFile {
    /** The size a queue's inode reports (Linux's FILENT_SIZE). */
    static final int FILENT_SIZE = 80;

    private final MqueueRegistry registry;
    private final Mqueue queue;
    private final boolean canRead, canWrite;

    MqueueFile(MqueueRegistry registry, Mqueue queue, int flags) {
        super(flags);
        this.registry = registry;
        this.queue = queue;
        // OPEN_FMODE: O_ACCMODE 3 (only possible when the queue is created) allows neither.
        int acc = flags & O_ACCMODE;
        this.canRead = acc == O_RDONLY || acc == O_RDWR;
        this.canWrite = acc == O_WRONLY || acc == O_RDWR;
        queue.attach(this);
    }

    public Mqueue queue() {
        return queue;
    }

    /** May mq_receive use this description (FMODE_READ)? */
    public boolean mayReceive() {
        return canRead;
    }

    /** May mq_send use this description (FMODE_WRITE)? */
    public boolean maySend() {
        return canWrite;
    }

    @Override
    public long read(Task t, byte[] dst, int off, int len) {
        if (!canRead) return -Errno.EBADF;
        byte[] text = queue.status().getBytes(StandardCharsets.US_ASCII);
        synchronized (this) {
            if (offset >= text.length) return 0;
            int n = (int) Math.min(len, text.length - offset);
            System.arraycopy(text, (int) offset, dst, off, n);
            offset += n;
            return n;
        }
    }

    @Override
    public long write(Task t, byte[] src, int off, int len) {
        return canWrite ? -Errno.EINVAL : -Errno.EBADF;
    }

    @Override
    public synchronized long seek(long off, int whence) {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> offset;
            case 2 -> FILENT_SIZE;
            default -> -1;
        };
        if (base < 0 || base + off < 0) return -Errno.EINVAL;
        offset = base + off;
        return offset;
    }

    @Override
    public int pollMask() {
        return queue.pollMask();
    }

    @Override
    public long stat(StatBuf st) {
        registry.stat(queue, st);
        return 0;
    }

    @Override
    public String path() {
        String n = queue.name();
        return n != null ? "/" + n : "/" + registry.lastName(queue) + " (deleted)";
    }

    @Override
    protected void released() {
        Task t = Task.current();
        if (t != null) queue.dropNotification(t.process); // mqueue_flush_file
        registry.closed(queue, this);
    }
}
