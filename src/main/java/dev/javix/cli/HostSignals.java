package dev.javix.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Catching the JVM's own SIGTERM and SIGINT (sent to javix from the host shell), so a booted
 * system shuts down gracefully instead of the JVM dying mid-write. Uses sun.misc.Signal
 * (jdk.unsupported), the only way to handle a host signal in Java; where it is unavailable the
 * JVM's default (run shutdown hooks, exit 128+N) stays in place.
 */
@SuppressWarnings("removal")
final class HostSignals {
    private HostSignals() {}

    /** Installs handler for each signal; returns what {@link #restore} needs to put the old handlers back. */
    static List<Object> install(List<Integer> signals, IntConsumer handler) {
        List<Object> previous = new ArrayList<>();
        for (int sig : signals) {
            try {
                sun.misc.Signal s = new sun.misc.Signal(dev.javix.abi.Signal.name(sig).substring(3));
                previous.add(s);
                previous.add(sun.misc.Signal.handle(s, x -> handler.accept(sig)));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the JVM reserves the signal (e.g. -Xrs): keep its default behaviour
            }
        }
        return previous;
    }

    /** Puts back the handlers {@link #install} replaced. */
    static void restore(List<Object> previous) {
        for (int i = 0; i + 1 < previous.size(); i += 2) {
            try {
                sun.misc.Signal.handle((sun.misc.Signal) previous.get(i), (sun.misc.SignalHandler) previous.get(i + 1));
            } catch (IllegalArgumentException e) {
                // nothing to restore
            }
        }
    }
}
