package dev.javix.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed ELF64 executable header and program header table (elf(5); the ELF-64 Object File
 * Format and the RISC-V ELF psABI). Parsing validates everything the loader relies on and
 * rejects what javix cannot run with a message that names the problem, e.g. "x86-64
 * executable; javix runs RISC-V 64 (riscv64) executables".
 */
public final class ElfFile {
    public static final int ET_EXEC = 2, ET_DYN = 3;
    public static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_PHDR = 6, PT_TLS = 7,
            PT_GNU_STACK = 0x6474e551;
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;
    static final int EM_RISCV = 243;
    private static final int EHDR_SIZE = 64, PHDR_SIZE = 56;

    /** One program header (Elf64_Phdr). */
    public record Segment(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {}

    public final int type;
    public final long entry;
    public final long phoff;
    public final int phentsize;
    public final List<Segment> segments;
    /** The PT_INTERP path, or null for a static executable. */
    public final String interpreter;

    private ElfFile(int type, long entry, long phoff, int phentsize, List<Segment> segments, String interp) {
        this.type = type;
        this.entry = entry;
        this.phoff = phoff;
        this.phentsize = phentsize;
        this.segments = segments;
        this.interpreter = interp;
    }

    /** True if this is a position-independent executable (loaded at a base address). */
    public boolean isPie() {
        return type == ET_DYN;
    }

    /**
     * Parses and validates an executable. Throws with a one-line reason for anything that is not
     * a static RISC-V 64 Linux executable.
     */
    public static ElfFile parse(byte[] file) throws ElfException {
        if (file.length < 4 || file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') {
            if (file.length >= 2 && file[0] == '#' && file[1] == '!') {
                throw new ElfException("script (#!), not an ELF executable; javix runs RISC-V 64 ELF executables");
            }
            throw new ElfException("not an ELF executable (no ELF magic number)");
        }
        if (file.length < 20) throw new ElfException("truncated ELF file (" + file.length + " bytes)");
        int elfClass = file[4], data = file[5];
        int machine = (data == 2) ? ((file[18] & 0xff) << 8 | (file[19] & 0xff)) : ((file[18] & 0xff) | (file[19] & 0xff) << 8);
        String arch = machineName(machine);
        if (data == 2) throw new ElfException("big-endian " + arch + " executable; javix runs little-endian RISC-V 64 (riscv64) executables");
        if (data != 1) throw new ElfException("ELF file with an invalid byte order (EI_DATA=" + data + ")");
        if (elfClass == 1) {
            throw new ElfException("32-bit " + arch + " executable; javix runs 64-bit RISC-V (riscv64) executables");
        }
        if (elfClass != 2) throw new ElfException("ELF file with an invalid class (EI_CLASS=" + elfClass + ")");
        if (machine != EM_RISCV) throw new ElfException(arch + " executable; javix runs RISC-V 64 (riscv64) executables");
        if (file.length < EHDR_SIZE) throw new ElfException("truncated ELF header");
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(16) & 0xffff;
        if (type == 1) throw new ElfException("relocatable object file (.o), not an executable; link it first");
        if (type == 4) throw new ElfException("core dump, not an executable");
        if (type != ET_EXEC && type != ET_DYN) throw new ElfException("ELF file of unknown type " + type);
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xffff;
        int phnum = b.getShort(56) & 0xffff;
        if (phnum == 0) throw new ElfException("ELF file without program headers; not an executable");
        if (phentsize != PHDR_SIZE) throw new ElfException("bad program header size " + phentsize);
        if (phoff < 0 || phoff + (long) phnum * PHDR_SIZE > file.length) throw new ElfException("truncated program header table");
        List<Segment> segs = new ArrayList<>();
        String interp = null;
        for (int i = 0; i < phnum; i++) {
            int at = (int) phoff + i * PHDR_SIZE;
            Segment s = new Segment(b.getInt(at), b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 16),
                    b.getLong(at + 32), b.getLong(at + 40), b.getLong(at + 48));
            if (s.type == PT_LOAD) {
                if (s.filesz < 0 || s.memsz < s.filesz || s.offset < 0 || s.offset + s.filesz > file.length) {
                    throw new ElfException("PT_LOAD segment " + i + " lies outside the file or is malformed");
                }
                if ((s.offset & 0xfff) != (s.vaddr & 0xfff)) {
                    throw new ElfException("PT_LOAD segment " + i + " is not page-congruent (offset and address differ mod 4096)");
                }
            }
            if (s.type == PT_INTERP && s.offset >= 0 && s.offset + s.filesz <= file.length && s.filesz > 0) {
                interp = new String(file, (int) s.offset, (int) s.filesz - 1, java.nio.charset.StandardCharsets.UTF_8);
            }
            segs.add(s);
        }
        if (interp != null) {
            throw new ElfException("dynamically linked executable (interpreter " + interp
                    + "); javix runs statically linked executables: build with -static");
        }
        if (segs.stream().noneMatch(s -> s.type == PT_LOAD)) throw new ElfException("ELF file without loadable segments");
        return new ElfFile(type, entry, phoff, phentsize, List.copyOf(segs), null);
    }

    static String machineName(int machine) {
        return switch (machine) {
            case 3 -> "x86 (i386)";
            case 62 -> "x86-64";
            case 40 -> "ARM";
            case 183 -> "AArch64";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC 64";
            case 22 -> "S/390";
            case 2 -> "SPARC";
            case 43 -> "SPARC V9";
            case 258 -> "LoongArch";
            case EM_RISCV -> "RISC-V";
            default -> "machine " + machine;
        };
    }
}
