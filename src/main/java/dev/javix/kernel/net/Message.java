package dev.javix.kernel.net;

import dev.javix.kernel.fs.UserBuffer;

/**
 * One recvmsg(2) as the socket fills it: the caller gives the buffer size and the flags; the
 * socket puts this run's bytes in {@link #buf} from 0 ({@link #length} of them, to be copied to
 * the guest at linear offset {@link #offset}: earlier runs of a blocked MSG_WAITALL receive
 * delivered the bytes before it), the sender's address, the msg_flags (MSG_TRUNC) and the
 * ancillary data.
 */
public final class Message {
    /** Where this run's bytes go, from 0; at least {@link #capacity} long. */
    public final byte[] buf;
    /** The receiver's buffer size: the most bytes one recv may deliver. */
    public final int capacity;
    public final int flags;
    /** Where a direct receive puts the bytes instead of buf (stream sockets only), or null. */
    final UserBuffer sink;
    /** Room for this run (the capacity less what earlier runs delivered). */
    int limit;
    /** Bytes of this run in buf. */
    public int length;
    /** Where this run's bytes go in the guest buffer. */
    public int offset;
    /** msg_flags out: MSG_TRUNC, MSG_CTRUNC (the latter added by the caller). */
    public int msgFlags;
    /** The sender's address (raw sockaddr), or null when it has none. */
    public byte[] from;
    /** Passed descriptors and credentials, or null. */
    public Ancillary ancillary;

    public Message(int capacity, int flags) {
        this.buf = new byte[capacity];
        this.sink = null;
        this.capacity = capacity;
        this.flags = flags;
        this.limit = capacity;
    }

    /**
     * A receive into an array the caller owns (read(2)'s kernel buffer), so the bytes need no
     * second copy: they land in buf[0, capacity).
     */
    public Message(byte[] buf, int capacity, int flags) {
        if (capacity > buf.length) throw new IllegalArgumentException("capacity " + capacity + " > " + buf.length);
        this.buf = buf;
        this.sink = null;
        this.capacity = capacity;
        this.flags = flags;
        this.limit = capacity;
    }

    /**
     * A stream receive straight into guest memory (read(2)'s direct path): bytes go to the
     * sink at linear offset {@code offset + length}, buf stays empty.
     */
    public Message(UserBuffer sink, int capacity, int flags) {
        this.buf = NO_BYTES;
        this.sink = sink;
        this.capacity = capacity;
        this.flags = flags;
        this.limit = capacity;
    }

    private static final byte[] NO_BYTES = {};
}
