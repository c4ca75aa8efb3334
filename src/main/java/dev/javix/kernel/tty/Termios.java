package dev.javix.kernel.tty;

/**
 * A terminal's settings (termios(3)): the four flag words and the control characters, with
 * Linux's defaults ({@code tty_std_termios}) and the guest layouts that TCGETS/TCSETS and
 * TCGETS2/TCSETS2 copy.
 *
 * <p>riscv64 uses the asm-generic definitions (include/uapi/asm-generic/termbits.h), where the
 * kernel's struct termios has 19 control characters and no speed fields:
 * <pre>
 *   struct termios {              struct termios2 {          (same, then)
 *     tcflag_t c_iflag;   //  0      ...
 *     tcflag_t c_oflag;   //  4      speed_t c_ispeed;  // 36
 *     tcflag_t c_cflag;   //  8      speed_t c_ospeed;  // 40
 *     tcflag_t c_lflag;   // 12    };                    // 44 bytes
 *     cc_t c_line;        // 16
 *     cc_t c_cc[NCCS];    // 17, NCCS = 19
 *   };                    // 36 bytes
 * </pre>
 * glibc's own struct termios (32 control characters and speeds) is translated by tcgetattr;
 * only these kernel layouts cross the system call boundary.
 *
 * <p>Not thread-safe: the owning {@link Tty} guards it.
 */
public final class Termios {
    public static final int SIZE = 36, SIZE2 = 44, NCCS = 19;
    static final int IFLAG = 0, OFLAG = 4, CFLAG = 8, LFLAG = 12, LINE = 16, CC = 17, ISPEED = 36, OSPEED = 40;

    // c_iflag
    public static final int IGNBRK = 01, BRKINT = 02, IGNPAR = 04, PARMRK = 010, INPCK = 020, ISTRIP = 040,
            INLCR = 0100, IGNCR = 0200, ICRNL = 0400, IUCLC = 01000, IXON = 02000, IXANY = 04000, IXOFF = 010000,
            IMAXBEL = 020000, IUTF8 = 040000;
    // c_oflag
    public static final int OPOST = 01, OLCUC = 02, ONLCR = 04, OCRNL = 010, ONOCR = 020, ONLRET = 040;
    // c_cflag
    public static final int B38400 = 017, CBAUD = 010017, CS8 = 060, CREAD = 0200, HUPCL = 02000, CLOCAL = 04000;
    // c_lflag
    public static final int ISIG = 01, ICANON = 02, ECHO = 010, ECHOE = 020, ECHOK = 040, ECHONL = 0100,
            NOFLSH = 0200, TOSTOP = 0400, ECHOCTL = 01000, ECHOPRT = 02000, ECHOKE = 04000, FLUSHO = 010000,
            PENDIN = 040000, IEXTEN = 0100000, EXTPROC = 0200000;
    // c_cc indices
    public static final int VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6, VSWTC = 7,
            VSTART = 8, VSTOP = 9, VSUSP = 10, VEOL = 11, VREPRINT = 12, VDISCARD = 13, VWERASE = 14, VLNEXT = 15,
            VEOL2 = 16;
    /** A control character set to this value is disabled (_POSIX_VDISABLE on Linux). */
    public static final int DISABLED = 0;
    /** B38400's speed in bits per second, what termios2's speed fields report. */
    private static final int SPEED_38400 = 38400;

    public int iflag, oflag, cflag, lflag, line;
    public final byte[] cc = new byte[NCCS];

    /** Linux's tty_std_termios with INIT_C_CC: ^C ^\ DEL ^U ^D, VTIME 0, VMIN 1, ^Q ^S ^Z, ^R ^O ^W ^V. */
    public static Termios linuxDefault() {
        Termios t = new Termios();
        t.iflag = ICRNL | IXON;
        t.oflag = OPOST | ONLCR;
        t.cflag = B38400 | CS8 | CREAD | HUPCL;
        t.lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
        byte[] init = {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0};
        System.arraycopy(init, 0, t.cc, 0, init.length);
        return t;
    }

    /**
     * The settings of a console whose host side is a pipe or a file: Linux's defaults without
     * echo and without output processing, so a scripted session's transcript holds what the
     * programs wrote, with plain newlines. Canonical input and ISIG stay: lines are assembled
     * and a ^C byte in the script interrupts the foreground job, as a typed one would.
     */
    public static Termios pipeDefault() {
        Termios t = linuxDefault();
        t.lflag &= ~(ECHO | ECHOE | ECHOK | ECHOKE | ECHOCTL);
        t.oflag &= ~OPOST;
        return t;
    }

    public Termios copy() {
        Termios t = new Termios();
        t.set(this);
        return t;
    }

    public void set(Termios o) {
        iflag = o.iflag;
        oflag = o.oflag;
        cflag = o.cflag;
        lflag = o.lflag;
        line = o.line;
        System.arraycopy(o.cc, 0, cc, 0, NCCS);
    }

    public boolean has(int lflagBits) {
        return (lflag & lflagBits) == lflagBits;
    }

    /** The control character at index v, or -1 when it is disabled. */
    public int ch(int v) {
        int c = cc[v] & 0xff;
        return c == DISABLED ? -1 : c;
    }

    public int vmin() {
        return cc[VMIN] & 0xff;
    }

    public int vtime() {
        return cc[VTIME] & 0xff;
    }

    /** Encodes into the guest layout: 36 bytes (termios) or 44 (termios2, with the speeds). */
    public byte[] encode(int size) {
        byte[] b = new byte[size];
        putInt(b, IFLAG, iflag);
        putInt(b, OFLAG, oflag);
        putInt(b, CFLAG, cflag);
        putInt(b, LFLAG, lflag);
        b[LINE] = (byte) line;
        System.arraycopy(cc, 0, b, CC, NCCS);
        if (size >= SIZE2) {
            putInt(b, ISPEED, SPEED_38400);
            putInt(b, OSPEED, SPEED_38400);
        }
        return b;
    }

    /** Decodes the guest layout (the speed fields of termios2 are accepted and ignored: no line speed here). */
    public static Termios decode(byte[] b) {
        Termios t = new Termios();
        t.iflag = getInt(b, IFLAG);
        t.oflag = getInt(b, OFLAG);
        t.cflag = getInt(b, CFLAG);
        t.lflag = getInt(b, LFLAG);
        t.line = b[LINE] & 0xff;
        System.arraycopy(b, CC, t.cc, 0, NCCS);
        return t;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }

    private static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
