package dev.twinroot.platform.fake;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.PlatformException;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;

/** An open node of a {@link FakeDisk}; every kernel rule lives in the disk, this is the descriptor. */
final class FakeBlockDevice implements BlockDevice {

    private final FakeDisk disk;
    private final int partition;
    private final boolean writable;
    private final RangeChannel channel;
    private boolean open = true;

    FakeBlockDevice(FakeDisk disk, int partition, boolean writable) {
        this.disk = disk;
        this.partition = partition;
        this.writable = writable;
        this.channel = new RangeChannel(disk.storage(), disk.start(partition), () -> disk.length(partition), writable);
    }

    @Override
    public Path path() {
        return disk.path(partition);
    }

    @Override
    public long size() {
        check("BLKGETSIZE64");
        return disk.length(partition);
    }

    @Override
    public int logicalSectorSize() {
        check("BLKSSZGET");
        return disk.sectorSize();
    }

    @Override
    public SeekableByteChannel channel() {
        return channel;
    }

    @Override
    public void flush() throws IOException {
        check("fsync");
        disk.storage().force();
    }

    @Override
    public void discard(long offset, long length) throws PlatformException {
        check("BLKDISCARD");
        disk.discard(partition, writable, offset, length);
    }

    @Override
    public void rereadPartitionTable() throws IOException {
        check("BLKRRPART");
        disk.reread(partition);
    }

    @Override
    public void addPartition(int number, long start, long length) throws PlatformException {
        check("BLKPG");
        disk.add(partition, number, start, length);
    }

    @Override
    public void resizePartition(int number, long start, long length) throws PlatformException {
        check("BLKPG");
        disk.resize(partition, number, start, length);
    }

    @Override
    public void deletePartition(int number) throws PlatformException {
        check("BLKPG");
        disk.delete(partition, number);
    }

    @Override
    public List<Partition> partitions() {
        check("partitions");
        return partition == 0 ? disk.partitions() : List.of();
    }

    @Override
    public synchronized void close() {
        if (open) {
            open = false;
            channel.close();
            disk.closed(partition);
        }
    }

    private synchronized void check(String operation) {
        if (!open) {
            throw new IllegalStateException(operation + " on " + path() + " after it was closed");
        }
    }
}
