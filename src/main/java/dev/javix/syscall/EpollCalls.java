package dev.javix.syscall;

/** epoll_create1, epoll_ctl, epoll_pwait, epoll_pwait2, eventfd2, timerfd_*, signalfd4 (the companions of epoll; see kernel.poll). */
final class EpollCalls {
    private EpollCalls() {}

    static void register(SyscallTable.Builder b) {}
}
