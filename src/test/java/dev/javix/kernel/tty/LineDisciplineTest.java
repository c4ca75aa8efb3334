package dev.javix.kernel.tty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.javix.abi.Signal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** N_TTY without a kernel: canonical editing, echo, ISIG, input and output translations. */
class LineDisciplineTest {
    private final Termios t = Termios.linuxDefault();
    private final LineDiscipline ld = new LineDiscipline(t);
    private final LineDiscipline.Effects fx = new LineDiscipline.Effects();
    private final StringBuilder echo = new StringBuilder();

    private void type(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        fx.clear();
        assertEquals(b.length, ld.receive(b, 0, b.length, fx));
        echo.append(new String(fx.echo.takeAll(), StandardCharsets.ISO_8859_1));
    }

    private String read(int len) {
        byte[] b = new byte[len];
        int n = ld.read(b, 0, len);
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void canonicalModeHoldsTheLineUntilNewlineAndEchoesWithOnlcr() {
        type("ls -l");
        assertFalse(ld.readable(), "no complete line yet");
        assertEquals(0, ld.available());
        type("\r"); // ICRNL: the Enter key's CR is a newline
        assertTrue(ld.readable());
        assertEquals("ls -l\n", read(100));
        assertEquals("ls -l\r\n", echo.toString(), "echo, with ONLCR on the newline");
    }

    @Test
    void aReadTakesAtMostOneLineAndTheRestOfALongLineLater() {
        type("one\ntwo\n");
        assertEquals("on", read(2));
        assertEquals("e\n", read(100));
        assertEquals("two\n", read(100));
        assertFalse(ld.readable());
    }

    @Test
    void eraseRemovesOneCharacterAndEchoesBackspaceSpaceBackspace() {
        type("cat\177\177t");
        type("\n");
        assertEquals("ct\n", read(100));
        assertEquals("cat\b \b\b \bt\r\n", echo.toString());
    }

    @Test
    void erasingATabBacksUpToTheColumnBeforeIt() {
        type("ab\t\177");
        assertEquals("ab\t\b\b\b\b\b\b", echo.toString(), "the tab spanned columns 2 to 8");
        type("c\n");
        assertEquals("abc\n", read(10));
    }

    @Test
    void iutf8ErasesAWholeCharacter() {
        t.iflag |= Termios.IUTF8;
        type("n\u00c3\u00a9\177\n"); // "né" in UTF-8, then one erase
        assertEquals("n\n", read(10));
        assertTrue(echo.toString().endsWith("\b \b\r\n"), "one column erased");
        t.iflag &= ~Termios.IUTF8;
        type("n\u00c3\u00a9\177\n");
        assertEquals("n\u00c3\n", read(10), "without IUTF8 one byte goes");
    }

    @Test
    void eraseOfAControlCharacterEchoedAsCaretTakesTwoColumns() {
        type("a\001\177\n");
        assertEquals("a\n", read(100));
        assertEquals("a^A\b \b\b \b\r\n", echo.toString());
    }

    @Test
    void eraseWithoutEchoeEchoesTheEraseCharacter() {
        t.lflag &= ~Termios.ECHOE;
        type("ab\177\n");
        assertEquals("a\n", read(100));
        assertEquals("ab^?\r\n", echo.toString());
    }

    @Test
    void killErasesTheWholeLine() {
        type("rm -rf /\025echo hi\n");
        assertEquals("echo hi\n", read(100));
        assertTrue(echo.toString().startsWith("rm -rf /" + "\b \b".repeat(8)), echo.toString());
    }

    @Test
    void killWithoutEchokeEchoesTheKillCharacterAndANewline() {
        t.lflag &= ~Termios.ECHOKE;
        type("abc\025x\n");
        assertEquals("x\n", read(100));
        assertEquals("abc^U\r\nx\r\n", echo.toString());
    }

    @Test
    void wordEraseRemovesTrailingBlanksAndTheLastWord() {
        type("echo hello world  \027there\n");
        assertEquals("echo hello there\n", read(100));
        type("a_b1 \027\027x\n");
        assertEquals("x\n", read(100));
    }

    @Test
    void wordEraseNeedsIexten() {
        t.lflag &= ~Termios.IEXTEN;
        type("ab\027\n");
        assertEquals("ab\027\n", read(100));
    }

    @Test
    void literalNextTakesTheFollowingCharacterAsIs() {
        type("a\026\003b\n");
        assertEquals("a\003b\n", read(100));
        assertEquals(0, fx.signalCount, "the ^C after ^V is data, not SIGINT");
    }

    @Test
    void eofEndsALineWithoutItselfAndAloneReadsAsEndOfFile() {
        type("abc\004");
        assertEquals("abc", read(100));
        type("\004");
        assertTrue(ld.readable());
        assertEquals(0, ld.read(new byte[10], 0, 10), "^D at the start of a line: a zero-length read");
        assertFalse(ld.readable());
    }

    @Test
    void isigCharactersBecomeSignalsFlushAndEcho() {
        type("partial\003");
        assertEquals(1, fx.signalCount);
        assertEquals(Signal.SIGINT, fx.signals[0]);
        type("\n");
        assertEquals("\n", read(100), "the partial line was flushed");
        assertTrue(echo.toString().contains("^C"));
        type("\034");
        assertEquals(Signal.SIGQUIT, fx.signals[0]);
        type("\032");
        assertEquals(Signal.SIGTSTP, fx.signals[0]);
    }

    @Test
    void noflshKeepsTheInputAfterASignal() {
        t.lflag |= Termios.NOFLSH;
        type("keep\003\n");
        assertEquals("keep\n", read(100));
    }

    @Test
    void withoutIsigTheCharactersAreData() {
        t.lflag &= ~Termios.ISIG;
        type("\003\n");
        assertEquals(0, fx.signalCount);
        assertEquals("\003\n", read(100));
    }

    @Test
    void disabledControlCharactersMatchNothing() {
        t.cc[Termios.VINTR] = 0;
        type("\000\003\n");
        assertEquals(0, fx.signalCount);
        assertEquals("\000\003\n", read(100));
    }

    @Test
    void inputTranslations() {
        t.iflag = Termios.IGNCR;
        type("a\rb\n");
        assertEquals("ab\n", read(100));
        t.iflag = Termios.INLCR;
        t.lflag &= ~Termios.ICANON;
        type("x\n");
        assertEquals("x\r", read(100));
        t.iflag = 0;
        type("\r");
        assertEquals("\r", read(100));
    }

    @Test
    void echonlEchoesNewlineEvenWithoutEcho() {
        t.lflag = (t.lflag & ~Termios.ECHO) | Termios.ECHONL;
        type("secret\n");
        assertEquals("secret\n", read(100));
        assertEquals("\r\n", echo.toString());
    }

    @Test
    void rawModeMakesEveryByteReadableAtOnce() {
        t.lflag &= ~(Termios.ICANON | Termios.ECHO);
        type("q");
        assertTrue(ld.readable());
        assertEquals(1, ld.available());
        assertEquals("q", read(10));
        assertEquals("", echo.toString());
    }

    @Test
    void leavingCanonicalModeMakesThePartialLineReadable() {
        type("abc");
        t.lflag &= ~Termios.ICANON;
        ld.modeChanged(true);
        assertEquals("abc", read(10));
        type("de\nf");
        t.lflag |= Termios.ICANON;
        ld.modeChanged(false);
        assertEquals("de\n", read(10));
        assertFalse(ld.readable(), "f is a partial line again");
        type("\n");
        assertEquals("f\n", read(10));
    }

    @Test
    void hostEndOfInputReturnsThePartialLineThenZero() {
        type("last");
        ld.hostEof();
        assertTrue(ld.readable());
        assertEquals("last", read(10));
        assertEquals(0, ld.read(new byte[4], 0, 4));
    }

    @Test
    void aFullRawBufferTakesNoMoreUntilRead() {
        t.lflag &= ~(Termios.ECHO | Termios.ICANON);
        byte[] b = new byte[5000];
        java.util.Arrays.fill(b, (byte) 'x');
        fx.clear();
        assertEquals(LineDiscipline.CAPACITY - 1, ld.receive(b, 0, b.length, fx), "the rest waits (throttled)");
        assertEquals(100, ld.read(new byte[100], 0, 100));
        assertEquals(100, ld.receive(b, 0, b.length, fx));
    }

    @Test
    void anOverlongCanonicalLineIsCutButItsNewlineStillEndsIt() {
        t.lflag &= ~Termios.ECHO;
        byte[] b = new byte[5000];
        java.util.Arrays.fill(b, (byte) 'x');
        fx.clear();
        assertEquals(b.length, ld.receive(b, 0, b.length, fx), "canonical mode drops what does not fit");
        assertEquals(1, ld.receive(new byte[] {'\n'}, 0, 1, fx), "the newline is always taken");
        assertTrue(ld.readable());
        byte[] line = new byte[8192];
        int n = ld.read(line, 0, line.length);
        assertEquals(LineDiscipline.CAPACITY - 1, n);
        assertEquals('\n', line[n - 1]);
    }

    @Test
    void outputProcessing() {
        ByteBuf out = new ByteBuf();
        byte[] s = "a\nb\r".getBytes(StandardCharsets.ISO_8859_1);
        ld.write(s, 0, s.length, out);
        assertArrayEquals("a\r\nb\r".getBytes(StandardCharsets.ISO_8859_1), out.takeAll());
        t.oflag = Termios.OPOST | Termios.OCRNL | Termios.OLCUC;
        ld.write(s, 0, s.length, out);
        assertArrayEquals("A\nB\n".getBytes(StandardCharsets.ISO_8859_1), out.takeAll());
        t.oflag = Termios.OPOST | Termios.ONOCR;
        LineDiscipline fresh = new LineDiscipline(t); // at column 0
        byte[] cr = "\rx\r".getBytes(StandardCharsets.ISO_8859_1);
        fresh.write(cr, 0, cr.length, out);
        assertArrayEquals("x\r".getBytes(StandardCharsets.ISO_8859_1), out.takeAll(), "no CR at column 0 under ONOCR");
        t.oflag = Termios.ONLCR; // without OPOST nothing is translated
        ld.write(s, 0, s.length, out);
        assertArrayEquals(s, out.takeAll());
    }

    @Test
    void termiosLayoutRoundTrips() {
        Termios d = Termios.linuxDefault();
        byte[] b = d.encode(Termios.SIZE);
        assertEquals(36, b.length);
        assertEquals(0x500, b[0] & 0xff | (b[1] & 0xff) << 8, "c_iflag ICRNL|IXON at offset 0");
        assertEquals(3, b[17], "c_cc[VINTR] at offset 17");
        assertEquals(1, b[17 + Termios.VMIN]);
        Termios back = Termios.decode(d.encode(Termios.SIZE2));
        assertEquals(d.lflag, back.lflag);
        assertArrayEquals(d.cc, back.cc);
        byte[] two = d.encode(Termios.SIZE2);
        assertEquals(38400, (two[36] & 0xff) | (two[37] & 0xff) << 8 | (two[38] & 0xff) << 16);
    }
}
