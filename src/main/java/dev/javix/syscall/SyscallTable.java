package dev.javix.syscall;

import dev.javix.abi.Errno;
import dev.javix.kernel.proc.Task;
import dev.javix.trace.Tracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The system call table (design decision 6): every row is a {@link Syscall}; dispatch, the
 * --trace output and docs/syscalls.md come from it. Each family of calls registers its rows
 * from its own file ({@code FileCalls}, {@code MemoryCalls}, …) through {@link Builder}.
 *
 * <p>Immutable once built; shared by every virtual CPU.
 */
public final class SyscallTable {
    /** riscv64 uses the asm-generic numbering; the highest number in use is below 512. */
    private static final int MAX = 512;
    private static final int EXIT = 93, EXIT_GROUP = 94;

    private final Syscall[] byNumber;
    private final List<Syscall> rows;
    private final Tracer tracer;

    private SyscallTable(Syscall[] byNumber, Tracer tracer) {
        this.byNumber = byNumber;
        List<Syscall> r = new ArrayList<>();
        for (Syscall s : byNumber) if (s != null) r.add(s);
        this.rows = Collections.unmodifiableList(r);
        this.tracer = tracer;
    }

    /** Collects rows; a number registered twice is a bug and fails the build of the table. */
    public static final class Builder {
        private final Syscall[] byNumber = new Syscall[MAX];

        public Builder add(int number, String name, Handler handler, ArgKind... args) {
            return add(number, name, ArgKind.INT, handler, Support.FULL, "", args);
        }

        public Builder add(int number, String name, ArgKind ret, Handler handler, Support support, String note,
                ArgKind... args) {
            if (byNumber[number] != null) throw new IllegalStateException("syscall " + number + " registered twice");
            byNumber[number] = new Syscall(number, name, List.of(args), ret, handler, support, note);
            return this;
        }

        public SyscallTable build(Tracer tracer) {
            return new SyscallTable(byNumber.clone(), tracer);
        }
    }

    /** All rows in number order. */
    public List<Syscall> rows() {
        return rows;
    }

    public Syscall lookup(int number) {
        return number >= 0 && number < MAX ? byNumber[number] : null;
    }

    /**
     * Serves the system call task t is stopped at (number in a7, arguments in a0–a5). Writes
     * a0 and steps over the ecall unless the call blocked or set the registers itself.
     * Returns the handler's result.
     */
    public long dispatch(SyscallContext c, Task t) {
        c.bind(t);
        int nr = (int) t.hart.x[17];
        Syscall s = lookup(nr);
        String traced = tracer != null && tracer.enabled() ? tracer.before(c, s, nr) : null;
        if (traced != null && s != null && (nr == EXIT || nr == EXIT_GROUP)) {
            // These never return: print "= ?" first, as strace does, before the process (and
            // perhaps the whole run) is gone.
            tracer.after(c, s, traced, Syscall.NO_RETURN);
            traced = null;
        }
        long r;
        if (s == null) {
            r = -Errno.ENOSYS;
        } else {
            try {
                r = s.handler().call(c);
            } catch (SyscallContext.GuestFault e) {
                r = -Errno.EFAULT;
            } catch (RuntimeException e) {
                // A kernel bug must not take the JVM down: report it in one line and fail the call.
                c.kernel().reportBug("system call " + s.name(), e);
                r = -Errno.EIO;
            }
        }
        if (traced != null && r != Syscall.BLOCK) tracer.after(c, s, traced, r);
        if (r != Syscall.BLOCK && r != Syscall.NO_RETURN) {
            t.hart.x[10] = r;
            t.hart.pc += 4;
            t.syscallState = null;
        }
        return r;
    }

    /** Numbers of the rows, for tests. */
    public int[] numbers() {
        return rows.stream().mapToInt(Syscall::number).toArray();
    }

    @Override
    public String toString() {
        return "SyscallTable" + Arrays.toString(numbers());
    }
}
