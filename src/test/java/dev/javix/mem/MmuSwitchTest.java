package dev.javix.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A CPU's Mmu keeps the translations of the address space it ran before the current one, so
 * that two processes taking turns find theirs warm: a switch back must still see everything
 * that space did meanwhile (on another CPU, say), mapping changes above all.
 */
class MmuSwitchTest {
    private static final long BASE = 0x100000;
    private final MemoryAccount account = new MemoryAccount(64L << 20);

    private AddressSpace space(int fill) {
        AddressSpace as = new AddressSpace(account);
        as.map(BASE, 4 * Page.SIZE, Vma.READ | Vma.WRITE, 0, null, 0, "");
        as.write(BASE, new byte[] {(byte) fill}, 0, 1);
        return as;
    }

    @Test
    void switchingBackAndForthReadsAndWritesEachSpacesOwnPages() {
        AddressSpace a = space(1), b = space(2);
        Mmu m = new Mmu();
        for (int round = 0; round < 3; round++) {
            m.attach(a);
            assertEquals(1 + 10 * round, m.load8(BASE));
            m.store8(BASE, (byte) (1 + 10 * (round + 1)));
            m.attach(b);
            assertEquals(2 + 10 * round, m.load8(BASE));
            m.store8(BASE, (byte) (2 + 10 * (round + 1)));
        }
        byte[] got = new byte[1];
        a.read(BASE, got, 0, 1);
        assertEquals(31, got[0]);
        b.read(BASE, got, 0, 1);
        assertEquals(32, got[0]);
    }

    @Test
    void aSpaceUnmappedWhileAnotherRanIsNotReachedThroughTheKeptTranslations() {
        AddressSpace a = space(1), b = space(2);
        Mmu m = new Mmu();
        m.attach(a);
        assertEquals(1, m.load8(BASE)); // cached
        m.attach(b);
        a.unmap(BASE, 4 * Page.SIZE); // as another CPU running a would
        m.attach(a);
        assertThrows(MemoryFault.class, () -> m.load8(BASE));
    }

    @Test
    void aThirdSpaceTakesTheSpareAndTheFirstIsRefilledCorrectly() {
        AddressSpace a = space(1), b = space(2), c = space(3);
        Mmu m = new Mmu();
        m.attach(a);
        assertEquals(1, m.load8(BASE));
        m.attach(b);
        assertEquals(2, m.load8(BASE));
        m.attach(c);
        assertEquals(3, m.load8(BASE));
        m.attach(a);
        assertEquals(1, m.load8(BASE));
        m.attach(c);
        assertEquals(3, m.load8(BASE));
    }
}
