package dev.javix.trace;

/** Symbolic names of flag arguments, as strace prints them. */
final class Flags {
    private Flags() {}

    private static String bits(int v, int[] values, String[] names, String zero) {
        StringBuilder b = new StringBuilder();
        int rest = v;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0 && (rest & values[i]) == values[i]) {
                if (!b.isEmpty()) b.append('|');
                b.append(names[i]);
                rest &= ~values[i];
            }
        }
        if (rest != 0) {
            if (!b.isEmpty()) b.append('|');
            b.append("0x").append(Integer.toHexString(rest));
        }
        return b.isEmpty() ? zero : b.toString();
    }

    static String open(int v) {
        String mode = switch (v & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            case 2 -> "O_RDWR";
            default -> "O_ACCMODE";
        };
        String rest = bits(v & ~3,
                new int[] {0100, 0200, 0400, 01000, 02000, 04000, 010000, 020000, 040000, 0100000, 0200000, 0400000,
                    01000000, 02000000, 04000000, 010000000},
                new String[] {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_DSYNC",
                    "O_ASYNC", "O_DIRECT", "O_LARGEFILE", "O_DIRECTORY", "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC",
                    "__O_SYNC", "O_PATH"}, "");
        return rest.isEmpty() ? mode : mode + "|" + rest;
    }

    /** names[v] if v indexes a non-null name, else v in decimal (an enumeration as strace shows it). */
    static String named(int v, String... names) {
        return v >= 0 && v < names.length && names[v] != null ? names[v] : Integer.toString(v);
    }

    private static final String[] FUTEX_OPS = {"FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE",
        "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI",
        "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2"};

    /** futex(2) op: the command, _PRIVATE for FUTEX_PRIVATE_FLAG (128), |FUTEX_CLOCK_REALTIME (256). */
    static String futexOp(int v) {
        int cmd = v & ~(128 | 256);
        if (cmd < 0 || cmd >= FUTEX_OPS.length) return "0x" + Integer.toHexString(v); // no such command
        String s = FUTEX_OPS[cmd];
        if ((v & 128) != 0) s += "_PRIVATE";
        return (v & 256) != 0 ? s + "|FUTEX_CLOCK_REALTIME" : s;
    }

    /** clone(2) flags (linux/sched.h) and, in the low byte, the signal sent to the parent at exit. */
    static String cloneFlags(long v) {
        String[] names = {"CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_PIDFD", "CLONE_PTRACE",
            "CLONE_VFORK", "CLONE_PARENT", "CLONE_THREAD", "CLONE_NEWNS", "CLONE_SYSVSEM", "CLONE_SETTLS",
            "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID", "CLONE_DETACHED", "CLONE_UNTRACED",
            "CLONE_CHILD_SETTID", "CLONE_NEWCGROUP", "CLONE_NEWUTS", "CLONE_NEWIPC", "CLONE_NEWUSER",
            "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_IO"};
        int[] values = new int[names.length];
        for (int i = 0; i < names.length; i++) values[i] = 0x100 << i;
        String flags = bits((int) v & ~0xff, values, names, "");
        int signal = (int) v & 0xff;
        String sig = signal == 0 ? "" : dev.javix.abi.Signal.name(signal);
        if ((v >>> 32) != 0) flags = (flags.isEmpty() ? "" : flags + "|") + "0x" + Long.toHexString(v & ~0xffffffffL);
        if (flags.isEmpty()) return sig.isEmpty() ? "0" : sig;
        return sig.isEmpty() ? flags : flags + "|" + sig;
    }

    /** wait4/waitid options (bits/waitflags.h). */
    static String waitOptions(int v) {
        return bits(v, new int[] {1, 2, 4, 8, 0x1000000, 0x20000000, 0x40000000, 0x80000000},
                new String[] {"WNOHANG", "WUNTRACED", "WEXITED", "WCONTINUED", "WNOWAIT", "__WNOTHREAD", "__WALL",
                    "__WCLONE"}, "0");
    }

    /** fcntl(2) commands (asm-generic/fcntl.h, linux/fcntl.h). */
    static String fcntlCmd(int v) {
        String low = named(v, "F_DUPFD", "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_GETLK", "F_SETLK",
                "F_SETLKW", "F_SETOWN", "F_GETOWN", "F_SETSIG", "F_GETSIG", null, null, null, "F_SETOWN_EX",
                "F_GETOWN_EX");
        return switch (v) {
            case 36 -> "F_OFD_GETLK";
            case 37 -> "F_OFD_SETLK";
            case 38 -> "F_OFD_SETLKW";
            case 1024 -> "F_SETLEASE";
            case 1025 -> "F_GETLEASE";
            case 1026 -> "F_NOTIFY";
            case 1030 -> "F_DUPFD_CLOEXEC";
            case 1031 -> "F_SETPIPE_SZ";
            case 1032 -> "F_GETPIPE_SZ";
            case 1033 -> "F_ADD_SEALS";
            case 1034 -> "F_GET_SEALS";
            default -> low;
        };
    }

    /** accept4 flags: SOCK_NONBLOCK and SOCK_CLOEXEC, "0" for none. */
    static String socketFlags(int v) {
        return bits(v, new int[] {04000, 02000000}, new String[] {"SOCK_NONBLOCK", "SOCK_CLOEXEC"}, "0");
    }

    /** eventfd2 flags, sys/eventfd.h. */
    static String eventfdFlags(int v) {
        return bits(v, new int[] {1, 04000, 02000000}, new String[] {"EFD_SEMAPHORE", "EFD_NONBLOCK", "EFD_CLOEXEC"}, "0");
    }

    /** epoll_create1 flags, sys/epoll.h. */
    static String epollFlags(int v) {
        return bits(v, new int[] {02000000}, new String[] {"EPOLL_CLOEXEC"}, "0");
    }

    /** clock_nanosleep and timerfd_settime flags: TIMER_ABSTIME. */
    static String timerFlags(int v) {
        return bits(v, new int[] {1}, new String[] {"TIMER_ABSTIME"}, "0");
    }

    /** access(2) modes: F_OK alone, or R_OK, W_OK, X_OK. */
    static String accessMode(int v) {
        return bits(v, new int[] {4, 2, 1}, new String[] {"R_OK", "W_OK", "X_OK"}, "F_OK");
    }

    /** Socket option levels: SOL_SOCKET and the protocols' numbers (netinet/in.h). */
    static String sockoptLevel(int v) {
        return switch (v) {
            case 1 -> "SOL_SOCKET";
            case 0 -> "SOL_IP";
            case 6 -> "SOL_TCP";
            case 17 -> "SOL_UDP";
            case 41 -> "SOL_IPV6";
            default -> Integer.toString(v);
        };
    }

    /** prctl(2) options, linux/prctl.h (those with a number below 60, by name). */
    static String prctlOption(int v) {
        return named(v, null, "PR_SET_PDEATHSIG", "PR_GET_PDEATHSIG", "PR_GET_DUMPABLE", "PR_SET_DUMPABLE",
                "PR_GET_UNALIGN", "PR_SET_UNALIGN", "PR_GET_KEEPCAPS", "PR_SET_KEEPCAPS", "PR_GET_FPEMU",
                "PR_SET_FPEMU", "PR_GET_FPEXC", "PR_SET_FPEXC", "PR_GET_TIMING", "PR_SET_TIMING", "PR_SET_NAME",
                "PR_GET_NAME", null, null, "PR_GET_ENDIAN", "PR_SET_ENDIAN", "PR_GET_SECCOMP", "PR_SET_SECCOMP",
                "PR_CAPBSET_READ", "PR_CAPBSET_DROP", "PR_GET_TSC", "PR_SET_TSC", "PR_GET_SECUREBITS",
                "PR_SET_SECUREBITS", "PR_SET_TIMERSLACK", "PR_GET_TIMERSLACK", "PR_TASK_PERF_EVENTS_DISABLE",
                "PR_TASK_PERF_EVENTS_ENABLE", "PR_MCE_KILL", "PR_MCE_KILL_GET", "PR_SET_MM", "PR_SET_CHILD_SUBREAPER",
                "PR_GET_CHILD_SUBREAPER", "PR_SET_NO_NEW_PRIVS", "PR_GET_NO_NEW_PRIVS", "PR_GET_TID_ADDRESS",
                "PR_SET_THP_DISABLE", "PR_GET_THP_DISABLE");
    }

    /** madvise(2) advice, asm-generic/mman-common.h. */
    static String madvise(int v) {
        String low = named(v, "MADV_NORMAL", "MADV_RANDOM", "MADV_SEQUENTIAL", "MADV_WILLNEED", "MADV_DONTNEED",
                null, null, null, "MADV_FREE", "MADV_REMOVE", "MADV_DONTFORK", "MADV_DOFORK", "MADV_MERGEABLE",
                "MADV_UNMERGEABLE", "MADV_HUGEPAGE", "MADV_NOHUGEPAGE", "MADV_DONTDUMP", "MADV_DODUMP",
                "MADV_WIPEONFORK", "MADV_KEEPONFORK", "MADV_COLD", "MADV_PAGEOUT", "MADV_POPULATE_READ",
                "MADV_POPULATE_WRITE", "MADV_DONTNEED_LOCKED", "MADV_COLLAPSE");
        return switch (v) {
            case 100 -> "MADV_HWPOISON";
            case 101 -> "MADV_SOFT_OFFLINE";
            default -> low;
        };
    }

    /** pipe2/dup3 flags: O_* bits without an access mode, "0" for none (as strace shows them). */
    static String fdFlags(int v) {
        return bits(v, new int[] {04000, 040000, 02000000}, new String[] {"O_NONBLOCK", "O_DIRECT", "O_CLOEXEC"}, "0");
    }

    /** Address families, bits/socket.h. */
    static String domain(int v) {
        return switch (v) {
            case 1 -> "AF_UNIX";
            case 2 -> "AF_INET";
            case 10 -> "AF_INET6";
            case 16 -> "AF_NETLINK";
            case 17 -> "AF_PACKET";
            default -> Integer.toString(v);
        };
    }

    /** Socket types with SOCK_NONBLOCK (O_NONBLOCK) and SOCK_CLOEXEC (O_CLOEXEC), bits/socket_type.h. */
    static String socketType(int v) {
        String type = switch (v & 0xf) {
            case 1 -> "SOCK_STREAM";
            case 2 -> "SOCK_DGRAM";
            case 3 -> "SOCK_RAW";
            case 5 -> "SOCK_SEQPACKET";
            default -> Integer.toString(v & 0xf);
        };
        String rest = bits(v & ~0xf, new int[] {04000, 02000000}, new String[] {"SOCK_NONBLOCK", "SOCK_CLOEXEC"}, "");
        return rest.isEmpty() ? type : type + "|" + rest;
    }

    static String prot(int v) {
        return bits(v, new int[] {1, 2, 4}, new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC"}, "PROT_NONE");
    }

    static String map(int v) {
        String type = switch (v & 0xf) {
            case 1 -> "MAP_SHARED";
            case 2 -> "MAP_PRIVATE";
            case 3 -> "MAP_SHARED_VALIDATE";
            default -> "0x" + Integer.toHexString(v & 0xf);
        };
        String rest = bits(v & ~0xf, new int[] {0x10, 0x20, 0x100, 0x2000, 0x4000, 0x8000, 0x10000, 0x20000, 0x40000,
            0x100000},
                new String[] {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_GROWSDOWN", "MAP_LOCKED", "MAP_NORESERVE",
                    "MAP_POPULATE", "MAP_NONBLOCK", "MAP_STACK", "MAP_HUGETLB", "MAP_FIXED_NOREPLACE"}, "");
        return rest.isEmpty() ? type : type + "|" + rest;
    }

    static String clock(int v) {
        return switch (v) {
            case 0 -> "CLOCK_REALTIME";
            case 1 -> "CLOCK_MONOTONIC";
            case 2 -> "CLOCK_PROCESS_CPUTIME_ID";
            case 3 -> "CLOCK_THREAD_CPUTIME_ID";
            case 4 -> "CLOCK_MONOTONIC_RAW";
            case 5 -> "CLOCK_REALTIME_COARSE";
            case 6 -> "CLOCK_MONOTONIC_COARSE";
            case 7 -> "CLOCK_BOOTTIME";
            default -> Integer.toString(v);
        };
    }

    static String at(int v) {
        return bits(v, new int[] {0x100, 0x200, 0x400, 0x800, 0x1000},
                new String[] {"AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW", "AT_NO_AUTOMOUNT",
                    "AT_EMPTY_PATH"}, "0");
    }

    static String whence(int v) {
        return switch (v) {
            case 0 -> "SEEK_SET";
            case 1 -> "SEEK_CUR";
            case 2 -> "SEEK_END";
            case 3 -> "SEEK_DATA";
            case 4 -> "SEEK_HOLE";
            default -> Integer.toString(v);
        };
    }

    static String ioctl(long v) {
        return switch ((int) v) {
            case 0x5401 -> "TCGETS";
            case 0x5402 -> "TCSETS";
            case 0x5403 -> "TCSETSW";
            case 0x5404 -> "TCSETSF";
            case 0x540f -> "TIOCGPGRP";
            case 0x5410 -> "TIOCSPGRP";
            case 0x5413 -> "TIOCGWINSZ";
            case 0x5414 -> "TIOCSWINSZ";
            case 0x541b -> "FIONREAD";
            case 0x5421 -> "FIONBIO";
            default -> "0x" + Long.toHexString(v);
        };
    }
}
