package dev.javix.kernel.net;

/**
 * One write's worth of data in a receive queue (Linux's sk_buff on an AF_UNIX queue): a whole
 * datagram, or a chunk of a stream. It is charged to its sender's send buffer
 * ({@link #charge} bytes, payload plus Linux's per-buffer overhead) until it is consumed, which
 * is what makes a fast writer wait for a slow reader.
 *
 * <p>Guarded by the domain lock ({@link UnixDomain}).
 */
final class Packet {
    /** SKB_TRUESIZE's overhead on 64-bit Linux: struct sk_buff and skb_shared_info, cache-aligned. */
    static final int OVERHEAD = 576;

    final byte[] data;
    /** Bytes already read from the front (stream chunks are consumed piecewise). */
    int consumed;
    final UnixSocket sender;
    /** The sender's address when it was sent (null: unnamed). */
    final byte[] from;
    /** Who sent it (for SO_PASSCRED receivers). */
    final Ucred cred;
    /** Passed descriptors (moved out when received), or null. */
    Ancillary ancillary;
    final int charge;

    Packet(byte[] data, UnixSocket sender, byte[] from, Ucred cred, Ancillary ancillary) {
        this.data = data;
        this.sender = sender;
        this.from = from;
        this.cred = cred;
        this.ancillary = ancillary;
        this.charge = data.length + OVERHEAD;
    }

    int remaining() {
        return data.length - consumed;
    }

    boolean hasRights() {
        return ancillary != null && ancillary.hasRights();
    }
}
