package dev.twinroot.platform.fake;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.Errno;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.fake.FakeBlockDevices.PartitionScanner;
import dev.twinroot.platform.fake.FakeBlockDevices.Span;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One fake disk and its partition table as the kernel holds it, with the checks of the kernel's
 * {@code block/ioctl.c} and {@code block/partitions/core.c} (Linux 6.x) in the same order, so the same errno
 * comes back for the same mistake. Every method runs under this disk's lock.
 */
final class FakeDisk {

    /** DISK_MAX_PARTS: partition numbers run from 1 to 255. */
    private static final int MAX_PARTS = 256;

    private final Path path;
    private final Storage storage;
    private final int sectorSize;
    private final DeviceNumber number;
    private final Optional<PartitionScanner> scanner;
    private final TreeMap<Integer, Span> partitions = new TreeMap<>();
    /** Open handles per node: 0 is the whole disk, n is partition n. */
    private final Map<Integer, Integer> openers = new HashMap<>();

    FakeDisk(Path path, Storage storage, int sectorSize, DeviceNumber number, Optional<PartitionScanner> scanner) {
        this.path = path;
        this.storage = storage;
        this.sectorSize = sectorSize;
        this.number = number;
        this.scanner = scanner;
    }

    /** A device node of this disk: 0 for the disk itself, n for partition n. */
    record Node(FakeDisk disk, int partition) {
        DeviceNumber deviceNumber() {
            return new DeviceNumber(disk.number.major(), disk.number.minor() + partition);
        }

        BlockDevice open(boolean writable) throws PlatformException {
            return disk.open(partition, writable);
        }
    }

    synchronized Optional<Node> node(Path device) {
        if (device.equals(path)) {
            return Optional.of(new Node(this, 0));
        }
        for (int n : partitions.keySet()) {
            if (BlockDevices.partitionPath(path, n).equals(device)) {
                return Optional.of(new Node(this, n));
            }
        }
        return Optional.empty();
    }

    private synchronized BlockDevice open(int partition, boolean writable) {
        openers.merge(partition, 1, Integer::sum);
        return new FakeBlockDevice(this, partition, writable);
    }

    synchronized void closed(int partition) {
        openers.merge(partition, -1, Integer::sum);
    }

    Path path(int partition) {
        return partition == 0 ? path : BlockDevices.partitionPath(path, partition);
    }

    int sectorSize() {
        return sectorSize;
    }

    Storage storage() {
        return storage;
    }

    synchronized long start(int partition) {
        return partition == 0 ? 0 : span(partition).start();
    }

    synchronized long length(int partition) {
        return partition == 0 ? storage.size() : span(partition).length();
    }

    private Span span(int partition) {
        Span span = partitions.get(partition);
        if (span == null) {
            // Only reachable if a partition open through a handle was deleted, which the checks below prevent.
            throw new IllegalStateException(path(partition) + " no longer exists");
        }
        return span;
    }

    synchronized List<BlockDevice.Partition> partitions() {
        return partitions.values().stream()
                .map(s -> new BlockDevice.Partition(s.number(), s.start(), s.length(),
                        new Node(this, s.number()).deviceNumber()))
                .toList();
    }

    synchronized void discard(int partition, boolean writable, long offset, long length) throws PlatformException {
        String target = path(partition).toString();
        if (!writable) {
            throw PlatformException.of(Errno.EBADF, "BLKDISCARD", target);
        }
        if (length == 0 || ((offset | length) & (sectorSize - 1)) != 0 || offset < 0 || length < 0
                || offset > length(partition) - length) {
            throw PlatformException.of(Errno.EINVAL, "BLKDISCARD", target);
        }
        try {
            storage.zero(start(partition) + offset, length);
        } catch (IOException e) {
            throw PlatformException.of(Errno.EIO, "BLKDISCARD", target);
        }
    }

    synchronized void reread(int partition) throws IOException {
        String target = path(partition).toString();
        if (partition != 0) {
            throw PlatformException.of(Errno.EINVAL, "BLKRRPART", target);
        }
        PartitionScanner scan = scanner.orElseThrow(() -> new IllegalStateException(
                "BLKRRPART on a FakeBlockDevices built without a PartitionScanner"));
        if (partitionsOpen()) {
            throw PlatformException.of(Errno.EBUSY, "BLKRRPART", target);
        }
        List<Span> found;
        try (SeekableByteChannel whole = new RangeChannel(storage, 0, storage::size, false)) {
            found = scan.scan(whole, storage.size(), sectorSize);
        }
        partitions.clear();
        for (Span s : found) {
            partitions.put(s.number(), s);
        }
    }

    synchronized void add(int partition, int pno, long start, long length) throws PlatformException {
        String operation = "BLKPG add partition " + pno;
        checkBlkpg(partition, operation, pno, start, length);
        if (overlaps(start, length, -1)) {
            throw PlatformException.of(Errno.EBUSY, operation, path.toString());
        }
        if (pno >= MAX_PARTS) {
            throw PlatformException.of(Errno.EINVAL, operation, path.toString());
        }
        if (partitions.containsKey(pno)) {
            throw PlatformException.of(Errno.EBUSY, operation, path.toString());
        }
        partitions.put(pno, new Span(pno, start, length));
    }

    synchronized void resize(int partition, int pno, long start, long length) throws PlatformException {
        String operation = "BLKPG resize partition " + pno;
        checkBlkpg(partition, operation, pno, start, length);
        Span existing = partitions.get(pno);
        if (existing == null) {
            throw PlatformException.of(Errno.ENXIO, operation, path.toString());
        }
        if (existing.start() != start) {
            throw PlatformException.of(Errno.EINVAL, operation, path.toString());
        }
        if (overlaps(start, length, pno)) {
            throw PlatformException.of(Errno.EBUSY, operation, path.toString());
        }
        partitions.put(pno, new Span(pno, start, length));
    }

    synchronized void delete(int partition, int pno) throws PlatformException {
        String operation = "BLKPG delete partition " + pno;
        if (partition != 0 || pno <= 0) {
            throw PlatformException.of(Errno.EINVAL, operation, path(partition).toString());
        }
        if (!partitions.containsKey(pno)) {
            throw PlatformException.of(Errno.ENXIO, operation, path.toString());
        }
        if (openers.getOrDefault(pno, 0) > 0) {
            throw PlatformException.of(Errno.EBUSY, operation, path.toString());
        }
        partitions.remove(pno);
    }

    private void checkBlkpg(int partition, String operation, int pno, long start, long length)
            throws PlatformException {
        if (partition != 0 || pno <= 0 || start < 0 || length <= 0 || Long.MAX_VALUE - length < start
                || ((start | length) & (sectorSize - 1)) != 0) {
            throw PlatformException.of(Errno.EINVAL, operation, path(partition).toString());
        }
    }

    private boolean overlaps(long start, long length, int skip) {
        for (Span s : partitions.values()) {
            if (s.number() != skip && start < s.start() + s.length() && start + length > s.start()) {
                return true;
            }
        }
        return false;
    }

    private boolean partitionsOpen() {
        return openers.entrySet().stream().anyMatch(e -> e.getKey() != 0 && e.getValue() > 0);
    }
}
