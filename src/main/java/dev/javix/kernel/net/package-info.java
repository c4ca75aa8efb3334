/**
 * Sockets: the socket file descriptions behind socket(2), socketpair(2) and accept(2).
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link dev.javix.kernel.net.SocketFile}: what every socket offers the system calls
 *       (bind, listen, connect, accept, send, recv, shutdown, names, options); the family is
 *       chosen in {@link dev.javix.kernel.net.Sockets}, which also holds the ABI constants. AF_UNIX
 *       is implemented here; AF_INET and AF_INET6 are host sockets bridged by
 *       {@link dev.javix.kernel.net.inet}.</li>
 *   <li>AF_UNIX (unix(7)): {@code UnixSocket} (the state machine: names, listen/connect/accept,
 *       shutdown, close, poll, options), {@code UnixTransfer} (send and receive paths of the three
 *       types), {@code StreamBuffer} and {@code MessageQueue} (the receive queue read as bytes or
 *       as messages, of {@code Packet}s charged to their sender), {@code UnixAddress} and
 *       {@code UnixDomain} (addresses; the abstract name space and autobind),
 *       {@link dev.javix.kernel.net.Ancillary} and {@link dev.javix.kernel.net.ControlMessages}
 *       (SCM_RIGHTS and SCM_CREDENTIALS in flight and in cmsg buffers), {@code SocketOptions}
 *       (SOL_SOCKET), {@code Transfer} (a blocked call's progress, deadline and restart rule).</li>
 * </ul>
 * Pathname sockets are socket inodes in a tmpfs ({@code Vfs.bindSocket}, {@code Vfs.boundSocket}):
 * the file system only remembers which socket bound the name.
 *
 * <h2>Blocking</h2>
 * No call waits on a host thread (design decision 2): a step that cannot go on registers the
 * task on a wait queue (its own socket's for data and accept, the peer's {@code peerWait} for
 * room in a queue or backlog) and returns {@code Syscall.BLOCK}; progress lives in
 * {@code Task.syscallState}. Readiness (poll, select, epoll) uses the same queues.
 *
 * <h2>Locking</h2>
 * One lock per kernel, the {@code UnixDomain}, guards every unix socket's state; it is taken
 * for short steps only, never around a path lookup. Order: VFS namespace → UnixDomain →
 * OpenFile (status flags, references) → Pipe → WaitQueue. A released socket closes the files
 * still in flight in its queue after dropping the lock; a datagram socket that changes peers
 * drops its queue with the lock held, where closing a passed unix socket re-enters the same
 * (reentrant) lock.
 */
package dev.javix.kernel.net;
