package dev.javix.elf;

import dev.javix.mem.AddressSpace;
import dev.javix.mem.Vma;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds the stack a new program starts with (System V ABI, RISC-V psABI "Process
 * Initialization"; Linux fs/binfmt_elf.c create_elf_tables):
 * <pre>
 *   sp → argc
 *        argv[0] … argv[argc-1], NULL
 *        envp[0] … NULL
 *        auxv: (type, value) pairs … AT_NULL
 *        … padding …
 *        AT_RANDOM's 16 bytes, the argument and environment strings, the execfn string
 *   STACK_TOP
 * </pre>
 * sp is 16-byte aligned.
 */
public final class InitialStack {
    // auxv types (elf.h)
    public static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
            AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_HWCAP = 16,
            AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;

    /** AT_HWCAP for RV64IMAFDC: one bit per single-letter extension, bit (letter - 'A'). */
    public static final long HWCAP_RV64GC = bit('I') | bit('M') | bit('A') | bit('F') | bit('D') | bit('C');
    /** The initial stack mapping; it grows down on demand up to RLIMIT_STACK. */
    public static final long INITIAL_STACK_SIZE = 128 * 1024;

    /** The identity the auxiliary vector reports. */
    public record Ids(int uid, int euid, int gid, int egid) {}

    private InitialStack() {}

    private static long bit(char c) {
        return 1L << (c - 'A');
    }

    /**
     * Maps the stack and writes argv, envp and auxv onto it; returns the initial sp. Fails if
     * the strings do not fit (E2BIG in execve's terms).
     */
    public static long build(AddressSpace as, ElfLoader.Loaded loaded, List<String> argv, List<String> envp,
            String execfn, byte[] random16, Ids ids) throws ElfException {
        long top = AddressSpace.STACK_TOP;
        as.map(top - INITIAL_STACK_SIZE, INITIAL_STACK_SIZE, Vma.READ | Vma.WRITE, Vma.GROWSDOWN, null, 0, "[stack]");

        // Strings area, laid out downwards from the top.
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        long[] argvAddr = new long[argv.size()];
        long[] envAddr = new long[envp.size()];
        byte[] execfnBytes = cstr(execfn);
        long cursor = top - 16 - execfnBytes.length; // leave a little headroom like Linux's unused top word
        long execfnAddr = cursor;
        // We build the block [stringsStart, execfnAddr) in order: random, argv strings, env strings.
        strings.writeBytes(random16);
        for (String a : argv) strings.writeBytes(cstr(a));
        for (String e : envp) strings.writeBytes(cstr(e));
        byte[] block = strings.toByteArray();
        long stringsStart = execfnAddr - block.length;
        long randomAddr = stringsStart;
        long at = stringsStart + 16;
        for (int i = 0; i < argv.size(); i++) {
            argvAddr[i] = at;
            at += cstr(argv.get(i)).length;
        }
        for (int i = 0; i < envp.size(); i++) {
            envAddr[i] = at;
            at += cstr(envp.get(i)).length;
        }

        long[][] aux = {
            {AT_PHDR, loaded.phdrAddr()}, {AT_PHENT, 56}, {AT_PHNUM, loaded.phnum()}, {AT_PAGESZ, 4096},
            {AT_BASE, 0}, {AT_FLAGS, 0}, {AT_ENTRY, loaded.entry()}, {AT_UID, ids.uid()}, {AT_EUID, ids.euid()},
            {AT_GID, ids.gid()}, {AT_EGID, ids.egid()}, {AT_HWCAP, HWCAP_RV64GC}, {AT_CLKTCK, 100},
            {AT_SECURE, 0}, {AT_RANDOM, randomAddr}, {AT_HWCAP2, 0}, {AT_EXECFN, execfnAddr}, {AT_NULL, 0},
        };
        int words = 1 + argv.size() + 1 + envp.size() + 1 + aux.length * 2;
        long sp = (stringsStart - (long) words * 8) & ~15L;
        if (top - sp > 32L * 4096 * 8 /* ARG_MAX-like bound: 1 MiB */) throw new ElfException("argument list too long");

        byte[] table = new byte[words * 8];
        int w = 0;
        w = put(table, w, argv.size());
        for (long a : argvAddr) w = put(table, w, a);
        w = put(table, w, 0);
        for (long e : envAddr) w = put(table, w, e);
        w = put(table, w, 0);
        for (long[] kv : aux) {
            w = put(table, w, kv[0]);
            w = put(table, w, kv[1]);
        }
        if (!as.write(sp, table, 0, table.length) || !as.write(stringsStart, block, 0, block.length)
                || !as.write(execfnAddr, execfnBytes, 0, execfnBytes.length)) {
            throw new ElfException("argument list too long for the stack");
        }
        return sp;
    }

    private static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    private static int put(byte[] b, int word, long v) {
        for (int i = 0; i < 8; i++) b[word * 8 + i] = (byte) (v >>> (8 * i));
        return word + 1;
    }
}
