package dev.javix.trace;

import dev.javix.abi.Errno;
import dev.javix.abi.Signal;
import dev.javix.syscall.ArgKind;
import dev.javix.syscall.Syscall;
import dev.javix.syscall.SyscallContext;
import java.io.PrintStream;
import java.util.List;

/**
 * --trace: one strace-style line per system call, decoded from the system call table's
 * argument kinds (design decision 6), e.g.
 * <pre>
 *   [2] openat(AT_FDCWD, "/tmp/x", O_RDONLY) = 3
 *   [2] openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory)
 * </pre>
 * Read-only: it looks at guest memory through the checked accessors and never changes
 * behaviour. Lines are written whole, so lines of tasks on different CPUs do not interleave.
 */
public final class Tracer {
    private static final int MAX_STRING = 32;
    private final PrintStream out;

    public Tracer(PrintStream out) {
        this.out = out;
    }

    public boolean enabled() {
        return out != null;
    }

    /** Formats the call's name and input arguments (before it runs: execve replaces memory). */
    public String before(SyscallContext c, Syscall s, int nr) {
        StringBuilder b = new StringBuilder();
        b.append('[').append(c.task().tid).append("] ");
        if (s == null) {
            b.append("syscall_").append(nr).append('(');
            for (int i = 0; i < 6; i++) b.append(i > 0 ? ", " : "").append("0x").append(Long.toHexString(c.arg(i)));
            return b.append(')').toString();
        }
        b.append(s.name()).append('(');
        List<ArgKind> args = s.args();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) b.append(", ");
            ArgKind k = args.get(i);
            if (k == ArgKind.BUF_OUT) {
                b.append('\u0000').append(i).append('\u0000'); // filled in after the call
            } else {
                b.append(format(c, k, c.arg(i), i + 1 < args.size() ? c.arg(i + 1) : 0));
            }
        }
        return b.append(')').toString();
    }

    /** Completes the line with output buffers and the result, and prints it. */
    public void after(SyscallContext c, Syscall s, String line, long result) {
        if (s != null && line.indexOf('\u0000') >= 0) {
            StringBuilder b = new StringBuilder();
            int i = 0;
            while (i < line.length()) {
                int at = line.indexOf('\u0000', i);
                if (at < 0) {
                    b.append(line, i, line.length());
                    break;
                }
                b.append(line, i, at);
                int end = line.indexOf('\u0000', at + 1);
                int arg = Integer.parseInt(line.substring(at + 1, end));
                long addr = c.arg(arg);
                b.append(result >= 0 && result != Syscall.NO_RETURN ? quoteBuffer(c, addr, result) : pointer(addr));
                i = end + 1;
            }
            line = b.toString();
        }
        String ret;
        if (result == Syscall.NO_RETURN) {
            ret = s != null && s.name().startsWith("exit") ? "?" : "0";
        } else if (Errno.isError(result)) {
            int e = (int) -result;
            ret = "-1 " + Errno.name(e) + " (" + Errno.message(e) + ")";
        } else if (s != null && (s.ret() == ArgKind.HEX || s.ret() == ArgKind.PTR)) {
            ret = "0x" + Long.toHexString(result);
        } else {
            ret = Long.toString(result);
        }
        out.println(line + " = " + ret);
    }

    private String format(SyscallContext c, ArgKind k, long v, long next) {
        try {
            return switch (k) {
                case INT -> Long.toString(v);
                case UINT -> Long.toUnsignedString(v);
                case HEX -> "0x" + Long.toHexString(v);
                case PTR -> pointer(v);
                case FD -> Integer.toString((int) v);
                case DIRFD -> (int) v == -100 ? "AT_FDCWD" : Integer.toString((int) v);
                case STR -> v == 0 ? "NULL" : quote(c, v, 4096, true);
                case BUF_IN -> quoteBuffer(c, v, next);
                case BUF_OUT -> pointer(v);
                case OPEN_FLAGS -> Flags.open((int) v);
                case FD_FLAGS -> Flags.fdFlags((int) v);
                case SOCK_DOMAIN -> Flags.domain((int) v);
                case SOCK_TYPE -> Flags.socketType((int) v);
                case MODE -> "0" + Long.toOctalString(v & 07777);
                case PROT -> Flags.prot((int) v);
                case MAP_FLAGS -> Flags.map((int) v);
                case CLOCK -> Flags.clock((int) v);
                case SIGNAL -> Signal.name((int) v);
                case AT_FLAGS -> Flags.at((int) v);
                case WHENCE -> Flags.whence((int) v);
                case IOCTL -> Flags.ioctl(v);
                case FUTEX_OP -> Flags.futexOp((int) v);
                case CLONE_FLAGS -> Flags.cloneFlags(v);
                case SIGMASK_HOW -> Flags.named((int) v, "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK");
                case WAIT_OPTIONS -> Flags.waitOptions((int) v);
                case FCNTL_CMD -> Flags.fcntlCmd((int) v);
                case EPOLL_OP -> Flags.named((int) v, null, "EPOLL_CTL_ADD", "EPOLL_CTL_DEL", "EPOLL_CTL_MOD");
                case ITIMER -> Flags.named((int) v, "ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF");
                case SHUT_HOW -> Flags.named((int) v, "SHUT_RD", "SHUT_WR", "SHUT_RDWR");
                case SOCK_FLAGS -> Flags.socketFlags((int) v);
                case EVENTFD_FLAGS -> Flags.eventfdFlags((int) v);
                case EPOLL_FLAGS -> Flags.epollFlags((int) v);
                case TIMER_FLAGS -> Flags.timerFlags((int) v);
                case ACCESS_MODE -> Flags.accessMode((int) v);
                case SOCKOPT_LEVEL -> Flags.sockoptLevel((int) v);
                case PRCTL_OPTION -> Flags.prctlOption((int) v);
                case MADVISE_ADVICE -> Flags.madvise((int) v);
            };
        } catch (SyscallContext.GuestFault e) {
            return pointer(v);
        } catch (RuntimeException e) {
            // a decoder's bug must not take the traced call (or the kernel) down: show the number
            return "0x" + Long.toHexString(v);
        }
    }

    private static String pointer(long v) {
        return v == 0 ? "NULL" : "0x" + Long.toHexString(v);
    }

    private String quoteBuffer(SyscallContext c, long addr, long len) {
        if (addr == 0) return "NULL";
        try {
            return quote(c, addr, (int) Math.min(Math.max(len, 0), MAX_STRING + 1), false)
                    + (len > MAX_STRING ? "..." : "");
        } catch (SyscallContext.GuestFault e) {
            return pointer(addr);
        }
    }

    /** A C string or buffer as strace shows it: quoted, escaped, cut after MAX_STRING bytes. */
    private String quote(SyscallContext c, long addr, int max, boolean stopAtNul) {
        StringBuilder b = new StringBuilder("\"");
        int n = stopAtNul ? max : Math.min(max, MAX_STRING);
        for (int i = 0; i < n; i++) {
            byte ch = c.readByte(addr + i);
            if (stopAtNul && ch == 0) return b.append('"').toString();
            if (stopAtNul && i == MAX_STRING) return b.append("\"...").toString();
            switch (ch) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch >= 32 && ch < 127) b.append((char) ch);
                    else b.append(String.format("\\%o", ch & 0xff));
                }
            }
        }
        return b.append('"').toString();
    }
}
