package dev.javix.kernel.poll;

import static dev.javix.kernel.fs.OpenFile.POLLERR;
import static dev.javix.kernel.fs.OpenFile.POLLIN;
import static dev.javix.kernel.fs.OpenFile.POLLOUT;
import static dev.javix.kernel.fs.OpenFile.POLLRDNORM;
import static dev.javix.kernel.fs.OpenFile.POLLWRNORM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.javix.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** eventfd counters: sums, semaphore mode, the ceiling, and the kernel's signal(). */
class EventFdTest {
    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static long read(EventFd f) {
        byte[] b = new byte[8];
        long r = f.read(null, b, 0, 8);
        return r < 0 ? r : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void readsTakeTheSum() {
        EventFd f = new EventFd(2, EventFd.EFD_NONBLOCK, 0);
        assertEquals(8, f.write(null, le(5), 0, 8));
        assertEquals(7, read(f));
        assertEquals(-Errno.EAGAIN, read(f));
        assertEquals(-Errno.EINVAL, f.read(null, new byte[4], 0, 4));
        assertEquals(-Errno.EINVAL, f.write(null, le(-1), 0, 8));
    }

    @Test
    void semaphoreReadsTakeOne() {
        EventFd f = new EventFd(3, EventFd.EFD_SEMAPHORE | EventFd.EFD_NONBLOCK, 0);
        assertEquals(1, read(f));
        assertEquals(1, read(f));
        assertEquals(1, read(f));
        assertEquals(-Errno.EAGAIN, read(f));
    }

    @Test
    void theCeilingBlocksWrites() {
        EventFd f = new EventFd(0, EventFd.EFD_NONBLOCK, 0);
        assertEquals(8, f.write(null, le(0xfffffffffffffffeL), 0, 8));
        assertEquals(POLLIN | POLLRDNORM, f.pollMask(), "full: not writable");
        assertEquals(-Errno.EAGAIN, f.write(null, le(1), 0, 8));
        assertEquals(0xfffffffffffffffeL, read(f));
        assertEquals(POLLOUT | POLLWRNORM, f.pollMask());
    }

    @Test
    void signalAddsWakesAndClipsToPollErr() {
        EventFd f = new EventFd(0, EventFd.EFD_NONBLOCK, 0);
        int[] wakes = {0};
        f.waitQueue().addWatcher(k -> { wakes[0]++; return true; }, false);
        f.signal(3);
        assertEquals(1, wakes[0]);
        assertEquals(3, f.count());
        f.signal(-1L); // more than fits: clipped at ULLONG_MAX
        assertEquals(-1L, f.count());
        assertEquals(POLLIN | POLLRDNORM | POLLERR, f.pollMask());
    }
}
