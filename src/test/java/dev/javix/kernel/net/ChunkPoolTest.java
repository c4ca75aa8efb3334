package dev.javix.kernel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A sending socket's spare chunk arrays: reuse, the size rule, the cap, and a change of chunk size. */
class ChunkPoolTest {
    @Test
    void anArrayGivenBackIsTheNextOneTaken() {
        ChunkPool pool = new ChunkPool();
        byte[] a = pool.take(65536);
        assertEquals(65536, a.length);
        pool.give(a);
        assertSame(a, pool.take(65536));
        assertNotSame(a, pool.take(65536), "taken once, it is gone from the pool");
    }

    @Test
    void sizesAreRoundedUpToAPowerOfTwoAndSmallChunksAreNotPooled() {
        ChunkPool pool = new ChunkPool();
        byte[] a = pool.take(40000);
        assertEquals(65536, a.length);
        pool.give(a);
        assertSame(a, pool.take(50000), "any chunk of the same rounded size reuses it");
        byte[] small = pool.take(100);
        assertEquals(100, small.length);
        pool.give(small);
        assertNotSame(small, pool.take(100));
    }

    @Test
    void atMostFourSpareArraysAreKept() {
        ChunkPool pool = new ChunkPool();
        List<byte[]> given = new ArrayList<>();
        for (int i = 0; i < 6; i++) given.add(pool.take(8192));
        for (byte[] b : given) pool.give(b);
        Set<byte[]> reused = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            byte[] b = pool.take(8192);
            if (given.contains(b)) reused.add(b);
        }
        assertEquals(4, reused.size());
    }

    @Test
    void aNewChunkSizeDropsTheOldSpares() {
        ChunkPool pool = new ChunkPool();
        byte[] big = pool.take(65536), small = pool.take(8192);
        pool.give(big);
        pool.give(small);
        byte[] next = pool.take(65536);
        assertNotSame(big, next, "the 64 KiB spare went when 8 KiB chunks came back");
        assertTrue(next.length == 65536);
    }
}
