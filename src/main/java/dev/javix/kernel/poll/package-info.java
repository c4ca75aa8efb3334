/**
 * Readiness beyond a single file: epoll instances and their ready lists, eventfd, timerfd,
 * signalfd, and signal-driven I/O (O_ASYNC, Linux's fasync). All of it is built on the one
 * readiness protocol (design decision 3): {@code OpenFile.pollMask()} says what is possible
 * now and {@code OpenFile.waitQueue()} is woken when that may have changed. Besides sleeping
 * tasks, a wait queue holds persistent watchers ({@code WaitQueue.Watcher}) that a wake-up
 * does not remove: an epoll item (Linux's ep_poll_callback) and an O_ASYNC owner (kill_fasync)
 * are such watchers.
 *
 * <p>Lock order (outermost first):
 * <pre>
 *   the Kernel object's monitor (Linux's epnested_mutex: only EPOLL_CTL_ADD of an epoll into
 *     │   an epoll, for the loop and depth check, which takes each ctlLock alone)
 *   Epoll.ctlLock (Linux's ep->mtx: interest list changes, nesting checks; may be held while
 *     │            calling a watched file's pollMask(), so a file's lock nests inside it)
 *     └─ file locks (Pipe, EventFd, SocketFile, …), each taken inside pollMask()/read/write
 *          └─ Epoll.readyLock (Linux's ep->lock: the ready list only)
 *               └─ WaitQueue (its monitor: the waiter array; the watcher array is copy-on-write)
 * </pre>
 * A file wakes its queue with its own lock held or not; the watcher callbacks then take only
 * {@code readyLock} (epoll) or the signal locks (SIGIO), never a file lock and never
 * {@code ctlLock}, so the order above is never reversed. Conversely no code calls
 * {@code pollMask()} or wakes a file's queue while holding {@code readyLock}: epoll_wait
 * takes items off the ready list under readyLock, releases it, then polls each file.
 * An epoll's own wait queue is woken after readyLock is released. Nested epolls lock outer
 * before inner (a harvest polls the inner epoll under the outer ctlLock); the ELOOP check keeps
 * the graph acyclic, so that order is total. SignalFd watches {@code Signals.pendingChanged()};
 * Fasync sends signals from inside a file's wake-up (under the file's lock when the file wakes
 * with it held), so the signal code must never take a file lock.
 */
package dev.javix.kernel.poll;
