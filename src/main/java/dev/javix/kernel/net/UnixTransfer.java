package dev.javix.kernel.net;

import dev.javix.abi.Errno;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Moving data between unix sockets: the send and receive paths of af_unix.c for the three
 * socket types, as steps that never wait. A step that cannot go on registers the task
 * ({@link Transfer#block}) and returns BLOCK; the call runs again when woken and continues
 * from the progress kept in its {@link Transfer}. Ancillary data passed in is consumed: queued
 * with the first byte sent, or released (a blocked sendmsg parses its control data again when
 * it runs again).
 */
final class UnixTransfer {
    private UnixTransfer() {}

    /**
     * Where a stream send's bytes come from: a copy of n bytes at linear offset at, in an
     * array of at least n bytes that the socket owns from then on (a longer one comes from
     * the sender's {@link ChunkPool}).
     */
    interface Source {
        byte[] take(int at, int n);
    }

    /** unix_stream_sendmsg: as much as fits, in chunks of at most half the send buffer. */
    static long sendStream(UnixSocket s, Task t, Source data, int len, int flags, byte[] raw, Ancillary anc) {
        Kernel k = s.domain.kernel;
        Ucred cred = anc != null && anc.credentials != null ? anc.credentials : Ucred.real(t);
        boolean nonBlocking = SocketFile.isNonBlocking(s, flags);
        // The first chunk's bytes are copied before taking the domain lock, which every unix
        // socket shares: a copy under it would stall the reader on the other CPU. Not when the
        // send buffer is full, though (inflight read without the lock, as a hint: if it is
        // stale, the copy is made under the lock or given back unused): the send will block,
        // and the copy would be wasted.
        int first = Transfer.progress(t);
        int firstChunk = Math.min(len - first, chunkSize(s));
        byte[] copied = null;
        try {
            if (firstChunk > 0 && s.inflight < s.options.sndbuf) copied = data.take(first, firstChunk);
        } catch (RuntimeException fault) {
            // A bad guest buffer (EFAULT) is reported where Linux does, after the socket's own
            // errors: the copy is made again, under the lock, in the loop below.
        }
        try {
            synchronized (s.domain) {
                if (raw != null) {
                    return Transfer.finish(t, UnixSocket.release(anc,
                            s.state == UnixSocket.State.CONNECTED ? -Errno.EISCONN : -Errno.EOPNOTSUPP));
                }
                UnixSocket other = s.peer;
                if (other == null) return Transfer.finish(t, UnixSocket.release(anc, -Errno.ENOTCONN));
                int done = Transfer.progress(t);
                if (done > 0 && anc != null) { // delivered with the first chunk in an earlier run
                    anc.release();
                    anc = null;
                }
                if ((s.shutdown & UnixSocket.SEND) != 0) return pipeError(s, t, flags, done, anc);
                while (done < len) {
                    if (other.dead || (other.shutdown & UnixSocket.RCV) != 0) return pipeError(s, t, flags, done, anc);
                    if (s.inflight >= s.options.sndbuf) {
                        if (nonBlocking || Transfer.expired(k, t) || (done > 0 && (flags & SocketFile.MSG_WRITE) != 0)) {
                            return Transfer.finish(t, done > 0 ? done : UnixSocket.release(anc, -Errno.EAGAIN));
                        }
                        UnixSocket.release(anc, 0);
                        return Transfer.block(k, t, s.waitQueue(), s.options.sndTimeoutNanos, done);
                    }
                    int chunk = Math.min(len - done, chunkSize(s));
                    byte[] bytes;
                    if (copied != null && done == first && chunk == firstChunk) {
                        bytes = copied;
                        copied = null; // queued: the reader gives it back to the pool
                    } else {
                        bytes = data.take(done, chunk);
                    }
                    Packet p = new Packet(bytes, chunk, true, s, s.addressBytes(), cred, anc);
                    anc = null;
                    other.queue.add(p);
                    s.inflight += p.charge;
                    done += chunk;
                    other.waitQueue().wakeAll();
                }
                return Transfer.finish(t, UnixSocket.release(anc, done));
            }
        } finally {
            // A copy the send did not queue (it blocked, or failed first) goes back to the pool
            // rather than to the garbage collector: a writer that keeps the buffer full blocks
            // on most calls.
            if (copied != null) s.chunks.give(copied);
        }
    }

    /** Bytes per queued chunk of a stream send: at most half the send buffer (unix_stream_sendmsg). */
    private static int chunkSize(UnixSocket s) {
        return Math.max(1, (s.options.sndbuf >> 1) - 64);
    }

    /** The stream's pipe_err: SIGPIPE (unless MSG_NOSIGNAL) when nothing was sent, EPIPE or the count. */
    private static long pipeError(UnixSocket s, Task t, int flags, int done, Ancillary anc) {
        UnixSocket.release(anc, 0);
        if (done > 0) return Transfer.finish(t, done);
        s.sigpipe(t, flags);
        return Transfer.finish(t, -Errno.EPIPE);
    }

    /** unix_dgram_sendmsg (and unix_seqpacket_sendmsg): one message, whole, or an error. */
    static long sendMessage(UnixSocket s, Task t, byte[] data, int len, int flags, byte[] raw, Ancillary anc) {
        Kernel k = s.domain.kernel;
        boolean seqpacket = s.type() == Sockets.SOCK_SEQPACKET;
        Ucred cred = anc != null && anc.credentials != null ? anc.credentials : Ucred.real(t);
        if (seqpacket) {
            synchronized (s.domain) {
                if (s.error != 0) {
                    int e = s.error;
                    s.error = 0;
                    return Transfer.finish(t, UnixSocket.release(anc, -e));
                }
                if (s.state != UnixSocket.State.CONNECTED) return Transfer.finish(t, UnixSocket.release(anc, -Errno.ENOTCONN));
            }
            raw = null; // a seqpacket socket ignores the destination
        }
        int sndbuf;
        synchronized (s.domain) {
            sndbuf = s.options.sndbuf;
        }
        if (len > sndbuf - 32) return Transfer.finish(t, UnixSocket.release(anc, -Errno.EMSGSIZE));
        UnixSocket other = null;
        if (raw != null) {
            int[] err = new int[1];
            other = s.destination(t, raw, err);
            if (other == null) return Transfer.finish(t, UnixSocket.release(anc, err[0]));
        }
        boolean nonBlocking = SocketFile.isNonBlocking(s, flags);
        synchronized (s.domain) {
            if (other == null) {
                other = s.peer;
                if (other == null) return Transfer.finish(t, UnixSocket.release(anc, -Errno.ENOTCONN));
            }
            if ((s.shutdown & UnixSocket.SEND) != 0) return Transfer.finish(t, UnixSocket.release(anc, -Errno.EPIPE));
            if (other.dead) {
                if (seqpacket) return Transfer.finish(t, UnixSocket.release(anc, -Errno.EPIPE));
                if (s.peer == other) s.disconnectDgram(null); // the first send after the peer's close
                return Transfer.finish(t, UnixSocket.release(anc, -Errno.ECONNREFUSED));
            }
            if (!UnixSocket.mayReceiveFrom(other, s)) return Transfer.finish(t, UnixSocket.release(anc, -Errno.EPERM));
            if ((other.shutdown & UnixSocket.RCV) != 0) return Transfer.finish(t, UnixSocket.release(anc, -Errno.EPIPE));
            boolean full = s.inflight >= s.options.sndbuf;
            boolean queueFull = other.peer != s && other.queue.count() > other.maxBacklog;
            if (full || queueFull) {
                UnixSocket.release(anc, 0);
                if (nonBlocking || Transfer.expired(k, t)) return Transfer.finish(t, -Errno.EAGAIN);
                return Transfer.block(k, t, full ? s.waitQueue() : other.peerWait, s.options.sndTimeoutNanos, 0);
            }
            Packet p = new Packet(Arrays.copyOf(data, len), s, s.addressBytes(), cred, anc);
            other.queue.add(p);
            s.inflight += p.charge;
            other.waitQueue().wakeAll();
            return Transfer.finish(t, len);
        }
    }

    /** unix_stream_read_generic and unix_dgram_recvmsg. */
    static long receive(UnixSocket s, Task t, Message m) {
        synchronized (s.readLock) {
            if (m.sink != null && (m.flags & (Sockets.MSG_PEEK | Sockets.MSG_WAITALL)) == 0) {
                long r = receiveStreamDirect(s, t, m);
                if (r != NOT_DIRECT) return r;
            }
            return receiveLocked(s, t, m);
        }
    }

    private static final long NOT_DIRECT = Long.MIN_VALUE + 3;

    /**
     * A plain read of a stream socket into guest memory, shaped like unix_stream_read_generic:
     * the domain lock only to look at the head of the queue and to consume from it, the copy to
     * the guest in between, under the reader's own lock alone — so the writer on the other CPU
     * can queue its next chunk meanwhile. Only writers append and only readers (serialised by
     * readLock) consume, so the head's bytes stay put while they are copied. Anything unusual
     * (no data, descriptors or credentials to pass, not connected) goes the general way.
     */
    private static long receiveStreamDirect(UnixSocket s, Task t, Message m) {
        if (s.type() != Sockets.SOCK_STREAM || s.options.passcred) return NOT_DIRECT;
        StreamBuffer q = (StreamBuffer) s.queue;
        int done = 0;
        while (done < m.capacity) {
            Packet p;
            int n;
            synchronized (s.domain) {
                p = q.packets.peekFirst();
                if (s.state != UnixSocket.State.CONNECTED || p == null || p.ancillary != null) {
                    if (done == 0) return NOT_DIRECT;
                    break;
                }
                n = Math.min(p.remaining(), m.capacity - done);
            }
            try {
                m.sink.copyOut(done, p.data, p.consumed, n);
            } catch (RuntimeException fault) { // EFAULT: the bytes stay queued; what was read counts
                if (done == 0) throw fault;
                break;
            }
            synchronized (s.domain) {
                if (q.consumeHead(p, n)) {
                    UnixSocket.uncharge(p);
                    s.peerWait.wakeAll();
                }
            }
            done += n;
        }
        synchronized (s.domain) {
            return Transfer.finish(t, done);
        }
    }

    private static long receiveLocked(UnixSocket s, Task t, Message m) {
        Kernel k = s.domain.kernel;
        boolean peek = (m.flags & Sockets.MSG_PEEK) != 0;
        boolean nonBlocking = SocketFile.isNonBlocking(s, m.flags);
        List<Packet> consumed = new ArrayList<>(2);
        synchronized (s.domain) {
            boolean stream = s.type() == Sockets.SOCK_STREAM;
            if (stream && s.state != UnixSocket.State.CONNECTED) return Transfer.finish(t, -Errno.EINVAL);
            if (!stream && s.type() == Sockets.SOCK_SEQPACKET && s.state != UnixSocket.State.CONNECTED)
                return Transfer.finish(t, -Errno.ENOTCONN);
            if (m.capacity == 0 && stream) return Transfer.finish(t, 0);
            int done = Transfer.progress(t);
            m.offset = done;
            m.limit = m.capacity - done;
            if (stream) {
                int n = s.queue.read(m, peek, s.options.passcred, consumed);
                release(s, consumed);
                done += n;
                boolean waitAll = (m.flags & Sockets.MSG_WAITALL) != 0 && !peek;
                int target = waitAll ? m.capacity : 1;
                if (done >= target || (m.ancillary != null && m.ancillary.hasRights())) return Transfer.finish(t, done);
                return waitOrFinish(s, t, k, nonBlocking, done, false);
            }
            if (!s.queue.isEmpty()) {
                int r = s.queue.read(m, peek, s.options.passcred, consumed);
                release(s, consumed);
                return Transfer.finish(t, r);
            }
            if (nonBlocking) {
                boolean eof = s.type() == Sockets.SOCK_SEQPACKET && (s.shutdown & UnixSocket.RCV) != 0;
                return Transfer.finish(t, eof ? 0 : -Errno.EAGAIN);
            }
            return waitOrFinish(s, t, k, false, 0, true);
        }
    }

    /** Nothing (more) to read: the pending error, EOF after shutdown, EAGAIN, or sleep. Domain lock held. */
    private static long waitOrFinish(UnixSocket s, Task t, Kernel k, boolean nonBlocking, int done, boolean messages) {
        if (s.error != 0) {
            int e = s.error;
            s.error = 0;
            return Transfer.finish(t, done > 0 ? done : -e);
        }
        if ((s.shutdown & UnixSocket.RCV) != 0) return Transfer.finish(t, done);
        if (nonBlocking || Transfer.expired(k, t)) return Transfer.finish(t, done > 0 ? done : -Errno.EAGAIN);
        return Transfer.block(k, t, s.waitQueue(), s.options.rcvTimeoutNanos, done);
    }

    /** Consumed packets: their charges go back to the senders; waiting senders may go on. */
    private static void release(UnixSocket s, List<Packet> consumed) {
        if (consumed.isEmpty()) return;
        for (Packet p : consumed) UnixSocket.uncharge(p);
        s.peerWait.wakeAll();
    }
}
