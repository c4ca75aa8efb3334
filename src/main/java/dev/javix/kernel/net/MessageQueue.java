package dev.javix.kernel.net;

import java.util.List;

/**
 * The receive queue of a SOCK_DGRAM or SOCK_SEQPACKET socket: whole messages
 * (unix_dgram_recvmsg). A read takes one message; what does not fit the buffer is discarded
 * and reported with MSG_TRUNC in msg_flags (and under the MSG_TRUNC flag the call returns the
 * message's real length).
 */
final class MessageQueue extends ReceiveQueue {
    @Override
    int readable() {
        Packet p = packets.peekFirst();
        return p == null ? 0 : p.length;
    }

    @Override
    int read(Message m, boolean peek, boolean passCred, List<Packet> consumed) {
        Packet p = peek ? packets.peekFirst() : packets.pollFirst();
        int n = Math.min(p.length, m.capacity);
        System.arraycopy(p.data, 0, m.buf, 0, n);
        m.length = n;
        if (n < p.length) m.msgFlags |= Sockets.MSG_TRUNC;
        m.from = p.from;
        takeAncillary(m, p, peek);
        if (passCred) m.ancillary = new Ancillary(m.ancillary == null ? List.of() : m.ancillary.rights, p.cred);
        if (!peek) consumed.add(p);
        return (m.flags & Sockets.MSG_TRUNC) != 0 ? p.length : n;
    }
}
