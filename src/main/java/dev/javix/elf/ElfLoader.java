package dev.javix.elf;

import dev.javix.mem.AddressSpace;
import dev.javix.mem.MemoryObject;
import dev.javix.mem.Page;
import dev.javix.mem.Vma;

/**
 * Maps an executable's PT_LOAD segments into a fresh address space, as Linux's
 * load_elf_binary does for a static program: each segment with its own protection, file bytes
 * up to p_filesz and zeros (bss) up to p_memsz; the heap (brk) starts at the page after the
 * highest segment. Static-PIE executables (ET_DYN without PT_INTERP) are placed at
 * {@link #PIE_BASE}.
 */
public final class ElfLoader {
    /** Where static-PIE programs go: ELF_ET_DYN_BASE of Linux/riscv64 (2/3 of TASK_SIZE), page aligned. */
    public static final long PIE_BASE = (AddressSpace.TASK_SIZE / 3 * 2) & ~0xffffL;

    /** What the loader tells the stack builder and the CPU. */
    public record Loaded(long entry, long phdrAddr, int phnum, long base, long brkStart, boolean execStack) {}

    private ElfLoader() {}

    /**
     * Loads elf (whose bytes are file) into as. The label names the mappings in
     * /proc/[pid]/maps.
     */
    public static Loaded load(ElfFile elf, byte[] file, AddressSpace as, String label) throws ElfException {
        long base = elf.isPie() ? PIE_BASE : 0;
        long highest = 0;
        long phdrAddr = 0;
        boolean execStack = false;
        for (ElfFile.Segment s : elf.segments) {
            if (s.type() == ElfFile.PT_GNU_STACK) execStack = (s.flags() & ElfFile.PF_X) != 0;
            if (s.type() == ElfFile.PT_PHDR) phdrAddr = base + s.vaddr();
            if (s.type() != ElfFile.PT_LOAD || s.memsz() == 0) continue;
            long vaddr = base + s.vaddr();
            long start = vaddr & ~Page.MASK;
            long end = AddressSpace.pageUp(vaddr + s.memsz());
            if (vaddr < AddressSpace.MMAP_MIN || end > AddressSpace.TASK_SIZE || end < start) {
                throw new ElfException("PT_LOAD segment at 0x" + Long.toHexString(vaddr) + " of 0x"
                        + Long.toHexString(s.memsz()) + " bytes lies outside user space (0x"
                        + Long.toHexString(AddressSpace.MMAP_MIN) + "-0x" + Long.toHexString(AddressSpace.TASK_SIZE) + ")");
            }
            int prot = 0;
            if ((s.flags() & ElfFile.PF_R) != 0) prot |= Vma.READ;
            if ((s.flags() & ElfFile.PF_W) != 0) prot |= Vma.WRITE | Vma.READ;
            if ((s.flags() & ElfFile.PF_X) != 0) prot |= Vma.EXEC;
            long lead = vaddr - start;
            as.map(start, end - start, prot, 0, new Segment(file, s.offset() - lead, lead, s.filesz(), label), 0, label);
            if (phdrAddr == 0 && elf.phoff >= s.offset() && elf.phoff < s.offset() + s.filesz()) {
                phdrAddr = vaddr + (elf.phoff - s.offset());
            }
            highest = Math.max(highest, end);
        }
        int phnum = elf.segments.size();
        return new Loaded(base + elf.entry, phdrAddr, phnum, base, highest, execStack);
    }

    /**
     * The bytes one PT_LOAD mapping shows: file bytes [fileStart + lead, + filesz) at mapping
     * offsets [lead, lead + filesz), zeros elsewhere — so the rest of the last file page after
     * p_filesz reads as zero, as Linux's padzero() ensures for the bss.
     */
    private record Segment(byte[] file, long fileStart, long lead, long filesz, String label) implements MemoryObject {
        @Override
        public void read(long offset, byte[] dst, int length) {
            java.util.Arrays.fill(dst, 0, length, (byte) 0);
            long from = Math.max(offset, lead), to = Math.min(offset + length, lead + filesz);
            if (from < to) {
                System.arraycopy(file, (int) (fileStart + from), dst, (int) (from - offset), (int) (to - from));
            }
        }

        @Override
        public String label() {
            return label;
        }
    }
}
