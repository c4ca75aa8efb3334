/**
 * The compiler from hot guest code to JVM bytecode. {@link dev.javix.cpu.jit.Jit} counts entries of
 * block heads reported by the interpreter; a hot head's region (the code reachable from it by direct
 * branches: its page, the hot path on up to three more pages, small leaf functions that profiled
 * indirect calls reach; cut into blocks by {@link dev.javix.cpu.jit.Scan}) is translated by {@link dev.javix.cpu.jit.Emitter} (with
 * {@link dev.javix.cpu.jit.IntOps} and {@link dev.javix.cpu.jit.FpOps}) with {@code java.lang.classfile}
 * into a hidden class in package dev.javix.cpu, whose one method runs the region with the guest
 * registers in the hart's fields x1..x31. A hot call into another page runs the callee's own region as a JVM call,
 * so shared functions are compiled once. Loads, stores and aligned atomics go through a small TLB of
 * plain page arrays ({@link dev.javix.cpu.jit.Tlb}), whose hit path for stores the region's bytecode does itself
 * ({@link dev.javix.cpu.jit.MemOps}); misses and everything else through the Mmu.
 * Code read from a page other than the entry's runs only after a check that the pc still reaches that
 * Page with the same decoded-code cache (so munmap, mprotect, a new mapping, exec and fence.i are
 * honoured as by the interpreter's own lookup).
 *
 * <p>Compiled regions are cached per code page ({@link dev.javix.cpu.jit.CodePage}, kept in
 * {@code Page.decoded}), so a new page starts clean and fence.i drops everything. Nothing here locks:
 * caches are filled racily with immutable values, and a region holds no state of its own. A Tlb
 * belongs to one virtual CPU.
 */
package dev.javix.cpu.jit;
