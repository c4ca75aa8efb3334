package dev.javix.kernel.tty;

import dev.javix.abi.Signal;
import java.util.ArrayDeque;

/**
 * The line discipline (Linux's N_TTY, drivers/tty/n_tty.c): what happens to bytes between the
 * keyboard and a reading program, and between a writing program and the screen.
 *
 * <p>Input ({@link #receive}): ISTRIP, IGNCR/ICRNL/INLCR; with ISIG the VINTR, VQUIT and VSUSP
 * characters become SIGINT, SIGQUIT and SIGTSTP for the foreground process group (and flush
 * the queues unless NOFLSH); with ICANON a line is assembled and edited — VERASE, VKILL,
 * VWERASE, VREPRINT, VLNEXT (the last three need IEXTEN) — and becomes readable at '\n',
 * VEOL, VEOL2 or VEOF; echo follows ECHO, ECHOE, ECHOK, ECHOKE, ECHONL and ECHOCTL. Without
 * ICANON every byte is readable at once, and {@link Tty} applies VMIN/VTIME.
 *
 * <p>Output ({@link #write}): with OPOST, ONLCR, OCRNL, ONOCR, ONLRET and OLCUC, tracking
 * the column as n_tty's do_output_char does. Echo goes through the same processing.
 *
 * <p>Software flow control (IXON's VSTART/VSTOP) is not implemented: with IXON those two
 * characters are taken out of the input, as Linux does, but output never stops.
 *
 * <p>Not thread-safe: {@link Tty} calls it under its lock. Effects on the outside (echo
 * bytes, signals) are collected into {@link Effects} for the caller to carry out after
 * releasing that lock.
 */
final class LineDiscipline {
    /** N_TTY_BUF_SIZE: input held for readers, completed lines and the line being edited together. */
    static final int CAPACITY = 4096;

    /** What receiving input asks the caller to do once it has let go of the terminal's lock. */
    static final class Effects {
        final ByteBuf echo = new ByteBuf();
        /** Signals for the foreground process group, in order (0 = none). */
        int[] signals = new int[4];
        int signalCount;

        void signal(int sig) {
            if (signalCount == signals.length) signals = java.util.Arrays.copyOf(signals, signalCount * 2);
            signals[signalCount++] = sig;
        }

        void clear() {
            echo.clear();
            signalCount = 0;
        }
    }

    private final Termios t;
    /** Bytes a read may take: everything (raw) or completed lines (canonical). */
    private final ByteBuf ready = new ByteBuf();
    /** Canonical mode: the length of each completed line in {@link #ready}, oldest first (0 = a VEOF at line start). */
    private final ArrayDeque<int[]> lines = new ArrayDeque<>();
    /** Canonical mode: the line being edited. */
    private final byte[] edit = new byte[CAPACITY - 1];
    private int editLen;
    /** The previous character was VLNEXT: this one is taken literally. */
    private boolean literalNext;
    /** Output column, for ONOCR and erasing; the column where the line being edited began. */
    private int column, canonColumn;
    /** The host side has no more input (a pipe's end, a file's end). */
    private boolean hostEof;

    LineDiscipline(Termios t) {
        this.t = t;
    }

    Termios termios() {
        return t;
    }

    private boolean canonical() {
        return (t.lflag & Termios.ICANON) != 0;
    }

    // ------------------------------------------------------------------ input

    /**
     * Processes input bytes from the keyboard side. Returns how many were taken: fewer than
     * len when the buffer is full (the caller keeps the rest and offers it again after a read,
     * as Linux throttles the driver). Line terminators and signal characters are always taken.
     */
    int receive(byte[] b, int off, int len, Effects fx) {
        int i = 0;
        for (; i < len; i++) {
            int c = b[off + i] & 0xff;
            if (full() && !alwaysTaken(c)) break;
            receiveChar(c, fx);
        }
        return i;
    }

    private boolean full() {
        return ready.size() + editLen >= CAPACITY - 1;
    }

    private boolean alwaysTaken(int c) {
        if ((t.iflag & Termios.ICRNL) != 0 && c == '\r') c = '\n';
        if ((t.lflag & Termios.ISIG) != 0 && (c == t.ch(Termios.VINTR) || c == t.ch(Termios.VQUIT)
                || c == t.ch(Termios.VSUSP))) return true;
        return canonical() && (c == '\n' || c == t.ch(Termios.VEOF) || c == t.ch(Termios.VERASE)
                || c == t.ch(Termios.VKILL) || c == t.ch(Termios.VEOL) || c == t.ch(Termios.VEOL2));
    }

    private void receiveChar(int c, Effects fx) {
        if ((t.iflag & Termios.ISTRIP) != 0) c &= 0x7f;
        if (literalNext) {
            literalNext = false;
            store(c, fx);
            return;
        }
        if (c == '\r') {
            if ((t.iflag & Termios.IGNCR) != 0) return;
            if ((t.iflag & Termios.ICRNL) != 0) c = '\n';
        } else if (c == '\n' && (t.iflag & Termios.INLCR) != 0) {
            c = '\r';
        }
        if ((t.lflag & Termios.ISIG) != 0) {
            int sig = c == t.ch(Termios.VINTR) ? Signal.SIGINT : c == t.ch(Termios.VQUIT) ? Signal.SIGQUIT
                    : c == t.ch(Termios.VSUSP) ? Signal.SIGTSTP : 0;
            if (sig != 0) {
                isig(sig, c, fx);
                return;
            }
        }
        if ((t.iflag & Termios.IXON) != 0 && (c == t.ch(Termios.VSTOP) || c == t.ch(Termios.VSTART))) return;
        if (!canonical()) {
            ready.add(c);
            if (echoOn()) echoChar(c, fx);
            return;
        }
        boolean iexten = (t.lflag & Termios.IEXTEN) != 0;
        if (c == t.ch(Termios.VERASE)) {
            erase(1, c, fx);
        } else if (c == t.ch(Termios.VKILL)) {
            kill(c, fx);
        } else if (iexten && c == t.ch(Termios.VWERASE)) {
            wordErase(fx);
        } else if (iexten && c == t.ch(Termios.VLNEXT)) {
            literalNext = true;
            if (echoOn() && (t.lflag & Termios.ECHOCTL) != 0) {
                emit('^', fx); // "^\b": the literal character's echo then overwrites the caret
                emit('\b', fx);
            }
        } else if (iexten && c == t.ch(Termios.VREPRINT)) {
            if (echoOn()) {
                echoChar(c, fx);
                emit('\n', fx);
                for (int i = 0; i < editLen; i++) echoChar(edit[i] & 0xff, fx);
            }
        } else if (c == t.ch(Termios.VEOF)) {
            completeLine();
        } else if (c == '\n' || c == t.ch(Termios.VEOL) || c == t.ch(Termios.VEOL2)) {
            if (c == '\n' ? (t.lflag & (Termios.ECHO | Termios.ECHONL)) != 0 : echoOn()) echoChar(c, fx);
            if (editLen < edit.length) edit[editLen++] = (byte) c;
            completeLine();
        } else {
            store(c, fx);
        }
    }

    /** A character that is simply part of the input: into the line (canonical) or the queue. */
    private void store(int c, Effects fx) {
        if (!canonical()) {
            ready.add(c);
        } else if (editLen < edit.length - 1) { // room is kept for the line's terminator
            if (editLen == 0) canonColumn = column;
            edit[editLen++] = (byte) c;
        } else {
            return; // Linux drops characters past a full line (and rings the bell under IMAXBEL)
        }
        if (echoOn()) echoChar(c, fx);
    }

    private void completeLine() {
        ready.add(edit, 0, editLen);
        lines.add(new int[] {editLen});
        editLen = 0;
    }

    /** isig(): the signal, then the queues flushed unless NOFLSH, then the character echoed. */
    private void isig(int sig, int c, Effects fx) {
        fx.signal(sig);
        if ((t.lflag & Termios.NOFLSH) == 0) flushInput();
        if (echoOn()) echoChar(c, fx);
    }

    private boolean echoOn() {
        return (t.lflag & Termios.ECHO) != 0;
    }

    /** Control characters other than tab and newline echo as ^X under ECHOCTL (DEL as ^?). */
    private boolean echoesAsCaret(int c) {
        return (t.lflag & Termios.ECHOCTL) != 0 && (c < 32 || c == 0177) && c != '\t' && c != '\n';
    }

    private void echoChar(int c, Effects fx) {
        if (echoesAsCaret(c)) {
            emit('^', fx);
            emit(c == 0177 ? '?' : c ^ 0100, fx);
        } else {
            emit(c, fx);
        }
    }

    /** Erases n characters of the line (VERASE: one), echoing "\b \b" for each column under ECHOE. */
    private void erase(int n, int c, Effects fx) {
        for (int k = 0; k < n && editLen > 0; k++) {
            int gone = edit[--editLen] & 0xff;
            // IUTF8: a character is its lead byte and continuation bytes, all erased together
            if ((t.iflag & Termios.IUTF8) != 0) {
                while (isContinuation(gone) && editLen > 0) gone = edit[--editLen] & 0xff;
            }
            if (!echoOn()) continue;
            if ((t.lflag & Termios.ECHOE) != 0 && gone == '\t') {
                // a tab took the columns up to the next stop: back up to where the rest of the line ends
                int back = column - lineColumns();
                for (int j = 0; j < back; j++) fx.echo.add('\b');
                column -= Math.max(0, back);
            } else if ((t.lflag & Termios.ECHOE) != 0) {
                int cols = echoesAsCaret(gone) ? 2 : 1;
                for (int j = 0; j < cols; j++) {
                    fx.echo.add('\b');
                    fx.echo.add(' ');
                    fx.echo.add('\b');
                    column = Math.max(0, column - 1);
                }
            } else {
                echoChar(c, fx); // without ECHOE the erase character itself is echoed
            }
        }
    }

    private static boolean isContinuation(int b) {
        return (b & 0xc0) == 0x80;
    }

    /** The output column after echoing the line being edited from where it started (n_tty's canon_column). */
    private int lineColumns() {
        int col = canonColumn;
        for (int i = 0; i < editLen; i++) {
            int ch = edit[i] & 0xff;
            if (ch == '\t') col = (col | 7) + 1;
            else if (echoesAsCaret(ch)) col += 2;
            else if (!isContinuation(ch)) col++;
        }
        return col;
    }

    /** VKILL: the whole line goes; visually erased under ECHOKE (with ECHOE), else the kill char and, with ECHOK, a newline. */
    private void kill(int c, Effects fx) {
        if (editLen == 0) return;
        boolean visual = (t.lflag & (Termios.ECHOKE | Termios.ECHOE | Termios.ECHOK))
                == (Termios.ECHOKE | Termios.ECHOE | Termios.ECHOK);
        if (!echoOn() || !visual) {
            editLen = 0;
            if (echoOn()) {
                echoChar(c, fx);
                if ((t.lflag & Termios.ECHOK) != 0) emit('\n', fx);
            }
            return;
        }
        erase(editLen, c, fx);
    }

    /** VWERASE: trailing separators, then the word (letters, digits, '_') before them, as n_tty's eraser. */
    private void wordErase(Effects fx) {
        int n = 0;
        boolean seenWord = false;
        for (int i = editLen - 1; i >= 0; i--) {
            int ch = edit[i] & 0xff;
            boolean word = Character.isLetterOrDigit(ch) && ch < 128 || ch == '_';
            if (word) seenWord = true;
            else if (seenWord) break;
            n++;
        }
        erase(n, t.ch(Termios.VERASE), fx);
    }

    /** The host side reached end of input: readers get what is left, then end of file. */
    void hostEof() {
        hostEof = true;
    }

    boolean atHostEof() {
        return hostEof;
    }

    // ------------------------------------------------------------------ reading

    /** Bytes a read could take now (FIONREAD counts these). */
    int available() {
        return ready.size();
    }

    /** Whether a read would return now: a complete line (canonical), any byte (raw), or end of input. */
    boolean readable() {
        return canonical() ? !lines.isEmpty() || hostEof : ready.size() > 0 || hostEof;
    }

    /**
     * Takes input: canonical, at most the rest of the first line (a VEOF line gives 0); raw,
     * up to len bytes. Call only when {@link #readable()}. At end of host input with nothing
     * left, 0; a partial line is returned then too.
     */
    int read(byte[] dst, int off, int len) {
        if (!canonical()) return ready.take(dst, off, len);
        int[] first = lines.peek();
        if (first == null) {
            if (!hostEof) return 0;
            // end of host input: what was typed without a newline is the last read (as after a hangup)
            completeLine();
            first = lines.peek();
        }
        int n = ready.take(dst, off, Math.min(len, first[0]));
        first[0] -= n;
        if (first[0] == 0) lines.poll();
        return n;
    }

    /** TCFLSH TCIFLUSH and signals without NOFLSH: all pending input goes. */
    void flushInput() {
        ready.clear();
        lines.clear();
        editLen = 0;
        literalNext = false;
    }

    /**
     * New settings took effect (TCSETS*). Leaving canonical mode makes the line being edited
     * readable; entering it turns unread raw input into completed lines and a partial line.
     */
    void modeChanged(boolean wasCanonical) {
        boolean now = canonical();
        if (wasCanonical == now) return;
        if (!now) {
            ready.add(edit, 0, editLen);
            editLen = 0;
            lines.clear();
        } else {
            byte[] raw = new byte[ready.size()];
            ready.take(raw, 0, raw.length);
            lines.clear();
            editLen = 0;
            for (byte b : raw) {
                if (editLen < edit.length) edit[editLen++] = b;
                if (b == '\n') completeLine();
            }
        }
    }

    // ------------------------------------------------------------------ output

    /** Output processing of len bytes from a write into out (n_tty's process_output). */
    void write(byte[] src, int off, int len, ByteBuf out) {
        if ((t.oflag & Termios.OPOST) == 0) {
            out.add(src, off, len);
            return;
        }
        for (int i = 0; i < len; i++) output(src[off + i] & 0xff, out);
    }

    private void emit(int c, Effects fx) {
        output(c, fx.echo);
    }

    /** do_output_char: one character with OPOST's translations, keeping the column. */
    private void output(int c, ByteBuf out) {
        if ((t.oflag & Termios.OPOST) == 0) {
            out.add(c);
            return;
        }
        switch (c) {
            case '\n' -> {
                if ((t.oflag & Termios.ONLRET) != 0) column = 0;
                if ((t.oflag & Termios.ONLCR) != 0) {
                    column = 0;
                    out.add('\r');
                }
                out.add('\n');
            }
            case '\r' -> {
                if ((t.oflag & Termios.ONOCR) != 0 && column == 0) return;
                if ((t.oflag & Termios.OCRNL) != 0) {
                    if ((t.oflag & Termios.ONLRET) != 0) column = 0;
                    out.add('\n');
                    return;
                }
                column = 0;
                out.add('\r');
            }
            case '\t' -> {
                column = (column | 7) + 1;
                out.add('\t');
            }
            case '\b' -> {
                if (column > 0) column--;
                out.add('\b');
            }
            default -> {
                if ((t.oflag & Termios.OLCUC) != 0 && c >= 'a' && c <= 'z') c -= 32;
                if (c >= 32 && c != 0177 && (c & 0xc0) != 0x80) column++; // UTF-8 continuation bytes take no column
                out.add(c);
            }
        }
    }
}
