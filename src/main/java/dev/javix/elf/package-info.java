/** ELF executables: validation with one-line reasons, segment loading, the initial stack and auxv. */
package dev.javix.elf;
