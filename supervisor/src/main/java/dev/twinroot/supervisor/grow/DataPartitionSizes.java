package dev.twinroot.supervisor.grow;

import dev.twinroot.platform.MountInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The sizes that decide whether the data partition can have grown since the last start, in bytes, read from
 * sysfs ({@code /sys/dev/block/MAJOR:MINOR/size} of the partition and of the disk that holds it, in 512-byte units
 * whatever the sector size) and from the ext4 superblock through plain file reads: no ioctl, no partition table.
 *
 * @param device the partition's node, as the mount table names it
 */
record DataPartitionSizes(String device, long disk, long partition, long filesystem) {

    static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");
    private static final long SYSFS_UNIT = 512;

    /** Fails when the mounted device is not a partition of a disk sysfs shows, or holds no ext4 superblock. */
    static DataPartitionSizes read(Path sysDevBlock, MountInfo mount) throws IOException {
        Path partition = sysDevBlock.resolve(mount.device().toString());
        if (!Files.isRegularFile(partition.resolve("partition"))) {
            throw new GrowException(mount.source() + " (" + mount.device() + ") is not a partition in " + sysDevBlock);
        }
        // The partition's directory sits in its disk's: /sys/devices/.../block/vda/vda4.
        Path disk = partition.toRealPath().getParent();
        return new DataPartitionSizes(mount.source(), units(disk.resolve("size")), units(partition.resolve("size")),
                superblock(Path.of(mount.source())).bytes());
    }

    private static long units(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
        try {
            return Math.multiplyExact(Long.parseLong(text), SYSFS_UNIT);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new GrowException(file + ": expected a number of 512-byte units, found '" + text + "'");
        }
    }

    private static Ext4Superblock superblock(Path device) throws IOException {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
            return Ext4Superblock.read(channel, device);
        }
    }
}
