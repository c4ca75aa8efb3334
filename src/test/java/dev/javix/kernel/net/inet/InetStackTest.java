package dev.javix.kernel.net.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.net.Message;
import dev.javix.kernel.net.SocketFile;
import dev.javix.kernel.net.Sockets;
import dev.javix.kernel.proc.Task;
import dev.javix.testing.KernelTasks;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge without a CPU: the reach policy of each NetMode (nothing leaves the loopback under
 * LOOPBACK: the checks answer before any host socket is touched), sockaddr encoding, and the
 * event thread waking a socket's wait queue when a host peer connects or sends (what poll,
 * epoll and blocked calls rely on), with the thread gone after the kernel closes.
 */
class InetStackTest {
    @TempDir
    Path root;
    private Kernel k;

    @AfterEach
    void shutdown() {
        if (k != null) k.close();
    }

    private Task boot(KernelConfig.NetMode mode) {
        k = new Kernel(KernelConfig.defaults(root).withNet(mode));
        return KernelTasks.task(k);
    }

    private static byte[] v4(String ip, int port) throws Exception {
        return SockAddr.encode(Sockets.AF_INET, new InetSocketAddress(InetAddress.getByName(ip), port));
    }

    private static int port(byte[] sockaddr) {
        return (sockaddr[2] & 0xff) << 8 | (sockaddr[3] & 0xff);
    }

    /** Waits (bounded) until f's wait queue is woken, then returns its poll mask. */
    private static int awaitWake(OpenFile f, Runnable trigger) throws Exception {
        CountDownLatch woken = new CountDownLatch(1);
        f.waitQueue().add(woken::countDown);
        trigger.run();
        assertTrue(woken.await(10, TimeUnit.SECONDS), "the event thread woke the wait queue");
        return f.pollMask();
    }

    /** Retries a non-blocking call until it stops answering EAGAIN (bounded). */
    private static long retry(LongSupplier call) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        long r;
        while ((r = call.getAsLong()) == -Errno.EAGAIN && System.nanoTime() < end) Thread.sleep(5);
        return r;
    }

    @Test
    void netNoneAnswersEafnosupport() {
        boot(KernelConfig.NetMode.NONE);
        assertEquals(-Errno.EAFNOSUPPORT, Sockets.check(k, Sockets.AF_INET, Sockets.SOCK_STREAM, 0, true));
        assertEquals(-Errno.EAFNOSUPPORT, Sockets.check(k, Sockets.AF_INET6, Sockets.SOCK_DGRAM, 0, true));
        assertEquals(0, Sockets.check(k, Sockets.AF_UNIX, Sockets.SOCK_STREAM, 0, true));
    }

    @Test
    void socketArgumentChecks() {
        boot(KernelConfig.NetMode.LOOPBACK);
        assertEquals(0, Sockets.check(k, Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_NONBLOCK, 6, false));
        assertEquals(-Errno.EPROTONOSUPPORT, Sockets.check(k, Sockets.AF_INET, Sockets.SOCK_DGRAM, 6, false));
        assertEquals(-Errno.EPERM, Sockets.check(k, Sockets.AF_INET, Sockets.SOCK_RAW, 1, false));
        assertEquals(-Errno.ESOCKTNOSUPPORT, Sockets.check(k, Sockets.AF_INET6, Sockets.SOCK_SEQPACKET, 0, false));
        assertEquals(-Errno.EOPNOTSUPP, Sockets.checkPair(k, Sockets.AF_INET, Sockets.SOCK_STREAM, 0, false));
    }

    @Test
    void loopbackModeKeepsTheGuestOnTheLoopback() throws Exception {
        Task t = boot(KernelConfig.NetMode.LOOPBACK);
        SocketFile tcp = Sockets.create(k, Sockets.AF_INET, Sockets.SOCK_STREAM, 0);
        assertEquals(-Errno.ENETUNREACH, tcp.connect(t, v4("192.0.2.1", 80))); // TEST-NET-1: never reached
        assertEquals(-Errno.EADDRNOTAVAIL, tcp.bind(t, v4("192.0.2.1", 0)));
        SocketFile udp = Sockets.create(k, Sockets.AF_INET, Sockets.SOCK_DGRAM, 0);
        byte[] x = {1};
        assertEquals(-Errno.ENETUNREACH, udp.send(t, x, 1, 0, v4("198.51.100.7", 53), null));
        // The wildcard binds the loopback on the host; getsockname still says 0.0.0.0.
        assertEquals(0, tcp.bind(t, v4("0.0.0.0", 0)));
        byte[] local = tcp.localAddress();
        assertArrayEquals(new byte[] {0, 0, 0, 0}, java.util.Arrays.copyOfRange(local, 4, 8));
        assertEquals(0, tcp.listen(t, 4));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port(local)), 10_000);
            assertTrue(s.isConnected());
        }
        tcp.close();
        udp.close();
    }

    @Test
    void hostModePassesAddressesThrough() throws Exception {
        boot(KernelConfig.NetMode.HOST);
        InetStack stack = k.inet();
        int[] err = new int[1];
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 80);
        assertEquals(a, stack.connectTarget(Sockets.AF_INET, a, err));
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0);
        assertEquals(any, stack.bindTarget(Sockets.AF_INET, any, err));
        // A connect to the wildcard reaches this host, as on Linux.
        assertTrue(stack.connectTarget(Sockets.AF_INET, any, err).getAddress().isLoopbackAddress());
    }

    @Test
    void sockaddrRoundTrip() throws Exception {
        int[] err = new int[1];
        byte[] raw = v4("127.0.0.1", 8080);
        assertEquals(16, raw.length);
        assertEquals(new InetSocketAddress("127.0.0.1", 8080), SockAddr.decode(Sockets.AF_INET, raw, false, err));
        assertEquals(null, SockAddr.decode(Sockets.AF_INET, java.util.Arrays.copyOf(raw, 15), false, err));
        assertEquals(-Errno.EINVAL, err[0]);
        assertEquals(null, SockAddr.decode(Sockets.AF_INET6, java.util.Arrays.copyOf(raw, 28), false, err));
        assertEquals(-Errno.EAFNOSUPPORT, err[0]);
        // An IPv4 peer of an IPv6 socket is written v4-mapped.
        byte[] mapped = SockAddr.encode(Sockets.AF_INET6, new InetSocketAddress("127.0.0.1", 1));
        assertEquals(28, mapped.length);
        assertEquals((byte) 0xff, mapped[18]);
        assertEquals(127, mapped[20]);
    }

    @Test
    void eventThreadWakesListenerAndConnection() throws Exception {
        Task t = boot(KernelConfig.NetMode.LOOPBACK);
        SocketFile l = Sockets.create(k, Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_NONBLOCK, 0);
        assertEquals(0, l.bind(t, v4("127.0.0.1", 0)));
        assertEquals(0, l.listen(t, 1));
        assertEquals(0, l.pollMask());
        int port = port(l.localAddress());
        try (Socket host = new Socket()) {
            int mask = awaitWake(l, () -> {
                try {
                    host.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(OpenFile.POLLIN | OpenFile.POLLRDNORM, mask);
            SocketFile[] out = new SocketFile[1];
            assertEquals(0, retry(() -> l.accept(t, out)));
            SocketFile c = out[0];
            assertNotNull(c);
            assertEquals(OpenFile.POLLOUT | OpenFile.POLLWRNORM, c.pollMask());
            mask = awaitWake(c, () -> {
                try {
                    host.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long end = System.nanoTime() + 10_000_000_000L;
            while ((c.pollMask() & OpenFile.POLLIN) == 0 && System.nanoTime() < end) Thread.sleep(5);
            assertTrue((c.pollMask() & OpenFile.POLLIN) != 0);
            Message m = new Message(16, Sockets.MSG_DONTWAIT | Sockets.MSG_PEEK);
            assertEquals(4, c.recv(t, m));
            assertTrue((c.pollMask() & OpenFile.POLLIN) != 0, "a peek consumes nothing");
            byte[] reply = "pong".getBytes(StandardCharsets.US_ASCII);
            assertEquals(4, c.send(t, reply, 4, 0, null, null));
            InputStream in = host.getInputStream();
            assertArrayEquals(reply, in.readNBytes(4));
            host.shutdownOutput();
            end = System.nanoTime() + 10_000_000_000L;
            while ((c.pollMask() & OpenFile.POLLRDHUP) == 0 && System.nanoTime() < end) Thread.sleep(5);
            assertEquals(OpenFile.POLLIN | OpenFile.POLLRDNORM | OpenFile.POLLRDHUP | OpenFile.POLLOUT | OpenFile.POLLWRNORM,
                    c.pollMask());
            c.close();
        }
        l.close();
    }

    /** A guest listener on the loopback and one connection from a host socket, accepted. */
    private SocketFile acceptFrom(Task t, SocketFile l, Socket host) throws Exception {
        assertEquals(0, l.bind(t, v4("127.0.0.1", 0)));
        assertEquals(0, l.listen(t, 1));
        host.connect(new InetSocketAddress("127.0.0.1", port(l.localAddress())), 10_000);
        SocketFile[] out = new SocketFile[1];
        assertEquals(0, retry(() -> l.accept(t, out)));
        assertNotNull(out[0]);
        return out[0];
    }

    @Test
    void directSendLeavesTheSocketLockFree() throws Exception {
        Task t = boot(KernelConfig.NetMode.LOOPBACK);
        SocketFile l = Sockets.create(k, Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_NONBLOCK, 0);
        try (Socket host = new Socket()) {
            TcpSocket c = (TcpSocket) acceptFrom(t, l, host);
            TcpStream s;
            synchronized (c) {
                s = c.stream;
                assertTrue(s.beginDirect(), "nothing queued: a send may write to the host without the lock");
                assertFalse(s.beginDirect(), "one direct send at a time");
            }
            // While that send is in its host write, the event thread fills the receive buffer
            // and the guest reads it: neither waits for the send.
            awaitWake(c, () -> {
                try {
                    host.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Message m = new Message(16, Sockets.MSG_DONTWAIT);
            assertEquals(4, retry(() -> c.recv(t, m)));
            // A second sender waits for the first, so the bytes keep the order of the sends.
            Task t2 = k.newTask(t.process, false);
            long[] second = {Long.MIN_VALUE};
            Thread other = new Thread(() -> second[0] = c.send(t2, new byte[] {'B'}, 1, Sockets.MSG_DONTWAIT, null, null));
            other.start();
            other.join(200);
            assertTrue(other.isAlive(), "the second send waits for the direct one");
            assertEquals(1, s.writeDirect(new byte[] {'A'}, 0, 1));
            synchronized (c) {
                s.endDirect();
            }
            other.join(10_000);
            assertEquals(1, second[0]);
            assertArrayEquals("AB".getBytes(StandardCharsets.US_ASCII), host.getInputStream().readNBytes(2));
            c.close();
        }
        l.close();
    }

    /** beginCpuPoll retried (bounded) while the event thread's last round was busy. */
    private InetStack.CpuPoll awaitCpuPoll() throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        InetStack.CpuPoll p;
        while ((p = k.inet().beginCpuPoll()) == null && System.nanoTime() < end) Thread.sleep(5);
        return p;
    }

    @Test
    void aBusyNetworkIsLeftToTheEventThread() throws Exception {
        Task t = boot(KernelConfig.NetMode.LOOPBACK);
        SocketFile l = Sockets.create(k, Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_NONBLOCK, 0);
        try (Socket h1 = new Socket(); Socket h2 = new Socket()) {
            SocketFile a = acceptFrom(t, l, h1);
            h2.connect(new InetSocketAddress("127.0.0.1", port(l.localAddress())), 10_000);
            SocketFile[] out = new SocketFile[1];
            assertEquals(0, retry(() -> l.accept(t, out)));
            SocketFile b = out[0];
            // This thread plays an idle CPU: it takes the poller's role from the event thread.
            InetStack.CpuPoll p = awaitCpuPoll();
            assertNotNull(p, "an idle CPU may poll a quiet network");
            assertNull(k.inet().beginCpuPoll(), "one poller at a time");
            h1.getOutputStream().write('1');
            h2.getOutputStream().write('2');
            long end = System.nanoTime() + 10_000_000_000L;
            while (((a.pollMask() & b.pollMask()) & OpenFile.POLLIN) == 0 && System.nanoTime() < end) p.poll(10);
            assertTrue(((a.pollMask() & b.pollMask()) & OpenFile.POLLIN) != 0, "the CPU's polls read both");
            p.end(true); // several channels had events: busy
            assertNull(k.inet().beginCpuPoll(), "a busy network is left to the event thread");
            for (int i = 0; i < 3; i++) { // rounds of the event thread without events (wakeups) change nothing
                k.inet().loop().wakeup();
                Thread.sleep(30);
            }
            assertNull(k.inet().beginCpuPoll(), "a wakeup is no sign of a quiet network");
            // One quiet round of the event thread (one channel) gives it back to idle CPUs.
            Message m = new Message(16, Sockets.MSG_DONTWAIT);
            assertEquals(1, a.recv(t, m));
            awaitWake(a, () -> {
                try {
                    h1.getOutputStream().write('3');
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            p = awaitCpuPoll();
            assertNotNull(p, "quiet again");
            p.end(false);
            a.close();
            b.close();
        }
        l.close();
    }

    @Test
    void largeSendsArriveWholeAndInOrder() throws Exception {
        Task t = boot(KernelConfig.NetMode.LOOPBACK);
        SocketFile l = Sockets.create(k, Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_NONBLOCK, 0);
        try (Socket host = new Socket()) {
            SocketFile c = acceptFrom(t, l, host);
            // Sends larger than the host takes at once: part goes straight out, the rest is
            // queued behind it and drained by the event thread.
            byte[] data = new byte[4 << 20];
            for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + (i >>> 12));
            byte[] got = new byte[data.length];
            Thread reader = new Thread(() -> {
                try {
                    host.getInputStream().readNBytes(got, 0, got.length);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            reader.start();
            int sent = 0;
            long end = System.nanoTime() + 30_000_000_000L;
            while (sent < data.length && System.nanoTime() < end) {
                int len = Math.min(data.length - sent, 1 << 20);
                byte[] piece = java.util.Arrays.copyOfRange(data, sent, sent + len);
                long r = c.send(t, piece, len, Sockets.MSG_DONTWAIT, null, null);
                if (r == -Errno.EAGAIN) {
                    Thread.sleep(1);
                    continue;
                }
                assertTrue(r > 0 && r <= len, "send: " + r);
                sent += (int) r;
            }
            assertEquals(data.length, sent);
            reader.join(30_000);
            assertArrayEquals(data, got);
            c.close();
        }
        l.close();
    }

    @Test
    void nonBlockingConnectToAHostServer() throws Exception {
        Task t = boot(KernelConfig.NetMode.LOOPBACK);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SocketFile c = Sockets.create(k, Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_NONBLOCK, 0);
            long r = c.connect(t, v4("127.0.0.1", server.getLocalPort()));
            assertTrue(r == 0 || r == -Errno.EINPROGRESS, "connect: " + r);
            long end = System.nanoTime() + 10_000_000_000L;
            while ((c.pollMask() & OpenFile.POLLOUT) == 0 && System.nanoTime() < end) Thread.sleep(5);
            byte[][] v = new byte[1][];
            assertEquals(0, c.getOption(t, Sockets.SOL_SOCKET, Sockets.SO_ERROR, v));
            assertArrayEquals(new byte[4], v[0]);
            try (Socket accepted = server.accept()) {
                byte[] msg = "from the guest".getBytes(StandardCharsets.US_ASCII);
                assertEquals(msg.length, c.send(t, msg, msg.length, 0, null, null));
                assertArrayEquals(msg, accepted.getInputStream().readNBytes(msg.length));
            }
            c.close();
        }
    }

    @Test
    void closingTheKernelReleasesHostPorts() throws Exception {
        Task t = boot(KernelConfig.NetMode.LOOPBACK);
        SocketFile l = Sockets.create(k, Sockets.AF_INET, Sockets.SOCK_STREAM, 0);
        assertEquals(0, l.bind(t, v4("127.0.0.1", 0)));
        assertEquals(0, l.listen(t, 1));
        int port = port(l.localAddress());
        k.close(); // the guest never closed its socket
        k = null;
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(false);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertEquals(port, again.getLocalPort());
        }
    }

    @Test
    void eventThreadStopsWithTheKernel() {
        boot(KernelConfig.NetMode.LOOPBACK);
        EventLoop loop = k.inet().loop();
        assertTrue(loop.alive());
        k.close();
        assertFalse(loop.alive());
        k = null;
    }
}
