package dev.javix.kernel.fs;

import dev.javix.mem.MemoryObject;

/**
 * The bytes of a regular file as an open description reaches them: a tmpfs file's chunks or
 * a host file's channel. Positional only; the description keeps the offset.
 */
interface FileData {
    /** Reads up to len bytes at pos; returns the count, 0 at or past the end. */
    int read(long pos, byte[] dst, int off, int len) throws FsException;

    /** Writes len bytes at pos (growing the file, a gap reading as zeros); returns len. */
    int write(long pos, byte[] src, int off, int len) throws FsException;

    /** Appends atomically (O_APPEND); returns the offset just past what was written. */
    long append(byte[] src, int off, int len) throws FsException;

    long size() throws FsException;

    void truncate(long size) throws FsException;

    /** fsync(2): pushes written data to stable storage (nothing to do in memory). */
    void sync() throws FsException;

    /** What mmap(2) maps: reads the file's current bytes, zeros past its end. */
    MemoryObject memory(String label);

    /** An open description now uses the data. */
    void opened();

    /** An open description using the data was released (its last close). */
    void closed();
}
