package dev.javix.kernel.tty;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.syscall.SyscallContext;

/**
 * Terminal ioctl(2) requests (ioctl_tty(2); tty_ioctl, tty_mode_ioctl and n_tty_ioctl in
 * Linux), with the asm-generic numbers riscv64 uses (include/uapi/asm-generic/ioctls.h).
 *
 * <pre>
 *   struct winsize { unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel; };  // 0, 2, 4, 6: 8 bytes
 * </pre>
 * The termios layouts are in {@link Termios}.
 */
public final class TtyIoctls {
    private TtyIoctls() {}

    static final long TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCSBRK = 0x5409,
            TCXONC = 0x540A, TCFLSH = 0x540B, TIOCEXCL = 0x540C, TIOCNXCL = 0x540D, TIOCSCTTY = 0x540E,
            TIOCGPGRP = 0x540F, TIOCSPGRP = 0x5410, TIOCOUTQ = 0x5411, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414,
            FIONREAD = 0x541B, TIOCNOTTY = 0x5422, TIOCSETD = 0x5423, TIOCGETD = 0x5424, TCSBRKP = 0x5425,
            TIOCGSID = 0x5429, TCGETS2 = 0x802C542AL, TCSETS2 = 0x402C542BL, TCSETSW2 = 0x402C542CL,
            TCSETSF2 = 0x402C542DL;
    /** TCFLSH's queue selectors and TCXONC's actions (termios.h). */
    static final int TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2, TCOOFF = 0, TCOON = 1, TCIOFF = 2, TCION = 3;
    /** N_TTY, the only line discipline. */
    static final int N_TTY = 0;

    /** ioctl(2) on f, a description of tty. */
    public static long ioctl(Tty tty, dev.javix.kernel.fs.OpenFile f, Task t, long request, long arg, SyscallContext c) {
        Process p = t.process;
        if (request == TCGETS || request == TCGETS2) {
            c.write(arg, tty.termios().encode(request == TCGETS ? Termios.SIZE : Termios.SIZE2));
            return 0;
        }
        if (request == TCSETS || request == TCSETSW || request == TCSETSF || request == TCSETS2
                || request == TCSETSW2 || request == TCSETSF2) {
            boolean two = request == TCSETS2 || request == TCSETSW2 || request == TCSETSF2;
            byte[] b = c.readBytes(arg, two ? Termios.SIZE2 : Termios.SIZE);
            long jc = JobControl.check(tty, t, Signal.SIGTTOU);
            if (jc != 0) return jc;
            // TCSETSW/TCSETSF drain output first: output is written through at once, so it is drained.
            tty.setTermios(Termios.decode(b), request == TCSETSF || request == TCSETSF2);
            return 0;
        }
        if (request == TCSBRK || request == TCSBRKP) return 0; // tcdrain/tcsendbreak: nothing is queued
        if (request == TCXONC) {
            long jc = JobControl.check(tty, t, Signal.SIGTTOU);
            if (jc != 0) return jc;
            int a = (int) arg;
            if (a < TCOOFF || a > TCION) return -Errno.EINVAL;
            return 0; // no software flow control: suspending output is not implemented
        }
        if (request == TCFLSH) {
            long jc = JobControl.check(tty, t, Signal.SIGTTOU);
            if (jc != 0) return jc;
            int a = (int) arg;
            if (a < TCIFLUSH || a > TCIOFLUSH) return -Errno.EINVAL;
            if (a != TCOFLUSH) tty.flushInput();
            return 0;
        }
        if (request == FIONREAD) {
            c.writeInt(arg, tty.inputQueued());
            return 0;
        }
        if (request == TIOCOUTQ) {
            c.writeInt(arg, 0);
            return 0;
        }
        if (request == TIOCGWINSZ) {
            int[] w = tty.windowSize();
            byte[] b = new byte[8];
            for (int i = 0; i < 4; i++) {
                b[2 * i] = (byte) w[i];
                b[2 * i + 1] = (byte) (w[i] >> 8);
            }
            c.write(arg, b);
            return 0;
        }
        if (request == TIOCSWINSZ) {
            byte[] b = c.readBytes(arg, 8);
            int[] w = new int[4];
            for (int i = 0; i < 4; i++) w[i] = (b[2 * i] & 0xff) | (b[2 * i + 1] & 0xff) << 8;
            tty.resize(w[0], w[1], w[2], w[3]);
            return 0;
        }
        if (request == TIOCGPGRP) {
            if (!tty.isControllingTerminalOf(p)) return -Errno.ENOTTY;
            c.writeInt(arg, tty.foregroundPgrp());
            return 0;
        }
        if (request == TIOCSPGRP) return setForeground(tty, t, arg, c);
        if (request == TIOCGSID) {
            if (!tty.isControllingTerminalOf(p)) return -Errno.ENOTTY;
            c.writeInt(arg, tty.session());
            return 0;
        }
        if (request == TIOCSCTTY) return makeControlling(tty, f, p, arg);
        if (request == TIOCNOTTY) return giveUp(tty, p);
        if (request == TIOCEXCL || request == TIOCNXCL) return 0; // exclusive mode only keeps out non-root openers
        if (request == TIOCGETD) {
            c.writeInt(arg, N_TTY);
            return 0;
        }
        if (request == TIOCSETD) return c.readInt(arg) == N_TTY ? 0 : -Errno.EINVAL;
        return -Errno.ENOTTY;
    }

    /** TIOCSPGRP, tcsetpgrp(3) (tiocspgrp): a group of the caller's session becomes the foreground. */
    private static long setForeground(Tty tty, Task t, long arg, SyscallContext c) {
        Process p = t.process;
        long jc = JobControl.check(tty, t, Signal.SIGTTOU);
        if (jc == -Errno.EIO) return -Errno.ENOTTY;
        if (jc != 0) return jc;
        int pg = c.readInt(arg);
        if (pg < 0) return -Errno.EINVAL;
        if (!tty.isControllingTerminalOf(p)) return -Errno.ENOTTY;
        // session_of_pgrp: a member of the group, or else the process with that pid
        Integer sid = null;
        for (Process q : p.kernel().processes()) {
            if (q.status() == Process.Status.REAPED) continue;
            if (q.pgid() == pg && q.status() == Process.Status.RUNNING) {
                sid = q.sid();
                break;
            }
            if (q.pid == pg) sid = q.sid();
        }
        if (sid == null) return -Errno.ESRCH;
        if (sid != p.sid()) return -Errno.EPERM;
        tty.setForegroundPgrp(pg);
        return 0;
    }

    /**
     * TIOCSCTTY (tiocsctty): a session leader without a controlling terminal makes this one
     * its session's, if no other session has it (arg 1 lets root steal it) and it is open for
     * reading (or the caller is root).
     */
    private static long makeControlling(Tty tty, dev.javix.kernel.fs.OpenFile f, Process p, long arg) {
        boolean leader = p.sid() == p.pid;
        if (leader && tty.controlsSession(p.sid())) {
            p.setControllingTty(true);
            return 0;
        }
        if (!leader || p.hasControllingTty()) return -Errno.EPERM;
        boolean root = p.credentials().euid() == 0;
        int holder = tty.session();
        if (holder != 0) {
            if (arg != 1 || !root) return -Errno.EPERM;
            for (Process q : p.kernel().processes()) if (q.sid() == holder) q.setControllingTty(false);
            tty.dissociate();
        }
        if (!f.readable() && !root) return -Errno.EPERM;
        if (!tty.associate(p)) return -Errno.EPERM;
        p.setControllingTty(true);
        return 0;
    }

    /**
     * TIOCNOTTY: the caller gives up its controlling terminal; if it leads the session the
     * foreground group gets SIGHUP and SIGCONT and the whole session loses the terminal
     * (disassociate_ctty).
     */
    private static long giveUp(Tty tty, Process p) {
        if (!tty.isControllingTerminalOf(p)) return -Errno.ENOTTY;
        if (p.sid() != p.pid) {
            p.setControllingTty(false);
            return 0;
        }
        int fg = tty.foregroundPgrp();
        if (fg != 0) {
            tty.signalGroup(fg, Signal.SIGHUP);
            tty.signalGroup(fg, Signal.SIGCONT);
        }
        for (Process q : p.kernel().processes()) if (q.sid() == p.sid()) q.setControllingTty(false);
        tty.dissociate();
        return 0;
    }
}
