package dev.javix.kernel.net;

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
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.Syscall;
import dev.javix.testing.KernelTasks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AF_UNIX state machine without a CPU: connect/accept and the backlog, EOF and resets, blocking and wake-ups, names. */
class UnixSocketTest {
    @TempDir
    Path root;
    private Kernel k;
    private Task t;

    @BeforeEach
    void boot() {
        k = new Kernel(KernelConfig.defaults(root));
        t = task();
    }

    @AfterEach
    void shutdown() {
        k.close();
    }

    private Task task() {
        return KernelTasks.task(k);
    }

    private UnixSocket socket(int type) {
        return (UnixSocket) Sockets.create(k, Sockets.AF_UNIX, type, 0);
    }

    private static byte[] abstractName(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] a = new byte[3 + n.length];
        a[0] = Sockets.AF_UNIX;
        System.arraycopy(n, 0, a, 3, n.length);
        return a;
    }

    private static byte[] path(String p) {
        byte[] n = p.getBytes(StandardCharsets.US_ASCII);
        byte[] a = new byte[2 + n.length + 1];
        a[0] = Sockets.AF_UNIX;
        System.arraycopy(n, 0, a, 2, n.length);
        return a;
    }

    private long send(SocketFile s, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return s.send(t, b, b.length, 0, null, null);
    }

    private String recv(SocketFile s, int max) {
        Message m = new Message(max, Sockets.MSG_DONTWAIT);
        long r = s.recv(t, m);
        return r < 0 ? Errno.name((int) -r) : new String(m.buf, 0, (int) r, StandardCharsets.US_ASCII);
    }

    @Test
    void connectQueuesAnEmbryoThatAcceptTakesAndTheBacklogBoundsPendingConnections() {
        UnixSocket srv = socket(Sockets.SOCK_STREAM);
        assertEquals(-Errno.EINVAL, srv.listen(t, 0), "listen needs a name");
        assertEquals(0, srv.bind(t, abstractName("srv")));
        assertEquals(0, srv.listen(t, 0));
        UnixSocket c1 = socket(Sockets.SOCK_STREAM), c2 = socket(Sockets.SOCK_STREAM);
        assertEquals(0, c1.connect(t, abstractName("srv")));
        assertEquals(5, send(c1, "early"), "the client writes before accept");
        // backlog 0 admits one pending connection (unix_recvq_full: queue length > backlog)
        Task waiter = task();
        assertEquals(Syscall.BLOCK, c2.connect(waiter, abstractName("srv")));
        assertFalse(srv.peerWait.isEmpty(), "the blocked connect waits for room in the backlog");
        SocketFile[] out = new SocketFile[1];
        assertEquals(0, srv.accept(t, out));
        assertEquals("early", recv(out[0], 16));
        assertTrue(srv.peerWait.isEmpty(), "accept woke the waiting connect");
        assertEquals(0, c2.connect(waiter, abstractName("srv")), "the connect runs again and succeeds");
        assertNull(waiter.syscallState, "its state is gone once it completed");
        assertEquals(0, srv.accept(t, out));
        assertEquals(-Errno.EISCONN, c1.connect(t, abstractName("srv")), "checked after the backlog, as Linux does");
        assertEquals(Syscall.BLOCK, srv.accept(t, out), "nothing pending: accept blocks");
        assertFalse(srv.waitQueue().isEmpty());
        t.syscallState = null;
        assertEquals(-Errno.ECONNREFUSED, socket(Sockets.SOCK_STREAM).connect(t, abstractName("nobody")));
        assertEquals(-Errno.EPROTOTYPE, socket(Sockets.SOCK_SEQPACKET).connect(t, abstractName("srv")));
    }

    @Test
    void eofAfterShutdownAndResetWhenUnreadDataIsThrownAway() {
        UnixSocket[] p = UnixSocket.pair(UnixDomain.of(k), t, Sockets.SOCK_STREAM);
        send(p[0], "ab");
        assertEquals(0, p[0].shutdown(t, Sockets.SHUT_WR));
        assertEquals("ab", recv(p[1], 8));
        assertEquals("", recv(p[1], 8), "EOF");
        assertEquals(-Errno.EPIPE, p[0].send(t, new byte[1], 1, Sockets.MSG_NOSIGNAL, null, null));
        send(p[1], "unread");
        p[0].close(); // closes with "unread" in its queue
        assertEquals("ECONNRESET", recv(p[1], 8), "the peer learns its data was lost");
        assertEquals("", recv(p[1], 8), "then EOF");
        int mask = p[1].pollMask();
        assertEquals(OpenFile.POLLHUP | OpenFile.POLLRDHUP | OpenFile.POLLIN,
                mask & (OpenFile.POLLHUP | OpenFile.POLLRDHUP | OpenFile.POLLIN));
    }

    @Test
    void aFullSendBufferBlocksTheWriterUntilTheReaderMakesRoomAndTheSendContinues() {
        UnixSocket[] p = UnixSocket.pair(UnixDomain.of(k), t, Sockets.SOCK_STREAM);
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        long r = p[0].send(t, big, big.length, 0, null, null);
        assertEquals(Syscall.BLOCK, r, "more than SO_SNDBUF: the writer waits");
        int sent = Transfer.progress(t);
        assertTrue(sent > 0 && sent < big.length, "part of it is queued: " + sent);
        assertEquals(0, p[0].pollMask() & OpenFile.POLLOUT);
        Task reader = task();
        Message m = new Message(big.length, 0);
        assertEquals(sent, p[1].recv(reader, m));
        assertEquals(big.length, p[0].send(t, big, big.length, 0, null, null), "the rest goes on the second run");
        Message rest = new Message(big.length, 0);
        assertEquals(big.length - sent, p[1].recv(reader, rest));
        byte[] all = new byte[big.length];
        System.arraycopy(m.buf, 0, all, 0, sent);
        System.arraycopy(rest.buf, 0, all, sent, big.length - sent);
        assertArrayEquals(big, all);
        assertTrue((p[0].pollMask() & OpenFile.POLLOUT) != 0);
    }

    @Test
    void datagramsKeepBoundariesAndTruncate() {
        UnixSocket[] p = UnixSocket.pair(UnixDomain.of(k), t, Sockets.SOCK_DGRAM);
        send(p[0], "hello");
        send(p[0], "");
        send(p[0], "x");
        Message m = new Message(3, 0);
        assertEquals(3, p[1].recv(t, m));
        assertEquals(Sockets.MSG_TRUNC, m.msgFlags);
        assertEquals("", recv(p[1], 8));
        assertEquals("x", recv(p[1], 8));
        assertEquals("EAGAIN", recv(p[1], 8));
        p[1].close();
        assertEquals(-Errno.ECONNREFUSED, send(p[0], "a"));
        assertEquals(-Errno.ENOTCONN, send(p[0], "a"));
    }

    /** A file that counts its last close. */
    private static final class Probe extends OpenFile {
        int released;

        Probe() {
            super(O_RDWR);
        }

        @Override
        public long stat(dev.javix.kernel.fs.StatBuf st) {
            return 0;
        }

        @Override
        public String path() {
            return "probe";
        }

        @Override
        protected void released() {
            released++;
        }
    }

    @Test
    void passedFilesAreHeldInFlightAndReleasedWhenNeverReceived() {
        UnixSocket[] p = UnixSocket.pair(UnixDomain.of(k), t, Sockets.SOCK_DGRAM);
        Probe a = new Probe(), b = new Probe();
        FdTable files = t.process.files;
        int fa = files.install(a, 0, false, 1024), fb = files.install(b, 0, false, 1024);
        byte[] control = new byte[24 + 16]; // CMSG_SPACE(8): two fds
        control[0] = 24;
        control[8] = Sockets.SOL_SOCKET;
        control[12] = Sockets.SCM_RIGHTS;
        control[16] = (byte) fa;
        control[20] = (byte) fb;
        ControlMessages.Parsed parsed = ControlMessages.parse(java.util.Arrays.copyOf(control, 24), files, t);
        assertEquals(0, parsed.errno());
        assertEquals(1, p[0].send(t, new byte[] {'x'}, 1, 0, null, parsed.ancillary()));
        files.close(fa);
        files.close(fb);
        assertEquals(0, a.released + b.released, "both are in flight");
        Message m = new Message(8, 0);
        assertEquals(1, p[1].recv(t, m));
        ControlMessages.Built built = ControlMessages.build(m.ancillary, false, 20, files, false, 1024);
        assertEquals(Sockets.MSG_CTRUNC, built.flags(), "room for one fd only");
        assertEquals(20, built.bytes().length);
        assertEquals(1, b.released, "the cut-off file is released");
        int fd = built.bytes()[16];
        assertTrue(files.get(fd) == a);
        files.close(fd);
        assertEquals(1, a.released);

        Probe c = new Probe();
        int fc = files.install(c, 0, false, 1024);
        ControlMessages.Parsed again = ControlMessages.parse(java.util.Arrays.copyOf(new byte[] {20, 0, 0, 0, 0, 0, 0, 0,
                1, 0, 0, 0, 1, 0, 0, 0, (byte) fc, 0, 0, 0}, 20), files, t);
        p[0].send(t, new byte[] {'y'}, 1, 0, null, again.ancillary());
        files.close(fc);
        p[1].close();
        assertEquals(1, c.released, "the receiver closed with the message unread");
        assertEquals(Errno.EBADF, ControlMessages.parse(new byte[] {20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
                99, 0, 0, 0}, files, t).errno());
    }

    @Test
    void namesAreFreedOrKeptAsLinuxDoes() {
        UnixSocket a = socket(Sockets.SOCK_DGRAM);
        assertEquals(0, a.bind(t, abstractName("x")));
        assertEquals(-Errno.EADDRINUSE, socket(Sockets.SOCK_DGRAM).bind(t, abstractName("x")));
        a.close();
        assertEquals(0, socket(Sockets.SOCK_DGRAM).bind(t, abstractName("x")), "an abstract name dies with its socket");

        UnixSocket s = socket(Sockets.SOCK_STREAM);
        assertEquals(0, s.bind(t, path("/tmp/sock")));
        assertArrayEquals(path("/tmp/sock"), s.localAddress());
        assertEquals(-Errno.ENOENT, socket(Sockets.SOCK_STREAM).connect(t, path("/tmp/none")));
        assertEquals(-Errno.ECONNREFUSED, socket(Sockets.SOCK_STREAM).connect(t, path("/tmp/sock")), "not listening");
        s.close();
        assertEquals(-Errno.EADDRINUSE, socket(Sockets.SOCK_STREAM).bind(t, path("/tmp/sock")),
                "a path name outlives its socket until unlinked");

        UnixSocket auto = socket(Sockets.SOCK_STREAM);
        assertEquals(0, auto.bind(t, new byte[] {Sockets.AF_UNIX, 0}));
        byte[] name = auto.localAddress();
        assertEquals(8, name.length, "autobind: \\0 and five hex digits");
        assertEquals(0, name[2]);
        assertNotNull(auto.peerAddress() == null ? "unconnected" : null);
    }
}
