package dev.twinroot.partitioner;

import dev.twinroot.platform.BlockDevice;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * A whole disk opened through the platform module ({@link BlockDevice}), so a table can be read and written
 * on a running device, or on a fake one in tests. The size is asked of the kernel each time (BLKGETSIZE64):
 * a disk that grew since boot is seen at its new size. The caller keeps the device open and closes it.
 */
public final class BlockDeviceDisk implements Disk {

    private final BlockDevice device;
    private final int sectorSize;

    private BlockDeviceDisk(BlockDevice device, int sectorSize) {
        this.device = device;
        this.sectorSize = sectorSize;
    }

    /** With the device's own logical sector size (BLKSSZGET). */
    public static BlockDeviceDisk of(BlockDevice device) throws IOException {
        return new BlockDeviceDisk(device, Disk.checkSectorSize(device.logicalSectorSize()));
    }

    @Override
    public int sectorSize() {
        return sectorSize;
    }

    @Override
    public long sectors() throws IOException {
        return device.size() / sectorSize;
    }

    @Override
    public byte[] read(long lba, int count) throws IOException {
        Objects.checkFromIndexSize(lba, count, sectors());
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(count, sectorSize));
        SeekableByteChannel channel = device.channel();
        long position = Math.multiplyExact(lba, (long) sectorSize);
        while (buf.hasRemaining()) {
            channel.position(position + buf.position());
            if (channel.read(buf) < 0) {
                throw new EOFException(device.path() + ": end of device at byte " + (position + buf.position()));
            }
        }
        return buf.array();
    }

    @Override
    public void write(long lba, byte[] data) throws IOException {
        if (data.length % sectorSize != 0) {
            throw new IllegalArgumentException("write of " + data.length + " bytes is not whole " + sectorSize + "-byte sectors");
        }
        Objects.checkFromIndexSize(lba, data.length / sectorSize, sectors());
        ByteBuffer buf = ByteBuffer.wrap(data);
        SeekableByteChannel channel = device.channel();
        long position = Math.multiplyExact(lba, (long) sectorSize);
        while (buf.hasRemaining()) {
            channel.position(position + buf.position());
            channel.write(buf);
        }
    }

    @Override
    public void flush() throws IOException {
        device.flush();
    }
}
