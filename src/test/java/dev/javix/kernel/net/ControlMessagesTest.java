package dev.javix.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.fs.FdTable;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;
import dev.javix.kernel.proc.Task;
import dev.javix.testing.KernelTasks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cmsg(3) buffer: parsing __scm_send's way and building put_cmsg/scm_detach_fds's way. */
class ControlMessagesTest {
    @TempDir
    Path root;
    private Kernel k;
    private Task t;
    private FdTable files;

    @BeforeEach
    void boot() {
        k = new Kernel(KernelConfig.defaults(root));
        t = KernelTasks.task(k);
        files = t.process.files;
    }

    @AfterEach
    void shutdown() {
        k.close();
    }

    private static final class Dummy extends OpenFile {
        int released;

        Dummy() {
            super(O_RDWR);
        }

        @Override
        public long stat(StatBuf st) {
            return 0;
        }

        @Override
        public String path() {
            return "dummy";
        }

        @Override
        protected void released() {
            released++;
        }
    }

    /** One cmsghdr: cmsg_len, level, type, then the ints, padded to 8. */
    private static byte[] cmsg(long len, int level, int type, int... data) {
        int size = (int) ((16 + 4L * data.length + 7) & ~7);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(len).putInt(level).putInt(type);
        for (int d : data) b.putInt(d);
        return b.array();
    }

    @Test
    void rightsAreReferencedAndOtherLevelsIgnored() {
        Dummy a = new Dummy();
        int fd = files.install(a, 0, false, 1024);
        byte[] other = cmsg(20, 41 /* SOL_IPV6 */, 1, 0);
        byte[] rights = cmsg(20, Sockets.SOL_SOCKET, Sockets.SCM_RIGHTS, fd);
        byte[] both = new byte[other.length + rights.length];
        System.arraycopy(other, 0, both, 0, other.length);
        System.arraycopy(rights, 0, both, other.length, rights.length);
        ControlMessages.Parsed p = ControlMessages.parse(both, files, t);
        assertEquals(0, p.errno());
        assertEquals(List.of(a), p.ancillary().rights());
        files.close(fd);
        assertEquals(0, a.released, "the message holds a reference");
        p.ancillary().release();
        assertEquals(1, a.released);
    }

    @ParameterizedTest(name = "cmsg_len {0}, type {1}: errno {2}")
    @CsvSource({"15, 1, 22", "100, 1, 22", "20, 9, 22", "20, 1, 9", "28, 2, 1"})
    void malformedOrForbiddenControlDataFails(long len, int type, int errno) {
        int[] data = type == Sockets.SCM_CREDENTIALS ? new int[] {t.process.pid + 1, 0, 0} : new int[] {77};
        if (errno == Errno.EPERM) { // another pid than one's own, as a non-root user
            t.process.setCredentials(dev.javix.kernel.proc.Credentials.of(1000, 1000));
            data = new int[] {t.process.pid + 1, 1000, 1000};
        }
        assertEquals(errno, ControlMessages.parse(cmsg(len, Sockets.SOL_SOCKET, type, data), files, t).errno());
    }

    @Test
    void tooManyDescriptorsIsEinvalAndReleasesWhatWasTaken() {
        Dummy a = new Dummy();
        int fd = files.install(a, 0, false, 1024);
        int[] fds = new int[Sockets.SCM_MAX_FD + 1];
        java.util.Arrays.fill(fds, fd);
        assertEquals(Errno.EINVAL, ControlMessages.parse(cmsg(16 + 4L * fds.length, Sockets.SOL_SOCKET,
                Sockets.SCM_RIGHTS, fds), files, t).errno());
        int[] ok = new int[Sockets.SCM_MAX_FD];
        java.util.Arrays.fill(ok, fd);
        ControlMessages.Parsed p = ControlMessages.parse(cmsg(16 + 4L * ok.length, Sockets.SOL_SOCKET,
                Sockets.SCM_RIGHTS, ok), files, t);
        assertEquals(Sockets.SCM_MAX_FD, p.ancillary().rights().size());
        p.ancillary().release();
        files.close(fd);
        assertEquals(1, a.released);
    }

    @Test
    void credentialsComeFirstAndEverythingCutOffIsReported() {
        Dummy a = new Dummy(), b = new Dummy();
        Ancillary anc = new Ancillary(List.of(a, b), new Ucred(7, 8, 9));
        // room for the credentials (CMSG_SPACE(12) = 32) and one fd (CMSG_LEN(4) = 20): 52 bytes
        ControlMessages.Built built = ControlMessages.build(anc, true, 52, files, true, 1024);
        ByteBuffer out = ByteBuffer.wrap(built.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(28, out.getLong(0), "CMSG_LEN(sizeof(struct ucred))");
        assertEquals(Sockets.SCM_CREDENTIALS, out.getInt(12));
        assertEquals(7, out.getInt(16));
        assertEquals(20, out.getLong(32), "one fd fits");
        assertEquals(Sockets.SCM_RIGHTS, out.getInt(44));
        assertEquals(52, built.bytes().length, "msg_controllen: what was used, capped by the room");
        assertEquals(Sockets.MSG_CTRUNC, built.flags());
        int fd = out.getInt(48);
        assertSame(a, files.get(fd));
        assertEquals(true, files.closeOnExec(fd), "MSG_CMSG_CLOEXEC");
        assertEquals(1, b.released, "the second file did not fit and is released");

        ControlMessages.Built none = ControlMessages.build(new Ancillary(List.of(), new Ucred(1, 2, 3)), true, 20,
                files, false, 1024);
        assertEquals(Sockets.MSG_CTRUNC, none.flags(), "a header but no room for all of struct ucred");
        assertEquals(20, none.bytes().length);
        assertEquals(20, ByteBuffer.wrap(none.bytes()).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
    }
}
