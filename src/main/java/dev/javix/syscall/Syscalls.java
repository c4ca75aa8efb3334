package dev.javix.syscall;

import dev.javix.trace.Tracer;

/** Assembles the system call table from every family of calls. */
public final class Syscalls {
    private Syscalls() {}

    public static SyscallTable table(Tracer tracer) {
        SyscallTable.Builder b = new SyscallTable.Builder();
        FileCalls.register(b);
        MemoryCalls.register(b);
        TimeCalls.register(b);
        ProcessCalls.register(b);
        ForkCalls.register(b);
        WaitCalls.register(b);
        FutexCalls.register(b);
        GroupCalls.register(b);
        PollCalls.register(b);
        EpollCalls.register(b);
        AioCalls.register(b);
        PipeCalls.register(b);
        TimerCalls.register(b);
        SysvIpcCalls.register(b);
        MqueueCalls.register(b);
        SocketCalls.register(b);
        SignalCalls.register(b);
        InfoCalls.register(b);
        PowerCalls.register(b);
        return b.build(tracer);
    }
}
