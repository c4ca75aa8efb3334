package dev.javix.kernel.poll;

import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.StatBuf;

/** A pollable file whose readiness a test sets by hand, waking its queue like a real file would. */
final class FakeFile extends OpenFile {
    private volatile int mask;

    FakeFile() {
        super(O_RDWR);
    }

    /** Sets the poll mask and wakes the queue (a file's state changed). */
    void become(int m) {
        mask = m;
        waitQueue().wakeAll();
    }

    /** Sets the mask and wakes the queue saying which bits may have become true (wake_up_poll). */
    void become(int m, int key) {
        mask = m;
        waitQueue().wakeAll(key);
    }

    @Override
    public int pollMask() {
        return mask;
    }

    @Override
    public long stat(StatBuf st) {
        st.mode = StatBuf.S_IFIFO | 0600;
        return 0;
    }

    @Override
    public String path() {
        return "fake";
    }
}
