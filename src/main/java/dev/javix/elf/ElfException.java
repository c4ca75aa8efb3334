package dev.javix.elf;

/** A file javix cannot run as an ELF program; the message is one line saying why. */
public final class ElfException extends Exception {
    public ElfException(String message) {
        super(message, null, false, false);
    }
}
