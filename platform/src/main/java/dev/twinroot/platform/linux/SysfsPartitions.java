package dev.twinroot.platform.linux;

import dev.twinroot.platform.BlockDevice.Partition;
import dev.twinroot.platform.DeviceNumber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kernel's current partitions of a disk, from {@code /sys/dev/block/MAJOR:MINOR/<child>/}: a child with
 * a {@code partition} file is a partition; its {@code start} and {@code size} are in 512-byte units whatever
 * the disk's sector size, and {@code dev} is its {@code major:minor}.
 */
final class SysfsPartitions {

    private static final long SYSFS_SECTOR = 512;

    private SysfsPartitions() {
    }

    static List<Partition> of(Path sysDevBlock, DeviceNumber disk) throws IOException {
        Path dir = sysDevBlock.resolve(disk.toString());
        List<Partition> partitions = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (Files.isRegularFile(child.resolve("partition"))) {
                    partitions.add(new Partition(
                            Math.toIntExact(number(child.resolve("partition"))),
                            Math.multiplyExact(number(child.resolve("start")), SYSFS_SECTOR),
                            Math.multiplyExact(number(child.resolve("size")), SYSFS_SECTOR),
                            deviceNumber(child.resolve("dev"))));
                }
            }
        }
        partitions.sort(Comparator.comparingInt(Partition::number));
        return partitions;
    }

    private static long number(Path file) throws IOException {
        String text = read(file);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": expected a decimal number", e);
        }
    }

    private static DeviceNumber deviceNumber(Path file) throws IOException {
        String text = read(file);
        int colon = text.indexOf(':');
        try {
            return new DeviceNumber(Integer.parseInt(text.substring(0, Math.max(colon, 0))),
                    Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": expected MAJOR:MINOR", e);
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
    }
}
