package dev.javix.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Address spaces: lazy fill, copy-on-write reference counts, splitting, brk, stack growth, faults. */
class AddressSpaceTest {
    private static final long BASE = 0x100000;
    private final MemoryAccount account = new MemoryAccount(64L << 20);

    private AddressSpace anon(long pages) {
        AddressSpace as = new AddressSpace(account);
        as.map(BASE, pages * Page.SIZE, Vma.READ | Vma.WRITE, 0, null, 0, "");
        return as;
    }

    @Test
    void pagesAreCreatedOnFirstTouchAndZeroFilled() {
        AddressSpace as = anon(4);
        assertEquals(0, as.residentPages());
        byte[] b = new byte[8];
        assertTrue(as.read(BASE + 100, b, 0, 8));
        assertArrayEquals(new byte[8], b);
        assertEquals(1, as.residentPages());
        assertEquals(1, account.usedPages());
    }

    @Test
    void forkSharesPagesUntilTheFirstWrite() {
        AddressSpace parent = anon(16);
        for (int i = 0; i < 16; i++) assertTrue(parent.write(BASE + i * Page.SIZE, new byte[] {(byte) i}, 0, 1));
        long before = account.usedPages();
        AddressSpace child = parent.fork();
        assertEquals(before, account.usedPages(), "fork copies no page");
        Page shared = parent.peek(BASE >>> Page.SHIFT);
        assertSame(shared, child.peek(BASE >>> Page.SHIFT));
        assertEquals(2, shared.refs());

        assertTrue(child.write(BASE, new byte[] {42}, 0, 1));
        Page copy = child.peek(BASE >>> Page.SHIFT);
        assertNotSame(shared, copy, "the writer gets its own copy");
        assertEquals(1, shared.refs());
        assertEquals(1, copy.refs());
        assertEquals(before + 1, account.usedPages());
        byte[] b = new byte[1];
        parent.read(BASE, b, 0, 1);
        assertEquals(0, b[0], "the parent still sees its own data");
        child.read(BASE, b, 0, 1);
        assertEquals(42, b[0]);

        // The last owner writes in place: no copy once the count is back to 1.
        assertTrue(parent.write(BASE, new byte[] {7}, 0, 1));
        assertSame(shared, parent.peek(BASE >>> Page.SHIFT));
    }

    @Test
    void forkBumpsTheGenerationSoWritableTranslationsAreDropped() {
        AddressSpace as = anon(1);
        long g = as.generation();
        as.fork();
        assertTrue(as.generation() > g);
    }

    @Test
    void clearReleasesEveryPage() {
        AddressSpace as = anon(8);
        for (int i = 0; i < 8; i++) as.write(BASE + i * Page.SIZE, new byte[] {1}, 0, 1);
        AddressSpace child = as.fork();
        as.clear();
        assertEquals(8, account.usedPages(), "the child still holds the pages");
        child.clear();
        assertEquals(0, account.usedPages());
    }

    @Test
    void unmapSplitsAreas() {
        AddressSpace as = anon(3);
        as.unmap(BASE + Page.SIZE, Page.SIZE);
        assertTrue(as.fullyMapped(BASE, BASE + Page.SIZE));
        assertFalse(as.fullyMapped(BASE, BASE + 3 * Page.SIZE));
        assertNull(as.find(BASE + Page.SIZE));
        assertEquals(2, as.snapshot().size());
        assertNull(as.resolve(BASE + Page.SIZE, Vma.READ));
        assertEquals(MemoryFault.SEGV_MAPERR, as.faultCode(BASE + Page.SIZE));
    }

    @Test
    void protectionIsEnforcedAndReportedAsAccessError() {
        AddressSpace as = anon(2);
        assertTrue(as.protect(BASE, Page.SIZE, Vma.READ));
        assertNull(as.resolve(BASE, Vma.WRITE));
        assertEquals(MemoryFault.SEGV_ACCERR, as.faultCode(BASE));
        assertTrue(as.resolve(BASE + Page.SIZE, Vma.WRITE) != null);
        assertFalse(as.protect(BASE, 4 * Page.SIZE, Vma.READ), "a hole in the range is ENOMEM");
    }

    @Test
    void brkGrowsAndShrinksTheHeap() {
        AddressSpace as = new AddressSpace(account);
        as.initBrk(0x200000);
        assertEquals(0x200000, as.brk(0));
        assertEquals(0x200000 + 10000, as.brk(0x200000 + 10000));
        assertTrue(as.write(0x200000 + 9999, new byte[] {1}, 0, 1));
        assertEquals("[heap]", as.find(0x200000).name());
        assertEquals(0x200000 + 100, as.brk(0x200000 + 100));
        assertNull(as.find(0x200000 + 2 * Page.SIZE));
        assertEquals(0x200000 + 100, as.brk(0x100), "below the start: unchanged");
    }

    @Test
    void stackGrowsDownWithinItsLimit() {
        AddressSpace as = new AddressSpace(account);
        long top = AddressSpace.STACK_TOP;
        as.map(top - Page.SIZE, Page.SIZE, Vma.READ | Vma.WRITE, Vma.GROWSDOWN, null, 0, "[stack]");
        assertTrue(as.write(top - 5 * Page.SIZE, new byte[] {1}, 0, 1), "a touch below the stack grows it");
        assertEquals(top - 5 * Page.SIZE, as.find(top - 1).start());
        assertFalse(as.write(top - (9L << 20), new byte[] {1}, 0, 1), "beyond RLIMIT_STACK (8 MiB) it faults");
    }

    @Test
    void theMemoryLimitStopsAllocation() {
        MemoryAccount small = new MemoryAccount(4 * Page.SIZE);
        AddressSpace as = new AddressSpace(small);
        as.map(BASE, 8 * Page.SIZE, Vma.READ | Vma.WRITE, 0, null, 0, "");
        for (int i = 0; i < 4; i++) assertTrue(as.write(BASE + i * Page.SIZE, new byte[] {1}, 0, 1));
        assertFalse(as.write(BASE + 4 * Page.SIZE, new byte[] {1}, 0, 1));
    }

    @Test
    void mmuLoadsStoresAndFaults() {
        AddressSpace as = anon(2);
        Mmu m = new Mmu();
        m.attach(as);
        m.store64(BASE + Page.SIZE - 4, 0x1122334455667788L); // crosses the page boundary
        assertEquals(0x1122334455667788L, m.load64(BASE + Page.SIZE - 4));
        assertEquals(0x55667788, m.load32(BASE + Page.SIZE - 4));
        assertEquals((byte) 0x88, m.load8(BASE + Page.SIZE - 4));
        MemoryFault f = assertThrows(MemoryFault.class, () -> m.load64(BASE + 2 * Page.SIZE));
        assertEquals(BASE + 2 * Page.SIZE, f.address);
        assertEquals(11, f.signal);
        // A translation cached before fork must not let a write reach the now-shared page.
        m.store8(BASE, (byte) 1);
        AddressSpace child = as.fork();
        m.sync();
        m.store8(BASE, (byte) 2);
        byte[] b = new byte[1];
        child.read(BASE, b, 0, 1);
        assertEquals(1, b[0]);
    }
}
