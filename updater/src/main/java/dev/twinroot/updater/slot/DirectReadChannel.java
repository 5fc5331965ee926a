package dev.twinroot.updater.slot;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a block device with O_DIRECT, so the bytes come from the device and not from the kernel's page cache.
 * This matters for the running slot: a mounted ext4, even read-only, initialises some of its block buffers in
 * memory (the bitmaps of block groups flagged uninitialised), and a cached read of the device then returns
 * those in-memory blocks instead of what is on disk — its SHA-256 no longer matches the image that was written,
 * and a delta made against that image would be refused. O_DIRECT needs aligned offsets, lengths and memory:
 * reads go through one aligned buffer of whole blocks, and callers may read any position and length.
 */
final class DirectReadChannel implements SeekableByteChannel {

    /** A multiple of every logical block size in use (512 and 4096). */
    static final int ALIGNMENT = 4096;
    private static final int CHUNK = 1 << 20;

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK + ALIGNMENT).alignedSlice(ALIGNMENT);
    private long bufferStart = -1;
    private int bufferLength;
    private long position;

    private DirectReadChannel(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code device} of {@code size} bytes for direct reads. */
    static DirectReadChannel open(Path device, long size) throws IOException {
        return new DirectReadChannel(FileChannel.open(device, StandardOpenOption.READ, ExtendedOpenOption.DIRECT), size);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int copied = 0;
        while (dst.hasRemaining() && position < size) {
            if (bufferStart < 0 || position < bufferStart || position >= bufferStart + bufferLength) {
                fill(position - position % ALIGNMENT);
                if (bufferLength == 0 || position >= bufferStart + bufferLength) {
                    break; // the device ended before its announced size
                }
            }
            int from = (int) (position - bufferStart);
            int n = (int) Math.min(dst.remaining(), bufferLength - from);
            ByteBuffer slice = buffer.duplicate();
            slice.position(from).limit(from + n);
            dst.put(slice);
            position += n;
            copied += n;
        }
        return copied == 0 ? -1 : copied;
    }

    private void fill(long start) throws IOException {
        buffer.clear();
        long wanted = Math.min(CHUNK, size - start);
        // Whole blocks only: round the last one up; the device ends there anyway.
        buffer.limit((int) Math.min(CHUNK, (wanted + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT));
        int filled = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, start + filled);
            if (n <= 0) {
                break;
            }
            filled += n;
            if (n % ALIGNMENT != 0) {
                break; // a short read: the end of the device
            }
        }
        bufferStart = start;
        bufferLength = (int) Math.min(filled, size - start);
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
