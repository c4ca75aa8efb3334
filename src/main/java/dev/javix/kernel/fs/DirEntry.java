package dev.javix.kernel.fs;

/** One name in a directory listing: what getdents64(2) reports besides the offset. */
record DirEntry(String name, long ino, int type) {}
