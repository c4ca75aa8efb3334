/**
 * The RISC-V hart: decoded instructions ({@link dev.javix.cpu.Decoder}, {@link dev.javix.cpu.Rvc}), the
 * interpreter loop ({@link dev.javix.cpu.Interpreter}) and the M, A and F/D units. Knows memory only
 * through {@link dev.javix.mem.Mmu}; knows nothing of the kernel. A Hart is owned by one virtual CPU at a
 * time, so nothing here locks.
 */
package dev.javix.cpu;
