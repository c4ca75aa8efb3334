package dev.javix.syscall;

/**
 * How a system call argument is shown by --trace. Part of each {@link Syscall}'s declaration,
 * so the trace output is decoded from the same table that dispatches.
 */
public enum ArgKind {
    /** Signed decimal. */
    INT,
    /** Unsigned decimal (sizes, counts). */
    UINT,
    /** Hexadecimal. */
    HEX,
    /** A guest pointer, "NULL" or 0x…. */
    PTR,
    /** A file descriptor. */
    FD,
    /** A directory fd of the *at calls: AT_FDCWD shown by name. */
    DIRFD,
    /** A NUL-terminated guest string, shown quoted. */
    STR,
    /** A buffer the guest passes in; its length is the next argument. */
    BUF_IN,
    /** A buffer the kernel fills; shown after the call, as many bytes as it returned. */
    BUF_OUT,
    /** open(2) flags, e.g. O_RDONLY|O_CLOEXEC. */
    OPEN_FLAGS,
    /** The O_* flags of a call that makes descriptors (pipe2, dup3): no access mode, 0 for none. */
    FD_FLAGS,
    /** A socket's address family (AF_INET, …). */
    SOCK_DOMAIN,
    /** A socket's type with its flags (SOCK_STREAM|SOCK_CLOEXEC, …). */
    SOCK_TYPE,
    /** A mode, octal. */
    MODE,
    /** mmap/mprotect protection bits. */
    PROT,
    /** mmap flags. */
    MAP_FLAGS,
    /** A clock id (CLOCK_MONOTONIC, …). */
    CLOCK,
    /** A signal number (SIGINT, …). */
    SIGNAL,
    /** *at flags (AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, …). */
    AT_FLAGS,
    /** lseek whence. */
    WHENCE,
    /** An ioctl request. */
    IOCTL,
    /** A futex operation (FUTEX_WAIT_PRIVATE, …). */
    FUTEX_OP,
    /** clone flags and the exit signal in the low byte (CLONE_VM|…|SIGCHLD). */
    CLONE_FLAGS,
    /** sigprocmask's how (SIG_BLOCK, …). */
    SIGMASK_HOW,
    /** wait4/waitid options (WNOHANG|…). */
    WAIT_OPTIONS,
    /** An fcntl command (F_SETFL, …). */
    FCNTL_CMD,
    /** An epoll_ctl operation (EPOLL_CTL_ADD, …). */
    EPOLL_OP,
    /** An interval timer (ITIMER_REAL, …). */
    ITIMER,
    /** shutdown's how (SHUT_WR, …). */
    SHUT_HOW,
    /** accept4's flags (SOCK_NONBLOCK|SOCK_CLOEXEC), 0 for none. */
    SOCK_FLAGS,
    /** eventfd2's flags (EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC). */
    EVENTFD_FLAGS,
    /** epoll_create1's flags (EPOLL_CLOEXEC). */
    EPOLL_FLAGS,
    /** clock_nanosleep's flags (TIMER_ABSTIME). */
    TIMER_FLAGS,
    /** An access(2) mode (F_OK, R_OK|W_OK, …). */
    ACCESS_MODE,
    /** A socket option level (SOL_SOCKET, IPPROTO_TCP, …). */
    SOCKOPT_LEVEL,
    /** A prctl option (PR_SET_NAME, …). */
    PRCTL_OPTION,
    /** madvise advice (MADV_DONTNEED, …). */
    MADVISE_ADVICE
}
