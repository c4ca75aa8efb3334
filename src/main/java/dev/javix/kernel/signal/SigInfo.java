package dev.javix.kernel.signal;

/**
 * A signal's siginfo_t (sigaction(2)): who sent it and why. Encoded for the guest by
 * {@link #encode}: 128 bytes on 64-bit Linux,
 * <pre>
 *   int si_signo @0; int si_errno @4; int si_code @8; (pad)
 *   union @16: kill/rt { int si_pid @16; int si_uid @20; sigval si_value @24 }
 *              chld    { int si_pid @16; int si_uid @20; int si_status @24; long si_utime @32; long si_stime @40 }
 *              fault   { void *si_addr @16 }
 *              timer   { int si_tid @16; int si_overrun @20; sigval si_value @24 }
 * </pre>
 */
public record SigInfo(int signo, int code, int pid, int uid, long addr, int status, long value) {
    // si_code values (asm-generic/siginfo.h)
    public static final int SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_TKILL = -6;

    /** A signal from kill(2) by pid/uid. */
    public static SigInfo user(int sig, int pid, int uid) {
        return new SigInfo(sig, SI_USER, pid, uid, 0, 0, 0);
    }

    /** A signal the kernel generated itself (SIGPIPE, SIGALRM from a timer, …). */
    public static SigInfo kernel(int sig) {
        return new SigInfo(sig, SI_KERNEL, 0, 0, 0, 0, 0);
    }

    /** A fault (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE) at addr with its si_code. */
    public static SigInfo fault(int sig, int code, long addr) {
        return new SigInfo(sig, code, 0, 0, addr, 0, 0);
    }

    public byte[] encode() {
        byte[] b = new byte[128];
        putInt(b, 0, signo);
        putInt(b, 8, code);
        boolean fault = code > 0 && code < SI_KERNEL && (signo == 4 || signo == 5 || signo == 7 || signo == 8 || signo == 11);
        if (fault) {
            putLong(b, 16, addr);
        } else {
            putInt(b, 16, pid);
            putInt(b, 20, uid);
            if (signo == 17 && code > 0 && code < SI_KERNEL) putInt(b, 24, status);
            else putLong(b, 24, value);
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    /** Decodes what rt_sigqueueinfo(2) passes in (the sender fills si_code, si_pid, si_uid, si_value). */
    public static SigInfo decode(int sig, byte[] b) {
        int code = getInt(b, 8);
        return new SigInfo(sig, code, getInt(b, 16), getInt(b, 20), 0, 0, getLong(b, 24));
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static long getLong(byte[] b, int at) {
        return (getInt(b, at) & 0xffffffffL) | ((long) getInt(b, at + 4) << 32);
    }
}
