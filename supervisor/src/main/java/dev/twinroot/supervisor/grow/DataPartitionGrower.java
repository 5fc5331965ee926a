package dev.twinroot.supervisor.grow;

import dev.twinroot.partitioner.BlockDeviceDisk;
import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.partitioner.TableKind;
import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Logger;

/**
 * Makes the data partition fill its disk, on every start of the daemon, in three steps that each look at what
 * is there first, so a power cut anywhere is finished by the next boot:
 * <ol>
 * <li>the partition table: the data partition (which must end last) is grown to the end of the disk, the GPT
 * backup moved there first ({@link Partitioner#grow}, every write flushed in an order that survives a cut); a
 * GPT left damaged by an earlier cut is repaired from its intact copy;</li>
 * <li>the kernel: BLKPG_RESIZE_PARTITION gives the mounted partition its new length (BLKRRPART cannot: the
 * disk is in use);</li>
 * <li>the filesystem: EXT4_IOC_RESIZE_FS grows the mounted ext4 online (the kernel journals it), so the image
 * needs no resize2fs.</li>
 * </ol>
 */
public final class DataPartitionGrower implements DataGrower {

    private static final Logger LOG = Logger.getLogger(DataPartitionGrower.class.getName());

    private final Platform platform;
    private final Partitioner partitioner;
    private final Path mountPoint;
    private final InstantSource clock;

    public DataPartitionGrower(Platform platform, Partitioner partitioner, Path mountPoint, InstantSource clock) {
        this.platform = platform;
        this.partitioner = partitioner;
        this.mountPoint = mountPoint;
        this.clock = clock;
    }

    @Override
    public DataGrowth grow() {
        Optional<String> where = Optional.empty();
        try {
            MountInfo mount = dataMount();
            where = Optional.of(mount.source());
            DataPartition data = DataPartition.locate(platform.blockDevices(), Path.of(mount.source()), mount.device());
            Sizes sizes = growPartition(data);
            return growFilesystem(data, sizes);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof IOException ? e.getMessage() : e.toString();
            return DataGrowth.failed(clock.instant(), where, why);
        }
    }

    private MountInfo dataMount() throws IOException {
        MountInfo mount = platform.mounts().table().at(mountPoint)
                .orElseThrow(() -> new GrowException(mountPoint + " is not a mount point: no data partition to grow"));
        if (!mount.fsType().equals("ext4")) {
            throw new GrowException(mountPoint + " holds " + mount.fsType() + " (" + mount.source() + "): only ext4 grows");
        }
        if (mount.readOnly()) {
            throw new GrowException(mountPoint + " is mounted read-only (" + mount.source() + ")");
        }
        return mount;
    }

    /** The disk's size and the partition's, in bytes, as table and kernel agree after steps 1 and 2. */
    private record Sizes(long disk, long partition) {
    }

    /** Steps 1 and 2. */
    private Sizes growPartition(DataPartition data) throws IOException {
        try (BlockDevice device = platform.blockDevices().open(data.disk(), BlockDevice.Access.READ_WRITE)) {
            BlockDeviceDisk disk = BlockDeviceDisk.of(device);
            Partitioner.Growth growth = partitioner.growth(disk, OptionalInt.of(data.number()));
            if (growth.sectorsAfter() > growth.sectorsBefore()) {
                partitioner.grow(disk, OptionalInt.of(data.number()));
                LOG.info(() -> "data partition " + data.number() + " of " + data.disk() + " grown in the partition table from "
                        + growth.sectorsBefore() + " to " + growth.sectorsAfter() + " sectors");
            } else if (partitioner.detect(disk) == TableKind.GPT && !partitioner.verify(disk).isEmpty()) {
                for (String action : partitioner.repair(disk)) {
                    LOG.warning(() -> "partition table of " + data.disk() + " repaired: " + action);
                }
            }
            DiskLabel.Partition entry = partitioner.read(disk).partitions().stream()
                    .filter(p -> p.number() == data.number()).findFirst()
                    .orElseThrow(() -> new GrowException("the table of " + data.disk() + " has no partition " + data.number()));
            long start = Math.multiplyExact(entry.start(), (long) disk.sectorSize());
            long length = Math.multiplyExact(entry.size(), (long) disk.sectorSize());
            if (start != data.start()) {
                throw new GrowException("partition " + data.number() + " of " + data.disk() + ": the kernel has it at byte "
                        + data.start() + ", the table at byte " + start + ": not touching a partition that moved");
            }
            if (length < data.length()) {
                throw new GrowException("partition " + data.number() + " of " + data.disk() + ": the kernel has "
                        + data.length() + " bytes, the table only " + length);
            }
            if (length > data.length()) {
                device.resizePartition(data.number(), start, length);
                LOG.info(() -> "kernel told the new size of " + data.partition() + ": " + data.length() + " -> " + length + " bytes");
            }
            return new Sizes(device.size(), length);
        }
    }

    /** Step 3. */
    private DataGrowth growFilesystem(DataPartition data, Sizes sizes) throws IOException {
        long length = sizes.partition();
        Ext4Superblock before = superblock(data.partition());
        long blocks = length / before.blockSize();
        if (blocks > before.blocks()) {
            platform.filesystems().growExt4(mountPoint, blocks);
        }
        Ext4Superblock after = superblock(data.partition());
        String partition = data.partition().toString();
        if (after.blocks() == before.blocks()) {
            return new DataGrowth(DataGrowth.FULL_SIZE, clock.instant(), Optional.of(partition), Optional.of(before.bytes()),
                    Optional.of(after.bytes()), "the filesystem fills its " + length + "-byte partition",
                    Optional.of(sizes.disk()), Optional.of(length));
        }
        return new DataGrowth(DataGrowth.GROWN, clock.instant(), Optional.of(partition), Optional.of(before.bytes()),
                Optional.of(after.bytes()), "ext4 grown online from " + before.blocks() + " to " + after.blocks()
                + " blocks of " + before.blockSize() + " bytes in a " + length + "-byte partition",
                Optional.of(sizes.disk()), Optional.of(length));
    }

    private Ext4Superblock superblock(Path partition) throws IOException {
        try (BlockDevice device = platform.blockDevices().open(partition, BlockDevice.Access.READ_ONLY)) {
            return Ext4Superblock.read(device.channel(), partition);
        }
    }
}
