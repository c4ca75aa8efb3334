package dev.javix.kernel.net;

import dev.javix.kernel.proc.Credentials;
import dev.javix.kernel.proc.Task;

/**
 * A process's identity as sockets carry it: bits/socket.h
 * <pre>
 *   struct ucred { pid_t pid; uid_t uid; gid_t gid; };   // 12 bytes
 * </pre>
 * SO_PEERCRED reports the effective ids at connect/listen/socketpair time (cred_to_ucred);
 * SCM_CREDENTIALS the sender's real ids (scm_send). A socket with no peer reports
 * {@link #NONE}: pid 0 and ids -1.
 */
public record Ucred(int pid, int uid, int gid) {
    public static final int SIZE = 12;
    public static final Ucred NONE = new Ucred(0, -1, -1);

    /** The caller's effective identity (SO_PEERCRED). */
    static Ucred effective(Task t) {
        Credentials c = t.process.credentials();
        return new Ucred(t.process.pid, c.euid(), c.egid());
    }

    /** The caller's real identity (SCM_CREDENTIALS). */
    static Ucred real(Task t) {
        Credentials c = t.process.credentials();
        return new Ucred(t.process.pid, c.uid(), c.gid());
    }

    byte[] toBytes() {
        byte[] b = new byte[SIZE];
        putInt(b, 0, pid);
        putInt(b, 4, uid);
        putInt(b, 8, gid);
        return b;
    }

    static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
