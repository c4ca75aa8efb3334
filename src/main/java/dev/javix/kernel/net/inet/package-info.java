/**
 * AF_INET and AF_INET6: TCP and UDP sockets bridged to real host sockets (ip(7), ipv6(7),
 * tcp(7), udp(7)), so guest programs talk to clients and servers on the host and to each other.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link dev.javix.kernel.net.inet.InetStack}: the per-kernel entry (socket(2)'s checks and
 *       creation), the reach policy of {@code KernelConfig.NetMode} (LOOPBACK by default: the
 *       wildcard binds the loopback, other destinations are ENETUNREACH) and the event thread's
 *       life (started with the first inet socket, stopped by {@code Kernel.close}).</li>
 *   <li>{@code EventLoop}: the one event thread per kernel, a Java NIO selector over every host
 *       channel (design decision 2). It moves bytes between host sockets and the sockets' own
 *       buffers with non-blocking calls and wakes wait queues; nothing else. An idle virtual CPU
 *       may do the same in its place ({@code InetStack.CpuPoll}, from {@code Scheduler.next}):
 *       it then runs the task that its poll woke itself, so a request for a sleeping server
 *       costs one host wake-up instead of two; the event thread stands by while CPUs poll and
 *       takes over when none has for a millisecond.</li>
 *   <li>{@code TcpSocket} (the state machine a guest fd refers to), {@code TcpPort} (the host
 *       sockets holding a bound port until connect or listen), {@code TcpStream} (a connection's
 *       host channel and its receive and send buffers), {@code TcpListener} (listening host
 *       channels and the accept queue); {@code UdpSocket}.</li>
 *   <li>{@code SockAddr} (sockaddr_in and sockaddr_in6), {@code InetOptions} (SOL_SOCKET,
 *       IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6), kernel.net's {@code Transfer} (a blocked call's progress,
 *       timeout and restart rule), {@code HostErrno} (host exceptions as errno values).</li>
 * </ul>
 *
 * <h2>Blocking and readiness</h2>
 * No guest call ever blocks a host thread: every host operation is non-blocking. A call that
 * cannot complete registers its task on the socket's {@code waitQueue()} and returns
 * {@code Syscall.BLOCK}; the event thread wakes the queue whenever what {@code pollMask()} reports
 * may have changed (data or EOF arrived, room to send, a connection completed or was accepted, an
 * error). {@code pollMask()} looks only at the socket's own state and buffers, so it is exact and
 * consumes nothing; poll, select, epoll and SIGIO all rest on it.
 *
 * <h2>Lock order</h2>
 * Each socket's lock is the socket object (it also guards its {@code TcpPort}, {@code TcpStream}
 * or {@code TcpListener}). Order: socket lock → WaitQueue lock (a task adds itself to the queue with
 * the socket lock held, so no wake-up is lost) → the selector's internal locks (interest changes).
 * Wait queues are woken, and SIGPIPE is sent, only after the socket lock is released, on the
 * event thread and in guest calls alike, so a waiter's wake (an epoll instance re-checking
 * pollMask) never runs under it.
 * The thread that polls (the event thread or a CPU, holding the loop's poll lock, taken with no
 * other lock held) takes one socket lock at a time, never holds one across select, and
 * registers channels itself, so registration never waits for a select in progress. An accepted
 * socket is made by the event thread with its listener's lock held (listener → new socket, a
 * socket nobody else can reach yet).
 */
package dev.javix.kernel.net.inet;
