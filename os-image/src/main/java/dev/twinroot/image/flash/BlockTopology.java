package dev.twinroot.image.flash;

import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.MountInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How block devices stack, read from sysfs ({@code /sys/dev/block/MAJ:MIN}): a partition's disk, a disk's
 * partitions, and the devices under a device-mapper or md device ({@code slaves/}). It is what lets the flasher
 * see that {@code /} on {@code /dev/mapper/vg-root} lives on {@code /dev/sda3}, so {@code /dev/sda} is off limits.
 */
final class BlockTopology {

    /** Stacking deeper than this is a loop in sysfs, not a real device stack. */
    private static final int MAX_DEVICES = 256;

    private final Path sysDevBlock;
    private final BlockDevices blockDevices;

    BlockTopology(Path sysDevBlock, BlockDevices blockDevices) {
        this.sysDevBlock = sysDevBlock;
        this.blockDevices = blockDevices;
    }

    /** What writing to {@code device} overwrites: the device and, for a whole disk, each of its partitions. */
    Set<DeviceNumber> covered(DeviceNumber device) throws IOException {
        Set<DeviceNumber> out = new LinkedHashSet<>();
        out.add(device);
        Path dir = sysDevBlock.resolve(device.toString());
        if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    if (Files.isRegularFile(child.resolve("partition"))) {
                        readDeviceNumber(child.resolve("dev")).ifPresent(out::add);
                    }
                }
            }
        }
        return out;
    }

    /** The whole disk a partition belongs to; the device itself if it is not a partition. */
    DeviceNumber disk(DeviceNumber device) throws IOException {
        Path dir = sysDevBlock.resolve(device.toString());
        if (Files.isRegularFile(dir.resolve("partition"))) {
            return readDeviceNumber(dir.toRealPath().getParent().resolve("dev")).orElse(device);
        }
        return device;
    }

    /** The device and everything it is built on, through {@code slaves/} (dm, md), transitively. */
    Set<DeviceNumber> underlying(DeviceNumber device) throws IOException {
        Set<DeviceNumber> seen = new LinkedHashSet<>();
        Deque<DeviceNumber> todo = new ArrayDeque<>();
        todo.add(device);
        while (!todo.isEmpty() && seen.size() < MAX_DEVICES) {
            DeviceNumber d = todo.poll();
            if (!seen.add(d)) {
                continue;
            }
            Path slaves = sysDevBlock.resolve(d.toString()).resolve("slaves");
            if (Files.isDirectory(slaves)) {
                try (Stream<Path> list = Files.list(slaves)) {
                    for (Path s : (Iterable<Path>) list::iterator) {
                        readDeviceNumber(s.resolve("dev")).ifPresent(todo::add);
                    }
                }
            }
        }
        return seen;
    }

    /**
     * The block devices a mount reads from. Most filesystems report their device in mountinfo; btrfs and
     * overlay report an anonymous {@code 0:N}, so then the source, if it names a device node, is asked.
     */
    Set<DeviceNumber> devicesOf(MountInfo mount) throws IOException {
        if (mount.device().major() != 0) {
            return underlying(mount.device());
        }
        return nodeNumber(mount.source()).map(this::underlyingOrSelf).orElse(Set.of());
    }

    /** The device number of a path that names a block device node; empty for anything else. */
    Optional<DeviceNumber> nodeNumber(String path) {
        if (!path.startsWith("/dev/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(blockDevices.deviceNumber(Path.of(path)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Set<DeviceNumber> underlyingOrSelf(DeviceNumber device) {
        try {
            return underlying(device);
        } catch (IOException e) {
            return Set.of(device);
        }
    }

    private static Optional<DeviceNumber> readDeviceNumber(Path devFile) throws IOException {
        if (!Files.isRegularFile(devFile)) {
            return Optional.empty();
        }
        String text = new String(Files.readAllBytes(devFile), StandardCharsets.US_ASCII).strip();
        int colon = text.indexOf(':');
        try {
            return Optional.of(new DeviceNumber(Integer.parseInt(text.substring(0, Math.max(colon, 0))),
                    Integer.parseInt(text.substring(colon + 1))));
        } catch (NumberFormatException e) {
            throw new IOException(devFile + ": expected MAJOR:MINOR, found '" + text + "'", e);
        }
    }
}
