package dev.javix.kernel.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.net.Message;
import dev.javix.kernel.net.SocketFile;
import dev.javix.kernel.net.Sockets;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.ResourceLimits;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.Interruptible;
import dev.javix.kernel.signal.SigInfo;
import dev.javix.syscall.Syscall;
import dev.javix.testing.KernelTasks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POSIX message queues without a CPU: priority order, the limits, blocking hand-off, and mq_notify's rules. */
class MqueueTest {
    private static final long NONE = Long.MAX_VALUE;

    @TempDir
    Path root;
    private Kernel k;
    private MqueueRegistry reg;
    private Task t;

    @BeforeEach
    void boot() {
        k = new Kernel(KernelConfig.defaults(root));
        reg = k.mqueues();
        t = task();
    }

    @AfterEach
    void shutdown() {
        k.close();
    }

    private Task task() {
        return KernelTasks.task(k);
    }

    private MqueueFile create(String name, long maxmsg, long msgsize) throws MqueueRegistry.Failure {
        return reg.open(t.process, name, OpenFile.O_RDWR | OpenFile.O_CREAT | OpenFile.O_EXCL, 0600,
                new long[] {maxmsg, msgsize});
    }

    private static int errno(MqueueRegistry.Failure f) {
        return f.errno;
    }

    private int openErrno(Process p, String name, int flags, long[] attr) {
        return errno(assertThrows(MqueueRegistry.Failure.class, () -> reg.open(p, name, flags, 0600, attr)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private String receive(Task who, Mqueue q) {
        Mqueue.Message[] out = new Mqueue.Message[1];
        long r = q.receive(who, true, NONE, out);
        if (r == Syscall.BLOCK) return "BLOCK";
        if (r < 0) return Errno.name((int) -r);
        who.syscallState = null; // the dispatcher's job when the call completes
        return new String(out[0].data(), StandardCharsets.US_ASCII) + "/" + out[0].priority();
    }

    @Test
    void highestPriorityFirstFifoWithinOne() throws Exception {
        Mqueue q = create("prio", 10, 16).queue();
        String[][] sends = {{"a", "1"}, {"b", "5"}, {"c", "1"}, {"d", "32767"}, {"e", "5"}, {"f", "0"}};
        for (String[] s : sends) assertEquals(0, q.send(t, bytes(s[0]), Integer.parseInt(s[1]), true, NONE));
        assertEquals(6, q.curmsgs());
        assertEquals(6, q.qsize());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) got.add(receive(t, q));
        assertEquals(List.of("d/32767", "b/5", "e/5", "a/1", "c/1", "f/0"), got);
        assertEquals("EAGAIN", receive(t, q));
    }

    @Test
    void fullQueueAndPollMasks() throws Exception {
        MqueueFile f = create("full", 2, 8);
        Mqueue q = f.queue();
        assertEquals(OpenFile.POLLOUT | OpenFile.POLLWRNORM, f.pollMask());
        q.send(t, bytes("1"), 0, true, NONE);
        assertEquals(OpenFile.POLLIN | OpenFile.POLLRDNORM | OpenFile.POLLOUT | OpenFile.POLLWRNORM, f.pollMask());
        q.send(t, bytes("2"), 0, true, NONE);
        assertEquals(OpenFile.POLLIN | OpenFile.POLLRDNORM, f.pollMask());
        assertEquals(-Errno.EAGAIN, q.send(t, bytes("3"), 0, true, NONE));
        long past = k.clock().monotonicNanos() - 1;
        assertEquals(-Errno.ETIMEDOUT, q.send(t, bytes("3"), 0, false, past));
    }

    @Test
    void attributeLimits() throws Exception {
        Process user = task().process;
        user.setCredentials(Credentials.of(1000, 1000));
        long[][] bad = {{0, 10}, {10, 0}, {-1, 10}, {11, 10}, {10, 8193}};
        for (long[] a : bad) assertEquals(Errno.EINVAL, openErrno(user, "q", OpenFile.O_RDWR | OpenFile.O_CREAT, a));
        assertNotNull(reg.open(user, "q", OpenFile.O_RDWR | OpenFile.O_CREAT, 0600, new long[] {10, 8192}));
        // root may go up to the hard ceilings, but is charged against RLIMIT_MSGQUEUE like anyone
        assertEquals(Errno.EMFILE, openErrno(t.process, "big", OpenFile.O_RDWR | OpenFile.O_CREAT,
                new long[] {MqueueRegistry.HARD_MSGMAX, 16}));
        t.process.limits.set(ResourceLimits.MSGQUEUE, ResourceLimits.INFINITY, ResourceLimits.INFINITY);
        assertNotNull(create("big", MqueueRegistry.HARD_MSGMAX, 16));
        assertEquals(Errno.EINVAL, openErrno(t.process, "bigger", OpenFile.O_RDWR | OpenFile.O_CREAT,
                new long[] {MqueueRegistry.HARD_MSGMAX + 1, 16}));
        MqueueFile d = reg.open(t.process, "dflt", OpenFile.O_RDWR | OpenFile.O_CREAT, 0600, null);
        assertEquals(10, d.queue().maxmsg());
        assertEquals(8192, d.queue().msgsize());
    }

    @ParameterizedTest
    @CsvSource({"'', ENOENT", "a/b, EACCES", "., EACCES", "'..', EACCES"})
    void badNames(String name, String errno) {
        assertEquals(errno, Errno.name(openErrno(t.process, name, OpenFile.O_RDWR | OpenFile.O_CREAT, null)));
    }

    @Test
    void nameLengthAndExistence() throws Exception {
        assertEquals(Errno.ENAMETOOLONG, openErrno(t.process, "n".repeat(256), OpenFile.O_RDWR | OpenFile.O_CREAT, null));
        create("n".repeat(255), 1, 1);
        assertEquals(Errno.EEXIST, openErrno(t.process, "n".repeat(255), OpenFile.O_RDWR | OpenFile.O_CREAT | OpenFile.O_EXCL, null));
        assertEquals(Errno.ENOENT, openErrno(t.process, "missing", OpenFile.O_RDWR, null));
        assertEquals(Errno.EINVAL, openErrno(t.process, "n".repeat(255), OpenFile.O_ACCMODE, null));
    }

    @Test
    void permissionsOnOpen() throws Exception {
        create("mine", 1, 1); // mode 0600, root's
        Process user = task().process;
        user.setCredentials(Credentials.of(1000, 1000));
        assertEquals(Errno.EACCES, openErrno(user, "mine", OpenFile.O_RDONLY, null));
        assertEquals(Errno.EPERM, errno(assertThrows(MqueueRegistry.Failure.class, () -> reg.unlink(user, "mine"))));
    }

    @Test
    void rlimitMsgqueueIsChargedAndReleased() throws Exception {
        // a default queue costs 10 * 8192 + 10 * (48 + 48) = 82880 bytes; RLIMIT_MSGQUEUE is 819200
        List<MqueueFile> open = new ArrayList<>();
        for (int i = 0; i < 9; i++) open.add(reg.open(t.process, "q" + i, OpenFile.O_RDWR | OpenFile.O_CREAT, 0600, null));
        assertEquals(9 * 82880L, reg.charged(0));
        assertEquals(Errno.EMFILE, openErrno(t.process, "q9", OpenFile.O_RDWR | OpenFile.O_CREAT, null));
        reg.unlink(t.process, "q0");
        assertEquals(9 * 82880L, reg.charged(0), "an unlinked queue is charged while it is open");
        open.get(0).close();
        assertEquals(8 * 82880L, reg.charged(0));
        assertNotNull(reg.open(t.process, "q9", OpenFile.O_RDWR | OpenFile.O_CREAT, 0600, null));
    }

    @Test
    void unlinkedQueueLivesWhileOpen() throws Exception {
        MqueueFile f = create("gone", 2, 8);
        reg.unlink(t.process, "gone");
        assertNull(reg.lookup("gone"));
        assertEquals(0, f.queue().send(t, bytes("x"), 1, true, NONE));
        assertEquals("x/1", receive(t, f.queue()));
    }

    @Test
    void aBlockedReceiverIsHandedTheMessage() throws Exception {
        Mqueue q = create("hand", 2, 8).queue();
        Task receiver = task();
        Mqueue.Message[] out = new Mqueue.Message[1];
        assertEquals(Syscall.BLOCK, q.receive(receiver, false, NONE, out));
        assertEquals(0, q.send(t, bytes("hi"), 3, false, NONE));
        assertEquals(0, q.curmsgs(), "handed over, never queued");
        assertEquals(0, q.receive(receiver, false, NONE, out));
        assertEquals("hi", new String(out[0].data(), StandardCharsets.US_ASCII));
        assertEquals(3, out[0].priority());
    }

    @Test
    void anInterruptedReceiverPutsItsMessageBack() throws Exception {
        Mqueue q = create("back", 2, 8).queue();
        Task receiver = task();
        assertEquals(Syscall.BLOCK, q.receive(receiver, false, NONE, new Mqueue.Message[1]));
        q.send(t, bytes("m"), 4, false, NONE);
        Interruptible state = (Interruptible) receiver.syscallState;
        assertTrue(state.restartable());
        assertEquals(-Errno.EINTR, state.interrupt(receiver));
        assertEquals(1, q.curmsgs());
        assertEquals("m/4", receive(t, q));
    }

    @Test
    void aBlockedSenderRunsAgainWhenRoomAppears() throws Exception {
        Mqueue q = create("send", 1, 8).queue();
        Task sender = task();
        q.send(t, bytes("1"), 0, false, NONE);
        assertEquals(Syscall.BLOCK, q.send(sender, bytes("2"), 0, false, NONE));
        assertEquals(Syscall.BLOCK, q.send(sender, bytes("2"), 0, false, NONE), "still full: waits again");
        assertEquals("1/0", receive(t, q));
        assertEquals(0, q.send(sender, bytes("2"), 0, false, NONE));
        assertEquals("2/0", receive(t, q));
    }

    private SigInfo pending(Process p, int sig) {
        return p.pending.takeSignal(sig);
    }

    @Test
    void notifyFiresOnceOnEmptyToNonEmpty() throws Exception {
        Mqueue q = create("notify", 4, 8).queue();
        Process owner = task().process;
        assertEquals(0, q.notify(owner, Mqueue.SIGEV_SIGNAL, Signal.SIGUSR1, 42, null, null));
        assertEquals(-Errno.EBUSY, q.notify(t.process, Mqueue.SIGEV_SIGNAL, Signal.SIGUSR2, 0, null, null));
        assertEquals(0, q.notify(t.process, -1, 0, 0, null, null), "NULL from another process: a no-op");
        assertSame(owner, q.notifyOwner());
        q.send(t, bytes("x"), 0, true, NONE);
        SigInfo si = pending(owner, Signal.SIGUSR1);
        assertNotNull(si);
        assertEquals(Mqueue.SI_MESGQ, si.code());
        assertEquals(t.process.pid, si.pid());
        assertEquals(42, si.value());
        assertNull(q.notifyOwner(), "removed after it fired");
        assertTrue(q.status().startsWith("QSIZE:1          NOTIFY:0     SIGNO:0     NOTIFY_PID:0"));
    }

    @Test
    void notifyWaitsForAnEmptyQueueAndSkipsBlockedReceivers() throws Exception {
        Mqueue q = create("rules", 4, 8).queue();
        Process owner = task().process;
        q.send(t, bytes("x"), 0, true, NONE);
        q.notify(owner, Mqueue.SIGEV_SIGNAL, Signal.SIGUSR1, 0, null, null);
        q.send(t, bytes("y"), 0, true, NONE);
        assertNull(pending(owner, Signal.SIGUSR1), "the queue was not empty");
        receive(t, q);
        receive(t, q);
        Task receiver = task();
        assertEquals(Syscall.BLOCK, q.receive(receiver, false, NONE, new Mqueue.Message[1]));
        q.send(t, bytes("z"), 0, true, NONE);
        assertNull(pending(owner, Signal.SIGUSR1), "a receiver was waiting");
        assertSame(owner, q.notifyOwner());
        String status = q.status();
        assertTrue(status.contains("SIGNO:10 ") && status.contains("NOTIFY_PID:" + owner.pid), status);
        reg.processExited(owner);
        assertNull(q.notifyOwner(), "gone with its process");
    }

    @Test
    void sigevThreadSendsTheCookieToTheNetlinkSocket() throws Exception {
        Mqueue q = create("thread", 4, 8).queue();
        assertEquals(0, MqueueNetlink.check(Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, 0));
        assertEquals(-Errno.ESOCKTNOSUPPORT, MqueueNetlink.check(Sockets.SOCK_STREAM, 0));
        MqueueNetlink sock = (MqueueNetlink) MqueueNetlink.socket(k, Sockets.SOCK_RAW, 0);
        byte[] cookie = new byte[Mqueue.NOTIFY_COOKIE_LEN];
        cookie[0] = 0x55;
        sock.retain(); // the registration's reference, as mq_notify takes it
        assertEquals(0, q.notify(t.process, Mqueue.SIGEV_THREAD, 3, 0, sock, cookie));
        assertTrue(q.status().contains("NOTIFY:2 "));
        Message m = new Message(64, Sockets.MSG_DONTWAIT);
        assertEquals(-Errno.EAGAIN, sock.recv(t, m));
        q.send(t, bytes("x"), 0, true, NONE);
        m = new Message(64, Sockets.MSG_DONTWAIT);
        assertEquals(32, sock.recv(t, m));
        assertEquals(0x55, m.buf[0]);
        assertEquals(Mqueue.NOTIFY_WOKENUP, m.buf[31]);
        // a registration that is removed tells the helper thread (NOTIFY_REMOVED)
        receive(t, q);
        sock.retain();
        q.notify(t.process, Mqueue.SIGEV_THREAD, 3, 0, sock, cookie);
        q.notify(t.process, -1, 0, 0, null, null);
        m = new Message(64, Sockets.MSG_DONTWAIT);
        assertEquals(32, sock.recv(t, m));
        assertEquals(Mqueue.NOTIFY_REMOVED, m.buf[31]);
        SocketFile s = sock;
        assertEquals(MqueueNetlink.AF_NETLINK, s.family());
    }
}
