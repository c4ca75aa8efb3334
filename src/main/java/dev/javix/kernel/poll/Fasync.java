package dev.javix.kernel.poll;

import dev.javix.abi.Signal;
import dev.javix.kernel.Kernel;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.proc.Process;
import dev.javix.kernel.proc.Task;
import dev.javix.kernel.sched.WaitQueue;
import dev.javix.kernel.signal.SigInfo;

/**
 * Signal-driven I/O (fcntl(2) O_ASYNC, F_SETOWN, F_SETOWN_EX, F_SETSIG; Linux's fasync and
 * kill_fasync): while a file has O_ASYNC, a watcher on its wait queue signals the file's
 * owner whenever the queue is woken and the file is
 * <ul>
 *   <li>readable (POLL_IN; every wake-up with data), or has hung up (POLL_IN for a pipe or
 *       FIFO, as pipe_release does, POLL_HUP otherwise);</li>
 *   <li>newly writable (POLL_OUT, when it was not writable at the previous wake-up);</li>
 *   <li>newly in error (POLL_ERR).</li>
 * </ul>
 * A waker that says what changed (the wake-up's key, as pipes give it: POLLIN after a write,
 * POLLOUT after a read) gets Linux's exact reasons instead: POLL_IN to readers after every
 * write, POLL_OUT to writers after every read, as pipe_write and pipe_read call kill_fasync.
 * The signal is SIGIO with si_code SI_KERNEL when F_SETSIG is 0; otherwise the F_SETSIG signal
 * with si_code the POLL_* reason (SI_SIGIO for signals that have their own si_codes), si_band
 * the poll bits of the reason and si_fd the fd that set O_ASYNC (send_sigio_to_task). The
 * owner is a process (F_SETOWN pid), a process group (-pgid) or a thread (F_OWNER_TID); no
 * owner, no signal.
 *
 * <p>Built on the readiness protocol only: no file kind needs a hook of its own. Runs inside
 * the waker's wake-up (possibly under the file's own lock, which pollMask() re-enters);
 * takes this watcher's lock, the file's status-flag lock and the signal locks, never an epoll
 * lock. Guarded by {@code this}: {@link #lastMask}, {@link #fd}.
 */
public final class Fasync implements WaitQueue.Watcher {
    // si_code values for SIGPOLL (asm-generic/siginfo.h)
    public static final int POLL_IN = 1, POLL_OUT = 2, POLL_MSG = 3, POLL_ERR = 4, POLL_PRI = 5, POLL_HUP = 6;
    static final int SI_SIGIO = -5;
    /** band_table of fs/fcntl.c: the poll bits si_band carries for each reason. */
    private static final int[] BAND = {
        OpenFile.POLLIN | OpenFile.POLLRDNORM,
        OpenFile.POLLOUT | OpenFile.POLLWRNORM | 0x200 /* POLLWRBAND */,
        OpenFile.POLLIN | OpenFile.POLLRDNORM | 0x400 /* POLLMSG */,
        OpenFile.POLLERR,
        OpenFile.POLLPRI | 0x80 /* POLLRDBAND */,
        OpenFile.POLLHUP | OpenFile.POLLERR,
    };

    private final Kernel kernel;
    private final OpenFile file;
    private int fd;
    private int lastMask;

    private Fasync(Kernel kernel, OpenFile file, int fd) {
        this.kernel = kernel;
        this.file = file;
        this.fd = fd;
        this.lastMask = file.pollMask();
    }

    /**
     * After an F_SETFL on fd that changed O_ASYNC: starts signal-driven I/O if it is now set
     * (remembering fd for si_fd, as fasync_helper does), stops it if it is now clear.
     */
    public static void update(Kernel kernel, OpenFile file, int fd) {
        Fasync existing = null;
        for (WaitQueue.Watcher w : file.waitQueue().watchers()) if (w instanceof Fasync a) existing = a;
        boolean on = (file.flags() & OpenFile.O_ASYNC) != 0;
        if (on && existing == null) {
            file.waitQueue().addWatcher(new Fasync(kernel, file, fd), false);
        } else if (on) {
            synchronized (existing) {
                existing.fd = fd;
            }
        } else if (existing != null) {
            file.waitQueue().removeWatcher(existing);
        }
    }

    @Override
    public boolean queueWoken(int key) {
        if ((file.flags() & OpenFile.O_ASYNC) == 0) return false;
        int[] owner = file.owner();
        if (owner[1] == 0) return false;
        int mask = file.pollMask();
        int rose, sigFd;
        synchronized (this) {
            rose = mask & ~lastMask;
            lastMask = mask;
            sigFd = fd;
        }
        if (key != WaitQueue.ANY) {
            // The waker said what changed (a pipe): kill_fasync's reason, as pipe_write and
            // pipe_read send it after every write and read.
            if ((key & OpenFile.POLLIN) != 0 && readable(mask)) signal(owner, POLL_IN, sigFd);
            if ((key & OpenFile.POLLOUT) != 0 && file.writable()) signal(owner, POLL_OUT, sigFd);
            return true;
        }
        if ((mask & OpenFile.POLLIN) != 0) signal(owner, POLL_IN, sigFd);
        if ((rose & OpenFile.POLLOUT) != 0) signal(owner, POLL_OUT, sigFd);
        if ((rose & OpenFile.POLLERR) != 0 && (mask & OpenFile.POLLHUP) == 0) signal(owner, POLL_ERR, sigFd);
        if ((rose & OpenFile.POLLHUP) != 0 && (mask & OpenFile.POLLIN) == 0) {
            signal(owner, file.pipe() != null ? POLL_IN : POLL_HUP, sigFd);
        }
        return true;
    }

    /** Whether the file is open for reading and has data or an end of file to report. */
    private boolean readable(int mask) {
        return file.readable() && (mask & (OpenFile.POLLIN | OpenFile.POLLHUP)) != 0;
    }

    /** send_sigio: to a thread, a process, or every process of a group. */
    private void signal(int[] owner, int reason, int sigFd) {
        SigInfo info = info(file.ioSignal(), reason, sigFd);
        switch (owner[0]) {
            case 0 -> { // F_OWNER_TID
                Task t = kernel.task(owner[1]);
                if (t != null) kernel.signals().sendToThread(t, info);
            }
            case 1 -> { // F_OWNER_PID
                Process p = kernel.process(owner[1]);
                if (p != null) kernel.signals().send(p, info);
            }
            default -> { // F_OWNER_PGRP
                for (Process p : kernel.processes()) if (p.pgid() == owner[1]) kernel.signals().send(p, info);
            }
        }
    }

    /**
     * The siginfo send_sigio_to_task builds. SigInfo's kill-layout fields carry the poll
     * layout, which shares their offsets: si_band (a long @16) is pid @16 and uid @20, si_fd
     * (@24) is the low half of value @24.
     */
    static SigInfo info(int sig, int reason, int fd) {
        if (sig == 0) return SigInfo.kernel(Signal.SIGIO);
        long band = BAND[reason - 1];
        int code = sig != Signal.SIGIO && specificCodes(sig) ? SI_SIGIO : reason;
        return new SigInfo(sig, code, (int) band, (int) (band >>> 32), 0, 0, fd & 0xffffffffL);
    }

    /** sig_specific_sicodes: signals whose positive si_codes mean something else. */
    private static boolean specificCodes(int sig) {
        return sig == Signal.SIGILL || sig == Signal.SIGFPE || sig == Signal.SIGSEGV || sig == Signal.SIGBUS
                || sig == Signal.SIGTRAP || sig == Signal.SIGCHLD || sig == Signal.SIGIO || sig == Signal.SIGSYS;
    }
}
