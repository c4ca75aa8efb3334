package dev.javix.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Linux's calc_load arithmetic: the figures uptime(1) shows for a known history of load. */
class LoadAverageTest {
    private static final long S = 1_000_000_000L;

    @Test
    void startsAtZeroAndSamplesOnlyEveryFiveSeconds() {
        LoadAverage l = new LoadAverage(0);
        assertEquals("0.00 0.00 0.00", l.format());
        l.tick(4 * S, () -> 3);
        assertEquals("0.00 0.00 0.00", l.format(), "no period has passed yet");
        l.tick(5 * S, () -> 1);
        // one sample of 1 active task: 1 - exp(-5/60) = 0.08, 1 - exp(-5/300) = 0.02, 1 - exp(-5/900) = 0.01
        assertEquals("0.08 0.02 0.01", l.format());
    }

    @Test
    void oneBusyTaskForAMinuteApproachesOneMinusOneOverE() {
        LoadAverage l = new LoadAverage(0);
        for (int i = 1; i <= 12; i++) l.tick(i * 5 * S, () -> 1);
        // 1 - exp(-1) = 0.632 over one minute; 1 - exp(-1/5) = 0.18; 1 - exp(-1/15) = 0.06
        assertEquals("0.63 0.18 0.06", l.format());
    }

    @Test
    void missedPeriodsAreCaughtUpAndIdlenessDecays() {
        LoadAverage a = new LoadAverage(0), b = new LoadAverage(0);
        for (int i = 1; i <= 12; i++) a.tick(i * 5 * S, () -> 2);
        b.tick(60 * S, () -> 2); // the same twelve periods in one late sample
        assertEquals(a.format(), b.format());
        for (int i = 13; i <= 24; i++) a.tick(i * 5 * S, () -> 0);
        // 2 * 0.632 * exp(-1) = 0.465 a minute after the load went away; calc_load rounds down while it falls
        assertEquals("0.46", a.format().split(" ")[0]);
    }
}
