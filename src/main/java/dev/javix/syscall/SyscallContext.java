package dev.javix.syscall;

import dev.javix.kernel.Kernel;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.mem.AddressSpace;
import dev.javix.mem.Mmu;
import java.nio.charset.StandardCharsets;

/**
 * What a system call handler works with: the calling task, its arguments, and checked access
 * to the caller's memory. One per virtual CPU, reused for every call (no allocation per call).
 *
 * <p>Every guest-memory accessor throws {@link #EFAULT} for an address the guest may not
 * access; the dispatcher turns it into -EFAULT (a handler that must undo work catches it).
 */
public final class SyscallContext {
    /** Thrown by the accessors on a bad guest pointer. Stateless, so one instance serves all. */
    public static final GuestFault EFAULT = new GuestFault();

    /** A bad guest pointer met while serving a system call. */
    public static final class GuestFault extends RuntimeException {
        private GuestFault() {
            super("bad guest address", null, false, false);
        }
    }

    private final Kernel kernel;
    /** The Mmu of the virtual CPU this context serves (attached to the caller's space), or null. */
    private final Mmu cpuMmu;
    private Task task;
    private final byte[] scratch = new byte[8];
    /** read/write's kernel buffer, reused by every call on this virtual CPU (see {@link #transferBuffer}). */
    private byte[] transfer = new byte[64 * 1024];

    public SyscallContext(Kernel kernel) {
        this(kernel, null);
    }

    /** A context of the virtual CPU whose Mmu is cpuMmu (see {@link #cpuMmu}). */
    public SyscallContext(Kernel kernel, Mmu cpuMmu) {
        this.kernel = kernel;
        this.cpuMmu = cpuMmu;
    }

    /**
     * The Mmu of the calling virtual CPU, or null outside one: its TLB reads the caller's memory
     * without the address space's lock (see {@code Futex.word}).
     */
    public Mmu cpuMmu() {
        return cpuMmu;
    }

    /**
     * A kernel buffer of at least n bytes for one read/write-style transfer, owned by this
     * context (one per virtual CPU), so a transfer allocates nothing. Valid until the next call
     * on this CPU: a file's read or write must copy what it keeps (see {@code OpenFile.write}).
     * Its contents are stale bytes of earlier calls, never zeroed: fill before copying out.
     */
    public byte[] transferBuffer(int n) {
        if (transfer.length < n) transfer = new byte[Math.max(n, transfer.length * 2)];
        return transfer;
    }

    /** Binds the context to the task whose call is being served. */
    public void bind(Task t) {
        this.task = t;
    }

    public Kernel kernel() {
        return kernel;
    }

    public Task task() {
        return task;
    }

    public Process process() {
        return task.process;
    }

    public AddressSpace mem() {
        return task.process.mm();
    }

    /** Argument i (0–5): register a0+i. */
    public long arg(int i) {
        return task.hart.x[10 + i];
    }

    public int argInt(int i) {
        return (int) arg(i);
    }

    // ------------------------------------------------------------------ guest memory

    public void read(long addr, byte[] dst, int off, int len) {
        if (len > 0 && !mem().read(addr, dst, off, len)) throw EFAULT;
    }

    public byte[] readBytes(long addr, int len) {
        byte[] b = new byte[len];
        read(addr, b, 0, len);
        return b;
    }

    public void write(long addr, byte[] src, int off, int len) {
        if (len > 0 && !mem().write(addr, src, off, len)) throw EFAULT;
    }

    public void write(long addr, byte[] src) {
        write(addr, src, 0, src.length);
    }

    /**
     * Copies n bytes between b[off, off+n) and a scattered guest buffer — segs holds (base,
     * length) pairs, as an iovec array does — starting at linear offset at (toGuest: b → guest,
     * else guest → b).
     * The one gather/scatter loop behind readv, writev, sendmsg and recvmsg.
     */
    public void copyVector(long[] segs, long at, byte[] b, int off, int n, boolean toGuest) {
        int done = 0;
        for (int i = 0; i < segs.length && done < n; i += 2) {
            long base = segs[i], len = segs[i + 1];
            if (at >= len) {
                at -= len;
                continue;
            }
            int k = (int) Math.min(len - at, n - done);
            if (toGuest) write(base + at, b, off + done, k);
            else read(base + at, b, off + done, k);
            done += k;
            at = 0;
        }
    }

    public long readLong(long addr) {
        read(addr, scratch, 0, 8);
        return leLong(scratch, 0);
    }

    public int readInt(long addr) {
        read(addr, scratch, 0, 4);
        return (int) leLong(scratch, 0) ;
    }

    public void writeLong(long addr, long v) {
        for (int i = 0; i < 8; i++) scratch[i] = (byte) (v >>> (8 * i));
        write(addr, scratch, 0, 8);
    }

    public void writeInt(long addr, int v) {
        for (int i = 0; i < 4; i++) scratch[i] = (byte) (v >>> (8 * i));
        write(addr, scratch, 0, 4);
    }

    /**
     * Reads a NUL-terminated string of at most {@code max} bytes (without the NUL). Returns null
     * if no NUL came within max bytes (the caller answers ENAMETOOLONG or E2BIG).
     */
    public String readCString(long addr, int max) {
        byte[] buf = new byte[Math.min(max, 256)];
        int n = 0;
        while (n < max) {
            byte b = readByte(addr + n);
            if (b == 0) return new String(buf, 0, n, StandardCharsets.UTF_8);
            if (n == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(max, buf.length * 2));
            buf[n++] = b;
        }
        return null;
    }

    /** PATH_MAX (limits.h): path arguments longer than this fail with ENAMETOOLONG. */
    public static final int PATH_MAX = 4096;

    /** Reads a path argument; null if longer than PATH_MAX. */
    public String readPath(long addr) {
        return readCString(addr, PATH_MAX);
    }

    public byte readByte(long addr) {
        read(addr, scratch, 0, 1);
        return scratch[0];
    }

    public static long leLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }

    public static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    public static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (8 * i));
    }
}
