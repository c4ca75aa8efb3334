package dev.javix.kernel.poll;

import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.sched.WaitQueue;

/**
 * One entry of an epoll interest list (Linux's struct epitem): the file and the fd it was
 * added under, the events asked for and the caller's opaque 64-bit data, returned untouched.
 * It is the persistent watcher on the file's wait queue that moves it to the ready list.
 *
 * <p>Identity for the interest list is (file, fd), as Linux's epoll_filefd: the same open
 * file description added under two fds (after dup) is two items.
 *
 * <p>Guarded by {@code ep.readyLock}: {@link #events}, {@link #data}, {@link #linked},
 * {@link #inOverflow}, {@link #removed}. {@link #file} and {@link #fd} are final.
 */
final class EpollItem implements WaitQueue.Watcher {
    final Epoll ep;
    final OpenFile file;
    final int fd;
    int events;
    long data;
    /** On ep's ready list (or in the batch being scanned). */
    boolean linked;
    /** On ep's overflow list (woke during a scan). */
    boolean inOverflow;
    /** Deleted: a late callback must not link it again. */
    boolean removed;

    EpollItem(Epoll ep, OpenFile file, int fd, int events, long data) {
        this.ep = ep;
        this.file = file;
        this.fd = fd;
        this.events = events;
        this.data = data;
    }

    /** A lookup key for (file, fd): an item with no epoll behind it. */
    static EpollItem key(OpenFile file, int fd) {
        return new EpollItem(null, file, fd, 0, 0);
    }

    @Override
    public boolean queueWoken(int key) {
        return ep.fileWoke(this, key);
    }

    @Override
    public void ownerReleased() {
        ep.released(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpollItem i && i.file == file && i.fd == fd;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(file) * 31 + fd;
    }
}
