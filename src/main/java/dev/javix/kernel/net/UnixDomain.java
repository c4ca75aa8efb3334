package dev.javix.kernel.net;

import dev.javix.kernel.Kernel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-kernel state of AF_UNIX: the abstract name space (unix(7), "Abstract sockets"),
 * autobind's name counter, and the one lock that guards the state of every unix socket of the
 * kernel. A single lock keeps the cross-socket steps (connect touches the client and the
 * listener; a send touches the sender's buffer and the receiver's queue; a close touches the
 * peer) free of lock-order questions; sockets only hold it for short, non-blocking steps.
 *
 * <p>Lock order: this domain → WaitQueue (wake-ups are made with it held, as pipes do). The
 * VFS namespace lock is never taken with it held (path lookups happen before).
 */
final class UnixDomain {
    final Kernel kernel;

    // ---- guarded by this
    private final Map<String, UnixSocket> abstractNames = new HashMap<>();
    private int nextAutobind;

    private UnixDomain(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The domain of kernel k (made on first use; kept by the kernel's VFS). */
    static UnixDomain of(Kernel k) {
        return k.vfs().socketDomain(UnixDomain.class, () -> new UnixDomain(k));
    }

    /** The socket bound to an abstract name, or null. Call with this held. */
    UnixSocket lookupAbstract(UnixAddress a) {
        return abstractNames.get(a.abstractKey());
    }

    /** Binds s to an abstract name; false if taken. Call with this held. */
    boolean bindAbstract(UnixAddress a, UnixSocket s) {
        return abstractNames.putIfAbsent(a.abstractKey(), s) == null;
    }

    /** Frees an abstract name when its socket closes. Call with this held. */
    void unbindAbstract(UnixAddress a, UnixSocket s) {
        abstractNames.remove(a.abstractKey(), s);
    }

    /**
     * unix_autobind: an unused abstract name of five hex digits ("\0" + "%05x"), or null when
     * all 2^20 are taken. Call with this held.
     */
    UnixAddress autobind(UnixSocket s) {
        for (int i = 0; i < 0x100000; i++) {
            int n = nextAutobind;
            nextAutobind = (nextAutobind + 1) & 0xfffff;
            UnixAddress a = UnixAddress.ofAbstract(String.format("%05x", n).getBytes(StandardCharsets.US_ASCII));
            if (bindAbstract(a, s)) return a;
        }
        return null;
    }
}
