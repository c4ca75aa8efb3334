package dev.javix.kernel.net;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket's receive queue (sk_receive_queue): packets in arrival order. How they are read
 * depends on the socket type: {@link StreamBuffer} as one byte stream, {@link MessageQueue}
 * message by message. Guarded by the domain lock.
 */
abstract sealed class ReceiveQueue permits StreamBuffer, MessageQueue {
    final ArrayDeque<Packet> packets = new ArrayDeque<>();

    void add(Packet p) {
        packets.addLast(p);
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    int count() {
        return packets.size();
    }

    /** SIOCINQ: bytes a read could return now. */
    abstract int readable();

    /**
     * Reads into m.buf from m.length on, at most m.capacity bytes in all; without peek
     * consumes what it read and adds fully consumed packets to {@code consumed} (their charge
     * goes back to the senders). Returns the call's result for this read: bytes read, or the
     * datagram's full length under MSG_TRUNC.
     */
    abstract int read(Message m, boolean peek, boolean passCred, List<Packet> consumed);

    /** Removes every packet (close, or a datagram socket disconnecting); the caller releases them. */
    List<Packet> purge() {
        List<Packet> all = new ArrayList<>(packets);
        packets.clear();
        return all;
    }

    /** Delivers p's ancillary data to m: moved, or duplicated under MSG_PEEK. */
    static void takeAncillary(Message m, Packet p, boolean peek) {
        if (!p.hasRights()) return;
        if (peek) {
            m.ancillary = p.ancillary.duplicate();
        } else {
            m.ancillary = p.ancillary;
            p.ancillary = null;
        }
    }
}
