package dev.javix.kernel.tty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.KernelConfig;
import dev.javix.kernel.fs.FdTable;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.SignalActions;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.signal.Signals;
import dev.javix.mem.AddressSpace;
import dev.javix.syscall.Syscall;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A terminal in a kernel: signals to the foreground group, job control, VMIN/VTIME, O_NONBLOCK, echo. */
class TtyTest {
    @TempDir
    Path root;
    private Kernel k;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private Tty tty;
    private TtyFile file;
    /** A session leader (its own group, the foreground) and a background group in its session. */
    private Process leader, sameGroup, background;
    private Task leaderTask, backgroundTask;

    @BeforeEach
    void setUp() {
        k = new Kernel(KernelConfig.defaults(root));
        tty = new Tty(k, "test", 0, null, screen, true);
        file = tty.open(OpenFile.O_RDWR, "/dev/test", TtyFile.charDevice(0));
        leader = process(k.init());
        leader.newSession();
        leader.setControllingTty(true);
        assertTrue(tty.associate(leader));
        sameGroup = process(leader);
        background = process(leader);
        background.setPgid(background.pid);
        leaderTask = k.newTask(leader, true);
        backgroundTask = k.newTask(background, true);
    }

    @AfterEach
    void tearDown() {
        k.close();
    }

    private Process process(Process parent) {
        return k.newProcess(parent, new AddressSpace(k.memory()), new FdTable());
    }

    private void type(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(b.length, tty.receive(b, 0, b.length));
    }

    private static boolean pending(Process p, int sig) {
        return (p.pending.bits() & Signals.bit(sig)) != 0;
    }

    private String read(Task t, int len) {
        byte[] b = new byte[len];
        long n = tty.read(file, t, b, 0, len);
        assertTrue(n >= 0, "read gave " + n);
        return new String(b, 0, (int) n, StandardCharsets.ISO_8859_1);
    }

    private void setTermios(java.util.function.Consumer<Termios> change) {
        Termios t = tty.termios();
        change.accept(t);
        tty.setTermios(t, false);
    }

    @Test
    void controlCharactersSignalTheForegroundGroupOnly() {
        // a session leader's group is orphaned: ^Z reaches only members that catch SIGTSTP
        leader.signalActions.set(Signal.SIGTSTP, 0x1000, 0, 0, 0);
        type("\003");
        assertTrue(pending(leader, Signal.SIGINT));
        assertTrue(pending(sameGroup, Signal.SIGINT), "the whole foreground group");
        assertFalse(pending(background, Signal.SIGINT), "not a background group");
        type("\034");
        assertTrue(pending(sameGroup, Signal.SIGQUIT));
        type("\032");
        assertTrue(pending(leader, Signal.SIGTSTP));
        assertFalse(pending(background, Signal.SIGTSTP));
        assertEquals("^C^\\^Z", screen.toString(StandardCharsets.ISO_8859_1), "echoed as ECHOCTL shows them");
    }

    @Test
    void aNewForegroundGroupGetsTheSignals() {
        tty.setForegroundPgrp(background.pid);
        type("\003");
        assertTrue(pending(background, Signal.SIGINT));
        assertFalse(pending(leader, Signal.SIGINT));
    }

    @Test
    void windowChangesSendSigwinchToTheForegroundGroup() {
        // SIGWINCH's default is to ignore it (then it is discarded at once): give both a handler
        leader.signalActions.set(Signal.SIGWINCH, 0x1000, 0, 0, 0);
        background.signalActions.set(Signal.SIGWINCH, 0x1000, 0, 0, 0);
        tty.resize(24, 80, 0, 0);
        assertTrue(pending(leader, Signal.SIGWINCH));
        assertFalse(pending(background, Signal.SIGWINCH));
        assertEquals(80, tty.windowSize()[1]);
    }

    @Test
    void aBackgroundReadGetsSigttinAndWaits() {
        type("x\n");
        assertEquals(Syscall.BLOCK, tty.read(file, backgroundTask, new byte[4], 0, 4));
        assertTrue(pending(background, Signal.SIGTTIN));
        assertEquals("x\n", read(leaderTask, 4), "the foreground reads the line");
    }

    @Test
    void aBackgroundReadIgnoringSigttinOrOrphanedGetsEio() {
        background.signalActions.set(Signal.SIGTTIN, SignalActions.SIG_IGN, 0, 0, 0);
        assertEquals(-Errno.EIO, tty.read(file, backgroundTask, new byte[4], 0, 4));
        background.signalActions.set(Signal.SIGTTIN, SignalActions.SIG_DFL, 0, 0, 0);
        backgroundTask.signalMask |= Signals.bit(Signal.SIGTTIN);
        assertEquals(-Errno.EIO, tty.read(file, backgroundTask, new byte[4], 0, 4), "blocked counts as ignored");
        backgroundTask.signalMask = 0;
        background.setParent(k.init()); // its parent is gone: nobody in the session can continue the group
        assertEquals(-Errno.EIO, tty.read(file, backgroundTask, new byte[4], 0, 4));
        assertFalse(pending(background, Signal.SIGTTIN));
    }

    @Test
    void backgroundWritesNeedTostopToBeStopped() {
        byte[] hi = "hi\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(3, tty.write(backgroundTask, hi, 0, 3));
        setTermios(t -> t.lflag |= Termios.TOSTOP);
        assertEquals(Syscall.BLOCK, tty.write(backgroundTask, hi, 0, 3));
        assertTrue(pending(background, Signal.SIGTTOU));
        background.signalActions.set(Signal.SIGTTOU, SignalActions.SIG_IGN, 0, 0, 0);
        assertEquals(3, tty.write(backgroundTask, hi, 0, 3), "SIGTTOU ignored: the write goes through");
        assertEquals("hi\r\nhi\r\n", screen.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aWaitingReadIsWokenByInputAndNonBlockingReadsGetEagain() {
        assertEquals(Syscall.BLOCK, tty.read(file, leaderTask, new byte[4], 0, 4));
        assertFalse(file.waitQueue().isEmpty(), "the reader waits on the description's queue");
        type("ab");
        assertTrue(file.waitQueue().isEmpty(), "input woke it");
        assertEquals(Syscall.BLOCK, tty.read(file, leaderTask, new byte[4], 0, 4), "no complete line yet");
        file.setStatusFlags(OpenFile.O_NONBLOCK);
        assertEquals(-Errno.EAGAIN, tty.read(file, leaderTask, new byte[4], 0, 4));
        type("\n");
        assertEquals("ab\n", read(leaderTask, 4));
        assertEquals(OpenFile.POLLOUT, tty.pollMask() & (OpenFile.POLLIN | OpenFile.POLLOUT));
    }

    @Test
    void vminWaitsForThatManyBytes() {
        setTermios(t -> {
            t.lflag &= ~(Termios.ICANON | Termios.ECHO);
            t.cc[Termios.VMIN] = 3;
            t.cc[Termios.VTIME] = 0;
        });
        type("ab");
        assertEquals(Syscall.BLOCK, tty.read(file, leaderTask, new byte[8], 0, 8));
        assertEquals(0, tty.pollMask() & OpenFile.POLLIN, "poll wants VMIN bytes too");
        type("c");
        assertTrue((tty.pollMask() & OpenFile.POLLIN) != 0);
        assertEquals("abc", read(leaderTask, 8));
        type("xy");
        assertEquals("x", read(leaderTask, 1), "a read smaller than VMIN returns when it is filled");
    }

    @Test
    void vminZeroVtimeZeroNeverWaits() {
        setTermios(t -> {
            t.lflag &= ~Termios.ICANON;
            t.cc[Termios.VMIN] = 0;
            t.cc[Termios.VTIME] = 0;
        });
        file.setStatusFlags(OpenFile.O_NONBLOCK);
        assertEquals(0, tty.read(file, leaderTask, new byte[8], 0, 8), "0, not EAGAIN: Linux's n_tty_read");
    }

    @Test
    void vtimeAloneTimesOutWithZero() throws InterruptedException {
        setTermios(t -> {
            t.lflag &= ~Termios.ICANON;
            t.cc[Termios.VMIN] = 0;
            t.cc[Termios.VTIME] = 1;
        });
        long start = System.nanoTime();
        assertEquals(Syscall.BLOCK, tty.read(file, leaderTask, new byte[8], 0, 8));
        Thread.sleep(60);
        assertEquals(Syscall.BLOCK, tty.read(file, leaderTask, new byte[8], 0, 8), "the same call, restarted early");
        Thread.sleep(80);
        assertEquals(0, tty.read(file, leaderTask, new byte[8], 0, 8));
        assertTrue(System.nanoTime() - start >= 100_000_000L);
        leaderTask.syscallState = null;
        type("z");
        assertEquals("z", read(leaderTask, 8), "a byte ends the wait at once");
    }

    @Test
    void vtimeWithVminIsAnInterByteTimer() throws InterruptedException {
        setTermios(t -> {
            t.lflag &= ~Termios.ICANON;
            t.cc[Termios.VMIN] = 4;
            t.cc[Termios.VTIME] = 1;
        });
        assertEquals(Syscall.BLOCK, tty.read(file, leaderTask, new byte[8], 0, 8), "no timer before the first byte");
        type("q");
        assertEquals(Syscall.BLOCK, tty.read(file, leaderTask, new byte[8], 0, 8));
        Thread.sleep(150);
        assertEquals("q", read(leaderTask, 8), "the timer ran out after the last byte");
    }

    @Test
    void canonicalSettingsChangesWakeReadersAndFlushOnTcsetsf() {
        type("half");
        assertEquals(Syscall.BLOCK, tty.read(file, leaderTask, new byte[8], 0, 8));
        Termios raw = tty.termios();
        raw.lflag &= ~Termios.ICANON;
        tty.setTermios(raw, false);
        assertTrue(file.waitQueue().isEmpty(), "readers re-check after a mode change");
        assertEquals("half", read(leaderTask, 8));
        type("junk");
        tty.setTermios(raw, true);
        assertEquals(0, tty.inputQueued(), "TCSETSF flushed the input");
    }

    @Test
    void aSessionLeaderAcquiresAFreeTerminalByOpeningIt() {
        Tty free = new Tty(k, "free", 0, null, screen, true);
        Process other = process(k.init());
        other.newSession();
        free.acquireOnOpen(other, OpenFile.O_RDWR | OpenFile.O_NOCTTY, false);
        assertEquals(0, free.session(), "O_NOCTTY");
        free.acquireOnOpen(other, OpenFile.O_RDWR, true);
        assertEquals(0, free.session(), "the console device is never acquired by open");
        free.acquireOnOpen(sameGroup, OpenFile.O_RDWR, false);
        assertEquals(0, free.session(), "not a session leader");
        free.acquireOnOpen(other, OpenFile.O_WRONLY, false);
        assertEquals(0, free.session(), "opened without read access");
        free.acquireOnOpen(other, OpenFile.O_RDWR, false);
        assertEquals(other.pid, free.session());
        assertEquals(other.pid, free.foregroundPgrp());
        assertTrue(free.isControllingTerminalOf(other));
        Process third = process(k.init());
        third.newSession();
        free.acquireOnOpen(third, OpenFile.O_RDWR, false);
        assertEquals(other.pid, free.session(), "another session's terminal stays theirs");
        assertFalse(tty.associate(third), "nor can it be associated");
    }

    @Test
    void theControllingProcessExitingHangsUpTheForegroundGroup() {
        sameGroup.signalActions.set(Signal.SIGHUP, 0x1000, 0, 0, 0);
        background.signalActions.set(Signal.SIGHUP, 0x1000, 0, 0, 0);
        leader.becomeZombie(0);
        tty.processExited(sameGroup); // not the controlling process: nothing happens
        assertFalse(pending(sameGroup, Signal.SIGHUP));
        tty.processExited(leader);
        assertTrue(pending(sameGroup, Signal.SIGHUP), "the foreground group hears the hangup");
        assertFalse(pending(background, Signal.SIGHUP), "a running background group does not");
        assertEquals(0, tty.session());
    }

    @Test
    void ctrlZIsDiscardedForAnOrphanedForegroundGroupUnlessCaught() {
        Process orphan = process(k.init());
        orphan.setPgid(orphan.pid); // parent init: an orphaned group
        tty.setForegroundPgrp(orphan.pid);
        type("\032");
        assertFalse(pending(orphan, Signal.SIGTSTP), "a default stop would freeze it for good");
        orphan.signalActions.set(Signal.SIGTSTP, 0x1000, 0, 0, 0);
        type("\032");
        assertTrue(pending(orphan, Signal.SIGTSTP), "a handler still hears ^Z");
        type("\003");
        assertTrue(pending(orphan, Signal.SIGINT), "^C is not a stop signal");
    }

    @Test
    void theSessionIsLostWhenItsLeaderIsGone() {
        assertTrue(tty.controlsSession(leader.sid()));
        assertTrue(tty.isControllingTerminalOf(sameGroup));
        leader.becomeZombie(0);
        assertEquals(0, tty.session());
        assertFalse(tty.isControllingTerminalOf(sameGroup));
    }

    @Test
    void pipeModeHasNoEchoAndNoOutputProcessing() {
        Tty pipe = new Tty(k, "pipe", 0, null, screen, false);
        pipe.open(OpenFile.O_RDWR, "/dev/pipe", TtyFile.charDevice(0));
        byte[] b = "typed\n".getBytes(StandardCharsets.ISO_8859_1);
        pipe.receive(b, 0, b.length);
        pipe.write(null, b, 0, b.length);
        assertEquals("typed\n", screen.toString(StandardCharsets.ISO_8859_1), "the output once, untranslated");
        assertTrue(pipe.termios().has(Termios.ICANON | Termios.ISIG));
    }
    @Test
    void theConsoleReadsTheKernelsStdinThroughItsLineDiscipline() throws Exception {
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream("one\ntwo".getBytes(StandardCharsets.ISO_8859_1));
        try (Kernel k2 = new Kernel(KernelConfig.defaults(root).withStreams(in, screen, screen))) {
            Tty console = Tty.console(k2);
            TtyFile f = console.open(OpenFile.O_RDONLY, "/dev/console", TtyFile.charDevice(console.rdev()));
            Process p = k2.newProcess(k2.init(), new AddressSpace(k2.memory()), new FdTable());
            Task t = k2.newTask(p, true);
            List<String> reads = new java.util.ArrayList<>();
            long giveUp = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < giveUp) {
                byte[] b = new byte[16];
                long n = console.read(f, t, b, 0, b.length);
                if (n == Syscall.BLOCK) {
                    f.waitQueue().remove(t);
                    Thread.sleep(5);
                    continue;
                }
                reads.add(new String(b, 0, (int) n, StandardCharsets.ISO_8859_1));
                if (n == 0) break;
            }
            assertEquals(List.of("one\n", "two", ""), reads, "a line, the unterminated rest at end of input, then end of file");
            assertEquals("", screen.toString(StandardCharsets.ISO_8859_1), "no echo when the host side is a pipe");
        }
    }
}
