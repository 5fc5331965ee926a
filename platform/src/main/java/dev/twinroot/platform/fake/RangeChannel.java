package dev.twinroot.platform.fake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.function.LongSupplier;

/**
 * A byte range of a fake disk seen as a block device node: reads stop at the end, a write that starts at or
 * after the end fails (the kernel says ENOSPC) and one that crosses it is cut short, size follows BLKPG resizes.
 */
final class RangeChannel implements SeekableByteChannel {

    private final Storage storage;
    private final long start;
    private final LongSupplier length;
    private final boolean writable;
    private long position;
    private boolean open = true;

    RangeChannel(Storage storage, long start, LongSupplier length, boolean writable) {
        this.storage = storage;
        this.start = start;
        this.length = length;
        this.writable = writable;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= length.getAsLong()) {
            return -1;
        }
        ByteBuffer window = dst.slice();
        window.limit((int) Math.min(window.remaining(), length.getAsLong() - position));
        int before = window.position();
        storage.read(start + position, window);
        int n = window.position() - before;
        dst.position(dst.position() + n);
        position += n;
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        ensureOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        if (!src.hasRemaining()) {
            return 0;
        }
        if (position >= length.getAsLong()) {
            throw new IOException("No space left on device: write at byte " + position + " of a " + length.getAsLong()
                    + "-byte device");
        }
        ByteBuffer window = src.slice();
        window.limit((int) Math.min(window.remaining(), length.getAsLong() - position));
        int n = window.remaining();
        storage.write(start + position, window);
        src.position(src.position() + n);
        position += n;
        return n;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
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
        return length.getAsLong();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new UnsupportedOperationException("a block device cannot be truncated");
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
