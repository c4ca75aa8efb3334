package dev.javix.syscall;

import static dev.javix.syscall.ArgKind.INT;
import static dev.javix.syscall.ArgKind.PTR;

import dev.javix.abi.Errno;
import dev.javix.kernel.fs.OpenFile;
import dev.javix.kernel.fs.Pipe;

/** pipe2(2); the pipe itself is {@link Pipe}, its sizes are fcntl's ({@link FcntlCalls}). */
final class PipeCalls {
    private PipeCalls() {}

    static void register(SyscallTable.Builder b) {
        b.add(59, "pipe2", INT, PipeCalls::pipe2, Support.PARTIAL,
                "packet mode is the pipe's, chosen by pipe2(O_DIRECT): F_SETFL of O_DIRECT does not switch it", PTR,
                ArgKind.FD_FLAGS);
    }

    /** Implements pipe2(2): flags O_CLOEXEC, O_NONBLOCK, O_DIRECT (packet mode). */
    static long pipe2(SyscallContext c) {
        int flags = c.argInt(1);
        if ((flags & ~(OpenFile.O_CLOEXEC | OpenFile.O_NONBLOCK | OpenFile.O_DIRECT)) != 0) return -Errno.EINVAL;
        var files = c.process().files;
        long limit = FileCalls.nofile(c.process()); // RLIMIT_NOFILE (unlimited is capped at nr_open)
        Pipe p = new Pipe(c.kernel(), c.kernel().nextPipeId(), flags);
        boolean cloexec = (flags & OpenFile.O_CLOEXEC) != 0;
        int r = files.install(p.readEnd(), 0, cloexec, limit);
        if (r < 0) {
            p.readEnd().close();
            p.writeEnd().close();
            return r;
        }
        int w = files.install(p.writeEnd(), 0, cloexec, limit);
        if (w < 0) {
            files.close(r);
            p.writeEnd().close();
            return w;
        }
        byte[] fds = new byte[8];
        SyscallContext.putInt(fds, 0, r);
        SyscallContext.putInt(fds, 4, w);
        try {
            c.write(c.arg(0), fds);
        } catch (SyscallContext.GuestFault e) {
            files.close(r);
            files.close(w);
            throw e;
        }
        return 0;
    }
}
