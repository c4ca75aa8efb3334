package dev.javix.kernel.ipc;

/**
 * Linux's System V IPC limits (include/uapi/linux/msg.h, shm.h, sem.h; the defaults of
 * /proc/sys/kernel/msgmax, msgmnb, msgmni, shmmax, shmall, shmmni, sem). javix has no sysctl
 * writes, so they are constants; {@link #sysctl(String)} renders the /proc/sys/kernel files.
 */
public final class IpcLimits {
    private IpcLimits() {}

    /** Largest message text, bytes (msgmax). */
    public static final int MSGMAX = 8192;
    /** Default (and, without CAP_SYS_RESOURCE, largest) bytes in one queue (msgmnb). */
    public static final int MSGMNB = 16384;
    /** Most message queues (msgmni). */
    public static final int MSGMNI = 32000;
    /** Smallest segment, bytes. */
    public static final long SHMMIN = 1;
    /** Largest segment, bytes: ULONG_MAX - 2^24 (shmmax). */
    public static final long SHMMAX = -1L - (1L << 24);
    /** Most pages in all segments together: ULONG_MAX - 2^24 (shmall). */
    public static final long SHMALL = -1L - (1L << 24);
    /** Most segments (shmmni). */
    public static final int SHMMNI = 4096;
    /** Attach address alignment: SHMLBA is PAGE_SIZE on riscv64 (asm-generic/shmparam.h). */
    public static final long SHMLBA = 4096;
    /** Most semaphores in one set. */
    public static final int SEMMSL = 32000;
    /** Most semaphore sets. */
    public static final int SEMMNI = 32000;
    /** Most semaphores in all sets: SEMMSL * SEMMNI. */
    public static final int SEMMNS = SEMMSL * SEMMNI;
    /** Most operations in one semop(2) call. */
    public static final int SEMOPM = 500;
    /** Largest semaphore value. */
    public static final int SEMVMX = 32767;
    /** Largest adjust-on-exit value (SEMAEM = SEMVMX). */
    public static final int SEMAEM = SEMVMX;
    /** Ids are index + seq * IPCMNI (ipc/util.h: IPCMNI_SHIFT 15). */
    public static final int IPCMNI = 32768;

    /**
     * The text of /proc/sys/kernel/NAME for the IPC sysctls (msgmax, msgmnb, msgmni, shmmax,
     * shmall, shmmni, sem), or null for another name. "sem" is SEMMSL SEMMNS SEMOPM SEMMNI,
     * tab-separated, as proc(5) describes.
     */
    public static String sysctl(String name) {
        return switch (name) {
            case "msgmax" -> MSGMAX + "\n";
            case "msgmnb" -> MSGMNB + "\n";
            case "msgmni" -> MSGMNI + "\n";
            case "shmmax" -> Long.toUnsignedString(SHMMAX) + "\n";
            case "shmall" -> Long.toUnsignedString(SHMALL) + "\n";
            case "shmmni" -> SHMMNI + "\n";
            case "sem" -> SEMMSL + "\t" + SEMMNS + "\t" + SEMOPM + "\t" + SEMMNI + "\n";
            default -> null;
        };
    }
}
