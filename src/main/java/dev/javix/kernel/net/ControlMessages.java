package dev.javix.kernel.net;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.FdTable;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The ancillary-data buffer of sendmsg/recvmsg (cmsg(3)), bits/socket.h on 64-bit:
 * <pre>
 *   struct cmsghdr {
 *       size_t cmsg_len;     // u64 @0: header + data, unpadded (CMSG_LEN)
 *       int    cmsg_level;   //     @8: SOL_SOCKET
 *       int    cmsg_type;    //     @12: SCM_RIGHTS (int fds[]) or SCM_CREDENTIALS (struct ucred)
 *       unsigned char data[];//     @16, each header 8-aligned (CMSG_SPACE = 16 + align8(len))
 *   };
 * </pre>
 * Parsing follows __scm_send (net/core/scm.c); building follows put_cmsg and scm_detach_fds:
 * credentials first, then as many descriptors as fit, MSG_CTRUNC when anything was cut off,
 * and descriptors that did not fit released.
 */
public final class ControlMessages {
    private ControlMessages() {}

    static final int HEADER = 16;

    /** CMSG_ALIGN: 8 on 64-bit. */
    static int align(long n) {
        return (int) ((n + 7) & ~7L);
    }

    /** The outcome of parsing: ancillary data, or an errno. */
    public record Parsed(Ancillary ancillary, int errno) {}

    /**
     * Reads the control buffer of a sendmsg: takes a reference to every SCM_RIGHTS file (EBADF
     * for a closed fd, EINVAL beyond {@link Sockets#SCM_MAX_FD} or for a malformed header) and
     * checks SCM_CREDENTIALS against the sender (EPERM unless root or its own ids). Other
     * levels are ignored.
     */
    public static Parsed parse(byte[] control, FdTable files, Task t) {
        List<OpenFile> rights = new ArrayList<>();
        Ucred cred = null;
        int off = 0;
        while (off + HEADER <= control.length) {
            long len = Ucred.getInt(control, off) & 0xffffffffL | (long) Ucred.getInt(control, off + 4) << 32;
            int level = Ucred.getInt(control, off + 8), type = Ucred.getInt(control, off + 12);
            if (len < HEADER || len > control.length - off) return fail(rights, Errno.EINVAL);
            if (level == Sockets.SOL_SOCKET) {
                if (type == Sockets.SCM_RIGHTS) {
                    int n = (int) ((len - HEADER) / 4);
                    if (rights.size() + n > Sockets.SCM_MAX_FD) return fail(rights, Errno.EINVAL);
                    for (int i = 0; i < n; i++) {
                        OpenFile f = files.get(Ucred.getInt(control, off + HEADER + 4 * i));
                        if (f == null) return fail(rights, Errno.EBADF);
                        rights.add(f.retain());
                    }
                } else if (type == Sockets.SCM_CREDENTIALS) {
                    if (len != HEADER + Ucred.SIZE) return fail(rights, Errno.EINVAL);
                    Ucred u = new Ucred(Ucred.getInt(control, off + HEADER), Ucred.getInt(control, off + HEADER + 4),
                            Ucred.getInt(control, off + HEADER + 8));
                    if (!allowed(t, u)) return fail(rights, Errno.EPERM);
                    cred = u;
                } else {
                    return fail(rights, Errno.EINVAL);
                }
            }
            off += align(len);
        }
        return new Parsed(rights.isEmpty() && cred == null ? null : new Ancillary(List.copyOf(rights), cred), 0);
    }

    /** scm_check_creds: one's own pid and any of one's ids, or anything for root. */
    private static boolean allowed(Task t, Ucred u) {
        Credentials c = t.process.credentials();
        if (c.euid() == 0) return true;
        boolean uid = u.uid() == c.uid() || u.uid() == c.euid() || u.uid() == c.suid();
        boolean gid = u.gid() == c.gid() || u.gid() == c.egid() || u.gid() == c.sgid();
        return u.pid() == t.process.pid && uid && gid;
    }

    private static Parsed fail(List<OpenFile> taken, int errno) {
        for (OpenFile f : taken) f.close();
        return new Parsed(null, errno);
    }

    /** What recvmsg writes to msg_control: the bytes (their length is the new msg_controllen) and MSG_CTRUNC or 0. */
    public record Built(byte[] bytes, int flags) {}

    /**
     * Builds the control data of a received message into a buffer of room bytes: an
     * SCM_CREDENTIALS message when creds is given (the receiver has SO_PASSCRED), then the
     * descriptors, each installed in files as a new fd (close-on-exec with MSG_CMSG_CLOEXEC).
     * Consumes anc's references.
     */
    public static Built build(Ancillary anc, boolean passCred, int room, FdTable files, boolean cloexec, long nofile) {
        byte[] out = new byte[Math.max(room, 0)];
        int[] pos = {0};
        int flags = 0;
        if (anc == null) return new Built(out.length == 0 ? out : new byte[0], 0);
        if (passCred && anc.credentials != null) flags |= put(out, pos, Sockets.SCM_CREDENTIALS, anc.credentials.toBytes());
        List<OpenFile> rights = anc.rights;
        if (!rights.isEmpty()) {
            int left = out.length - pos[0];
            int fdmax = left <= HEADER ? 0 : Math.min((left - HEADER) / 4, rights.size());
            int i = 0;
            int base = pos[0];
            for (; i < fdmax; i++) {
                int fd = files.install(rights.get(i), 0, cloexec, nofile);
                if (fd < 0) break;
                Ucred.putInt(out, base + HEADER + 4 * i, fd);
            }
            if (i > 0) {
                int cmlen = HEADER + 4 * i;
                header(out, base, cmlen, Sockets.SCM_RIGHTS);
                pos[0] += Math.min(align(cmlen), left);
            }
            if (i < rights.size()) flags |= Sockets.MSG_CTRUNC;
            for (int j = i; j < rights.size(); j++) rights.get(j).close();
        }
        return new Built(java.util.Arrays.copyOf(out, pos[0]), flags);
    }

    /** put_cmsg: one message, cut to the room left (MSG_CTRUNC). */
    private static int put(byte[] out, int[] pos, int type, byte[] data) {
        int left = out.length - pos[0];
        if (left < HEADER) return Sockets.MSG_CTRUNC;
        int cmlen = HEADER + data.length, flags = 0;
        if (left < cmlen) {
            flags = Sockets.MSG_CTRUNC;
            cmlen = left;
        }
        header(out, pos[0], cmlen, type);
        System.arraycopy(data, 0, out, pos[0] + HEADER, cmlen - HEADER);
        pos[0] += Math.min(align(HEADER + data.length), left);
        return flags;
    }

    private static void header(byte[] out, int at, int cmlen, int type) {
        SocketOptions.putLong(out, at, cmlen);
        Ucred.putInt(out, at + 8, Sockets.SOL_SOCKET);
        Ucred.putInt(out, at + 12, type);
    }
}
