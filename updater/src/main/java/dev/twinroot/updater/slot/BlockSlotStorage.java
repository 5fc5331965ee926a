package dev.twinroot.updater.slot;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/** A partition's block device as a slot; its size comes from the kernel (BLKGETSIZE64). */
public final class BlockSlotStorage implements SlotStorage {

    private final BlockDevices devices;
    private final Path device;

    public BlockSlotStorage(BlockDevices devices, Path device) {
        this.devices = devices;
        this.device = device;
    }

    @Override
    public Path path() {
        return device;
    }

    @Override
    public long size() throws IOException {
        try (BlockDevice d = devices.open(device, BlockDevice.Access.READ_ONLY)) {
            return d.size();
        }
    }

    /** Reads the device itself, past the page cache: see {@link DirectReadChannel} for why. */
    @Override
    public SeekableByteChannel openRead() throws IOException {
        return DirectReadChannel.open(device, size());
    }

    @Override
    public Writer openWrite() throws IOException {
        BlockDevice d = devices.open(device, BlockDevice.Access.READ_WRITE);
        // The device's own channel, not a wrapper: the delta applier flushes a FileChannel before each checkpoint.
        SeekableByteChannel channel = d.channel();
        return new Writer() {
            @Override
            public SeekableByteChannel channel() {
                return channel;
            }

            @Override
            public void flush() throws IOException {
                d.flush();
            }

            @Override
            public void close() throws IOException {
                d.close();
            }
        };
    }
}
