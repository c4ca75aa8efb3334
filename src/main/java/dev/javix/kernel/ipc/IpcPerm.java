package dev.javix.kernel.ipc;

import dev.javix.kernel.proc.Credentials;

/**
 * The permission record of one IPC object (Linux's kern_ipc_perm): key, id, owner, creator,
 * mode, sequence number. Guarded by the owning registry's lock.
 *
 * <p>Guest layout, asm-generic {@code struct ipc64_perm} (48 bytes; checked against
 * riscv64-linux-gnu's {@code bits/ipc-perm.h} by offsetof under qemu-riscv64):
 * <pre>
 *  0 key_t key;  4 uid_t uid;  8 gid_t gid;  12 uid_t cuid;  16 gid_t cgid;
 * 20 mode_t mode (unsigned int);  24 unsigned short seq;  26 pad;  32, 40 unused longs
 * </pre>
 */
public final class IpcPerm {
    public static final int OFF_KEY = 0, OFF_UID = 4, OFF_GID = 8, OFF_CUID = 12, OFF_CGID = 16, OFF_MODE = 20,
            OFF_SEQ = 24;
    /** sizeof(struct ipc64_perm). */
    public static final int SIZE = 48;

    /** IPC_PRIVATE: the key that always makes a new object. */
    public static final int IPC_PRIVATE = 0;
    public static final int IPC_CREAT = 0x200, IPC_EXCL = 0x400, IPC_NOWAIT = 0x800;
    /** Permission bits a request may ask for (S_IRUGO, S_IWUGO). */
    public static final int S_IRUGO = 0444, S_IWUGO = 0222;

    int key;
    int id;
    int uid, gid, cuid, cgid;
    /** The low 9 permission bits, plus SHM_DEST/SHM_LOCKED for segments. */
    int mode;
    int seq;
    /** Set by IPC_RMID (or the last detach of a destroyed segment): the id is no longer valid. */
    boolean deleted;

    IpcPerm(int key, Credentials c, int mode) {
        this.key = key;
        this.uid = this.cuid = c.euid();
        this.gid = this.cgid = c.egid();
        this.mode = mode & 0777;
    }

    public int key() {
        return key;
    }

    public int id() {
        return id;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public int cuid() {
        return cuid;
    }

    public int cgid() {
        return cgid;
    }

    public int mode() {
        return mode;
    }

    /**
     * ipcperms(): whether c may access the object as {@code flag} asks (any of the rwx bits in
     * any of the three classes: {@code S_IRUGO}, {@code S_IWUGO}, or a get call's mode). The
     * owner or creator is checked against the user bits, a group member against the group
     * bits, anyone else against the other bits; root (CAP_IPC_OWNER) may do anything.
     */
    public boolean allows(Credentials c, int flag) {
        int requested = ((flag >> 6) | (flag >> 3) | flag) & 7;
        int granted = mode;
        if (c.euid() == cuid || c.euid() == uid) granted >>= 6;
        else if (c.egid() == cgid || c.egid() == gid) granted >>= 3;
        return (requested & ~granted & 7) == 0 || c.euid() == 0;
    }

    /** Whether c may IPC_SET or IPC_RMID: the owner, the creator, or root (CAP_SYS_ADMIN). */
    public boolean owns(Credentials c) {
        return c.euid() == uid || c.euid() == cuid || c.euid() == 0;
    }

    /** IPC_SET's part: owner ids and the permission bits (the rest of mode is kept). */
    void set(int newUid, int newGid, int newMode) {
        uid = newUid;
        gid = newGid;
        mode = (mode & ~0777) | (newMode & 0777);
    }

    /** Writes struct ipc64_perm at off. */
    void write(byte[] b, int off) {
        Bytes.putInt(b, off + OFF_KEY, key);
        Bytes.putInt(b, off + OFF_UID, uid);
        Bytes.putInt(b, off + OFF_GID, gid);
        Bytes.putInt(b, off + OFF_CUID, cuid);
        Bytes.putInt(b, off + OFF_CGID, cgid);
        Bytes.putInt(b, off + OFF_MODE, mode);
        b[off + OFF_SEQ] = (byte) seq;
        b[off + OFF_SEQ + 1] = (byte) (seq >>> 8);
    }
}
