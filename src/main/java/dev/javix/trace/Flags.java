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
