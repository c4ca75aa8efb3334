package dev.javix.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The scheduler's evidence that one task consumes the network's events. */
class NetworkConsumerTest {
    @Test
    void oneTaskWokenEnoughTimesInARowIsTheSoleConsumer() {
        NetworkConsumer<String> c = new NetworkConsumer<>();
        assertNull(c.sole(), "nothing woken yet");
        for (int i = 1; i < NetworkConsumer.IN_A_ROW; i++) c.woke("server");
        assertNull(c.sole(), "one wake-up short");
        c.woke("server");
        assertSame("server", c.sole());
        for (int i = 0; i < 100; i++) c.woke("server");
        assertSame("server", c.sole(), "still, however long it goes on");
    }

    @Test
    void tasksWokenInTurnHaveNoSoleConsumer() {
        NetworkConsumer<String> c = new NetworkConsumer<>();
        for (int i = 0; i < 10 * NetworkConsumer.IN_A_ROW; i++) c.woke("thread " + (i % 3));
        assertNull(c.sole(), "a thread-per-connection server's tasks");
        for (int i = 0; i < NetworkConsumer.IN_A_ROW; i++) c.woke("server");
        assertSame("server", c.sole());
        c.woke("other");
        assertNull(c.sole(), "one wake-up of another task ends it");
    }
}
