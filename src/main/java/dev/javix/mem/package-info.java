/**
 * Guest memory: pages with reference counts, VMAs, address spaces (lazy fill, copy-on-write, brk, stack
 * growth) and the per-virtual-CPU software TLB. Lock order: AddressSpace (its monitor) is the only lock;
 * page reference counts are atomic. No dependency on processes or files.
 */
package dev.javix.mem;
