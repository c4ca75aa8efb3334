package dev.javix.kernel.net;

import java.util.List;

/**
 * The receive queue of a SOCK_STREAM socket: the chunks of the peer's writes read as one byte
 * stream, with Linux's boundaries (unix_stream_read_generic): a read crosses chunks freely but
 * stops after a chunk that carried descriptors (so they arrive with the bytes sent with them),
 * and a SO_PASSCRED reader never glues bytes from different senders.
 */
final class StreamBuffer extends ReceiveQueue {
    /** Unread bytes in the queue. Guarded by the domain lock. */
    private int bytes;

    @Override
    void add(Packet p) {
        super.add(p);
        bytes += p.remaining();
    }

    @Override
    int readable() {
        return bytes;
    }

    /** n bytes of the head packet p were read (copied out without the lock); true if p is used up and removed. */
    boolean consumeHead(Packet p, int n) {
        p.consumed += n;
        bytes -= n;
        if (p.remaining() > 0) return false;
        packets.removeFirst();
        return true;
    }

    @Override
    int read(Message m, boolean peek, boolean passCred, List<Packet> consumed) {
        int start = m.length;
        Ucred first = null;
        for (var it = packets.iterator(); it.hasNext() && m.length < m.limit; ) {
            Packet p = it.next();
            if (passCred) {
                if (first == null) first = p.cred;
                else if (!first.equals(p.cred)) break;
            }
            int n = Math.min(p.remaining(), m.limit - m.length);
            if (m.sink != null) m.sink.copyOut(m.offset + m.length, p.data, p.consumed, n);
            else System.arraycopy(p.data, p.consumed, m.buf, m.length, n);
            if (m.length == start) m.from = p.from;
            m.length += n;
            boolean rights = p.hasRights();
            takeAncillary(m, p, peek);
            if (!peek) {
                p.consumed += n;
                bytes -= n;
                if (p.remaining() == 0) {
                    it.remove();
                    consumed.add(p);
                }
            }
            if (rights) break;
        }
        if (passCred && first != null && m.ancillary == null) m.ancillary = new Ancillary(List.of(), first);
        else if (passCred && first != null) m.ancillary = new Ancillary(m.ancillary.rights, first);
        return m.length - start;
    }
}
