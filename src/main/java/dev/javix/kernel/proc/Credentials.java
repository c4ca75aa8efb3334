package dev.javix.kernel.proc;

/** A process's user and group ids (credentials(7)). Immutable; replaced as a whole. */
public record Credentials(int uid, int euid, int suid, int gid, int egid, int sgid) {
    public static Credentials of(int uid, int gid) {
        return new Credentials(uid, uid, uid, gid, gid, gid);
    }
}
