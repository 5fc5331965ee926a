package dev.twinroot.platform.linux;

import com.sun.jna.Pointer;
import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.PlatformException;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;

final class LinuxBlockDevice implements BlockDevice {

    private final Path path;
    private final Fd fd;
    private final FileChannel channel;
    private final Ioctls ioctls;
    private final DeviceNumber deviceNumber;
    private final Path sysDevBlock;

    LinuxBlockDevice(Path path, Fd fd, FileChannel channel, Ioctls ioctls, DeviceNumber deviceNumber,
                     Path sysDevBlock) {
        this.path = path;
        this.fd = fd;
        this.channel = channel;
        this.ioctls = ioctls;
        this.deviceNumber = deviceNumber;
        this.sysDevBlock = sysDevBlock;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long size() throws PlatformException {
        long[] size = new long[1];
        fd.call("BLKGETSIZE64", n -> LibC.ioctl(n, ioctls.blkGetSize64(), size));
        return size[0];
    }

    @Override
    public int logicalSectorSize() throws PlatformException {
        int[] size = new int[1];
        fd.call("BLKSSZGET", n -> LibC.ioctl(n, ioctls.blkSszGet(), size));
        return size[0];
    }

    @Override
    public SeekableByteChannel channel() {
        return channel;
    }

    @Override
    public void flush() throws PlatformException {
        fd.call("fsync", LibC::fsync);
    }

    @Override
    public void discard(long offset, long length) throws PlatformException {
        long[] range = {offset, length};
        fd.call("BLKDISCARD", n -> LibC.ioctl(n, ioctls.blkDiscard(), range));
    }

    @Override
    public void rereadPartitionTable() throws PlatformException {
        fd.call("BLKRRPART", n -> LibC.ioctl(n, ioctls.blkRrPart(), (Pointer) null));
    }

    @Override
    public void addPartition(int number, long start, long length) throws PlatformException {
        blkpg(Blkpg.ADD_PARTITION, number, start, length);
    }

    @Override
    public void resizePartition(int number, long start, long length) throws PlatformException {
        blkpg(Blkpg.RESIZE_PARTITION, number, start, length);
    }

    @Override
    public void deletePartition(int number) throws PlatformException {
        blkpg(Blkpg.DEL_PARTITION, number, 0, 0);
    }

    private void blkpg(int op, int number, long start, long length) throws PlatformException {
        Blkpg arg = new Blkpg(op, number, start, length);
        try {
            fd.call(Blkpg.describe(op) + " " + number, n -> LibC.ioctl(n, ioctls.blkPg(), arg.arg()));
        } finally {
            // The kernel follows arg's pointer to the partition structure, which only arg keeps alive.
            Reference.reachabilityFence(arg);
        }
    }

    @Override
    public List<Partition> partitions() throws IOException {
        return SysfsPartitions.of(sysDevBlock, deviceNumber);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            fd.close();
        }
    }
}
