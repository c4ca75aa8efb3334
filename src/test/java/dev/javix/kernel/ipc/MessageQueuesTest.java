package dev.javix.kernel.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.Syscall;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** msgget keys and permissions, msgrcv's type selection, the byte limit, blocking and EIDRM. */
class MessageQueuesTest {
    private static final int CREAT = IpcPerm.IPC_CREAT, EXCL = IpcPerm.IPC_EXCL, NOWAIT = IpcPerm.IPC_NOWAIT;

    @TempDir
    Path root;
    private IpcFixture f;
    private MessageQueues mq;
    private Task root0, user;

    @BeforeEach
    void boot() {
        f = new IpcFixture(root);
        mq = f.ipc().messages();
        root0 = f.task(0, 0);
        user = f.task(1000, 1000);
    }

    @AfterEach
    void shutdown() {
        f.close();
    }

    @Test
    void keysFindCreateAndRefuse() {
        assertEquals(-Errno.ENOENT, mq.get(IpcFixture.cred(user), 77, 0600));
        long id = mq.get(IpcFixture.cred(user), 77, CREAT | 0600);
        assertTrue(id >= 0);
        assertEquals(id, mq.get(IpcFixture.cred(user), 77, 0600));
        assertEquals(id, mq.get(IpcFixture.cred(user), 77, CREAT | 0600));
        assertEquals(-Errno.EEXIST, mq.get(IpcFixture.cred(user), 77, CREAT | EXCL | 0600));
        long p1 = mq.get(IpcFixture.cred(user), IpcPerm.IPC_PRIVATE, 0600);
        long p2 = mq.get(IpcFixture.cred(user), IpcPerm.IPC_PRIVATE, 0600);
        assertNotEquals(p1, p2);
        assertEquals(3, mq.count());
        assertEquals(0, mq.remove(IpcFixture.cred(user), (int) id));
        assertEquals(-Errno.ENOENT, mq.get(IpcFixture.cred(user), 77, 0600), "the key goes with the queue");
        long again = mq.get(IpcFixture.cred(user), 77, CREAT | 0600);
        assertNotEquals(id, again, "a new sequence number: the stale id finds nothing");
        assertEquals(-Errno.EINVAL, mq.send(user, (int) id, 1, new byte[1], NOWAIT));
    }

    @Test
    void permissionsFollowOwnerGroupOther() {
        int id = (int) mq.get(IpcFixture.cred(user), 5, CREAT | 0640);
        Task other = f.task(2000, 2000), group = f.task(2000, 1000);
        assertEquals(-Errno.EACCES, mq.get(IpcFixture.cred(other), 5, 0400));
        assertEquals(id, mq.get(IpcFixture.cred(group), 5, 0400));
        assertEquals(-Errno.EACCES, mq.send(group, id, 1, new byte[1], NOWAIT), "the group may read, not write");
        assertEquals(0, mq.send(root0, id, 1, new byte[1], NOWAIT), "root may do anything");
        assertEquals(-Errno.EPERM, mq.remove(IpcFixture.cred(group), id));
        byte[] ds = new byte[MessageQueues.DS_SIZE];
        assertEquals(-Errno.EACCES, mq.stat(IpcFixture.cred(other), id, IpcNamespace.IPC_STAT, ds));
        assertEquals(id, mq.stat(IpcFixture.cred(other), 0, MessageQueues.MSG_STAT_ANY, ds), "MSG_STAT_ANY skips the check");
        assertEquals(0640, Bytes.getInt(ds, IpcPerm.OFF_MODE));
        assertEquals(1000, Bytes.getInt(ds, IpcPerm.OFF_UID));
    }

    private static List<MessageQueues.Message> queue(long... types) {
        return java.util.Arrays.stream(types).mapToObj(t -> new MessageQueues.Message(t, new byte[0])).toList();
    }

    @Test
    void typeSelection() {
        List<MessageQueues.Message> q = queue(3, 1, 2, 3, 5, 1);
        assertEquals(0, MessageQueues.select(q, 0, false), "0: the first");
        assertEquals(4, MessageQueues.select(q, 5, false), "> 0: the first of that type");
        assertEquals(1, MessageQueues.select(q, 3, true), "MSG_EXCEPT: the first of another type");
        assertEquals(1, MessageQueues.select(q, -2, false), "< 0: the first of the lowest type <= |t|");
        assertEquals(1, MessageQueues.select(q, Long.MIN_VALUE, false));
        assertEquals(-1, MessageQueues.select(q, 4, false));
        assertEquals(-1, MessageQueues.select(queue(), 0, false));
    }

    @Test
    void byteLimitBlocksTheSenderUntilAReceiveMakesRoom() {
        int id = (int) mq.get(IpcFixture.cred(user), IpcPerm.IPC_PRIVATE, 0600);
        byte[] ds = new byte[MessageQueues.DS_SIZE];
        Bytes.putLong(ds, MessageQueues.OFF_QBYTES, 10);
        Bytes.putInt(ds, IpcPerm.OFF_UID, 1000);
        Bytes.putInt(ds, IpcPerm.OFF_GID, 1000);
        Bytes.putInt(ds, IpcPerm.OFF_MODE, 0600);
        assertEquals(0, mq.set(IpcFixture.cred(user), id, ds));
        Bytes.putLong(ds, MessageQueues.OFF_QBYTES, IpcLimits.MSGMNB + 1);
        assertEquals(-Errno.EPERM, mq.set(IpcFixture.cred(user), id, ds), "past MSGMNB only for root");
        assertEquals(0, mq.send(user, id, 1, new byte[8], 0));
        assertEquals(-Errno.EAGAIN, mq.send(user, id, 1, new byte[3], NOWAIT));
        assertEquals(Syscall.BLOCK, mq.send(user, id, 2, new byte[3], 0));
        assertTrue(mq.hasWaiters(id));
        long[] err = {0};
        Task reader = f.task(1000, 1000);
        assertEquals(-Errno.E2BIG, receive(reader, id, 4, 0, 0, err));
        MessageQueues.Received r = mq.receive(reader, id, 64, 0, 0, err);
        assertEquals(1, r.type());
        assertEquals(8, r.text().length);
        assertEquals(0, mq.send(user, id, 2, new byte[3], 0), "the re-run fits now");
        user.syscallState = null;
        mq.stat(IpcFixture.cred(user), id, IpcNamespace.IPC_STAT, ds);
        assertEquals(1, Bytes.getLong(ds, MessageQueues.OFF_QNUM));
        assertEquals(3, Bytes.getLong(ds, MessageQueues.OFF_CBYTES));
        assertEquals(user.process.pid, Bytes.getInt(ds, MessageQueues.OFF_LSPID));
        assertEquals(reader.process.pid, Bytes.getInt(ds, MessageQueues.OFF_LRPID));
    }

    private long receive(Task t, int id, long size, long type, int flags, long[] err) {
        MessageQueues.Received r = mq.receive(t, id, size, type, flags, err);
        assertNull(r);
        return err[0];
    }

    @Test
    void noErrorTruncatesAndCopyLeavesTheMessage() {
        int id = (int) mq.get(IpcFixture.cred(user), IpcPerm.IPC_PRIVATE, 0600);
        mq.send(user, id, 9, "hello world".getBytes(), 0);
        long[] err = {0};
        MessageQueues.Received c = mq.receive(user, id, 64, 0, MessageQueues.MSG_COPY | NOWAIT, err);
        assertEquals("hello world", new String(c.text()));
        MessageQueues.Received r = mq.receive(user, id, 5, 9, MessageQueues.MSG_NOERROR, err);
        assertArrayEquals("hello".getBytes(), r.text());
        assertEquals(-Errno.ENOMSG, receive(user, id, 64, 0, NOWAIT, err));
    }

    @Test
    void removalWakesReceiversWithEidrm() {
        int id = (int) mq.get(IpcFixture.cred(user), IpcPerm.IPC_PRIVATE, 0600);
        long[] err = {0};
        assertEquals(Syscall.BLOCK, receive(user, id, 64, 0, 0, err));
        assertEquals(0, mq.remove(IpcFixture.cred(user), id));
        assertEquals(-Errno.EIDRM, receive(user, id, 64, 0, 0, err), "the woken call sees its queue gone");
        user.syscallState = null;
        assertEquals(-Errno.EINVAL, receive(user, id, 64, 0, 0, err), "a new call just finds no queue");
    }

    @Test
    void procTextHasLinuxsColumns() {
        int id = (int) mq.get(IpcFixture.cred(user), 0x1234, CREAT | 0644);
        mq.send(user, id, 1, new byte[5], 0);
        String[] lines = f.ipc().procText("msg").split("\n");
        assertEquals("       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime", lines[0]);
        assertTrue(lines[1].startsWith(String.format("%10d %10d   644           5          1 ", 0x1234, id)), lines[1]);
    }
}
