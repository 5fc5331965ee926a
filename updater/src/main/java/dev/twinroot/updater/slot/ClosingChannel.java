package dev.twinroot.updater.slot;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** A block device's channel that closes the device with it, so callers hold one resource. */
final class ClosingChannel implements SeekableByteChannel {

    private final SeekableByteChannel channel;
    private final Closeable owner;

    ClosingChannel(SeekableByteChannel channel, Closeable owner) {
        this.channel = channel;
        this.owner = owner;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public long position() throws IOException {
        return channel.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        channel.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        throw new IOException("a slot cannot be truncated");
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        owner.close();
    }
}
