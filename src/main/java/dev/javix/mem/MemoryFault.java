package dev.javix.mem;

/**
 * A guest memory access that the kernel could not satisfy: the CPU stops the instruction and
 * the kernel turns this into SIGSEGV (or SIGBUS) for the guest. One preallocated instance per
 * {@link Mmu}, without a stack trace, so raising it costs no allocation; it never escapes the
 * virtual CPU's run loop.
 */
public final class MemoryFault extends RuntimeException {
    /** si_code values of SIGSEGV / SIGBUS (siginfo.h). */
    public static final int SEGV_MAPERR = 1, SEGV_ACCERR = 2, BUS_ADRALN = 1;

    /** The faulting guest address. */
    public long address;
    /** The access kind: {@link Vma#READ}, {@link Vma#WRITE} or {@link Vma#EXEC}. */
    public int access;
    /** The signal to deliver (SIGSEGV 11 or SIGBUS 7). */
    public int signal;
    /** The si_code. */
    public int code;

    MemoryFault() {
        super(null, null, false, false);
    }

    MemoryFault set(long address, int access, int signal, int code) {
        this.address = address;
        this.access = access;
        this.signal = signal;
        this.code = code;
        return this;
    }

    @Override
    public String getMessage() {
        return "fault at 0x" + Long.toHexString(address) + " access " + access + " signal " + signal;
    }
}
