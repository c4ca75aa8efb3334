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

    /** The payload is data[0, length); the array may be longer (a pooled stream chunk). */
    final byte[] data;
    final int length;
    /** data (a stream chunk's, referenced by nothing else) goes to the sender's {@link ChunkPool} when consumed. */
    final boolean pooled;
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
        this(data, data.length, false, sender, from, cred, ancillary);
    }

    Packet(byte[] data, int length, boolean pooled, UnixSocket sender, byte[] from, Ucred cred, Ancillary ancillary) {
        this.data = data;
        this.length = length;
        this.pooled = pooled;
        this.sender = sender;
        this.from = from;
        this.cred = cred;
        this.ancillary = ancillary;
        this.charge = length + OVERHEAD;
    }

    int remaining() {
        return length - consumed;
    }

    boolean hasRights() {
        return ancillary != null && ancillary.hasRights();
    }
}
