package dev.javix.kernel.poll;

import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;

/**
 * A file without a name (Linux's anon_inode_getfile): epoll, eventfd, timerfd and signalfd
 * descriptions. As in Linux they all share one inode of the anon_inodefs pseudo file system,
 * whose mode has no file-type bits ({@code S_IRUSR | S_IWUSR}), and /proc/[pid]/fd shows them
 * as {@code anon_inode:[kind]}.
 */
public abstract class AnonInodeFile extends OpenFile {
    /** The one anon_inodefs inode number (any fixed value: Linux's depends on boot order). */
    static final long ANON_INO = 1;

    private final String kind;

    protected AnonInodeFile(int flags, String kind) {
        super(flags);
        this.kind = kind;
    }

    @Override
    public long stat(StatBuf st) {
        st.mode = 0600; // anon_inode_mkinode: S_IRUSR | S_IWUSR, no S_IFMT bits
        st.ino = ANON_INO;
        st.dev = StatBuf.makedev(0, 14);
        st.nlink = 1;
        st.blksize = 4096;
        st.size = 0;
        return 0;
    }

    @Override
    public String path() {
        return "anon_inode:" + kind;
    }

}
