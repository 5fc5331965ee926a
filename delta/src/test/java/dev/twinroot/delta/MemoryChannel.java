package dev.twinroot.delta;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/** A growable in-memory channel, for tests that should not touch the disk. */
final class MemoryChannel implements SeekableByteChannel {
    private byte[] data;
    private int size;
    private long position;

    MemoryChannel(byte[] initial) {
        data = initial.clone();
        size = initial.length;
    }

    byte[] bytes() {
        return Arrays.copyOf(data, size);
    }

    @Override
    public int read(ByteBuffer dst) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - position);
        dst.put(data, (int) position, n);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        int end = Math.toIntExact(position + n);
        if (end > data.length) {
            data = Arrays.copyOf(data, Math.max(end, data.length * 2));
        }
        src.get(data, (int) position, n);
        position = end;
        size = Math.max(size, end);
        return n;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long p) {
        position = p;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long s) {
        size = (int) Math.min(size, s);
        position = Math.min(position, size);
        return this;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
