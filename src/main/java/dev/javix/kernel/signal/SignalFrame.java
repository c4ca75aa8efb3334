package dev.javix.kernel.signal;

import dev.javix.cpu.Hart;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;

/**
 * The riscv64 signal frame (arch/riscv/kernel/signal.c, uapi asm/ucontext.h, asm/sigcontext.h):
 * <pre>
 *   struct rt_sigframe { siginfo_t info;          // @0, 128 bytes
 *                        struct ucontext uc; };   // @128
 *   struct ucontext { unsigned long uc_flags;     // @0
 *                     struct ucontext *uc_link;   // @8
 *                     stack_t uc_stack;           // @16: ss_sp @16, ss_flags (int) @24, ss_size @32
 *                     sigset_t uc_sigmask;        // @40 (8 bytes, then 120 bytes of room to grow)
 *                     struct sigcontext uc_mcontext; }  // @176 (16-byte aligned)
 *   struct sigcontext { unsigned long sc_regs[32];      // pc, then x1..x31
 *                       union __riscv_fp_state sc_fpregs; }  // f[32] (u64) @+256, fcsr (u32) @+512; 528 bytes
 * </pre>
 * 1088 bytes in all. The handler is entered with a0 = signal, a1 = &amp;info, a2 = &amp;uc,
 * sp = the frame, ra = the sigreturn trampoline; rt_sigreturn reads the ucontext back.
 */
public final class SignalFrame {
    public static final int INFO = 0, UC = 128, UC_STACK = UC + 16, UC_SIGMASK = UC + 40, UC_MCONTEXT = UC + 176;
    public static final int GREGS = UC_MCONTEXT, FREGS = UC_MCONTEXT + 256, FCSR = UC_MCONTEXT + 512;
    public static final int SIZE = UC_MCONTEXT + 256 + 528;
    /** SS_ONSTACK / SS_DISABLE of sigaltstack(2). */
    public static final int SS_ONSTACK = 1, SS_DISABLE = 2;

    private SignalFrame() {}

    /**
     * Writes a frame below {@code stackTop} for the task's current registers and points the
     * registers at the handler. Returns false if the frame cannot be written (the caller then
     * kills the process with SIGSEGV, as Linux's force_sigsegv does).
     */
    public static boolean push(Task t, AddressSpace mm, long stackTop, int sig, SigInfo info, long handler,
            long oldMask, long trampoline) {
        Hart h = t.hart;
        long sp = (stackTop - SIZE) & ~15L;
        byte[] f = new byte[SIZE];
        System.arraycopy(info.encode(), 0, f, INFO, 128);
        putLong(f, UC_STACK, t.altStackSp);
        putInt(f, UC_STACK + 8, t.altStackFlags | (onAltStack(t, h.x[2]) ? SS_ONSTACK : 0));
        putLong(f, UC_STACK + 16, t.altStackSize);
        putLong(f, UC_SIGMASK, oldMask);
        putLong(f, GREGS, h.pc);
        for (int r = 1; r < 32; r++) putLong(f, GREGS + 8 * r, h.x[r]);
        for (int r = 0; r < 32; r++) putLong(f, FREGS + 8 * r, h.f[r]);
        putInt(f, FCSR, (h.frm << 5) | h.fflags);
        if (!mm.write(sp, f, 0, SIZE)) return false;
        h.x[10] = sig;
        h.x[11] = sp + INFO;
        h.x[12] = sp + UC;
        h.x[2] = sp;
        h.x[1] = trampoline;
        h.pc = handler;
        return true;
    }

    /**
     * rt_sigreturn: restores registers, the signal mask and the alternate-stack setting from
     * the frame at sp. Returns the mask to install, or null if the frame is unreadable.
     */
    public static Long pop(Task t, AddressSpace mm) {
        Hart h = t.hart;
        long sp = h.x[2];
        byte[] f = new byte[SIZE];
        if (!mm.read(sp, f, 0, SIZE)) return null;
        h.pc = getLong(f, GREGS);
        for (int r = 1; r < 32; r++) h.x[r] = getLong(f, GREGS + 8 * r);
        for (int r = 0; r < 32; r++) h.f[r] = getLong(f, FREGS + 8 * r);
        int fcsr = getInt(f, FCSR);
        h.fflags = fcsr & 0x1f;
        h.frm = (fcsr >>> 5) & 7;
        h.reservationAddr = -1;
        // uc_stack: restored like sigaltstack(2) would, unless the handler runs on it now.
        long ssSp = getLong(f, UC_STACK);
        int ssFlags = getInt(f, UC_STACK + 8) & ~SS_ONSTACK;
        long ssSize = getLong(f, UC_STACK + 16);
        if (!onAltStack(t, sp)) {
            t.altStackSp = ssSp;
            t.altStackFlags = ssFlags & SS_DISABLE;
            t.altStackSize = (ssFlags & SS_DISABLE) != 0 ? 0 : ssSize;
        }
        return getLong(f, UC_SIGMASK);
    }

    /** True if sp lies on the task's alternate signal stack. */
    public static boolean onAltStack(Task t, long sp) {
        return t.altStackSize != 0 && sp > t.altStackSp && sp - t.altStackSp <= t.altStackSize;
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xff);
        return v;
    }

    static int getInt(byte[] b, int at) {
        return (int) (getLong(b, at) & 0xffffffffL) ;
    }
}
