package dev.javix.kernel.fs;

/**
 * Packs {@code struct linux_dirent64} records (getdents64(2)) into a byte buffer as large as
 * the guest's:
 * <pre>
 *   struct linux_dirent64 { u64 d_ino; s64 d_off; unsigned short d_reclen; unsigned char d_type; char d_name[]; };
 * </pre>
 * Records are 8-byte aligned.
 */
public final class DirentWriter {
    public static final int DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8,
            DT_LNK = 10, DT_SOCK = 12;

    private final byte[] buf;
    private int pos;

    public DirentWriter(int capacity) {
        this.buf = new byte[capacity];
    }

    /** Adds one entry; returns false (and adds nothing) if it does not fit. */
    public boolean add(long ino, long nextOffset, int type, String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int reclen = (19 + n.length + 1 + 7) & ~7;
        if (pos + reclen > buf.length) return false;
        putLong(pos, ino);
        putLong(pos + 8, nextOffset);
        buf[pos + 16] = (byte) reclen;
        buf[pos + 17] = (byte) (reclen >>> 8);
        buf[pos + 18] = (byte) type;
        System.arraycopy(n, 0, buf, pos + 19, n.length);
        java.util.Arrays.fill(buf, pos + 19 + n.length, pos + reclen, (byte) 0);
        pos += reclen;
        return true;
    }

    private void putLong(int at, long v) {
        for (int i = 0; i < 8; i++) buf[at + i] = (byte) (v >>> (8 * i));
    }

    public byte[] bytes() {
        return buf;
    }

    public int length() {
        return pos;
    }

    /** DT_* type for an st_mode. */
    public static int typeOf(int mode) {
        return switch (mode & StatBuf.S_IFMT) {
            case StatBuf.S_IFDIR -> DT_DIR;
            case StatBuf.S_IFREG -> DT_REG;
            case StatBuf.S_IFLNK -> DT_LNK;
            case StatBuf.S_IFCHR -> DT_CHR;
            case StatBuf.S_IFBLK -> DT_BLK;
            case StatBuf.S_IFIFO -> DT_FIFO;
            case StatBuf.S_IFSOCK -> DT_SOCK;
            default -> DT_UNKNOWN;
        };
    }
}
