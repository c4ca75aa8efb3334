package dev.javix.kernel.fs;

/** A tmpfs symbolic link: its target string, stored as given (symlink(7)). Mode is always 0777. */
final class TmpSymlink extends TmpNode {
    private final String target;

    TmpSymlink(Tmpfs fs, String target, int uid, int gid) {
        super(fs, StatBuf.S_IFLNK | 0777, uid, gid);
        this.target = target;
    }

    @Override
    long sizeLocked() {
        return target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    @Override
    String readlink() {
        return target;
    }

    @Override
    synchronized void chmod(int m) {
        // Linux ignores the mode of a symbolic link; fchmodat refuses it earlier (EOPNOTSUPP).
    }
}
