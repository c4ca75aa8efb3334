package dev.javix.kernel.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import dev.javix.mem.MemoryAccount;
import dev.javix.mem.MemoryObject;
import dev.javix.mem.Page;

/**
 * The bytes of an open host file: one host FileChannel, used with positional reads and writes
 * only. Counted: each open description and each mapping made from it holds a reference, and
 * the channel is closed when the last goes (a mapping's reference is dropped by the file
 * system's Cleaner once the mapping object is unreachable, since mappings are never closed
 * explicitly).
 *
 * <p>Guarded by {@code this}: refs, and appends (size then write).
 */
final class HostFile implements FileData {
    private final FileChannel ch;
    private final HostFs fs;
    /** The host file's inode number in fs: the key of its page cache ({@link HostPages}). */
    private final long ino;
    private int refs;

    HostFile(FileChannel ch, HostFs fs, long ino) {
        this.ch = ch;
        this.fs = fs;
        this.ino = ino;
    }

    @Override
    public int read(long pos, byte[] dst, int off, int len) throws FsException {
        try {
            ByteBuffer b = ByteBuffer.wrap(dst, off, len);
            int done = 0;
            while (b.hasRemaining()) {
                int n = ch.read(b, pos + done);
                if (n < 0) break;
                done += n;
            }
            HostPages cache = fs.pages(ino, false);
            if (cache != null) cache.overlay(pos, dst, off, done); // what mappings wrote and was not written back
            return done;
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    public int write(long pos, byte[] src, int off, int len) throws FsException {
        try {
            ByteBuffer b = ByteBuffer.wrap(src, off, len);
            int done = 0;
            while (b.hasRemaining()) done += ch.write(b, pos + done);
            HostPages cache = fs.pages(ino, false);
            if (cache != null) cache.update(pos, src, off, len);
            return done;
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    public synchronized long append(byte[] src, int off, int len) throws FsException {
        long pos = size();
        write(pos, src, off, len);
        return pos + len;
    }

    @Override
    public long size() throws FsException {
        try {
            return ch.size();
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    public void truncate(long size) throws FsException {
        try {
            setSize(ch, size);
            HostPages cache = fs.pages(ino, false);
            if (cache != null) cache.truncated(size);
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    /** Sets a host file's size: FileChannel.truncate only shrinks, so growing writes the last byte. */
    static void setSize(FileChannel ch, long size) throws IOException {
        long cur = ch.size();
        if (size < cur) ch.truncate(size);
        else if (size > cur) ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
    }

    @Override
    public void sync() throws FsException {
        try {
            HostPages cache = fs.pages(ino, false);
            if (cache != null && ch.isOpen()) {
                try {
                    cache.writeBack(ch, 0, Long.MAX_VALUE); // fsync(2) writes mapped pages too
                } catch (java.nio.channels.NonWritableChannelException e) {
                    // read-only description: nothing of ours to write
                }
            }
            ch.force(true);
        } catch (IOException e) {
            throw HostFs.errno(e);
        }
    }

    @Override
    public MemoryObject memory(String label) {
        opened();
        MemoryObject m = new MemoryObject() {
            @Override
            public void read(long offset, byte[] dst, int length) {
                int n;
                try {
                    n = HostFile.this.read(offset, dst, 0, length);
                } catch (FsException e) {
                    n = 0; // an I/O error reads as zeros; Linux would raise SIGBUS
                }
                java.util.Arrays.fill(dst, n, length, (byte) 0);
            }

            @Override
            public long size() {
                try {
                    return HostFile.this.size();
                } catch (FsException e) {
                    return -1;
                }
            }

            @Override
            public String label() {
                return label;
            }

            @Override
            public boolean sharesPages() {
                return true;
            }

            @Override
            public Page sharedPage(long index, MemoryAccount account) {
                return fs.pages(ino, true).page(index, ch, account);
            }

            @Override
            public void writeBack(long offset, long length) {
                HostPages cache = fs.pages(ino, false);
                if (cache == null) return;
                try {
                    cache.writeBack(ch, offset, length);
                } catch (IOException | java.nio.channels.NonWritableChannelException e) {
                    // a read-only description cannot write back; the writable mappings' objects do
                }
            }
        };
        fs.mapped(ino);
        fs.cleaner().register(m, () -> { // must not capture m
            closed();
            fs.unmapped(ino);
        });
        return m;
    }

    @Override
    public synchronized void opened() {
        refs++;
    }

    @Override
    public void closed() {
        synchronized (this) {
            if (--refs > 0) return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to report to anyone: the descriptor is gone
        }
    }
}
