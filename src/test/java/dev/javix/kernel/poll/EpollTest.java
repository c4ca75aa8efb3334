package dev.javix.kernel.poll;

import static dev.javix.kernel.poll.Epoll.EPOLLERR;
import static dev.javix.kernel.poll.Epoll.EPOLLET;
import static dev.javix.kernel.poll.Epoll.EPOLLHUP;
import static dev.javix.kernel.poll.Epoll.EPOLLIN;
import static dev.javix.kernel.poll.Epoll.EPOLLONESHOT;
import static dev.javix.kernel.poll.Epoll.EPOLLOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.kernel.sched.WaitQueue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The epoll ready list: level- and edge-triggered reports, one-shot, nesting, and life cycle. */
class EpollTest {
    private final Object nesting = new Object();

    /** One harvested event. */
    record Event(int events, long data) {}

    private static List<Event> harvest(Epoll ep, int max) {
        List<Event> out = new ArrayList<>();
        ep.harvest(max, (i, revents, data) -> out.add(new Event(revents, data)));
        return out;
    }

    @Test
    void levelTriggeredItemsAreReportedAgainWhileReady() {
        Epoll ep = new Epoll(nesting);
        FakeFile f = new FakeFile();
        assertEquals(0, ep.add(f, 3, EPOLLIN, 0xdeadbeefcafebabeL));
        assertEquals(List.of(), harvest(ep, 8));
        f.become(EPOLLIN | EPOLLOUT);
        assertEquals(List.of(new Event(EPOLLIN, 0xdeadbeefcafebabeL)), harvest(ep, 8), "only the asked-for bits, data untouched");
        assertEquals(1, harvest(ep, 8).size(), "LT: still ready, reported again");
        f.become(0);
        assertEquals(List.of(), harvest(ep, 8), "no longer ready: dropped from the ready list");
        assertFalse(ep.hasReady());
    }

    @Test
    void edgeTriggeredItemsAreReportedOncePerWakeUp() {
        Epoll ep = new Epoll(nesting);
        FakeFile f = new FakeFile();
        ep.add(f, 3, EPOLLIN | EPOLLET, 1);
        f.become(EPOLLIN);
        assertEquals(1, harvest(ep, 8).size());
        assertEquals(0, harvest(ep, 8).size(), "ET: no new wake-up, no report");
        f.become(EPOLLIN); // more data: a new edge
        assertEquals(1, harvest(ep, 8).size());
    }

    @Test
    void aWakeUpKeyedWithUnwantedBitsIsIgnored() {
        Epoll ep = new Epoll(nesting);
        FakeFile f = new FakeFile();
        ep.add(f, 3, EPOLLIN | EPOLLET, 1);
        f.become(EPOLLIN | EPOLLOUT, EPOLLOUT); // e.g. a pipe's read: room for writers
        assertEquals(0, harvest(ep, 8).size(), "ep_poll_callback: key & events == 0");
        f.become(EPOLLIN | EPOLLOUT, EPOLLIN);
        assertEquals(1, harvest(ep, 8).size());
    }

    @Test
    void oneShotDisablesUntilModify() {
        Epoll ep = new Epoll(nesting);
        FakeFile f = new FakeFile();
        ep.add(f, 3, EPOLLIN | EPOLLONESHOT, 7);
        f.become(EPOLLIN);
        assertEquals(1, harvest(ep, 8).size());
        assertEquals(EPOLLONESHOT, ep.eventsOf(f, 3), "events cleared but the control bits");
        f.become(EPOLLIN);
        assertEquals(0, harvest(ep, 8).size(), "disabled: wake-ups ignored");
        assertEquals(0, ep.modify(f, 3, EPOLLIN | EPOLLONESHOT, 8));
        assertEquals(List.of(new Event(EPOLLIN, 8)), harvest(ep, 8), "MOD re-arms and finds it ready");
    }

    @Test
    void errorAndHangUpAreAlwaysWatched() {
        Epoll ep = new Epoll(nesting);
        FakeFile f = new FakeFile();
        ep.add(f, 3, EPOLLIN, 0);
        assertEquals(EPOLLIN | EPOLLERR | EPOLLHUP, ep.eventsOf(f, 3));
        f.become(EPOLLHUP);
        assertEquals(List.of(new Event(EPOLLHUP, 0)), harvest(ep, 8));
    }

    @Test
    void maxEventsLeavesTheRestAtTheFront() {
        Epoll ep = new Epoll(nesting);
        FakeFile[] f = new FakeFile[3];
        for (int i = 0; i < 3; i++) {
            f[i] = new FakeFile();
            ep.add(f[i], i, EPOLLIN, i);
            f[i].become(EPOLLIN);
        }
        StringBuilder order = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            for (Event e : harvest(ep, 2)) order.append(e.data());
            order.append(',');
        }
        assertEquals("01,20,12,", order.toString(), "round robin, as Linux's ep_send_events");
    }

    @Test
    void registrationIsDroppedAtTheLastCloseOnly() {
        Epoll ep = new Epoll(nesting);
        FakeFile f = new FakeFile();
        ep.add(f, 3, EPOLLIN, 0);
        f.retain(); // a dup
        f.close();
        assertTrue(ep.contains(f, 3), "one fd closed, the description lives on (epoll(7) Q6)");
        f.close();
        assertEquals(0, ep.size());
        assertFalse(f.waitQueue().watched(), "no watcher left on the file");
    }

    @Test
    void theSameDescriptionUnderTwoFdsIsTwoItems() {
        Epoll ep = new Epoll(nesting);
        FakeFile f = new FakeFile();
        assertEquals(0, ep.add(f, 3, EPOLLIN, 0));
        assertEquals(-Errno.EEXIST, ep.add(f, 3, EPOLLIN, 0));
        assertEquals(0, ep.add(f, 4, EPOLLIN, 0));
        assertEquals(-Errno.ENOENT, ep.delete(f, 5));
        assertEquals(-Errno.ENOENT, ep.modify(f, 5, EPOLLIN, 0));
        f.become(EPOLLIN);
        assertEquals(2, harvest(ep, 8).size());
    }

    @Test
    void closingTheEpollUnhooksItsWatchers() {
        Epoll ep = new Epoll(nesting);
        FakeFile f = new FakeFile();
        ep.add(f, 3, EPOLLIN, 0);
        ep.close();
        assertFalse(f.waitQueue().watched());
    }

    @Test
    void nestedEpollIsPollableAndLoopsAreRefused() {
        Epoll inner = new Epoll(nesting), outer = new Epoll(nesting);
        FakeFile f = new FakeFile();
        inner.add(f, 3, EPOLLIN, 0);
        assertEquals(0, outer.add(inner, 4, EPOLLIN, 9));
        assertEquals(0, outer.pollMask());
        f.become(EPOLLIN);
        assertEquals(List.of(new Event(EPOLLIN, 9)), harvest(outer, 8), "the inner ready list wakes the outer");
        assertEquals(-Errno.ELOOP, inner.add(outer, 5, EPOLLIN, 0), "a cycle");
        Epoll[] chain = new Epoll[7];
        chain[0] = new Epoll(nesting);
        int accepted = 0;
        for (int i = 1; i < chain.length; i++) {
            chain[i] = new Epoll(nesting);
            if (chain[i].add(chain[i - 1], i, EPOLLIN, 0) != 0) break;
            accepted = i;
        }
        assertEquals(Epoll.MAX_NESTS, accepted, "at most EP_MAX_NESTS + 1 epolls in a chain");
    }

    @Test
    void exclusiveWatchersAreWokenOneAtATime() {
        WaitQueue q = new WaitQueue();
        int[] calls = new int[3];
        q.addWatcher(k -> { calls[0]++; return true; }, true);
        q.addWatcher(k -> { calls[1]++; return true; }, true);
        q.addWatcher(k -> { calls[2]++; return false; }, false);
        q.wakeAll();
        q.wakeAll();
        assertEquals(2, calls[0], "the first exclusive watcher that woke someone ends the wake-up");
        assertEquals(0, calls[1]);
        assertEquals(2, calls[2], "non-exclusive watchers are always called");
    }

    @Test
    void waitersAreWokenOnceWatchersStay() {
        WaitQueue q = new WaitQueue();
        int[] woken = new int[2];
        q.add(() -> woken[0]++);
        q.addWatcher(k -> { woken[1]++; return true; }, false);
        q.wakeAll();
        q.wakeAll();
        assertEquals(1, woken[0]);
        assertEquals(2, woken[1]);
        assertTrue(q.isEmpty());
    }
}
