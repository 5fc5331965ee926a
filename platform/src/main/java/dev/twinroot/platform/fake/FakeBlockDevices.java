package dev.twinroot.platform.fake;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.Errno;
import dev.twinroot.platform.PlatformException;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fake disks and their partitions, named by device paths ({@code /dev/fake0}, then {@code /dev/fake0p1}...).
 * Partitions appear through BLKPG, or through BLKRRPART when a {@link PartitionScanner} was given: the
 * platform module knows no partition table format, so tests that want BLKRRPART pass the partitioner's.
 */
public final class FakeBlockDevices implements BlockDevices {

    /** Block major 240 is reserved for local use, so no fake number can look like a real disk's. */
    static final int MAJOR = 240;
    static final int MINORS_PER_DISK = 256;

    /** A partition as a table describes it: number from 1, start and length in bytes. */
    public record Span(int number, long start, long length) {
    }

    /** Reads the partition table on a disk, as the kernel does for BLKRRPART. */
    @FunctionalInterface
    public interface PartitionScanner {
        List<Span> scan(SeekableByteChannel disk, long size, int sectorSize) throws IOException;
    }

    private final Optional<PartitionScanner> scanner;
    private final Map<Path, FakeDisk> disks = new LinkedHashMap<>();

    /** Without a scanner: BLKRRPART is a test-setup error (IllegalStateException). */
    public FakeBlockDevices() {
        this.scanner = Optional.empty();
    }

    public FakeBlockDevices(PartitionScanner scanner) {
        this.scanner = Optional.of(scanner);
    }

    /** A disk of {@code size} zero bytes in memory (at most 2 GiB). */
    public synchronized void addDisk(Path path, long size, int sectorSize) {
        add(path, new Storage.InMemory(size), sectorSize);
    }

    /** A disk whose bytes are those of {@code backingFile}, at its current size, like a loop device. */
    public synchronized void addDisk(Path path, Path backingFile, int sectorSize) throws IOException {
        add(path, new Storage.InFile(backingFile), sectorSize);
    }

    /** Whether {@code path} names a fake disk or one of its current partitions. */
    public synchronized boolean contains(Path path) {
        return find(path).isPresent();
    }

    private void add(Path path, Storage storage, int sectorSize) {
        if (sectorSize < 512 || Integer.bitCount(sectorSize) != 1) {
            throw new IllegalArgumentException("sector size must be a power of two from 512, found " + sectorSize);
        }
        if (storage.size() % sectorSize != 0) {
            throw new IllegalArgumentException("disk size " + storage.size() + " is not a multiple of " + sectorSize);
        }
        if (contains(path)) {
            throw new IllegalArgumentException("a fake block device already exists at " + path);
        }
        DeviceNumber number = new DeviceNumber(MAJOR, disks.size() * MINORS_PER_DISK);
        disks.put(path, new FakeDisk(path, storage, sectorSize, number, scanner));
    }

    @Override
    public synchronized BlockDevice open(Path device, BlockDevice.Access access) throws PlatformException {
        FakeDisk.Node node = find(device).orElseThrow(() -> PlatformException.of(Errno.ENOENT, "open", device.toString()));
        return node.open(access == BlockDevice.Access.READ_WRITE);
    }

    @Override
    public synchronized DeviceNumber deviceNumber(Path device) throws PlatformException {
        return find(device).orElseThrow(() -> PlatformException.of(Errno.ENOENT, "device number", device.toString()))
                .deviceNumber();
    }

    private Optional<FakeDisk.Node> find(Path path) {
        for (FakeDisk disk : disks.values()) {
            Optional<FakeDisk.Node> node = disk.node(path);
            if (node.isPresent()) {
                return node;
            }
        }
        return Optional.empty();
    }
}
