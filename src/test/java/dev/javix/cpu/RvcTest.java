package dev.javix.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Tests of {@link Rvc#expand} and {@link Decoder#decode16}. The exhaustive vectors
 * ({@code decoder/rvc.txt.gz}) were made by {@code decoder/gen.sh}: objdump disassembled every
 * halfword and gas assembled the base-instruction equivalent of each legal one.
 */
class RvcTest {

    /** Expected expansion of every halfword per the toolchain, 0 where objdump rejects it. */
    private static int[] toolchainExpansions() throws IOException {
        int[] exp = new int[65536];
        try (InputStream in = RvcTest.class.getResourceAsStream("/decoder/rvc.txt.gz");
                BufferedReader r = new BufferedReader(
                        new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] p = line.split(" ");
                exp[Integer.parseInt(p[0], 16)] = Integer.parseUnsignedInt(p[1], 16);
            }
        }
        return exp;
    }

    /**
     * Encodings objdump 2.40 disassembles but the spec reserves: C.ADDI16SP with nzimm = 0
     * (unprivileged spec, C chapter, "Integer Register-Immediate Operations").
     */
    private static boolean reservedButAcceptedByObjdump(int h) {
        return h == 0x6101;
    }

    @Test
    void expandMatchesToolchainForAllHalfwords() throws IOException {
        int[] exp = toolchainExpansions();
        int legal = 0;
        for (int h = 0; h < 65536; h++) {
            int want = reservedButAcceptedByObjdump(h) ? 0 : exp[h];
            int got = Rvc.expand(h);
            if (got != want) {
                throw new AssertionError(String.format("expand(%04x) = %08x, toolchain says %08x", h, got, want));
            }
            if (got != 0) legal++;
        }
        // 49152 compressed halfwords minus the 2408 reserved/illegal ones objdump rejects, minus C.ADDI16SP 0
        assertEquals(49152 - 2408 - 1, legal);
    }

    @Test
    void decode16AgreesWithDecode32OfExpansionEverywhere() {
        for (int h = 0; h < 65536; h++) {
            int w = Rvc.expand(h);
            Insn c = Decoder.decode16(h);
            assertEquals(2, c.len);
            assertEquals(h, c.raw);
            if ((h & 3) == 3) assertEquals(0, w, "not compressed: " + Integer.toHexString(h));
            if (w == 0) {
                assertEquals(Op.ILLEGAL, c.op, () -> "reserved but decoded: " + c);
                continue;
            }
            Insn f = Decoder.decode32(w);
            String where = String.format("%04x -> %08x", h, w);
            assertTrue(f.op != Op.ILLEGAL, where);
            assertEquals(f.op, c.op, where);
            assertEquals(f.rd, c.rd, where);
            assertEquals(f.rs1, c.rs1, where);
            assertEquals(f.rs2, c.rs2, where);
            assertEquals(f.rs3, c.rs3, where);
            assertEquals(f.rm, c.rm, where);
            assertEquals(f.imm, c.imm, where);
        }
    }

    @Test
    void decode16IgnoresUpperBits() {
        assertEquals(Decoder.decode16(0x4501).op, Decoder.decode16(0xffff4501).op);
        assertEquals(0x4501, Decoder.decode16(0xffff4501).raw);
    }

    /** {half, rd, rs1, rs2, imm} with the expected mnemonic; operands from objdump of gas output. */
    private record V(int half, String name, int rd, int rs1, int rs2, long imm) {}

    private static final V[] HAND = {
        new V(0x1fe0, "addi", 8, 2, 0, 1020),     // c.addi4spn x8,x2,1020 (max)
        new V(0x005c, "addi", 15, 2, 0, 4),       // c.addi4spn x15,x2,4 (min)
        new V(0x3fe0, "fld", 8, 15, 0, 248),      // c.fld f8,248(x15)
        new V(0x5c64, "lw", 9, 8, 0, 124),        // c.lw x9,124(x8)
        new V(0x7c7c, "ld", 15, 8, 0, 248),       // c.ld x15,248(x8)
        new V(0xa01c, "fsd", 0, 8, 15, 0),        // c.fsd f15,0(x8)
        new V(0xc3a0, "sw", 0, 15, 8, 64),        // c.sw x8,64(x15)
        new V(0xe144, "sd", 0, 10, 9, 128),       // c.sd x9,128(x10)
        new V(0x0001, "addi", 32, 0, 0, 0),       // c.nop
        new V(0x1081, "addi", 1, 1, 0, -32),      // c.addi x1,-32
        new V(0x0ffd, "addi", 31, 31, 0, 31),     // c.addi x31,31
        new V(0x32fd, "addiw", 5, 5, 0, -1),      // c.addiw x5,-1
        new V(0x2281, "addiw", 5, 5, 0, 0),       // c.addiw x5,0 (sext.w)
        new V(0x5501, "addi", 10, 0, 0, -32),     // c.li x10,-32
        new V(0x4015, "addi", 32, 0, 0, 5),       // c.li x0,5 (HINT)
        new V(0x7101, "addi", 2, 2, 0, -512),     // c.addi16sp x2,-512
        new V(0x617d, "addi", 2, 2, 0, 496),      // c.addi16sp x2,496
        new V(0x7081, "lui", 1, 0, 0, -131072),   // c.lui x1,0xfffe0
        new V(0x6ffd, "lui", 31, 0, 0, 0x1f000),  // c.lui x31,0x1f
        new V(0x907d, "srli", 8, 8, 0, 63),       // c.srli x8,63
        new V(0x9781, "srai", 15, 15, 0, 32),     // c.srai x15,32
        new V(0x9881, "andi", 9, 9, 0, -32),      // c.andi x9,-32
        new V(0x8c1d, "sub", 8, 8, 15, 0),        // c.sub x8,x15
        new V(0x8cb9, "xor", 9, 9, 14, 0),        // c.xor x9,x14
        new V(0x8d55, "or", 10, 10, 13, 0),       // c.or x10,x13
        new V(0x8df1, "and", 11, 11, 12, 0),      // c.and x11,x12
        new V(0x9e0d, "subw", 12, 12, 11, 0),     // c.subw x12,x11
        new V(0x9ea9, "addw", 13, 13, 10, 0),     // c.addw x13,x10
        new V(0xb001, "jal", 32, 0, 0, -2048),    // c.j .-2048
        new V(0xaffd, "jal", 32, 0, 0, 2046),     // c.j .+2046
        new V(0xd001, "beq", 0, 8, 0, -256),      // c.beqz x8,.-256
        new V(0xeffd, "bne", 0, 15, 0, 254),      // c.bnez x15,.+254
        new V(0x10fe, "slli", 1, 1, 0, 63),       // c.slli x1,63
        new V(0x0f86, "slli", 31, 31, 0, 1),      // c.slli x31,1
        new V(0x307e, "fld", 0, 2, 0, 504),       // c.fldsp f0,504(x2)
        new V(0x50fe, "lw", 1, 2, 0, 252),        // c.lwsp x1,252(x2)
        new V(0x7ffe, "ld", 31, 2, 0, 504),       // c.ldsp x31,504(x2)
        new V(0x8082, "jalr", 32, 1, 0, 0),       // c.jr x1
        new V(0x82fe, "add", 5, 0, 31, 0),        // c.mv x5,x31
        new V(0x9002, "ebreak", 0, 0, 0, 0),      // c.ebreak
        new V(0x9f82, "jalr", 1, 31, 0, 0),       // c.jalr x31
        new V(0x908a, "add", 1, 1, 2, 0),         // c.add x1,x2
        new V(0xbffe, "fsd", 0, 2, 31, 504),      // c.fsdsp f31,504(x2)
        new V(0xdf82, "sw", 0, 2, 0, 252),        // c.swsp x0,252(x2)
        new V(0xe47e, "sd", 0, 2, 31, 8),         // c.sdsp x31,8(x2)
    };

    @Test
    void handPickedEdgeCases() {
        for (V v : HAND) {
            Insn i = Decoder.decode16(v.half);
            String where = Integer.toHexString(v.half) + " " + i;
            assertEquals(v.name, Op.name(i.op), where);
            assertEquals(v.rd, i.rd, where);
            assertEquals(v.rs1, i.rs1, where);
            assertEquals(v.rs2, i.rs2, where);
            assertEquals(v.imm, i.imm, where);
            assertEquals(2, i.len, where);
            assertEquals(v.half, i.raw, where);
        }
    }

    @Test
    void reservedEncodingsExpandToZero() {
        int[] reserved = {
            0x0000, // all zero (C.ADDI4SPN nzuimm = 0)
            0x0010, // C.ADDI4SPN x12, nzuimm = 0
            0x8000, 0x9ffc, // quadrant 0 funct3 100
            0x6101, // C.ADDI16SP 0
            0x6001, 0x6081, // C.LUI imm 0 (rd 0, rd 1)
            0x2001, 0x307d, // C.ADDIW rd = 0
            0x4002, 0x507e, // C.LWSP rd = 0
            0x6002, 0x707e, // C.LDSP rd = 0
            0x8002, // C.JR x0
            0x9c41, 0x9c61, 0x9fe1, // C.SUBW/C.ADDW space funct2 10/11
            0x0003, 0xffff, // not compressed
        };
        for (int h : reserved) {
            assertEquals(0, Rvc.expand(h), Integer.toHexString(h));
            Insn i = Decoder.decode16(h);
            assertEquals(Op.ILLEGAL, i.op, Integer.toHexString(h));
            assertEquals(h, i.raw);
            assertEquals(2, i.len);
        }
    }

    @Test
    void hintsAreLegal() {
        // C.NOP with imm, C.ADDI rd=x0, C.LI x0, C.LUI x0, C.MV x0, C.ADD x0, C.SLLI x0, shifts by 0
        int[] hints = {0x0005, 0x107d, 0x4015, 0x6005, 0x800a, 0x900a, 0x0002, 0x0006, 0x8001, 0x8401, 0x0082};
        for (int h : hints) {
            assertTrue(Rvc.expand(h) != 0, Integer.toHexString(h));
            assertTrue(Decoder.decode16(h).op != Op.ILLEGAL, Integer.toHexString(h));
        }
        // a HINT that writes x0 goes to the sink register
        assertEquals(Decoder.SINK, Decoder.decode16(0x4015).rd);
    }

    @Test
    void expandNeverThrowsOnGarbage() {
        int[] seen = new int[4];
        for (int h : new int[] {-1, Integer.MIN_VALUE, 0x12345678, 0xffff0000}) {
            Rvc.expand(h);
            seen[h & 3]++;
        }
        assertEquals(4, Arrays.stream(seen).sum());
    }
}
