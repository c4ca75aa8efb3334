package dev.javix.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** ELF validation: each kind of file javix cannot run gets its own one-line reason. */
class ElfFileTest {
    /** A minimal ELF header: class, data, machine, type; program headers as given. */
    static byte[] header(int elfClass, int data, int machine, int type) {
        ByteBuffer b = ByteBuffer.allocate(64 + 56).order(data == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) data, 1});
        b.putShort(16, (short) type);
        b.putShort(18, (short) machine);
        b.putLong(32, 64);           // e_phoff
        b.putShort(54, (short) 56);  // e_phentsize
        b.putShort(56, (short) 1);   // e_phnum
        b.putInt(64, ElfFile.PT_LOAD);
        b.putInt(68, ElfFile.PF_R | ElfFile.PF_X);
        b.putLong(64 + 16, 0x10000); // p_vaddr
        b.putLong(64 + 32, 120);     // p_filesz
        b.putLong(64 + 40, 120);     // p_memsz
        return b.array();
    }

    private static String reason(byte[] file) {
        return assertThrows(ElfException.class, () -> ElfFile.parse(file)).getMessage();
    }

    @Test
    void acceptsAStaticRiscv64Executable() throws ElfException {
        ElfFile f = ElfFile.parse(header(2, 1, 243, ElfFile.ET_EXEC));
        assertEquals(1, f.segments.size());
    }

    @Test
    void namesEveryKindOfWrongFile() {
        assertEquals("x86-64 executable; javix runs RISC-V 64 (riscv64) executables", reason(header(2, 1, 62, 2)));
        assertEquals("AArch64 executable; javix runs RISC-V 64 (riscv64) executables", reason(header(2, 1, 183, 2)));
        assertTrue(reason(header(1, 1, 243, 2)).startsWith("32-bit RISC-V executable"));
        assertTrue(reason(header(2, 2, 243, 2)).startsWith("big-endian RISC-V executable"));
        assertTrue(reason("hello world, not elf".getBytes()).startsWith("not an ELF executable"));
        assertTrue(reason("#!/bin/sh\necho hi\n".getBytes()).startsWith("script"));
        assertTrue(reason(header(2, 1, 243, 1)).startsWith("relocatable object"));
        assertTrue(reason(new byte[] {0x7f, 'E', 'L', 'F', 2}).startsWith("truncated"));
    }

    @Test
    void rejectsDynamicallyLinkedPrograms() {
        byte[] f = header(2, 1, 243, ElfFile.ET_DYN);
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        // Turn the single program header into a PT_INTERP naming the loader at offset 64+56-8.
        byte[] withInterp = java.util.Arrays.copyOf(f, f.length + 32);
        ByteBuffer w = ByteBuffer.wrap(withInterp).order(ByteOrder.LITTLE_ENDIAN);
        w.putInt(64, ElfFile.PT_INTERP);
        w.putLong(64 + 8, f.length);
        w.putLong(64 + 32, 10);
        System.arraycopy("/lib/ld.so\0".getBytes(), 0, withInterp, f.length, 10);
        assertTrue(b.capacity() > 0);
        String r = reason(withInterp);
        assertTrue(r.startsWith("dynamically linked executable"), r);
        assertTrue(r.contains("-static"), r);
    }

    @Test
    void rejectsSegmentsOutsideTheFile() {
        byte[] f = header(2, 1, 243, ElfFile.ET_EXEC);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(64 + 32, 1 << 20);
        assertTrue(reason(f).contains("outside the file"));
    }
}
